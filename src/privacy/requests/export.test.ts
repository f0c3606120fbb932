import { describe, expect, it } from 'vitest';
import { toCsv } from './export.js';

describe('export CSV', () => {
  it('writes a header of every column, quotes where needed and keeps nested values as JSON', () => {
    const csv = toCsv([
      { id: 1, body: 'Hello, "friend"\nbye', tags: ['a', 'b'] },
      { id: 2, extra: null },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'id,body,tags,extra',
      '1,"Hello, ""friend""\nbye","[""a"",""b""]",',
      '2,,,',
      '',
    ]);
  });

  it('never lets a spreadsheet read a cell as a formula, but keeps negative numbers', () => {
    const csv = toCsv([
      { text: '=HYPERLINK("x")' },
      { text: '+1' },
      { text: '@SUM(A1)' },
      { text: '-5' },
      { text: '-cmd' },
      { text: -7 },
    ]);
    expect(csv.split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""x"")"`,
      `'+1`,
      `'@SUM(A1)`,
      '-5',
      `'-cmd`,
      '-7',
    ]);
  });
});
