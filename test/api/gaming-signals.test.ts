/**
 * Gaming signals over real HTTP, on PGlite and on PostgreSQL: fatigue by week in the tenant's
 * time zone (a decaying challenge and reward warn, a steady challenge does not). The farming
 * findings (a post-delete loop, reaction toggling, a ring of sock-puppet accounts) are
 * SECURITY.md S21 and live in test/security/s21-points-farming.test.ts.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { credit } from '../../src/gamification/ledger.js';
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
let counter = 0;

const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/gamification/signals';

interface TrendView {
  counts: number[];
  change: number | null;
  decaying: boolean;
}
interface WarningView {
  subjectType: string;
  subjectName: string;
  metric: string;
  message: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ChallengeFatigueView {
  id: string;
  title: string;
  participation: TrendView;
  completions: TrendView;
  warnings: WarningView[];
}
interface Member {
  client: TestClient;
  id: string;
  username: string;
}

async function query<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

async function newMember(prefix: string): Promise<Member> {
  counter += 1;
  const account = await addMember(guild, tenantId, 'member', `${prefix}_${counter}`);
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  const [row] = await query<{ id: string }>(
    sql`select id from users where username = ${account.username}`,
  );
  return { client, id: row!.id, username: account.username };
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  manager = new TestClient(guild.url, headers);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
  const space = await manager.post('/api/v1/spaces', {
    slug: 'signals',
    name: 'Signals',
    visibility: 'public',
    kind: 'topic',
  });
  expect(space.status).toBe(201);
  for (const [eventKind, points] of [
    ['post_published', 5],
    ['reaction_received', 1],
  ] as const) {
    const rule = await manager.post('/api/v1/gamification/rules', {
      name: `Signals ${eventKind}`,
      eventKind,
      scope: 'tenant',
      points,
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
  }
});
afterAll(() => guild.stop());

describe('fatigue', () => {
  /** Week starts (local dates) of the 8 complete weeks before this one, oldest first. */
  let weeks: string[];
  let timezone: string;
  /** A local time in week `i` (Wednesday noon plus `minutes`), as timestamptz SQL. */
  const at = (i: number, minutes = 0) => {
    const day = new Date(Date.parse(`${weeks[i]}T12:00:00Z`) + 2 * 86_400_000 + minutes * 60_000);
    const local = day.toISOString().slice(0, 19).replace('T', ' ');
    return sql`(${local}::timestamp at time zone ${timezone})`;
  };

  async function seedChallenge(title: string, perWeek: number[], pool: Member[], age: number) {
    const [challenge] = await query<{ id: string }>(
      sql`insert into challenges (tenant_id, title, status, starts_local, ends_local, published_at,
          created_at)
        values (${tenantId}, ${title}, 'published', now() - interval '90 days',
          now() + interval '30 days', now() - interval '90 days',
          date_trunc('milliseconds', now()) - make_interval(mins => ${age})) returning id`,
    );
    const [step] = await query<{ id: string }>(
      sql`insert into challenge_steps (tenant_id, challenge_id, position, title, kind,
          activity_kind) values (${tenantId}, ${challenge!.id}, 1, 'Post a trail photo',
          'online', 'post_published') returning id`,
    );
    let next = 0;
    for (const [week, count] of perWeek.entries()) {
      for (let k = 0; k < count; k += 1) {
        const user = pool[next++]!;
        await query(sql`insert into challenge_participants (tenant_id, challenge_id, user_id,
            joined_at, completed_at, completion_number)
          values (${tenantId}, ${challenge!.id}, ${user.id}, ${at(week, -60)}, ${at(week)}, 1)`);
        await query(sql`insert into challenge_step_progress (tenant_id, challenge_id, step_id,
            user_id, cause_key, occurred_at)
          values (${tenantId}, ${challenge!.id}, ${step!.id}, ${user.id},
            ${`post:seed-${title}-${k}-${week}`}, ${at(week, -30)})`);
      }
    }
    return challenge!.id;
  }

  it('warns when a challenge and a reward decay, not when a challenge holds steady', async () => {
    // Weeks are the community's: far from UTC, a Monday just after midnight is a new week.
    await guild.db.system.execute(
      sql`update tenants set timezone = 'Pacific/Auckland' where id = ${tenantId}`,
    );
    const [tenant] = await query<{ timezone: string; this_week: string }>(
      sql`select timezone, date_trunc('week', now() at time zone timezone)::date::text as this_week
        from tenants where id = ${tenantId}`,
    );
    timezone = tenant!.timezone;
    const thisWeek = Date.parse(`${tenant!.this_week}T00:00:00Z`);
    weeks = Array.from({ length: 8 }, (_, i) =>
      new Date(thisWeek - (8 - i) * 7 * 86_400_000).toISOString().slice(0, 10),
    );

    const pool: Member[] = [];
    for (let i = 0; i < 20; i += 1) {
      pool.push(await newMember('pool'));
    }
    const trail = await seedChallenge('Trail Week', [0, 0, 3, 3, 3, 3, 1, 1], pool, 2);
    const steady = await seedChallenge('Steady Steps', [0, 0, 3, 4, 3, 3, 3, 4], pool, 1);

    // Members with activity each week: 4 every week (steady).
    for (let week = 0; week < 8; week += 1) {
      for (const user of pool.slice(week, week + 4)) {
        await query(sql`insert into activity_events (tenant_id, kind, cause_key, user_id,
            occurred_at, local_day)
          values (${tenantId}, 'daily_visit', ${`seed-visit:${week}:${user.id}`}, ${user.id},
            ${at(week)}, ${weeks[week]}::date + 2)`);
      }
    }

    // Late on Sunday of week 6 and early on Monday of week 7, local time.
    for (const [user, minutes] of [
      [pool[18]!, -3630],
      [pool[19]!, -3570],
    ] as const) {
      await query(sql`insert into activity_events (tenant_id, kind, cause_key, user_id,
          occurred_at, local_day)
        values (${tenantId}, 'daily_visit', ${`seed-visit:edge:${user.id}`}, ${user.id},
          ${at(7, minutes)}, ${weeks[7]}::date)`);
    }

    // A reward redeemed twice a week for four weeks, then not at all.
    const reward = await manager.post<{ id: string }>('/api/v1/rewards', {
      name: 'Tote bag',
      kind: 'physical',
      fulfilment: 'manual',
      cost: 10,
    });
    expect(reward.status, JSON.stringify(reward.body)).toBe(201);
    const buyer = pool[0]!;
    await guild.db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId: buyer.id,
        amount: 100,
        reason: 'Seed',
        source: 'api',
        idempotencyKey: 'signals-seed-buyer',
      }),
    );
    for (const week of [2, 2, 3, 3, 4, 4, 5, 5]) {
      counter += 1;
      const made = await buyer.client.post<{ id: string }>(
        `/api/v1/rewards/${reward.body.id}/redemptions`,
        {},
        { 'idempotency-key': `signals-redeem-${counter}` },
      );
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      await query(sql`update reward_redemptions set created_at = ${at(week, counter)}
        where id = ${made.body.id}`);
    }

    const challenges = await manager.get<
      Page<ChallengeFatigueView> & { weeks: string[]; timezone: string }
    >(`${BASE}/fatigue/challenges`);
    expect(challenges.status, JSON.stringify(challenges.body)).toBe(200);
    expect(challenges.body.weeks).toEqual(weeks);
    const trailView = challenges.body.items.find((c) => c.id === trail)!;
    const steadyView = challenges.body.items.find((c) => c.id === steady)!;
    expect(trailView.completions.counts).toEqual([0, 0, 3, 3, 3, 3, 1, 1]);
    expect(trailView.participation.counts).toEqual([0, 0, 3, 3, 3, 3, 1, 1]);
    expect(trailView.completions.decaying).toBe(true);
    expect(trailView.warnings.map((w) => w.metric).sort()).toEqual([
      'completions',
      'participation',
    ]);
    expect(trailView.warnings.find((w) => w.metric === 'completions')!.message).toBe(
      'Completions of Trail Week fell 67% in the last 2 weeks (1 a week) against the 4 weeks ' +
        'before (3 a week).',
    );
    expect(steadyView.completions.counts).toEqual([0, 0, 3, 4, 3, 3, 3, 4]);
    expect(steadyView.completions.decaying).toBe(false);
    expect(steadyView.warnings).toEqual([]);

    // A stricter threshold (a fall of 70% or more) no longer warns about Trail Week.
    const strict = await manager.get<Page<ChallengeFatigueView>>(
      `${BASE}/fatigue/challenges?dropThreshold=0.7`,
    );
    expect(strict.body.items.find((c) => c.id === trail)!.warnings).toEqual([]);

    // Paged, newest first.
    const first = await manager.get<Page<ChallengeFatigueView>>(
      `${BASE}/fatigue/challenges?limit=1`,
    );
    expect(first.body.items.map((c) => c.title)).toEqual(['Steady Steps']);
    const second = await manager.get<Page<ChallengeFatigueView>>(
      `${BASE}/fatigue/challenges?limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((c) => c.title)).toEqual(['Trail Week']);

    const rewards = await manager.get<
      Page<{ name: string; redemptions: TrendView; warnings: WarningView[] }>
    >(`${BASE}/fatigue/rewards`);
    expect(rewards.status, JSON.stringify(rewards.body)).toBe(200);
    const tote = rewards.body.items.find((r) => r.name === 'Tote bag')!;
    expect(tote.redemptions.counts).toEqual([0, 0, 2, 2, 2, 2, 0, 0]);
    // Two a week is under the default minimum baseline of 3: no warning unless lowered.
    expect(tote.warnings).toEqual([]);
    const lowered = await manager.get<Page<{ name: string; warnings: WarningView[] }>>(
      `${BASE}/fatigue/rewards?minBaseline=2`,
    );
    expect(lowered.body.items.find((r) => r.name === 'Tote bag')!.warnings[0]!.message).toBe(
      'Redemptions of Tote bag fell 100% in the last 2 weeks (0 a week) against the 4 weeks ' +
        'before (2 a week).',
    );

    const overview = await manager.get<{
      activeMembers: TrendView;
      warnings: WarningView[];
      warningCount: number;
    }>(`${BASE}/fatigue`);
    expect(overview.status, JSON.stringify(overview.body)).toBe(200);
    expect(overview.body.activeMembers.counts).toEqual([4, 4, 4, 4, 4, 4, 5, 5]);
    expect(overview.body.activeMembers.decaying).toBe(false);
    expect(overview.body.warnings.map((w) => `${w.subjectName}/${w.metric}`).sort()).toEqual([
      'Trail Week/completions',
      'Trail Week/participation',
    ]);

    const refused = await manager.get<{ error: { code: string } }>(
      `${BASE}/fatigue?weeks=4&recentWeeks=2&baselineWeeks=4`,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
  });
});
