/**
 * S14 (SECURITY.md) — horizontal IDOR: member A, in the same community as member B, reaches for
 * B's things by id — in the path, the query, a JSON body and a batch array — and gets the very
 * answer a missing id gets (same status, same error body), and B's things are unchanged.
 *
 * Guild has no drafts and no direct messages. The nearest to a draft is B's unpublished history
 * of a post (its revisions) and B's moderation check; both are covered.
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
  type HttpResult,
  type TestGuild,
} from '../support/harness.js';

interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}
interface Member {
  client: TestClient;
  id: string;
  username: string;
}

let guild: TestGuild;
let tenantId: string;
let a: Member;
let b: Member;
let bPostId: string;
let bRedemptionId: string;
let bExportId: string;
let bNotificationIds: string[];
let bEntryIds: string[];

const MISSING = '00000000-0000-4000-8000-00000000abcd';

async function query<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

async function member(role: 'member' | 'manager' = 'member'): Promise<Member> {
  const account = await addMember(guild, tenantId, role);
  const client = new TestClient(guild.url);
  await client.signIn(account);
  const [row] = await query<{ id: string }>(
    sql`select id from users where username = ${account.username}`,
  );
  return { client, id: row!.id, username: account.username };
}

/** The error body without what differs per request. */
const shape = (result: HttpResult) => {
  const body = result.body as ErrorBody;
  return { status: result.status, code: body?.error?.code, message: body?.error?.message };
};

/** B's id and a missing id must give the same refusal. */
async function alike(call: (id: string) => Promise<HttpResult>, id: string, what: string) {
  const theirs = await call(id);
  const missing = await call(MISSING);
  expect([403, 404], what).toContain(theirs.status);
  expect(shape(theirs), what).toEqual(shape(missing));
  expect(JSON.stringify(theirs.body), what).not.toContain(b.username);
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  const manager = await member('manager');
  await manager.client.post('/api/v1/spaces', {
    slug: 'lobby',
    name: 'Lobby',
    visibility: 'public',
    kind: 'topic',
  });
  a = await member();
  b = await member();

  const post = await b.client.post<{ id: string }>('/api/v1/spaces/lobby/posts', {
    title: 'First take',
    body: 'A first version.',
  });
  bPostId = post.body.id;
  await b.client.patch(`/api/v1/posts/${bPostId}`, { body: 'A second version.' });
  // A mentions B: B gets notifications.
  const hi = await a.client.post('/api/v1/spaces/lobby/posts', {
    title: 'Hello there',
    body: `Hello @${b.username}`,
  });
  expect(hi.status, JSON.stringify(hi.body)).toBe(201);
  await a.client.post(`/api/v1/posts/${bPostId}/comments`, { body: 'Nice one' });
  bNotificationIds = (
    await query<{ id: string }>(sql`select id from notifications where user_id = ${b.id}`)
  ).map((row) => row.id);
  expect(bNotificationIds.length).toBeGreaterThan(0);

  await guild.db.tenant(tenantId, (tx) =>
    credit(tx, tenantId, {
      userId: b.id,
      amount: 100,
      reason: 'Test award',
      source: 'api',
      idempotencyKey: 's14-award',
    }),
  );
  bEntryIds = (
    await query<{ id: string }>(sql`select id::text from ledger_entries where user_id = ${b.id}`)
  ).map((row) => row.id);
  const reward = await manager.client.post<{ id: string }>('/api/v1/rewards', {
    name: 'Mug',
    kind: 'physical',
    cost: 10,
    stock: 5,
  });
  const redeemed = await b.client.post<{ id: string }>(
    `/api/v1/rewards/${reward.body.id}/redemptions`,
    {},
    { 'idempotency-key': 's14-redeem' },
  );
  expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
  bRedemptionId = redeemed.body.id;

  await b.client.put('/api/v1/privacy/consents/marketing_email', { granted: true });
  const exported = await b.client.post<{ export: { id: string } }>('/api/v1/privacy/me/export');
  expect(exported.status, JSON.stringify(exported.body)).toBe(201);
  bExportId = exported.body.export.id;
});
afterAll(() => guild.stop());

describe('S14 — Horizontal IDOR', () => {
  it("B's unpublished post history (the nearest to a draft): GET, PATCH, DELETE by path", async () => {
    await alike((id) => a.client.get(`/api/v1/posts/${id}/revisions`), bPostId, 'revisions');
    await alike(
      (id) => a.client.patch(`/api/v1/posts/${id}`, { title: 'Mine now' }),
      bPostId,
      'patch',
    );
    await alike((id) => a.client.delete(`/api/v1/posts/${id}`), bPostId, 'delete');
    const still = await b.client.get<{ title: string }>(`/api/v1/posts/${bPostId}`);
    expect(still.body.title).toBe('First take');
  });

  it("B's moderation checks by path", async () => {
    await alike((id) => a.client.get(`/api/v1/moderation/checks/${id}`), bPostId, 'check');
    await alike(
      (id) => a.client.post(`/api/v1/moderation/checks/${id}/appeal`, { message: 'Please' }),
      bPostId,
      'appeal',
    );
  });

  it("B's notifications: not listed to A, and a batch of B's ids marks nothing read", async () => {
    const mine = await a.client.get<{ items: { id: string }[] }>('/api/v1/notifications');
    for (const id of bNotificationIds) {
      expect(mine.body.items.map((n) => n.id)).not.toContain(id);
    }
    const batch = await a.client.post<{ unreadCount: number }>('/api/v1/notifications/read', {
      ids: bNotificationIds,
    });
    const missing = await a.client.post<{ unreadCount: number }>('/api/v1/notifications/read', {
      ids: [MISSING],
    });
    expect(batch.status).toBe(missing.status);
    expect(batch.body).toEqual(missing.body);
    const [row] = await query<{ n: number }>(
      sql`select count(*)::int as n from notifications where user_id = ${b.id} and read_at is not null`,
    );
    expect(row!.n).toBe(0);
  });

  it("B's points history: by path, query and the member's own listing", async () => {
    await alike((id) => a.client.get(`/api/v1/points/members/${id}`), b.id, 'balance');
    await alike((id) => a.client.get(`/api/v1/points/members/${id}/entries`), b.id, 'entries');
    const own = await a.client.get<{ items: { id: string }[] }>(
      `/api/v1/points/me/entries?userId=${b.id}&user_id=${b.id}`,
    );
    expect([200, 400]).toContain(own.status);
    if (own.status === 200) {
      expect(own.body.items.map((e) => String(e.id))).not.toEqual(
        expect.arrayContaining(bEntryIds),
      );
      expect(own.body.items).toEqual([]);
    }
    const me = await a.client.get<{ spendable: number }>(`/api/v1/points/me?userId=${b.id}`);
    expect(me.body.spendable ?? 0).toBe(0);
  });

  it("B's redemption: GET and cancel by path, numeric and UUID ids", async () => {
    await alike((id) => a.client.get(`/api/v1/rewards/redemptions/${id}`), bRedemptionId, 'get');
    await alike(
      (id) => a.client.post(`/api/v1/rewards/redemptions/${id}/cancel`),
      bRedemptionId,
      'cancel',
    );
    const numeric = await a.client.get<ErrorBody>('/api/v1/rewards/redemptions/1');
    expect([400, 404]).toContain(numeric.status);
    const [row] = await query<{ status: string }>(
      sql`select status from reward_redemptions where id = ${bRedemptionId}`,
    );
    expect(row!.status).not.toBe('cancelled');
  });

  it("B's privacy export: the member's and the admins' download paths", async () => {
    await alike(
      (id) => a.client.get(`/api/v1/privacy/me/exports/${id}/download`),
      bExportId,
      'own path',
    );
    await alike((id) => a.client.get(`/api/v1/privacy/exports/${id}`), bExportId, 'admin path');
    await alike(
      (id) => a.client.get(`/api/v1/privacy/exports/${id}/download`),
      bExportId,
      'admin download',
    );
    const requests = await a.client.get<{ items: unknown[] }>('/api/v1/privacy/me/requests');
    expect(JSON.stringify(requests.body)).not.toContain(bExportId);
  });

  it("B's consent record: by path, and a body naming B changes only A's own", async () => {
    await alike((id) => a.client.get(`/api/v1/privacy/members/${id}/consents`), b.id, 'record');
    const put = await a.client.put('/api/v1/privacy/consents/marketing_email', {
      granted: false,
      userId: b.id,
      user_id: b.id,
    });
    expect([200, 400]).toContain(put.status);
    const history = await a.client.get('/api/v1/privacy/consents/history?userId=' + b.id);
    expect(JSON.stringify(history.body)).not.toContain(b.id);
    const bConsents = await b.client.get<{ items: { purpose: string; granted: boolean }[] }>(
      '/api/v1/privacy/consents',
    );
    const marketing = JSON.stringify(bConsents.body);
    expect(marketing).toMatch(/marketing_email/);
    const [row] = await query<{ granted: boolean }>(
      sql`select withdrawn_at is null as granted from consents
           where user_id = ${b.id} and purpose = 'marketing_email'
           order by granted_at desc limit 1`,
    );
    expect(row?.granted).toBe(true);
  });
});
