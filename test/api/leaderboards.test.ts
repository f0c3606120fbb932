/**
 * Leaderboards: the fold that follows the ledger (also when entries commit out of order or
 * roll back), periods in the tenant's time zone, scopes and filters, staff and opt-out,
 * newcomers, decayed reputation, a member's own rank wherever they stand, and the HTTP API.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import type { Role } from '../../src/core/http/access.js';
import { credit, reverseSource } from '../../src/gamification/ledger.js';
import { backfill, foldAll, foldLedger } from '../../src/gamification/leaderboards/fold.service.js';
import {
  leaderboard,
  standingOnBoard,
  type BoardQuery,
  type Leaderboard,
} from '../../src/gamification/leaderboards/leaderboards.service.js';
import { setPreferences } from '../../src/gamification/leaderboards/preferences.service.js';
import { updateSettings } from '../../src/gamification/leaderboards/settings.service.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantCount = 0;
let keyCount = 0;

beforeAll(async () => {
  guild = await startTestGuild();
});
afterAll(() => guild.stop());

interface Community {
  id: string;
  regionId: string;
}

async function community(timezone = 'Europe/Berlin'): Promise<Community> {
  tenantCount += 1;
  const id = await addTenant(guild, `boards-${tenantCount}-${Date.now().toString(36)}`);
  await guild.db.system.execute(sql`update tenants set timezone = ${timezone} where id = ${id}`);
  const [region] = await sqlRows<{ id: string }>(
    guild.db.system,
    sql`select id from regions where tenant_id = ${id}`,
  );
  return { id, regionId: region!.id };
}

async function member(c: Community, role: Role = 'member'): Promise<string> {
  const { username } = await addMember(guild, c.id, role);
  const [row] = await sqlRows<{ id: string }>(
    guild.db.system,
    sql`select id from users where tenant_id = ${c.id} and username = ${username}`,
  );
  return row!.id;
}

interface AwardOptions {
  spaceId?: string;
  regionId?: string;
  /** Backdates the entry (history written before the test). */
  at?: Date;
  sourceRef?: string;
}

async function award(c: Community, userId: string, amount: number, options: AwardOptions = {}) {
  keyCount += 1;
  const posted = await guild.db.tenant(c.id, (tx) =>
    credit(tx, c.id, {
      userId,
      amount,
      reason: 'test',
      source: 'community',
      idempotencyKey: `lb-${keyCount}`,
      spaceId: options.spaceId ?? null,
      regionId: options.regionId ?? null,
      sourceRef: options.sourceRef ?? null,
    }),
  );
  if (options.at) {
    await guild.db.system.execute(
      sql`update ledger_entries set created_at = ${options.at.toISOString()}::timestamptz
           where id = ${posted.entry.id}`,
    );
  }
  return posted.entry;
}

const fold = () => foldAll(guild.db.system, { span: 1000 });

function board(
  c: Community,
  query: Partial<BoardQuery> = {},
  viewer: string | null = null,
): Promise<Leaderboard> {
  return guild.db.tenant(c.id, (tx) =>
    leaderboard(tx, c.id, { period: 'all', board: 'points', limit: 10, ...query }, viewer),
  );
}

const ids = (result: Leaderboard) => result.items.map((item) => item.userId);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

async function backdateJoin(userId: string, days: number): Promise<void> {
  await guild.db.system.execute(
    sql`update users set created_at = ${daysAgo(days).toISOString()}::timestamptz
         where id = ${userId}`,
  );
}

describe('the fold', () => {
  it('folds each entry once, and tells how far behind the boards are', async () => {
    const c = await community();
    const a = await member(c);
    await award(c, a, 10);
    await award(c, a, 5);
    const before = await board(c, {}, a);
    expect(before.freshness.behindEntries).toBeGreaterThanOrEqual(2);
    expect(before.me).toMatchObject({ points: 0 });
    await fold();
    await fold();
    const after = await board(c, {}, a);
    expect(after.freshness.behindEntries).toBe(0);
    expect(after.items).toEqual([expect.objectContaining({ userId: a, rank: 1, points: 15 })]);
  });

  it('keeps the id of a rolled-back write as a hole, and drops it after the grace period', async () => {
    const c = await community();
    const a = await member(c);
    await expect(
      guild.db.tenant(c.id, async (tx) => {
        await credit(tx, c.id, {
          userId: a,
          amount: 99,
          reason: 'never',
          source: 'api',
          idempotencyKey: 'rolled-back',
        });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await award(c, a, 7);
    const first = await fold();
    expect(first.holesOpened).toBeGreaterThanOrEqual(1);
    const holes = await sqlRows<{ n: number }>(
      guild.db.system,
      sql`select count(*)::int as n from leaderboard_fold_holes`,
    );
    expect(holes[0]!.n).toBeGreaterThanOrEqual(1);
    const dropped = await foldLedger(guild.db.system, { graceSeconds: 0 });
    expect(dropped.holesClosed).toBeGreaterThanOrEqual(1);
    expect((await board(c)).items).toEqual([expect.objectContaining({ userId: a, points: 7 })]);
  });

  it.skipIf(!process.env.GUILD_TEST_DATABASE_URL)(
    'folds an entry that commits after a later one, exactly once',
    async () => {
      const c = await community();
      const a = await member(c);
      const b = await member(c);
      await fold();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let written!: () => void;
      const inserted = new Promise<void>((resolve) => {
        written = resolve;
      });
      // A takes the lower id and holds its transaction open; B commits a higher id meanwhile.
      const slow = guild.db.tenant(c.id, async (tx) => {
        await credit(tx, c.id, {
          userId: a,
          amount: 40,
          reason: 'slow',
          source: 'api',
          idempotencyKey: 'slow-one',
        });
        written();
        await gate;
      });
      await inserted;
      await award(c, b, 25);
      const pass = await fold();
      expect(pass.holesOpened).toBe(1);
      expect(ids(await board(c))).toEqual([b]);
      release();
      await slow;
      const healed = await fold();
      expect(healed.holesClosed).toBe(1);
      await fold();
      const result = await board(c);
      expect(result.items.map((i) => [i.userId, i.points])).toEqual([
        [a, 40],
        [b, 25],
      ]);
    },
  );

  it('backfills a long stretch with the rank index rebuilt at the end', async () => {
    const c = await community();
    const a = await member(c);
    const b = await member(c);
    for (let i = 0; i < 5; i += 1) {
      await award(c, a, 3);
      await award(c, b, 4);
    }
    const passes: number[] = [];
    await backfill(guild.db.system, { span: 3, onPass: (pass) => passes.push(pass.entries) });
    expect(passes.length).toBeGreaterThan(1);
    const [index] = await sqlRows<{ n: number }>(
      guild.db.system,
      sql`select count(*)::int as n from pg_indexes
           where indexname = 'leaderboard_scores_rank_idx'`,
    );
    expect(index!.n).toBe(1);
    expect((await board(c)).items.map((i) => [i.userId, i.points])).toEqual([
      [b, 20],
      [a, 15],
    ]);
  });

  it('lowers a score when an award is reversed', async () => {
    const c = await community();
    const a = await member(c);
    const b = await member(c);
    await award(c, a, 100, { sourceRef: 'post:gone' });
    await award(c, a, 20);
    await award(c, b, 50);
    await fold();
    expect(ids(await board(c))).toEqual([a, b]);
    await guild.db.tenant(c.id, (tx) => reverseSource(tx, c.id, 'post:gone', 'post removed'));
    await fold();
    for (const period of ['all', 'week', 'month'] as const) {
      const result = await board(c, { period }, a);
      expect(result.items.map((i) => [i.userId, i.points])).toEqual([
        [b, 50],
        [a, 20],
      ]);
      expect(result.me).toMatchObject({ rank: 2, points: 20 });
    }
    const reputation = await board(c, { board: 'reputation' }, a);
    expect(reputation.me!.points).toBeCloseTo(20, 1);
  });
});

describe('periods in the tenant time zone', () => {
  it('starts the week on Monday and the month on the 1st, local time', async () => {
    const berlin = await community('Europe/Berlin');
    const utc = await community('UTC');
    const [bounds] = await sqlRows<{ week: string | Date; month: string | Date }>(
      guild.db.system,
      sql`select date_trunc('week', now() at time zone 'Europe/Berlin')
                   at time zone 'Europe/Berlin' as week,
                 date_trunc('month', now() at time zone 'Europe/Berlin')
                   at time zone 'Europe/Berlin' as month`,
    );
    const week = new Date(bounds!.week);
    const month = new Date(bounds!.month);
    const halfHour = 30 * 60_000;
    const people: Record<string, string> = {};
    for (const c of [berlin, utc]) {
      for (const name of ['lateSunday', 'earlyMonday', 'lastOfMonth', 'firstOfMonth']) {
        people[`${c.id}:${name}`] = await member(c);
      }
      await award(c, people[`${c.id}:lateSunday`]!, 11, { at: new Date(+week - halfHour) });
      await award(c, people[`${c.id}:earlyMonday`]!, 12, { at: new Date(+week + halfHour) });
      await award(c, people[`${c.id}:lastOfMonth`]!, 13, { at: new Date(+month - halfHour) });
      await award(c, people[`${c.id}:firstOfMonth`]!, 14, { at: new Date(+month + halfHour) });
    }
    await fold();
    const p = (c: Community, name: string) => people[`${c.id}:${name}`]!;
    // Berlin: the Monday 00:00 boundary splits the two week entries.
    const thisWeek = await board(berlin, { period: 'week', at: new Date(+week + halfHour) });
    expect(ids(thisWeek)).toContain(p(berlin, 'earlyMonday'));
    expect(ids(thisWeek)).not.toContain(p(berlin, 'lateSunday'));
    const lastWeek = await board(berlin, { period: 'week', at: new Date(+week - halfHour) });
    expect(ids(lastWeek)).toContain(p(berlin, 'lateSunday'));
    expect(ids(lastWeek)).not.toContain(p(berlin, 'earlyMonday'));
    expect(thisWeek.from).toBe(
      new Date(+week + 12 * 3_600_000).toISOString().slice(0, 10), // local Monday
    );
    const thisMonth = await board(berlin, { period: 'month', at: new Date(+month + halfHour) });
    expect(ids(thisMonth)).toContain(p(berlin, 'firstOfMonth'));
    expect(ids(thisMonth)).not.toContain(p(berlin, 'lastOfMonth'));
    const lastMonth = await board(berlin, { period: 'month', at: new Date(+month - halfHour) });
    expect(ids(lastMonth)).toContain(p(berlin, 'lastOfMonth'));
    expect(ids(lastMonth)).not.toContain(p(berlin, 'firstOfMonth'));
    // UTC: both instants of each pair fall before UTC midnight, in the same week and month.
    const utcWeek = await board(utc, { period: 'week', at: new Date(+week - halfHour) });
    expect(ids(utcWeek)).toEqual(
      expect.arrayContaining([p(utc, 'lateSunday'), p(utc, 'earlyMonday')]),
    );
    const utcMonth = await board(utc, { period: 'month', at: new Date(+month - halfHour) });
    expect(ids(utcMonth)).toEqual(
      expect.arrayContaining([p(utc, 'lastOfMonth'), p(utc, 'firstOfMonth')]),
    );
  });

  it('sums a custom range of local days from the ledger', async () => {
    const c = await community('Europe/Berlin');
    const a = await member(c);
    const b = await member(c);
    // 23:30 Berlin on day D is 22:30 UTC in winter, 21:30 in summer: still day D locally.
    const [row] = await sqlRows<{ late: string | Date; day: string }>(
      guild.db.system,
      sql`select ((current_date - 3)::timestamp + interval '23 hours 30 minutes')
                   at time zone 'Europe/Berlin' as late,
                 (current_date - 3)::text as day`,
    );
    const late = new Date(row!.late);
    await award(c, a, 30, { at: late });
    await award(c, b, 20, { at: new Date(+late + 3_600_000) }); // the next local day
    await award(c, b, 5, { at: new Date(+late - 3_600_000) });
    await fold();
    const day = row!.day;
    const result = await board(c, { period: 'custom', from: day, to: day }, b);
    expect(result.items.map((i) => [i.userId, i.points])).toEqual([
      [a, 30],
      [b, 5],
    ]);
    expect(result.me).toMatchObject({ rank: 2, points: 5 });
    const twoDays = await board(c, { period: 'custom', from: day, to: nextDay(day) }, b);
    expect(twoDays.items.map((i) => [i.userId, i.points])).toEqual([
      [a, 30],
      [b, 25],
    ]);
    for (const range of [
      { from: day },
      { from: '2026-02-30', to: '2026-03-02' },
      { from: nextDay(day), to: day },
      { from: '2025-01-01', to: '2026-01-02' },
    ]) {
      await expect(board(c, { period: 'custom', ...range })).rejects.toMatchObject({
        code: 'validation_failed',
      });
    }
  });
});

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe('who is ranked', () => {
  it('leaves staff out, and ranks members as if they were not there', async () => {
    const c = await community();
    const m1 = await member(c);
    const m2 = await member(c);
    const manager = await member(c, 'manager');
    const moderator = await member(c, 'moderator');
    await award(c, manager, 500);
    await award(c, moderator, 400);
    await award(c, m1, 50);
    await award(c, m2, 30);
    await fold();
    const result = await board(c, {}, m2);
    expect(ids(result)).toEqual([m1, m2]);
    expect(result.items.map((i) => i.rank)).toEqual([1, 2]);
    expect(result.me).toMatchObject({ rank: 2, points: 30 });
    const staff = await board(c, {}, manager);
    expect(staff.me).toMatchObject({ rank: null, points: 500 });
    expect(staff.me!.note).toMatch(/staff/i);
  });

  it('hides members who opted out, who see no rank of their own', async () => {
    const c = await community();
    const m1 = await member(c);
    const m2 = await member(c);
    await award(c, m1, 80);
    await award(c, m2, 60);
    await fold();
    await guild.db.tenant(c.id, (tx) => setPreferences(tx, c.id, m1, { optedOut: true }));
    const result = await board(c, {}, m1);
    expect(ids(result)).toEqual([m2]);
    expect(result.me).toMatchObject({ rank: null, points: 80 });
    expect(result.me!.note).toMatch(/opt/i);
    const other = await guild.db.tenant(c.id, (tx) =>
      standingOnBoard(tx, c.id, { period: 'all', board: 'points', limit: 10 }, m2),
    );
    expect(other.rank).toBe(1);
    await guild.db.tenant(c.id, (tx) => setPreferences(tx, c.id, m1, { optedOut: false }));
    expect(ids(await board(c))).toEqual([m1, m2]);
  });

  it('gives each member their rank and points, also far outside the top N', async () => {
    const c = await community();
    const people: string[] = [];
    for (const points of [50, 40, 40, 30, 20, 10]) {
      const id = await member(c);
      people.push(id);
      await award(c, id, points);
    }
    const zero = await member(c);
    await fold();
    const result = await board(c, { limit: 2 }, people[4]);
    expect(result.items).toHaveLength(2);
    expect(result.me).toMatchObject({ rank: 5, points: 20 });
    const ties = await board(c, { limit: 5 });
    expect(ties.items.map((i) => i.rank)).toEqual([1, 2, 2, 4, 5]);
    const tied = await board(c, { limit: 1 }, people[2]);
    expect(tied.me).toMatchObject({ rank: 2, points: 40 });
    const nothing = await board(c, { limit: 1 }, zero);
    expect(nothing.me).toMatchObject({ rank: 7, points: 0 });
  });
});

describe('boards', () => {
  it('filters by space, region and segment', async () => {
    const c = await community();
    const [space1, space2] = [crypto.randomUUID(), crypto.randomUUID()];
    const a = await member(c);
    const b = await member(c);
    const d = await member(c);
    await award(c, a, 10, { spaceId: space1, regionId: c.regionId });
    await award(c, a, 100, { spaceId: space2 });
    await award(c, b, 30, { spaceId: space1 });
    await award(c, d, 20, { regionId: c.regionId });
    await guild.db.system.execute(sql`insert into user_segments (tenant_id, user_id, segment_id)
      select ${c.id}, ${d}, id from segments where tenant_id = ${c.id} and key = 'loyalty-gold'`);
    await fold();
    const inSpace = await board(c, { spaceId: space1 }, a);
    expect(inSpace.items.map((i) => [i.userId, i.points])).toEqual([
      [b, 30],
      [a, 10],
    ]);
    expect(inSpace.me).toMatchObject({ rank: 2, points: 10 });
    const inRegion = await board(c, { regionId: c.regionId, period: 'week' }, d);
    expect(inRegion.items.map((i) => [i.userId, i.points])).toEqual([
      [d, 20],
      [a, 10],
    ]);
    const gold = await board(c, { segment: 'loyalty-gold' }, d);
    expect(gold.items.map((i) => [i.userId, i.points])).toEqual([[d, 20]]);
    expect(gold.me).toMatchObject({ rank: 1, points: 20 });
    const notGold = await board(c, { segment: 'loyalty-gold' }, a);
    expect(notGold.me!.rank).toBeNull();
    await expect(board(c, { segment: 'nope' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(ids(await board(c))).toEqual([a, b, d]);
  });

  it('shows newcomers on the rising board, within the configured window', async () => {
    const c = await community();
    const veteran = await member(c);
    const newcomer = await member(c);
    await backdateJoin(veteran, 100);
    await backdateJoin(newcomer, 5);
    await award(c, veteran, 100);
    await award(c, newcomer, 10);
    await fold();
    const rising = await board(c, { board: 'rising' }, veteran);
    expect(ids(rising)).toEqual([newcomer]);
    expect(rising.me!.rank).toBeNull();
    await updateSettings(guild.db.system, c.id, { risingDays: 3 });
    expect(ids(await board(c, { board: 'rising' }))).toEqual([]);
    await updateSettings(guild.db.system, c.id, { risingDays: 200 });
    const wide = await board(c, { board: 'rising' }, newcomer);
    expect(ids(wide)).toEqual([veteran, newcomer]);
    expect(wide.me).toMatchObject({ rank: 2, points: 10 });
  });

  it('ranks reputation exactly, also between scores that share a count bucket', async () => {
    const c = await community();
    const people: string[] = [];
    for (const points of [1000, 1001, 1002, 2000]) {
      const id = await member(c);
      people.push(id);
      await award(c, id, points);
    }
    await fold();
    const ranks = [];
    for (const id of people) {
      ranks.push(
        (
          await guild.db.tenant(c.id, (tx) =>
            standingOnBoard(tx, c.id, { period: 'all', board: 'reputation', limit: 1 }, id),
          )
        ).rank,
      );
    }
    expect(ranks).toEqual([4, 3, 2, 1]);
  });

  it('decays reputation by the half-life, and rebuilds it when that changes', async () => {
    const c = await community();
    const old = await member(c);
    const recent = await member(c);
    await award(c, old, 100, { at: daysAgo(14) });
    await award(c, recent, 30);
    await fold();
    // Half-life 30 days: 100 points 14 days old are worth 100 * 2^(-14/30), about 72.
    const slow = await board(c, { board: 'reputation' }, old);
    expect(ids(slow)).toEqual([old, recent]);
    expect(slow.items[0]!.points).toBeCloseTo(100 * 2 ** (-14 / 30), 0);
    expect(slow.items[1]!.points).toBeCloseTo(30, 0);
    await updateSettings(guild.db.system, c.id, { halfLifeDays: 7 });
    // Half-life 7 days: two half-lives, 25.
    const fast = await board(c, { board: 'reputation' }, old);
    expect(ids(fast)).toEqual([recent, old]);
    expect(fast.me).toMatchObject({ rank: 2 });
    expect(fast.me!.points).toBeCloseTo(25, 0);
    // Entries after the change fold on the new scale.
    await award(c, old, 10);
    await fold();
    const later = await board(c, { board: 'reputation' });
    expect(later.items.map((i) => [i.userId, Math.round(i.points)])).toEqual([
      [old, 35],
      [recent, 30],
    ]);
    // The points board does not decay.
    expect((await board(c)).items.map((i) => i.points)).toEqual([110, 30]);
  });
});

describe('the API', () => {
  it('serves the board with the caller, the opt-out and the settings', async () => {
    const c = await community();
    const alice = await addMember(guild, c.id, 'member');
    const bob = await addMember(guild, c.id, 'member');
    const boss = await addMember(guild, c.id, 'manager');
    const [aliceId, bobId] = await Promise.all(
      [alice, bob].map(async (m) => {
        const [row] = await sqlRows<{ id: string }>(
          guild.db.system,
          sql`select id from users where username = ${m.username}`,
        );
        return row!.id;
      }),
    );
    await award(c, aliceId!, 70);
    await award(c, bobId!, 40);
    await fold();
    const slug = (
      await sqlRows<{ slug: string }>(
        guild.db.system,
        sql`select slug from tenants where id = ${c.id}`,
      )
    )[0]!.slug;
    const client = new TestClient(guild.url, { 'x-guild-tenant': slug });
    await client.signIn(bob);
    const result = await client.get<{
      items: { rank: number; member: { id: string; username: string }; points: number }[];
      me: { rank: number | null; points: number; note: string | null };
      freshness: { behindEntries: number };
    }>('/api/v1/gamification/leaderboards?period=all&limit=1');
    expect(result.status).toBe(200);
    expect(result.body.items).toEqual([
      {
        rank: 1,
        member: { id: aliceId, username: alice.username, displayName: `Test ${alice.username}` },
        points: 70,
      },
    ]);
    expect(result.body.me).toEqual({ rank: 2, points: 40, note: null });
    expect(result.body.freshness.behindEntries).toBe(0);

    const bad = await client.get<{ error: { code: string } }>(
      '/api/v1/gamification/leaderboards?period=custom&from=2026-01-01',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');

    const out = await client.put('/api/v1/gamification/leaderboards/preferences', {
      optedOut: true,
    });
    expect(out.status).toBe(200);
    const hidden = await client.get<{ me: { rank: null; note: string } }>(
      '/api/v1/gamification/leaderboards',
    );
    expect(hidden.body.me.rank).toBeNull();
    expect(hidden.body.me.note).toMatch(/opt/i);

    expect(
      (await client.put('/api/v1/gamification/leaderboards/settings', { risingDays: 9 })).status,
    ).toBe(403);
    const manager = new TestClient(guild.url, { 'x-guild-tenant': slug });
    await manager.signIn(boss);
    const changed = await manager.put<{ halfLifeDays: number; risingDays: number }>(
      '/api/v1/gamification/leaderboards/settings',
      { risingDays: 9 },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ halfLifeDays: 30, risingDays: 9 });
    const audited = await sqlRows<{ n: number }>(
      guild.db.system,
      sql`select count(*)::int as n from audit_log
           where tenant_id = ${c.id} and action = 'leaderboards.settings_changed'`,
    );
    expect(audited[0]!.n).toBe(1);
    const tooShort = await manager.put('/api/v1/gamification/leaderboards/settings', {
      halfLifeDays: 1,
    });
    expect(tooShort.status).toBe(400);
  });
});
