/**
 * Guild's import reader: turns a CSV or NDJSON file (plain or gzip, in UTF-8, UTF-16 or
 * Windows-1252) into a stream of raw records whose values are all strings. Memory stays
 * constant: one chunk of text and the record in progress are held at a time.
 *
 * Malformed rows (wrong number of fields, a quote never closed, text after a closing quote,
 * a line that is not a JSON object) come out as `malformed` items carrying their line and reason,
 * and reading carries on; past `maxMalformedRows` of them the file is given up on with
 * ImportFileError('too_many_malformed_rows'), since it is then almost surely not the format
 * or delimiter it was taken for.
 */
import type { Readable } from 'node:stream';
import { readBytes, type ByteProgress } from './byte-source.js';
import { CsvTokenizer, type CsvItem } from './csv-tokenizer.js';
import { ImportFileError } from './import-errors.js';
import { JsonLineSplitter, parseJsonLine, type JsonLine } from './ndjson.js';
import { decodeText, type DecodingState, type TextEncodingName } from './text-decoding.js';

/** One record of the file: its values by column name, all strings, as written. */
export interface RawRecord {
  kind: 'record';
  /** Physical line where the record starts, 1-based; a CSV header is line 1. */
  line: number;
  fields: Record<string, string>;
}

/** A row that could not be read; the import reports it and carries on. */
export interface MalformedRow {
  kind: 'malformed';
  line: number;
  /** The column where the problem was found, when there is one. */
  column: string | null;
  reason: string;
  /** The start of the row's text. */
  text: string;
}

/** What the reader yields. */
export type ReadItem = RawRecord | MalformedRow;

/** File formats the reader understands. */
export type ImportFormat = 'csv' | 'ndjson';

/** CSV delimiters the reader detects. */
export type Delimiter = ',' | ';' | '\t' | '|';

/** How to read a file; every option has a detecting or safe default. */
export interface ReaderOptions {
  /** 'auto' (default) picks by file extension, then by the first character. */
  format?: ImportFormat | 'auto';
  /** 'auto' (default) honours a byte-order mark, then UTF-16 by NULs, then UTF-8 or 1252. */
  encoding?: TextEncodingName | 'auto';
  /** 'auto' (default) picks the candidate seen most often in the header line. */
  delimiter?: Delimiter | 'auto';
  /** File name used for format detection when the source is a stream. */
  fileName?: string;
  /** Malformed rows tolerated before the file is given up on (default 1,000). */
  maxMalformedRows?: number;
  /** Longest record accepted, in characters (default 1 MiB). */
  maxRecordChars?: number;
}

/** What the reader found out about the file; filled in while reading. */
export interface ReaderInfo extends ByteProgress, DecodingState {
  format: ImportFormat | null;
  delimiter: Delimiter | null;
  /** Column names, trimmed (CSV); the first record's field names (NDJSON). */
  headers: string[];
  records: number;
  malformed: number;
}

/** A single-use stream of read items with live information about the file. */
export interface RecordStream extends AsyncIterable<ReadItem> {
  readonly info: ReaderInfo;
  /** The same items in batches (one per chunk of text read); use this or the iterator. */
  batches(): AsyncIterable<ReadItem[]>;
}

const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];
const DEFAULT_MAX_MALFORMED = 1000;
const DEFAULT_MAX_RECORD_CHARS = 1024 * 1024;
const HEAD_CHARS = 64 * 1024;

/**
 * Opens `source` (a file path or a byte stream) and returns its records. Iterate it once;
 * `info` tells the detected format, encoding, delimiter and headers, and the bytes read so far.
 */
export function openRecords(source: string | Readable, options: ReaderOptions = {}): RecordStream {
  const info = emptyInfo();
  let started = false;

  const start = (): AsyncGenerator<ReadItem[]> => {
    if (started) {
      throw new ImportFileError('already_consumed', 'A record stream can be read only once.');
    }
    started = true;

    return readBatches(source, options, info);
  };

  return {
    info,
    batches: start,
    [Symbol.asyncIterator]: () => flatten(start()),
  };
}

/**
 * Reads the first `limit` items through exactly the same path as a full import, so a preview
 * shows what the import will commit.
 */
export async function previewRecords(
  source: string | Readable,
  options: ReaderOptions = {},
  limit = 20,
): Promise<{ info: ReaderInfo; items: ReadItem[] }> {
  const stream = openRecords(source, options);
  const items: ReadItem[] = [];

  for await (const item of stream) {
    if (items.length >= limit) {
      break;
    }
    items.push(item);
  }

  return { info: stream.info, items };
}

function emptyInfo(): ReaderInfo {
  return {
    bytesRead: 0,
    totalBytes: null,
    compressed: false,
    encoding: null,
    bom: false,
    switchedAtByte: null,
    format: null,
    delimiter: null,
    headers: [],
    records: 0,
    malformed: 0,
  };
}

async function* flatten(batches: AsyncIterable<ReadItem[]>): AsyncGenerator<ReadItem> {
  for await (const batch of batches) {
    for (const item of batch) {
      yield item;
    }
  }
}

async function* readBatches(
  source: string | Readable,
  options: ReaderOptions,
  info: ReaderInfo,
): AsyncGenerator<ReadItem[]> {
  const text = decodeText(readBytes(source, info), options.encoding ?? 'auto', info);
  const { head, rest } = await takeText(text);

  info.format = chooseFormat(options, source, head);
  const chunks = prependText(head, rest);
  const maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;

  const batches =
    info.format === 'csv'
      ? readCsv(chunks, head, options, info, maxRecordChars)
      : readNdjson(chunks, info, maxRecordChars);
  const maxMalformed = options.maxMalformedRows ?? DEFAULT_MAX_MALFORMED;

  for await (const batch of batches) {
    const { accepted, error } = countBatch(batch, info, maxMalformed);
    if (accepted.length > 0) {
      yield accepted;
    }
    if (error !== null) {
      throw error;
    }
  }
}

/** Counts a batch; past the malformed-row limit, cuts it there and returns the error. */
function countBatch(
  batch: ReadItem[],
  info: ReaderInfo,
  maxMalformed: number,
): { accepted: ReadItem[]; error: ImportFileError | null } {
  for (let index = 0; index < batch.length; index += 1) {
    const item = batch[index] as ReadItem;

    if (item.kind === 'record') {
      info.records += 1;
      continue;
    }
    info.malformed += 1;
    if (info.malformed > maxMalformed) {
      return { accepted: batch.slice(0, index), error: tooManyMalformed(item, maxMalformed) };
    }
  }

  return { accepted: batch, error: null };
}

function tooManyMalformed(item: MalformedRow, maxMalformed: number): ImportFileError {
  return new ImportFileError(
    'too_many_malformed_rows',
    `More than ${maxMalformed} malformed rows (the last on line ${item.line}: ${item.reason}); ` +
      'check the file format, delimiter and encoding.',
  );
}

async function takeText(
  chunks: AsyncIterable<string>,
): Promise<{ head: string; rest: AsyncIterable<string> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  let head = '';

  while (head.length < HEAD_CHARS && !head.includes('\n')) {
    const next = await iterator.next();
    if (next.done === true) {
      break;
    }
    head += next.value;
  }

  return { head, rest: { [Symbol.asyncIterator]: () => iterator } };
}

async function* prependText(head: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  if (head.length > 0) {
    yield head;
  }
  yield* rest;
}

function chooseFormat(
  options: ReaderOptions,
  source: string | Readable,
  head: string,
): ImportFormat {
  if (options.format !== undefined && options.format !== 'auto') {
    return options.format;
  }

  const name = options.fileName ?? (typeof source === 'string' ? source : '');
  const extension = /\.([a-z0-9]+)(?:\.gz|\.gzip)?$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'tsv' || extension === 'txt') {
    return 'csv';
  }
  if (extension === 'ndjson' || extension === 'jsonl' || extension === 'json') {
    return 'ndjson';
  }

  return head.trimStart().startsWith('{') ? 'ndjson' : 'csv';
}

/** Picks the delimiter that occurs most often, outside quotes, in the first non-blank line. */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<string, number>();
  let quoted = false;

  for (const char of firstLine(text)) {
    if (char === '"') {
      quoted = !quoted;
    } else if (!quoted) {
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
  }

  let best: Delimiter = ',';
  for (const candidate of DELIMITERS) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) {
      best = candidate;
    }
  }

  return best;
}

function firstLine(text: string): string {
  const lines = text.split(/\r\n|\n|\r/);

  return lines.find((line) => line.trim().length > 0) ?? '';
}

async function* readCsv(
  chunks: AsyncIterable<string>,
  head: string,
  options: ReaderOptions,
  info: ReaderInfo,
  maxRecordChars: number,
): AsyncGenerator<ReadItem[]> {
  const delimiter =
    options.delimiter === undefined || options.delimiter === 'auto'
      ? detectDelimiter(head)
      : options.delimiter;
  info.delimiter = delimiter;

  const tokenizer = new CsvTokenizer(delimiter, maxRecordChars);
  const builder = new CsvRecordBuilder(info);

  for await (const chunk of chunks) {
    yield builder.build(tokenizer.push(chunk));
  }
  yield builder.build(tokenizer.finish());

  builder.requireHeader();
}

/** Turns tokenizer output into read items, taking the first row as the header. */
class CsvRecordBuilder {
  private headers: string[] | null = null;

  constructor(private readonly info: ReaderInfo) {}

  build(items: CsvItem[]): ReadItem[] {
    const read: ReadItem[] = [];

    for (const item of items) {
      const next = this.headers === null ? this.takeHeader(item) : this.toReadItem(item);
      if (next !== null) {
        read.push(next);
      }
    }

    return read;
  }

  requireHeader(): void {
    if (this.headers === null) {
      throw new ImportFileError('empty_file', 'The file has no header line and no records.');
    }
  }

  private takeHeader(item: CsvItem): null {
    if (item.kind === 'fault') {
      throw new ImportFileError('bad_header', `The header on line ${item.line}: ${item.reason}.`);
    }

    this.headers = cleanHeaders(item.fields);
    this.info.headers = this.headers;

    return null;
  }

  private toReadItem(item: CsvItem): ReadItem | null {
    const headers = this.headers ?? [];

    if (item.kind === 'fault') {
      const column = headers[item.fieldIndex] ?? null;
      return { kind: 'malformed', line: item.line, column, reason: item.reason, text: item.text };
    }

    const values = item.fields;
    if (values.length !== headers.length) {
      return this.wrongFieldCount(item.line, values, headers);
    }

    const fields: Record<string, string> = {};
    for (let index = 0; index < headers.length; index += 1) {
      fields[headers[index] as string] = values[index] as string;
    }

    return { kind: 'record', line: item.line, fields };
  }

  private wrongFieldCount(line: number, values: string[], headers: string[]): ReadItem | null {
    if (values.length === 1 && (values[0] ?? '').trim() === '') {
      return null;
    }

    const column = values.length < headers.length ? (headers[values.length] ?? null) : null;
    const reason = `expected ${headers.length} fields, found ${values.length}`;
    const text = values.join(this.info.delimiter ?? ',').slice(0, 200);

    return { kind: 'malformed', line, column, reason, text };
  }
}

/** Trims header names, names empty ones `column_<n>` and rejects duplicates. */
export function cleanHeaders(raw: readonly string[]): string[] {
  const seen = new Set<string>();

  return raw.map((value, index) => {
    const name = value.replace(/^\uFEFF/, '').trim() || `column_${index + 1}`;

    if (name === '__proto__') {
      throw new ImportFileError('bad_header', 'The column name __proto__ is not allowed.');
    }
    if (seen.has(name)) {
      throw new ImportFileError('duplicate_column', `The column "${name}" appears twice.`);
    }
    seen.add(name);

    return name;
  });
}

async function* readNdjson(
  chunks: AsyncIterable<string>,
  info: ReaderInfo,
  maxRecordChars: number,
): AsyncGenerator<ReadItem[]> {
  const splitter = new JsonLineSplitter(maxRecordChars);

  for await (const chunk of chunks) {
    yield jsonItems(splitter.push(chunk), info);
  }
  yield jsonItems(splitter.finish(), info);
}

function jsonItems(lines: JsonLine[], info: ReaderInfo): ReadItem[] {
  return lines.map((line) => jsonItem(line, info));
}

function jsonItem({ line, text, tooLong }: JsonLine, info: ReaderInfo): ReadItem {
  const parsed = tooLong
    ? { ok: false as const, reason: 'the line is too long' }
    : parseJsonLine(text);

  if (!parsed.ok) {
    return {
      kind: 'malformed',
      line,
      column: null,
      reason: parsed.reason,
      text: text.slice(0, 200),
    };
  }

  if (info.headers.length === 0) {
    info.headers = Object.keys(parsed.fields);
  }

  return { kind: 'record', line, fields: parsed.fields };
}
