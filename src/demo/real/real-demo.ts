/**
 * `guild demo --real <folder>`: a tenant built from the real data sets and the whole program
 * run on it, step by step — tenant and staff, the UCI orders through the import job, members
 * linked to their customers, the clothing reviews through the moderation gate, the airline
 * tweets as social mentions, ambassadors scored, invited and onboarded, a challenge, and every
 * figure (key metrics, a retention-lift run, costs, ROI). Each step reports one line.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { sqlRows, type Database } from '../../core/db/database.js';
import type { Actor } from '../../core/http/request-context.js';
import type { GuildLogger } from '../../core/logging/logger.js';
import { createAccount } from '../../accounts/accounts.service.js';
import { createSpace } from '../../community/spaces.service.js';
import {
  createImportJob,
  executeImportJob,
} from '../../integrations/imports/import-jobs.service.js';
import type { ImportKind } from '../../integrations/integrations.table.js';
import { ModerationGate } from '../../moderation/gate.js';
import { LiveModels } from '../../moderation/models.service.js';
import { seededRandom } from '../../analytics/lift/lift.js';
import { installDefaultRules } from '../../gamification/rules/rules.service.js';
import { settleDemoHistory } from '../demo-gamification.js';
import { keyMetricsByMonth } from '../../analytics/metrics/key-metrics.js';
import { supportingByMonth } from '../../analytics/metrics/supporting.js';
import { addCost, type CostCategory } from '../../analytics/roi/costs.service.js';
import { runLift } from '../../analytics/roi/lift-runs.service.js';
import { programRoi } from '../../analytics/roi/roi.service.js';
import {
  readAnalyticsSettings,
  saveAnalyticsSettings,
} from '../../analytics/roi/settings.service.js';
import { createTenant } from '../../tenancy/tenancy.service.js';
import {
  EU_COUNTRY_NAMES,
  locateRealFiles,
  readReviews,
  REAL_REGIONS,
  REAL_SEGMENTS,
  writeOrdersShare,
  type Review,
} from './real-data.js';
import { linkMembers, regionCounts, writeConversations, writeMembers } from './real-community.js';
import { runAmbassadors, runChallenge } from './real-program.js';
import { writeReport } from './real-report.js';

export const REAL_SLUG = 'uk-gifts-real';

export interface RealDemoOptions {
  /** Members made from customers (default 1,500). */
  members?: number;
  /** Reviews posted (default 600: each passes moderation and gets comments and reactions). */
  posts?: number;
  /** Share of the orders file's customers imported, 0–1 (default 1: the whole file). */
  ordersShare?: number;
  /** Ambassadors invited (default 40). */
  cohort?: number;
  /** Members in the challenge (default 60). */
  challengers?: number;
  /** Where import reports and the ROI report go. */
  dataDir: string;
  logger: GuildLogger;
  /** One line per step (stdout in the CLI). */
  say?: (line: string) => void;
  /** Progress of long steps (stderr in the CLI). */
  progress?: (line: string) => void;
}

/** What the run built and computed, as printed. */
export interface RealDemoSummary {
  tenantSlug: string;
  tenantId: string;
  staff: { role: string; email: string }[];
  staffPassword: string;
  orders: { rowsRead: number; rowsImported: number; customers: number; invoices: number };
  members: number;
  regions: Record<string, number>;
  linked: number;
  posts: { total: number; published: number; held: number; rejected: number };
  comments: { total: number; published: number; held: number; rejected: number };
  reactions: number;
  mentions: { rowsRead: number; rowsImported: number };
  ambassadors: {
    scored: number;
    identified: number;
    invited: number;
    accepted: number;
    active: number;
  };
  challenge: { participants: number; stepsDone: number; completed: number };
  metrics: { months: number; from: string; to: string; peakEngagement: number | null };
  lift: {
    runId: string;
    status: string;
    lift: number | null;
    low: number | null;
    high: number | null;
    reason: string | null;
    members: number;
    matched: number;
    controls: number;
  };
  costs: number;
  roi: { estimate: number | null; low: number | null; high: number | null; band: string | null };
  reportPath: string | null;
  seconds: number;
}

export class RealDemoExists extends Error {}

const FIRST_MONTH = '2010-12';
const LAST_MONTH = '2011-12';
/** The retention-lift cohort: members who joined in May or June 2011, a 120-day window. */
const COHORT = { from: new Date('2011-05-01T00:00:00Z'), to: new Date('2011-07-01T00:00:00Z') };
const WINDOW_DAYS = 120;

/** Monthly program costs (pence) for the period: see docs/DEMO-REAL.md. */
const MONTHLY_COSTS: [CostCategory, number, string][] = [
  ['platform', 40_000, 'hosting and tools'],
  ['staff', 120_000, 'community manager, one day a week'],
  ['moderation', 15_000, 'moderator time on held items'],
  ['rewards', 20_000, 'rewards redeemed, at cost'],
  ['incentives', 25_000, 'ambassador samples and gifts'],
];

const pct = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);
const n = (value: number) => value.toLocaleString('en');

/** Builds the tenant and runs everything; refuses when the tenant exists. */
export async function seedRealDemo(
  db: Database,
  folder: string,
  options: RealDemoOptions,
): Promise<RealDemoSummary> {
  const began = Date.now();
  const say = options.say ?? (() => undefined);
  const progress = options.progress ?? (() => undefined);
  const files = locateRealFiles(folder);
  const existing = await db.query('SELECT 1 FROM tenants WHERE slug = $1', [REAL_SLUG]);
  if (existing.length > 0) {
    throw new RealDemoExists(
      `A tenant named "${REAL_SLUG}" exists already; the real-data demo is not rebuilt over it.`,
    );
  }
  mkdirSync(options.dataDir, { recursive: true });
  const memberCount = options.members ?? 1500;
  const postCount = options.posts ?? 600;
  const share = options.ordersShare ?? 1;

  // 1. Tenant, regions, segments, staff.
  const tenantId = await createTenant(db, {
    slug: REAL_SLUG,
    name: 'UK Gifts (real data)',
    defaultLocale: 'en-GB',
    timezone: 'Europe/London',
    regions: REAL_REGIONS.map((r) => ({ ...r })),
    segments: REAL_SEGMENTS.map((s) => ({ ...s })),
  });
  const staffPassword = `real-${randomBytes(9).toString('base64url')}`;
  const staff: { role: 'admin' | 'manager' | 'moderator'; email: string; id: string }[] = [];
  await db.tenant(tenantId, async (tx) => {
    for (const role of ['admin', 'manager', 'moderator'] as const) {
      const email = `${role}@uk-gifts-real.example`;
      const id = await createAccount(
        tx,
        tenantId,
        {
          email,
          username: `${role}_team`,
          displayName: `UK Gifts ${role}`,
          password: staffPassword,
          role,
          regionCode: 'UK',
        },
        { emailVerified: true },
      );
      staff.push({ role, email, id });
    }
    await installDefaultRules(tx, tenantId, staff[1]!.id);
  });
  const adminId = staff[0]!.id;
  const managerId = staff[1]!.id;
  say(
    `1. Tenant ${REAL_SLUG}: regions ${REAL_REGIONS.map((r) => r.code).join(', ')}; ` +
      `segments ${REAL_SEGMENTS.map((s) => s.key).join(', ')}; staff ${staff.map((s) => s.role).join(', ')}`,
  );

  // 2. The orders through the import job.
  let ordersFile = files.orders;
  if (share < 1) {
    ordersFile = path.join(options.dataDir, `online_retail_share_${Math.round(share * 100)}.csv`);
    if (!existsSync(ordersFile)) {
      progress(
        `   writing ${Math.round(share * 100)}% of the orders file's customers to ${ordersFile}`,
      );
      await writeOrdersShare(files.orders, ordersFile, share);
    }
  }
  const orders = await importFile(
    db,
    tenantId,
    'orders',
    'online-retail',
    ordersFile,
    options,
    progress,
  );
  const [crm] = await db.tenant(tenantId, (tx) =>
    sqlRows<{ customers: number; invoices: number }>(
      tx,
      sql`select (select count(*)::int from customers) as customers,
                 (select count(*)::int from orders) as invoices`,
    ),
  );
  // The import keeps each customer's country; their region is the tenant's own grouping of it.
  await db.tenant(tenantId, (tx) =>
    tx.execute(sql`update customers c set region_code = case
        when x.country = 'United Kingdom' then 'UK'
        when x.country = any(${sql.param([...EU_COUNTRY_NAMES])}::text[]) then 'EU' else 'ROW' end
      from (select distinct on (customer_id) customer_id, country from orders
             where customer_id is not null order by customer_id, placed_at) x
      where x.customer_id = c.id and c.region_code is null`),
  );
  say(
    `2. Orders imported: ${n(orders.rowsRead)} lines read, ${n(orders.rowsImported)} imported; ` +
      `${n(crm!.customers)} customers, ${n(crm!.invoices)} invoices`,
  );

  // 3. Members from customers, linked through the identity service.
  const members = await writeMembers(db, tenantId, memberCount);
  const linked = await linkMembers(db, tenantId, members, adminId);
  const regions = regionCounts(members);
  say(
    `3. Members: ${n(members.length)} (${Object.entries(regions)
      .map(([code, count]) => `${code} ${n(count)}`)
      .join(', ')}), ${n(linked)} linked to their customer records`,
  );

  // 4. Reviews as posts through the gate, with comments and reactions.
  const reviews = readReviews(files.reviews);
  const admin: Actor = {
    userId: adminId,
    role: 'admin',
    username: 'admin_team',
    displayName: 'UK Gifts admin',
    locale: 'en-GB',
  };
  const spaces = new Map<string, { id: string; slug: string; name: string }>();
  await db.tenant(tenantId, async (tx) => {
    for (const department of [...new Set(reviews.map((r) => r.department))].sort()) {
      const slug = department.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      const space = await createSpace(tx, admin, tenantId, {
        slug,
        name: department,
        description: `Members' reviews and questions: ${department.toLowerCase()}.`,
        visibility: 'public',
        kind: 'topic',
      });
      spaces.set(department, { id: space.id, slug: space.slug, name: space.name });
    }
  });
  const gate = new ModerationGate({
    models: new LiveModels(),
    provider: null,
    logger: options.logger,
    random: seededRandom(2011),
  });
  const spaceOf = (review: Review) => spaces.get(review.department)!;
  const community = await writeConversations(
    db,
    tenantId,
    members,
    reviews,
    Math.min(postCount, reviews.length),
    gate,
    spaceOf,
    (done, total) => progress(`   posts ${n(done)} / ${n(total)}`),
  );
  const { posts, comments } = community;
  say(
    `4. Posts: ${n(posts.total)} (allowed ${n(posts.published)}, held ${n(posts.held)}, ` +
      `rejected ${n(posts.rejected)}); comments ${n(comments.total)} (allowed ${n(comments.published)}, ` +
      `held ${n(comments.held)}, rejected ${n(comments.rejected)}); reactions ${n(community.reactions)}`,
  );

  // 5. The airline tweets as social mentions.
  const mentions = await importFile(
    db,
    tenantId,
    'mentions',
    'social-mentions',
    files.tweets,
    options,
    progress,
  );
  say(`5. Mentions imported: ${n(mentions.rowsRead)} read, ${n(mentions.rowsImported)} stored`);

  // 6. Ambassadors and a challenge.
  const ambassadors = await runAmbassadors(db, tenantId, managerId, options.cohort ?? 40);
  say(
    `6. Ambassadors: ${n(ambassadors.scored)} scored, ${ambassadors.identified} identified, ` +
      `${ambassadors.invited} invited, ${ambassadors.accepted} accepted, ${ambassadors.active} active`,
  );
  const firstSpace = [...spaces.values()][0]!;
  const challenge = await runChallenge(
    db,
    tenantId,
    managerId,
    members,
    reviews,
    options.challengers ?? 60,
    gate,
    firstSpace,
  );
  say(
    `   Challenge "Review week": ${challenge.participants} joined, ${challenge.stepsDone} steps done, ` +
      `${challenge.completed} completed`,
  );

  // 7. Figures: dates settled, rollups rebuilt, metrics, lift, costs, ROI.
  await settleDemoHistory(db, tenantId);
  await db.query('SELECT guild_analytics_rebuild($1::uuid)', [tenantId]);
  await db.query('SELECT guild_analytics_rebuild_moderation($1::uuid)', [tenantId]);
  const figures = await db.tenant(tenantId, async (tx) => {
    await saveAnalyticsSettings(
      tx,
      tenantId,
      { currency: 'GBP', grossMargin: 0.35, liftWindowDays: WINDOW_DAYS },
      managerId,
    );
    const settings = await readAnalyticsSettings(tx);
    const scope = { regionId: null, regionCode: null, segmentId: null, segmentKey: null };
    const range = { from: FIRST_MONTH, to: LAST_MONTH };
    const months = await keyMetricsByMonth(tx, range, scope, {
      costPerReview: settings.costPerReview,
      aiCostPerItem: settings.aiCostPerItem,
    });
    const supporting = await supportingByMonth(tx, range, scope);
    const run = await runLift(
      tx,
      tenantId,
      { cohortFrom: COHORT.from, cohortTo: COHORT.to, windowDays: WINDOW_DAYS },
      settings,
      managerId,
    );
    let costs = 0;
    for (const month of monthsBetween(FIRST_MONTH, LAST_MONTH)) {
      for (const [category, amountMinor, note] of MONTHLY_COSTS) {
        await addCost(
          tx,
          tenantId,
          { month, category, amountMinor, currency: 'GBP', note },
          managerId,
        );
        costs += amountMinor;
      }
    }
    // a refused run has no estimate: the ROI then counts no lift and says so in its notes
    const roi = await programRoi(tx, settings, {
      from: FIRST_MONTH,
      to: LAST_MONTH,
      ...(run.status === 'ok' ? { liftRunId: run.id } : {}),
    });
    return { months, supporting, run, costs, roi };
  });
  const rates = figures.months.map((m) => m.engagement.engagementRate ?? 0);
  const active = figures.months.filter((m) => m.engagement.members > 0).length;
  say(
    `7. Metrics: ${figures.months.length} months ${FIRST_MONTH}..${LAST_MONTH} (${active} with members), ` +
      `peak engagement ${pct(Math.max(...rates))}; supporting figures for ${figures.supporting.length} months`,
  );
  const estimate = figures.run.result.estimate;
  const sizes = estimate.sizes;
  const lift =
    estimate.status === 'estimated'
      ? { lift: estimate.lift, low: estimate.ci.low, high: estimate.ci.high, reason: null }
      : { lift: null, low: null, high: null, reason: estimate.reason };
  say(
    estimate.status === 'estimated'
      ? `   Retention lift (joined May–June 2011, ${WINDOW_DAYS} days): ${pct(lift.lift)} ` +
          `(95% CI ${pct(lift.low)} to ${pct(lift.high)}); members ${sizes.members}, matched ` +
          `${sizes.matchedMembers}, controls ${sizes.controls} (${sizes.distinctControls} used)`
      : `   Retention lift refused: ${estimate.reason}; members ${sizes.members}, matched ` +
          `${sizes.matchedMembers}, controls ${sizes.controls}`,
  );
  const roi = figures.roi;
  say(
    `   Costs: £${n(figures.costs / 100)} over ${monthsBetween(FIRST_MONTH, LAST_MONTH).length} months; ` +
      `ROI ${pct(roi.roi.estimate)} (interval ${pct(roi.roi.low)} to ${pct(roi.roi.high)}), ` +
      `benchmark band ${roi.benchmark.placement?.band ?? 'n/a'}`,
  );
  const reportPath = await writeReport(
    db,
    { id: tenantId, slug: REAL_SLUG, name: 'UK Gifts (real data)' },
    options.dataDir,
    { from: FIRST_MONTH, to: LAST_MONTH },
  ).catch((error: unknown) => {
    say(`   ROI report failed: ${(error as Error).message}`);
    return null;
  });
  say(
    reportPath === null
      ? '   ROI report: skipped (no report module in src/analytics/report/)'
      : `   ROI report: ${reportPath}`,
  );

  const summary: RealDemoSummary = {
    tenantSlug: REAL_SLUG,
    tenantId,
    staff: staff.map(({ role, email }) => ({ role, email })),
    staffPassword,
    orders: { rowsRead: orders.rowsRead, rowsImported: orders.rowsImported, ...crm! },
    members: members.length,
    regions,
    linked,
    posts,
    comments,
    reactions: community.reactions,
    mentions: { rowsRead: mentions.rowsRead, rowsImported: mentions.rowsImported },
    ambassadors: {
      scored: ambassadors.scored,
      identified: ambassadors.identified,
      invited: ambassadors.invited,
      accepted: ambassadors.accepted,
      active: ambassadors.active,
    },
    challenge: {
      participants: challenge.participants,
      stepsDone: challenge.stepsDone,
      completed: challenge.completed,
    },
    metrics: {
      months: figures.months.length,
      from: FIRST_MONTH,
      to: LAST_MONTH,
      peakEngagement: rates.length > 0 ? Math.max(...rates) : null,
    },
    lift: {
      runId: figures.run.id,
      status: figures.run.status,
      ...lift,
      members: sizes.members,
      matched: sizes.matchedMembers,
      controls: sizes.controls,
    },
    costs: figures.costs,
    roi: {
      estimate: roi.roi.estimate,
      low: roi.roi.low,
      high: roi.roi.high,
      band: roi.benchmark.placement?.band ?? null,
    },
    reportPath,
    seconds: (Date.now() - began) / 1000,
  };
  say(
    `8. Done in ${summary.seconds.toFixed(0)} s. Sign in to "${REAL_SLUG}" as ` +
      `${staff.map((s) => s.email).join(', ')} with password ${staffPassword}`,
  );
  return summary;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const label = `${year}-${String(month).padStart(2, '0')}`;
    out.push(label);
    if (label === to) {
      return out;
    }
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
}

async function importFile(
  db: Database,
  tenantId: string,
  kind: ImportKind,
  preset: string,
  file: string,
  options: RealDemoOptions,
  progress: (line: string) => void,
) {
  const job = await createImportJob(db, tenantId, {
    kind,
    preset,
    mapping: null,
    origin: 'cli',
    fileName: path.basename(file),
    filePath: null,
    fileBytes: null,
    fileFingerprint: null,
    dryRun: false,
    createdBy: null,
  });
  let last = 0;
  const { job: done } = await executeImportJob(db, tenantId, job.id, {
    dataDir: options.dataDir,
    source: file,
    onProgress: (counts) => {
      if (Date.now() - last > 5_000) {
        last = Date.now();
        progress(`   ${kind}: ${n(counts.rowsRead)} rows read`);
      }
    },
  });
  if (done.status !== 'succeeded') {
    throw new Error(`The ${kind} import ${done.id} ended ${done.status}: ${done.failure ?? ''}`);
  }
  return done;
}
