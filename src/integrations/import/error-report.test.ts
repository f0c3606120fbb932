import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorReport, csvCell, neutraliseCell } from './error-report.js';
import { onlineRetailPreset } from './presets.js';
import { mapRecord } from './mapping.js';
import { readAll, streamOf } from './test-support.js';

describe('the error report', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(
      ['=1+2', '+44 20', '-12', '@SUM(A1)', '\tx', '\rx', 'plain', ''].map(neutraliseCell),
    ).toEqual(["'=1+2", "'+44 20", "'-12", "'@SUM(A1)", "'\tx", "'\rx", 'plain', '']);
    expect(csvCell('=HYPERLINK("http://x.example","y")')).toBe(
      `"'=HYPERLINK(""http://x.example"",""y"")"`,
    );
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('writes line, column, value and reason for malformed rows and bad values', async () => {
    const text =
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
      '536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n' +
      '536366,22633,"HAND WARMER\n' +
      '536367,84879,BIRD,=cmd|x,2010-12-01 08:34:00,abc,13047,United Kingdom\n' +
      '536368,22960,JAR,6,2010-12-01 08:34:00,4.25,13047\n';
    const dir = await mkdtemp(join(tmpdir(), 'guild-report-'));
    const path = join(dir, 'errors.csv');
    const report = ErrorReport.toFile(path, { maxExamples: 2 });
    const preset = onlineRetailPreset();

    for (const item of (await readAll(streamOf(text))).items) {
      if (item.kind === 'malformed') {
        await report.addMalformed(item);
        continue;
      }
      const mapped = mapRecord(preset, item);
      if (!mapped.ok) {
        await report.addAll(mapped.errors);
      }
    }
    const summary = await report.close();

    expect(await readFile(path, 'utf8')).toBe(
      'line,column,value,reason\n' +
        '3,Description,"536366,22633,""HAND WARMER",a quoted field is never closed\n' +
        `4,Quantity,'=cmd|x,"not a number in en-GB format (decimal mark ""."")"\n` +
        `4,UnitPrice,abc,"not a number in en-GB format (decimal mark ""."")"\n` +
        '5,Country,"536368,22960,JAR,6,2010-12-01 08:34:00,4.25,13047",' +
        '"expected 8 fields, found 7"\n',
    );
    expect(summary).toEqual({
      rows: 3,
      errors: 4,
      byReason: [
        { reason: 'not a number in en-GB format (decimal mark ".")', count: 2 },
        { reason: 'a quoted field is never closed', count: 1 },
        { reason: 'expected 8 fields, found 7', count: 1 },
      ],
      examples: [
        expect.objectContaining({ line: 3, column: 'Description' }),
        expect.objectContaining({ line: 4, column: 'Quantity', value: '=cmd|x' }),
      ],
      reportPath: path,
    });
  });

  it('keeps only a summary in a dry run', async () => {
    const report = new ErrorReport(null);

    await report.add({ line: 7, column: 'email', value: 'nora@', reason: 'not an email address' });

    expect(await report.close()).toMatchObject({ rows: 1, errors: 1, reportPath: null });
  });

  it('cuts long values in the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guild-report-'));
    const path = join(dir, 'errors.csv');
    const report = ErrorReport.toFile(path, { maxValueChars: 5 });

    await report.add({ line: 7, column: 'note', value: 'x'.repeat(50), reason: 'too long' });
    await report.close();

    expect(await readFile(path, 'utf8')).toBe('line,column,value,reason\n7,note,xxxxx…,too long\n');
  });
});
