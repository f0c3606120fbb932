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
