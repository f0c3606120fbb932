/**
 * The key metrics by month over real HTTP, on PGlite and on PostgreSQL: moderation from its
 * rollups equals the moderation figures computed from the checks and review items; ambassador
 * retention and content approval time by month equal hand counts of scripted rows; the API
 * gives the definitions beside the numbers and refuses members.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows, type Orm } from '../../src/core/db/database.js';
import {
  approvalByMonth,
  moderationByMonth,
  moderationFromRaw,
  retentionByMonth,
  type KeyMetricsMonth,
} from '../../src/analytics/metrics/key-metrics.js';
import { scopeOf } from '../../src/analytics/metrics/period.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let moderator: TestClient;
const headers = { host: 'alpha.guild.test' };
const costs = { costPerReview: 0.5, aiCostPerItem: 0.0005 };
const thisMonth = new Date().toISOString().slice(0, 7);

const inTenant = <T>(work: (tx: Orm) => Promise<T>) => guild.db.tenant(tenantId, work);
const one = async <T>(statement: ReturnType<typeof sql>) =>
  (await inTenant((tx) => sqlRows<T>(tx, statement)))[0]!;

async function client(role: 'member' | 'moderator' | 'manager', name: string) {
  const account = await addMember(guild, tenantId, role, name);
  const member = new TestClient(guild.url, headers);
  await member.signIn(account);
  return member;
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  manager = await client('manager', 'mina_manager');
  moderator = await client('moderator', 'mo_moderator');
  expect(
    (
      await manager.post('/api/v1/spaces', {
        slug: 'general',
        name: 'General',
        visibility: 'public',
        kind: 'topic',
      })
    ).status,
  ).toBe(201);
}, 60_000);

afterAll(async () => {
  await guild?.stop();
});

describe('moderation from rollups', () => {
  it('equals the figures computed from the checks and review items', async () => {
    const uk = await client('member', 'uma_uk');
    await inTenant((tx) =>
      tx.execute(sql`update users set region_id = (select id from regions where code = 'UK')
        where username = 'uma_uk'`),
    );
    const plain = await client('member', 'pat_plain');
    for (const [author, title] of [
      [uk, 'Linen care tips'],
      [uk, 'Wool coats in spring'],
      [plain, 'Store opening hours'],
    ] as const) {
      const posted = await author.post('/api/v1/spaces/general/posts', {
        title,
        body: `${title}: what has worked for you so far?`,
      });
      expect(posted.status).toBe(201);
    }
    // A held comment (a phone number) a moderator approves: a human review.
    const feed = await plain.get<{ items: { id: string }[] }>('/api/v1/spaces/general/posts');
    const held = await plain.post<{ id: string; moderationState: string }>(
      `/api/v1/posts/${feed.body.items[0]!.id}/comments`,
      { body: 'Call me on +44 7700 900123 and I will explain.' },
    );
    expect(held.body.moderationState).toBe('held');
    const queue = await moderator.get<{ items: { id: string; itemId: string }[] }>(
      '/api/v1/moderation/queue',
    );
    const item = queue.body.items.find((entry) => entry.itemId === held.body.id)!;
    const decided = await moderator.post(`/api/v1/moderation/queue/${item.id}/decision`, {
      decision: 'approve',
      reason: 'allowed_in_context',
    });
    expect(decided.status).toBe(200);

    const range = { from: thisMonth, to: thisMonth };
    const { rollups, raw } = await inTenant(async (tx) => ({
      rollups: await moderationByMonth(tx, range, await scopeOf(tx, {}), costs),
      raw: await moderationFromRaw(tx, range, costs),
    }));
    expect(rollups).toEqual(raw);
    expect(rollups[0]!.items).toBeGreaterThanOrEqual(4);
    expect(rollups[0]!.humanReviews).toBeGreaterThanOrEqual(1);

    // In the UK, only uma's two posts.
    const ukFigures = await inTenant(async (tx) =>
      moderationByMonth(tx, range, await scopeOf(tx, { region: 'UK' }), costs),
    );
    const counted = await one<{ n: number }>(
      sql`select count(*)::int as n from moderation_checks c join users u on u.id = c.author_id
          where u.username = 'uma_uk'`,
    );
    expect(ukFigures[0]!.items).toBe(counted.n);
    expect(counted.n).toBe(2);
    expect(ukFigures[0]!.costReduction).toBe(Number((1 - 0.0005 / 0.5).toFixed(4)));
  });
});

describe('ambassador retention and approval time by month', () => {
  it('count scripted ambassadors and submissions by hand', async () => {
    const program = await one<{ id: string }>(
      sql`insert into ambassador_programs (tenant_id, name, weights)
          values (${tenantId}, 'Stylists', '{}') returning id`,
    );
    const people: Record<string, string> = {};
    for (const name of ['amy', 'bob', 'cyd']) {
      await addMember(guild, tenantId, 'ambassador', name);
      people[name] = (
        await one<{ id: string }>(sql`select id from users where username = ${name}`)
      ).id;
    }
    const place = async (name: string, states: [string, string][]) => {
      const row = await one<{ id: string }>(
        sql`insert into ambassadors (tenant_id, program_id, user_id, state, source)
            values (${tenantId}, ${program.id}, ${people[name]}, ${states.at(-1)![0]}, 'manual')
            returning id`,
      );
      for (const [state, at] of states) {
        await inTenant((tx) =>
          tx.execute(sql`insert into ambassador_transitions (tenant_id, ambassador_id, to_state,
              actor_kind, at) values (${tenantId}, ${row.id}, ${state}, 'manager', ${at})`),
        );
      }
    };
    // All three active before March 2026; bob leaves in March; cyd has no completion.
    await place('amy', [['active', '2026-01-05T00:00:00Z']]);
    await place('bob', [
      ['active', '2026-01-05T00:00:00Z'],
      ['alumni', '2026-03-10T00:00:00Z'],
    ]);
    await place('cyd', [['active', '2026-02-20T00:00:00Z']]);
    for (const name of ['amy', 'bob']) {
      await inTenant((tx) =>
        tx.execute(sql`insert into member_activity (tenant_id, user_id, kind, cause_key, own,
            occurred_at, local_day)
          values (${tenantId}, ${people[name]}, 'mission_approved', ${`m:${name}`}, true,
            '2026-03-05T00:00:00Z', '2026-03-05')`),
      );
    }
    const retention = await inTenant(async (tx) =>
      retentionByMonth(tx, { from: '2026-02', to: '2026-03' }, await scopeOf(tx, {})),
    );
    // February: amy and bob active at its start, neither with a completion in the 60 days
    // before its end. March: all three at the start; amy retained, bob left, cyd idle.
    expect(retention).toEqual([
      { month: '2026-02', activeAtStart: 2, retained: 0, rate: 0 },
      { month: '2026-03', activeAtStart: 3, retained: 1, rate: 0.3333 },
    ]);

    // Submissions decided in March: 1 h and 3 h by people, 0.5 h automatically.
    for (const [hours, automatic] of [
      [1, false],
      [3, false],
      [0.5, true],
    ] as const) {
      await inTenant((tx) =>
        tx.execute(sql`insert into content_submissions (tenant_id, program_id, author_id, status,
            first_submitted_at, version_submitted_at, due_at, first_decision, first_decided_at,
            first_decision_automatic, decided_at)
          values (${tenantId}, ${program.id}, ${people.amy}, 'approved',
            '2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z', '2026-03-04T10:00:00Z', 'approve',
            '2026-03-02T10:00:00Z'::timestamptz + ${`${hours} hours`}::interval, ${automatic},
            '2026-03-02T10:00:00Z'::timestamptz + ${`${hours} hours`}::interval)`),
      );
    }
    const approval = await inTenant(async (tx) =>
      approvalByMonth(tx, { from: '2026-03', to: '2026-03' }, await scopeOf(tx, {})),
    );
    expect(approval[0]).toEqual({
      month: '2026-03',
      decisions: 3,
      automatic: 1,
      human: 2,
      medianHours: 1,
      p90Hours: 2.6,
      automaticMedianHours: 0.5,
      humanMedianHours: 2,
    });
  });
});

describe('the key metrics API', () => {
  it('gives every month its four monthly metrics with the definitions', async () => {
    const result = await manager.get<{
      definitions: Record<string, string>;
      costs: { costPerReview: number };
      months: KeyMetricsMonth[];
    }>('/api/v1/analytics/metrics?from=2026-02&to=2026-03');
    expect(result.status).toBe(200);
    expect(result.body.months.map((month) => month.month)).toEqual(['2026-02', '2026-03']);
    expect(result.body.months[1]!.ambassadorRetention.rate).toBe(0.3333);
    expect(result.body.months[1]!.contentApproval.decisions).toBe(3);
    expect(result.body.costs.costPerReview).toBe(0.5);
    for (const name of [
      'engagementRate',
      'ambassadorRetention',
      'contentApprovalTime',
      'customerRetentionLift',
      'moderationCostReduction',
      'programRoi',
    ]) {
      expect(result.body.definitions[name], name).toMatch(/\w+/);
    }
  });

  it('refuses members', async () => {
    const member = await client('member', 'nosy_member');
    expect((await member.get('/api/v1/analytics/metrics?from=2026-02&to=2026-03')).status).toBe(
      403,
    );
  });
});
