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
  guild = await startTestGuild({ GUILD_MAIL: 'log' });
  tenantId = await addTenant(guild, 'alpha');
});
afterAll(() => guild.stop());

async function latestResetToken(email: string): Promise<string> {
  const rows = await guild.db.query<{ body_text: string }>(
    `SELECT body_text FROM outbound_emails WHERE to_address = $1 AND kind = 'password_reset'
      ORDER BY created_at DESC LIMIT 1`,
    [email],
  );
  const match = /token=([^\s]+)/.exec(rows[0]?.body_text ?? '');
  if (!match?.[1]) {
    throw new Error(`no reset e-mail for ${email}`);
  }
  return decodeURIComponent(match[1]);
}

describe('password reset', () => {
  it('answers alike for known and unknown addresses', async () => {
    const member = await addMember(guild, tenantId);
    const client = new TestClient(guild.url);
    const known = await client.post('/api/v1/auth/password-reset', { email: member.email });
    const unknown = await client.post('/api/v1/auth/password-reset', {
      email: 'ghost@example.com',
    });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const ghostMail = await guild.db.query(
      "SELECT 1 FROM outbound_emails WHERE to_address = 'ghost@example.com'",
    );
    expect(ghostMail).toEqual([]);
  });

  it('lets exactly one of 20 parallel uses of a link succeed, then refuses it', async () => {
    const member = await addMember(guild, tenantId);
    const elsewhere = new TestClient(guild.url);
    await elsewhere.signIn(member);
    await new TestClient(guild.url).post('/api/v1/auth/password-reset', { email: member.email });
    const token = await latestResetToken(member.email);

    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new TestClient(guild.url).post<{ otherSessions: number }>(
          '/api/v1/auth/password-reset/confirm',
          { token, password: `fresh-linen-sheets-${i}`, signOutOtherSessions: true },
        ),
      ),
    );
    const successes = attempts.filter((a) => a.status === 200);
    expect(successes).toHaveLength(1);
    expect(successes[0]!.body.otherSessions).toBe(0);
    expect(attempts.filter((a) => a.status === 400)).toHaveLength(19);

    const again = await new TestClient(guild.url).post('/api/v1/auth/password-reset/confirm', {
      token,
      password: 'another-fresh-password',
    });
    expect(again.status).toBe(400);
    expect((await elsewhere.get('/api/v1/auth/sessions')).status).toBe(401);
  });

  it('refuses a link after ten minutes', async () => {
    const member = await addMember(guild, tenantId);
    await new TestClient(guild.url).post('/api/v1/auth/password-reset', { email: member.email });
    const token = await latestResetToken(member.email);
    await guild.db.query(
      "UPDATE password_resets SET expires_at = now() - interval '1 second', created_at = now() - interval '11 minutes'",
    );
    const late = await new TestClient(guild.url).post('/api/v1/auth/password-reset/confirm', {
      token,
      password: 'too-late-for-this',
    });
    expect(late.status).toBe(400);
    const stillOld = new TestClient(guild.url);
    await stillOld.signIn(member);
  });
});

describe('e-mail delivery', () => {
  it('sends what the outbox holds once the request has committed', async () => {
    const member = await addMember(guild, tenantId);
    await new TestClient(guild.url).post('/api/v1/auth/password-reset', { email: member.email });
    const deadline = Date.now() + 20_000;
    let sent: { sent_at: Date | null }[] = [];
    while (Date.now() < deadline) {
      sent = await guild.db.query<{ sent_at: Date | null }>(
        'SELECT sent_at FROM outbound_emails WHERE to_address = $1',
        [member.email],
      );
      if (sent.length === 1 && sent[0]!.sent_at !== null) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]!.sent_at).not.toBeNull();
  });
});

describe('sensitive changes demand the current password', () => {
  it('a session alone cannot change the e-mail or the password', async () => {
    const member = await addMember(guild, tenantId);
    const stolen = new TestClient(guild.url);
    await stolen.signIn(member);

    const noPassword = await stolen.post('/api/v1/users/me/email', { email: 'thief@example.com' });
    expect(noPassword.status).toBe(400);
    const wrong = await stolen.post<{ error: { code: string } }>('/api/v1/users/me/email', {
      email: 'thief@example.com',
      currentPassword: 'guessing-here',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('reauthentication_required');
    const pw = await stolen.post('/api/v1/users/me/password', {
      currentPassword: 'guessing-here',
      newPassword: 'thief-owns-this-now',
    });
    expect(pw.status).toBe(401);

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

  it('changing the password signs out the other sessions', async () => {
    const member = await addMember(guild, tenantId);
    const here = new TestClient(guild.url);
    const there = new TestClient(guild.url);
    await here.signIn(member);
    await there.signIn(member);
    const changed = await here.post('/api/v1/users/me/password', {
      currentPassword: member.password,
      newPassword: 'oak-side-table-2026',
    });
    expect(changed.status).toBe(204);
    expect((await here.get('/api/v1/auth/sessions')).status).toBe(200);
    expect((await there.get('/api/v1/auth/sessions')).status).toBe(401);
  });
});
