import { describe, expect, it } from 'vitest';
import { clauseHeadings } from './contracts';

describe('the clauses a contract text holds', () => {
  it('lists each tagged heading once, in order, without its tag', () => {
    const body = [
      '# Ambassador agreement {#CON-99}',
      'Intro text that mentions {#CON-05} inline.',
      '## Disclosure {#CON-01}',
      'Say "Ad" first.',
      '### Pay and taxes   {#CON-04}  ',
      '## Disclosure again {#CON-01}',
      '#### Records {#CON-10}',
    ].join('\n');
    expect(clauseHeadings(body)).toEqual([
      { clause: 'CON-01', title: 'Disclosure' },
      { clause: 'CON-04', title: 'Pay and taxes' },
      { clause: 'CON-10', title: 'Records' },
    ]);
  });

  it('finds nothing in a text without tagged headings', () => {
    expect(clauseHeadings('# Agreement\n\nNo clauses here.')).toEqual([]);
  });
});
