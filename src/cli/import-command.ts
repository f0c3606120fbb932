/**
 * `guild import <kind> <file>`: imports a retailer's file into a tenant from the shell, with a
 * progress bar (rows/s and time left) on a terminal, a dry run, a row-level error report, and
 * resumption of an import of the same file that a crash cut short.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { Worker } from 'node:worker_threads';
import { InvalidArgumentError, type Command } from 'commander';
import type { GuildConfig } from '../core/config/config.js';
import type { Database } from '../core/db/database.js';
import { seedDemo } from '../demo/demo-seed.js';
import { IMPORT_KINDS, type ImportKind } from '../integrations/integrations.table.js';
import type { ImportCounts, ImportOutcome } from '../integrations/imports/import-run.js';
import {
  ImportRequestError,
  createImportJob,
  executeImportJob,
  findResumableJob,
  fingerprintFile,
  resolvePreset,
  type ImportJob,
} from '../integrations/imports/import-jobs.service.js';

export interface ImportOptions {
  preset?: string;
  mapping?: string;
  tenant?: string;
  dryRun?: boolean;
  restart?: boolean;
  progress?: boolean;
}

/** What the import command needs from the rest of the CLI. */
export interface ImportCommandContext {
  config(): GuildConfig;
  withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T>;
}

function kindOf(value: string): ImportKind {
  if (!(IMPORT_KINDS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`Kind must be one of ${IMPORT_KINDS.join(', ')}.`);
  }
  return value as ImportKind;
}

/** Adds `guild import` to `program`. */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description("Import a retailer's CSV or NDJSON file (plain or .gz) into a community")
    .argument('<kind>', `what the file holds: ${IMPORT_KINDS.join(', ')}`, kindOf)
    .argument('<file>', 'the file to import')
    .option(
      '--preset <name>',
      'column mapping: online-retail, shopify-orders, customers, social-mentions',
    )
    .option('--mapping <file>', 'a JSON mapping file (renames columns, sets number/date formats)')
    .option('--tenant <slug>', 'the community to import into (default: GUILD_DEFAULT_TENANT)')
    .option('--dry-run', 'check and count everything, then keep nothing')
    .option('--restart', 'start afresh instead of resuming an unfinished import of this file')
    .option('--no-progress', 'no progress bar')
    .action(async (kind: ImportKind, file: string, options: ImportOptions) => {
      const status = await importInWorker({ kind, file, options });
      if (status !== 'succeeded') {
        process.exitCode = 1;
      }
    });
}

/** What the import worker is given. */
export interface ImportWorkerData {
  kind: ImportKind;
  file: string;
  options: ImportOptions;
}

/** What the import worker answers. */
export type ImportWorkerMessage =
  | { type: 'done'; status: string }
  | { type: 'error'; message: string; badInput: boolean }
  | { type: 'progress'; event: 'start' | 'update' | 'stop'; bytes: number; rows: number };

/** What the main thread tells the import worker. */
export type ImportControlMessage = { type: 'interrupt' };

/** Where an import reports its progress: a terminal bar, log lines, or the main thread. */
export interface ProgressSink {
  start(totalBytes: number): void;
  update(bytesRead: number, rowsRead: number): void;
  stop(): void;
}

/**
 * The heap an import may grow to. An import's live data is small (one batch and bounded key
 * sets), but left alone V8 lets a busy heap grow far beyond it; a worker with this limit keeps
 * a long import's memory flat at a small cost in time.
 */
const IMPORT_HEAP_MB = 192;

/** Runs the import in a worker thread with a bounded heap; resolves to the job's status. */
async function importInWorker(data: ImportWorkerData): Promise<string> {
  const here = import.meta.url;
  const options = { workerData: data, resourceLimits: { maxOldGenerationSizeMb: IMPORT_HEAP_MB } };
  // From the TypeScript sources (development, tests), the worker first registers tsx.
  const worker = here.endsWith('.ts')
    ? new Worker(
        `import('tsx/esm/api').then((tsx) => { tsx.register(); ` +
          `return import(${JSON.stringify(new URL('./import-worker.ts', here).href)}); })`,
        { ...options, eval: true },
      )
    : new Worker(new URL('./import-worker.js', here), options);
  const display = terminalProgress(data.options.progress !== false);
  // Ctrl+C asks the import to stop after the batch it is writing, so the job is left ready to
  // resume; a second Ctrl+C stops at once.
  const interrupt = () => {
    worker.postMessage({ type: 'interrupt' } satisfies ImportControlMessage);
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    worker.on('message', (message: ImportWorkerMessage) => {
      if (message.type === 'progress') {
        if (message.event === 'start') {
          display.start(message.bytes);
        } else if (message.event === 'update') {
          display.update(message.bytes, message.rows);
        } else {
          display.stop();
        }
        return;
      }
      answered = true;
      process.off('SIGINT', interrupt);
      display.stop();
      if (message.type === 'done') {
        resolve(message.status);
      } else {
        reject(
          message.badInput ? new InvalidArgumentError(message.message) : new Error(message.message),
        );
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (!answered) {
        reject(new Error(`the import stopped unexpectedly (worker exit ${code})`));
      }
    });
  });
}

/** Imports one file; run by the import worker. */
export async function importFile(
  context: ImportCommandContext,
  kind: ImportKind,
  file: string,
  options: ImportOptions,
  progress: ProgressSink,
  interrupted: () => boolean = () => false,
): Promise<{ job: ImportJob; outcome: ImportOutcome | null }> {
  const config = context.config();
  const filePath = path.resolve(file);
  const mapping = options.mapping ? await readMapping(options.mapping) : null;
  let presetName: string;
  try {
    presetName = resolvePreset(kind, options.preset ?? null, mapping).name;
  } catch (error) {
    throw error instanceof ImportRequestError ? new InvalidArgumentError(error.message) : error;
  }
  const fingerprint = await fingerprintFile(filePath).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidArgumentError(
      code === 'ENOENT' ? `No file at ${filePath}.` : `Cannot read ${filePath} (${code}).`,
    );
  });

  return context.withDatabase(async (db) => {
    const tenantId = await tenantFor(db, options.tenant ?? config.tenancy.defaultTenant, config);
    const resumable =
      options.restart || options.dryRun
        ? null
        : await findResumableJob(db, tenantId, {
            kind,
            preset: presetName,
            fingerprint: fingerprint.hash,
          });
    const job =
      resumable ??
      (await createImportJob(db, tenantId, {
        kind,
        preset: presetName,
        mapping,
        origin: 'cli',
        fileName: path.basename(filePath),
        filePath: null,
        fileBytes: fingerprint.bytes,
        fileFingerprint: fingerprint.hash,
        dryRun: options.dryRun === true,
        createdBy: null,
      }));
    if (resumable !== null) {
      console.log(
        `Resuming import ${job.id} after line ${job.checkpointLine.toLocaleString('en')} ` +
          '(use --restart to start afresh).',
      );
    }

    progress.start(fingerprint.bytes);
    let result: Awaited<ReturnType<typeof executeImportJob>>;
    try {
      result = await executeImportJob(db, tenantId, job.id, {
        dataDir: config.imports.dataDir,
        source: filePath,
        onProgress: (counts: ImportCounts) => progress.update(counts.bytesRead, counts.rowsRead),
        interrupted,
      });
    } finally {
      progress.stop();
    }
    printOutcome(result.job, result.outcome);
    return result;
  });
}

/**
 * The progress display of the terminal: a bar with rows, rows/s and time left on a terminal;
 * without one (a log, CI) a line every 10 seconds; nothing with --no-progress.
 */
function terminalProgress(enabled: boolean): ProgressSink {
  const bar =
    enabled && process.stderr.isTTY
      ? new SingleBar({
          format:
            'Importing [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 20,
        })
      : null;
  let began = Date.now();
  let lastLine = began;
  let running = false;
  return {
    start(totalBytes) {
      began = Date.now();
      lastLine = began;
      running = true;
      bar?.start(Math.max(totalBytes, 1), 0, { rows: '0', rate: '0' });
    },
    update(bytesRead, rowsRead) {
      const now = Date.now();
      const rows = rowsRead.toLocaleString('en');
      const rate = Math.round(rowsRead / Math.max((now - began) / 1000, 0.001));
      bar?.update(bytesRead, { rows, rate: rate.toLocaleString('en') });
      if (bar === null && enabled && now - lastLine >= 10_000) {
        lastLine = now;
        console.error(`… ${rows} rows read (${rate.toLocaleString('en')} rows/s)`);
      }
    },
    stop() {
      if (running) {
        running = false;
        bar?.stop();
      }
    },
  };
}

async function readMapping(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InvalidArgumentError(`Cannot read the mapping file ${file}.`);
  }
  try {
    const json: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw new InvalidArgumentError(`The mapping file ${file} must hold a JSON object.`);
    }
    return json as Record<string, unknown>;
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      throw error;
    }
    throw new InvalidArgumentError(
      `The mapping file ${file} is not valid JSON (${(error as Error).message}).`,
    );
  }
}

/** The demo community's address name. */
const DEMO_SLUG = 'demo';

/**
 * The tenant to import into. An empty database asked for the demo community (the default
 * tenant, with GUILD_DEMO=auto) gets it first, as `guild start` would; nothing else is created.
 */
async function tenantFor(db: Database, slug: string, config: GuildConfig): Promise<string> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [slug]);
  if (row !== undefined) {
    return row.id;
  }
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM tenants',
  );
  if (count === 0 && config.demo.mode === 'auto' && slug === DEMO_SLUG) {
    console.log('The database has no community yet: creating the demo community first.');
    const demo = await seedDemo(db);
    const [created] = await db.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [
      demo.tenantSlug,
    ]);
    if (created !== undefined) {
      return created.id;
    }
  }
  throw new InvalidArgumentError(
    `No community "${slug}". Create it with \`guild tenant create --slug ${slug} --name …\`, ` +
      'or start Guild once (it creates the demo community in an empty database).',
  );
}

function printOutcome(job: ImportJob, outcome: ImportOutcome | null): void {
  const n = (value: number) => value.toLocaleString('en');
  if (outcome === null) {
    console.log(
      job.status === 'cancelled'
        ? `Import ${job.id} was cancelled after line ${n(job.checkpointLine)}.`
        : `Import ${job.id} failed: ${job.failure ?? 'unknown reason'}`,
    );
    if (job.checkpointLine > 0 && job.status === 'failed') {
      console.log(
        `Rows up to line ${n(job.checkpointLine)} were imported; they are recognised, ` +
          'not duplicated, when the import runs again.',
      );
    }
    return;
  }
  const verb = outcome.dryRun ? 'would be imported' : 'imported';
  console.log(
    `${outcome.dryRun ? 'Dry run of import' : 'Import'} ${job.id} (${job.kind}, ${job.preset}) ` +
      `done in ${outcome.seconds.toFixed(1)} s.`,
  );
  console.log(`  rows read      ${n(outcome.rowsRead)}`);
  console.log(`  ${verb.padEnd(14)} ${n(outcome.rowsImported)}`);
  console.log(`  unchanged      ${n(outcome.rowsUnchanged)} (already in Guild as they are)`);
  console.log(`  skipped        ${n(outcome.rowsSkipped)}`);
  if (outcome.errors.byReason.length > 0) {
    console.log('  reported, by reason:');
  }
  for (const { reason, count } of outcome.errors.byReason.slice(0, 10)) {
    console.log(`    ${n(count).padStart(8)}  ${reason}`);
  }
  if (job.kind === 'orders') {
    console.log(
      `  duplicate lines ${n(outcome.duplicateLines)} (identical lines of one order: kept and listed)`,
    );
    console.log(`  return lines linked to their sale: ${n(outcome.returnsLinked)}`);
  }
  if (outcome.resumedFromLine > 0) {
    console.log(`  resumed after line ${n(outcome.resumedFromLine)}`);
  }
  if (outcome.errors.errors > 0 && outcome.errors.reportPath !== null) {
    console.log(`Report (line, column, value, reason): ${outcome.errors.reportPath}`);
  }
}
