/**
 * `npm run bench -- api`: Guild's HTTP API on the loopback interface, on embedded PGlite and
 * on a local PostgreSQL server. Per database: feed reads as a signed-in member, the same feed
 * query without HTTP (the baseline of `read_ratio`), then post and comment creation at 100/s.
 *
 * Environment: BENCH_SECONDS (per phase, default 10), BENCH_PG_URL (default
 * postgres://postgres@127.0.0.1:5432, loopback only), BENCH_CLIENT=inline to run autocannon
 * on the server's thread instead of a worker thread (see client.ts).
 *
 * The server, the load generator and (for PGlite) the database all run in this one process
 * on a 2-core machine, so absolute figures are modest; the ratios are the point.
 *
 * Stdout holds the table and, as its very last line, one JSON object; progress goes to stderr.
 */
import os from 'node:os';
import { clientMode } from './client.js';
import { benchDatabase, type Settings } from './phases.js';
import { createBenchDatabase, DEFAULT_SERVER, type BenchDatabase } from './postgres.js';
import { summaryJson, table, type Outcome } from './report.js';

function secondsPerPhase(raw: string | undefined): number {
  if (raw === undefined || raw === '') {
    return 10;
  }
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
    throw new Error(`BENCH_SECONDS must be a whole number from 1 to 600 (got "${raw}")`);
  }
  return seconds;
}

/** Host and port only: a URL given in BENCH_PG_URL may carry a password. */
function where(serverUrl: string): string {
  try {
    return new URL(serverUrl).host;
  } catch {
    return 'BENCH_PG_URL (not a URL)';
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function onPglite(settings: Settings): Promise<Outcome> {
  settings.progress('PGlite (in memory, in this process)');
  try {
    return { figures: await benchDatabase(null, settings), error: null };
  } catch (error) {
    return { figures: null, error: `failed: ${message(error)}` };
  }
}

let stopRunningGuild: (() => Promise<void>) | null = null;

/**
 * On Ctrl-C or SIGTERM: stops Guild (at most 3 s, so its pool lets go of the database), drops
 * the database, and exits with the usual code.
 */
function dropOnSignal(database: BenchDatabase): () => void {
  const handler = (signal: NodeJS.Signals) => {
    const stop = stopRunningGuild?.() ?? Promise.resolve();
    const capped = Promise.race([stop, new Promise((resolve) => setTimeout(resolve, 3000))]);
    void capped
      .catch(() => undefined)
      .then(() => database.drop())
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

async function onPostgres(settings: Settings, serverUrl: string): Promise<Outcome> {
  let database: BenchDatabase;
  try {
    database = await createBenchDatabase(serverUrl);
  } catch (error) {
    return { figures: null, error: `not available at ${where(serverUrl)}: ${message(error)}` };
  }
  settings.progress(`PostgreSQL (database ${database.name})`);
  const release = dropOnSignal(database);
  try {
    return { figures: await benchDatabase(database.url, settings), error: null };
  } catch (error) {
    return { figures: null, error: `failed: ${message(error)}` };
  } finally {
    await database.drop().catch((error: unknown) => {
      settings.progress(`could not drop ${database.name}: ${message(error)}`);
    });
    release();
  }
}

async function main(): Promise<void> {
  const settings: Settings = {
    seconds: secondsPerPhase(process.env.BENCH_SECONDS),
    client: clientMode(process.env),
    progress: (line) => console.error(line),
    running: (stop) => {
      stopRunningGuild = stop;
    },
  };
  const loadBefore = os.loadavg()[0] ?? 0;
  const pglite = await onPglite(settings);
  const postgres = await onPostgres(settings, process.env.BENCH_PG_URL || DEFAULT_SERVER);
  const report = {
    seconds: settings.seconds,
    client: settings.client === 'worker' ? 'autocannon in a worker thread' : 'autocannon inline',
    machine: { cpus: os.availableParallelism(), loadBefore, loadAfter: os.loadavg()[0] ?? 0 },
    pglite,
    postgres,
  };
  console.log(table(report).join('\n'));
  console.log(summaryJson(report));
  const failed = [pglite.error, postgres.error].some((e) => e?.startsWith('failed'));
  process.exitCode = failed ? 1 : 0;
}

await main();
