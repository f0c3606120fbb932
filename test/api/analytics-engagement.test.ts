/**
 * Engagement from the rollups the database keeps as activity happens, over real HTTP, on
 * PGlite and on PostgreSQL: the figures equal those computed from the raw events and members,
 * and equal the hand count of a small scripted month; withdrawals, removals, region and
 * segment filters and a rebuild all keep them equal.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows, type Orm } from '../../src/core/db/database.js';
import {
  engagementByMonth,
  engagementFromEvents,
  rebuildRollups,
  type EngagementMonth,
} from '../../src/analytics/metrics/engagement.js';
import { scopeOf, type MonthRange } from '../../src/analytics/metrics/period.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';
import { recordTestActivity } from '../support/activity.js';

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
const headers = { host: 'alpha.guild.test' };
const ids: Record<string, string> = {};

const inTenant = <T>(work: (tx: Orm) => Promise<T>) => guild.db.tenant(tenantId, work);

/** Records an activity event as the rules engine would, at a given moment. */
function event(kind: string, user: string, at: string, actor: string | null = null) {
  return recordTestActivity(guild.db, tenantId, {
    kind,
    userId: ids[user]!,
    at,
    actorId: actor ? ids[actor] : null,
  });
}

async function both(range: MonthRange, filter: { region?: string; segment?: string } = {}) {
  return inTenant(async (tx) => {
    const scope = await scopeOf(tx, filter);
    return {
      rollups: await engagementByMonth(tx, range, scope),
      raw: await engagementFromEvents(tx, range, scope),
    };
  });
}

const pick = (month: EngagementMonth) => ({
  members: month.members,
  engaged: month.engaged,
  contributors: month.contributors,
  monthlyActive: month.monthlyActive,
  posts: month.posts,
  reactions: month.reactions,
});

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  const account = await addMember(guild, tenantId, 'manager', 'mina_manager');
  manager = new TestClient(guild.url, headers);
  await manager.signIn(account);
  await inTenant((tx) =>
    tx.execute(sql`insert into regions (tenant_id, code, name, currency, locale, timezone)
      values (${tenantId}, 'IE', 'Ireland', 'EUR', 'en-IE', 'Europe/Dublin')`),
  );
  // Five members who all joined in January 2026: ana and ben in the UK (ben gold), cat in
  // Ireland (gold), dan in the UK, eve with no region.
  for (const [name, region, gold] of [
    ['ana', 'UK', false],
    ['ben', 'UK', true],
    ['cat', 'IE', true],
    ['dan', 'UK', false],
    ['eve', null, false],
  ] as const) {
    await addMember(guild, tenantId, 'member', name);
    const [row] = await inTenant((tx) =>
      sqlRows<{ id: string }>(
        tx,
        sql`update users set created_at = '2026-01-10T12:00:00Z',
              region_id = (select id from regions where code = ${region})
            where username = ${name} returning id`,
      ),
    );
    ids[name] = row!.id;
    if (gold) {
      await inTenant((tx) =>
        tx.execute(sql`insert into user_segments (tenant_id, user_id, segment_id)
          select ${tenantId}, ${ids[name]}, id from segments where key = 'loyalty-gold'`),
      );
    }
  }
  // The manager joined now; keep them out of the scripted months by dating them later.
  await inTenant((tx) =>
    tx.execute(sql`update users set created_at = '2026-06-01T00:00:00Z'
      where username = 'mina_manager'`),
  );
}, 60_000);

afterAll(async () => {
  await guild?.stop();
});

describe('engagement from rollups', () => {
  it('counts a scripted February by hand, and the raw events agree', async () => {
    await event('post_published', 'ana', '2026-02-03T10:00:00Z');
    await event('post_published', 'ana', '2026-02-03T11:00:00Z');
    await event('comment_published', 'ben', '2026-02-04T09:00:00Z');
    // ben reacts to ana's post: the reaction is ben's contribution, not ana's
    await event('reaction_received', 'ana', '2026-02-05T09:00:00Z', 'ben');
    await event('challenge_step', 'cat', '2026-02-10T09:00:00Z');
    // visits make members active, never engaged
    await event('daily_visit', 'dan', '2026-02-11T08:00:00Z');
    await event('daily_visit', 'ana', '2026-02-03T08:00:00Z');
    // March: only eve answers
    await event('answer_accepted', 'eve', '2026-03-02T08:00:00Z');

    const { rollups, raw } = await both({ from: '2026-01', to: '2026-03' });
    expect(rollups).toEqual(raw);
    const [january, february, march] = rollups;
    expect(january).toMatchObject({ members: 5, engaged: 0, joined: 5, engagementRate: 0 });
    expect(pick(february!)).toEqual({
      members: 5,
      engaged: 3, // ana, ben, cat
      contributors: 2, // ana (posts), ben (comment)
      monthlyActive: 4, // and dan's visit
      posts: 2,
      reactions: 1,
    });
    expect(february!.engagementRate).toBe(0.6);
    // ana active on the 3rd, ben on the 4th and 5th, cat on the 10th, dan on the 11th: 5
    // member-days over February's 28 days, for 4 monthly actives.
    expect(february!.dailyActive).toBe(Number((5 / 28).toFixed(2)));
    expect(march).toMatchObject({ engaged: 1, answers: 1, engagementRate: 0.2 });
  });

  it('filters by region and by segment, the raw count agreeing', async () => {
    const uk = await both({ from: '2026-02', to: '2026-02' }, { region: 'UK' });
    expect(uk.rollups).toEqual(uk.raw);
    expect(pick(uk.rollups[0]!)).toMatchObject({ members: 3, engaged: 2, monthlyActive: 3 });
    const gold = await both({ from: '2026-02', to: '2026-02' }, { segment: 'loyalty-gold' });
    expect(gold.rollups).toEqual(gold.raw);
    expect(pick(gold.rollups[0]!)).toMatchObject({ members: 2, engaged: 2, contributors: 1 });
    const both2 = await both(
      { from: '2026-02', to: '2026-02' },
      {
        region: 'IE',
        segment: 'loyalty-gold',
      },
    );
    expect(both2.rollups).toEqual(both2.raw);
    expect(pick(both2.rollups[0]!)).toMatchObject({ members: 1, engaged: 1, contributors: 0 });
  });

  it('takes a withdrawn contribution back, and counts it again when reinstated', async () => {
    const key = await event('post_published', 'dan', '2026-04-01T09:00:00Z');
    let { rollups, raw } = await both({ from: '2026-04', to: '2026-04' });
    expect(rollups).toEqual(raw);
    expect(rollups[0]).toMatchObject({ engaged: 1, contributors: 1, posts: 1 });
    await inTenant((tx) =>
      tx.execute(sql`update activity_events set status = 'withdrawn' where cause_key = ${key}`),
    );
    ({ rollups, raw } = await both({ from: '2026-04', to: '2026-04' }));
    expect(rollups).toEqual(raw);
    expect(rollups[0]).toMatchObject({ engaged: 0, contributors: 0, monthlyActive: 0, posts: 0 });
    await inTenant((tx) =>
      tx.execute(sql`update activity_events set status = 'recorded' where cause_key = ${key}`),
    );
    ({ rollups, raw } = await both({ from: '2026-04', to: '2026-04' }));
    expect(rollups).toEqual(raw);
    expect(rollups[0]).toMatchObject({ engaged: 1, posts: 1 });
  });

  it('a rebuild from the events gives the same rollups', async () => {
    // One statement after another: a connection runs one at a time.
    const snapshot = () =>
      inTenant(
        async (tx) =>
          [
            await sqlRows<Record<string, unknown>>(
              tx,
              sql`select * from analytics_member_days order by day, user_id`,
            ),
            await sqlRows<Record<string, unknown>>(
              tx,
              sql`select * from analytics_member_months order by month, user_id`,
            ),
            await sqlRows(
              tx,
              sql`select month, region_key, segment_key, sum(engaged)::int as engaged,
                  sum(contributors)::int as contributors, sum(monthly_active)::int as active,
                  sum(active_member_days)::int as days, sum(posts)::int as posts,
                  sum(comments)::int as comments, sum(reactions)::int as reactions,
                  sum(answers)::int as answers, sum(challenge_steps)::int as steps,
                  sum(joined)::int as joined, sum(removed)::int as removed
                from analytics_month_counts group by 1, 2, 3
                having sum(abs(engaged) + abs(contributors) + abs(monthly_active)
                  + abs(active_member_days) + abs(posts) + abs(comments) + abs(reactions)
                  + abs(answers) + abs(challenge_steps) + abs(joined) + abs(removed)) > 0
                order by 1, 2, 3`,
            ),
          ] as const,
      );
    const kept = await snapshot();
    await inTenant((tx) => rebuildRollups(tx, tenantId));
    const rebuilt = await snapshot();
    // withdrawn-then-emptied member days stay as zero rows when kept by triggers
    const nonZero = (rows: Record<string, unknown>[]) =>
      rows.filter((row) =>
        Object.entries(row).some(
          ([key, value]) =>
            !['tenant_id', 'day', 'user_id', 'month', 'region_id', 'segment_ids'].includes(key) &&
            Number(value) !== 0,
        ),
      );
    expect(nonZero(rebuilt[0])).toEqual(nonZero(kept[0]));
    expect(nonZero(rebuilt[1])).toEqual(nonZero(kept[1]));
    expect(rebuilt[2]).toEqual(kept[2]);
  });

  it('drops a removed member from the month of removal on, and a moved one follows', async () => {
    const before = await both({ from: '2026-05', to: '2026-05' }, { region: 'UK' });
    await inTenant((tx) =>
      tx.execute(sql`update users set status = 'suspended' where id = ${ids.dan}`),
    );
    // eve moves to the UK: she counts there from her sign-up on
    await inTenant((tx) =>
      tx.execute(sql`update users set region_id = (select id from regions where code = 'UK')
        where id = ${ids.eve}`),
    );
    const thisMonth = new Date().toISOString().slice(0, 7);
    const all = await both({ from: '2026-01', to: thisMonth });
    expect(all.rollups).toEqual(all.raw);
    const removedIn = all.rollups.find((month) => month.month === thisMonth)!;
    expect(removedIn.removed).toBe(1);
    const uk = await both({ from: '2026-05', to: '2026-05' }, { region: 'UK' });
    expect(uk.rollups).toEqual(uk.raw);
    // May is before the removal (dan still counts) and eve now counts in the UK
    expect(uk.rollups[0]!.members).toBe(before.rollups[0]!.members + 1);
    // eve's March answer stays where she was then (no region); a rebuild files it under her
    // region now, as the raw count does.
    const march = await both({ from: '2026-03', to: '2026-03' }, { region: 'UK' });
    expect(march.rollups[0]!.engaged).toBe(0);
    expect(march.raw[0]!.engaged).toBe(1);
    await inTenant((tx) => rebuildRollups(tx, tenantId));
    const rebuilt = await both({ from: '2026-01', to: thisMonth }, { region: 'UK' });
    expect(rebuilt.rollups).toEqual(rebuilt.raw);
    expect(rebuilt.rollups.find((month) => month.month === '2026-03')!.engaged).toBe(1);
  });

  it('a real post through the API counts for its author', async () => {
    const account = await addMember(guild, tenantId, 'member', 'fay');
    const fay = new TestClient(guild.url, headers);
    await fay.signIn(account);
    const spaces = await manager.post<{ slug: string }>('/api/v1/spaces', {
      slug: 'general',
      name: 'General',
      visibility: 'public',
      kind: 'topic',
    });
    expect(spaces.status).toBe(201);
    const posted = await fay.post('/api/v1/spaces/general/posts', {
      title: 'Which size runs large?',
      body: 'The linen shirts seem to run a size large for me. Anyone else?',
    });
    expect(posted.status).toBe(201);
    const thisMonth = new Date().toISOString().slice(0, 7);
    const { rollups, raw } = await both({ from: thisMonth, to: thisMonth });
    expect(rollups).toEqual(raw);
    expect(rollups[0]!.posts).toBeGreaterThanOrEqual(1);
    expect(rollups[0]!.contributors).toBeGreaterThanOrEqual(1);
  });
});

describe('the engagement API', () => {
  it('answers managers with the definitions beside the figures', async () => {
    const result = await manager.get<{
      scope: { region: string | null };
      definitions: Record<string, string>;
      months: EngagementMonth[];
    }>('/api/v1/analytics/engagement?from=2026-02&to=2026-03&region=UK');
    expect(result.status).toBe(200);
    expect(result.body.scope.region).toBe('UK');
    expect(result.body.months.map((month) => month.month)).toEqual(['2026-02', '2026-03']);
    expect(result.body.definitions.engagementRate).toMatch(/divided by the members/);
  });

  it('lists the regions and segments to filter by', async () => {
    const result = await manager.get<{
      regions: { code: string }[];
      segments: { key: string }[];
    }>('/api/v1/analytics/scopes');
    expect(result.status).toBe(200);
    expect(result.body.regions.map((region) => region.code)).toEqual(['IE', 'UK']);
    expect(result.body.segments.map((segment) => segment.key)).toEqual(['loyalty-gold']);
  });

  it('refuses members, malformed months, reversed ranges and unknown regions', async () => {
    const account = await addMember(guild, tenantId, 'member', 'gus');
    const gus = new TestClient(guild.url, headers);
    await gus.signIn(account);
    expect((await gus.get('/api/v1/analytics/engagement?from=2026-01&to=2026-02')).status).toBe(
      403,
    );
    for (const month of ['2026-13', '2026-1', 'last-year']) {
      const bad = await manager.get<{ error: { message: string; details: { field: string } } }>(
        `/api/v1/analytics/engagement?from=${month}&to=2026-02`,
      );
      expect(bad.status).toBe(400);
      // one clear answer, whatever is wrong with the month
      expect(bad.body.error.message).toBe('from must be a month written YYYY-MM.');
      expect(bad.body.error.details.field).toBe('from');
    }
    const reversed = await manager.get<{ error: { details: { field: string } } }>(
      '/api/v1/analytics/engagement?from=2026-05&to=2026-02',
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details.field).toBe('from');
    const unknown = await manager.get<{ error: { details: { field: string } } }>(
      '/api/v1/analytics/engagement?from=2026-01&to=2026-02&region=FR',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.field).toBe('region');
  });
});
