/**
 * NDJSON support for Guild's import reader: splits text into physical lines and turns each
 * line's JSON object into flat string fields, the same shape a CSV row has.
 *
 * Every value stays a string. Numbers are read from their source text, not through a double,
 * so `570306133677760513` and `2.50` arrive exactly as written. Nested objects become dotted
 * names (`customer.email`), arrays their JSON text (with numbers as strings), `null` an empty
 * string.
 */

/** One non-blank physical line of NDJSON text (only its start when `tooLong`). */
export interface JsonLine {
  line: number;
  text: string;
  tooLong: boolean;
}

/** The outcome of reading one NDJSON line. */
export type JsonLineResult =
  { ok: true; fields: Record<string, string> } | { ok: false; reason: string };

const NUMBER_TOKEN = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Splits NDJSON text into lines, counting blank lines so line numbers stay physical. */
export class JsonLineSplitter {
  private pending = '';
  private line = 1;
  private discarding = false;

  constructor(private readonly maxLineChars: number) {}

  /** Adds a chunk of text and returns the non-blank lines it completed. */
  push(text: string): JsonLine[] {
    const lines: JsonLine[] = [];
    const combined = this.discarding ? this.skipDiscarded(text) : this.pending + text;
    let start = 0;

    for (;;) {
      const end = combined.indexOf('\n', start);
      if (end === -1) {
        break;
      }
      this.emit(combined.slice(start, end), lines);
      start = end + 1;
    }

    this.pending = combined.slice(start);
    this.cutOverlongLine(lines);

    return lines;
  }

  /** Returns the last line, if the text did not end with a line break. */
  finish(): JsonLine[] {
    const lines: JsonLine[] = [];

    if (this.pending.length > 0) {
      this.emit(this.pending, lines);
      this.pending = '';
    }

    return lines;
  }

  private emit(raw: string, lines: JsonLine[]): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;

    if (text.trim().length > 0) {
      lines.push({ line: this.line, text, tooLong: false });
    }

    this.line += 1;
  }

  private cutOverlongLine(lines: JsonLine[]): void {
    if (this.pending.length <= this.maxLineChars) {
      return;
    }

    lines.push({ line: this.line, text: this.pending.slice(0, 200), tooLong: true });
    this.pending = '';
    this.discarding = true;
  }

  /** Drops text up to the end of an over-long line; returns what follows it. */
  private skipDiscarded(text: string): string {
    const end = text.indexOf('\n');
    if (end === -1) {
      return '';
    }

    this.discarding = false;
    this.line += 1;

    return text.slice(end + 1);
  }
}

/** Parses one NDJSON line into flat string fields. */
export function parseJsonLine(text: string): JsonLineResult {
  const quoted = quoteNumbers(text);
  if (typeof quoted !== 'string') {
    return quoted;
  }

  let value: unknown;
  try {
    value = JSON.parse(quoted);
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }

  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'each line must hold one JSON object' };
  }

  const fields: Record<string, string> = {};
  const problem = flatten(value as Record<string, unknown>, '', fields);

  return problem === null ? { ok: true, fields } : { ok: false, reason: problem };
}

/** Wraps every bare number outside strings in quotes, so JSON.parse keeps its exact text. */
function quoteNumbers(text: string): string | { ok: false; reason: string } {
  let output = '';
  let copied = 0;
  let index = 0;

  while (index < text.length) {
    const char = text[index];

    if (char === '"') {
      index = skipString(text, index);
      continue;
    }
    if (char !== '-' && (char === undefined || char < '0' || char > '9')) {
      index += 1;
      continue;
    }

    const end = numberEnd(text, index);
    const token = text.slice(index, end);
    if (!NUMBER_TOKEN.test(token)) {
      return { ok: false, reason: `not valid JSON (bad number ${token.slice(0, 40)})` };
    }
    output += `${text.slice(copied, index)}"${token}"`;
    copied = end;
    index = end;
  }

  return copied === 0 ? text : output + text.slice(copied);
}

function skipString(text: string, open: number): number {
  let index = open + 1;

  while (index < text.length) {
    const char = text[index];
    if (char === '\\') {
      index += 2;
      continue;
    }
    if (char === '"') {
      return index + 1;
    }
    index += 1;
  }

  return index;
}

function numberEnd(text: string, start: number): number {
  let index = start + 1;

  while (index < text.length && /[0-9eE.+-]/.test(text[index] ?? '')) {
    index += 1;
  }

  return index;
}

function flatten(
  object: Record<string, unknown>,
  prefix: string,
  fields: Record<string, string>,
): string | null {
  for (const [key, value] of Object.entries(object)) {
    const name = prefix + key;
    if (name === '__proto__') {
      return 'the field name __proto__ is not allowed';
    }

    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const problem = flatten(value as Record<string, unknown>, `${name}.`, fields);
      if (problem !== null) {
        return problem;
      }
      continue;
    }

    fields[name] = stringify(value);
  }

  return null;
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }

  return JSON.stringify(value);
}
