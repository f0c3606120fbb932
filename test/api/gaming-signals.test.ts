/**
 * Gaming signals over real HTTP, on PGlite and on PostgreSQL: fatigue by week in the tenant's
 * time zone (a decaying challenge and reward warn, a steady challenge does not), and farming
 * findings (SECURITY.md S21): a post-delete loop, reaction toggling and a ring of 5 sock-puppet
 * accounts are found through the community API, ordinary members who react to each other a
 * little are not; findings flag their members (redemptions then wait for approval, points are
 * withheld) and managers clear them, audited.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { credit } from '../../src/gamification/ledger.js';
import { pointsWithheld } from '../../src/gamification/signals/findings.service.js';
import { recordActivity } from '../../src/gamification/activity.js';
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
interface FindingView {
  id: string;
  kind: string;
  status: string;
  members: { userId: string; username: string; role: string; flagged: boolean }[];
  evidence: Record<string, number>;
  summary: string;
  firstSeenAt: string;
  lastSeenAt: string;
}
interface DetectionView {
  raised: FindingView[];
  updated: number;
  skipped: number;
  flagged: number;
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

const ADJECTIVES = ['green', 'woollen', 'sturdy', 'light', 'waxed', 'quilted', 'linen', 'suede'];
const NOUNS = [
  'coat',
  'boots',
  'scarf',
  'backpack',
  'jacket',
  'gloves',
  'trousers',
  'hat',
  'socks',
];
let posted = 0;

/** Publishes a post with words of its own (moderation holds texts repeated across members). */
async function post(member: Member, title: string): Promise<string> {
  posted += 1;
  const a = ADJECTIVES[posted % ADJECTIVES.length]!;
  const b = NOUNS[posted % NOUNS.length]!;
  const c = ADJECTIVES[(posted * 5 + 3) % ADJECTIVES.length]!;
  const d = NOUNS[(posted * 7 + 2) % NOUNS.length]!;
  const made = await member.client.post<{ id: string; moderation: unknown }>(
    '/api/v1/spaces/signals/posts',
    {
      title,
      body: `Has anyone worn the ${a} ${b} with the ${c} ${d} on a long walk? Asking before I buy.`,
    },
  );
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  expect(made.body.moderation, JSON.stringify(made.body.moderation)).toBeNull();
  return made.body.id;
}

async function react(member: Member, postId: string, kind: string): Promise<void> {
  const result = await member.client.put(`/api/v1/posts/${postId}/reactions/${kind}`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
}

async function unreact(member: Member, postId: string, kind: string): Promise<void> {
  const result = await member.client.delete(`/api/v1/posts/${postId}/reactions/${kind}`);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
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

describe('farming findings (S21)', () => {
  let looper: Member;
  let toggler: Member;
  const puppets: Member[] = [];
  const regulars: Member[] = [];
  let detection: DetectionView;

  it('finds a post-delete loop, reaction toggling and a 5-account ring, and nobody else', async () => {
    looper = await newMember('looper');
    toggler = await newMember('toggler');
    for (let i = 0; i < 5; i += 1) {
      puppets.push(await newMember('puppet'));
    }
    for (let i = 0; i < 6; i += 1) {
      regulars.push(await newMember('regular'));
    }

    // Post-delete loop: five posts published and deleted at once. A regular had reacted to
    // each: those reactions are withdrawn with the post, which is not toggling.
    for (let i = 0; i < 5; i += 1) {
      const id = await post(looper, `Loop number ${i}`);
      await react(regulars[3]!, id, 'like');
      await react(regulars[3]!, id, 'love');
      expect((await looper.client.delete(`/api/v1/posts/${id}`)).status).toBe(204);
    }

    // Regulars: one post each. Each likes a few others once; a trio of friends reacts to each
    // other three times, but reacts to the other regulars more.
    const regularPosts = new Map<string, string>();
    for (const member of regulars) {
      regularPosts.set(member.id, await post(member, `Thoughts of ${member.username}`));
    }
    const postOf = (member: Member) => regularPosts.get(member.id)!;
    for (const [i, member] of regulars.entries()) {
      await react(member, postOf(regulars[(i + 1) % 6]!), 'like');
      await react(member, postOf(regulars[(i + 2) % 6]!), 'like');
    }
    const trio = regulars.slice(0, 3);
    const others = regulars.slice(3);
    for (const member of trio) {
      for (const friend of trio.filter((f) => f !== member)) {
        for (const kind of ['love', 'helpful', 'insightful']) {
          await react(member, postOf(friend), kind);
        }
      }
      for (const other of others) {
        for (const kind of ['love', 'helpful', 'insightful']) {
          await react(member, postOf(other), kind);
        }
      }
    }
    // One ordinary member unlikes something once.
    await unreact(regulars[5]!, postOf(regulars[0]!), 'like');

    // The ring: five accounts with two posts each, reacting to each other's posts twice over.
    const puppetPosts = new Map<string, string[]>();
    for (const puppet of puppets) {
      puppetPosts.set(puppet.id, [
        await post(puppet, `Great find by ${puppet.username}`),
        await post(puppet, `Another find by ${puppet.username}`),
      ]);
    }
    for (const puppet of puppets) {
      for (const other of puppets.filter((p) => p !== puppet)) {
        for (const id of puppetPosts.get(other.id)!) {
          await react(puppet, id, 'like');
          await react(puppet, id, 'love');
        }
      }
    }
    // A regular likes one puppet post: the ring stays a ring.
    await react(regulars[4]!, puppetPosts.get(puppets[0]!.id)![0]!, 'helpful');

    // Toggling: every reaction kind on three items, added and taken back, twice over.
    for (const target of others) {
      for (let round = 0; round < 2; round += 1) {
        for (const kind of ['like', 'love', 'helpful', 'insightful']) {
          await react(toggler, postOf(target), kind);
          await unreact(toggler, postOf(target), kind);
        }
      }
    }

    const ran = await manager.post<DetectionView>(`${BASE}/detect`, {});
    expect(ran.status, JSON.stringify(ran.body)).toBe(200);
    detection = ran.body;
    const byKind = new Map(detection.raised.map((f) => [f.kind, f]));
    expect([...byKind.keys()].sort()).toEqual([
      'post_delete_loop',
      'reaction_ring',
      'reaction_toggling',
    ]);
    expect(detection.raised).toHaveLength(3);

    const loop = byKind.get('post_delete_loop')!;
    expect(loop.members.map((m) => m.userId)).toEqual([looper.id]);
    expect(loop.evidence).toMatchObject({ loops: 5, posts: 5, comments: 0 });
    expect(loop.evidence.pointsAwarded).toBe(25);
    expect(loop.evidence.pointsReversed).toBe(25);
    expect(loop.summary).toContain(`${looper.username} published and deleted 5 items`);

    const toggling = byKind.get('reaction_toggling')!;
    expect(toggling.members.filter((m) => m.role === 'member').map((m) => m.userId)).toEqual([
      toggler.id,
    ]);
    expect(
      toggling.members
        .filter((m) => m.role === 'beneficiary')
        .map((m) => m.userId)
        .sort(),
    ).toEqual(others.map((m) => m.id).sort());
    // The engine records one add and one take-back per reaction kind and item (re-adding a
    // withdrawn reaction earns nothing and records nothing): 4 kinds × 3 items.
    expect(toggling.evidence).toMatchObject({ toggles: 12, targets: 3, authors: 3 });
    expect(toggling.evidence.pointsAwarded).toBe(12);
    expect(toggling.evidence.pointsReversed).toBe(12);

    const ring = byKind.get('reaction_ring')!;
    expect(ring.members.map((m) => m.userId).sort()).toEqual(puppets.map((p) => p.id).sort());
    expect(ring.evidence).toMatchObject({
      size: 5,
      internalReactions: 80,
      reactionsGiven: 80,
      reactionsReceived: 81,
      mutualPairs: 10,
      givenSharePercent: 100,
      receivedSharePercent: 99,
      pointsFromEachOther: 80,
    });
    expect(ring.summary).toMatch(/^5 accounts \(.+\) gave each other 80 reactions/);

    // Exactly these seven members are flagged, each by a risk flag from gaming signals.
    const flagged = await query<{ user_id: string }>(
      sql`select user_id from member_risk_flags where source = 'gaming_signals'
        and cleared_at is null order by user_id`,
    );
    expect(flagged.map((f) => f.user_id)).toEqual(
      [looper.id, toggler.id, ...puppets.map((p) => p.id)].sort(),
    );
  });

  it('updates open findings on a second run instead of raising them again', async () => {
    const again = await manager.post<DetectionView>(`${BASE}/detect`, {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ raised: [], updated: 3, skipped: 0, flagged: 0 });
  });

  it('withholds points of the farmed kinds and makes redemptions wait for approval', async () => {
    const withheld = (member: Member, kind: 'post_published' | 'reaction_received') =>
      guild.db.tenant(tenantId, (tx) => pointsWithheld(tx, tenantId, member.id, kind));
    expect(await withheld(puppets[0]!, 'reaction_received')).toBe(true);
    expect(await withheld(puppets[0]!, 'post_published')).toBe(false);
    expect(await withheld(looper, 'post_published')).toBe(true);
    expect(await withheld(looper, 'reaction_received')).toBe(false);
    expect(await withheld(toggler, 'reaction_received')).toBe(true);
    expect(await withheld(regulars[0]!, 'reaction_received')).toBe(false);
    expect(await withheld(regulars[0]!, 'post_published')).toBe(false);

    // The rules engine pays a flagged kind nothing and everyone else as usual.
    expect((await manager.post('/api/v1/gamification/rules/defaults', {})).status).toBeLessThan(
      300,
    );
    const received = (member: Member, cause: string) =>
      guild.db.tenant(tenantId, (tx) =>
        recordActivity(tx, tenantId, {
          kind: 'reaction_received',
          userId: member.id,
          actorId: regulars[2]!.id,
          causeKey: cause,
          occurredAt: new Date(),
        }),
      );
    expect((await received(puppets[0]!, 'withheld-check-1')).points).toBe(0);
    expect((await received(regulars[0]!, 'withheld-check-2')).points).toBe(1);

    const reward = await manager.post<{ id: string }>('/api/v1/rewards', {
      name: 'Sticker',
      kind: 'physical',
      fulfilment: 'manual',
      cost: 1,
    });
    expect(reward.status).toBe(201);
    const redeem = (member: Member) => {
      counter += 1;
      return member.client.post<{ status: string; approvalReason: string | null }>(
        `/api/v1/rewards/${reward.body.id}/redemptions`,
        {},
        { 'idempotency-key': `signals-sticker-${counter}` },
      );
    };
    const puppetRedemption = await redeem(puppets[1]!);
    expect(puppetRedemption.status, JSON.stringify(puppetRedemption.body)).toBe(201);
    expect(puppetRedemption.body).toMatchObject({
      status: 'pending_approval',
      approvalReason: 'risk',
    });
    const regularRedemption = await redeem(regulars[1]!);
    expect(regularRedemption.status, JSON.stringify(regularRedemption.body)).toBe(201);
    expect(regularRedemption.body.approvalReason).toBeNull();
  });

  it('lists findings in pages and by member; only managers see them', async () => {
    const first = await manager.get<Page<FindingView>>(`${BASE}/findings?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const rest = await manager.get<Page<FindingView>>(
      `${BASE}/findings?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...rest.body.items].map((f) => f.id).sort();
    expect(ids).toEqual(detection.raised.map((f) => f.id).sort());

    const ofPuppet = await manager.get<Page<FindingView>>(
      `${BASE}/findings?userId=${puppets[2]!.id}`,
    );
    expect(ofPuppet.body.items.map((f) => f.kind)).toEqual(['reaction_ring']);
    const ofRegular = await manager.get<Page<FindingView>>(
      `${BASE}/findings?userId=${regulars[0]!.id}&status=open`,
    );
    expect(ofRegular.body.items).toEqual([]);

    // Another community sees none of them.
    const betaId = await addTenant(guild, 'beta');
    const beta = new TestClient(guild.url, { 'x-guild-tenant': 'beta' });
    await beta.signIn(await addMember(guild, betaId, 'manager'));
    const betaFindings = await beta.get<Page<FindingView>>(`${BASE}/findings`);
    expect(betaFindings.status).toBe(200);
    expect(betaFindings.body.items).toEqual([]);
    expect((await beta.get(`${BASE}/findings/${ids[0]}`)).status).toBe(404);
    expect((await beta.post(`${BASE}/findings/${ids[0]}/clear`, {})).status).toBe(404);

    expect((await regulars[0]!.client.get(`${BASE}/findings`)).status).toBe(403);
    expect((await regulars[0]!.client.post(`${BASE}/detect`, {})).status).toBe(403);
    expect((await regulars[0]!.client.get(`${BASE}/fatigue`)).status).toBe(403);
  });

  it('clears a finding and its flags (audited), and does not raise it again without new activity', async () => {
    const ring = detection.raised.find((f) => f.kind === 'reaction_ring')!;
    const stranger = await manager.post<{ error: { code: string } }>(
      `${BASE}/findings/${ring.id}/clear`,
      { userId: regulars[0]!.id },
    );
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.code).toBe('validation_failed');

    // One member first: the finding stays open for the others.
    const one = await manager.post<FindingView>(`${BASE}/findings/${ring.id}/clear`, {
      userId: puppets[0]!.id,
    });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body.status).toBe('open');
    expect(one.body.members.find((m) => m.userId === puppets[0]!.id)!.flagged).toBe(false);
    expect(one.body.members.filter((m) => m.flagged)).toHaveLength(4);

    const all = await manager.post<FindingView & { clearNote: string }>(
      `${BASE}/findings/${ring.id}/clear`,
      { note: 'Checked: five friends from one store team, told them the rules.' },
    );
    expect(all.status).toBe(200);
    expect(all.body.status).toBe('cleared');
    expect(all.body.clearNote).toContain('five friends');
    expect(all.body.members.every((m) => !m.flagged)).toBe(true);

    for (const puppet of puppets) {
      expect(
        await guild.db.tenant(tenantId, (tx) =>
          pointsWithheld(tx, tenantId, puppet.id, 'reaction_received'),
        ),
      ).toBe(false);
    }
    const active = await query<{ n: string }>(
      sql`select count(*) as n from member_risk_flags
        where user_id = any(${sql.param(puppets.map((p) => p.id))}::uuid[])
          and cleared_at is null`,
    );
    expect(Number(active[0]!.n)).toBe(0);
    const audited = await query<{ n: string }>(
      sql`select count(*) as n from audit_log where action = 'gaming_finding.clear'
        and target_id = ${ring.id}`,
    );
    expect(Number(audited[0]!.n)).toBe(2);

    // Clearing again changes nothing.
    const twice = await manager.post<FindingView>(`${BASE}/findings/${ring.id}/clear`, {});
    expect(twice.body.status).toBe('cleared');

    const rerun = await manager.post<DetectionView>(`${BASE}/detect`, {});
    expect(rerun.body).toMatchObject({ raised: [], updated: 2, skipped: 1 });
    const open = await manager.get<Page<FindingView>>(`${BASE}/findings?status=open`);
    expect(open.body.items.map((f) => f.kind).sort()).toEqual([
      'post_delete_loop',
      'reaction_toggling',
    ]);
    const missing = await manager.post(
      `${BASE}/findings/00000000-0000-4000-8000-000000000000/clear`,
      {},
    );
    expect(missing.status).toBe(404);
  });

  it('would take in the friendly trio only with much looser thresholds (the defaults keep them out)', async () => {
    const trio = regulars
      .slice(0, 3)
      .map((m) => m.id)
      .sort();
    const loose = await manager.post<DetectionView>(`${BASE}/detect`, {
      minMemberShare: 0.3,
      minRingShare: 0.3,
    });
    expect(loose.status, JSON.stringify(loose.body)).toBe(200);
    const rings = loose.body.raised.filter((f) => f.kind === 'reaction_ring');
    expect(rings.map((f) => f.members.map((m) => m.userId).sort())).toEqual([trio]);
  });
});
