/**
 * Labelled data for Guild's moderation model: loaders for the two public data sets the shipped
 * model learns from, the fixed 80/20 train/test split, and a reader for an operator's own
 * labelled CSV file.
 *
 * - hate-offensive (`../shared/data/hate-offensive/labeled_data.csv`): tweets with a majority
 *   class (0 hate, 1 offensive, 2 neither). toxic = class 0 or 1; hate = class 0. HTML entities
 *   are decoded.
 * - youtube-spam (`../shared/data/youtube-spam/youtube_spam_all.csv`): comments with CLASS 1 for
 *   spam. Only CONTENT is used (never DATE or AUTHOR); HTML tags and U+FEFF are removed and
 *   entities decoded.
 *
 * The split is decided by each row's own id alone (see SPLIT_RULE), so it is the same on every
 * run and machine, and adding rows never moves an existing row to the other side.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { decodeHTML } from 'entities';
import type { HeadName, Labels, LabelledRow } from './model.types.js';

/** The project root (the same depth from src/ and dist/). */
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the shared public data sets live: `../shared/data` beside the project checkout. */
export const SHARED_DATA_DIR = path.resolve(PROJECT_ROOT, '../shared/data');

/** The hate-offensive file under a data folder. */
export function hateOffensiveFile(dataDir: string = SHARED_DATA_DIR): string {
  return path.join(dataDir, 'hate-offensive/labeled_data.csv');
}

/** The youtube-spam file under a data folder. */
export function youtubeSpamFile(dataDir: string = SHARED_DATA_DIR): string {
  return path.join(dataDir, 'youtube-spam/youtube_spam_all.csv');
}

/** Whether both public data sets are present. */
export function publicDataPresent(dataDir: string = SHARED_DATA_DIR): boolean {
  return existsSync(hateOffensiveFile(dataDir)) && existsSync(youtubeSpamFile(dataDir));
}

/** The split rule, in words, as stored in every model's training snapshot. */
export const SPLIT_RULE =
  'test when the first 4 bytes of sha256("<source>:<id>"), read as an unsigned big-endian ' +
  'integer, mod 100 are below 20; train otherwise';

/** Which side of the fixed 80/20 split a row of a source with this id is on. */
export function splitOf(source: string, id: string): 'train' | 'test' {
  const digest = createHash('sha256').update(`${source}:${id}`, 'utf8').digest();
  return digest.readUInt32BE(0) % 100 < 20 ? 'test' : 'train';
}

/** Divides rows by the fixed split; rows without a source or id go to train. */
export function splitRows(rows: readonly LabelledRow[]): {
  train: LabelledRow[];
  test: LabelledRow[];
} {
  const train: LabelledRow[] = [];
  const test: LabelledRow[] = [];
  for (const row of rows) {
    if (
      row.source !== undefined &&
      row.id !== undefined &&
      splitOf(row.source, row.id) === 'test'
    ) {
      test.push(row);
    } else {
      train.push(row);
    }
  }
  return { train, test };
}

function readRecords(file: string): string[][] {
  return parse(readFileSync(file), { bom: true, relax_column_count: false });
}

function columnIndex(header: readonly string[], name: string, file: string): number {
  const index = header.indexOf(name);
  if (index === -1) {
    throw new Error(`${file}: no column "${name}" in the header`);
  }
  return index;
}

/** Loads the hate-offensive tweets with `toxic` and `hate` labels. */
export function loadHateOffensive(file: string = hateOffensiveFile()): LabelledRow[] {
  const [header, ...records] = readRecords(file);
  if (!header) {
    throw new Error(`${file}: empty file`);
  }
  const idColumn = columnIndex(header, '', file);
  const classColumn = columnIndex(header, 'class', file);
  const textColumn = columnIndex(header, 'tweet', file);
  return records.map((record, index) => {
    const label = record[classColumn];
    if (label !== '0' && label !== '1' && label !== '2') {
      throw new Error(`${file}: record ${index + 2} has class "${label}"`);
    }
    return {
      source: 'hate-offensive',
      id: record[idColumn] ?? String(index),
      text: decodeHTML(record[textColumn] ?? ''),
      labels: { toxic: label === '2' ? 0 : 1, hate: label === '0' ? 1 : 0 },
    };
  });
}

/** Removes HTML tags, U+FEFF and entities from a YouTube comment. */
export function cleanComment(content: string): string {
  return decodeHTML(content.replace(/<[^>]*>/g, ' '))
    .replaceAll('\uFEFF', '')
    .trim();
}

/** Loads the YouTube comments with a `spam` label (only the comment text is kept). */
export function loadYoutubeSpam(file: string = youtubeSpamFile()): LabelledRow[] {
  const [header, ...records] = readRecords(file);
  if (!header) {
    throw new Error(`${file}: empty file`);
  }
  const idColumn = columnIndex(header, 'COMMENT_ID', file);
  const textColumn = columnIndex(header, 'CONTENT', file);
  const classColumn = columnIndex(header, 'CLASS', file);
  return records.map((record, index) => {
    const label = record[classColumn];
    if (label !== '0' && label !== '1') {
      throw new Error(`${file}: record ${index + 2} has CLASS "${label}"`);
    }
    return {
      source: 'youtube-spam',
      id: record[idColumn] ?? String(index),
      text: cleanComment(record[textColumn] ?? ''),
      labels: { spam: label === '1' ? 1 : 0 },
    };
  });
}

/** A row of an operator's labelled CSV file that could not be used. */
export interface CsvRowError {
  /** 1-based physical line where the record starts (the header is line 1). */
  line: number;
  /** Column name, when one cell is at fault. */
  column?: string;
  /** 1-based column number, when one cell is at fault. */
  columnNumber?: number;
  message: string;
}

/** What reading an operator's labelled CSV file gave. */
export interface LabelledCsv {
  /** Heads found in the header. */
  heads: HeadName[];
  rows: LabelledRow[];
  errors: CsvRowError[];
}

const RESERVED_COLUMNS = new Set(['text', 'id', 'weight']);

/**
 * Reads a labelled CSV: a `text` column, one column per head holding 1, 0 or nothing
 * (unlabelled), and optionally `id` and `weight` (a positive number). Every other column is a
 * head. Bad rows are skipped and reported with their line and column; a bad header throws.
 */
export function readLabelledCsv(content: string | Buffer, source = 'operator'): LabelledCsv {
  const records = parse(content, {
    bom: true,
    raw: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as unknown as { record: string[]; raw: string; info: { lines: number } }[];
  const [first, ...rest] = records;
  if (!first) {
    throw new Error('the file is empty: expected a header with a "text" column');
  }
  const header = first.record.map((name) => name.trim());
  const textColumn = header.indexOf('text');
  if (textColumn === -1) {
    throw new Error('the header has no "text" column');
  }
  const idColumn = header.indexOf('id');
  const weightColumn = header.indexOf('weight');
  const headColumns = header
    .map((name, index) => ({ name, index }))
    .filter(({ name }) => !RESERVED_COLUMNS.has(name));
  const empty = headColumns.find(({ name }) => name === '');
  if (empty) {
    throw new Error(`column ${empty.index + 1} of the header has no name`);
  }
  if (headColumns.length === 0) {
    throw new Error('the header names no head column (such as "toxic" or "spam")');
  }

  const rows: LabelledRow[] = [];
  const errors: CsvRowError[] = [];
  for (const { record, raw, info } of rest) {
    const line = startLine(raw, info.lines);
    if (record.length !== header.length) {
      errors.push({
        line,
        message: `expected ${header.length} fields, found ${record.length}`,
      });
      continue;
    }
    const cellError = (index: number, message: string): CsvRowError => ({
      line,
      column: header[index]!,
      columnNumber: index + 1,
      message,
    });
    const text = record[textColumn]!;
    if (text.trim() === '') {
      errors.push(cellError(textColumn, 'the text is empty'));
      continue;
    }
    const labels: Labels = {};
    let bad: CsvRowError | null = null;
    for (const { name, index } of headColumns) {
      const cell = record[index]!.trim();
      if (cell === '1' || cell === '0') {
        labels[name] = cell === '1' ? 1 : 0;
      } else if (cell !== '') {
        bad = cellError(index, `"${cell}" is not 0, 1 or empty`);
        break;
      }
    }
    let weight: number | undefined;
    if (!bad && weightColumn !== -1 && record[weightColumn]!.trim() !== '') {
      weight = Number(record[weightColumn]!.trim());
      if (!Number.isFinite(weight) || weight <= 0) {
        bad = cellError(weightColumn, `"${record[weightColumn]}" is not a positive number`);
      }
    }
    if (!bad && Object.keys(labels).length === 0) {
      bad = { line, message: 'no head is labelled' };
    }
    if (bad) {
      errors.push(bad);
      continue;
    }
    const row: LabelledRow = { text, labels, source };
    const id = idColumn === -1 ? '' : record[idColumn]!.trim();
    row.id = id === '' ? `line-${line}` : id;
    if (weight !== undefined) {
      row.weight = weight;
    }
    rows.push(row);
  }
  return { heads: headColumns.map(({ name }) => name), rows, errors };
}

/** The first physical line of a record, from the line it ends on and its raw text. */
function startLine(raw: string, endLine: number): number {
  let breaks = 0;
  const body = raw.replace(/\r?\n$/, '');
  for (const char of body) {
    if (char === '\n') {
      breaks++;
    }
  }
  return endLine - breaks;
}

/** Reads an operator's labelled CSV file from disk (see readLabelledCsv). */
export function readLabelledCsvFile(file: string): LabelledCsv {
  return readLabelledCsv(readFileSync(file), path.basename(file));
}
