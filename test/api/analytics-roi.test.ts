/**
 * Program ROI over real HTTP, on PGlite and on PostgreSQL (docs/ROI.md): analytics settings,
 * program costs entered and removed (with their audit entries), retention-lift runs on seeded
 * customers and orders (one estimated, one refused), and the ROI worked out by hand from the
 * rows this file inserted, with its interval and its place among the industry's programs.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Settings {
  currency: string;
  grossMargin: number;
  costPerReview: number;
  aiCostPerItem: number;
  referralValue: number;
  ugcValue: number;
  liftWindowDays: number;
  minGroupSize: number;
  saved: boolean;
}
interface Cost {
  id: string;
  month: string;
  category: string;
  amountMinor: number;
  currency: string;
  removedAt: string | null;
}
interface CostPage {
  items: Cost[];
  nextCursor: string | null;
  totals: { byCategoryMinor: Record<string, number>; totalMinor: number; currency: string };
}
interface LiftRun {
  id: string;
  status: 'ok' | 'insufficient';
  reason: string | null;
  memberRate: number | null;
  controlRate: number | null;
  lift: number | null;
  ci: { low: number; high: number } | null;
  sizes: { members: number; controls: number; matchedMembers: number; distinctControls: number };
  spend: { repeatMembers: number; windowSpendMinor: number; averageSpendMinor: number } | null;
}
interface Placement {
  percentile: number;
  band: string;
  programsBelow: number;
}
interface Roi {
  currency: string;
  liftRunId: string | null;
  cost: { byCategory: Record<string, number>; total: number };
  benefits: {
    retentionLift: { estimate: number; low: number; high: number };
    referrals: { converted: number; value: number };
    ugc: { approved: number; value: number };
    total: { estimate: number; low: number; high: number };
  };
  lift: { incrementalRepeatCustomers: { estimate: number }; averageSpendPerRepeatCustomer: number };
  roi: { estimate: number | null; low: number | null; high: number | null; reason: string | null };
  benchmark: { placement: Placement | null; low: Placement | null; high: Placement | null };
  notes: string[];
  definitions: Record<string, string>;
}

const BASE = '/api/v1/analytics';
const headers = { host: 'alpha.guild.test' };
const DAY = 86_400_000;
/** The cohort's reference date R: members joined in January 2026. */
const R = Date.parse('2026-01-01T00:00:00Z');
const PAIRS = 20;
const MEMBERS_BUYING_AGAIN = 12;
const TWINS_BUYING_AGAIN = 6;

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let member: TestClient;
let okRun: LiftRun;

async function query<T>(statement: ReturnType<typeof sql>): Promise<T[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<T>(tx, statement));
}

const at = (ms: number) => new Date(ms).toISOString();

async function customer(external: string): Promise<string> {
  const [row] = await query<{ id: string }>(
    sql`insert into customers (id, tenant_id, external_id, region_code, source)
        values (gen_random_uuid(), ${tenantId}, ${external}, 'UK', 'test') returning id`,
  );
  return row!.id;
}

async function sale(customerId: string, external: string, placedAt: number, minor: number) {
  await query(
    sql`insert into orders (id, tenant_id, external_id, customer_id, kind, placed_at, currency,
          total_minor, source)
        values (gen_random_uuid(), ${tenantId}, ${external}, ${customerId}, 'sale',
          ${at(placedAt)}::timestamptz, 'GBP', ${minor}, 'test')
        returning id`,
  );
}

/** A member who joined on 10 January 2026, linked to `customerId`. */
async function memberFor(customerId: string, name: string): Promise<void> {
  const [user] = await query<{ id: string }>(
    sql`insert into users (tenant_id, email, username, username_key, display_name, created_at)
        values (${tenantId}, ${`${name}@example.com`}, ${name}, ${name}, ${name},
          '2026-01-10T12:00:00Z'::timestamptz)
        returning id`,
  );
  await query(
    sql`insert into member_customer_links (tenant_id, user_id, customer_id, rule)
        values (${tenantId}, ${user!.id}, ${customerId}, 'explicit') returning id`,
  );
}

/**
 * Pair i: a member and a non-member "twin" with the very same history before R (so each member
 * is matched to its twin): 1–3 sales, the last 10 + 7i days before R, of £(20 + 5i) each.
 * Members 0–11 buy again in the window (member 0 twice), twins 0–5 do; ten more non-members
 * with a long, distant history never do.
 */
async function seedCustomers(): Promise<void> {
  for (let i = 0; i < PAIRS; i += 1) {
    const history = 1 + (i % 3);
    const last = R - (10 + 7 * i) * DAY;
    const amount = (20 + 5 * i) * 100;
    const memberCustomer = await customer(`m-${i}`);
    const twin = await customer(`t-${i}`);
    for (let s = 0; s < history; s += 1) {
      await sale(memberCustomer, `m-${i}-pre-${s}`, last - s * 30 * DAY, amount);
      await sale(twin, `t-${i}-pre-${s}`, last - s * 30 * DAY, amount);
    }
    await memberFor(memberCustomer, `cohort_${i}`);
    if (i < MEMBERS_BUYING_AGAIN) {
      await sale(memberCustomer, `m-${i}-after`, R + (5 + i) * DAY, (30 + i) * 100);
    }
    if (i === 0) {
      await sale(memberCustomer, `m-${i}-after-2`, R + 40 * DAY, 1000);
    }
    if (i < TWINS_BUYING_AGAIN) {
      await sale(twin, `t-${i}-after`, R + (6 + i) * DAY, 5000);
    }
  }
  for (let j = 0; j < 10; j += 1) {
    const other = await customer(`x-${j}`);
    for (let s = 0; s < 8; s += 1) {
      await sale(other, `x-${j}-pre-${s}`, R - (300 + 20 * s + j) * DAY, 90_000);
    }
  }
}

/** One converted referral and one approved submission inside the period, others outside. */
async function seedReferralsAndContent(): Promise<void> {
  const [someone] = await query<{ id: string }>(
    sql`select id from users where username = 'cohort_0'`,
  );
  const events: [string, string, string][] = [
    ['ref-in', '2026-02-10T09:00:00Z', 'recorded'],
    ['ref-withdrawn', '2026-02-11T09:00:00Z', 'withdrawn'],
    ['ref-later', '2026-05-01T09:00:00Z', 'recorded'],
  ];
  for (const [cause, when, status] of events) {
    await query(
      sql`insert into activity_events (tenant_id, kind, cause_key, user_id, occurred_at,
            local_day, status)
          values (${tenantId}, 'referral_converted', ${cause}, ${someone!.id},
            ${when}::timestamptz, ${when.slice(0, 10)}::date, ${status})
          returning id`,
    );
  }
  const [program] = await query<{ id: string }>(
    sql`insert into ambassador_programs (tenant_id, name, weights)
        values (${tenantId}, 'Creators', '{}'::jsonb) returning id`,
  );
  const submissions: [string, 'approve' | 'reject'][] = [
    ['2026-03-05T10:00:00Z', 'approve'],
    ['2026-03-06T10:00:00Z', 'reject'],
    ['2025-12-20T10:00:00Z', 'approve'],
  ];
  for (const [decided, decision] of submissions) {
    const submitted = new Date(Date.parse(decided) - DAY).toISOString();
    await query(
      sql`insert into content_submissions (tenant_id, program_id, author_id, status,
            first_submitted_at, version_submitted_at, due_at, first_decision, first_decided_at,
            first_decision_automatic)
          values (${tenantId}, ${program!.id}, ${someone!.id},
            ${decision === 'approve' ? 'approved' : 'rejected'}, ${submitted}::timestamptz,
            ${submitted}::timestamptz, ${decided}::timestamptz, ${decision},
            ${decided}::timestamptz, false)
          returning id`,
    );
  }
}

async function auditEntries(action: string) {
  return query<{ action: string; target_id: string | null; details: Record<string, unknown> }>(
    sql`select action, target_id, details from audit_log where action = ${action}
        order by created_at`,
  );
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  manager = new TestClient(guild.url, headers);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
  member = new TestClient(guild.url, headers);
  await member.signIn(await addMember(guild, tenantId, 'member'));
  await seedCustomers();
  await seedReferralsAndContent();
}, 120_000);

afterAll(() => guild?.stop());

describe('access', () => {
  it('keeps members and strangers out of every analytics route', async () => {
    for (const path of ['/settings', '/costs', '/lift-runs', '/roi?from=2026-01&to=2026-03']) {
      const read = await member.get<ErrorBody>(`${BASE}${path}`);
      expect(read.status, path).toBe(403);
      expect(read.body.error.code).toBe('forbidden');
    }
    const write = await member.post<ErrorBody>(`${BASE}/costs`, {
      month: '2026-01',
      category: 'platform',
      amountMinor: 100,
    });
    expect(write.status).toBe(403);
    const stranger = await new TestClient(guild.url, headers).get<ErrorBody>(`${BASE}/settings`);
    expect(stranger.status).toBe(401);
  });
});

describe('settings', () => {
  it('answers the defaults, in the currency of the tenant’s region, until saved', async () => {
    const settings = await manager.get<Settings>(`${BASE}/settings`);
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({
      currency: 'GBP',
      grossMargin: 0.35,
      costPerReview: 0.5,
      aiCostPerItem: 0.0005,
      referralValue: 0,
      ugcValue: 0,
      liftWindowDays: 90,
      minGroupSize: 30,
      saved: false,
    });
  });

  it('changes what is sent, keeps the rest, and audits before and after', async () => {
    const saved = await manager.put<Settings>(`${BASE}/settings`, {
      grossMargin: 0.4,
      referralValue: 25,
      ugcValue: 40,
      minGroupSize: 10,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({
      currency: 'GBP',
      grossMargin: 0.4,
      costPerReview: 0.5,
      referralValue: 25,
      ugcValue: 40,
      liftWindowDays: 90,
      minGroupSize: 10,
      saved: true,
    });
    const [entry] = await auditEntries('analytics.settings');
    expect(entry!.details).toMatchObject({
      before: { grossMargin: 0.35, minGroupSize: 30 },
      after: { grossMargin: 0.4, minGroupSize: 10, referralValue: 25 },
    });
  });

  it('refuses values out of range and unknown currencies', async () => {
    for (const body of [
      { grossMargin: 1.5 },
      { minGroupSize: 0 },
      { liftWindowDays: 1000 },
      { currency: 'ABC' },
      { currency: 'gbp' },
      {},
    ]) {
      const refused = await manager.put<ErrorBody>(`${BASE}/settings`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
    }
  });
});

describe('program costs', () => {
  const entries: [string, string, number][] = [
    ['2026-01', 'platform', 4000],
    ['2026-02', 'staff', 2000],
    ['2026-03', 'rewards', 1500],
    ['2026-01', 'incentives', 1000],
    ['2026-02', 'moderation', 500],
    // outside the period of the ROI below
    ['2026-04', 'platform', 99_999],
  ];

  it('enters costs by month and category and totals them for a period', async () => {
    for (const [month, category, amountMinor] of entries) {
      const created = await manager.post<Cost>(`${BASE}/costs`, {
        month,
        category,
        amountMinor,
        note: `${category} for ${month}`,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({ month, category, amountMinor, currency: 'GBP' });
    }
    const page = await manager.get<CostPage>(`${BASE}/costs?from=2026-01&to=2026-03&limit=2`);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.nextCursor).not.toBeNull();
    expect(page.body.totals.byCategoryMinor).toEqual({
      platform: 4000,
      staff: 2000,
      rewards: 1500,
      incentives: 1000,
      moderation: 500,
    });
    expect(page.body.totals.totalMinor).toBe(9000);
    const rest = await manager.get<CostPage>(
      `${BASE}/costs?from=2026-01&to=2026-03&limit=10&cursor=${page.body.nextCursor}`,
    );
    expect(rest.body.items).toHaveLength(3);
    expect(rest.body.nextCursor).toBeNull();
    const months = [...page.body.items, ...rest.body.items].map((c) => c.month).sort();
    expect(months).toEqual(['2026-01', '2026-01', '2026-02', '2026-02', '2026-03']);
    expect(await auditEntries('analytics.cost_add')).toHaveLength(entries.length);
  });

  it('removes a cost: kept and listed on request, out of every total, audited once', async () => {
    const created = await manager.post<Cost>(`${BASE}/costs`, {
      month: '2026-02',
      category: 'staff',
      amountMinor: 70_000,
      note: 'entered twice by mistake',
    });
    const removed = await manager.delete<Cost>(`${BASE}/costs/${created.body.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.removedAt).not.toBeNull();
    const again = await manager.delete<ErrorBody>(`${BASE}/costs/${created.body.id}`);
    expect(again.status).toBe(409);
    const missing = await manager.delete<ErrorBody>(
      `${BASE}/costs/00000000-0000-4000-8000-000000000000`,
    );
    expect(missing.status).toBe(404);

    const page = await manager.get<CostPage>(`${BASE}/costs?from=2026-02&to=2026-02`);
    expect(page.body.items.map((c) => c.id)).not.toContain(created.body.id);
    expect(page.body.totals.byCategoryMinor.staff).toBe(2000);
    const all = await manager.get<CostPage>(
      `${BASE}/costs?from=2026-02&to=2026-02&includeRemoved=true`,
    );
    expect(all.body.items.map((c) => c.id)).toContain(created.body.id);
    const [entry, ...more] = await auditEntries('analytics.cost_remove');
    expect(more).toHaveLength(0);
    expect(entry!.target_id).toBe(created.body.id);
    expect(entry!.details).toMatchObject({ amountMinor: 70_000, after: { removed: true } });
    const rows = await query<{ n: number }>(
      sql`select count(*)::int as n from program_costs where id = ${created.body.id}`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses bad months, amounts, currencies and reversed periods', async () => {
    const bad = [
      { month: '2026-13', category: 'platform', amountMinor: 1 },
      { month: '2026-01', category: 'travel', amountMinor: 1 },
      { month: '2026-01', category: 'platform', amountMinor: -5 },
      { month: '2026-01', category: 'platform', amountMinor: 1.5 },
      { month: '2026-01', category: 'platform', amountMinor: 1, currency: 'EUR' },
    ];
    for (const body of bad) {
      const refused = await manager.post<ErrorBody>(`${BASE}/costs`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
    }
    const reversed = await manager.get<ErrorBody>(`${BASE}/costs?from=2026-03&to=2026-01`);
    expect(reversed.status).toBe(400);
    const roi = await manager.get<ErrorBody>(`${BASE}/roi?from=2026-3&to=2026-04`);
    expect(roi.status).toBe(400);
  });
});

describe('ROI before any lift run', () => {
  it('counts no retention lift and says so', async () => {
    const report = await manager.get<Roi>(`${BASE}/roi?from=2026-01&to=2026-03`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.liftRunId).toBeNull();
    expect(report.body.lift).toBeNull();
    expect(report.body.benefits.retentionLift).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(report.body.notes.join(' ')).toMatch(/No lift run/);
    // (25 + 40 − 90) ÷ 90
    expect(report.body.roi.estimate).toBeCloseTo((65 - 90) / 90, 10);
  });
});

describe('lift runs', () => {
  it('estimates the lift on the seeded cohort and stores it with the members’ spend', async () => {
    const created = await manager.post<LiftRun>(`${BASE}/lift-runs`, {
      cohortFrom: '2026-01-01',
      cohortTo: '2026-02-01',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    okRun = created.body;
    expect(okRun.status).toBe('ok');
    expect(okRun.sizes).toMatchObject({
      members: PAIRS,
      controls: PAIRS + 10,
      matchedMembers: PAIRS,
      distinctControls: PAIRS,
    });
    // each member meets its twin: 12 of 20 members and 6 of 20 twins bought again
    expect(okRun.memberRate).toBeCloseTo(MEMBERS_BUYING_AGAIN / PAIRS, 12);
    expect(okRun.controlRate).toBeCloseTo(TWINS_BUYING_AGAIN / PAIRS, 12);
    expect(okRun.lift).toBeCloseTo(1, 12);
    expect(okRun.ci!.low).toBeLessThan(1);
    expect(okRun.ci!.high).toBeGreaterThan(1);
    // £30 + £31 + … + £41, and member 0's second sale of £10
    const spend = Array.from({ length: MEMBERS_BUYING_AGAIN }, (_, i) => (30 + i) * 100);
    const total = spend.reduce((a, b) => a + b, 0) + 1000;
    expect(okRun.spend).toMatchObject({ repeatMembers: 12, windowSpendMinor: total });
    expect(okRun.spend!.averageSpendMinor).toBeCloseTo(total / 12, 9);

    const [entry] = await auditEntries('analytics.lift_run');
    expect(entry!.target_id).toBe(okRun.id);
    const read = await manager.get<LiftRun>(`${BASE}/lift-runs/${okRun.id}`);
    expect(read.body).toEqual(okRun);
  });

  it('stores a refusal when the groups are too small, and lists runs newest first', async () => {
    const [gold] = await query<{ id: string }>(
      sql`select id from segments where key = 'loyalty-gold'`,
    );
    const refused = await manager.post<LiftRun>(`${BASE}/lift-runs`, {
      cohortFrom: '2026-01-01',
      cohortTo: '2026-02-01',
      segmentId: gold!.id,
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(201);
    expect(refused.body).toMatchObject({
      status: 'insufficient',
      reason: 'too_few_matched_members',
      memberRate: null,
      lift: null,
      spend: null,
    });
    expect(refused.body.sizes.members).toBe(0);

    const list = await manager.get<{ items: LiftRun[] }>(`${BASE}/lift-runs`);
    expect(list.body.items.map((r) => r.id)).toEqual([refused.body.id, okRun.id]);

    const roi = await manager.get<ErrorBody>(
      `${BASE}/roi?from=2026-01&to=2026-03&liftRunId=${refused.body.id}`,
    );
    expect(roi.status).toBe(422);
    expect(roi.body.error.code).toBe('groups_too_small');
    expect(roi.body.error.details).toMatchObject({
      reason: 'too_few_matched_members',
      minimum: 10,
    });
  });

  it('refuses an unknown region or segment and a cohort that ends before it starts', async () => {
    for (const body of [
      { cohortFrom: '2026-01-01', cohortTo: '2026-02-01', region: 'ZZ' },
      { cohortFrom: '2026-01-01', cohortTo: '2026-02-01', segmentId: crypto.randomUUID() },
      { cohortFrom: '2026-02-01', cohortTo: '2026-01-01' },
      { cohortFrom: '2026-01-01', cohortTo: '2026-02-01', windowDays: 0 },
    ]) {
      const refused = await manager.post<ErrorBody>(`${BASE}/lift-runs`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    const missing = await manager.get<ErrorBody>(`${BASE}/lift-runs/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
  });
});

describe('program ROI', () => {
  it('adds up costs and benefits as worked out by hand, with the newest usable lift run', async () => {
    const report = await manager.get<Roi>(`${BASE}/roi?from=2026-01&to=2026-03`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const body = report.body;
    expect(body.liftRunId).toBe(okRun.id);
    // costs: £40 + £20 + £15 + £10 + £5; April and the removed entry are left out
    expect(body.cost.byCategory).toEqual({
      platform: 40,
      staff: 20,
      rewards: 15,
      incentives: 10,
      moderation: 5,
    });
    expect(body.cost.total).toBe(90);
    // one converted referral × £25; one approval × £40 (the rejection and December's do not count)
    expect(body.benefits.referrals).toMatchObject({ converted: 1, value: 25 });
    expect(body.benefits.ugc).toMatchObject({ approved: 1, value: 40 });
    // 20 matched members × (12/20 − 6/20) = 6 extra customers buying again, each worth the
    // average window spend of the 12 members who did (£436 ÷ 12), at a 40% margin
    const average = 436 / 12;
    expect(body.lift.incrementalRepeatCustomers.estimate).toBeCloseTo(6, 10);
    expect(body.lift.averageSpendPerRepeatCustomer).toBeCloseTo(average, 10);
    const margin = 6 * average * 0.4;
    expect(body.benefits.retentionLift.estimate).toBeCloseTo(margin, 2);
    const lowMargin = 20 * 0.3 * okRun.ci!.low * average * 0.4;
    const highMargin = 20 * 0.3 * okRun.ci!.high * average * 0.4;
    expect(body.benefits.retentionLift.low).toBeCloseTo(lowMargin, 2);
    expect(body.benefits.retentionLift.high).toBeCloseTo(highMargin, 2);
    const benefits = margin + 25 + 40;
    expect(body.benefits.total.estimate).toBeCloseTo(benefits, 2);
    expect(body.roi.estimate).toBeCloseTo((benefits - 90) / 90, 9);
    expect(body.roi.low).toBeCloseTo((lowMargin + 65 - 90) / 90, 9);
    expect(body.roi.high).toBeCloseTo((highMargin + 65 - 90) / 90, 9);
    expect(body.roi.low!).toBeLessThan(body.roi.estimate!);
    expect(body.roi.high!).toBeGreaterThan(body.roi.estimate!);
    for (const key of ['programCost', 'retentionLift', 'referrals', 'ugc', 'roi', 'benchmark']) {
      expect(body.definitions[key], key).toMatch(/\w+ .+/);
    }
  });

  it('places the ROI among the industry’s programs', async () => {
    const body = (await manager.get<Roi>(`${BASE}/roi?from=2026-01&to=2026-03`)).body;
    // ROI = (87.2 + 65 − 90) ÷ 90 ≈ 69.1%: between the median (50%) and p75 (75%), so
    // 50 + 25 × (0.6911 − 0.5) ÷ 0.25 ≈ the 69th percentile
    const roi = (6 * (436 / 12) * 0.4 + 65 - 90) / 90;
    expect(body.benchmark.placement!.band).toBe('median–p75');
    expect(body.benchmark.placement!.percentile).toBeCloseTo(50 + (25 * (roi - 0.5)) / 0.25, 1);
    expect(body.benchmark.placement!.programsBelow).toBe(
      Math.round(((50 + (25 * (roi - 0.5)) / 0.25) / 100) * 120),
    );
    expect(body.benchmark.low).not.toBeNull();
    expect(body.benchmark.high).not.toBeNull();
  });

  it('uses the lift run asked for, and answers no ROI without a cost', async () => {
    const chosen = await manager.get<Roi>(
      `${BASE}/roi?from=2026-01&to=2026-03&liftRunId=${okRun.id}`,
    );
    expect(chosen.body.liftRunId).toBe(okRun.id);
    const empty = await manager.get<Roi>(`${BASE}/roi?from=2027-01&to=2027-02`);
    expect(empty.status).toBe(200);
    expect(empty.body.cost.total).toBe(0);
    expect(empty.body.roi).toMatchObject({ estimate: null, low: null, high: null });
    expect(empty.body.roi.reason).toMatch(/No program cost/);
    expect(empty.body.benchmark.placement).toBeNull();
    expect(empty.body.notes.join(' ')).toMatch(/outside the period/);
    const unknown = await manager.get<ErrorBody>(
      `${BASE}/roi?from=2026-01&to=2026-03&liftRunId=${crypto.randomUUID()}`,
    );
    expect(unknown.status).toBe(404);
  });
});

describe('the tables', () => {
  it('do not let the application delete costs or settings, or change a stored run', async () => {
    const attempt = (statement: ReturnType<typeof sql>) =>
      guild.db
        .tenant(tenantId, (tx) => tx.execute(statement))
        .then(
          () => 'allowed',
          (error: Error) => `${error.message} ${String(error.cause)}`,
        );
    expect(await attempt(sql`delete from program_costs`)).toMatch(/permission denied/);
    expect(await attempt(sql`delete from analytics_settings`)).toMatch(/permission denied/);
    expect(await attempt(sql`update analytics_lift_runs set status = 'ok'`)).toMatch(
      /permission denied/,
    );
    expect(await attempt(sql`delete from analytics_lift_runs`)).toMatch(/permission denied/);
  });

  it('keep each tenant’s rows to itself', async () => {
    const other = await addTenant(guild, 'beta');
    const seen = await guild.db.tenant(other, (tx) =>
      sqlRows<{ n: number }>(
        tx,
        sql`select (select count(*) from program_costs)::int + (select count(*)
              from analytics_lift_runs)::int + (select count(*) from analytics_settings)::int as n`,
      ),
    );
    expect(seen[0]!.n).toBe(0);
    const betaManager = new TestClient(guild.url, { 'x-guild-tenant': 'beta' });
    await betaManager.signIn(await addMember(guild, other, 'manager'));
    const run = await betaManager.get<ErrorBody>(`${BASE}/lift-runs/${okRun.id}`);
    expect(run.status).toBe(404);
    const settings = await betaManager.get<Settings>(`${BASE}/settings`);
    expect(settings.body).toMatchObject({ saved: false, minGroupSize: 30 });
  });
});
