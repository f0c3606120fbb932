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
      const status = await importInWorker({
        kind,
        file,
        options: { ...options, tty: process.stderr.isTTY === true },
      });
      if (status !== 'succeeded') {
        process.exitCode = 1;
      }
    });
}

/** What the import worker is given. */
export interface ImportWorkerData {
  kind: ImportKind;
  file: string;
  options: ImportOptions & { tty: boolean };
}

/** What the import worker answers. */
export type ImportWorkerMessage =
  { type: 'done'; status: string } | { type: 'error'; message: string; badInput: boolean };

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
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    worker.on('message', (message: ImportWorkerMessage) => {
      answered = true;
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
  options: ImportOptions & { tty?: boolean },
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
    const tenantId = await tenantFor(db, options.tenant ?? config.tenancy.defaultTenant);
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

    const bar = options.progress !== false && options.tty === true ? progressBar() : null;
    bar?.start(fingerprint.bytes, 0, { rows: '0', rate: '0' });
    const began = Date.now();
    let lastLine = began;
    let result: Awaited<ReturnType<typeof executeImportJob>>;
    try {
      result = await executeImportJob(db, tenantId, job.id, {
        dataDir: config.imports.dataDir,
        source: filePath,
        onProgress: (counts: ImportCounts) => {
          const now = Date.now();
          const rows = counts.rowsRead.toLocaleString('en');
          const rate = Math.round(counts.rowsRead / Math.max((now - began) / 1000, 0.001));
          bar?.update(counts.bytesRead, { rows, rate: rate.toLocaleString('en') });
          // Without a terminal (a log, CI), one line every 10 seconds instead of a bar.
          if (bar === null && options.progress !== false && now - lastLine >= 10_000) {
            lastLine = now;
            console.error(`… ${rows} rows read (${rate.toLocaleString('en')} rows/s)`);
          }
        },
      });
    } finally {
      bar?.stop();
    }
    printOutcome(result.job, result.outcome);
    return result;
  });
}

function progressBar(): SingleBar {
  return new SingleBar({
    format: 'Importing [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 20,
  });
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

/** The tenant to import into; an empty database gets the demo community first. */
async function tenantFor(db: Database, slug: string): Promise<string> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [slug]);
  if (row !== undefined) {
    return row.id;
  }
  const [{ count } = { count: 0 }] = await db.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM tenants',
  );
  if (count === 0) {
    console.log('The database has no community yet: creating the demo community first.');
    const demo = await seedDemo(db);
    const [created] = await db.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [
      demo.tenantSlug,
    ]);
    if (created !== undefined && demo.tenantSlug === slug) {
      return created.id;
    }
  }
  throw new InvalidArgumentError(`No community "${slug}"; name one with --tenant <slug>.`);
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
