import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_LINES, parseCodes } from './reward-codes.service.js';

describe('reading a code upload', () => {
  it('reads one code per line, with problems by line number', () => {
    const parsed = parseCodes(
      'A1\r\n\r\n  B2  \nA1\n\u0007bad\n' + 'x'.repeat(201) + '\n',
      'lines',
    );
    expect(parsed.codes).toEqual([
      { line: 1, code: 'A1' },
      { line: 3, code: 'B2' },
    ]);
    expect(parsed.problems.map((p) => [p.line, p.problem, p.firstLine])).toEqual([
      [2, 'blank', undefined],
      [4, 'duplicate', 1],
      [5, 'invalid', undefined],
      [6, 'invalid', undefined],
    ]);
    expect(parsed.header).toBe(false);
  });

  it('takes the first CSV column, quoted or not, and skips a header', () => {
    const parsed = parseCodes('Code,batch\n"Q,""1""",b\nplain,b\n,b', 'csv');
    expect(parsed.header).toBe(true);
    expect(parsed.codes).toEqual([
      { line: 2, code: 'Q,"1"' },
      { line: 3, code: 'plain' },
    ]);
    expect(parsed.problems).toEqual([expect.objectContaining({ line: 4, problem: 'blank' })]);
  });

  it('treats a header-like first line of a plain list as a code', () => {
    expect(parseCodes('code\nX', 'lines').codes.map((c) => c.code)).toEqual(['code', 'X']);
  });

  it('refuses an upload longer than the limit', () => {
    const text = Array.from({ length: MAX_UPLOAD_LINES + 1 }, (_, i) => `C${i}`).join('\n');
    expect(() => parseCodes(text, 'lines')).toThrow(/at most/);
  });
});
