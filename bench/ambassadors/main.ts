/**
 * `npm run bench -- ambassadors`: how well Guild's candidate score foretells who keeps buying,
 * on the UCI Online Retail history (../shared/data/online-retail), beside a plain RFM rank-sum
 * computed in the same run.
 *
 * 1. The file is imported with Guild's own importer (preset online-retail) into a fresh
 *    database on the local PostgreSQL server (BENCH_PG_URL, loopback only).
 * 2. Each customer becomes a member joined to their customer record, with ambassador-scoring
 *    consent, as a retailer's members would be.
 * 3. A program with Guild's default weights is scored by Guild's scoring run as of the cut-off
 *    (2011-09-01, BENCH_CUTOFF to change): the run reads only rows dated before it.
 * 4. The label is read afterwards from the orders of the next 90 days: did the member buy
 *    again (a sale in the window), and their net revenue there (sales less returns, at least 0).
 *
 * Figures: ROC-AUC of the score for "buys again in the next 90 days", and the share of the next
 * 90 days' revenue held by the top decile by score; the same for the baseline, which ranks by
 * recency (most recent first), frequency (sale orders) and monetary value (net spend) before
 * the cut-off and adds the three ranks. Stdout ends with one JSON line.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDatabase, sqlRows, type Database } from '../../src/core/db/database.js';
import { migrate } from '../../src/core/db/migrate.js';
import {
  createImportJob,
  executeImportJob,
} from '../../src/integrations/imports/import-jobs.service.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { currentNotices } from '../../src/privacy/consents.service.js';
import { createProgram } from '../../src/ambassadors/programs.service.js';
import { executeRun, openRun } from '../../src/ambassadors/scoring/runs.js';
import { createBenchDatabase, DEFAULT_SERVER } from '../api/postgres.js';
import { ranks, rocAuc, topDecileShare } from './metrics.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const FILE = path.resolve(repoRoot, '../shared/data/online-retail/online_retail.csv.gz');
const CUTOFF = new Date(process.env.BENCH_CUTOFF ?? '2011-09-01T00:00:00Z');
const WINDOW_DAYS = 90;
/** The earlier window the default weights were chosen on (its labels end before CUTOFF). */
const DEV_CUTOFF = new Date('2011-06-03T00:00:00Z');

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

interface Member {
  user_id: string;
  score: number;
  recency: number;
  frequency: number;
  monetary: number;
  bought: boolean;
  revenue: number;
}

/** Scores the program as of `cutoff` and measures the score against the next 90 days. */
async function evaluate(db: Database, tenantId: string, programId: string, cutoff: Date) {
  const run = await db.tenant(tenantId, (tx) =>
    openRun(tx, tenantId, { programId: programId, trigger: 'manual', asOf: cutoff }),
  );
  const scoringStarted = Date.now();
  const done = await executeRun(db, tenantId, run.id);
  const scoringSeconds = (Date.now() - scoringStarted) / 1000;
  progress(`scored ${done.scored} members in ${scoringSeconds.toFixed(1)} s`);

  const end = new Date(cutoff.getTime() + WINDOW_DAYS * 86_400_000).toISOString();
  const rows = await db.tenant(tenantId, (tx) =>
    sqlRows<Member>(
      tx,
      sql`with lines as (
              select o.customer_id, o.kind, o.placed_at, o.external_id,
                     sum(l.quantity * l.unit_price_minor)::float8 as value
                from orders o join order_lines l on l.order_id = o.id
               where o.kind in ('sale', 'return') and l.duplicate_of is null
               group by o.id
            ),
            before as (
              select customer_id,
                     extract(epoch from ${cutoff.toISOString()}::timestamptz
                       - max(placed_at) filter (where kind = 'sale')) / 86400 as recency,
                     count(*) filter (where kind = 'sale') as frequency,
                     sum(value) as monetary
                from lines where placed_at < ${cutoff.toISOString()}::timestamptz
               group by customer_id
            ),
            after as (
              select customer_id, bool_or(kind = 'sale') as bought, greatest(0, sum(value)) as revenue
                from lines
               where placed_at >= ${cutoff.toISOString()}::timestamptz and placed_at < ${end}::timestamptz
               group by customer_id
            )
            select s.user_id, s.score::float8 as score, b.recency::float8 as recency,
                   b.frequency::float8 as frequency, b.monetary::float8 as monetary,
                   coalesce(a.bought, false) as bought, coalesce(a.revenue, 0)::float8 as revenue
              from ambassador_scores s
              join member_customer_links k on k.user_id = s.user_id
              join before b on b.customer_id = k.customer_id
              left join after a on a.customer_id = k.customer_id
             where s.program_id = ${programId} and s.score is not null
               and b.recency is not null
             order by s.user_id`,
    ),
  );

  const labels = rows.map((r) => r.bought);
  const revenue = rows.map((r) => r.revenue / 100);
  const scores = rows.map((r) => r.score);
  const recency = ranks(rows.map((r) => -r.recency));
  const frequency = ranks(rows.map((r) => r.frequency));
  const monetary = ranks(rows.map((r) => r.monetary));
  const baseline = rows.map((_, i) => recency[i]! + frequency[i]! + monetary[i]!);

  return {
    auc: round(rocAuc(scores, labels)),
    top_decile_share: round(topDecileShare(scores, revenue)),
    baseline_auc: round(rocAuc(baseline, labels)),
    baseline_top_decile_share: round(topDecileShare(baseline, revenue)),
    members_scored: rows.length,
    bought_again_share: round(labels.filter(Boolean).length / labels.length),
    scoring_seconds: round(scoringSeconds, 1),
  };
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) {
    console.log(`bench ambassadors skipped: ${FILE} is absent (see the project README)`);
    console.log(JSON.stringify({ skipped: true }));
    return;
  }
  const server = process.env.BENCH_PG_URL ?? DEFAULT_SERVER;
  const bench = await createBenchDatabase(server);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'guild-bench-ambassadors-'));
  let db: Database | undefined;
  try {
    db = openDatabase({ url: bench.url, pgliteDir: '', poolSize: 4 });
    await migrate(db);
    const tenantId = await createTenant(db, {
      slug: 'uk-gifts',
      name: 'UK gift retailer',
      defaultLocale: 'en-GB',
      regions: [],
      segments: [],
    });

    progress('importing the online-retail file with Guild’s importer…');
    const started = Date.now();
    const job = await createImportJob(db, tenantId, {
      kind: 'orders',
      preset: 'online-retail',
      mapping: null,
      origin: 'cli',
      fileName: path.basename(FILE),
      filePath: null,
      fileBytes: null,
      fileFingerprint: null,
      dryRun: false,
      createdBy: null,
    });
    const { job: imported } = await executeImportJob(db, tenantId, job.id, {
      dataDir,
      source: FILE,
    });
    if (imported.status !== 'succeeded') {
      throw new Error(`import ${imported.status}`);
    }
    progress(`imported in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // One member per customer, joined to the record and consenting to scoring.
    const members = await db.tenant(tenantId, async (tx) => {
      const notice = (await currentNotices(tx, tenantId)).get('ambassador_scoring')!;
      await tx.execute(
        sql`insert into users (tenant_id, email, username, username_key, display_name)
            select ${tenantId}, 'c' || external_id || '@retail.test', 'c' || external_id,
                   'c' || external_id, 'Customer ' || external_id
              from customers`,
      );
      await tx.execute(
        sql`insert into member_customer_links (tenant_id, user_id, customer_id, rule)
            select ${tenantId}, u.id, c.id, 'explicit'
              from customers c join users u on u.username_key = 'c' || c.external_id`,
      );
      await tx.execute(
        sql`insert into consents (tenant_id, user_id, purpose, notice_id, notice_version,
              notice_sha256, channel, method, granted_at)
            select ${tenantId}, u.id, 'ambassador_scoring', ${notice.id}, ${notice.version},
                   ${notice.sha256}, 'import', 'import', '2010-11-01T00:00:00Z'
              from users u where u.username_key like 'c%'`,
      );
      const [row] = await sqlRows<{ n: number }>(tx, sql`select count(*)::int as n from users`);
      return row!.n;
    });
    progress(`${members} members with scoring consent`);

    const program = await db.tenant(tenantId, async (tx) => {
      const [owner] = await sqlRows<{ id: string }>(tx, sql`select id from users limit 1`);
      return createProgram(tx, tenantId, { name: 'Bench program' }, owner!.id);
    });
    const test = await evaluate(db, tenantId, program.id, CUTOFF);
    const dev = await evaluate(db, tenantId, program.id, DEV_CUTOFF);
    const figures = {
      ...test,
      target_auc: 0.78,
      target_top_decile_share: 0.58,
      cutoff: CUTOFF.toISOString().slice(0, 10),
      window_days: WINDOW_DAYS,
      dev_cutoff: DEV_CUTOFF.toISOString().slice(0, 10),
      dev_auc: dev.auc,
      dev_top_decile_share: dev.top_decile_share,
      dev_baseline_auc: dev.baseline_auc,
      dev_baseline_top_decile_share: dev.baseline_top_decile_share,
    };
    const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);
    console.log(
      `Candidate score on online-retail, as of ${figures.cutoff}, next ${WINDOW_DAYS} days`,
    );
    line('members scored', String(figures.members_scored));
    line('bought again in the window', `${(figures.bought_again_share * 100).toFixed(1)}%`);
    line('Guild score: ROC-AUC (buys again)', figures.auc.toFixed(4));
    line(
      'Guild score: top decile share of revenue',
      `${(figures.top_decile_share * 100).toFixed(1)}%`,
    );
    line('RFM rank-sum: ROC-AUC', figures.baseline_auc.toFixed(4));
    line(
      'RFM rank-sum: top decile share',
      `${(figures.baseline_top_decile_share * 100).toFixed(1)}%`,
    );
    line('targets', 'AUC >= 0.78, top decile >= 58%');
    line(
      `weights chosen on ${figures.dev_cutoff}: AUC`,
      `${figures.dev_auc.toFixed(4)} (RFM ${figures.dev_baseline_auc.toFixed(4)})`,
    );
    line(
      `weights chosen on ${figures.dev_cutoff}: top decile`,
      `${(figures.dev_top_decile_share * 100).toFixed(1)}% (RFM ${(figures.dev_baseline_top_decile_share * 100).toFixed(1)}%)`,
    );
    line('scoring run time (s)', figures.scoring_seconds.toFixed(1));
    console.log(JSON.stringify(figures));
  } finally {
    await db?.close();
    await bench.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

await main();
