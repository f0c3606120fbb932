/**
 * Import jobs: the record of each import (who, what file, which preset), its live progress and
 * its outcome. The CLI and the upload job both run an import through `executeImportJob`, which
 * keeps the row current; a job that died mid-way (its row still 'running' and silent for a
 * while, or 'failed' by a crash) is resumed from its checkpoint by the next run of the same file.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../core/db/database.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import {
  ErrorReport,
  ImportFileError,
  MappingFileError,
  getPreset,
  parseMappingFile,
  type AnyPreset,
  type PresetName,
  type ReaderOptions,
} from '../import/index.js';
import { importJobs, type ImportKind } from '../integrations.table.js';
import { matchMembersToCustomers } from '../identity/identity.service.js';
import { emitEvent } from '../outbound/outbox.js';
import { ImportCancelled, PRESETS_BY_KIND, runImport, type ImportOutcome } from './import-run.js';

export type ImportJob = typeof importJobs.$inferSelect;

/** What starts an import. */
export interface ImportRequest {
  kind: ImportKind;
  /** A built-in preset; with a mapping, the mapping's own preset wins. */
  preset: string | null;
  /** The parsed JSON of a mapping file. */
  mapping: Record<string, unknown> | null;
  origin: 'cli' | 'upload';
  fileName: string;
  filePath: string | null;
  fileBytes: number | null;
  fileFingerprint: string | null;
  dryRun: boolean;
  createdBy: string | null;
}

/** A job whose row has not moved for this long while 'running' is taken to have died. */
const STALE_AFTER_SECONDS = 120;

/** An import that cannot start; the message says what to change. */
export class ImportRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRequestError';
  }
}

/** The preset and reader options a request asks for, or the reason they are unusable. */
export function resolvePreset(
  kind: ImportKind,
  presetName: string | null,
  mapping: Record<string, unknown> | null,
): { preset: AnyPreset; reader: ReaderOptions; name: string } {
  const allowed = PRESETS_BY_KIND[kind];
  let preset: AnyPreset;
  let reader: ReaderOptions = {};
  if (mapping !== null) {
    try {
      const loaded = parseMappingFile(mapping, 'the mapping file');
      preset = loaded.preset;
      reader = loaded.reader;
      if (presetName !== null && presetName !== preset.name) {
        throw new ImportRequestError(
          `The mapping file is for the preset "${preset.name}", but "${presetName}" was asked ` +
            'for; give one or the other.',
        );
      }
    } catch (error) {
      if (error instanceof MappingFileError) {
        throw new ImportRequestError(error.message);
      }
      throw error;
    }
  } else {
    const name = presetName ?? (allowed.length === 1 ? allowed[0] : null);
    if (name === null || name === undefined) {
      throw new ImportRequestError(
        `Say which preset reads the file: ${allowed.map((p) => `--preset ${p}`).join(' or ')}.`,
      );
    }
    if (!allowed.includes(name)) {
      throw new ImportRequestError(
        `The preset "${name}" does not import ${kind}; use ${allowed.join(' or ')}.`,
      );
    }
    preset = getPreset(name as PresetName);
  }
  if (!allowed.includes(preset.name)) {
    throw new ImportRequestError(
      `The mapping's preset "${preset.name}" does not import ${kind}; use ${allowed.join(' or ')}.`,
    );
  }
  return { preset, reader, name: preset.name };
}

/** Size and SHA-256 of a file: the same bytes give the same fingerprint. */
export async function fingerprintFile(filePath: string): Promise<{ bytes: number; hash: string }> {
  const { size } = await stat(filePath);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) {
    hash.update(chunk as Buffer);
  }
  return { bytes: size, hash: `${size}:${hash.digest('hex')}` };
}

/** Records a new import job. */
export async function createImportJob(
  db: Database,
  tenantId: string,
  request: ImportRequest,
): Promise<ImportJob> {
  const { name } = resolvePreset(request.kind, request.preset, request.mapping);
  const [job] = await db.tenant(tenantId, (tx) =>
    tx
      .insert(importJobs)
      .values({
        tenantId,
        kind: request.kind,
        preset: name,
        mapping: request.mapping,
        origin: request.origin,
        fileName: request.fileName,
        filePath: request.filePath,
        fileBytes: request.fileBytes,
        fileFingerprint: request.fileFingerprint,
        dryRun: request.dryRun,
        createdBy: request.createdBy,
      })
      .returning(),
  );
  if (job === undefined) {
    throw new Error('the import job was not recorded');
  }
  return job;
}

/**
 * An earlier, unfinished import of the same file, kind and preset that wrote something: one
 * that failed, or one still marked running whose row has been silent too long.
 */
export async function findResumableJob(
  db: Database,
  tenantId: string,
  match: { kind: ImportKind; preset: string; fingerprint: string },
): Promise<ImportJob | null> {
  const [job] = await db.tenant(tenantId, (tx) =>
    tx
      .select()
      .from(importJobs)
      .where(
        and(
          eq(importJobs.kind, match.kind),
          eq(importJobs.preset, match.preset),
          eq(importJobs.fileFingerprint, match.fingerprint),
          eq(importJobs.dryRun, false),
          sql`${importJobs.checkpointLine} > 0`,
          or(
            eq(importJobs.status, 'failed'),
            and(
              eq(importJobs.status, 'running'),
              lt(importJobs.updatedAt, sql`now() - make_interval(secs => ${STALE_AFTER_SECONDS})`),
            ),
          ),
        ),
      )
      .orderBy(desc(importJobs.createdAt))
      .limit(1),
  );
  return job ?? null;
}

/**
 * Uploaded imports whose process died mid-way: still 'running', their row silent for longer
 * than a live import ever leaves it (each batch moves it). The queue would only run such a job
 * again once its expiry has passed (hours, so that long imports are not cut off); this lets a
 * live process resume it from its checkpoint now. Read across tenants (as the owner) only to
 * learn which jobs of which tenant to claim.
 */
export async function findStalledImports(
  db: Database,
): Promise<{ id: string; tenant_id: string }[]> {
  return db.query<{ id: string; tenant_id: string }>(
    `SELECT id, tenant_id FROM import_jobs
      WHERE status = 'running' AND origin = 'upload' AND file_path IS NOT NULL
        AND updated_at < now() - make_interval(secs => $1)
      ORDER BY updated_at LIMIT 20`,
    [STALE_AFTER_SECONDS],
  );
}

/**
 * Claims a stalled import for a new run by moving its row's clock: true for the one process
 * that claimed it (any other sees a fresh row and leaves it).
 */
export async function claimStalledImport(
  db: Database,
  tenantId: string,
  jobId: string,
): Promise<boolean> {
  const rows = await db.tenant(tenantId, (tx) =>
    tx
      .update(importJobs)
      .set({ updatedAt: sql`now()` })
      .where(
        and(
          eq(importJobs.id, jobId),
          eq(importJobs.status, 'running'),
          lt(importJobs.updatedAt, sql`now() - make_interval(secs => ${STALE_AFTER_SECONDS})`),
        ),
      )
      .returning({ id: importJobs.id }),
  );
  return rows.length > 0;
}

/** One job, or null. */
export async function getImportJob(
  db: Database,
  tenantId: string,
  jobId: string,
): Promise<ImportJob | null> {
  const [job] = await db.tenant(tenantId, (tx) =>
    tx.select().from(importJobs).where(eq(importJobs.id, jobId)),
  );
  return job ?? null;
}

/** The tenant's import jobs, newest first. */
export async function listImportJobs(
  db: Database,
  tenantId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: ImportJob[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const rows = await db.tenant(tenantId, (tx) =>
    tx
      .select()
      .from(importJobs)
      .where(
        after === null
          ? undefined
          : sql`(${importJobs.createdAt}, ${importJobs.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`,
      )
      .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
      .limit(page.limit + 1),
  );
  return pageOf(rows, page.limit, (job) => ({ at: job.createdAt, id: job.id }));
}

/** Asks a queued or running job to stop; true when it was still going. */
export async function cancelImportJob(
  db: Database,
  tenantId: string,
  jobId: string,
): Promise<boolean> {
  const rows = await db.tenant(tenantId, (tx) =>
    tx
      .update(importJobs)
      .set({ status: 'cancelled', finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(importJobs.id, jobId), inArray(importJobs.status, ['queued', 'running'])))
      .returning({ id: importJobs.id }),
  );
  return rows.length > 0;
}

/** Where a job's error report is written. */
export function errorReportPath(dataDir: string, jobId: string): string {
  return path.join(dataDir, 'imports', `${jobId}-errors.csv`);
}

/** How `executeImportJob` reports and is stopped. */
export interface ExecuteOptions {
  dataDir: string;
  /** The file to read (or a stream of it); the job's stored path when omitted. */
  source?: string | Readable;
  onProgress?: Parameters<typeof runImport>[0]['onProgress'];
  batchRows?: number;
  /** True once the operator asked to stop (Ctrl+C): the job ends failed, ready to resume. */
  interrupted?: () => boolean;
}

/**
 * Runs a recorded job to its end and records the outcome on its row. A resumed job (one with a
 * checkpoint) carries on after it. Throws only for failures of Guild itself; a file that cannot
 * be imported ends the job as failed and is returned as such.
 */
export async function executeImportJob(
  db: Database,
  tenantId: string,
  jobId: string,
  options: ExecuteOptions,
): Promise<{ job: ImportJob; outcome: ImportOutcome | null; eventIds: string[] }> {
  const job = await getImportJob(db, tenantId, jobId);
  if (job === null) {
    throw new Error(`import job ${jobId} does not exist`);
  }
  const source = options.source ?? job.filePath;
  if (source === null) {
    throw new Error(`import job ${jobId} has no file to read`);
  }
  const { preset, reader } = resolvePreset(job.kind, job.preset, job.mapping);
  const reportPath = errorReportPath(options.dataDir, job.id);
  await mkdir(path.dirname(reportPath), { recursive: true });

  await update(db, tenantId, jobId, {
    status: 'running',
    startedAt: job.startedAt ?? new Date(),
    failure: null,
    errorReportPath: reportPath,
  });

  let cancelled = false;
  let lastCheck = Date.now();
  const errors = ErrorReport.toFile(reportPath);
  try {
    const outcome = await runImport({
      db,
      tenantId,
      jobId,
      kind: job.kind,
      preset,
      reader: { ...reader, fileName: job.fileName },
      source,
      dryRun: job.dryRun,
      errors,
      resumeFrom: job.checkpointLine,
      resumeCounts: {
        rowsRead: job.rowsRead,
        rowsImported: job.rowsImported,
        rowsUnchanged: job.rowsUnchanged,
        rowsSkipped: job.rowsSkipped,
        duplicateLines: Number(job.summary?.['duplicateLines'] ?? 0),
      },
      batchRows: options.batchRows,
      onProgress: (counts, info) => {
        options.onProgress?.(counts, info);
        if (Date.now() - lastCheck > 2000) {
          lastCheck = Date.now();
          void getImportJob(db, tenantId, jobId).then((current) => {
            cancelled = current?.status === 'cancelled';
          });
        }
      },
      cancelled: () => cancelled || options.interrupted?.() === true,
    });
    const values = {
      status: 'succeeded' as const,
      finishedAt: new Date(),
      bytesRead: outcome.bytesRead,
      rowsRead: outcome.rowsRead,
      rowsImported: outcome.rowsImported,
      rowsUnchanged: outcome.rowsUnchanged,
      rowsSkipped: outcome.rowsSkipped,
      errorCount: outcome.errors.errors,
    };
    // The outcome, the members joined to new customer records and the announcement commit
    // together.
    const { finished, eventIds } = await db.tenant(tenantId, async (tx) => {
      const matched =
        job.dryRun || job.kind === 'mentions'
          ? { links: [], eventIds: [] }
          : await matchMembersToCustomers(tx, tenantId);
      const [row] = await tx
        .update(importJobs)
        .set({
          ...values,
          summary: { ...summaryOf(outcome), membersLinked: matched.links.length },
          updatedAt: sql`now()`,
        })
        .where(eq(importJobs.id, jobId))
        .returning();
      if (row === undefined) {
        throw new Error(`import job ${jobId} vanished`);
      }
      const completed = await emitEvent(tx, tenantId, 'import.completed', endPayload(row));
      return { finished: row, eventIds: [...matched.eventIds, completed] };
    });
    return { job: finished, outcome, eventIds };
  } catch (error) {
    const summary = await errors.close().catch(() => null);
    if (error instanceof ImportCancelled && options.interrupted?.() === true) {
      const stopped = await update(db, tenantId, jobId, {
        status: 'failed',
        finishedAt: new Date(),
        failure: 'Interrupted; run the same import again to resume after the last saved row.',
        errorCount: summary?.errors ?? 0,
      });
      return { job: stopped, outcome: null, eventIds: await announceEnd(db, tenantId, stopped) };
    }
    if (error instanceof ImportCancelled) {
      const current = await update(db, tenantId, jobId, { errorCount: summary?.errors ?? 0 });
      return { job: current, outcome: null, eventIds: await announceEnd(db, tenantId, current) };
    }
    const failure =
      error instanceof ImportFileError
        ? error.message
        : 'Guild could not finish the import; run it again to resume after the last saved row.';
    const failed = await update(db, tenantId, jobId, {
      status: 'failed',
      finishedAt: new Date(),
      failure,
      errorCount: summary?.errors ?? 0,
    });
    const eventIds = await announceEnd(db, tenantId, failed);
    if (error instanceof ImportFileError) {
      return { job: failed, outcome: null, eventIds };
    }
    throw error;
  }
}

/** What partners hear when an import ends: `import.completed`, with how it ended. */
function endPayload(job: ImportJob): Record<string, unknown> {
  return {
    importId: job.id,
    status: job.status,
    kind: job.kind,
    preset: job.preset,
    dryRun: job.dryRun,
    rowsRead: job.rowsRead,
    rowsImported: job.rowsImported,
    rowsUnchanged: job.rowsUnchanged,
    rowsSkipped: job.rowsSkipped,
    failure: job.failure,
  };
}

async function announceEnd(db: Database, tenantId: string, job: ImportJob): Promise<string[]> {
  const eventId = await db.tenant(tenantId, (tx) =>
    emitEvent(tx, tenantId, 'import.completed', endPayload(job)),
  );
  return [eventId];
}

function summaryOf(outcome: ImportOutcome): Record<string, unknown> {
  return {
    duplicateLines: outcome.duplicateLines,
    returnsLinked: outcome.returnsLinked,
    resumedFromLine: outcome.resumedFromLine,
    seconds: Math.round(outcome.seconds * 10) / 10,
    errorRows: outcome.errors.rows,
    skippedByReason: outcome.errors.byReason.slice(0, 20),
    examples: outcome.errors.examples,
  };
}

async function update(
  db: Database,
  tenantId: string,
  jobId: string,
  values: Partial<typeof importJobs.$inferInsert>,
): Promise<ImportJob> {
  const [job] = await db.tenant(tenantId, (tx) =>
    tx
      .update(importJobs)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(importJobs.id, jobId))
      .returning(),
  );
  if (job === undefined) {
    throw new Error(`import job ${jobId} vanished`);
  }
  return job;
}
