import { describe, expect, it } from 'vitest';
import { csvLine } from './csv.js';

describe('csvLine', () => {
  it('neutralises text a spreadsheet would run, but keeps negative numbers numbers', () => {
    expect(csvLine(['=SUM(A1)', '-1+2', '@cmd', -0.25, 3n, 'plain'])).toBe(
      "'=SUM(A1),'-1+2,'@cmd,-0.25,3,plain\r\n",
    );
  });

  it('quotes commas, quotes and line breaks, and leaves null cells empty', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', null, undefined])).toBe(
      '"a,b","say ""hi""","two\nlines",,\r\n',
    );
  });
});
