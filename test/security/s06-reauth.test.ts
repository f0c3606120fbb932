/**
 * S06 — sensitive change without re-authentication (SECURITY.md B): a stolen session cookie
 * alone cannot change the e-mail address or the password; the current password is demanded.
 * Guild has no 2FA and no member-set payout or delivery address (rewards go to the loyalty
 * account an admin's matching joins), so those two changes do not exist to be tested.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

interface ErrorBody {
  error: { code: string };
}

let guild: TestGuild;
let tenantId: string;

beforeAll(async () => {
  guild = await startTestGuild({ GUILD_MAIL: 'log' });
  tenantId = await addTenant(guild, 'alpha');
});
afterAll(() => guild.stop());

async function emailOf(username: string): Promise<string> {
  const [row] = await guild.db.query<{ email: string }>(
    'SELECT email FROM users WHERE username = $1',
    [username],
  );
  return row!.email;
}

describe('S06 — Sensitive change without re-auth', () => {
  it('a session alone cannot change the e-mail or the password', async () => {
    const member = await addMember(guild, tenantId);
    const stolen = new TestClient(guild.url);
    await stolen.signIn(member);

    const noPassword = await stolen.post('/api/v1/users/me/email', { email: 'thief@example.com' });
    expect(noPassword.status).toBe(400);
    const wrong = await stolen.post<ErrorBody>('/api/v1/users/me/email', {
      email: 'thief@example.com',
      currentPassword: 'guessing-here',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('reauthentication_required');
    const pw = await stolen.post<ErrorBody>('/api/v1/users/me/password', {
      currentPassword: 'guessing-here',
      newPassword: 'thief-owns-this-now',
    });
    expect(pw.status).toBe(401);
    expect(pw.body.error.code).toBe('reauthentication_required');
    const noCurrent = await stolen.post('/api/v1/users/me/password', {
      newPassword: 'thief-owns-this-now',
    });
    expect(noCurrent.status).toBe(400);
    expect(await emailOf(member.username)).toBe(member.email);
    await new TestClient(guild.url).signIn(member);

    const right = await stolen.post<{ email: string }>('/api/v1/users/me/email', {
      email: 'New.Address@example.com',
      currentPassword: member.password,
    });
    expect(right.status).toBe(200);
    expect(right.body.email).toBe('new.address@example.com');
    const notice = await guild.db.query<{ to_address: string }>(
      "SELECT to_address FROM outbound_emails WHERE kind = 'email_changed'",
    );
    expect(notice.map((n) => n.to_address)).toContain(member.email);
  });

  it('the profile update cannot be used to change the e-mail address or password instead', async () => {
    const member = await addMember(guild, tenantId);
    const stolen = new TestClient(guild.url);
    await stolen.signIn(member);
    const sneaky = await stolen.patch('/api/v1/users/me', {
      displayName: 'Same Person',
      email: 'thief@example.com',
      password: 'thief-owns-this-now',
      passwordHash: 'x',
    });
    expect(sneaky.status).toBeLessThan(500);
    expect(await emailOf(member.username)).toBe(member.email);
    await new TestClient(guild.url).signIn(member);
    const thief = await new TestClient(guild.url).post('/api/v1/auth/sign-in', {
      email: member.email,
      password: 'thief-owns-this-now',
    });
    expect(thief.status).toBe(401);
  });

  it("a member's stolen session cannot mint an API token (a lasting credential)", async () => {
    // A member's session may not create API tokens at all (admin-only), so a stolen member
    // cookie cannot be turned into a lasting credential.
    const member = await addMember(guild, tenantId);
    const stolen = new TestClient(guild.url);
    await stolen.signIn(member);
    const minted = await stolen.post<ErrorBody>('/api/v1/api-tokens', {
      name: 'backdoor',
      scopes: ['read', 'write'],
    });
    expect(minted.status).toBe(403);
  });
});
