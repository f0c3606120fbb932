import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
let alice: TestClient;
let bob: TestClient;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Post {
  id: string;
  title: string;
  bodyHtml: string;
  commentCount: number;
  reactions: Record<string, number>;
  myReactions: string[];
  acceptedCommentId: string | null;
  editedAt: string | null;
}
interface Comment {
  id: string;
  parentId: string | null;
  bodyHtml: string;
  deleted: boolean;
  accepted: boolean;
}
interface Notification {
  kind: string;
  actor: { username: string } | null;
  post: { id: string } | null;
}

async function client(member: TestMember): Promise<TestClient> {
  const c = new TestClient(guild.url);
  await c.signIn(member);
  return c;
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  manager = await client(await addMember(guild, tenantId, 'manager'));
  alice = await client(await addMember(guild, tenantId, 'member', 'alice_w'));
  bob = await client(await addMember(guild, tenantId, 'member', 'bob_k'));
  const created = await manager.post('/api/v1/spaces', {
    slug: 'sizing',
    name: 'Sizing & Fit',
    visibility: 'public',
    kind: 'topic',
    regionCode: 'UK',
  });
  expect(created.status).toBe(201);
  await manager.post('/api/v1/spaces', {
    slug: 'gold-lounge',
    name: 'Gold Lounge',
    visibility: 'private',
    kind: 'segment',
    segments: ['loyalty-gold'],
  });
});
afterAll(() => guild.stop());

describe('spaces', () => {
  it('lists public spaces to anyone and hides private ones from non-members', async () => {
    const anonymous = new TestClient(guild.url);
    const list = await anonymous.get<{
      items: { slug: string; region: { currency: string } | null }[];
    }>('/api/v1/spaces');
    expect(list.body.items.map((s) => s.slug)).toEqual(['sizing']);
    expect(list.body.items[0]!.region?.currency).toBe('GBP');
    expect((await alice.get('/api/v1/spaces/gold-lounge')).status).toBe(404);
    expect((await manager.get('/api/v1/spaces/gold-lounge')).status).toBe(200);
    expect(
      (
        await alice.post('/api/v1/spaces', {
          slug: 'x1',
          name: 'X',
          visibility: 'public',
          kind: 'topic',
        })
      ).status,
    ).toBe(403);
  });
});

describe('posts, comments, reactions and answers', () => {
  let post: Post;

  it('publishes a post with sanitised Markdown and a mention that notifies', async () => {
    const result = await alice.post<Post>('/api/v1/spaces/sizing/posts', {
      title: 'Do the wool coats run small?',
      body: 'I am usually a **UK 12**. @bob_k did you size up?\n\n<script>alert(1)</script>',
      tags: ['Coats', 'sizing'],
    });
    expect(result.status).toBe(201);
    post = result.body;
    expect(post.bodyHtml).toContain('<strong>UK 12</strong>');
    expect(post.bodyHtml).toContain('href="/u/bob_k"');
    expect(post.bodyHtml).not.toContain('<script');

    const notes = await bob.get<{ items: Notification[]; unreadCount: number }>(
      '/api/v1/notifications',
    );
    expect(notes.body.items[0]).toMatchObject({ kind: 'mention', actor: { username: 'alice_w' } });
    expect(notes.body.unreadCount).toBe(1);
    const read = await bob.post<{ unreadCount: number }>('/api/v1/notifications/read', {});
    expect(read.body.unreadCount).toBe(0);
  });

  it('threads comments and replies, notifying the post author and the replied-to', async () => {
    const top = await bob.post<Comment>(`/api/v1/posts/${post.id}/comments`, {
      body: 'Yes, I went up one size.',
    });
    expect(top.status).toBe(201);
    const reply = await alice.post<Comment>(`/api/v1/posts/${post.id}/comments`, {
      body: 'Thanks!',
      parentId: top.body.id,
    });
    expect(reply.body.parentId).toBe(top.body.id);

    const page = await new TestClient(guild.url).get<Page<Comment>>(
      `/api/v1/posts/${post.id}/comments`,
    );
    expect(page.body.items.map((c) => c.id)).toEqual([top.body.id, reply.body.id]);

    const aliceNotes = await alice.get<{ items: Notification[] }>('/api/v1/notifications');
    expect(aliceNotes.body.items.map((n) => n.kind)).toContain('comment');
    const bobNotes = await bob.get<{ items: Notification[] }>('/api/v1/notifications');
    expect(bobNotes.body.items[0]!.kind).toBe('reply');

    const accepted = await alice.put<Post>(`/api/v1/posts/${post.id}/accepted-answer`, {
      commentId: top.body.id,
    });
    expect(accepted.body.acceptedCommentId).toBe(top.body.id);
    const notAuthor = await bob.put(`/api/v1/posts/${post.id}/accepted-answer`, {
      commentId: reply.body.id,
    });
    expect(notAuthor.status).toBe(403);
  });

  it('counts a reaction once however often it is sent, and undoes it exactly', async () => {
    for (let i = 0; i < 3; i += 1) {
      await bob.put(`/api/v1/posts/${post.id}/reactions/helpful`);
    }
    const seen = await bob.get<Post>(`/api/v1/posts/${post.id}`);
    expect(seen.body.reactions.helpful).toBe(1);
    expect(seen.body.myReactions).toEqual(['helpful']);
    await bob.delete(`/api/v1/posts/${post.id}/reactions/helpful`);
    await bob.delete(`/api/v1/posts/${post.id}/reactions/helpful`);
    const after = await alice.get<Post & { reactionCount: number }>(`/api/v1/posts/${post.id}`);
    expect(after.body.reactions.helpful).toBeUndefined();
    expect(after.body.reactionCount).toBe(0);
    expect((await bob.put(`/api/v1/posts/${post.id}/reactions/angry`)).status).toBe(400);
  });

  it('keeps edit history, lets only the author or staff edit, and soft-deletes', async () => {
    expect((await bob.patch(`/api/v1/posts/${post.id}`, { title: 'Hijacked' })).status).toBe(404);
    const edited = await alice.patch<Post>(`/api/v1/posts/${post.id}`, {
      title: 'Do the wool-blend coats run small?',
    });
    expect(edited.body.editedAt).not.toBeNull();
    const revisions = await alice.get<{ items: { title: string }[] }>(
      `/api/v1/posts/${post.id}/revisions`,
    );
    expect(revisions.body.items.map((r) => r.title)).toEqual(['Do the wool coats run small?']);

    const doomed = await alice.post<Post>('/api/v1/spaces/sizing/posts', {
      title: 'Mistaken post',
      body: 'Posted in the wrong place',
    });
    expect((await alice.delete(`/api/v1/posts/${doomed.body.id}`)).status).toBe(204);
    expect((await alice.get(`/api/v1/posts/${doomed.body.id}`)).status).toBe(404);
  });
});

describe('feeds and search', () => {
  it('pages a feed with keyset cursors, without gaps or repeats', async () => {
    for (let i = 0; i < 7; i += 1) {
      await bob.post('/api/v1/spaces/sizing/posts', {
        title: `Rattan chair question ${i}`,
        body: `Is the **rattan chair** number ${i} sturdy enough for daily use?`,
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await bob.get<Page<{ id: string }>>(
        `/api/v1/spaces/sizing/posts?limit=3${query}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((p) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(8);
    expect(new Set(seen).size).toBe(8);

    const bad = await bob.get<{ error: { code: string } }>(
      "/api/v1/spaces/sizing/posts?cursor=' OR 1=1--",
    );
    expect(bad.body.error.code).toBe('bad_cursor');
  });

  it('finds posts by words in title or body and marks the match', async () => {
    const hits = await new TestClient(guild.url).get<Page<{ title: string; snippetHtml: string }>>(
      '/api/v1/search?q=sturdy%20rattan',
    );
    expect(hits.status, JSON.stringify(hits.body)).toBe(200);
    expect(hits.body.items.length).toBe(7);
    expect(hits.body.items[0]!.snippetHtml).toContain('<mark>');
    expect(hits.body.items[0]!.snippetHtml).not.toContain('**');
    const none = await new TestClient(guild.url).get<Page<unknown>>(
      `/api/v1/search?q=${encodeURIComponent("') OR 1=1 --")}`,
    );
    expect(none.status).toBe(200);
    expect(none.body.items).toEqual([]);
  });

  it('follows members and spaces, and tells the followed member', async () => {
    expect((await alice.put('/api/v1/users/bob_k/follow')).status).toBe(204);
    expect((await alice.put('/api/v1/spaces/sizing/follow')).status).toBe(204);
    const profile = await alice.get<{ following: boolean; postCount: number }>(
      '/api/v1/users/BOB_K',
    );
    expect(profile.body.following).toBe(true);
    expect(profile.body.postCount).toBe(7);
    const notes = await bob.get<{ items: Notification[] }>('/api/v1/notifications');
    expect(notes.body.items[0]!.kind).toBe('follow');
  });
});

describe('markdown preview', () => {
  it('renders exactly as a post would, and needs a session', async () => {
    const preview = await alice.post<{ html: string }>('/api/v1/markdown/preview', {
      body: '[x](javascript:alert(1)) *hi*',
    });
    expect(preview.body.html).toContain('<em>hi</em>');
    expect(preview.body.html).not.toMatch(/href="\s*javascript/i);
    expect(
      (await new TestClient(guild.url).post('/api/v1/markdown/preview', { body: 'x' })).status,
    ).toBe(401);
  });
});
