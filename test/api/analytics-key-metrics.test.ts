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
import { eraseMember } from '../../src/privacy/erasure/erasure.service.js';
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
      raw: await moderationFromRaw(tx, range, await scopeOf(tx, {}), costs),
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
    expect(ukFigures).toEqual(
      await inTenant(async (tx) =>
        moderationFromRaw(tx, range, await scopeOf(tx, { region: 'UK' }), costs),
      ),
    );
    expect(ukFigures[0]!.items).toBe(counted.n);
    expect(counted.n).toBe(2);
    expect(ukFigures[0]!.costReduction).toBe(Number((1 - 0.0005 / 0.5).toFixed(4)));
  });
});

describe('an audit closed without a verdict', () => {
  it('is no audit: erasing its author leaves the rollups equal to the raw figures', async () => {
    expect(
      (
        await manager.post('/api/v1/spaces', {
          slug: 'audited',
          name: 'Audited',
          visibility: 'public',
          kind: 'topic',
        })
      ).status,
    ).toBe(201);
    const policy = await manager.put('/api/v1/moderation/policies', {
      scope: 'space',
      spaceSlug: 'audited',
      settings: { auditSampleRate: 1 },
    });
    expect(policy.status).toBe(200);
    const range = { from: thisMonth, to: thisMonth };
    const figures = () =>
      inTenant(async (tx) => ({
        rollups: await moderationByMonth(tx, range, await scopeOf(tx, {}), costs),
        raw: await moderationFromRaw(tx, range, await scopeOf(tx, {}), costs),
      }));
    const before = (await figures()).rollups[0]!;

    // Two automatic allows, each sampled for an audit: the moderator confirms jon's; ivy is
    // erased while hers waits, which closes it with no verdict.
    const sampled: Record<string, string> = {};
    for (const name of ['ivy_audited', 'jon_audited']) {
      const author = await client('member', name);
      const posted = await author.post<{ id: string; moderation: unknown }>(
        '/api/v1/spaces/audited/posts',
        { title: `Returns by post (${name})`, body: 'How long does a refund take to arrive?' },
      );
      expect(posted.status).toBe(201);
      expect(posted.body.moderation).toBeNull();
      sampled[name] = posted.body.id;
    }
    const audits = await moderator.get<{ items: { id: string; itemId: string }[] }>(
      '/api/v1/moderation/queue?kind=audit',
    );
    const jons = audits.body.items.find((item) => item.itemId === sampled.jon_audited)!;
    expect(audits.body.items.some((item) => item.itemId === sampled.ivy_audited)).toBe(true);
    const confirmed = await moderator.post(`/api/v1/moderation/queue/${jons.id}/decision`, {
      decision: 'approve',
      reason: 'allowed_in_context',
    });
    expect(confirmed.status).toBe(200);
    const ivy = await one<{ id: string }>(sql`select id from users where username = 'ivy_audited'`);
    const mina = await one<{ id: string }>(
      sql`select id from users where username = 'mina_manager'`,
    );
    await inTenant((tx) => eraseMember(tx, ivy.id, { tenantId, actorId: mina.id }));
    const closed = await one<{ status: string; decision: string | null }>(
      sql`select status, decision from review_items where kind = 'audit' and item_id = ${sampled.ivy_audited}`,
    );
    expect(closed).toEqual({ status: 'resolved', decision: null });

    const after = await figures();
    expect(after.rollups).toEqual(after.raw);
    expect(after.rollups[0]!.auditSampled).toBe(before.auditSampled + 1);
    expect(after.rollups[0]!.automaticPrecision).toBe(1);
    await inTenant((tx) =>
      tx.execute(sql`select guild_analytics_rebuild_moderation(${tenantId}::uuid)`),
    );
    expect((await figures()).rollups).toEqual(after.rollups);
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

describe('supporting figures, CSV export and live updates', () => {
  it('measures time to first response and SLA breaches by month', async () => {
    const asker = await addMember(guild, tenantId, 'member', 'asker_one');
    const helper = await addMember(guild, tenantId, 'member', 'helper_one');
    const ids = await inTenant((tx) =>
      sqlRows<{ id: string; username: string }>(
        tx,
        sql`select id, username from users where username in ('asker_one', 'helper_one')`,
      ),
    );
    const id = (name: string) => ids.find((row) => row.username === name)!.id;
    const space = await one<{ id: string }>(sql`select id from spaces where slug = 'general'`);
    for (const [title, delay] of [
      ['First', 2],
      ['Second', 6],
      ['Third', null],
    ] as const) {
      const post = await one<{ id: string }>(
        sql`insert into posts (tenant_id, space_id, author_id, title, body_md, body_html,
              created_at)
            values (${tenantId}, ${space.id}, ${id(asker.username)}, ${title}, 'x', '<p>x</p>',
              '2026-04-10T10:00:00Z') returning id`,
      );
      // the author's own comment never counts as a response
      await inTenant((tx) =>
        tx.execute(sql`insert into comments (tenant_id, post_id, author_id, body_md, body_html,
            created_at) values (${tenantId}, ${post.id}, ${id(asker.username)}, 'bump', 'bump',
            '2026-04-10T10:30:00Z')`),
      );
      if (delay !== null) {
        await inTenant((tx) =>
          tx.execute(sql`insert into comments (tenant_id, post_id, author_id, body_md,
              body_html, created_at)
            values (${tenantId}, ${post.id}, ${id(helper.username)}, 'answer', 'answer',
              '2026-04-10T10:00:00Z'::timestamptz + ${`${delay} hours`}::interval)`),
        );
      }
    }
    // One review item due in April and resolved late, one due in April never resolved.
    for (const resolved of ['2026-04-20T12:00:00Z', null]) {
      await inTenant((tx) =>
        tx.execute(sql`insert into review_items (tenant_id, kind, item_type, item_id, severity,
            due_at, status, resolved_at, created_at)
          values (${tenantId}, 'flag', 'post', gen_random_uuid(), 0.5, '2026-04-20T10:00:00Z',
            ${resolved === null ? 'open' : 'resolved'}, ${resolved}, '2026-04-19T10:00:00Z')`),
      );
    }
    const result = await manager.get<{
      months: {
        month: string;
        firstResponseMedianHours: number | null;
        postsAnswered: number;
        postsPublished: number;
        queueOpenAtEnd: number;
        slaBreaches: number;
      }[];
    }>('/api/v1/analytics/supporting?from=2026-04&to=2026-05');
    expect(result.status).toBe(200);
    expect(result.body.months[0]).toMatchObject({
      month: '2026-04',
      firstResponseMedianHours: 4,
      postsAnswered: 2,
      postsPublished: 3,
      queueOpenAtEnd: 1,
      slaBreaches: 2,
    });
    expect(result.body.months[1]).toMatchObject({ postsPublished: 0, slaBreaches: 0 });
  });

  it('exports a dashboard table as CSV, one row per month', async () => {
    const result = await fetch(
      `${guild.url}/api/v1/analytics/export?table=metrics&from=2026-02&to=2026-03`,
      { headers: { ...headers, cookie: manager.cookieHeader() } },
    );
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(result.headers.get('content-disposition')).toContain('metrics-2026-02-2026-03.csv');
    const lines = (await result.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    const header = lines[0]!.split(',');
    expect(header).toContain('ambassadorRetention.rate');
    expect(header).not.toContain('ambassadorRetention.month');
    const march = Object.fromEntries(header.map((name, i) => [name, lines[2]!.split(',')[i]]));
    expect(march).toMatchObject({ month: '2026-03', 'ambassadorRetention.rate': '0.3333' });
    const bad = await manager.get('/api/v1/analytics/export?table=users&from=2026-02&to=2026-03');
    expect(bad.status).toBe(400);
  });

  it('streams a new version when a figure changes', async () => {
    const controller = new AbortController();
    const response = await fetch(`${guild.url}/api/v1/analytics/live`, {
      headers: { ...headers, cookie: manager.cookieHeader(), accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    const decoder = new TextDecoder();
    let buffer = '';
    const nextVersion = async (): Promise<string> => {
      for (;;) {
        const match = /event: metrics\ndata: (\{[^\n]*\})\n\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return (JSON.parse(match[1]!) as { version: string }).version;
        }
        const { value, done } = await reader.read();
        if (done) {
          throw new Error('the stream ended');
        }
        buffer += decoder.decode(value, { stream: true });
      }
    };
    try {
      const first = await nextVersion();
      const user = await one<{ id: string }>(sql`select id from users where username = 'uma_uk'`);
      await inTenant((tx) =>
        tx.execute(sql`insert into activity_events (tenant_id, kind, cause_key, user_id,
            occurred_at, local_day)
          values (${tenantId}, 'post_published', 'live:1', ${user.id}, now(), current_date)`),
      );
      const second = await nextVersion();
      expect(second).not.toBe(first);
    } finally {
      controller.abort();
    }
  }, 30_000);

  it('refuses the stream and the export to members', async () => {
    const member = await client('member', 'curious_member');
    expect((await member.get('/api/v1/analytics/live')).status).toBe(403);
    expect(
      (await member.get('/api/v1/analytics/export?table=costs&from=2026-02&to=2026-03')).status,
    ).toBe(403);
  });
});

describe('the key metrics API', () => {
  it('splits by region in one call, each region equal to its own filtered answer', async () => {
    await inTenant((tx) =>
      tx.execute(sql`update users set region_id = (select id from regions where code = 'UK')
        where username = 'amy'`),
    );
    const result = await manager.get<{
      all: KeyMetricsMonth[];
      regions: { region: string; months: KeyMetricsMonth[] }[];
    }>('/api/v1/analytics/metrics/regions?from=2026-02&to=2026-03');
    expect(result.status).toBe(200);
    const whole = await manager.get<{ months: KeyMetricsMonth[] }>(
      '/api/v1/analytics/metrics?from=2026-02&to=2026-03',
    );
    expect(result.body.all).toEqual(whole.body.months);
    expect(result.body.regions.map((entry) => entry.region)).toEqual(['UK']);
    const uk = await manager.get<{ months: KeyMetricsMonth[] }>(
      '/api/v1/analytics/metrics?from=2026-02&to=2026-03&region=UK',
    );
    expect(result.body.regions[0]!.months).toEqual(uk.body.months);
    // amy, in the UK: retained in March; her three approvals
    expect(uk.body.months[1]!.ambassadorRetention).toMatchObject({ activeAtStart: 1, retained: 1 });
    expect(uk.body.months[1]!.contentApproval.decisions).toBe(3);
  });

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
