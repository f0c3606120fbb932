/**
 * S13 (SECURITY.md) — the new-account sandbox: an account less than a day old is limited as
 * Discourse limits trust level 0 — at most one image, no attachments, two links and two mentions
 * in a post or comment — on writing and on editing; older accounts and staff are not.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let postId: string;
const usernames: string[] = [];

interface ErrorBody {
  error: { code: string; details?: { over?: string[] } };
}

const img = (n: number) =>
  Array.from({ length: n }, (_, i) => `![p${i}](https://cdn.example.com/p${i}.png)`).join('\n\n');
const links = (n: number) =>
  Array.from({ length: n }, (_, i) => `[l${i}](https://shop.example.com/${i})`).join(' and ');
const mentions = (n: number) =>
  usernames
    .slice(0, n)
    .map((u) => `@${u}`)
    .join(' ');

async function newcomer(role: 'member' | 'moderator' = 'member') {
  const account = await addMember(guild, tenantId, role);
  const client = new TestClient(guild.url);
  await client.signIn(account);
  return { client, username: account.username };
}

const post = (client: TestClient, body: string) =>
  client.post<{ id: string } & ErrorBody>('/api/v1/spaces/lobby/posts', { title: 'Hello', body });
const comment = (client: TestClient, body: string) =>
  client.post<{ id: string } & ErrorBody>(`/api/v1/posts/${postId}/comments`, { body });

function refused(result: { status: number; body: ErrorBody }, what: string) {
  expect(result.status).toBe(422);
  expect(result.body.error.code).toBe('new_account_limited');
  expect(result.body.error.details?.over).toContain(what);
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  const admin = new TestClient(guild.url);
  await admin.signIn(await addMember(guild, tenantId, 'admin'));
  await admin.post('/api/v1/spaces', {
    slug: 'lobby',
    name: 'Lobby',
    visibility: 'public',
    kind: 'topic',
  });
  const made = await admin.post<{ id: string }>('/api/v1/spaces/lobby/posts', {
    title: 'Welcome',
    body: 'Say hello below.',
  });
  postId = made.body.id;
  for (let i = 0; i < 4; i += 1) {
    usernames.push((await newcomer()).username);
  }
});
afterAll(() => guild.stop());

describe('S13 — New-account sandbox', () => {
  it('allows one image, refuses two (posts and comments)', async () => {
    const { client } = await newcomer();
    expect((await post(client, `One picture\n\n${img(1)}`)).status).toBe(201);
    refused(await post(client, `Two pictures\n\n${img(2)}`), 'images');
    refused(await comment(client, img(2)), 'images');
    refused(
      await comment(client, `![ref][1] ${img(1)}\n\n[1]: https://cdn.example.com/r.png`),
      'images',
    );
    // Raw HTML is shown as text, never as an image, so it is no image to count.
    expect(
      (await comment(client, `<img src="https://cdn.example.com/a.png"> ${img(1)}`)).status,
    ).toBe(201);
    expect((await comment(client, img(1))).status).toBe(201);
  });

  it('has no attachments to give: extra fields are refused and uploads are for ambassadors only', async () => {
    const { client } = await newcomer();
    const withFile = await client.post<ErrorBody>('/api/v1/spaces/lobby/posts', {
      title: 'File',
      body: 'See attached',
      attachments: [{ filename: 'x.pdf', data: 'JVBERi0=' }],
    });
    if (withFile.status === 201) {
      const [row] = await guild.db.tenant(tenantId, (tx) =>
        sqlRows<{ body: string }>(tx, sql`select body_md as body from posts where title = 'File'`),
      );
      expect(row!.body).toBe('See attached');
    } else {
      expect(withFile.status).toBe(400);
    }
    const upload = await client.post<ErrorBody>('/api/v1/content/uploads', {
      filename: 'x.png',
      data: 'iVBORw0KGgo=',
    });
    expect(upload.status).toBe(403);
  });

  it('allows two links, refuses three however they are written', async () => {
    const { client } = await newcomer();
    expect((await post(client, `Two links: ${links(2)}`)).status).toBe(201);
    refused(await post(client, `Three links: ${links(3)}`), 'links');
    refused(await comment(client, `${links(2)} <https://shop.example.com/auto>`), 'links');
    refused(
      await comment(
        client,
        `${links(1)} [ref][1] [ref2][2]\n\n[1]: https://a.example.com\n[2]: https://b.example.com`,
      ),
      'links',
    );
  });

  it('allows two mentions, refuses three', async () => {
    const { client } = await newcomer();
    expect((await comment(client, `Hi ${mentions(2)}`)).status).toBe(201);
    refused(await comment(client, `Hi ${mentions(3)}`), 'mentions');
    refused(await post(client, `Hi ${mentions(4)}`), 'mentions');
  });

  it('applies on edit too', async () => {
    const { client } = await newcomer();
    const made = await post(client, 'Plain text');
    expect(made.status).toBe(201);
    refused(
      await client.patch<ErrorBody>(`/api/v1/posts/${made.body.id}`, { body: img(3) }),
      'images',
    );
    const said = await comment(client, 'Plain');
    refused(
      await client.patch<ErrorBody>(`/api/v1/comments/${said.body.id}`, { body: links(5) }),
      'links',
    );
  });

  it('lifts the limits after the first day, and never applies to staff', async () => {
    const older = await newcomer();
    await guild.db.tenant(tenantId, (tx) =>
      tx.execute(
        sql`update users set created_at = now() - interval '25 hours' where username = ${older.username}`,
      ),
    );
    expect((await post(older.client, `${img(3)}\n\n${links(4)} ${mentions(3)}`)).status).toBe(201);
    const moderator = await newcomer('moderator');
    expect((await post(moderator.client, `${img(3)}\n\n${links(4)}`)).status).toBe(201);
  });
});
