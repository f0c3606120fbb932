/**
 * `npm run bench -- ledger`: awards through Guild's service path against the raw ledger
 * transaction, on the local PostgreSQL server, in one run.
 *
 * - Guild: `credit()` in a tenant transaction (row-level security, the idempotency key, the
 *   entry, the balances and the expiry lot in one statement), as the award API and the rules
 *   engine call it.
 * - Raw: the smallest correct ledger write through the `pg` driver: BEGIN; INSERT the entry;
 *   UPDATE the balance; COMMIT, on the same tables, as the owner (no row-level security).
 *
 * Both run with 8 concurrent workers over 2,000 members, alternating in rounds so that noise
 * on the machine falls on both. `ratio` = Guild's awards/s ÷ raw awards/s (target ≥ 0.5).
 * Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432, loopback only),
 * BENCH_LEDGER_SECONDS (seconds per round, default 5), BENCH_LEDGER_ROUNDS (default 3).
 *
 * Stdout holds the table and, as its very last line, one JSON object; progress goes to stderr.
 */
import pg from 'pg';
import { openDatabase } from '../../src/core/db/database.js';
import { migrate } from '../../src/core/db/migrate.js';
import { credit } from '../../src/gamification/ledger.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { createBenchDatabase, DEFAULT_SERVER } from '../api/postgres.js';

const WORKERS = 8;
const MEMBERS = 2000;
const SECONDS = Number(process.env.BENCH_LEDGER_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_LEDGER_ROUNDS ?? 3);

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

async function makeTenant(url: string, slug: string): Promise<{ id: string; members: string[] }> {
  const db = openDatabase({ url, pgliteDir: '', poolSize: 2 });
  try {
    const id = await createTenant(db, {
      slug,
      name: slug,
      defaultLocale: 'en-GB',
      regions: [],
      segments: [],
    });
    const rows = await db.query<{ id: string }>(
      `INSERT INTO users (tenant_id, email, username, username_key, display_name)
       SELECT $1, 'm' || g || '@example.com', 'm' || g, 'm' || g, 'Member ' || g
         FROM generate_series(1, ${MEMBERS}) g
       RETURNING id`,
      [id],
    );
    await db.query(
      `INSERT INTO point_balances (tenant_id, user_id) SELECT tenant_id, id FROM users
        WHERE tenant_id = $1`,
      [id],
    );
    return { id, members: rows.map((row) => row.id) };
  } finally {
    await db.close();
  }
}

/** Runs `award` in `WORKERS` loops for `SECONDS`; returns awards per second. */
async function timed(award: (worker: number, n: number) => Promise<void>): Promise<number> {
  const deadline = performance.now() + SECONDS * 1000;
  const began = performance.now();
  let total = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      for (let n = 0; performance.now() < deadline; n += 1) {
        await award(worker, n);
        total += 1;
      }
    }),
  );
  return total / ((performance.now() - began) / 1000);
}

const bench = await createBenchDatabase(process.env.BENCH_PG_URL ?? DEFAULT_SERVER);
progress(`database ${bench.name}`);
const guildDb = openDatabase({ url: bench.url, pgliteDir: '', poolSize: WORKERS });
const raw = new pg.Pool({ connectionString: bench.url, max: WORKERS });
try {
  await migrate(guildDb);
  const guildTenant = await makeTenant(bench.url, 'guild');
  const rawTenant = await makeTenant(bench.url, 'raw');
  progress(`${MEMBERS} members in each of two tenants; ${WORKERS} workers; ${ROUNDS} rounds`);

  let round = 0;
  const pick = (members: string[], worker: number, n: number) =>
    members[(worker * 7919 + n * 104729) % members.length]!;

  const guildAward = async (worker: number, n: number) => {
    await guildDb.tenant(guildTenant.id, (tx) =>
      credit(tx, guildTenant.id, {
        userId: pick(guildTenant.members, worker, n),
        amount: 10,
        reason: 'Benchmark award',
        source: 'api',
        idempotencyKey: `bench:${round}:${worker}:${n}`,
        expiresInDays: 365,
      }),
    );
  };
  const rawAward = async (worker: number, n: number) => {
    const client = await raw.connect();
    try {
      const userId = pick(rawTenant.members, worker, n);
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO ledger_entries (tenant_id, user_id, kind, bucket, amount, reason, source,
           idempotency_key) VALUES ($1, $2, 'award', 'spendable', 10, 'Benchmark award', 'api', $3)`,
        [rawTenant.id, userId, `bench:${round}:${worker}:${n}`],
      );
      await client.query(
        `UPDATE point_balances SET spendable = spendable + 10, lifetime = lifetime + 10
          WHERE user_id = $1`,
        [userId],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };

  // A short warm-up of both paths (connections, plans, caches).
  const guildRates: number[] = [];
  const rawRates: number[] = [];
  for (round = 0; round <= ROUNDS; round += 1) {
    const rawRate = await timed(rawAward);
    const guildRate = await timed(guildAward);
    if (round === 0) {
      progress(`warm-up: raw ${rawRate.toFixed(0)}/s, Guild ${guildRate.toFixed(0)}/s`);
      continue;
    }
    rawRates.push(rawRate);
    guildRates.push(guildRate);
    progress(`round ${round}: raw ${rawRate.toFixed(0)}/s, Guild ${guildRate.toFixed(0)}/s`);
  }

  const report = await guildDb.tenant(guildTenant.id, (tx) => reconcile(tx));
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const guildPerSecond = mean(guildRates);
  const rawPerSecond = mean(rawRates);
  const ratio = guildPerSecond / rawPerSecond;

  console.log('path                         awards/s');
  console.log(`raw (insert + update)        ${rawPerSecond.toFixed(0).padStart(8)}`);
  console.log(`Guild credit()               ${guildPerSecond.toFixed(0).padStart(8)}`);
  console.log(
    `ratio ${ratio.toFixed(3)} (target ≥ 0.5); reconciliation drift ${report.drift.length}`,
  );
  console.log(
    JSON.stringify({
      ratio: Number(ratio.toFixed(3)),
      guild_awards_per_s: Math.round(guildPerSecond),
      raw_awards_per_s: Math.round(rawPerSecond),
      workers: WORKERS,
      members: MEMBERS,
      rounds: ROUNDS,
      seconds_per_round: SECONDS,
      entries_checked: report.entriesChecked,
      drift: report.drift.length,
    }),
  );
} finally {
  await raw.end();
  await guildDb.close();
  await bench.drop();
}
