/**
 * The program layer of analytics over real HTTP, on PGlite and on PostgreSQL (docs/PROGRAM.md):
 * who may read and change it, goals and KPIs whose live values equal the metrics layer's (and a
 * hand count of a scripted February), the maturity assessment scored by hand, rollout plan
 * criteria turning met when the data appears, manual check-offs and targets audited, and an
 * expansion from the UK to France copied for real and as a dry run that changes nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows, type Orm } from '../../src/core/db/database.js';
import { engagementByMonth } from '../../src/analytics/metrics/engagement.js';
import { scopeOf } from '../../src/analytics/metrics/period.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';
import { recordTestActivity } from '../support/activity.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Reading {
  month: string;
  value: number | null;
  met: boolean;
}
interface Kpi {
  metric: string;
  target: number;
  region: string | null;
  segment: string | null;
  current: Reading;
  trend: Reading[];
  change: number | null;
}
interface Goal {
  id: string;
  title: string;
  status: string;
  owner: { id: string } | null;
  dueOn: string;
  kpis: Kpi[];
  kpisMet: number;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Assessment {
  id: string;
  submittedBy: string | null;
  overall: { score: number; percent: number; level: string };
  dimensions: { dimension: string; score: number; level: string }[];
  gaps: string[];
  recommendations: { questionId: string; answer: number }[];
  change: { previousId: string; overall: number; dimensions: Record<string, number> } | null;
}
interface Criterion {
  key: string;
  kind: string;
  target: number | null;
  observed: number | null;
  met: boolean;
  checkedBy: string | null;
  note: string;
}
interface Plan {
  currentPhase: string | null;
  phases: { key: string; complete: boolean; criteria: Criterion[] }[];
}
interface Expansion {
  id: string | null;
  dryRun: boolean;
  target: { code: string; currency: string | null; locale: string | null };
  disclosureMarket: string | null;
  copied: Record<string, number>;
  notCopied: { type: string; reason: string }[];
  notes: string[];
}

const BASE = '/api/v1/analytics/program';
const headers = { host: 'alpha.guild.test' };

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let member: TestClient;
const ids: Record<string, string> = {};

const inTenant = <T>(work: (tx: Orm) => Promise<T>) => guild.db.tenant(tenantId, work);
const query = <T>(statement: ReturnType<typeof sql>) => inTenant((tx) => sqlRows<T>(tx, statement));
const countOf = async (table: string, where = sql`true`) => {
  const [row] = await query<{ n: number }>(
    sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`,
  );
  return row!.n;
};
const auditOf = (action: string) =>
  query<{ actor_id: string | null; target_id: string | null; details: Record<string, unknown> }>(
    sql`select actor_id, target_id, details from audit_log where action = ${action}
        order by created_at`,
  );

async function event(kind: string, user: string, at: string) {
  await recordTestActivity(guild.db, tenantId, { kind, userId: ids[user]!, at });
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  manager = new TestClient(guild.url, headers);
  await manager.signIn(await addMember(guild, tenantId, 'manager', 'mina_manager'));
  member = new TestClient(guild.url, headers);
  await member.signIn(await addMember(guild, tenantId, 'member', 'max_member'));
  // Five members who joined in January 2026: ana, ben and dan in the UK (ben gold), cat in
  // the UK too but gold, eve with no region. The two accounts above joined later.
  for (const [name, region, gold] of [
    ['ana', 'UK', false],
    ['ben', 'UK', true],
    ['cat', null, true],
    ['dan', 'UK', false],
    ['eve', null, false],
  ] as const) {
    await addMember(guild, tenantId, 'member', name);
    const [row] = await query<{ id: string }>(
      sql`update users set created_at = '2026-01-10T12:00:00Z',
            region_id = (select id from regions where code = ${region})
          where username = ${name} returning id`,
    );
    ids[name] = row!.id;
    if (gold) {
      await query(sql`insert into user_segments (tenant_id, user_id, segment_id)
        select ${tenantId}, ${ids[name]}, id from segments where key = 'loyalty-gold'
        returning user_id`);
    }
  }
  for (const name of ['mina_manager', 'max_member']) {
    const [row] = await query<{ id: string }>(
      sql`update users set created_at = '2026-06-01T00:00:00Z' where username = ${name}
          returning id`,
    );
    ids[name] = row!.id;
  }
  // February: ana posts, ben comments, cat does a challenge step, dan only visits.
  await event('post_published', 'ana', '2026-02-03T10:00:00Z');
  await event('comment_published', 'ben', '2026-02-04T09:00:00Z');
  await event('challenge_step', 'cat', '2026-02-10T09:00:00Z');
  await event('daily_visit', 'dan', '2026-02-11T08:00:00Z');
}, 120_000);

afterAll(async () => {
  await guild?.stop();
});

describe('access', () => {
  it('keeps members and strangers out', async () => {
    for (const path of [
      '/goals',
      '/plan',
      '/assessment/questionnaire',
      '/expansions',
      '/metrics',
    ]) {
      const read = await member.get<ErrorBody>(`${BASE}${path}`);
      expect(read.status, path).toBe(403);
    }
    const write = await member.post<ErrorBody>(`${BASE}/goals`, {
      title: 'Grow',
      ownerId: ids.mina_manager,
      dueOn: '2026-12-31',
      kpis: [],
    });
    expect(write.status).toBe(403);
    const expansion = await member.post<ErrorBody>(`${BASE}/expansions`, {
      from: { region: 'UK' },
      to: { code: 'FR', name: 'France' },
    });
    expect(expansion.status).toBe(403);
    const stranger = await new TestClient(guild.url, headers).get<ErrorBody>(`${BASE}/goals`);
    expect(stranger.status).toBe(401);
  });
});

describe('goals and KPIs', () => {
  const goal = () => ({
    title: 'Grow the community in 2026',
    ownerId: ids.mina_manager,
    dueOn: '2026-12-31',
    kpis: [
      { metric: 'engagement_rate', direction: 'at_least', target: 0.5 },
      { metric: 'contributors', direction: 'at_least', target: 3 },
      { metric: 'engagement_rate', direction: 'at_least', target: 0.5, region: 'UK' },
      { metric: 'engagement_rate', direction: 'at_most', target: 0.9, segment: 'loyalty-gold' },
    ],
  });
  let goalId: string;

  it('refuses bad owners, metrics, targets, scopes and dates', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...goal(), ownerId: ids.max_member }, 'ownerId'],
      [{ ...goal(), dueOn: '2026-02-30' }, ''],
      [{ ...goal(), title: '  ' }, 'title'],
      [{ ...goal(), kpis: [{ metric: 'happiness', direction: 'at_least', target: 1 }] }, ''],
      [
        { ...goal(), kpis: [{ metric: 'engagement_rate', direction: 'at_least', target: 1.5 }] },
        'kpis/0/target',
      ],
      [
        {
          ...goal(),
          kpis: [{ metric: 'engagement_rate', direction: 'at_least', target: 0.2, region: 'XX' }],
        },
        'kpis/0/region',
      ],
      [
        {
          ...goal(),
          kpis: [{ metric: 'program_roi', direction: 'at_least', target: 0.3, region: 'UK' }],
        },
        'kpis/0/region',
      ],
    ];
    for (const [body, field] of cases) {
      const refused = await manager.post<ErrorBody>(`${BASE}/goals`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
      if (field) {
        expect(refused.body.error.details?.field).toBe(field);
      }
    }
    expect(await countOf('program_goals')).toBe(0);
  });

  it('creates a goal, audited, and reads its KPIs from the live metrics', async () => {
    const created = await manager.post<Goal>(`${BASE}/goals`, goal());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.status).toBe('planned');
    goalId = created.body.id;
    const [entry] = await auditOf('program.goal_create');
    expect(entry!.target_id).toBe(goalId);
    expect(entry!.actor_id).toBe(ids.mina_manager);

    const read = await manager.get<Goal>(`${BASE}/goals/${goalId}?asOf=2026-02&trendMonths=2`);
    expect(read.status).toBe(200);
    const [all, contributors, uk, gold] = read.body.kpis;
    // By hand: February has 5 members; ana, ben and cat contributed; ana and ben wrote.
    expect(all!.current).toEqual({ month: '2026-02', value: 0.6, met: true });
    expect(all!.trend).toEqual([
      { month: '2026-01', value: 0, met: false },
      { month: '2026-02', value: 0.6, met: true },
    ]);
    expect(all!.change).toBe(0.6);
    expect(contributors!.current).toEqual({ month: '2026-02', value: 2, met: false });
    // UK: ana, ben, dan; ana and ben contributed. Gold: ben and cat, both contributed.
    expect(uk!.current.value).toBe(0.6667);
    expect(gold!.current).toEqual({ month: '2026-02', value: 1, met: false });
    expect(read.body.kpisMet).toBe(2);

    // The same figures as the metrics layer computes them.
    const expected = await inTenant(async (tx) => {
      const out: (number | null)[] = [];
      for (const filter of [{}, { region: 'UK' }, { segment: 'loyalty-gold' }]) {
        const [month] = await engagementByMonth(
          tx,
          { from: '2026-02', to: '2026-02' },
          await scopeOf(tx, filter),
        );
        out.push(month!.engagementRate);
      }
      return out;
    });
    expect([all!.current.value, uk!.current.value, gold!.current.value]).toEqual(expected);
  });

  it('changes a goal and its KPIs, audited before and after', async () => {
    const changed = await manager.patch<Goal>(`${BASE}/goals/${goalId}`, {
      status: 'in_progress',
      kpis: [{ metric: 'dau_mau', direction: 'at_least', target: 0.1 }],
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.status).toBe('in_progress');
    expect(changed.body.kpis.map((k) => k.metric)).toEqual(['dau_mau']);
    const [entry] = await auditOf('program.goal_update');
    expect(entry!.details).toMatchObject({
      before: { status: 'planned' },
      after: { status: 'in_progress', kpis: [{ metric: 'dau_mau' }] },
    });
    const empty = await manager.patch<ErrorBody>(`${BASE}/goals/${goalId}`, {});
    expect(empty.status).toBe(400);
    const missing = await manager.patch<ErrorBody>(
      `${BASE}/goals/00000000-0000-4000-8000-000000000000`,
      { status: 'achieved' },
    );
    expect(missing.status).toBe(404);
  });

  it('pages goals, filters them, and deletes one', async () => {
    for (const title of ['Second goal', 'Third goal']) {
      const made = await manager.post<Goal>(`${BASE}/goals`, { ...goal(), title, kpis: [] });
      expect(made.status).toBe(201);
    }
    const first = await manager.get<Page<Goal>>(`${BASE}/goals?limit=2&asOf=2026-02`);
    expect(first.body.items.map((g) => g.title)).toEqual(['Third goal', 'Second goal']);
    const rest = await manager.get<Page<Goal>>(
      `${BASE}/goals?limit=2&asOf=2026-02&cursor=${first.body.nextCursor}`,
    );
    expect(rest.body.items.map((g) => g.id)).toEqual([goalId]);
    expect(rest.body.nextCursor).toBeNull();
    const active = await manager.get<Page<Goal>>(`${BASE}/goals?status=in_progress`);
    expect(active.body.items.map((g) => g.id)).toEqual([goalId]);

    const victim = first.body.items[0]!.id;
    expect((await manager.delete(`${BASE}/goals/${victim}`)).status).toBe(204);
    expect((await manager.get(`${BASE}/goals/${victim}`)).status).toBe(404);
    expect(await auditOf('program.goal_delete')).toHaveLength(1);
  });
});

describe('maturity assessment', () => {
  // strategy 4,3 → 3.5; community 2,2 → 2; moderation 1,1,1 → 1; gamification 0,1 → 0.5;
  // ambassadors 2,3,4 → 3; compliance 4,4,4 → 4; data 2,2 → 2; measurement 0 → 0.
  const answers = {
    strategy_goals: 4,
    strategy_sponsor: 3,
    community_spaces: 2,
    community_activity: 2,
    moderation_pipeline: 1,
    moderation_learning: 1,
    moderation_sla: 1,
    gamification_rules: 0,
    gamification_rewards: 1,
    ambassadors_recruiting: 2,
    ambassadors_onboarding: 3,
    ambassadors_retention: 4,
    compliance_disclosure: 4,
    compliance_contracts: 4,
    compliance_privacy: 4,
    data_crm: 2,
    data_loyalty: 2,
    measurement_roi: 0,
  };
  let firstId: string;

  it('shows the questionnaire', async () => {
    const q = await manager.get<{ questions: { id: string }[]; dimensions: unknown[] }>(
      `${BASE}/assessment/questionnaire`,
    );
    expect(q.status).toBe(200);
    expect(q.body.dimensions).toHaveLength(8);
    expect(q.body.questions.map((x) => x.id).sort()).toEqual(Object.keys(answers).sort());
  });

  it('refuses incomplete or out-of-range answers', async () => {
    const incomplete: Record<string, number> = { ...answers };
    delete incomplete.measurement_roi;
    for (const body of [
      { answers: incomplete },
      { answers: { ...answers, measurement_roi: 5 } },
      { answers: { ...answers, unknown_question: 2 } },
    ]) {
      const refused = await manager.post<ErrorBody>(`${BASE}/assessments`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    expect(await countOf('program_assessments')).toBe(0);
  });

  it('scores per dimension and overall, names the gaps and what to do', async () => {
    const made = await manager.post<Assessment>(`${BASE}/assessments`, { answers });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    firstId = made.body.id;
    expect(made.body.submittedBy).toBe(ids.mina_manager);
    // (3.5 + 2 + 1 + 0.5 + 3 + 4 + 2 + 0) ÷ 8 = 2
    expect(made.body.overall).toEqual({ score: 2, percent: 50, level: 'Defined' });
    expect(Object.fromEntries(made.body.dimensions.map((d) => [d.dimension, d.score]))).toEqual({
      strategy: 3.5,
      community: 2,
      moderation: 1,
      gamification: 0.5,
      ambassadors: 3,
      compliance: 4,
      data: 2,
      measurement: 0,
    });
    expect(made.body.dimensions.map((d) => d.level)).toEqual([
      'Optimising',
      'Defined',
      'Emerging',
      'Ad hoc',
      'Managed',
      'Optimising',
      'Defined',
      'Ad hoc',
    ]);
    expect(made.body.gaps).toEqual(['measurement', 'gamification', 'moderation']);
    expect(made.body.recommendations.map((r) => r.questionId)).toEqual([
      'measurement_roi',
      'gamification_rules',
      'gamification_rewards',
      'moderation_pipeline',
      'moderation_learning',
      'moderation_sla',
    ]);
    expect(made.body.change).toBeNull();
    expect(await auditOf('program.assessment')).toHaveLength(1);
  });

  it('gives the change since the previous assessment', async () => {
    const again = await manager.post<Assessment>(`${BASE}/assessments`, {
      answers: { ...answers, measurement_roi: 2, moderation_learning: 3 },
      note: 'after the model went live',
    });
    expect(again.status).toBe(201);
    // measurement 0 → 2, moderation 1 → 1.67: overall (16 + 2 + 0.67) ÷ 8 = 2.33
    expect(again.body.overall.score).toBe(2.33);
    expect(again.body.change).toMatchObject({
      previousId: firstId,
      overall: 0.33,
      dimensions: { measurement: 2, moderation: 0.67, strategy: 0 },
    });
    const latest = await manager.get<Assessment>(`${BASE}/assessments/latest`);
    expect(latest.body.id).toBe(again.body.id);
    const list = await manager.get<Page<Assessment>>(`${BASE}/assessments?limit=1`);
    expect(list.body.items[0]!.id).toBe(again.body.id);
    expect(list.body.nextCursor).not.toBeNull();
  });
});

describe('rollout plan', () => {
  const criterion = (plan: Plan, key: string) =>
    plan.phases.flatMap((p) => p.criteria).find((c) => c.key === key)!;
  const plan = async () => (await manager.get<Plan>(`${BASE}/plan?asOf=2026-02`)).body;

  it('turns "customer data imported" met once an import succeeds (dry runs do not count)', async () => {
    expect(criterion(await plan(), 'customer_data_imported')).toMatchObject({
      observed: 0,
      met: false,
    });
    for (const dryRun of [true, false]) {
      await query(sql`insert into import_jobs (tenant_id, kind, preset, origin, file_name,
          dry_run, status)
        values (${tenantId}, 'customers', 'guild', 'upload', 'customers.csv', ${dryRun},
          'succeeded') returning id`);
    }
    expect(criterion(await plan(), 'customer_data_imported')).toMatchObject({
      observed: 1,
      met: true,
    });
  });

  it('counts active ambassadors against a target a manager adjusts, audited', async () => {
    expect(criterion(await plan(), 'ambassadors_active')).toMatchObject({
      observed: 0,
      target: 10,
      met: false,
    });
    const [program] = await query<{ id: string }>(
      sql`insert into ambassador_programs (tenant_id, name, weights)
          values (${tenantId}, 'Creators', '{}'::jsonb) returning id`,
    );
    await query(sql`insert into ambassadors (tenant_id, program_id, user_id, state, source)
      values (${tenantId}, ${program!.id}, ${ids.ana}, 'active', 'manual') returning id`);
    expect(criterion(await plan(), 'ambassadors_active')).toMatchObject({
      observed: 1,
      met: false,
    });
    const set = await manager.put<Criterion>(`${BASE}/plan/criteria/ambassadors_active/target`, {
      target: 1,
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ target: 1, observed: 1, met: true });
    const [entry] = await auditOf('program.plan_target');
    expect(entry!.details).toMatchObject({
      criterion: 'ambassadors_active',
      before: { target: null },
      after: { target: 1 },
    });
    // ana is active without a contract: the contract rule is not met.
    expect(criterion(await plan(), 'contracts_enforced')).toMatchObject({
      observed: 0,
      met: false,
    });
    for (const [key, body] of [
      ['ambassadors_active', { target: 2.5 }],
      ['engagement_rate_sustained', { target: 1.5 }],
      ['platform_signed_off', { target: 1 }],
    ] as const) {
      const refused = await manager.put<ErrorBody>(`${BASE}/plan/criteria/${key}/target`, body);
      expect(refused.status, key).toBe(400);
    }
    const unknown = await manager.put<ErrorBody>(`${BASE}/plan/criteria/no_such/target`, {
      target: 1,
    });
    expect(unknown.status).toBe(404);
  });

  it('checks off a manual criterion, audited, and completes the discovery phase', async () => {
    const before = await plan();
    expect(before.currentPhase).toBe('discovery');
    // the budget: one program cost
    const cost = await manager.post(`/api/v1/analytics/costs`, {
      month: '2026-02',
      category: 'platform',
      amountMinor: 1000,
    });
    expect(cost.status).toBe(201);
    const refused = await manager.put<ErrorBody>(
      `${BASE}/plan/criteria/customer_data_imported/check`,
      { checked: true },
    );
    expect(refused.status).toBe(400);
    const checked = await manager.put<Criterion>(
      `${BASE}/plan/criteria/platform_signed_off/check`,
      { checked: true, note: 'Signed off by the CMO' },
    );
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    expect(checked.body).toMatchObject({
      met: true,
      checkedBy: ids.mina_manager,
      note: 'Signed off by the CMO',
    });
    const [entry] = await auditOf('program.plan_check');
    expect(entry!.actor_id).toBe(ids.mina_manager);
    expect(entry!.details).toMatchObject({
      criterion: 'platform_signed_off',
      before: { checked: false },
      after: { checked: true },
    });
    const after = await plan();
    expect(after.phases[0]!.complete).toBe(true);
    expect(after.currentPhase).toBe('integration');
  });
});

describe('expansion', () => {
  let ukId: string;
  let spaceId: string;

  beforeAll(async () => {
    const [uk] = await query<{ id: string }>(sql`select id from regions where code = 'UK'`);
    ukId = uk!.id;
    const [space] = await query<{ id: string }>(
      sql`insert into spaces (tenant_id, slug, name, kind, region_id, segment_keys)
          values (${tenantId}, 'uk-lounge', 'United Kingdom lounge', 'region', ${ukId},
            '{loyalty-gold}')
          returning id`,
    );
    spaceId = space!.id;
    for (const body of [
      { scope: 'region', regionCode: 'UK', settings: {} },
      { scope: 'space', spaceSlug: 'uk-lounge', settings: {} },
    ]) {
      const set = await manager.put('/api/v1/moderation/policies', body);
      expect(set.status, JSON.stringify(set.body)).toBe(200);
    }
    const rule = await manager.post('/api/v1/gamification/rules', {
      name: 'UK posts',
      eventKind: 'post_published',
      scope: 'region',
      regionCode: 'UK',
      points: 5,
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const challenge = await manager.post('/api/v1/gamification/challenges', {
      title: 'Spring in the lounge',
      startsAt: '2026-03-01T00:00',
      endsAt: '2026-03-31T23:00',
      steps: [{ title: 'Post once', kind: 'online', activityKind: 'post_published', spaceId }],
      regionIds: [ukId],
    });
    expect(challenge.status, JSON.stringify(challenge.body)).toBe(201);
  });

  const request = (extra: Record<string, unknown> = {}) => ({
    from: { region: 'UK' },
    to: {
      code: 'FR',
      name: 'France',
      currency: 'EUR',
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
    },
    ...extra,
  });

  const footprint = async () => ({
    regions: await countOf('regions'),
    spaces: await countOf('spaces'),
    policies: await countOf('moderation_policies'),
    rules: await countOf('point_rules'),
    challenges: await countOf('challenges'),
    expansions: await countOf('program_expansions'),
  });

  it('refuses a bad request and leaves nothing behind', async () => {
    const before = await footprint();
    for (const body of [
      request({ from: { region: 'XX' } }),
      request({ from: { region: 'UK', segment: 'loyalty-gold' } }),
      { ...request(), to: { ...request().to, timezone: 'Mars/Olympus' } },
      { ...request(), to: { ...request().to, currency: 'XYZ' } },
      { ...request(), to: { ...request().to, code: 'UK' } },
    ]) {
      const refused = await manager.post<ErrorBody>(`${BASE}/expansions`, body);
      expect([400, 409], JSON.stringify(body)).toContain(refused.status);
    }
    expect(await footprint()).toEqual(before);
  });

  it('dry run: says what it would copy and changes nothing', async () => {
    const before = await footprint();
    const dry = await manager.post<Expansion>(`${BASE}/expansions`, request({ dryRun: true }));
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({
      id: null,
      dryRun: true,
      disclosureMarket: 'UK',
      copied: { spaces: 1, moderationPolicies: 2, pointRules: 1, challenges: 1 },
    });
    expect(await footprint()).toEqual(before);
    expect(await auditOf('program.expansion')).toHaveLength(0);
  });

  it('copies the space, policies, rule and challenge (a draft) to the new region', async () => {
    const made = await manager.post<Expansion>(`${BASE}/expansions`, request());
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({
      dryRun: false,
      target: { code: 'FR', currency: 'EUR', locale: 'fr-FR' },
      copied: { spaces: 1, moderationPolicies: 2, pointRules: 1, challenges: 1 },
    });
    expect(made.body.notes.some((n) => n.includes('FR'))).toBe(true);
    const [space] = await query<{ id: string; slug: string; name: string; code: string }>(
      sql`select s.id, s.slug, s.name, r.code from spaces s join regions r on r.id = s.region_id
          where s.slug = 'fr-lounge'`,
    );
    expect(space).toMatchObject({ name: 'France lounge', code: 'FR' });
    const policies = await query<{ scope: string }>(
      sql`select p.scope from moderation_policies p
          where p.region_id = (select id from regions where code = 'FR')
             or p.space_id = ${space!.id} order by p.scope`,
    );
    expect(policies.map((p) => p.scope)).toEqual(['region', 'space']);
    expect(
      await countOf(
        'point_rules',
        sql`region_id = (select id from regions where code = 'FR') and name = 'UK posts'`,
      ),
    ).toBe(1);
    const [challenge] = await query<{ status: string; space_id: string }>(
      sql`select c.status, st.space_id from challenges c
          join challenge_regions cr on cr.challenge_id = c.id
          join challenge_steps st on st.challenge_id = c.id
          where cr.region_id = (select id from regions where code = 'FR')`,
    );
    expect(challenge).toEqual({ status: 'draft', space_id: space!.id });
    const [entry] = await auditOf('program.expansion');
    expect(entry!.target_id).toBe(made.body.id);
    const list = await manager.get<Page<Expansion>>(`${BASE}/expansions`);
    expect(list.body.items.map((e) => e.id)).toEqual([made.body.id]);

    const twice = await manager.post<ErrorBody>(`${BASE}/expansions`, request());
    expect(twice.status).toBe(409);
  });

  it('copies a segment’s spaces with the new segment key', async () => {
    const made = await manager.post<Expansion>(`${BASE}/expansions`, {
      from: { segment: 'loyalty-gold' },
      to: { code: 'loyalty-platinum', name: 'Platinum members' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    // the UK lounge and its French copy are both gold spaces
    expect(made.body.copied.spaces).toBe(2);
    expect(made.body.disclosureMarket).toBeNull();
    const copies = await query<{ slug: string; segment_keys: string[]; code: string }>(
      sql`select s.slug, s.segment_keys, r.code from spaces s join regions r on r.id = s.region_id
          where 'loyalty-platinum' = any(s.segment_keys) order by r.code`,
    );
    expect(copies).toEqual([
      { slug: 'fr-lounge-loyalty-platinum', segment_keys: ['loyalty-platinum'], code: 'FR' },
      { slug: 'uk-lounge-loyalty-platinum', segment_keys: ['loyalty-platinum'], code: 'UK' },
    ]);
  });
});
