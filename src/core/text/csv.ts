/** CSV cells Guild writes (reports, exports), safe to open in a spreadsheet. */

const FORMULA_START = /^[=+\-@\t\r]/;

/** Makes a cell safe to open in a spreadsheet: formula-like text gets a leading apostrophe. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV cell: neutralised, then quoted when it holds a comma, quote or line break. */
export function csvCell(value: string): string {
  const safe = neutraliseCell(value);

  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line (with its CRLF) from values; null and undefined become empty cells. */
export function csvLine(values: readonly unknown[]): string {
  const cells = values.map((value) => {
    if (value === null || value === undefined) {
      return '';
    }
    if (value instanceof Date) {
      return value.toISOString();
    }
    if (typeof value === 'string') {
      return csvCell(value);
    }
    if (typeof value === 'number' || typeof value === 'bigint') {
      // a number is never a formula: -0.25 stays a number a spreadsheet can add up
      return String(value);
    }
    return csvCell(typeof value === 'boolean' ? String(value) : JSON.stringify(value));
  });
  return `${cells.join(',')}\r\n`;
}
