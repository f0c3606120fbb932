/**
 * Badges, levels, streaks and challenges, over real HTTP and on the database of the run.
 * Activity reaches them as the rules engine would deliver it: `updateAchievements` is called
 * directly in a tenant transaction, and points are read from (or written through) the ledger.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import type { ActivityEvent, ActivityKind } from '../../src/gamification/activity.types.js';
import { updateAchievements } from '../../src/gamification/achievements/achievements.hooks.js';
import { BadgeEvaluationTask } from '../../src/gamification/achievements/badge-evaluation.job.js';
import {
  createChallenge,
  joinChallenge,
  challengeForMember,
  publishChallenge,
} from '../../src/gamification/achievements/challenges.service.js';
import {
  memberPrivileges,
  memberLevel,
} from '../../src/gamification/achievements/levels.service.js';
import { streakFor } from '../../src/gamification/achievements/streaks.service.js';
import { balancesFor, credit, reverseSource } from '../../src/gamification/ledger.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
  type TestMember,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let spaceId: string;
let otherSpaceId: string;
let causeCounter = 0;

const BASE = '/api/v1/gamification';

interface Member {
  id: string;
  account: TestMember;
}

async function newMember(name: string, tenant = tenantId): Promise<Member> {
  const account = await addMember(guild, tenant, 'member', name);
  const [row] = await guild.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [
    name,
  ]);
  return { id: row!.id, account };
}

async function client(member: TestMember): Promise<TestClient> {
  const c = new TestClient(guild.url);
  await c.signIn(member);
  return c;
}

function event(
  kind: ActivityKind,
  userId: string,
  options: Partial<ActivityEvent> = {},
): ActivityEvent {
  causeCounter += 1;
  return {
    kind,
    userId,
    actorId: null,
    causeKey: `${kind}:${causeCounter}`,
    occurredAt: new Date(),
    ...options,
  };
}

function record(
  e: ActivityEvent,
  change: 'recorded' | 'withdrawn' = 'recorded',
  tenant = tenantId,
): Promise<void> {
  return guild.db.tenant(tenant, (tx) => updateAchievements(tx, tenant, e, change));
}

async function count(query: ReturnType<typeof sql>, tenant = tenantId): Promise<number> {
  const [row] = await guild.db.tenant(tenant, (tx) => sqlRows<{ n: number }>(tx, query));
  return row?.n ?? 0;
}

const notices = (userId: string, kind: string) =>
  count(sql`select count(*)::int as n from notifications
             where user_id = ${userId} and kind = ${kind}`);

/**
 * Net points a member holds from badges and challenges (signing in may earn other points
 * through the rules engine, which these tests leave aside).
 */
const paid = (userId: string) =>
  count(sql`select coalesce(sum(amount), 0)::int as n from ledger_entries
             where user_id = ${userId}
               and (source_ref like 'badge:%' or source_ref like 'challenge:%')`);

async function createBadge(body: Record<string, unknown>): Promise<{ id: string }> {
  const result = await manager.post<{ id: string }>(`${BASE}/badges`, body);
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body;
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  manager = await client(await addMember(guild, tenantId, 'manager', 'mgr_gina'));
  for (const slug of ['trail-talk', 'kitchen']) {
    const created = await manager.post<{ id: string }>('/api/v1/spaces', {
      slug,
      name: `Space ${slug}`,
      visibility: 'public',
      kind: 'topic',
    });
    expect(created.status).toBe(201);
  }
  const spaces = await guild.db.query<{ id: string; slug: string }>(
    'SELECT id, slug FROM spaces ORDER BY slug',
  );
  spaceId = spaces.find((s) => s.slug === 'trail-talk')!.id;
  otherSpaceId = spaces.find((s) => s.slug === 'kitchen')!.id;
});
afterAll(() => guild.stop());

describe('badges', () => {
  it('gam-01: a first-review badge is granted once, whatever re-runs and admin grants follow', async () => {
    const u301 = await newMember('u_301');
    const badge = await createBadge({
      key: 'first-review',
      name: 'First review',
      criterion: 'first',
      activityKind: 'review',
      tiers: [{ tier: 'bronze', threshold: 1, points: 50 }],
    });
    const review = event('review', u301.id);
    await record(review);
    await record(review); // the same event delivered again

    const job = new BadgeEvaluationTask();
    await job.run({ tenantId, badgeId: badge.id }, { jobId: 'run-1', db: guild.db });
    await job.run({ tenantId, badgeId: badge.id }, { jobId: 'run-2', db: guild.db });
    const evaluated = await manager.post<{ granted: number }>(
      `${BASE}/badges/${badge.id}/evaluate`,
    );
    expect(evaluated.status).toBe(200);
    expect(evaluated.body.granted).toBe(0);

    const grant = await manager.post<{ error: { code: string } }>(
      `${BASE}/badges/${badge.id}/grants`,
      { userId: u301.id },
    );
    expect(grant.status).toBe(409);
    expect(grant.body.error.code).toBe('badge_already_granted');

    expect(
      await count(sql`select count(*)::int as n from user_badges
                       where user_id = ${u301.id} and badge_id = ${badge.id}`),
    ).toBe(1);
    expect(await notices(u301.id, 'badge_granted')).toBe(1);
    expect(await paid(u301.id)).toBe(50);
    expect(
      await count(sql`select count(*)::int as n from ledger_entries
                       where user_id = ${u301.id} and source_ref like 'badge:%'`),
    ).toBe(1);
    expect(
      await count(sql`select count(*)::int as n from audit_log
                       where action = 'badge.grant' and target_id = ${u301.id}`),
    ).toBe(0);
    const drift = await guild.db.tenant(tenantId, (tx) => reconcile(tx));
    expect(drift.drift).toEqual([]);

    // The member sees the one notice in their notifications.
    const member = await client(u301.account);
    const inbox = await member.get<{ items: { kind: string }[] }>('/api/v1/notifications');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.filter((n) => n.kind === 'badge_granted')).toHaveLength(1);
  });

  it('grants tiers as thresholds are reached, each tier paying its points once', async () => {
    const member = await newMember('tiered_tom');
    const badge = await createBadge({
      key: 'helpful',
      name: 'Helpful',
      criterion: 'count',
      activityKind: 'answer_accepted',
      tiers: [
        { tier: 'gold', threshold: 6, points: 100 },
        { tier: 'bronze', threshold: 2, points: 10 },
        { tier: 'silver', threshold: 4, points: 20 },
      ],
    });
    const helper = await newMember('acceptor_ann');
    const accepted: ActivityEvent[] = [];
    for (let i = 0; i < 4; i += 1) {
      const e = event('answer_accepted', member.id, { actorId: helper.id });
      accepted.push(e);
      await record(e);
    }
    // Accepting your own answer counts for nothing.
    await record(event('answer_accepted', member.id, { actorId: member.id }));

    const alice = await client(member.account);
    const mine = await alice.get<{ items: { tier: string; badge: { id: string } }[] }>(
      `${BASE}/me/badges`,
    );
    expect(mine.status).toBe(200);
    expect(
      mine.body.items
        .filter((h) => h.badge.id === badge.id)
        .map((h) => h.tier)
        .sort(),
    ).toEqual(['bronze', 'silver']);
    expect(await paid(member.id)).toBe(30);

    // Not revocable: a withdrawn answer leaves the silver tier in place.
    await record(accepted[0]!, 'withdrawn');
    const after = await alice.get<{ items: { tier: string }[] }>(`${BASE}/me/badges`);
    expect(after.body.items.map((h) => h.tier).sort()).toEqual(['bronze', 'silver']);
    expect(await paid(member.id)).toBe(30);

    // Tiers must climb.
    const bad = await manager.post<{ error: { code: string } }>(`${BASE}/badges`, {
      key: 'backwards',
      name: 'Backwards',
      criterion: 'count',
      activityKind: 'post_published',
      tiers: [
        { tier: 'bronze', threshold: 5, points: 0 },
        { tier: 'silver', threshold: 3, points: 0 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });

  it('revokes a revocable badge when its criterion stops holding, reversing its points once', async () => {
    const member = await newMember('revoked_rita');
    const acceptor = await newMember('acceptor_ali');
    const badge = await createBadge({
      key: 'answerer',
      name: 'Answerer',
      criterion: 'count',
      activityKind: 'referral_converted',
      revocable: true,
      tiers: [{ tier: 'bronze', threshold: 2, points: 40 }],
    });
    const first = event('referral_converted', member.id, { actorId: acceptor.id });
    const second = event('referral_converted', member.id, { actorId: acceptor.id });
    await record(first);
    await record(second);
    expect(await paid(member.id)).toBe(40);

    await record(second, 'withdrawn');
    await record(second, 'withdrawn');
    const held = () =>
      count(sql`select count(*)::int as n from user_badges
                 where user_id = ${member.id} and badge_id = ${badge.id} and revoked_at is null`);
    expect(await held()).toBe(0);
    expect(await paid(member.id)).toBe(0);
    expect(
      await count(sql`select count(*)::int as n from ledger_entries
                       where user_id = ${member.id} and kind = 'reversal'`),
    ).toBe(1);

    // Accepted again: granted again, paid again; never more than one grant's worth at a time.
    await record(second);
    expect(await held()).toBe(1);
    expect(await paid(member.id)).toBe(40);
    expect(
      await count(sql`select count(*)::int as n from user_badges
                       where user_id = ${member.id} and badge_id = ${badge.id}`),
    ).toBe(1);
    const drift = await guild.db.tenant(tenantId, (tx) => reconcile(tx));
    expect(drift.drift).toEqual([]);
  });

  it('lets managers grant and revoke by hand, audited; members cannot', async () => {
    const member = await newMember('manual_max');
    const badge = await createBadge({
      key: 'staff-pick',
      name: 'Staff pick',
      criterion: 'manual',
      visible: false,
      tiers: [{ tier: 'bronze', threshold: 1, points: 25 }],
    });
    const max = await client(member.account);
    const refused = await max.post(`${BASE}/badges/${badge.id}/grants`, { userId: member.id });
    expect(refused.status).toBe(403);

    const granted = await manager.post<{ tier: string }>(`${BASE}/badges/${badge.id}/grants`, {
      userId: member.id,
      note: 'Great trail guide',
    });
    expect(granted.status).toBe(201);
    expect(granted.body.tier).toBe('bronze');
    expect(await paid(member.id)).toBe(25);
    const again = await manager.post<{ error: { code: string } }>(
      `${BASE}/badges/${badge.id}/grants`,
      { userId: member.id },
    );
    expect(again.body.error.code).toBe('badge_already_granted');

    // Hidden from others, shown to the holder.
    const other = await client((await newMember('curious_cat')).account);
    const seen = await other.get<{ items: unknown[] }>(`${BASE}/members/${member.id}/badges`);
    expect(seen.status).toBe(200);
    expect(seen.body.items).toHaveLength(0);
    const own = await max.get<{ items: unknown[] }>(`${BASE}/members/${member.id}/badges`);
    expect(own.body.items).toHaveLength(1);

    const revoked = await manager.post<{ revoked: string[] }>(
      `${BASE}/badges/${badge.id}/revocations`,
      { userId: member.id, reason: 'Given by mistake' },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked).toEqual(['bronze']);
    expect(await paid(member.id)).toBe(0);
    const twice = await manager.post(`${BASE}/badges/${badge.id}/revocations`, {
      userId: member.id,
      reason: 'Again',
    });
    expect(twice.status).toBe(404);
    for (const action of ['badge.grant', 'badge.revoke']) {
      expect(
        await count(sql`select count(*)::int as n from audit_log
                         where action = ${action} and target_id = ${member.id}`),
      ).toBe(1);
    }
  });

  it('pages the badge catalogue and refuses a manual badge that counts activity', async () => {
    const first = await manager.get<{ items: { id: string }[]; nextCursor: string | null }>(
      `${BASE}/badges?limit=2`,
    );
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await manager.get<{ items: { id: string }[] }>(
      `${BASE}/badges?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.length).toBeGreaterThan(0);
    const ids = new Set(first.body.items.map((b) => b.id));
    expect(second.body.items.some((b) => ids.has(b.id))).toBe(false);

    const bad = await manager.post<{ error: { code: string } }>(`${BASE}/badges`, {
      key: 'odd',
      name: 'Odd',
      criterion: 'manual',
      activityKind: 'review',
      tiers: [{ tier: 'bronze', threshold: 1, points: 0 }],
    });
    expect(bad.status).toBe(400);
  });
});

describe('streaks in the member time zone', () => {
  async function withZone(name: string, zone: string): Promise<Member> {
    const member = await newMember(name);
    await guild.db.tenant(tenantId, (tx) =>
      tx.execute(sql`update users set timezone = ${zone} where id = ${member.id}`),
    );
    return member;
  }

  it('gam-06: 22:26 in New York extends a 12-day streak to 13 though UTC says tomorrow', async () => {
    const ny = await withZone('ny_nina', 'America/New_York');
    const badge = await createBadge({
      key: 'week-streak',
      name: 'Seven days running',
      criterion: 'streak',
      activityKind: 'daily_visit',
      tiers: [{ tier: 'bronze', threshold: 7, points: 15 }],
    });
    // 12 local days, 25 Jan to 5 Feb 2026, each visit at 20:00 New York (01:00 UTC next day).
    for (let day = 0; day < 12; day += 1) {
      const at = new Date(Date.UTC(2026, 0, 26 + day, 1, 0));
      await record(event('daily_visit', ny.id, { occurredAt: at }));
    }
    const before = await guild.db.tenant(tenantId, (tx) =>
      streakFor(tx, ny.id, { asOf: new Date('2026-02-06T12:00:00Z') }),
    );
    expect(before).toMatchObject({ current: 12, lastActiveDay: '2026-02-05' });

    await record(event('daily_visit', ny.id, { occurredAt: new Date('2026-02-07T03:26:00Z') }));
    const after = await guild.db.tenant(tenantId, (tx) =>
      streakFor(tx, ny.id, { asOf: new Date('2026-02-07T03:30:00Z') }),
    );
    expect(after).toMatchObject({
      current: 13,
      longest: 13,
      lastActiveDay: '2026-02-06',
      today: '2026-02-06',
      activeToday: true,
      timezone: 'America/New_York',
    });
    // A missed local day resets the current streak, not the longest.
    const later = await guild.db.tenant(tenantId, (tx) =>
      streakFor(tx, ny.id, { asOf: new Date('2026-02-09T15:00:00Z') }),
    );
    expect(later).toMatchObject({ current: 0, longest: 13 });

    const held = await count(sql`select count(*)::int as n from user_badges
                                  where user_id = ${ny.id} and badge_id = ${badge.id}`);
    expect(held).toBe(1);
  });

  it('gam-06: 23:30 and 00:15 in Kolkata are two days (one day in UTC)', async () => {
    const kolkata = await withZone('kolkata_kiran', 'Asia/Kolkata');
    const utc = await withZone('utc_uma', 'UTC');
    for (const member of [kolkata, utc]) {
      await record(
        event('daily_visit', member.id, { occurredAt: new Date('2026-02-10T18:00:00Z') }),
      );
      await record(
        event('daily_visit', member.id, { occurredAt: new Date('2026-02-10T18:45:00Z') }),
      );
    }
    const asOf = new Date('2026-02-10T19:00:00Z');
    const k = await guild.db.tenant(tenantId, (tx) => streakFor(tx, kolkata.id, { asOf }));
    const u = await guild.db.tenant(tenantId, (tx) => streakFor(tx, utc.id, { asOf }));
    expect(k.current).toBe(2);
    expect(k.lastActiveDay).toBe('2026-02-11');
    expect(u.current).toBe(1);
  });

  it('does not extend a streak by what others do (a reaction); shows my streak over HTTP', async () => {
    const member = await newMember('streaky_sam');
    const reactor = await newMember('reactor_ray');
    await record(event('reaction_received', member.id, { actorId: reactor.id }));
    const streak = () => guild.db.tenant(tenantId, (tx) => streakFor(tx, member.id));
    expect((await streak()).current).toBe(0);
    await record(event('post_published', member.id));
    expect(await streak()).toMatchObject({ current: 1, activeToday: true });
    const sam = await client(member.account);
    const mine = await sam.get<{ current: number; activeToday: boolean }>(`${BASE}/me/streak`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ current: 1, activeToday: true });
  });
});

describe('levels and privileges', () => {
  it('computes the level from lifetime points and unlocks privileges cumulatively', async () => {
    const levels = [
      { name: 'Newcomer', minPoints: 0 },
      { name: 'Regular', minPoints: 1000, privileges: ['post_images'] },
      { name: 'Expert', minPoints: 5000, privileges: ['create_events', 'post_images'] },
    ];
    for (const level of levels) {
      const created = await manager.post(`${BASE}/levels`, level);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    const clash = await manager.post<{ error: { code: string } }>(`${BASE}/levels`, {
      name: 'Twin',
      minPoints: 1000,
    });
    expect(clash.status).toBe(409);
    const badKey = await manager.post(`${BASE}/levels`, {
      name: 'Odd',
      minPoints: 7000,
      privileges: ['Post Images!'],
    });
    expect(badKey.status).toBe(400);

    const member = await newMember('level_lee');
    expect(await guild.db.tenant(tenantId, (tx) => memberPrivileges(tx, member.id))).toEqual([]);
    await guild.db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId: member.id,
        amount: 1500,
        reason: 'Order ORD-77',
        source: 'integration',
        sourceRef: 'order:ORD-77',
        idempotencyKey: 'purchase:ORD-77',
      }),
    );
    // The rules engine reports the event after writing its points.
    await record(event('purchase', member.id, { quantity: 150000, currency: 'GBP' }));
    await record(event('comment_published', member.id));
    expect(await notices(member.id, 'level_reached')).toBe(1);

    const lee = await client(member.account);
    const mine = await lee.get<{
      level: { name: string; number: number };
      next: { name: string; pointsToGo: number };
      privileges: string[];
      lifetimePoints: number;
    }>(`${BASE}/me/level`);
    expect(mine.status).toBe(200);
    // Signing in may have earned a visit point through the rules engine; the ledger says.
    const { lifetime } = await guild.db.tenant(tenantId, (tx) => balancesFor(tx, member.id));
    expect(lifetime).toBeGreaterThanOrEqual(1500);
    expect(mine.body).toMatchObject({
      lifetimePoints: lifetime,
      level: { name: 'Regular', number: 2 },
      next: { name: 'Expert', pointsToGo: 5000 - lifetime },
      privileges: ['post_images'],
    });
    expect(await guild.db.tenant(tenantId, (tx) => memberPrivileges(tx, member.id))).toEqual([
      'post_images',
    ]);

    // Points taken back take the level back with them: nothing stored to go stale.
    await guild.db.tenant(tenantId, (tx) =>
      reverseSource(tx, tenantId, 'order:ORD-77', 'refunded'),
    );
    const now = await guild.db.tenant(tenantId, (tx) => memberLevel(tx, member.id));
    expect(now.level?.name).toBe('Newcomer');
    expect(now.privileges).toEqual([]);
    expect(await guild.db.tenant(tenantId, (tx) => memberPrivileges(tx, member.id))).toEqual([]);

    const list = await lee.get<{ items: { name: string }[] }>(`${BASE}/levels`);
    expect(list.body.items.map((l) => l.name)).toEqual(['Newcomer', 'Regular', 'Expert']);
  });
});

/** Local date-time strings (UTC tenant) `days` from now. */
function localIn(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);
}

interface MemberChallenge {
  id: string;
  state: string;
  disclosure: { required: boolean; reminder: string; custom: boolean } | null;
  progress: {
    joined: boolean;
    completedAt: string | null;
    steps: { done: number; required: number; complete: boolean }[];
  };
}

describe('challenges', () => {
  it('needs disclosure reminder text before a challenge with a prize is published', async () => {
    const created = await manager.post<{
      id: string;
      status: string;
      disclosure: { required: boolean; custom: boolean; rule: string };
    }>(`${BASE}/challenges`, {
      title: 'Trail week',
      startsAt: localIn(-1),
      endsAt: localIn(6),
      prizePoints: 300,
      steps: [{ title: 'Post a trail photo', kind: 'online', activityKind: 'post_published' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.disclosure).toMatchObject({
      required: true,
      custom: false,
      rule: 'DISC-01',
    });
    const refused = await manager.post<{ error: { code: string } }>(
      `${BASE}/challenges/${created.body.id}/publish`,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('disclosure_reminder_required');

    const text = 'Start your challenge posts with "Ad:" — this challenge pays points.';
    const patched = await manager.patch(`${BASE}/challenges/${created.body.id}`, {
      disclosureText: text,
    });
    expect(patched.status).toBe(200);
    const published = await manager.post<{ status: string }>(
      `${BASE}/challenges/${created.body.id}/publish`,
    );
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    // Published: the prize is fixed and the reminder cannot be emptied.
    const prizeChange = await manager.patch(`${BASE}/challenges/${created.body.id}`, {
      prizePoints: 10,
    });
    expect(prizeChange.status).toBe(409);
    const emptied = await manager.patch<{ error: { code: string } }>(
      `${BASE}/challenges/${created.body.id}`,
      { disclosureText: ' ' },
    );
    expect(emptied.status).toBe(422);
    expect(emptied.body.error.code).toBe('disclosure_reminder_required');

    const member = await client((await newMember('disclosed_dee')).account);
    const open = await member.get<{ items: MemberChallenge[] }>(`${BASE}/challenges`);
    const shown = open.body.items.find((c) => c.id === created.body.id);
    expect(shown?.disclosure).toMatchObject({ required: true, reminder: text, custom: true });

    // No prize, no reminder.
    const plain = await manager.post<{ disclosure: unknown }>(`${BASE}/challenges`, {
      title: 'Say hello',
      startsAt: localIn(-1),
      endsAt: localIn(6),
      steps: [{ title: 'Comment', kind: 'online', activityKind: 'comment_published' }],
    });
    expect(plain.body.disclosure).toBeNull();
  });

  it('refuses impossible times and steps with clear validation errors', async () => {
    const base = {
      title: 'Broken',
      startsAt: '2026-02-30T10:00',
      endsAt: '2026-03-05T10:00',
      steps: [{ title: 'Visit', kind: 'in_store' }],
    };
    const badDate = await manager.post<{ error: { code: string; details: { field: string } } }>(
      `${BASE}/challenges`,
      base,
    );
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details.field).toBe('startsAt');
    const badStep = await manager.post(`${BASE}/challenges`, {
      ...base,
      startsAt: '2026-03-01T10:00',
      steps: [{ title: 'Visit', kind: 'in_store', activityKind: 'post_published' }],
    });
    expect(badStep.status).toBe(400);
    const noKind = await manager.post(`${BASE}/challenges`, {
      ...base,
      startsAt: '2026-03-01T10:00',
      steps: [{ title: 'Post', kind: 'online' }],
    });
    expect(noKind.status).toBe(400);
    const backwards = await manager.post(`${BASE}/challenges`, {
      ...base,
      startsAt: '2026-03-09T10:00',
      steps: [{ title: 'Visit', kind: 'in_store' }],
    });
    expect(backwards.status).toBe(400);
  });

  it('counts steps once per cause, completes once and pays the prize once', async () => {
    const created = await manager.post<{ id: string }>(`${BASE}/challenges`, {
      title: 'Trail trio',
      startsAt: localIn(-2),
      endsAt: localIn(5),
      prizePoints: 200,
      disclosureText: 'Ad: say so in every challenge post.',
      steps: [
        {
          title: 'Two trail posts',
          kind: 'online',
          activityKind: 'post_published',
          spaceId,
          requiredCount: 2,
        },
        { title: 'Visit the Leeds store', kind: 'in_store', storeId: 'S-1' },
        { title: 'Buy for £50 or more', kind: 'purchase', minAmount: 5000 },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect((await manager.post(`${BASE}/challenges/${id}/publish`)).status).toBe(200);

    const member = await newMember('challenger_chi');
    const chi = await client(member.account);
    // Before joining nothing counts.
    await record(event('post_published', member.id, { spaceId }));
    const joined = await chi.post<MemberChallenge>(`${BASE}/challenges/${id}/join`);
    expect(joined.status).toBe(200);
    expect(joined.body.progress.joined).toBe(true);
    expect(joined.body.progress.steps.map((s) => s.done)).toEqual([0, 0, 0]);
    expect((await chi.post(`${BASE}/challenges/${id}/join`)).status).toBe(200);

    const post1 = event('post_published', member.id, { spaceId });
    await record(post1);
    await record(post1); // replayed: counts once
    await record(event('post_published', member.id, { spaceId: otherSpaceId }));
    await record(event('store_visit', member.id, { properties: { storeId: 'S-2' } }));
    await record(event('purchase', member.id, { quantity: 3000, currency: 'GBP' }));
    let view = await chi.get<MemberChallenge>(`${BASE}/challenges/${id}`);
    expect(view.body.progress.steps.map((s) => s.done)).toEqual([1, 0, 0]);

    const post2 = event('post_published', member.id, { spaceId });
    await record(post2);
    await record(event('store_visit', member.id, { properties: { storeId: 'S-1' } }));
    const purchase = event('purchase', member.id, { quantity: 6000, currency: 'GBP' });
    await record(purchase);
    view = await chi.get<MemberChallenge>(`${BASE}/challenges/${id}`);
    expect(view.body.progress.steps.every((s) => s.complete)).toBe(true);
    expect(view.body.progress.completedAt).not.toBeNull();
    expect(await paid(member.id)).toBe(200);
    expect(await notices(member.id, 'challenge_completed')).toBe(1);

    // Replays and further events complete nothing again.
    await record(purchase);
    await record(event('purchase', member.id, { quantity: 9000, currency: 'GBP' }));
    await record(event('post_published', member.id, { spaceId }));
    expect(await paid(member.id)).toBe(200);
    expect(await notices(member.id, 'challenge_completed')).toBe(1);
    expect(
      await count(sql`select count(*)::int as n from ledger_entries
                       where user_id = ${member.id} and source_ref = ${`challenge:${id}:${member.id}`}`),
    ).toBe(1);
    const drift = await guild.db.tenant(tenantId, (tx) => reconcile(tx));
    expect(drift.drift).toEqual([]);
  });

  it('takes the prize back once when a counted event is withdrawn and the steps no longer hold', async () => {
    const created = await manager.post<{ id: string }>(`${BASE}/challenges`, {
      title: 'One review',
      startsAt: localIn(-2),
      endsAt: localIn(5),
      prizePoints: 70,
      disclosureText: 'Ad: this challenge pays points.',
      steps: [{ title: 'Review a product', kind: 'online', activityKind: 'mission_approved' }],
    });
    const id = created.body.id;
    await manager.post(`${BASE}/challenges/${id}/publish`);
    const member = await newMember('withdrawn_wes');
    const wes = await client(member.account);
    await wes.post(`${BASE}/challenges/${id}/join`);
    const review = event('mission_approved', member.id);
    await record(review);
    expect(await paid(member.id)).toBe(70);
    await record(review, 'withdrawn');
    await record(review, 'withdrawn');
    expect(await paid(member.id)).toBe(0);
    const view = await wes.get<MemberChallenge>(`${BASE}/challenges/${id}`);
    expect(view.body.progress.completedAt).toBeNull();
    expect(
      await count(sql`select count(*)::int as n from ledger_entries
                       where user_id = ${member.id} and kind = 'reversal'`),
    ).toBe(1);
  });

  it('completes once when the last two steps arrive at the same moment', async () => {
    const created = await manager.post<{ id: string }>(`${BASE}/challenges`, {
      title: 'Shop and show',
      startsAt: localIn(-1),
      endsAt: localIn(2),
      prizePoints: 90,
      disclosureText: 'Ad: this challenge pays points.',
      steps: [
        { title: 'Visit', kind: 'in_store' },
        { title: 'Buy', kind: 'purchase' },
      ],
    });
    const id = created.body.id;
    await manager.post(`${BASE}/challenges/${id}/publish`);
    const member = await newMember('racing_rae');
    await (await client(member.account)).post(`${BASE}/challenges/${id}/join`);
    await Promise.all([
      record(event('store_visit', member.id, { properties: { storeId: 'S-4' } })),
      record(event('purchase', member.id, { quantity: 1200, currency: 'GBP' })),
    ]);
    expect(
      await count(sql`select count(*)::int as n from challenge_participants
                       where challenge_id = ${id} and completed_at is not null`),
    ).toBe(1);
    expect(await paid(member.id)).toBe(90);
    expect(await notices(member.id, 'challenge_completed')).toBe(1);
  });

  it('is open only to members of its regions and segments', async () => {
    const [uk] = await guild.db.query<{ id: string }>(
      "SELECT id FROM regions WHERE tenant_id = $1 AND code = 'UK'",
      [tenantId],
    );
    const [gold] = await guild.db.query<{ id: string }>(
      "SELECT id FROM segments WHERE tenant_id = $1 AND key = 'loyalty-gold'",
      [tenantId],
    );
    const created = await manager.post<{ id: string; regionIds: string[] }>(`${BASE}/challenges`, {
      title: 'Gold members in the UK',
      startsAt: localIn(-1),
      endsAt: localIn(3),
      regionIds: [uk!.id],
      segmentIds: [gold!.id],
      steps: [{ title: 'Visit a store', kind: 'in_store' }],
    });
    expect(created.body.regionIds).toEqual([uk!.id]);
    const id = created.body.id;
    await manager.post(`${BASE}/challenges/${id}/publish`);

    const outsider = await newMember('outsider_olga');
    const olga = await client(outsider.account);
    const listed = await olga.get<{ items: { id: string }[] }>(`${BASE}/challenges`);
    expect(listed.body.items.some((c) => c.id === id)).toBe(false);
    const refused = await olga.post<{ error: { code: string } }>(`${BASE}/challenges/${id}/join`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('challenge_not_open');
    expect((await olga.get(`${BASE}/challenges/${id}`)).status).toBe(404);

    // In the region but not the segment: still closed.
    await guild.db.tenant(tenantId, (tx) =>
      tx.execute(sql`update users set region_id = ${uk!.id} where id = ${outsider.id}`),
    );
    expect((await olga.post(`${BASE}/challenges/${id}/join`)).status).toBe(409);

    await guild.db.tenant(tenantId, (tx) =>
      tx.execute(sql`insert into user_segments (tenant_id, user_id, segment_id)
                     values (${tenantId}, ${outsider.id}, ${gold!.id})`),
    );
    const open = await olga.get<{ items: { id: string }[] }>(`${BASE}/challenges`);
    expect(open.body.items.some((c) => c.id === id)).toBe(true);
    const joined = await olga.post<MemberChallenge>(`${BASE}/challenges/${id}/join`);
    expect(joined.status).toBe(200);
    await record(event('store_visit', outsider.id, { properties: { storeId: 'S-9' } }));
    const view = await olga.get<MemberChallenge>(`${BASE}/challenges/${id}`);
    expect(view.body.progress.completedAt).not.toBeNull();

    // Drafts are for managers only, and members cannot configure.
    expect((await olga.post(`${BASE}/challenges`, { title: 'x' })).status).toBe(403);
  });

  it("counts only inside the time box, read in the community's time zone", async () => {
    const betaId = await addTenant(guild, 'beta');
    await guild.db.system.execute(
      sql`update tenants set timezone = 'Asia/Tokyo' where id = ${betaId}`,
    );
    const member = await newMember('tokyo_taro', betaId);
    const challenge = await guild.db.tenant(betaId, (tx) =>
      createChallenge(
        tx,
        betaId,
        {
          title: 'Sakura week',
          startsAt: '2026-03-01T00:00',
          endsAt: '2026-03-08T00:00',
          steps: [{ title: 'Three store visits', kind: 'in_store', requiredCount: 4 }],
        },
        null,
      ),
    );
    expect(challenge.timezone).toBe('Asia/Tokyo');
    expect(challenge.startsAt.toISOString()).toBe('2026-02-28T15:00:00.000Z');
    expect(challenge.endsAt.toISOString()).toBe('2026-03-07T15:00:00.000Z');
    await guild.db.tenant(betaId, (tx) =>
      publishChallenge(tx, challenge.id, new Date('2026-02-20T00:00:00Z')),
    );
    await guild.db.tenant(betaId, (tx) =>
      joinChallenge(tx, betaId, member.id, challenge.id, new Date('2026-02-25T00:00:00Z')),
    );
    for (const at of [
      '2026-02-28T14:30:00Z', // 23:30 on 28 Feb in Tokyo: before the start
      '2026-02-28T15:30:00Z', // 00:30 on 1 March in Tokyo: counts
      '2026-03-07T14:59:00Z', // 23:59 on 7 March in Tokyo: counts
      '2026-03-07T15:00:00Z', // 00:00 on 8 March in Tokyo: the end, excluded
    ]) {
      await record(
        event('store_visit', member.id, { occurredAt: new Date(at) }),
        'recorded',
        betaId,
      );
    }
    const view = await guild.db.tenant(betaId, (tx) =>
      challengeForMember(tx, member.id, challenge.id, new Date('2026-03-03T00:00:00Z')),
    );
    expect(view.state).toBe('running');
    expect(view.progress.steps[0]).toMatchObject({ done: 2, required: 4, complete: false });

    // Joining after the end is refused.
    const late = await newMember('late_lina', betaId);
    await expect(
      guild.db.tenant(betaId, (tx) =>
        joinChallenge(tx, betaId, late.id, challenge.id, new Date('2026-03-07T15:00:00Z')),
      ),
    ).rejects.toMatchObject({ code: 'challenge_not_open' });
  });

  it('pages the managers list of challenges', async () => {
    const first = await manager.get<{ items: { id: string }[]; nextCursor: string | null }>(
      `${BASE}/manage/challenges?limit=2`,
    );
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await manager.get<{ items: { id: string }[] }>(
      `${BASE}/manage/challenges?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.length).toBeGreaterThan(0);
    expect(second.body.items.some((c) => first.body.items.some((f) => f.id === c.id))).toBe(false);
    expect(
      await count(sql`select count(*)::int as n from audit_log where action = 'challenge.publish'`),
    ).toBeGreaterThan(0);
  });
});
