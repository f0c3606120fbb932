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
  guild = await startTestGuild({ GUILD_WRITES_PER_MINUTE: '4', GUILD_TRUST_PROXY: 'true' });
  tenantId = await addTenant(guild, 'alpha');
});
afterAll(() => guild.stop());

interface ErrorBody {
  error: { code: string; requestId: string };
}

describe('bad input answers 4xx in the documented shape', () => {
  it('refuses NUL characters in bodies, queries and paths', async () => {
    const client = new TestClient(guild.url, { 'x-forwarded-for': '198.51.100.1' });
    const body = await client.post<ErrorBody>('/api/v1/auth/sign-in', {
      email: 'a\u0000@b.example',
      password: 'x',
    });
    expect(body.status).toBe(400);
    expect(body.body.error.code).toBe('validation_failed');
    const query = await client.get<ErrorBody>('/api/v1/search?q=a%00b');
    expect(query.status).toBe(400);
    const path = await client.get<ErrorBody>('/api/v1/spaces/a%00b');
    expect(path.status).toBe(400);
  });
});

describe('limits that made-up credentials cannot dodge', () => {
  it('counts anonymous writes per address whatever cookie is sent', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const client = new TestClient(guild.url, { 'x-forwarded-for': '198.51.100.7' });
      client.setCookie('__Host-guild_session', `junk-${i}`);
      const reply = await client.post('/api/v1/auth/password-reset', { email: 'x@example.com' });
      statuses.push(reply.status);
    }
    expect(statuses.slice(0, 4)).toEqual([202, 202, 202, 202]);
    expect(statuses.slice(4)).toEqual([429, 429, 429]);
  });
});

describe('admins cannot strand the community', () => {
  it('refuses an admin changing their own role', async () => {
    const first = await addMember(guild, tenantId, 'admin');
    const client = new TestClient(guild.url, { 'x-forwarded-for': '192.0.2.90' });
    await client.signIn(first);
    const me = await client.get<{ user: { id: string } }>('/api/v1/session');
    const self = await client.patch<ErrorBody>(`/api/v1/admin/users/${me.body.user.id}`, {
      role: 'member',
    });
    expect(self.status).toBe(403);
  });
});
