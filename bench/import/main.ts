/**
 * `npm run bench -- import`: Guild's import of the UCI Online Retail file (541,909 order lines,
 * gzip) against PostgreSQL's own bulk load, in one run on one machine.
 *
 * 1. `guild import orders … --preset online-retail` (the built CLI, in its own process, as an
 *    operator runs it) imports the file into a fresh database on the local PostgreSQL server:
 *    parse, type, key, write customers, products, orders and lines under row-level security,
 *    link returns. Its time is the one it reports; its peak RSS is read from /proc (VmHWM).
 * 2. The same decompressed rows are loaded with `COPY … FROM STDIN (FORMAT csv)` into a plain
 *    staging table of eight text columns: no parsing, no keys, no indexes. That is the baseline.
 * 3. Two floors, timed on the server from the staged rows: one INSERT … SELECT that only types
 *    them into a table with no keys, and the same into a table keyed by (order, line). COPY's
 *    time over COPY's time plus a floor is the best ratio any COPY-then-type import could reach.
 * 4. The same command imports the file into embedded PGlite on disk, timed the same way.
 *
 * `ratio` = Guild's rows/s ÷ COPY's rows/s. Targets: ratio ≥ 0.5, peak RSS ≤ 300 MB, PGlite
 * import under 3 minutes. Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432,
 * loopback only), BENCH_SKIP_PGLITE=true to skip step 3.
 *
 * Stdout holds the table and, as its very last line, one JSON object; progress goes to stderr.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase, type Database } from '../../src/core/db/database.js';
import { migrate } from '../../src/core/db/migrate.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { createBenchDatabase, DEFAULT_SERVER } from '../api/postgres.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const FILE = path.resolve(repoRoot, '../shared/data/online-retail/online_retail.csv.gz');
const ROWS = 541_909;

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** What one run of `guild import` did, as measured from outside it. */
interface CliRun {
  /** The import's own time, as it reports it ("done in … s"). */
  seconds: number;
  /** The process's peak resident memory (VmHWM), in MB. */
  peakMb: number;
}

/** The built CLI; built now if it is missing. */
function cliEntry(): string {
  if (!existsSync(path.join(repoRoot, 'dist/cli/main.js'))) {
    progress('building Guild (npm run build)…');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  }
  return path.join(repoRoot, 'bin/guild.js');
}

/** Peak RSS of a running process, from /proc (Linux). */
function peakRssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid ?? -1}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `guild import orders <file> --preset online-retail` as its own process, exactly as an
 * operator would, and samples its peak memory until it exits.
 */
async function runCli(env: Record<string, string>, tenant: string): Promise<CliRun> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'guild-bench-import-'));
  const child = spawn(
    process.execPath,
    [cliEntry(), 'import', 'orders', FILE, '--preset', 'online-retail', '--tenant', tenant],
    {
      cwd: repoRoot,
      env: { ...process.env, GUILD_LOG_LEVEL: 'warn', GUILD_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, peakRssMb(child.pid));
  }, 20);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    peak = Math.max(peak, peakRssMb(child.pid));
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearInterval(timer);
  rmSync(dataDir, { recursive: true, force: true });
  const done = /done in ([\d.]+) s/.exec(output);
  const read = /rows read +([\d,]+)/.exec(output);
  if (code !== 0 || done === null || read?.[1]?.replaceAll(',', '') !== String(ROWS)) {
    throw new Error(`guild import failed (exit ${code}):\n${output}`);
  }
  return { seconds: Number(done[1]), peakMb: peak };
}

/** Migrates a database and creates the tenant the import goes into. */
async function prepare(db: Database, slug: string): Promise<void> {
  try {
    await migrate(db);
    await createTenant(db, {
      slug,
      name: 'Bench retailer',
      defaultLocale: 'en-GB',
      regions: [],
      segments: [],
    });
  } finally {
    await db.close();
  }
}

/** Counts the order lines the import left, as a check that it did its work. */
async function countLines(db: Database): Promise<number> {
  try {
    const [row] = await db.query<{ lines: number }>(
      'SELECT count(*)::int AS lines FROM order_lines',
    );
    return row?.lines ?? 0;
  } finally {
    await db.close();
  }
}

interface CopyRun {
  /** COPY of the raw rows into eight text columns. */
  copySeconds: number;
  /** One INSERT … SELECT typing the staged rows into a table with no keys. */
  typedSeconds: number;
  /** The same into a table keyed like order lines (order id, line number). */
  keyedSeconds: number;
}

/**
 * Times a statement on the server. The two floors say how fast any import can be that first
 * COPYs and then types the rows in SQL: COPY's time plus the fastest typing step.
 */
async function timed(client: pg.Client, sql: string): Promise<number> {
  const began = performance.now();
  await client.query(sql);
  return (performance.now() - began) / 1000;
}

const TYPED_COLUMNS = `invoice_no, stock_code, description, quantity::int, unit_price::numeric,
  customer_id, country`;

async function copyBaseline(url: string): Promise<CopyRun> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE staging_online_retail (invoice_no text, stock_code text,
      description text, quantity text, invoice_date text, unit_price text, customer_id text,
      country text)`);
    const began = performance.now();
    await pipeline(
      createReadStream(FILE),
      createGunzip(),
      client.query(copyFrom('COPY staging_online_retail FROM STDIN (FORMAT csv, HEADER true)')),
    );
    const seconds = (performance.now() - began) / 1000;
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM staging_online_retail',
    );
    if (rows[0]?.n !== ROWS) {
      throw new Error(`COPY loaded ${rows[0]?.n} rows, expected ${ROWS}`);
    }
    await client.query(`CREATE TABLE floor_typed (invoice_no text, stock_code text,
      description text, quantity int, unit_price numeric(20, 6), customer_id text, country text)`);
    const typedSeconds = await timed(
      client,
      `INSERT INTO floor_typed SELECT ${TYPED_COLUMNS} FROM staging_online_retail`,
    );
    await client.query(`CREATE TABLE floor_keyed (order_id uuid, line bigint, invoice_no text,
      stock_code text, description text, quantity int, unit_price numeric(20, 6),
      customer_id text, country text, PRIMARY KEY (order_id, line))`);
    const keyedSeconds = await timed(
      client,
      `INSERT INTO floor_keyed SELECT md5(invoice_no)::uuid, row_number() OVER (), ${TYPED_COLUMNS}
       FROM staging_online_retail`,
    );
    return { copySeconds: seconds, typedSeconds, keyedSeconds };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) {
    progress(`skipped: ${FILE} is absent (see ../shared/data/README.md)`);
    console.log(JSON.stringify({ skipped: 'online-retail data absent' }));
    return;
  }
  const serverUrl = process.env.BENCH_PG_URL || DEFAULT_SERVER;

  progress('PostgreSQL: guild import (its own process)…');
  const database = await createBenchDatabase(serverUrl);
  let guild: CliRun;
  let copy: CopyRun;
  try {
    const url = database.url;
    await prepare(openDatabase({ url, pgliteDir: 'memory://', poolSize: 2 }), 'bench');
    guild = await runCli({ DATABASE_URL: url }, 'bench');
    const lines = await countLines(openDatabase({ url, pgliteDir: 'memory://', poolSize: 1 }));
    if (lines !== ROWS) {
      throw new Error(`expected ${ROWS} order lines, found ${lines}`);
    }
    progress('PostgreSQL: COPY baseline…');
    copy = await copyBaseline(url);
  } finally {
    await database.drop();
  }
  const { copySeconds } = copy;
  const guildSeconds = guild.seconds;
  const peakMb = guild.peakMb;

  let pglite: CliRun | null = null;
  if (process.env.BENCH_SKIP_PGLITE !== 'true') {
    progress('PGlite on disk: guild import (its own process)…');
    const dir = mkdtempSync(path.join(tmpdir(), 'guild-bench-pglite-'));
    try {
      await prepare(openDatabase({ url: null, pgliteDir: dir, poolSize: 1 }), 'bench');
      pglite = await runCli({ DATABASE_URL: '', GUILD_PGLITE_DIR: dir }, 'bench');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const pgliteSeconds = pglite?.seconds ?? null;

  const guildRate = ROWS / guildSeconds;
  const copyRate = ROWS / copySeconds;
  const ratio = guildRate / copyRate;
  // An import that COPYs and then types in SQL spends at least COPY's time plus the typing step.
  const typedCeiling = copySeconds / (copySeconds + copy.typedSeconds);
  const keyedCeiling = copySeconds / (copySeconds + copy.keyedSeconds);
  const round = (value: number, digits = 3) => Number(value.toFixed(digits));
  const rows: [string, string][] = [
    ['rows in the file', ROWS.toLocaleString('en')],
    ['PostgreSQL: Guild import (s)', guildSeconds.toFixed(2)],
    ['PostgreSQL: Guild rows/s', Math.round(guildRate).toLocaleString('en')],
    ['PostgreSQL: COPY into a staging table (s)', copySeconds.toFixed(2)],
    ['PostgreSQL: COPY rows/s', Math.round(copyRate).toLocaleString('en')],
    ['ratio (Guild rows/s ÷ COPY rows/s)', ratio.toFixed(3)],
    [
      'floor: one INSERT … SELECT typing the staged rows, no keys (s)',
      copy.typedSeconds.toFixed(2),
    ],
    ['floor: the same into a table keyed by (order, line) (s)', copy.keyedSeconds.toFixed(2)],
    ['best ratio of COPY-then-type, no keys', typedCeiling.toFixed(3)],
    ['best ratio of COPY-then-type, keyed', keyedCeiling.toFixed(3)],
    ['peak RSS of the guild import process on PostgreSQL (MB)', peakMb.toFixed(0)],
    [
      'peak RSS of the guild import process on PGlite (MB)',
      pglite === null ? 'skipped' : pglite.peakMb.toFixed(0),
    ],
    [
      'PGlite on disk: Guild import (s)',
      pgliteSeconds === null ? 'skipped' : pgliteSeconds.toFixed(1),
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) {
    console.log(`${label.padEnd(width)}  ${value}`);
  }
  console.log(
    `Target ratio >= 0.5: ${ratio.toFixed(3)}, ${ratio >= 0.5 ? 'met' : 'NOT met'}; ` +
      `peak RSS <= 300 MB: ${peakMb.toFixed(0)}, ${peakMb <= 300 ? 'met' : 'NOT met'}; ` +
      `PGlite < 180 s: ${pgliteSeconds === null ? 'skipped' : `${pgliteSeconds.toFixed(1)}, ${pgliteSeconds < 180 ? 'met' : 'NOT met'}`}`,
  );
  console.log(
    JSON.stringify({
      ratio: round(ratio),
      peak_rss_mb: round(peakMb, 1),
      pglite_seconds: pgliteSeconds === null ? null : round(pgliteSeconds, 1),
      pglite_peak_rss_mb: pglite === null ? null : round(pglite.peakMb, 1),
      guild_rows_per_s: Math.round(guildRate),
      copy_rows_per_s: Math.round(copyRate),
      guild_seconds: round(guildSeconds, 2),
      copy_seconds: round(copySeconds, 2),
      floor_typed_seconds: round(copy.typedSeconds, 2),
      floor_keyed_seconds: round(copy.keyedSeconds, 2),
      ceiling_ratio_typed: round(typedCeiling),
      ceiling_ratio_keyed: round(keyedCeiling),
      rows: ROWS,
    }),
  );
}

await main();
