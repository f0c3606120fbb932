/**
 * The row-level error report of a Guild import: every rejected row's line, column, value and
 * reason, written as a CSV file while the import runs, plus a summary (counts by reason and the
 * first examples) for the terminal and the job status.
 *
 * Report cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
 * carriage return) get a leading apostrophe, so opening the report cannot execute anything a
 * hostile import file smuggled into a value.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { MalformedRow } from './import-reader.js';
import type { RowError } from './mapping.js';
import { csvCell } from '../../core/text/csv.js';

export { csvCell, neutraliseCell } from '../../core/text/csv.js';

/** The summary of an error report. */
export interface ErrorSummary {
  /** Rows with at least one error (errors of one row are added together). */
  rows: number;
  /** Errors in all (a row can have several). */
  errors: number;
  /** Errors counted by reason, most frequent first. */
  byReason: { reason: string; count: number }[];
  /** The first errors, as reported. */
  examples: RowError[];
  /** Where the CSV report was written, or null when only a summary was kept. */
  reportPath: string | null;
}

/** Options of an error report. */
export interface ErrorReportOptions {
  /** How many errors to keep as examples in the summary (default 10). */
  maxExamples?: number;
  /** Longest value written to the report; longer ones are cut (default 500 characters). */
  maxValueChars?: number;
}

const MAX_REASONS = 1000;
const OTHER_REASONS = 'other reasons';

/** Collects row errors into a CSV file (line, column, value, reason) and a summary. */
export class ErrorReport {
  private readonly counts = new Map<string, number>();
  private readonly examples: RowError[] = [];
  private rowCount = 0;
  private lastLine = -1;
  private errorCount = 0;
  private readonly maxExamples: number;
  private readonly maxValueChars: number;

  /**
   * @param sink where the CSV goes, or null to keep only the summary (a dry run)
   * @param reportPath the file behind `sink`, for the summary
   */
  constructor(
    private readonly sink: Writable | null,
    private readonly reportPath: string | null = null,
    options: ErrorReportOptions = {},
  ) {
    this.maxExamples = options.maxExamples ?? 10;
    this.maxValueChars = options.maxValueChars ?? 500;
    this.sink?.write('line,column,value,reason\n');
  }

  /** Opens a report that writes its CSV to the file at `path`. */
  static toFile(path: string, options: ErrorReportOptions = {}): ErrorReport {
    return new ErrorReport(createWriteStream(path, { encoding: 'utf8' }), path, options);
  }

  /** Adds one error; resolves once the file can take more. */
  async add(error: RowError): Promise<void> {
    this.count(error);

    if (this.sink === null) {
      return;
    }

    const value =
      error.value.length > this.maxValueChars
        ? `${error.value.slice(0, this.maxValueChars)}…`
        : error.value;
    const row = [String(error.line), error.column, value, error.reason].map(csvCell).join(',');

    if (!this.sink.write(`${row}\n`)) {
      await once(this.sink, 'drain');
    }
  }

  /** Adds every error of one rejected row. */
  async addAll(errors: readonly RowError[]): Promise<void> {
    for (const error of errors) {
      await this.add(error);
    }
  }

  /** Adds a row the reader could not read. */
  async addMalformed(row: MalformedRow): Promise<void> {
    await this.add({
      line: row.line,
      column: row.column ?? '',
      value: row.text,
      reason: row.reason,
    });
  }

  /** The summary so far. */
  summary(): ErrorSummary {
    const byReason = [...this.counts.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));

    return {
      rows: this.rowCount,
      errors: this.errorCount,
      byReason,
      examples: [...this.examples],
      reportPath: this.reportPath,
    };
  }

  /** Finishes the file and returns the summary. */
  async close(): Promise<ErrorSummary> {
    if (this.sink !== null) {
      this.sink.end();
      await finished(this.sink);
    }

    return this.summary();
  }

  private count(error: RowError): void {
    this.errorCount += 1;

    if (error.line !== this.lastLine) {
      this.rowCount += 1;
      this.lastLine = error.line;
    }

    const reason =
      this.counts.has(error.reason) || this.counts.size < MAX_REASONS
        ? error.reason
        : OTHER_REASONS;
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);

    if (this.examples.length < this.maxExamples) {
      this.examples.push(error);
    }
  }
}
