/**
 * S17 (SECURITY.md) — stale privileges: a demoted moderator or admin, or a banned member,
 * holding a live session or API token is refused on the very next request, without waiting for
 * anything to expire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let adminClient: TestClient;

interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  adminClient = new TestClient(guild.url);
  await adminClient.signIn(await addMember(guild, tenantId, 'admin'));
});
afterAll(() => guild.stop());

async function signedIn(role: 'member' | 'moderator' | 'admin') {
  const client = new TestClient(guild.url);
  await client.signIn(await addMember(guild, tenantId, role));
  const me = await client.get<{ user: { id: string } }>('/api/v1/session');
  return { client, id: me.body.user.id };
}

describe('S17 — Stale privileges', () => {
  it('a suspended member is signed out on the next request; a demoted admin loses admin', async () => {
    const admin = await addMember(guild, tenantId, 'admin');
    const adminClient = new TestClient(guild.url);
    await adminClient.signIn(admin);

    const member = await addMember(guild, tenantId);
    const memberClient = new TestClient(guild.url);
    await memberClient.signIn(member);
    const session = await memberClient.get<{ user: { id: string } }>('/api/v1/session');
    const memberId = session.body.user.id;

    const forbidden = await memberClient.post<ErrorBody>('/api/v1/admin/users', {
      email: 'x@example.com',
      username: 'xx_x',
      displayName: 'X',
      password: 'plain-walnut-42',
      role: 'admin',
    });
    expect(forbidden.status).toBe(403);

    const suspend = await adminClient.patch(`/api/v1/admin/users/${memberId}`, {
      status: 'suspended',
    });
    expect(suspend.status).toBe(200);
    expect((await memberClient.get('/api/v1/auth/sessions')).status).toBe(401);

    const other = await addMember(guild, tenantId, 'admin');
    const otherClient = new TestClient(guild.url);
    await otherClient.signIn(other);
    const me = await otherClient.get<{ user: { id: string } }>('/api/v1/session');
    await adminClient.patch(`/api/v1/admin/users/${me.body.user.id}`, { role: 'member' });
    expect((await otherClient.get('/api/v1/api-tokens')).status).toBe(403);
  });

  it('a demoted moderator loses the review queue on the next request', async () => {
    const moderator = await signedIn('moderator');
    expect((await moderator.client.get('/api/v1/moderation/queue')).status).toBe(200);
    const demoted = await adminClient.patch(`/api/v1/admin/users/${moderator.id}`, {
      role: 'member',
    });
    expect(demoted.status).toBe(200);
    const after = await moderator.client.get<ErrorBody>('/api/v1/moderation/queue');
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe('forbidden');
  });

  it("a banned admin's API token stops working at once", async () => {
    const other = await signedIn('admin');
    const created = await other.client.post<{ token: string }>('/api/v1/api-tokens', {
      name: 'sync',
      scopes: ['read', 'write'],
    });
    expect(created.status).toBe(201);
    const bearer = new TestClient(guild.url, { authorization: `Bearer ${created.body.token}` });
    expect((await bearer.get('/api/v1/spaces')).status).toBe(200);
    const banned = await adminClient.patch(`/api/v1/admin/users/${other.id}`, {
      status: 'suspended',
    });
    expect(banned.status).toBe(200);
    expect([401, 403]).toContain((await bearer.get('/api/v1/spaces')).status);
    expect((await other.client.get('/api/v1/session')).status).toBe(200);
    const session = await other.client.get<{ user: unknown }>('/api/v1/session');
    expect(session.body.user).toBeNull();
  });
});
