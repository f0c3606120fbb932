/**
 * S04 — session fixation and logout (SECURITY.md B): a cookie planted before sign-in is never
 * adopted, sign-out kills the session on the server, and a ban or an erasure ends the member's
 * live sessions on their very next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseMember } from '../../src/privacy/erasure/erasure.service.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

const COOKIE = '__Host-guild_session';

let guild: TestGuild;
let tenantId: string;
let admin: TestClient;

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  admin = new TestClient(guild.url);
  await admin.signIn(await addMember(guild, tenantId, 'admin'));
});
afterAll(() => guild.stop());

async function userId(client: TestClient): Promise<string> {
  const me = await client.get<{ user: { id: string } }>('/api/v1/session');
  return me.body.user.id;
}

describe('S04 — Session fixation & logout', () => {
  it('issues a new token at sign-in and refuses the old one after sign-out', async () => {
    const member = await addMember(guild, tenantId);
    const client = new TestClient(guild.url);
    client.setCookie(COOKIE, 'gs_planted-by-an-attacker');
    await client.signIn(member);
    const issued = client.cookie(COOKIE)!;
    expect(issued).not.toBe('gs_planted-by-an-attacker');

    expect((await client.get('/api/v1/auth/sessions')).status).toBe(200);
    expect((await client.post('/api/v1/auth/sign-out')).status).toBe(204);
    expect(client.cookie(COOKIE)).toBeUndefined();

    const replay = new TestClient(guild.url);
    replay.setCookie(COOKIE, issued);
    expect((await replay.get('/api/v1/auth/sessions')).status).toBe(401);
    expect((await replay.get<{ user: unknown }>('/api/v1/session')).body.user).toBeNull();
  });

  it("never adopts a live session the attacker planted: the victim's sign-in gets a new token", async () => {
    const attacker = await addMember(guild, tenantId);
    const victim = await addMember(guild, tenantId);
    const attackerClient = new TestClient(guild.url);
    await attackerClient.signIn(attacker);
    const planted = attackerClient.cookie(COOKIE)!;

    const browser = new TestClient(guild.url);
    browser.setCookie(COOKIE, planted);
    // The web app reads the CSRF token of whatever session its cookie holds, then signs in.
    const before = await browser.get<{ csrfToken: string }>('/api/v1/session');
    browser.csrfToken = before.body.csrfToken;
    await browser.signIn(victim);
    const issued = browser.cookie(COOKIE)!;
    expect(issued).not.toBe(planted);

    // The planted token does not open the victim's account (nor any other any more).
    const replay = new TestClient(guild.url);
    replay.setCookie(COOKIE, planted);
    const seen = await replay.get<{ user: { username: string } | null }>('/api/v1/session');
    expect(seen.body.user?.username).not.toBe(victim.username);
    expect((await replay.get('/api/v1/auth/sessions')).status).toBe(401);
    const victimSessions = await browser.get<{ items: unknown[] }>('/api/v1/auth/sessions');
    expect(victimSessions.body.items).toHaveLength(1);
  });

  it('a ban ends the live sessions at once', async () => {
    const member = await addMember(guild, tenantId);
    const one = new TestClient(guild.url);
    const two = new TestClient(guild.url);
    await one.signIn(member);
    await two.signIn(member);
    const id = await userId(one);

    const ban = await admin.patch(`/api/v1/admin/users/${id}`, { status: 'suspended' });
    expect(ban.status).toBe(200);
    expect((await one.get('/api/v1/auth/sessions')).status).toBe(401);
    expect((await two.post('/api/v1/spaces', { slug: 'x' })).status).toBe(401);
    const [left] = await guild.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sessions WHERE user_id = $1',
      [id],
    );
    expect(left?.n).toBe(0);
    const again = await new TestClient(guild.url).post<{ error: { code: string } }>(
      '/api/v1/auth/sign-in',
      { email: member.email, password: member.password },
    );
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('account_suspended');
  });

  it('erasing (deleting) the account ends its live sessions at once', async () => {
    const member = await addMember(guild, tenantId);
    const client = new TestClient(guild.url);
    await client.signIn(member);
    const id = await userId(client);
    const adminId = await userId(admin);
    expect((await client.get('/api/v1/auth/sessions')).status).toBe(200);

    await guild.db.tenant(tenantId, (tx) =>
      eraseMember(tx, id, { tenantId, actorId: adminId, ip: '127.0.0.1' }),
    );
    expect((await client.get('/api/v1/auth/sessions')).status).toBe(401);
    expect((await client.get<{ user: unknown }>('/api/v1/session')).body.user).toBeNull();
  });
});
