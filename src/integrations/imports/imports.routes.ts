/**
 * The import API under /api/v1/integrations/imports: upload a file (the request body is the
 * file itself, CSV or NDJSON, plain or gzip) to start an import job, follow its progress, read
 * its error report, cancel it. Admins only (`integrations:manage`); starting and cancelling are
 * audited.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { Type, type Static } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import type { GuildConfig } from '../../core/config/config.js';
import type { Database } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { GuildServer } from '../../core/http/server.js';
import type { JobRunner } from '../../core/jobs/jobs.js';
import { repeatEvery } from '../../core/jobs/repeat.js';
import { IMPORT_KINDS, IMPORT_STATUSES } from '../integrations.table.js';
import {
  ImportRequestError,
  cancelImportJob,
  claimStalledImport,
  createImportJob,
  findStalledImports,
  getImportJob,
  listImportJobs,
  resolvePreset,
  type ImportJob,
} from './import-jobs.service.js';
import { RunImportTask } from './import.task.js';

const BASE = '/api/v1/integrations/imports';
/** How often a process running jobs looks for imports whose process died. */
const RESCUE_SECONDS = 60;
/** The first look comes soon after start, so a restarted process picks up at once. */
const FIRST_RESCUE_SECONDS = 5;

function rescueSeconds(): () => number {
  let first = true;
  return () => {
    const seconds = first ? FIRST_RESCUE_SECONDS : RESCUE_SECONDS;
    first = false;
    return seconds;
  };
}
const access = 'integrations:manage' as const;
const tags = ['integrations'];

/** Body types taken as an import file, streamed to disk without parsing. */
export const IMPORT_MEDIA_TYPES = [
  'text/csv',
  'application/octet-stream',
  'application/gzip',
  'application/x-gzip',
  'application/x-ndjson',
  'application/ndjson',
  'text/tab-separated-values',
  // What some systems call any .csv file.
  'application/vnd.ms-excel',
];

const UploadQuery = Type.Object({
  kind: StringEnum(IMPORT_KINDS),
  fileName: Type.String({ minLength: 1, maxLength: 255 }),
  preset: Type.Optional(Type.String({ maxLength: 40 })),
  /** A mapping file's JSON, URL-encoded. */
  mapping: Type.Optional(Type.String({ maxLength: 16_000 })),
  dryRun: Type.Optional(Type.Boolean({ default: false })),
});

const ImportJobSchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(IMPORT_KINDS),
  preset: Type.String(),
  origin: StringEnum(['cli', 'upload']),
  fileName: Type.String(),
  fileBytes: Nullable(Type.Number()),
  dryRun: Type.Boolean(),
  status: StringEnum(IMPORT_STATUSES),
  bytesRead: Type.Number(),
  rowsRead: Type.Integer(),
  rowsImported: Type.Integer(),
  rowsUnchanged: Type.Integer(),
  rowsSkipped: Type.Integer(),
  errorCount: Type.Integer(),
  hasErrorReport: Type.Boolean(),
  failure: Nullable(Type.String()),
  summary: Nullable(Type.Record(Type.String(), Type.Unknown())),
  progress: Type.Object({
    /** Share of the file read, 0 to 1, when its size is known. */
    fraction: Nullable(Type.Number()),
    rowsPerSecond: Nullable(Type.Number()),
    etaSeconds: Nullable(Type.Number()),
  }),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});
type ImportJobView = Static<typeof ImportJobSchema>;

/** The API's view of a job, with its progress worked out. */
export function presentImportJob(job: ImportJob, now = new Date()): ImportJobView {
  const fraction =
    job.fileBytes !== null && job.fileBytes > 0
      ? Math.min(job.status === 'succeeded' ? 1 : job.bytesRead / job.fileBytes, 1)
      : null;
  const seconds =
    job.startedAt === null
      ? null
      : ((job.finishedAt ?? now).getTime() - job.startedAt.getTime()) / 1000;
  const rowsPerSecond =
    seconds !== null && seconds > 0 && job.rowsRead > 0 ? Math.round(job.rowsRead / seconds) : null;
  const etaSeconds =
    job.status === 'running' && fraction !== null && fraction > 0 && seconds !== null
      ? Math.round((seconds * (1 - fraction)) / fraction)
      : null;
  return {
    id: job.id,
    kind: job.kind,
    preset: job.preset,
    origin: job.origin,
    fileName: job.fileName,
    fileBytes: job.fileBytes,
    dryRun: job.dryRun,
    status: job.status,
    bytesRead: job.bytesRead,
    rowsRead: job.rowsRead,
    rowsImported: job.rowsImported,
    rowsUnchanged: job.rowsUnchanged,
    rowsSkipped: job.rowsSkipped,
    errorCount: job.errorCount,
    hasErrorReport: job.errorReportPath !== null && job.errorCount > 0,
    failure: job.failure,
    summary: job.summary,
    progress: { fraction, rowsPerSecond, etaSeconds },
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** Registers the import routes and the job that runs uploads. Call before the runner starts. */
export function registerImportRoutes(
  app: GuildServer,
  db: Database,
  config: GuildConfig,
  jobs: JobRunner,
  finished?: (tenantId: string, eventIds: readonly string[]) => void,
): void {
  const task = new RunImportTask(config.imports.dataDir, finished);
  jobs.register(task);
  if (config.jobs.work) {
    const stop = repeatEvery(
      rescueSeconds(),
      async () => {
        for (const stalled of await findStalledImports(db)) {
          if (await claimStalledImport(db, stalled.tenant_id, stalled.id)) {
            await jobs.send(task, { tenantId: stalled.tenant_id, importJobId: stalled.id });
            app.log.warn({ category: 'job', importJobId: stalled.id }, 'stalled import resumed');
          }
        }
      },
      (error) => app.log.error({ category: 'job', err: error }, 'stalled import sweep failed'),
    );
    app.addHook('onClose', () => stop());
  }

  app.addContentTypeParser(IMPORT_MEDIA_TYPES, (_request, payload, done) => {
    done(null, payload);
  });

  app.post(
    BASE,
    {
      config: { access },
      bodyLimit: config.imports.maxUploadBytes,
      schema: {
        tags,
        summary: 'Upload a file to import; the body is the file (CSV or NDJSON, plain or gzip)',
        querystring: UploadQuery,
        response: { 202: ImportJobSchema },
      },
    },
    async (request, reply) => {
      const tenantId = request.guild.tenant.id;
      const query = request.query;
      const mapping = parseMapping(query.mapping);
      try {
        resolvePreset(query.kind, query.preset ?? null, mapping);
      } catch (error) {
        if (error instanceof ImportRequestError) {
          throw new GuildError('import_request_invalid', error.message);
        }
        throw error;
      }
      if (!isStream(request.body)) {
        throw new GuildError(
          'unsupported_media_type',
          `Send the file itself as the body, as ${IMPORT_MEDIA_TYPES.join(', ')}.`,
        );
      }
      const stored = await storeUpload(
        request.body,
        path.join(config.imports.dataDir, 'uploads', tenantId),
        config.imports.maxUploadBytes,
      );
      const job = await createImportJob(db, tenantId, {
        kind: query.kind,
        preset: query.preset ?? null,
        mapping,
        origin: 'upload',
        fileName: path.basename(query.fileName),
        filePath: stored.path,
        fileBytes: stored.bytes,
        fileFingerprint: stored.fingerprint,
        dryRun: query.dryRun ?? false,
        createdBy: request.guild.actor?.userId ?? null,
      }).catch(async (error: unknown) => {
        await rm(stored.path, { force: true });
        throw error;
      });
      await db.tenant(tenantId, (tx) =>
        recordAudit(tx, request, {
          action: 'imports.create',
          targetType: 'import_job',
          targetId: job.id,
          details: {
            kind: job.kind,
            preset: job.preset,
            fileName: job.fileName,
            dryRun: job.dryRun,
          },
        }),
      );
      await jobs.send(task, { tenantId, importJobId: job.id });
      return reply.code(202).send(presentImportJob(job));
    },
  );

  app.get(
    BASE,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Import jobs, newest first, with their progress',
        querystring: PageQuery,
        response: { 200: PageOf(ImportJobSchema) },
      },
    },
    async (request) => {
      const page = await listImportJobs(db, request.guild.tenant.id, {
        limit: request.query.limit ?? 20,
        cursor: request.query.cursor,
      });
      return { items: page.items.map((job) => presentImportJob(job)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    `${BASE}/:id`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'One import job and its progress',
        params: IdParams,
        response: { 200: ImportJobSchema },
      },
    },
    async (request) =>
      presentImportJob(await jobOrFail(db, request.guild.tenant.id, request.params.id)),
  );

  app.get(
    `${BASE}/:id/errors`,
    {
      config: { access },
      schema: {
        tags,
        summary: "The job's row report as CSV: line, column, value, reason",
        params: IdParams,
      },
    },
    async (request, reply) => {
      const job = await jobOrFail(db, request.guild.tenant.id, request.params.id);
      if (job.errorReportPath === null) {
        throw new GuildError('not_found', 'This import has no error report.');
      }
      const stream = createReadStream(job.errorReportPath);
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      }).catch(() => {
        throw new GuildError('not_found', 'The error report of this import is no longer kept.');
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${job.id}-errors.csv"`)
        .send(stream);
    },
  );

  app.post(
    `${BASE}/:id/cancel`,
    {
      config: { access },
      schema: {
        tags,
        summary: 'Stop a queued or running import (rows already written stay)',
        params: IdParams,
        response: { 200: ImportJobSchema },
      },
    },
    async (request) => {
      const tenantId = request.guild.tenant.id;
      await jobOrFail(db, tenantId, request.params.id);
      if (!(await cancelImportJob(db, tenantId, request.params.id))) {
        throw new GuildError('conflict', 'This import has already ended.');
      }
      await db.tenant(tenantId, (tx) =>
        recordAudit(tx, request, {
          action: 'imports.cancel',
          targetType: 'import_job',
          targetId: request.params.id,
        }),
      );
      return presentImportJob(await jobOrFail(db, tenantId, request.params.id));
    },
  );
}

async function jobOrFail(db: Database, tenantId: string, id: string): Promise<ImportJob> {
  const job = await getImportJob(db, tenantId, id);
  if (job === null) {
    throw new GuildError('not_found', 'No such import.');
  }
  return job;
}

function parseMapping(raw: string | undefined): Record<string, unknown> | null {
  if (raw === undefined || raw === '') {
    return null;
  }
  try {
    const json: unknown = JSON.parse(raw);
    if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
      return json as Record<string, unknown>;
    }
  } catch {
    // Falls through to the error below.
  }
  throw new GuildError('import_request_invalid', 'The mapping must be a JSON object.');
}

function isStream(body: unknown): body is Readable {
  return typeof (body as Readable | null)?.pipe === 'function';
}

/** Streams the upload to a new file, hashing it; refuses more than `maxBytes`. */
async function storeUpload(
  body: Readable,
  directory: string,
  maxBytes: number,
): Promise<{ path: string; bytes: number; fingerprint: string }> {
  await mkdir(directory, { recursive: true });
  const target = path.join(directory, randomUUID());
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        callback(new GuildError('payload_too_large', 'The file is larger than Guild accepts.'));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createWriteStream(target));
  } catch (error) {
    await rm(target, { force: true });
    throw error instanceof GuildError
      ? error
      : new GuildError('validation_failed', 'The upload broke off.');
  }
  if (bytes === 0) {
    await rm(target, { force: true });
    throw new GuildError('import_request_invalid', 'The file is empty.');
  }
  return { path: target, bytes, fingerprint: `${bytes}:${hash.digest('hex')}` };
}
