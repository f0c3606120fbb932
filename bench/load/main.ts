/**
 * `npm run bench -- load`: two `guild start` processes on one PostgreSQL database, driven by
 * an open-loop load generator at a fixed arrival rate with a realistic mix (70 % reads, 20 %
 * posts and comments through moderation, 10 % reactions and point awards) from many
 * signed-in members, round robin over both processes; then the same mix against one process.
 *
 * Environment: BENCH_SECONDS (measured seconds per run, default 60), BENCH_RATE (requests
 * started per second, all routes together, default 300), BENCH_MEMBERS (members per run,
 * default 400), BENCH_WARMUP (unmeasured seconds before each run, in which the rate ramps up
 * to BENCH_RATE, default 15), BENCH_DB_POOL (GUILD_DB_POOL_SIZE of each Guild, default Guild's own),
 * BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432, loopback only), BENCH_DB_PREFIX
 * (name of the throw-away database before its random suffix, default guild_bench_load).
 *
 * Stdout holds the tables and, as its very last line, one JSON object; progress goes to
 * stderr. Every process it starts is ended by its pid, and the database is dropped, also on
 * failure and on Ctrl-C.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/core/config/config.js';
import { sessionCookieName } from '../../src/accounts/auth.plugin.js';
import {
  backendPids,
  createLoadDatabase,
  databaseSettings,
  type LoadDatabase,
} from './database.js';
import { runTable, summaryJson, verdict, type RunReport } from './report.js';
import { seed, TENANT, type Fixture } from './seed.js';
import { cpuSeconds, guildCommand, startGuildProcess, type GuildProcess } from './servers.js';
import type { TrafficResult, TrafficSpec } from './traffic.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

function whole(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

const progress = (line: string) => console.error(line);

/** What has to be undone, in order, however the run ends. */
const cleanup = {
  generator: null as ChildProcess | null,
  guilds: [] as GuildProcess[],
  database: null as LoadDatabase | null,
  dataDir: null as string | null,
};

async function tearDown(): Promise<void> {
  const generator = cleanup.generator;
  if (generator?.pid !== undefined && generator.exitCode === null) {
    process.kill(generator.pid, 'SIGKILL');
  }
  await Promise.all(cleanup.guilds.map((guild) => guild.stop().catch(() => undefined)));
  cleanup.guilds = [];
  if (cleanup.database) {
    const database = cleanup.database;
    const { name } = database;
    cleanup.database = null;
    await database.drop().then(
      () => progress(`dropped database ${name}`),
      (error: unknown) => progress(`could not drop database ${name}: ${String(error)}`),
    );
  }
  if (cleanup.dataDir) {
    rmSync(cleanup.dataDir, { recursive: true, force: true });
    cleanup.dataDir = null;
  }
}

function onSignal(signal: NodeJS.Signals) {
  progress(`${signal}: stopping the Guild processes and dropping the database`);
  void tearDown().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
}

/**
 * CPU seconds used so far by each PostgreSQL backend connected to the benchmark's database
 * (a backend that closes during a run takes its share with it, so this is a lower bound).
 */
async function postgresCpu(): Promise<Map<number, number>> {
  const database = cleanup.database;
  const used = new Map<number, number>();
  if (!database) {
    return used;
  }
  for (const pid of await backendPids(database.server, database.name)) {
    const seconds = cpuSeconds(pid);
    if (seconds !== null) {
      used.set(pid, seconds);
    }
  }
  return used;
}

/** Runs one traffic spec in the generator's own process. */
function generate(spec: TrafficSpec): Promise<TrafficResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(HERE, 'generator.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    cleanup.generator = child;
    let result: TrafficResult | null = null;
    child.once('message', (message) => {
      result = message as TrafficResult;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      cleanup.generator = null;
      if (result) {
        resolve(result);
      } else {
        reject(new Error(`the load generator exited with code ${code} and no result`));
      }
    });
    child.send(spec);
  });
}

async function measure(
  label: string,
  guilds: GuildProcess[],
  spec: Omit<TrafficSpec, 'targets'>,
): Promise<RunReport> {
  progress(
    `${label}: ${spec.warmupSeconds} s warm-up, then ${spec.seconds} s at ${spec.rate} req/s`,
  );
  const loadBefore = os.loadavg()[0] ?? 0;
  const cpu = () =>
    guilds.reduce<number | null>((sum, g) => {
      const used = cpuSeconds(g.pid);
      return sum === null || used === null ? null : sum + used;
    }, 0);
  const cpuBefore = cpu();
  const pgBefore = await postgresCpu();
  const result = await generate({ ...spec, targets: guilds.map((g) => g.url) });
  const cpuAfter = cpu();
  const pgAfter = await postgresCpu();
  const requests = result.issued;
  let pgUsed = 0;
  for (const [pid, used] of pgAfter) {
    pgUsed += used - (pgBefore.get(pid) ?? 0);
  }
  return {
    label,
    processes: guilds.length,
    result,
    loadBefore,
    loadAfter: os.loadavg()[0] ?? 0,
    guildCpuMsPerRequest:
      cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / requests,
    postgresCpuMsPerRequest: pgAfter.size === 0 ? null : (pgUsed * 1000) / requests,
  };
}

function trafficFor(fixture: Fixture, group: number, settings: Settings, cookieName: string) {
  return {
    cookieName,
    rate: settings.rate,
    warmupSeconds: settings.warmup,
    seconds: settings.seconds,
    members: fixture.groups[group]!,
    manager: fixture.manager,
    spaces: fixture.spaces,
    postIds: fixture.postIds,
    runIndex: group + 1,
  };
}

interface Settings {
  seconds: number;
  rate: number;
  members: number;
  warmup: number;
  pool: number | null;
  profileDir: string | null;
}

const PRIME_MEMBERS = 20;

/** A short, unmeasured, gentle run of the whole mix against every process. */
async function prime(guilds: GuildProcess[], fixture: Fixture, cookieName: string) {
  progress('priming: 5 s of the mix at 20 req/s, not measured');
  const result = await generate({
    targets: guilds.map((g) => g.url),
    cookieName,
    rate: 20,
    warmupSeconds: 0,
    seconds: 5,
    members: fixture.groups[2]!,
    manager: fixture.manager,
    spaces: fixture.spaces,
    postIds: fixture.postIds,
    runIndex: 3,
  });
  if (result.errors > 0) {
    throw new Error(`priming failed: ${result.samples.join('; ')}`);
  }
}

async function main(): Promise<void> {
  const settings: Settings = {
    seconds: whole('BENCH_SECONDS', 60, 1, 600),
    rate: whole('BENCH_RATE', 300, 1, 5000),
    members: whole('BENCH_MEMBERS', 400, 1, 5000),
    warmup: whole('BENCH_WARMUP', 15, 0, 120),
    pool: process.env.BENCH_DB_POOL ? whole('BENCH_DB_POOL', 10, 1, 500) : null,
    profileDir: process.env.BENCH_PROFILE_DIR ? path.resolve(process.env.BENCH_PROFILE_DIR) : null,
  };
  const { server, prefix } = databaseSettings(process.env);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const database = await createLoadDatabase(server, prefix);
  cleanup.database = database;
  progress(`database ${database.name}`);
  cleanup.dataDir = mkdtempSync(path.join(os.tmpdir(), 'guild-bench-load-'));
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    GUILD_DEFAULT_TENANT: TENANT,
    GUILD_DEMO: 'off',
    // Each member writes far less than this; it only keeps the per-member limit out of the way
    // of the manager, who makes every point award.
    GUILD_WRITES_PER_MINUTE: '1000000',
    GUILD_LOG_LEVEL: 'warn',
    GUILD_MAIL: 'off',
    GUILD_DATA_DIR: cleanup.dataDir,
    ...(settings.pool === null ? {} : { GUILD_DB_POOL_SIZE: String(settings.pool) }),
  };
  const config = loadConfig({ ...env, GUILD_PORT: '0' });
  const cookieName = sessionCookieName(config);

  // Groups 0 and 1 are the two measured runs; group 2 (PRIME_MEMBERS of it) warms each
  // process up first, so that lazy start-up work (moderation models, prepared code paths,
  // JIT) is not measured.
  const fixture = await seed(config, [settings.members, settings.members, PRIME_MEMBERS], progress);
  progress(`seeded in ${fixture.seconds.toFixed(1)} s`);
  const command = guildCommand();
  progress(`starting two Guild processes: ${command.label}`);
  const a = await startGuildProcess('guild-a', env, progress, settings.profileDir);
  cleanup.guilds.push(a);
  const b = await startGuildProcess('guild-b', env, progress, settings.profileDir);
  cleanup.guilds.push(b);
  await prime([a, b], fixture, cookieName);

  const two = await measure('two processes', [a, b], trafficFor(fixture, 0, settings, cookieName));
  // A fresh process for the comparison: one that fell behind may still be working through
  // requests the generator gave up on, which would be measured against the next run.
  await Promise.all([a.stop(), b.stop()]);
  cleanup.guilds = [];
  const c = await startGuildProcess('guild-c', env, progress, settings.profileDir);
  cleanup.guilds.push(c);
  await prime([c], fixture, cookieName);
  const one = await measure('one process', [c], trafficFor(fixture, 1, settings, cookieName));
  await tearDown();

  const lines = [
    `Guild load benchmark on 127.0.0.1: ${os.availableParallelism()} CPUs shared by the Guild ` +
      'processes, the load generator and PostgreSQL',
    `Guild processes: ${command.label}; pool ${settings.pool ?? config.database.poolSize} ` +
      `connections each; ${settings.members} signed-in members per run (a fresh group for each run)`,
    '',
    ...runTable(two),
    '',
    ...runTable(one),
    '',
    ...verdict([two, one]),
  ];
  console.log(lines.join('\n'));
  console.log(
    summaryJson(two, one, {
      seconds: settings.seconds,
      members_per_run: settings.members,
      db_pool: settings.pool ?? config.database.poolSize,
    }),
  );
  process.exitCode = two.result.errors + one.result.errors === 0 ? 0 : 1;
}

try {
  await main();
} catch (error) {
  progress(
    `load benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  await tearDown();
  console.log(
    JSON.stringify({
      errors: null,
      failed: error instanceof Error ? error.message : String(error),
    }),
  );
  process.exitCode = 1;
}
