/**
 * A streaming CSV tokenizer for Guild's importers. It takes decoded text in chunks of any size
 * and hands back complete records, each with the physical line it starts on.
 *
 * Rules: fields are separated by one delimiter character; records end at CRLF, LF or a lone
 * CR; a field that starts with `"` is quoted, may contain delimiters and line breaks, and writes
 * a quote as `""`; a quote inside an unquoted field is kept as an ordinary character. Blank lines
 * are skipped but still counted.
 *
 * Recovery: a quoted field that is never closed, or a record longer than `maxRecordChars`,
 * becomes a fault on the line where the record started, and reading resumes on the next
 * physical line. So does a record that spans several lines and then turns out malformed (text
 * after a closing quote, or not the header's number of fields): a stray opening quote usually
 * pairs with the next quote in the file, many lines later, and resuming on the next line saves
 * the rows in between. The first record (the header) sets the expected number of fields.
 *
 * Only the text of the record in progress is ever held, so memory stays bounded
 * by `maxRecordChars` plus one chunk.
 */

/** A complete record, with the 1-based physical line where it starts. */
export interface CsvRow {
  kind: 'row';
  line: number;
  fields: string[];
}

/** A record that could not be read as CSV. */
export interface CsvFault {
  kind: 'fault';
  line: number;
  /** 0-based index of the field where the problem was found. */
  fieldIndex: number;
  reason: string;
  /** The start of the record's text, for the error report. */
  text: string;
}

/** What the tokenizer hands back. */
export type CsvItem = CsvRow | CsvFault;

/** A record being read field by field. */
interface RecordState {
  fields: string[];
  /** Line breaks inside quoted fields so far. */
  breaks: number;
  /** Index of the first quoted field that spans lines, or -1. */
  firstMultiline: number;
  fault: { fieldIndex: number; reason: string } | null;
}

interface QuotedField {
  value: string;
  end: number;
  breaks: number;
}

const NEED_MORE = -1;
const SKIPPED = -2;
const UNTERMINATED = -3;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const EXCERPT_CHARS = 200;

/** Splits CSV text into records; feed it with `push` and close it with `finish`. */
export class CsvTokenizer {
  private buffer = '';
  private position = 0;
  private line = 1;
  private nextQuote = -2;
  private nextCr = -2;
  private discarding = false;
  private expectedFields: number | null = null;
  private readonly delimiterCode: number;

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordChars: number,
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  /** Adds a chunk of text and returns the records it completed. */
  push(text: string): CsvItem[] {
    this.buffer = this.buffer.slice(this.position) + text;
    this.position = 0;
    this.nextQuote = -2;
    this.nextCr = -2;

    return this.drain(false);
  }

  /** Signals the end of the text and returns the last records. */
  finish(): CsvItem[] {
    return this.drain(true);
  }

  private drain(final: boolean): CsvItem[] {
    const items: CsvItem[] = [];

    while (this.position < this.buffer.length) {
      if (this.discarding && !this.skipDiscardedLine()) {
        break;
      }
      const step = this.readRecord(final);

      if (step === NEED_MORE) {
        if (this.buffer.length - this.position <= this.maxRecordChars) {
          break;
        }
        const limit = this.maxRecordChars;
        const reason = `the record is longer than ${limit} characters (is a quote left open?)`;
        items.push(this.abandon(this.position, 0, reason, final));
        continue;
      }

      if (step !== SKIPPED) {
        items.push(step);
      }
    }

    return items;
  }

  private readRecord(final: boolean): CsvItem | typeof NEED_MORE | typeof SKIPPED {
    const start = this.position;
    const end = this.lineEnd(start, final);

    if (end === NEED_MORE) {
      return NEED_MORE;
    }

    if (end.at === start) {
      this.position = end.at + end.length;
      this.line += 1;
      return SKIPPED;
    }

    const quote = this.quoteAfter(start);
    if (quote === -1 || quote > end.at) {
      return this.plainRecord(start, end);
    }

    return this.quotedRecord(start, final);
  }

  private plainRecord(start: number, end: { at: number; length: number }): CsvRow {
    const line = this.line;
    const fields = this.buffer.slice(start, end.at).split(this.delimiter);

    this.position = end.at + end.length;
    this.line += 1;

    return this.row(line, fields);
  }

  /** A row; the first one (the header) sets how many fields the others should have. */
  private row(line: number, fields: string[]): CsvRow {
    this.expectedFields ??= fields.length;

    return { kind: 'row', line, fields };
  }

  private quotedRecord(start: number, final: boolean): CsvItem | typeof NEED_MORE {
    const state: RecordState = { fields: [], breaks: 0, firstMultiline: -1, fault: null };
    let index = start;

    for (;;) {
      const fieldEnd = this.readField(index, final, state);
      if (fieldEnd === NEED_MORE) {
        return NEED_MORE;
      }
      if (fieldEnd === UNTERMINATED) {
        return this.abandon(start, state.fields.length, 'a quoted field is never closed', final);
      }

      if (fieldEnd >= this.buffer.length && !final) {
        return NEED_MORE;
      }
      if (this.buffer.charCodeAt(fieldEnd) !== this.delimiterCode) {
        return this.endQuotedRecord(start, fieldEnd, final, state);
      }
      index = fieldEnd + 1;
    }
  }

  /** Reads the field at `index` into `state`; returns where it ends. */
  private readField(index: number, final: boolean, state: RecordState): number {
    if (this.buffer.charCodeAt(index) !== QUOTE) {
      const end = this.unquotedEnd(index);
      state.fields.push(this.buffer.slice(index, end));
      return end;
    }

    const quoted = this.readQuoted(index + 1, final);
    if (typeof quoted === 'number') {
      return quoted;
    }

    if (quoted.breaks > 0 && state.firstMultiline === -1) {
      state.firstMultiline = state.fields.length;
    }
    state.breaks += quoted.breaks;

    const tailEnd = this.unquotedEnd(quoted.end);
    if (tailEnd > quoted.end) {
      state.fault ??= { fieldIndex: state.fields.length, reason: 'text follows the closing quote' };
    }
    state.fields.push(quoted.value + this.buffer.slice(quoted.end, tailEnd));

    return tailEnd;
  }

  private endQuotedRecord(
    start: number,
    index: number,
    final: boolean,
    state: RecordState,
  ): CsvItem | typeof NEED_MORE {
    const after = this.breakLength(index, final);
    if (after === NEED_MORE) {
      return NEED_MORE;
    }

    const malformed = state.fault !== null || !this.fieldCountFits(state.fields.length);
    if (state.firstMultiline !== -1 && malformed) {
      return this.abandon(start, state.firstMultiline, 'a quoted field is never closed', final);
    }

    return this.finishQuoted(start, index + after, state);
  }

  private fieldCountFits(count: number): boolean {
    return this.expectedFields === null || this.expectedFields === count;
  }

  private finishQuoted(start: number, end: number, state: RecordState): CsvItem {
    const line = this.line;

    this.position = end;
    this.line += 1 + state.breaks;

    if (state.fault !== null) {
      return { kind: 'fault', line, ...state.fault, text: excerpt(this.buffer, start, end) };
    }

    return this.row(line, state.fields);
  }

  private readQuoted(
    from: number,
    final: boolean,
  ): QuotedField | typeof NEED_MORE | typeof UNTERMINATED {
    const buffer = this.buffer;
    let search = from;
    let escaped = false;

    for (;;) {
      const quote = buffer.indexOf('"', search);
      if (quote === -1 || (quote + 1 >= buffer.length && !final)) {
        return final ? UNTERMINATED : NEED_MORE;
      }
      if (buffer.charCodeAt(quote + 1) === QUOTE) {
        escaped = true;
        search = quote + 2;
        continue;
      }

      const raw = buffer.slice(from, quote);
      const value = escaped ? raw.replaceAll('""', '"') : raw;

      return { value, end: quote + 1, breaks: countLineBreaks(raw) };
    }
  }

  private unquotedEnd(from: number): number {
    const buffer = this.buffer;
    let index = from;

    while (index < buffer.length) {
      const code = buffer.charCodeAt(index);
      if (code === this.delimiterCode || code === LF || code === CR) {
        break;
      }
      index += 1;
    }

    return index;
  }

  /** Where the physical line that contains `from` ends, or NEED_MORE when it is unclear yet. */
  private lineEnd(from: number, final: boolean): { at: number; length: number } | typeof NEED_MORE {
    const lf = this.buffer.indexOf('\n', from);
    const cr = this.crAfter(from);
    const at = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;

    if (at === -1) {
      return final ? { at: this.buffer.length, length: 0 } : NEED_MORE;
    }
    const length = this.breakLength(at, final);

    return length === NEED_MORE ? NEED_MORE : { at, length };
  }

  /** Length of the line break at `index` (0 at the end of the text), or NEED_MORE. */
  private breakLength(index: number, final: boolean): number {
    if (index >= this.buffer.length) {
      return 0;
    }
    if (this.buffer.charCodeAt(index) !== CR) {
      return 1;
    }
    if (index + 1 >= this.buffer.length) {
      return final ? 1 : NEED_MORE;
    }

    return this.buffer.charCodeAt(index + 1) === LF ? 2 : 1;
  }

  private quoteAfter(from: number): number {
    if (this.nextQuote === -2 || (this.nextQuote !== -1 && this.nextQuote < from)) {
      this.nextQuote = this.buffer.indexOf('"', from);
    }

    return this.nextQuote;
  }

  private crAfter(from: number): number {
    if (this.nextCr === -2 || (this.nextCr !== -1 && this.nextCr < from)) {
      this.nextCr = this.buffer.indexOf('\r', from);
    }

    return this.nextCr;
  }

  /** Gives up on the record starting at `start` and resumes on the next physical line. */
  private abandon(start: number, fieldIndex: number, reason: string, final: boolean): CsvFault {
    const line = this.line;
    const lf = this.buffer.indexOf('\n', start);
    const cr = this.buffer.indexOf('\r', start);
    const at = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;

    this.line += 1;

    if (at === -1) {
      this.position = this.buffer.length;
      this.discarding = !final;
    } else {
      const length = this.buffer.charCodeAt(at) === CR && this.buffer[at + 1] === '\n' ? 2 : 1;
      this.position = at + length;
    }

    const end = at === -1 ? this.buffer.length : at;

    return { kind: 'fault', line, fieldIndex, reason, text: excerpt(this.buffer, start, end) };
  }

  /** Drops the rest of an over-long line; true once the line break has been passed. */
  private skipDiscardedLine(): boolean {
    const lf = this.buffer.indexOf('\n', this.position);
    const cr = this.buffer.indexOf('\r', this.position);
    const at = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;

    if (at === -1) {
      this.position = this.buffer.length;
      return false;
    }

    const length = this.buffer.charCodeAt(at) === CR && this.buffer[at + 1] === '\n' ? 2 : 1;
    this.position = at + length;
    this.discarding = false;

    return true;
  }
}

/** Counts the line breaks (CRLF, LF or lone CR) in `text`. */
export function countLineBreaks(text: string): number {
  let count = 0;

  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === LF || (code === CR && text.charCodeAt(index + 1) !== LF)) {
      count += 1;
    }
  }

  return count;
}

function excerpt(buffer: string, start: number, end: number): string {
  return buffer.slice(start, Math.min(end, start + EXCERPT_CHARS));
}
