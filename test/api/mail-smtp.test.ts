/**
 * Guild started with GUILD_MAIL=smtp: a member signs up over HTTP and the verification e-mail
 * arrives at a local SMTP server from the configured sender, and its row is marked sent.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { addTenant, startTestGuild, TestClient, type TestGuild } from '../support/harness.js';

let sink: SmtpSink;
let guild: TestGuild;

beforeAll(async () => {
  sink = await startSmtpSink();
  guild = await startTestGuild({
    GUILD_MAIL: 'smtp',
    GUILD_SMTP_URL: sink.url,
    GUILD_MAIL_FROM: 'Alpha Community <community@alpha.test>',
  });
  await addTenant(guild, 'alpha');
});

afterAll(async () => {
  await guild.stop();
  await sink.close();
});

it('sends the sign-up verification e-mail over SMTP', async () => {
  const username = `smtp_${Date.now().toString(36)}`;
  const email = `${username}@example.com`;
  const client = new TestClient(guild.url);
  const result = await client.post('/api/v1/auth/sign-up', {
    birthDate: '1990-01-01',
    email,
    password: 'tidy-lantern-harbour',
    username,
    displayName: 'Smtp Member',
  });
  expect(result.status).toBe(201);

  const message = await sink.waitFor((m) => m.to.includes(email), 20_000);
  expect(message.from).toBe('community@alpha.test');
  expect(message.headers.from).toContain('Alpha Community');
  const rows = await guild.db.query<{ subject: string; body_text: string }>(
    'SELECT subject, body_text FROM outbound_emails WHERE to_address = $1',
    [email],
  );
  expect(rows).toHaveLength(1);
  expect(message.subject).toBe(rows[0]!.subject);
  expect(message.text).toContain('token=');
  expect(message.text.replace(/\r\n/g, '\n').trimEnd()).toBe(rows[0]!.body_text.trimEnd());

  // The row is marked in the same transaction right after the send; give it a moment.
  for (let i = 0; i < 50 && !(await sentFlag(email)); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await sentFlag(email)).toBe(true);
});

async function sentFlag(email: string): Promise<boolean> {
  const rows = await guild.db.query<{ sent: boolean }>(
    'SELECT sent_at IS NOT NULL AS sent FROM outbound_emails WHERE to_address = $1',
    [email],
  );
  return rows[0]?.sent === true;
}
