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

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
});
afterAll(() => guild.stop());

const COOKIE = '__Host-guild_session';

interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

describe('sign-up and the password policy', () => {
  it('refuses a 7-character password and a common one, accepts a long passphrase', async () => {
    const client = new TestClient(guild.url);
    const base = { email: 'pw@example.com', username: 'pw_tester', displayName: 'Pat' };

    const short = await client.post<ErrorBody>('/api/v1/auth/sign-up', {
      birthDate: '1990-01-01',
      ...base,
      password: '1234567',
    });
    expect(short.status).toBe(422);
    expect(short.body.error.code).toBe('weak_password');

    const common = await client.post<ErrorBody>('/api/v1/auth/sign-up', {
      birthDate: '1990-01-01',
      ...base,
      password: 'password123',
    });
    expect(common.body.error.code).toBe('weak_password');

    const phrase = 'my grey wool coat 🧥 keeps me warm on the long walk to the station!!';
    expect([...phrase].length).toBeGreaterThanOrEqual(64);
    const ok = await client.post<{ user: { username: string } }>('/api/v1/auth/sign-up', {
      birthDate: '1990-01-01',
      ...base,
      password: phrase,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.user.username).toBe('pw_tester');

    const again = new TestClient(guild.url);
    await again.signIn({ email: 'PW@example.com', password: phrase });
    const wrong = await new TestClient(guild.url).post('/api/v1/auth/sign-in', {
      email: 'pw@example.com',
      password: phrase.slice(0, 63),
    });
    expect(wrong.status).toBe(401);
  });

  it('refuses a duplicate email and a look-alike username', async () => {
    const client = new TestClient(guild.url);
    const first = await client.post('/api/v1/auth/sign-up', {
      birthDate: '1990-01-01',
      email: 'paul@example.com',
      username: 'paul_m',
      displayName: 'Paul',
      password: 'walnut-sideboard-9',
    });
    expect(first.status).toBe(201);
    const email = await new TestClient(guild.url).post<ErrorBody>('/api/v1/auth/sign-up', {
      birthDate: '1990-01-01',
      email: 'Paul@Example.com',
      username: 'paul_other',
      displayName: 'P',
      password: 'walnut-sideboard-9',
    });
    expect(email.body.error.code).toBe('email_taken');
    const lookalike = await new TestClient(guild.url).post<ErrorBody>('/api/v1/auth/sign-up', {
      birthDate: '1990-01-01',
      email: 'paul2@example.com',
      username: 'p\u0430ul_m',
      displayName: 'P',
      password: 'walnut-sideboard-9',
    });
    expect(lookalike.body.error.code).toBe('username_taken');
  });
});

describe('sessions', () => {
  it('sets a __Host- cookie that is Secure, HttpOnly and SameSite, and security headers', async () => {
    const member = await addMember(guild, tenantId);
    const response = await fetch(`${guild.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: member.email, password: member.password }),
    });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    const token = /=([^;]+)/.exec(cookie!)![1]!;
    expect(Buffer.from(token.slice(3), 'base64url').length).toBeGreaterThanOrEqual(16);

    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).toContain("'strict-dynamic'");
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=_-]{16,}'/);
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(response.headers.get('referrer-policy')).toBeTruthy();
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('issues a new token at sign-in and refuses the old one after sign-out', async () => {
    const member = await addMember(guild, tenantId);
    const client = new TestClient(guild.url);
    client.setCookie(COOKIE, 'gs_planted-by-an-attacker');
    await client.signIn(member);
    const issued = client.cookie(COOKIE)!;
    expect(issued).not.toBe('gs_planted-by-an-attacker');

    expect((await client.get('/api/v1/auth/sessions')).status).toBe(200);
    expect((await client.post('/api/v1/auth/sign-out')).status).toBe(204);

    const replay = new TestClient(guild.url);
    replay.setCookie(COOKIE, issued);
    expect((await replay.get('/api/v1/auth/sessions')).status).toBe(401);
  });

  it('answers an unknown account and a wrong password alike, then throttles', async () => {
    const member = await addMember(guild, tenantId);
    const client = new TestClient(guild.url, { 'x-forwarded-for': '203.0.113.9' });
    const unknown = await client.post<ErrorBody>('/api/v1/auth/sign-in', {
      email: 'nobody@example.com',
      password: 'whatever-it-is',
    });
    const wrong = await client.post<ErrorBody>('/api/v1/auth/sign-in', {
      email: member.email,
      password: 'not-the-password',
    });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);

    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const r = await client.post('/api/v1/auth/sign-in', {
        email: member.email,
        password: `x-${i}-wrong`,
      });
      statuses.push(r.status);
    }
    expect(statuses.at(-1)).toBe(429);
    const blocked = await client.post('/api/v1/auth/sign-in', member);
    expect(blocked.status).toBe(429);
  });
});

describe('CSRF and content types', () => {
  it('refuses a cookie-authenticated write without the CSRF token or from another origin', async () => {
    const member = await addMember(guild, tenantId);
    const client = new TestClient(guild.url);
    await client.signIn(member);

    const missing = await client.request<ErrorBody>(
      'PATCH',
      '/api/v1/users/me',
      { bio: 'x' },
      {
        'x-csrf-token': '',
      },
    );
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('csrf_failed');

    const foreign = await client.request<ErrorBody>(
      'PATCH',
      '/api/v1/users/me',
      { bio: 'x' },
      {
        origin: 'https://evil.example',
      },
    );
    expect(foreign.body.error.code).toBe('csrf_failed');

    const form = await client.request<ErrorBody>('POST', '/api/v1/auth/sign-out', 'a=b', {
      'content-type': 'text/plain',
    });
    expect([403, 415]).toContain(form.status);
    const urlencoded = await client.request('POST', '/api/v1/spaces/any/posts', 'title=x&body=y', {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.example',
    });
    expect([403, 415]).toContain(urlencoded.status);
    const viaGet = await client.get('/api/v1/auth/sign-out');
    expect(viaGet.status).toBe(404);
    expect((await client.get('/api/v1/auth/sessions')).status).toBe(200);

    const ok = await client.patch<{ bio: string }>('/api/v1/users/me', { bio: 'Loves linen.' });
    expect(ok.status).toBe(200);
    expect(ok.body.bio).toBe('Loves linen.');
  });

  it('ignores fields a member may not set on their own profile', async () => {
    const member = await addMember(guild, tenantId);
    const client = new TestClient(guild.url);
    await client.signIn(member);
    const result = await client.patch<{ role: string }>('/api/v1/users/me', {
      displayName: 'Renamed',
      role: 'admin',
      tenant_id: 'x',
      status: 'active',
    });
    expect(result.status).toBe(200);
    expect(result.body.role).toBe('member');
    const me = await client.get<{ role: string; displayName: string }>('/api/v1/users/me');
    expect(me.body).toMatchObject({ role: 'member', displayName: 'Renamed' });
    const sneaky = await client.patch<{ displayName: string }>('/api/v1/users/me', {
      displayName: '\u202eAdmin\u200b Team',
    });
    expect(sneaky.body.displayName).toBe('Admin Team');
  });
});

describe('roles and suspension take effect at once', () => {
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
});
