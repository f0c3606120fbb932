/**
 * `npm run bench -- leaderboard [--small]`: leaderboard reads on a large community while
 * points keep being awarded.
 *
 * 1. A fresh database on the local PostgreSQL server (GUILD_BENCH_DATABASE_URL, default
 *    postgres://postgres@127.0.0.1:5432, loopback only; created and dropped by the run).
 * 2. History written set-based (history.ts): 1,000,000 members (--small: 20,000) with staff,
 *    opted-out members and a 'gold' segment, and 10,000,000 ledger entries (--small: 200,000)
 *    over the last year, with balances and lots that reconcile.
 * 3. The boards built by Guild's own fold: `backfill`, which runs the sweeper's pass
 *    (foldLedger) over 500,000 ids at a time with the rank index built once at the end.
 * 4. Measured through the service functions, each call in its own tenant transaction as the
 *    API makes it: the all-time top 100 and a random member's own rank (plus, for the
 *    record, the week's top 100, the gold segment's top 100 and a reputation rank), while a
 *    background loop awards points through the ledger's credit() at a steady rate and the
 *    sweeper folds them in. The loop stops itself after its time or award budget.
 *
 * GUILD_BENCH_KEEP_DATABASE=true keeps the database for a look afterwards (drop it yourself).
 *
 * Targets: top-100 p95 <= 10 ms, my-rank p95 <= 20 ms. Stdout ends with one JSON line;
 * progress goes to stderr.
 */
import pg from 'pg';
import { openDatabase, type Database, type Orm } from '../../src/core/db/database.js';
import { migrate } from '../../src/core/db/migrate.js';
import { credit } from '../../src/gamification/ledger.js';
import { backfill, foldLedger } from '../../src/gamification/leaderboards/fold.service.js';
import {
  freshness,
  standingOnBoard,
  topOfBoard,
  type BoardQuery,
} from '../../src/gamification/leaderboards/leaderboards.service.js';
import { startLeaderboardSweeper } from '../../src/gamification/leaderboards/sweeper.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { createBenchDatabase, DEFAULT_SERVER } from '../api/postgres.js';
import {
  withoutKeyChecks,
  writeBalances,
  writeEntries,
  writeMembers,
  type HistoryShape,
} from './history.js';

const small = process.argv.includes('--small');
const shape: HistoryShape = {
  members: small ? 20_000 : 1_000_000,
  entries: small ? 200_000 : 10_000_000,
  spaces: 20,
  staffShare: 1 / 5000,
  optOutShare: 1 / 1000,
  goldShare: 1 / 10,
  days: 365,
  spaceShare: 0.2,
};
const SAMPLES = small ? 200 : 400;
const AWARDS_PER_SECOND = 200;
const AWARD_BUDGET = 40_000;
const AWARD_SECONDS = 120;

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

interface Timing {
  p50: number;
  p95: number;
  max: number;
}

async function timed(runs: number, work: (i: number) => Promise<unknown>): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const began = performance.now();
    await work(i);
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  return {
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    max: round(times.at(-1) ?? Number.NaN),
  };
}

/** A member who is ranked (not staff, not opted out), at random. */
function randomRankedMember(): string {
  const staffEvery = Math.round(1 / shape.staffShare);
  const optOutEvery = Math.round(1 / shape.optOutShare);
  for (;;) {
    const n = 1 + Math.floor(Math.random() * shape.members);
    if (n % staffEvery !== 0 && n % optOutEvery !== 7) {
      return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    }
  }
}

/** Awards points through credit() at a steady rate until stopped or out of budget. */
function startAwarding(db: Database, tenantId: string, regionIds: string[], spaceIds: string[]) {
  let stopped = false;
  let awarded = 0;
  let failed = 0;
  const began = Date.now();
  const worker = async (lane: number) => {
    const interval = 2000 / AWARDS_PER_SECOND; // two lanes
    let next = performance.now();
    while (!stopped && awarded < AWARD_BUDGET && Date.now() - began < AWARD_SECONDS * 1000) {
      const n = awarded + failed;
      try {
        await db.tenant(tenantId, (tx) =>
          credit(tx, tenantId, {
            userId: randomRankedMember(),
            amount: 1 + Math.floor(Math.random() * 50),
            reason: 'Bench award',
            source: 'community',
            idempotencyKey: `run:${lane}:${n}`,
            spaceId: Math.random() < shape.spaceShare ? spaceIds[n % spaceIds.length]! : null,
            regionId: regionIds[n % regionIds.length]!,
          }),
        );
        awarded += 1;
      } catch {
        failed += 1;
      }
      next += interval;
      const wait = next - performance.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  };
  const lanes = Promise.all([worker(0), worker(1)]);
  return {
    get awarded() {
      return awarded;
    },
    get failed() {
      return failed;
    },
    stop: async () => {
      stopped = true;
      await lanes;
      return { awarded, failed, seconds: (Date.now() - began) / 1000 };
    },
  };
}

async function build(db: Database): Promise<{ seconds: number; passes: number }> {
  const began = performance.now();
  let passes = 0;
  await backfill(db.system, {
    span: 500_000,
    onPass: (pass) => {
      passes += 1;
      progress(
        `  fold pass ${passes}: ${pass.entries.toLocaleString('en')} entries, through id ` +
          `${pass.lastId} (${((performance.now() - began) / 1000).toFixed(1)} s)`,
      );
    },
  });
  return { seconds: (performance.now() - began) / 1000, passes };
}

async function main(): Promise<void> {
  const server = process.env.GUILD_BENCH_DATABASE_URL ?? DEFAULT_SERVER;
  const bench = await createBenchDatabase(server);
  progress(`database ${bench.name} (${small ? 'small' : 'full'} run)`);
  let db: Database | undefined;
  try {
    // The bench database's own settings, for the bulk build: the sweeper in production folds
    // small batches and needs none of this.
    const admin = new pg.Client({ connectionString: bench.url });
    await admin.connect();
    await admin.query(
      `ALTER DATABASE "${bench.name}" SET work_mem = '256MB';
       ALTER DATABASE "${bench.name}" SET maintenance_work_mem = '512MB'`,
    );
    await admin.end();
    db = openDatabase({ url: bench.url, pgliteDir: '', poolSize: 8 });
    await migrate(db);
    const tenantId = await createTenant(db, {
      slug: 'bench',
      name: 'Bench community',
      defaultLocale: 'en-GB',
      regions: ['DE', 'FR', 'GB', 'NL', 'ES'].map((code) => ({
        code,
        name: code,
        currency: code === 'GB' ? 'GBP' : 'EUR',
        locale: 'en-GB',
        timezone: 'Europe/Berlin',
      })),
      segments: [{ key: 'gold', name: 'Gold' }],
    });
    await db.query(`update tenants set timezone = 'Europe/Berlin' where id = $1`, [tenantId]);
    const regionIds = (
      await db.query<{ id: string }>('select id from regions where tenant_id = $1 order by code', [
        tenantId,
      ])
    ).map((row) => row.id);
    const spaceIds = Array.from({ length: shape.spaces }, () => crypto.randomUUID());

    const began = performance.now();
    progress('writing history…');
    const open = db;
    await withoutKeyChecks(db, async () => {
      await writeMembers(open, tenantId, shape, regionIds, progress);
      await writeEntries(open, tenantId, shape, spaceIds, regionIds, progress);
      await writeBalances(open);
    });
    await db.query('ANALYZE');
    const historySeconds = (performance.now() - began) / 1000;
    progress(`history written in ${historySeconds.toFixed(1)} s`);

    progress('building the boards with the fold…');
    const built = await build(db);
    for (const table of [
      'leaderboard_scores',
      'leaderboard_score_counts',
      'leaderboard_boards',
      'users',
      'leaderboard_preferences',
      'user_segments',
    ]) {
      await db.query(`VACUUM ANALYZE ${table}`);
    }
    const [sizes] = await db.query<{ boards: number; scores: number; counts: number }>(
      `select (select count(*)::int from leaderboard_boards) as boards,
              (select count(*)::int from leaderboard_scores) as scores,
              (select count(*)::int from leaderboard_score_counts) as counts`,
    );
    progress(
      `boards built in ${built.seconds.toFixed(1)} s: ${sizes?.boards} boards, ` +
        `${sizes?.scores.toLocaleString('en')} scores, ${sizes?.counts.toLocaleString('en')} ` +
        'score counts',
    );

    let drift: number | null = null;
    if (small) {
      const report = await db.tenant(tenantId, (tx) => reconcile(tx));
      drift = report.drift.length;
      progress(`reconciliation of the history: ${drift} drift`);
    }

    const query = (extra: Partial<BoardQuery> = {}): BoardQuery => ({
      period: 'all',
      board: 'points',
      limit: 100,
      ...extra,
    });
    const inTenant = <T>(work: (tx: Orm) => Promise<T>) => open.tenant(tenantId, work);

    progress('measuring while awards flow…');
    const sweeper = startLeaderboardSweeper(db, { intervalMs: 1000 });
    const awards = startAwarding(db, tenantId, regionIds, spaceIds);
    // Warm up the caches the way a running site has them warm.
    await timed(30, () => inTenant(async (tx) => topOfBoard(tx, tenantId, query())));
    await timed(30, () =>
      inTenant(async (tx) => standingOnBoard(tx, tenantId, query(), randomRankedMember())),
    );
    const check = await inTenant(async (tx) => topOfBoard(tx, tenantId, query()));
    if (check.length !== 100) {
      throw new Error(`the top 100 has ${check.length} members`);
    }
    const top100 = await timed(SAMPLES, () =>
      inTenant(async (tx) => topOfBoard(tx, tenantId, query())),
    );
    progress(`  top 100 (all time): p50 ${top100.p50} ms, p95 ${top100.p95} ms`);
    const myRank = await timed(SAMPLES, () =>
      inTenant(async (tx) => standingOnBoard(tx, tenantId, query(), randomRankedMember())),
    );
    progress(`  my rank (all time): p50 ${myRank.p50} ms, p95 ${myRank.p95} ms`);
    const weekTop = await timed(100, () =>
      inTenant(async (tx) => topOfBoard(tx, tenantId, query({ period: 'week' }))),
    );
    progress(`  top 100 (this week): p50 ${weekTop.p50} ms, p95 ${weekTop.p95} ms`);
    const regionRank = await timed(100, () =>
      inTenant(async (tx) =>
        standingOnBoard(tx, tenantId, query({ regionId: regionIds[0]! }), randomRankedMember()),
      ),
    );
    progress(`  my rank (region board): p50 ${regionRank.p50} ms, p95 ${regionRank.p95} ms`);
    const goldTop = await timed(100, () =>
      inTenant(async (tx) => topOfBoard(tx, tenantId, query({ segment: 'gold' }))),
    );
    progress(`  top 100 (gold segment): p50 ${goldTop.p50} ms, p95 ${goldTop.p95} ms`);
    const reputationRank = await timed(50, () =>
      inTenant(async (tx) =>
        standingOnBoard(tx, tenantId, query({ board: 'reputation' }), randomRankedMember()),
      ),
    );
    progress(`  my rank (reputation): p50 ${reputationRank.p50} ms, p95 ${reputationRank.p95} ms`);
    const lagDuringRun = await inTenant(async (tx) => freshness(tx));
    const run = await awards.stop();
    await sweeper.stop();
    progress(
      `  ${run.awarded.toLocaleString('en')} awards in ${run.seconds.toFixed(1)} s ` +
        `(${run.failed} failed); boards ${lagDuringRun.behindEntries} entries behind at the end`,
    );
    // Everything awarded during the run reaches the boards.
    for (let i = 0; i < 20; i += 1) {
      const pass = await foldLedger(db.system, { span: 50_000 });
      if (pass.entries === 0) {
        break;
      }
    }
    const after = await inTenant(async (tx) => freshness(tx));
    const [total] = await db.query<{ ledger: string; board: string }>(
      `select (select sum(amount) from ledger_entries
                where kind in ('award', 'reversal', 'adjustment'))::text as ledger,
              (select sum(score) from leaderboard_scores s join leaderboard_boards b
                 on b.id = s.board_id where b.period = 'all' and b.scope = 'all')::text as board`,
    );
    progress(
      `after the run: ${after.behindEntries} entries behind; all-time board total ` +
        `${total?.board} vs ledger ${total?.ledger}`,
    );

    const result = {
      benchmark: 'leaderboard',
      small,
      members: shape.members,
      entries: shape.entries,
      top100_p50_ms: top100.p50,
      top100_p95_ms: top100.p95,
      my_rank_p50_ms: myRank.p50,
      my_rank_p95_ms: myRank.p95,
      week_top100_p95_ms: weekTop.p95,
      region_my_rank_p95_ms: regionRank.p95,
      segment_top100_p95_ms: goldTop.p95,
      reputation_my_rank_p95_ms: reputationRank.p95,
      awards_during_run: run.awarded,
      award_failures: run.failed,
      awards_per_second: round(run.awarded / run.seconds, 1),
      behind_entries_during_run: lagDuringRun.behindEntries,
      behind_entries_after: after.behindEntries,
      board_total_matches_ledger: total?.board !== undefined && total.board === total.ledger,
      history_seconds: round(historySeconds, 1),
      fold_build_seconds: round(built.seconds, 1),
      fold_passes: built.passes,
      scores: sizes?.scores ?? 0,
      reconciliation_drift: drift,
      samples: SAMPLES,
      targets: { top100_p95_ms: 10, my_rank_p95_ms: 20 },
      meets_targets: top100.p95 <= 10 && myRank.p95 <= 20,
    };
    console.log(JSON.stringify(result));
  } finally {
    await db?.close();
    if (process.env.GUILD_BENCH_KEEP_DATABASE === 'true') {
      progress(`kept database ${bench.name}`);
    } else {
      await bench.drop();
    }
  }
}

await main();
