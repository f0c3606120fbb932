/**
 * Runs one import: reads the file through its preset, writes the records in batches, and keeps
 * the job's row up to date. Each batch is one transaction that also moves the job's checkpoint
 * (the last source line whose rows are in), so a crash loses at most the batch in flight, and
 * running the job again resumes after the checkpoint. Records are keyed by external id, so rows
 * written before a crash but after the checkpoint are recognised, not duplicated.
 *
 * A dry run does everything, writes included, inside transactions that are rolled back: its
 * "would import" and "unchanged" counts are the real ones.
 *
 * Parsing the next batch overlaps the write of the previous one (on a PostgreSQL server).
 */
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Database, Orm } from '../../core/db/database.js';
import {
  ImportFileError,
  bindPreset,
  mapRecord,
  openRecords,
  type AnyPreset,
  type Customer,
  type ErrorReport,
  type ErrorSummary,
  type ImportRecord,
  type Mention,
  type ReaderOptions,
} from '../import/index.js';
import type { ImportKind } from '../integrations.table.js';
import { writeCustomers, type MergedRow } from '../records/customers.writer.js';
import { writeMentions } from '../records/mentions.writer.js';
import { fromOnlineRetail, fromShopify, LineKeys, type OrderRow } from '../records/order-rows.js';
import {
  SeenKeys,
  linkReturns,
  writeOrderRows,
  type KeyedOrderRow,
} from '../records/orders.writer.js';

/** Which presets fill which kind of import. */
export const PRESETS_BY_KIND: Readonly<Record<ImportKind, readonly string[]>> = {
  orders: ['online-retail', 'shopify-orders'],
  customers: ['customers'],
  mentions: ['social-mentions'],
};

/** Counters of an import, as the job row and the terminal show them. */
export interface ImportCounts {
  bytesRead: number;
  rowsRead: number;
  /** Rows whose record was new (or, for customers, changed). */
  rowsImported: number;
  /** Rows whose record was already there as it is. */
  rowsUnchanged: number;
  /** Rows rejected, with their reasons in the error report. */
  rowsSkipped: number;
  /** Exact duplicate lines of an order: kept, counted and reported. */
  duplicateLines: number;
}

/** What an import did. */
export interface ImportOutcome extends ImportCounts {
  dryRun: boolean;
  resumedFromLine: number;
  returnsLinked: number;
  errors: ErrorSummary;
  seconds: number;
}

/** Everything an import needs. */
export interface ImportRun {
  db: Database;
  tenantId: string;
  jobId: string;
  kind: ImportKind;
  preset: AnyPreset;
  reader: ReaderOptions;
  source: string | Readable;
  dryRun: boolean;
  errors: ErrorReport;
  /** Source lines up to this one were written by an earlier run of the job. */
  resumeFrom?: number;
  /** Counters the earlier run had committed with its checkpoint. */
  resumeCounts?: Partial<ImportCounts>;
  /** Rows per transaction (default 10,000). */
  batchRows?: number;
  /** Called after each committed batch. */
  onProgress?: (counts: ImportCounts, info: { totalBytes: number | null }) => void;
  /** Checked after each batch; true stops the import (it ends as cancelled). */
  cancelled?: () => boolean;
}

/** How the error report lists a line identical to an earlier one of the same order. */
export const DUPLICATE_LINE =
  'exact duplicate of an earlier line of the same order (kept, not merged)';

/** How the report lists a second row about a post already read. */
export const DUPLICATE_MENTION =
  'same post as an earlier line (platform and id): one mention kept, the first';

/** How the report lists a customer row that joined a customer known by the same e-mail. */
export const MERGED_BY_EMAIL =
  'same e-mail as a customer already known (trimmed, compared without case): merged into it';

/** Thrown inside a dry run's transaction so nothing it wrote is kept. */
class DryRunRollback extends Error {}

/** The import was stopped by an operator. */
export class ImportCancelled extends Error {
  constructor() {
    super('the import was cancelled');
    this.name = 'ImportCancelled';
  }
}

/** Pending rows of one kind, waiting for their batch. */
type Pending =
  | { kind: 'orders'; rows: KeyedOrderRow[] }
  | { kind: 'customers'; rows: Customer[] }
  | { kind: 'mentions'; rows: Mention[] };

/** Runs the import described by `run`; throws ImportFileError when the file cannot be read. */
export async function runImport(run: ImportRun): Promise<ImportOutcome> {
  const began = performance.now();
  const resumeFrom = run.resumeFrom ?? 0;
  const counts: ImportCounts = {
    bytesRead: 0,
    rowsRead: run.resumeCounts?.rowsRead ?? 0,
    rowsImported: run.resumeCounts?.rowsImported ?? 0,
    rowsUnchanged: run.resumeCounts?.rowsUnchanged ?? 0,
    rowsSkipped: run.resumeCounts?.rowsSkipped ?? 0,
    duplicateLines: run.resumeCounts?.duplicateLines ?? 0,
  };
  const batchRows = run.batchRows ?? 10_000;
  const stream = openRecords(run.source, run.reader);
  const lineKeys = new LineKeys();
  const mentionLines = new Map<string, number>();
  const seen = new SeenKeys();
  let preset: AnyPreset | null = null;
  let pending = emptyPending(run.kind);
  let lastLine = resumeFrom;
  const writes = new OneInFlight();

  let batches = 0;
  const flush = async (batch: Pending, checkpoint: number, snapshot: ImportCounts) => {
    const written = await writeBatch(run, batch, seen, checkpoint, snapshot);
    batches += 1;
    // Fresh statistics while the tables grow (after batch 1, 2, 4, 8, …): planned on the
    // numbers of an empty table, the key checks of later batches would scan whole tables.
    if ((batches & (batches - 1)) === 0 && written > 0) {
      await analyzeTables(run.db, run.kind);
    }
    counts.rowsImported += written;
    counts.rowsUnchanged += batch.rows.length - written;
    run.onProgress?.({ ...counts }, { totalBytes: stream.info.totalBytes });
  };

  const send = async (force: boolean) => {
    if (!force && pending.rows.length < batchRows) {
      return;
    }
    await writes.settle();
    if (run.cancelled?.() === true) {
      throw new ImportCancelled();
    }
    const batch = pending;
    pending = emptyPending(run.kind);
    counts.bytesRead = stream.info.bytesRead;
    // The counters committed with this batch's checkpoint: these plus what the batch writes.
    const snapshot = { ...counts };
    writes.start(flush(batch, lastLine, snapshot));
  };

  try {
    for await (const items of stream.batches()) {
      if (preset === null) {
        preset = bindOrFail(run.preset, stream.info.headers);
      }
      for (const item of items) {
        lastLine = Math.max(lastLine, item.line);
        const replay = item.line <= resumeFrom;
        if (!replay) {
          counts.rowsRead += 1;
        }
        if (item.kind === 'malformed') {
          await run.errors.addMalformed(item);
          counts.rowsSkipped += replay ? 0 : 1;
          continue;
        }
        const mapped = mapRecord(preset, item);
        if (!mapped.ok) {
          await run.errors.addAll(mapped.errors);
          counts.rowsSkipped += replay ? 0 : 1;
          continue;
        }
        const added = addRecord(pending, mapped.record, lineKeys, replay, counts, mentionLines);
        if (added.duplicateOfLine !== null) {
          await run.errors.add({
            line: item.line,
            column: '',
            value: `line ${added.duplicateOfLine}`,
            reason: added.duplicateReason,
          });
        }
        if (added.problem !== null) {
          await run.errors.add({ line: item.line, ...added.problem });
          counts.rowsSkipped += replay ? 0 : 1;
        }
      }
      await send(false);
    }
    if (preset === null) {
      bindOrFail(run.preset, stream.info.headers);
    }
    await send(true);
    await writes.settle();
  } catch (error) {
    // A write still under way must land (or fail) before the job's outcome is recorded.
    await writes.settle().catch(() => undefined);
    throw error;
  }

  const returnsLinked = run.kind === 'orders' ? await linkAll(run) : 0;
  counts.bytesRead = stream.info.bytesRead;

  return {
    ...counts,
    dryRun: run.dryRun,
    resumedFromLine: resumeFrom,
    returnsLinked,
    errors: await run.errors.close(),
    seconds: (performance.now() - began) / 1000,
  };
}

/** At most one write under way while the next batch is parsed; its failure surfaces later. */
class OneInFlight {
  private running: Promise<void> | null = null;
  private failure: Error | null = null;

  start(work: Promise<void>): void {
    this.running = work.catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
    });
  }

  /** Waits for the write under way; throws its failure. */
  async settle(): Promise<void> {
    if (this.running !== null) {
      await this.running;
      this.running = null;
    }
    if (this.failure !== null) {
      throw this.failure;
    }
  }
}

function emptyPending(kind: ImportKind): Pending {
  return { kind, rows: [] };
}

function bindOrFail(preset: AnyPreset, headers: readonly string[]): AnyPreset {
  const bound = bindPreset(preset, headers);
  if (bound.missingRequired.length > 0) {
    const wanted = bound.missingRequired
      .map((field) => {
        const columns = preset.fields[field]?.columns ?? [];
        return `${field} (${columns.map((c) => `"${c}"`).join(' or ')})`;
      })
      .join(', ');
    throw new ImportFileError(
      'missing_columns',
      `The file has no column for ${wanted}; its columns are: ${headers.join(', ') || 'none'}. ` +
        `Rename them in the file or map them with --mapping.`,
    );
  }
  return bound.preset;
}

/**
 * Adds one typed record to the pending batch (unless it was written before a resume); returns a
 * row problem when the record cannot be stored.
 */
function addRecord(
  pending: Pending,
  record: ImportRecord,
  lineKeys: LineKeys,
  replay: boolean,
  counts: ImportCounts,
  mentionLines: Map<string, number>,
): {
  problem: { column: string; value: string; reason: string } | null;
  duplicateOfLine: number | null;
  duplicateReason: string;
} {
  const none = { problem: null, duplicateOfLine: null, duplicateReason: DUPLICATE_LINE };
  switch (record.recordType) {
    case 'order-line':
    case 'shopify-order-line': {
      let row: OrderRow;
      if (record.recordType === 'order-line') {
        row = fromOnlineRetail(record);
      } else {
        const converted = fromShopify(record, record.currency ?? 'USD');
        if (!converted.ok) {
          const problem = { column: converted.column, value: '', reason: converted.reason };
          return { problem, duplicateOfLine: null, duplicateReason: DUPLICATE_LINE };
        }
        row = converted.row;
      }
      const unstorable = orderRowProblem(row);
      if (unstorable !== null) {
        return { problem: unstorable, duplicateOfLine: null, duplicateReason: DUPLICATE_LINE };
      }
      const { key, duplicateOf, duplicateOfLine } = lineKeys.next(row);
      if (!replay) {
        if (duplicateOf !== null) {
          counts.duplicateLines += 1;
        }
        // The content key has done its work; a batch need not hold on to it.
        row.contentKey = '';
        const keyed = row as KeyedOrderRow;
        keyed.lineKey = key;
        keyed.duplicateOf = duplicateOf;
        (pending.rows as KeyedOrderRow[]).push(keyed);
      }
      return { problem: null, duplicateOfLine, duplicateReason: DUPLICATE_LINE };
    }
    case 'customer':
      if (!replay) {
        (pending.rows as Customer[]).push(record);
      }
      return none;
    case 'mention': {
      if (record.reach !== null && record.reach > MAX_INT) {
        const problem = { column: 'reach', value: String(record.reach), reason: TOO_LARGE };
        return { problem, duplicateOfLine: null, duplicateReason: DUPLICATE_LINE };
      }
      // A post is one mention whatever the file says twice about it; the repeat is reported.
      const key = `${record.platform}\u001f${record.externalId}`;
      const earlier = mentionLines.get(key);
      if (earlier === undefined && mentionLines.size < 1_000_000) {
        mentionLines.set(key, record.line);
      }
      if (!replay) {
        (pending.rows as Mention[]).push(record);
      }
      return earlier === undefined
        ? none
        : {
            problem: null,
            duplicateOfLine: earlier,
            duplicateReason: DUPLICATE_MENTION,
          };
    }
  }
}

const MAX_INT = 2_147_483_647;
const TOO_LARGE = 'too large to store (a whole number up to 2,147,483,647)';
/** numeric(20, 6): at most 14 digits before the decimal mark. */
const MAX_PRICE_DIGITS = 14;

/** Why an order row cannot be stored as it is, or null. */
function orderRowProblem(row: OrderRow): { column: string; value: string; reason: string } | null {
  if (Math.abs(row.quantity) > MAX_INT) {
    return { column: 'Quantity', value: String(row.quantity), reason: TOO_LARGE };
  }
  const whole = row.unitPrice.replace(/^-/, '').split('.')[0] ?? '';
  if (whole.replace(/^0+/, '').length > MAX_PRICE_DIGITS) {
    return {
      column: 'UnitPrice',
      value: row.unitPrice,
      reason: `too large to store (at most ${MAX_PRICE_DIGITS} digits before the decimal mark)`,
    };
  }
  return null;
}

/** Writes one batch and moves the job's checkpoint in the same transaction. */
async function writeBatch(
  run: ImportRun,
  batch: Pending,
  seen: SeenKeys,
  checkpoint: number,
  snapshot: ImportCounts,
): Promise<number> {
  // A dry run forgets each batch, so it must not remember what the batch wrote either.
  const remembered = run.dryRun ? new SeenKeys() : seen;
  const merged: MergedRow[] = [];
  const work = async (tx: Orm): Promise<number> => {
    let written: number;
    if (batch.kind === 'orders') {
      written = (await writeOrderRows(tx, run.tenantId, batch.rows, 'import', remembered))
        .linesInserted;
    } else if (batch.kind === 'customers') {
      const result = await writeCustomers(tx, run.tenantId, batch.rows, 'import');
      written = result.written;
      merged.push(...result.merged);
    } else {
      written = (await writeMentions(tx, run.tenantId, batch.rows, 'import')).written;
    }
    await saveCheckpoint(tx, run.jobId, checkpoint, {
      ...snapshot,
      rowsImported: snapshot.rowsImported + written,
      rowsUnchanged: snapshot.rowsUnchanged + batch.rows.length - written,
    });
    return written;
  };

  const reportMerged = async () => {
    for (const row of merged) {
      await run.errors.add({
        line: row.line,
        column: 'email',
        value: `customer ${row.into}`,
        reason: MERGED_BY_EMAIL,
      });
    }
  };
  if (!run.dryRun) {
    const written = await run.db.tenant(run.tenantId, work);
    await reportMerged();
    return written;
  }
  let written = 0;
  await run.db
    .tenant(run.tenantId, async (tx) => {
      written = await work(tx);
      throw new DryRunRollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof DryRunRollback)) {
        throw error;
      }
    });
  await reportMerged();
  // The rolled-back transaction took the progress with it; record it on its own.
  await run.db.tenant(run.tenantId, (tx) =>
    saveCheckpoint(tx, run.jobId, 0, {
      ...snapshot,
      rowsImported: snapshot.rowsImported + written,
      rowsUnchanged: snapshot.rowsUnchanged + batch.rows.length - written,
    }),
  );
  return written;
}

async function saveCheckpoint(
  tx: Orm,
  jobId: string,
  checkpoint: number,
  counts: ImportCounts,
): Promise<void> {
  await tx.execute(sql`update import_jobs set
      checkpoint_line = greatest(checkpoint_line, ${checkpoint}),
      bytes_read = ${counts.bytesRead}, rows_read = ${counts.rowsRead},
      rows_imported = ${counts.rowsImported}, rows_unchanged = ${counts.rowsUnchanged},
      rows_skipped = ${counts.rowsSkipped},
      summary = coalesce(summary, '{}'::jsonb) || jsonb_build_object('duplicateLines', ${counts.duplicateLines}::int),
      updated_at = now()
    where id = ${jobId}`);
}

const TABLES_BY_KIND: Readonly<Record<ImportKind, string>> = {
  orders: 'customers, products, orders, order_lines',
  customers: 'customers',
  mentions: 'social_profiles, mentions',
};

async function analyzeTables(db: Database, kind: ImportKind): Promise<void> {
  await db.query(`ANALYZE ${TABLES_BY_KIND[kind]}`);
}

async function linkAll(run: ImportRun): Promise<number> {
  if (run.dryRun) {
    return 0;
  }
  const linked = await run.db.tenant(run.tenantId, (tx) => linkReturns(tx));
  return linked.lines;
}
