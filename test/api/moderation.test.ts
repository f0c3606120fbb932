/**
 * Moderation over real HTTP: the gate on posts and comments, the one review queue (claims,
 * decisions, bulk, escalation), flags, appeals, per-space policy (watched words, shadow mode,
 * the auto-reject cap, audit samples) — each checked by what members and moderators then see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { sqlRows } from '../../src/core/db/database.js';
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
let moderator: TestClient;
let moderator2: TestClient;
let alice: TestClient;
let bob: TestClient;

interface Notice {
  state: 'published' | 'held' | 'rejected';
  reasonCode: string | null;
  message: string | null;
  checkId: string | null;
}
interface Post {
  id: string;
  title: string;
  bodyMarkdown: string;
  tags: string[];
  moderation: Notice | null;
}
interface QueueItem {
  id: string;
  kind: string;
  itemType: string;
  itemId: string;
  queue: string;
  reasonCode: string | null;
  flagCount: number;
  priority: number;
  claimedBy: { username: string } | null;
}

async function client(member: TestMember): Promise<TestClient> {
  const c = new TestClient(guild.url);
  await c.signIn(member);
  return c;
}

/** Makes an account look established: old, verified, with published history. */
async function establish(username: string): Promise<void> {
  await guild.db.tenant(tenantId, (tx) =>
    tx.execute(sql`UPDATE users SET created_at = now() - interval '200 days',
      email_verified_at = now() WHERE username = ${username}`),
  );
}

async function spaceCount(slug: string): Promise<number> {
  const rows = await guild.db.tenant(tenantId, (tx) =>
    sqlRows<{ n: number }>(tx, sql`SELECT post_count AS n FROM spaces WHERE slug = ${slug}`),
  );
  return rows[0]!.n;
}

async function queue(who: TestClient, query = ''): Promise<QueueItem[]> {
  const result = await who.get<{ items: QueueItem[] }>(`/api/v1/moderation/queue${query}`);
  expect(result.status).toBe(200);
  return result.body.items;
}

async function post(who: TestClient, space: string, title: string, body: string) {
  const result = await who.post<Post>(`/api/v1/spaces/${space}/posts`, { title, body });
  expect(result.status).toBe(201);
  return result.body;
}

const INSULT = 'You are a pathetic worthless idiot and everyone here hates you, shut up';

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  manager = await client(await addMember(guild, tenantId, 'manager', 'mgr_mira'));
  moderator = await client(await addMember(guild, tenantId, 'moderator', 'mod_omar'));
  moderator2 = await client(await addMember(guild, tenantId, 'moderator', 'mod_tess'));
  alice = await client(await addMember(guild, tenantId, 'member', 'alice_w'));
  bob = await client(await addMember(guild, tenantId, 'member', 'bob_k'));
  for (const name of ['alice_w', 'bob_k', 'mgr_mira']) {
    await establish(name);
  }
  for (const slug of ['kitchen', 'style', 'capped', 'audited']) {
    const created = await manager.post('/api/v1/spaces', {
      slug,
      name: `Space ${slug}`,
      visibility: 'public',
      kind: 'topic',
    });
    expect(created.status).toBe(201);
  }
});
afterAll(() => guild.stop());

describe('the gate on posts and comments', () => {
  it('publishes an ordinary question at once', async () => {
    const before = await spaceCount('kitchen');
    const created = await post(
      alice,
      'kitchen',
      'Kettle colours',
      'Does the 1.7 L glass kettle come in grey?',
    );
    expect(created.moderation).toBeNull();
    expect(await spaceCount('kitchen')).toBe(before + 1);
    const feed = await bob.get<{ items: { id: string }[] }>('/api/v1/spaces/kitchen/posts');
    expect(feed.body.items.map((p) => p.id)).toContain(created.id);
  });

  it('holds an insult: stored, hidden from others, explained to the author, queued', async () => {
    const before = await spaceCount('kitchen');
    const created = await post(alice, 'kitchen', 'Reply to Bob', INSULT);
    expect(created.moderation?.state).toMatch(/held|rejected/);
    expect(created.moderation?.message).toMatch(/^Your post (is waiting|was not published)/);
    expect(await spaceCount('kitchen')).toBe(before);
    expect((await bob.get(`/api/v1/posts/${created.id}`)).status).toBe(404);
    const own = await alice.get<Post>(`/api/v1/posts/${created.id}`);
    expect(own.status).toBe(200);
    expect(own.body.moderation?.checkId).toBe(created.moderation?.checkId);
    const feed = await bob.get<{ items: { id: string }[] }>('/api/v1/spaces/kitchen/posts');
    expect(feed.body.items.map((p) => p.id)).not.toContain(created.id);
    if (created.moderation?.state === 'held') {
      const items = await queue(moderator);
      expect(items.some((item) => item.itemId === created.id && item.kind === 'held')).toBe(true);
    }
  });

  it('holds a comment with a phone number and publishes it once when approved', async () => {
    const parent = await post(
      bob,
      'kitchen',
      'Returns desk',
      'Where is the returns desk in the Leeds store?',
    );
    const comment = await alice.post<{ id: string; moderationState: string }>(
      `/api/v1/posts/${parent.id}/comments`,
      { body: 'Call me on +44 7700 900123 and I will explain.' },
    );
    expect(comment.status).toBe(201);
    expect(comment.body.moderationState).toBe('held');
    const thread = await bob.get<{ items: { id: string }[] }>(
      `/api/v1/posts/${parent.id}/comments`,
    );
    expect(thread.body.items.map((c) => c.id)).not.toContain(comment.body.id);

    const item = (await queue(moderator)).find((i) => i.itemId === comment.body.id)!;
    expect(item.reasonCode).toBe('personal_data');
    const decided = await moderator.post<{ published: boolean }>(
      `/api/v1/moderation/queue/${item.id}/decision`,
      { decision: 'approve', reason: 'allowed_in_context' },
    );
    expect(decided.status).toBe(200);
    expect(decided.body.published).toBe(true);
    const again = await moderator.post<{ error: { code: string } }>(
      `/api/v1/moderation/queue/${item.id}/decision`,
      { decision: 'approve', reason: 'allowed_in_context' },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('review_item_resolved');
    const after = await bob.get<{ items: { id: string }[] }>(`/api/v1/posts/${parent.id}`);
    expect((after.body as unknown as { commentCount: number }).commentCount).toBe(1);
    const visible = await bob.get<{ items: { id: string }[] }>(
      `/api/v1/posts/${parent.id}/comments`,
    );
    expect(visible.body.items.map((c) => c.id)).toContain(comment.body.id);
  });
});

describe('the review queue', () => {
  it('lets one moderator claim an item and tells the other who holds it', async () => {
    const held = await post(
      alice,
      'kitchen',
      'My details',
      'Email me at alice.w@example.com about the order.',
    );
    expect(held.moderation?.state).toBe('held');
    const item = (await queue(moderator)).find((i) => i.itemId === held.id)!;
    expect((await moderator.post(`/api/v1/moderation/queue/${item.id}/claim`)).status).toBe(204);
    const clash = await moderator2.post<{ error: { code: string } }>(
      `/api/v1/moderation/queue/${item.id}/decision`,
      { decision: 'reject', reason: 'personal_data' },
    );
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('review_item_claimed');
    expect((await moderator2.post(`/api/v1/moderation/queue/${item.id}/claim`)).status).toBe(409);
    expect((await moderator.delete(`/api/v1/moderation/queue/${item.id}/claim`)).status).toBe(204);
    const decided = await moderator2.post(`/api/v1/moderation/queue/${item.id}/decision`, {
      decision: 'reject',
      reason: 'personal_data',
    });
    expect(decided.status).toBe(200);
    const check = await alice.get<{ state: string; canAppeal: boolean; automatic: boolean }>(
      `/api/v1/moderation/checks/${held.moderation!.checkId}`,
    );
    expect(check.body).toMatchObject({ state: 'rejected', canAppeal: true, automatic: false });
  });

  it('decides many items at once and reports each one', async () => {
    const one = await post(bob, 'style', 'Reach me', 'My number is 020 7946 0018, ring after 5pm.');
    const two = await post(bob, 'style', 'Reach me again', 'Or email bob.k@example.com any time.');
    const items = (await queue(moderator)).filter((i) => [one.id, two.id].includes(i.itemId));
    expect(items).toHaveLength(2);
    await moderator.post(`/api/v1/moderation/queue/${items[0]!.id}/decision`, {
      decision: 'approve',
      reason: 'allowed_in_context',
    });
    const bulk = await moderator.post<{
      results: { id: string; ok: boolean; error?: { code: string } }[];
    }>('/api/v1/moderation/queue/decisions', {
      ids: items.map((i) => i.id),
      decision: 'reject',
      reason: 'personal_data',
    });
    expect(bulk.status).toBe(200);
    const byId = new Map(bulk.body.results.map((r) => [r.id, r]));
    expect(byId.get(items[0]!.id)).toMatchObject({
      ok: false,
      error: { code: 'review_item_resolved' },
    });
    expect(byId.get(items[1]!.id)).toMatchObject({ ok: true });
  });

  it('sends a threat straight to the senior queue and tells the managers', async () => {
    const threat = await post(
      alice,
      'kitchen',
      'To the driver',
      'I know where you live and I will find you and hurt you.',
    );
    expect(threat.moderation?.state).toBe('held');
    const standard = await queue(moderator);
    expect(standard.some((i) => i.itemId === threat.id)).toBe(false);
    expect((await moderator.get('/api/v1/moderation/queue?queue=senior')).status).toBe(403);
    const senior = await queue(manager, '?queue=senior');
    const item = senior.find((i) => i.itemId === threat.id);
    expect(item?.queue).toBe('senior');
    expect((await moderator.get(`/api/v1/moderation/queue/${item!.id}`)).status).toBe(403);
    const notes = await manager.get<{ items: { kind: string }[] }>('/api/v1/notifications');
    expect(notes.body.items.some((n) => n.kind === 'moderation_escalation')).toBe(true);
  });

  it('shows the item with its check and the author history', async () => {
    const held = await post(
      bob,
      'kitchen',
      'Card',
      'My card 4111 1111 1111 1111 was charged twice.',
    );
    const item = (await queue(moderator)).find((i) => i.itemId === held.id)!;
    const detail = await moderator.get<{
      content: { body: string };
      check: {
        scores: Record<string, number>;
        spans: { rule: string; start: number; end: number }[];
      };
      authorHistory: { recent: unknown[]; published: number };
    }>(`/api/v1/moderation/queue/${item.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.content.body).toContain('4111');
    const span = detail.body.check.spans.find((s) => s.rule.includes('card'))!;
    const text = `Card\n\nMy card 4111 1111 1111 1111 was charged twice.`;
    expect(text.slice(span.start, span.end).replace(/\s/g, '')).toBe('4111111111111111');
    expect(detail.body.authorHistory.recent.length).toBeGreaterThan(0);
  });
});

describe('flags and appeals', () => {
  it('collects flags on one open item, and opens a new item after it was decided', async () => {
    const target = await post(
      bob,
      'style',
      'Linen shirts',
      'The linen shirts crease a lot, any tips?',
    );
    const first = await alice.post<{ reviewItemId: string; flagCount: number }>(
      '/api/v1/moderation/flags',
      { itemType: 'post', itemId: target.id, reason: 'off topic' },
    );
    expect(first.status).toBe(201);
    const repeat = await alice.post<{ flagCount: number }>('/api/v1/moderation/flags', {
      itemType: 'post',
      itemId: target.id,
      reason: 'still off topic',
    });
    expect(repeat.body.flagCount).toBe(1);
    const second = await manager.post<{ reviewItemId: string; flagCount: number }>(
      '/api/v1/moderation/flags',
      { itemType: 'post', itemId: target.id, reason: 'spam' },
    );
    expect(second.body).toEqual({ reviewItemId: first.body.reviewItemId, flagCount: 2 });
    await moderator.post(`/api/v1/moderation/queue/${first.body.reviewItemId}/decision`, {
      decision: 'approve',
      reason: 'not_a_violation',
    });
    const later = await alice.post<{ reviewItemId: string }>('/api/v1/moderation/flags', {
      itemType: 'post',
      itemId: target.id,
      reason: 'new concern',
    });
    expect(later.body.reviewItemId).not.toBe(first.body.reviewItemId);
    expect((await bob.get(`/api/v1/posts/${target.id}`)).status).toBe(200);
  });

  it('withdraws a flagged post when the flag is upheld', async () => {
    const target = await post(bob, 'style', 'Sale', 'Great sale on boots this weekend.');
    const before = await spaceCount('style');
    const flag = await alice.post<{ reviewItemId: string }>('/api/v1/moderation/flags', {
      itemType: 'post',
      itemId: target.id,
      reason: 'advert',
    });
    const decided = await moderator.post<{ withdrawn: boolean }>(
      `/api/v1/moderation/queue/${flag.body.reviewItemId}/decision`,
      { decision: 'reject', reason: 'spam' },
    );
    expect(decided.body.withdrawn).toBe(true);
    expect(await spaceCount('style')).toBe(before - 1);
    expect((await alice.get(`/api/v1/posts/${target.id}`)).status).toBe(404);
  });

  it('lets the author appeal a rejection once, and publishes the post when the appeal is upheld', async () => {
    const policy = await manager.put('/api/v1/moderation/policies', {
      scope: 'space',
      spaceSlug: 'style',
      settings: { watchedWords: [{ word: 'knockoff', action: 'block' }] },
    });
    expect(policy.status).toBe(200);
    const rejected = await post(
      alice,
      'style',
      'Bags',
      'Is this bag a knockoff or the real thing?',
    );
    expect(rejected.moderation).toMatchObject({ state: 'rejected', reasonCode: 'watched_word' });
    const checkId = rejected.moderation!.checkId!;
    expect(
      (await bob.post(`/api/v1/moderation/checks/${checkId}/appeal`, { message: 'x' })).status,
    ).toBe(404);
    const appeal = await alice.post<{ reviewItemId: string }>(
      `/api/v1/moderation/checks/${checkId}/appeal`,
      { message: 'I am asking whether it is genuine, not selling fakes.' },
    );
    expect(appeal.status).toBe(201);
    const twice = await alice.post<{ error: { code: string } }>(
      `/api/v1/moderation/checks/${checkId}/appeal`,
      {
        message: 'again',
      },
    );
    expect(twice.body.error.code).toBe('already_appealed');
    const before = await spaceCount('style');
    const upheld = await moderator.post<{ published: boolean }>(
      `/api/v1/moderation/queue/${appeal.body.reviewItemId}/decision`,
      { decision: 'approve', reason: 'allowed_in_context' },
    );
    expect(upheld.body.published).toBe(true);
    expect(await spaceCount('style')).toBe(before + 1);
    expect((await bob.get(`/api/v1/posts/${rejected.id}`)).status).toBe(200);
  });
});

describe('policy', () => {
  it('tags and censors watched words on whole words only', async () => {
    await manager.put('/api/v1/moderation/policies', {
      scope: 'space',
      spaceSlug: 'kitchen',
      settings: {
        watchedWords: [
          { word: 'art', action: 'tag', tag: 'art-talk' },
          { word: 'blah', action: 'censor' },
        ],
      },
    });
    const plain = await post(bob, 'kitchen', 'Artist collab', 'The artist collab drops Friday.');
    expect(plain.tags).not.toContain('art-talk');
    const tagged = await post(
      bob,
      'kitchen',
      'Window',
      'Loved the art in the new window, blah blah.',
    );
    expect(tagged.tags).toContain('art-talk');
    expect(tagged.bodyMarkdown).toBe('Loved the art in the new window, **** ****.');
  });

  it('records what a shadow policy would have done without acting on it', async () => {
    await manager.put('/api/v1/moderation/policies', {
      scope: 'tenant',
      mode: 'shadow',
      settings: { watchedWords: [{ word: 'toaster', action: 'block' }] },
    });
    const created = await post(bob, 'kitchen', 'Toaster', 'Which toaster do you recommend?');
    expect(created.moderation).toBeNull();
    const [check] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ decision: string; shadow: { policy: { decision: string } } }>(
        tx,
        sql`SELECT decision, shadow FROM moderation_checks WHERE item_id = ${created.id}`,
      ),
    );
    expect(check).toMatchObject({ decision: 'allow', shadow: { policy: { decision: 'reject' } } });
  });

  it('routes automatic rejections above the cap to people', async () => {
    await manager.put('/api/v1/moderation/policies', {
      scope: 'space',
      spaceSlug: 'capped',
      settings: { autoRejectCap: 0, watchedWords: [{ word: 'forbidden', action: 'block' }] },
    });
    const carol = await client(await addMember(guild, tenantId, 'member', 'carol_p'));
    await establish('carol_p');
    for (let n = 0; n < 10; n += 1) {
      await post(carol, 'capped', `Note ${n}`, `Opening hours of store number ${n + 1}?`);
    }
    const capped = await post(carol, 'capped', 'Blocked', 'This word is forbidden here.');
    expect(capped.moderation).toMatchObject({ state: 'held', reasonCode: 'auto_reject_cap' });
  });

  it('samples automatic decisions for a human audit', async () => {
    await manager.put('/api/v1/moderation/policies', {
      scope: 'space',
      spaceSlug: 'audited',
      settings: { auditSampleRate: 1 },
    });
    const dave = await client(await addMember(guild, tenantId, 'member', 'dave_r'));
    await establish('dave_r');
    const created = await post(dave, 'audited', 'Gift cards', 'Can gift cards be used online?');
    expect(created.moderation).toBeNull();
    const audits = await queue(moderator, '?kind=audit');
    expect(audits.some((i) => i.itemId === created.id)).toBe(true);
  });

  it('refuses an invalid policy with the field that is wrong', async () => {
    const bad = await manager.put<{ error: { code: string } }>('/api/v1/moderation/policies', {
      scope: 'space',
      spaceSlug: 'kitchen',
      settings: { autoRejectCap: 3 },
    });
    expect(bad.status).toBe(400);
    expect((await moderator.get('/api/v1/moderation/policies')).status).toBe(403);
  });
});

describe('metrics', () => {
  it('reports decision times, the automatic share and Moderation Cost Reduction from the records', async () => {
    const report = await manager.get<{
      items: number;
      humanReviews: number;
      decidedAutomatically: number;
      automaticShare: number;
      moderatorHours: number;
      secondsToDecision: { automatic: { p50: number }; human: { p50: number } };
      cost: { moderationCostReduction: number; withoutGuild: number; withGuild: number };
    }>('/api/v1/moderation/metrics?costPerReview=2&aiCostPerItem=0.01');
    expect(report.status).toBe(200);
    const [counts] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ items: number; reviews: number; automatic: number; decided: number }>(
        tx,
        sql`SELECT (SELECT count(*)::int FROM moderation_checks) AS items,
          (SELECT count(*)::int FROM review_items WHERE resolved_by IS NOT NULL) AS reviews,
          (SELECT count(*)::int FROM moderation_checks
            WHERE decided_by IS NULL AND final_decision IS NOT NULL) AS automatic,
          (SELECT count(*)::int FROM moderation_checks WHERE final_decision IS NOT NULL) AS decided`,
      ),
    );
    expect(report.body.items).toBe(counts!.items);
    expect(report.body.humanReviews).toBe(counts!.reviews);
    expect(report.body.decidedAutomatically).toBe(counts!.automatic);
    expect(report.body.automaticShare).toBeCloseTo(counts!.automatic / counts!.decided, 3);
    const expected = 1 - (counts!.reviews * 2 + counts!.items * 0.01) / (counts!.items * 2);
    expect(report.body.cost.moderationCostReduction).toBeCloseTo(expected, 3);
    expect(report.body.secondsToDecision.human.p50).toBeGreaterThanOrEqual(0);
    expect((await moderator.get('/api/v1/moderation/metrics')).status).toBe(403);
  });
});

describe('profiles and submissions', () => {
  it('keeps a held display name out of sight until a moderator approves it', async () => {
    const erin = await client(await addMember(guild, tenantId, 'member', 'erin_j'));
    await establish('erin_j');
    const before = await erin.get<{ displayName: string }>('/api/v1/users/me');
    const changed = await erin.patch<{
      displayName: string;
      bio: string;
      locale: string;
      profileModeration: { state: string; checkId: string } | null;
    }>('/api/v1/users/me', {
      displayName: 'Erin J',
      bio: 'Call me on +44 7700 900123 for a swap.',
      locale: 'de-DE',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.profileModeration?.state).toBe('held');
    // the locale is not shown to others and changes at once; the name and bio wait
    expect(changed.body.locale).toBe('de-DE');
    expect(changed.body.displayName).toBe(before.body.displayName);
    expect(changed.body.bio).toBe('');
    const item = (await queue(moderator)).find(
      (i) => i.itemType === 'profile' && i.kind === 'held',
    )!;
    const detail = await moderator.get<{ content: { body: string } }>(
      `/api/v1/moderation/queue/${item.id}`,
    );
    expect(detail.body.content.body).toContain('+44 7700 900123');
    await moderator.post(`/api/v1/moderation/queue/${item.id}/decision`, {
      decision: 'approve',
      reason: 'allowed_in_context',
    });
    const after = await erin.get<{ displayName: string; bio: string }>('/api/v1/users/me');
    expect(after.body).toMatchObject({
      displayName: 'Erin J',
      bio: 'Call me on +44 7700 900123 for a swap.',
    });
  });

  it('publishes a clean profile change at once', async () => {
    const frank = await client(await addMember(guild, tenantId, 'member', 'frank_o'));
    await establish('frank_o');
    const changed = await frank.patch<{ displayName: string; profileModeration: unknown }>(
      '/api/v1/users/me',
      { displayName: 'Frank O', bio: 'Keen cyclist and coffee drinker.' },
    );
    expect(changed.body).toMatchObject({ displayName: 'Frank O', profileModeration: null });
  });

  it('checks a submission through the same gate and queue', async () => {
    const [member] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ id: string }>(tx, sql`SELECT id FROM users WHERE username = 'bob_k'`),
    );
    const submissionId = '00000000-0000-4000-8000-000000000042';
    const verdict = await guild.db.tenant(tenantId, (tx) =>
      guild.moderation.gate.check(tx, tenantId, {
        itemType: 'submission',
        itemId: submissionId,
        authorId: member!.id,
        spaceId: null,
        text: 'My unboxing video of the new kettle; email me at bob.k@example.com with questions',
        summary: 'Unboxing video',
      }),
    );
    expect(verdict.state).toBe('held');
    const items = await queue(moderator);
    expect(items.some((i) => i.itemType === 'submission' && i.itemId === submissionId)).toBe(true);
  });
});

describe('what a held item may not leak', () => {
  it('refuses flags, replies and accepted answers on items others cannot see', async () => {
    const parent = await post(bob, 'kitchen', 'Mugs', 'Are the stoneware mugs dishwasher safe?');
    const held = await alice.post<{ id: string; moderationState: string }>(
      `/api/v1/posts/${parent.id}/comments`,
      { body: 'Text me on +44 7700 900123 and I will tell you.' },
    );
    expect(held.body.moderationState).toBe('held');
    const flag = await bob.post('/api/v1/moderation/flags', {
      itemType: 'comment',
      itemId: held.body.id,
      reason: 'curious',
    });
    expect(flag.status).toBe(404);
    const reply = await bob.post(`/api/v1/posts/${parent.id}/comments`, {
      body: 'Replying to a hidden comment',
      parentId: held.body.id,
    });
    expect(reply.status).toBe(400);
    const accepted = await bob.put(`/api/v1/posts/${parent.id}/accepted-answer`, {
      commentId: held.body.id,
    });
    expect(accepted.status).toBe(400);
  });

  it('counts only published posts on a profile', async () => {
    const gina = await client(await addMember(guild, tenantId, 'member', 'gina_h'));
    await establish('gina_h');
    await post(gina, 'kitchen', 'Pans', 'Which pan works on induction hobs?');
    await post(gina, 'kitchen', 'Reach me', 'My email is gina.h@example.com for the swap.');
    const profile = await bob.get<{ postCount: number }>('/api/v1/users/gina_h');
    expect(profile.body.postCount).toBe(1);
  });
});

describe('after a decision', () => {
  it('tells the author of a post taken down after a flag why, and lets them appeal it', async () => {
    const target = await post(bob, 'style', 'Scarves', 'The wool scarves are back in stock.');
    const flag = await alice.post<{ reviewItemId: string }>('/api/v1/moderation/flags', {
      itemType: 'post',
      itemId: target.id,
      reason: 'wrong space',
    });
    await moderator.post(`/api/v1/moderation/queue/${flag.body.reviewItemId}/decision`, {
      decision: 'reject',
      reason: 'off_topic',
    });
    const own = await bob.get<Post>(`/api/v1/posts/${target.id}`);
    expect(own.body.moderation).toMatchObject({ state: 'rejected', reasonCode: 'off_topic' });
    expect(own.body.moderation?.message).toMatch(/moderator decided not to publish .*off topic/);
    const check = await bob.get<{ canAppeal: boolean }>(
      `/api/v1/moderation/checks/${own.body.moderation!.checkId}`,
    );
    expect(check.body.canAppeal).toBe(true);
    const notes = await bob.get<{ items: { kind: string; post: { id: string } | null }[] }>(
      '/api/v1/notifications',
    );
    expect(
      notes.body.items.some((n) => n.kind === 'moderation_decision' && n.post?.id === target.id),
    ).toBe(true);

    const appeal = await bob.post<{ reviewItemId: string }>(
      `/api/v1/moderation/checks/${own.body.moderation!.checkId}/appeal`,
      { message: 'It is about the style space, scarves are style.' },
    );
    await moderator.post(`/api/v1/moderation/queue/${appeal.body.reviewItemId}/decision`, {
      decision: 'approve',
      reason: 'not_a_violation',
    });
    const after = await bob.get<{ state: string; canAppeal: boolean }>(
      `/api/v1/moderation/checks/${own.body.moderation!.checkId}`,
    );
    expect(after.body).toMatchObject({ state: 'published', canAppeal: false });
  });

  it('refuses a policy whose hold threshold is above its reject threshold, naming the field', async () => {
    const bad = await manager.put<{ error: { details: { field: string } } }>(
      '/api/v1/moderation/policies',
      {
        scope: 'space',
        spaceSlug: 'kitchen',
        settings: { thresholds: { insult: { hold: 0.9, reject: 0.2 } } },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('settings.thresholds.insult');
    const untagged = await manager.put<{ error: { details: { field: string } } }>(
      '/api/v1/moderation/policies',
      {
        scope: 'space',
        spaceSlug: 'kitchen',
        settings: { watchedWords: [{ word: 'art', action: 'tag' }] },
      },
    );
    expect(untagged.body.error.details.field).toBe('settings.watchedWords.0.tag');
  });
});
