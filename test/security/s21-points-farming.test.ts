/**
 * SECURITY.md S21 — points farming, over real HTTP on PGlite and on PostgreSQL: post→delete
 * loops, self-reactions, reaction toggle spam, 5 sock-puppet accounts liking each other and a
 * replayed challenge completion. Points are paid at most once per (actor, target, action),
 * reversed on delete and undo, daily caps hold, and the sock-puppet cluster is flagged. The
 * farming findings were moved here from test/api/gaming-signals.test.ts.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { updateAchievements } from '../../src/gamification/achievements/achievements.hooks.js';
import { recordActivity } from '../../src/gamification/activity.js';
import type { ActivityEvent } from '../../src/gamification/activity.types.js';
import { balancesFor } from '../../src/gamification/ledger.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import { pointsWithheld } from '../../src/gamification/signals/findings.service.js';
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

interface Page<T> {
  items: T[];
  nextCursor: string | null;
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

describe('S21 — points farming', () => {
  describe('S21: farming patterns are found and their members flagged', () => {
    let looper: Member;
    let toggler: Member;
    const puppets: Member[] = [];
    const regulars: Member[] = [];
    let detection: DetectionView;

    it('S21: the 5 sock-puppet accounts liking each other are flagged as a ring, beside a post-delete loop and reaction toggling, and nobody else', async () => {
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
    }, 180_000);

    it('S21: a second run updates open findings instead of raising them again', async () => {
      const again = await manager.post<DetectionView>(`${BASE}/detect`, {});
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ raised: [], updated: 3, skipped: 0, flagged: 0 });
    });

    it('S21: flagged members earn nothing of the farmed kinds and their redemptions wait for approval', async () => {
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

    it('S21: findings are listed in pages and by member, to managers only', async () => {
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

    it('S21: a manager clears a finding and its flags (audited); it is not raised again without new activity', async () => {
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

    it('S21: friends who react to each other a little are not a ring at the default thresholds', async () => {
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

  describe('S21: points at most once per (actor, target, action), reversed on delete and undo', () => {
    const base = new Map<string, number>();
    /**
     * The member's spendable points since they were first seen here: the first signed-in
     * request of their day may pay a daily visit, which is not what these tests count.
     */
    async function pointsOf(member: Member) {
      const balance = async () =>
        (await guild.db.tenant(tenantId, (tx) => balancesFor(tx, member.id))).spendable;
      if (!base.has(member.id)) {
        expect((await member.client.get('/api/v1/users/me')).status).toBe(200);
        base.set(member.id, await balance());
      }
      return (await balance()) - base.get(member.id)!;
    }
    /** A member, with their balance so far taken as the starting point. */
    async function fresh(prefix: string): Promise<Member> {
      const member = await newMember(prefix);
      expect(await pointsOf(member)).toBe(0);
      return member;
    }
    async function entries(member: Member, sourceRef: string) {
      return query<{ amount: number; kind: string }>(
        sql`select amount::int as amount, kind from ledger_entries
             where user_id = ${member.id} and source_ref like ${`%${sourceRef}%`}
             order by id`,
      );
    }

    it('S21: post→delete loops pay each post once and reverse it when the post is deleted', async () => {
      const looper = await fresh('s21looper');
      const ids: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const id = await post(looper, `Loop again ${i}`);
        ids.push(id);
        expect(await pointsOf(looper)).toBe(5);
        expect((await looper.client.delete(`/api/v1/posts/${id}`)).status).toBe(204);
        expect(await pointsOf(looper)).toBe(0);
      }
      for (const id of ids) {
        const made = await entries(looper, id);
        expect(made.map((e) => e.amount)).toEqual([5, -5]);
      }
      // Deleting again changes nothing.
      expect((await looper.client.delete(`/api/v1/posts/${ids[0]}`)).status).toBe(404);
      expect(await pointsOf(looper)).toBe(0);
    });

    it('S21: self-reactions earn nothing', async () => {
      const author = await fresh('s21self');
      const id = await post(author, 'My own great find');
      for (const kind of ['like', 'love', 'helpful', 'insightful']) {
        await react(author, id, kind);
      }
      expect(await pointsOf(author)).toBe(5);
      const reactionEntries = await query<{ n: number }>(
        sql`select count(*)::int as n from ledger_entries
             where user_id = ${author.id} and source_ref like 'reaction%'`,
      );
      expect(reactionEntries[0]!.n).toBe(0);
    });

    it('S21: reaction toggle spam pays one point at most once, and undo takes it back', async () => {
      const author = await fresh('s21author');
      const spammer = await fresh('s21spammer');
      const id = await post(author, 'Toggle target');
      for (let round = 0; round < 10; round += 1) {
        await react(spammer, id, 'like');
        expect(await pointsOf(author)).toBeLessThanOrEqual(6);
        await unreact(spammer, id, 'like');
        expect(await pointsOf(author)).toBe(5);
      }
      await react(spammer, id, 'like');
      expect([5, 6]).toContain(await pointsOf(author));
      const paid = await query<{ amount: number }>(
        sql`select amount::int as amount from ledger_entries
             where user_id = ${author.id} and source_ref like ${`%${id}%${spammer.id}%`}`,
      );
      // One award for (spammer, post, like) ever, and at most one reversal of it.
      expect(paid.filter((e) => e.amount > 0)).toHaveLength(1);
      expect(paid.filter((e) => e.amount < 0).length).toBeLessThanOrEqual(1);
      // Another member's like still pays.
      const other = await fresh('s21other');
      const before = await pointsOf(author);
      await react(other, id, 'like');
      expect(await pointsOf(author)).toBe(before + 1);
    });

    it('S21: daily caps are enforced (3 paid comments a day)', async () => {
      const listed = await manager.get<Page<{ id: string; scope: string }>>(
        '/api/v1/gamification/rules?eventKind=comment_published&active=true',
      );
      expect(listed.status).toBe(200);
      const existing = listed.body.items.find((rule) => rule.scope === 'tenant');
      const settings = { points: 2, dailyCap: { count: 3 }, diminishing: null };
      const saved = existing
        ? await manager.patch(`/api/v1/gamification/rules/${existing.id}`, settings)
        : await manager.post('/api/v1/gamification/rules', {
            name: 'Comments (capped)',
            eventKind: 'comment_published',
            scope: 'tenant',
            ...settings,
          });
      expect(saved.status, JSON.stringify(saved.body)).toBeLessThan(300);

      const author = await fresh('s21capped');
      const talker = await fresh('s21talker');
      const id = await post(author, 'Ask me anything about boots');
      for (let i = 0; i < 6; i += 1) {
        const made = await talker.client.post<{ moderationState: string }>(
          `/api/v1/posts/${id}/comments`,
          {
            body: `Comment ${i}: the ${['tan', 'black', 'oxblood'][i % 3]} pair in size ${40 + i}?`,
          },
        );
        expect(made.status, JSON.stringify(made.body)).toBe(201);
        expect(made.body.moderationState).toBe('published');
      }
      expect(await pointsOf(talker)).toBe(6);
    });

    it('S21: a replayed challenge completion pays the prize once', async () => {
      const [space] = await query<{ id: string }>(
        sql`select id from spaces where slug = 'signals'`,
      );
      const at = (days: number) =>
        new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);
      const created = await manager.post<{ id: string }>('/api/v1/gamification/challenges', {
        title: 'One good post',
        startsAt: at(-1),
        endsAt: at(5),
        prizePoints: 50,
        disclosureText: 'Ad: say so in every challenge post.',
        steps: [
          {
            title: 'Post in Signals',
            kind: 'online',
            activityKind: 'post_published',
            spaceId: space!.id,
            requiredCount: 1,
          },
        ],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const challengeId = created.body.id;
      const base = `/api/v1/gamification/challenges/${challengeId}`;
      expect((await manager.post(`${base}/publish`)).status).toBe(200);
      const member = await fresh('s21challenger');
      expect((await member.client.post(`${base}/join`)).status).toBe(200);
      const entry = await member.client.post('/api/v1/spaces/signals/posts', {
        title: 'My challenge entry',
        body: 'Ad: my entry for the challenge. The waxed jacket kept me dry on the fell walk.',
      });
      expect(entry.status, JSON.stringify(entry.body)).toBe(201);
      const prize = () =>
        query<{ n: number }>(
          sql`select count(*)::int as n from ledger_entries where user_id = ${member.id}
               and source_ref = ${`challenge:${challengeId}:${member.id}`}`,
        );
      expect((await prize())[0]!.n).toBe(1);
      expect(await pointsOf(member)).toBe(55);

      // Replay the completing event: recorded again, and the achievements hook run again.
      const [stored] = await query<{ cause_key: string; occurred_at: Date }>(
        sql`select cause_key, occurred_at from activity_events
             where user_id = ${member.id} and kind = 'post_published'`,
      );
      const replay: ActivityEvent = {
        kind: 'post_published',
        userId: member.id,
        actorId: null,
        causeKey: stored!.cause_key,
        occurredAt: new Date(stored!.occurred_at),
        spaceId: space!.id,
      };
      for (let i = 0; i < 3; i += 1) {
        await guild.db.tenant(tenantId, async (tx) => {
          await recordActivity(tx, tenantId, replay);
          await updateAchievements(tx, tenantId, replay, 'recorded');
        });
        expect((await member.client.post(`${base}/join`)).status).toBe(200);
      }
      expect((await prize())[0]!.n).toBe(1);
      expect(await pointsOf(member)).toBe(55);
      const report = await guild.db.tenant(tenantId, (tx) => reconcile(tx));
      expect(report.drift).toEqual([]);
    });
  });
});
