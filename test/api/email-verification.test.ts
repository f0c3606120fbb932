/**
 * E-mail verification over real HTTP: the link written at sign-up, single use, expiry, links
 * bound to the address they were sent to, new links on request, and the accounts that start
 * verified (the demo's and those made with `guild user create`).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuild } from '../../src/app.js';
import { loadConfig } from '../../src/core/config/config.js';
import { createLogger } from '../../src/core/logging/logger.js';
import { DEMO_SIGN_INS } from '../../src/demo/demo-content.js';
import { seedDemo } from '../../src/demo/demo-seed.js';
import { addTenant, startTestGuild, TestClient, type TestGuild } from '../support/harness.js';

const run = promisify(execFile);
const PASSWORD = 'tidy-lantern-harbour';
const CONFIRM = '/api/v1/auth/email-verification/confirm';
const RESEND = '/api/v1/users/me/email/verification';

interface ErrorBody {
  error: { code: string; message: string };
}
interface MeBody {
  email: string;
  emailVerified: boolean;
}

let guild: TestGuild;

beforeAll(async () => {
  guild = await startTestGuild();
  await addTenant(guild, 'alpha');
  await addTenant(guild, 'beta');
});
afterAll(() => guild.stop());

let counter = 0;

/** Signs a new member up over HTTP; answers the signed-in client and the address. */
async function signUp(headers: Record<string, string> = {}) {
  counter += 1;
  const username = `verify_${counter}_${Date.now().toString(36)}`;
  const email = `${username}@example.com`;
  const client = new TestClient(guild.url, headers);
  const result = await client.post<{ csrfToken: string; user: MeBody }>('/api/v1/auth/sign-up', {
    birthDate: '1990-01-01',
    email,
    password: PASSWORD,
    username,
    displayName: `Verify ${counter}`,
  });
  expect(result.status).toBe(201);
  client.csrfToken = result.body.csrfToken;
  return { client, email, user: result.body.user };
}

/** The newest link of `kind` e-mailed to `email`, read from the outbox. */
async function latestLink(email: string, kind = 'email_verification') {
  const rows = await guild.db.query<{ body_text: string }>(
    `SELECT body_text FROM outbound_emails WHERE to_address = $1 AND kind = $2
      ORDER BY created_at DESC LIMIT 1`,
    [email, kind],
  );
  const match = /https?:\/\/\S+\?token=\S+/.exec(rows[0]?.body_text ?? '');
  if (!match) {
    throw new Error(`no ${kind} e-mail for ${email}`);
  }
  const url = new URL(match[0]);
  return { url, token: url.searchParams.get('token') ?? '' };
}

async function mailCount(email: string): Promise<number> {
  const rows = await guild.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbound_emails
      WHERE to_address = $1 AND kind = 'email_verification'`,
    [email],
  );
  return rows[0]?.n ?? 0;
}

async function me(client: TestClient): Promise<MeBody> {
  const result = await client.get<MeBody>('/api/v1/users/me');
  expect(result.status).toBe(200);
  return result.body;
}

describe('the link written at sign-up', () => {
  it('is e-mailed to the new address, opens /verify-email on the tenant host, and the account starts unverified', async () => {
    const { client, email, user } = await signUp();
    expect(user.emailVerified).toBe(false);
    expect((await me(client)).emailVerified).toBe(false);
    const session = await client.get<{ user: MeBody }>('/api/v1/session');
    expect(session.body.user.emailVerified).toBe(false);

    const [mail] = await guild.db.query<{ subject: string; body_text: string }>(
      `SELECT subject, body_text FROM outbound_emails
        WHERE to_address = $1 AND kind = 'email_verification'`,
      [email],
    );
    expect(mail?.subject).toBe('Confirm your e-mail address');
    expect(mail?.body_text).toMatch(/48 hours/);
    const { url, token } = await latestLink(email);
    expect(url.pathname).toBe('/verify-email');
    expect(url.hostname).toBe('localhost');
    expect(token).toMatch(/^gv_/);

    const [stored] = await guild.db.query<{ email: string; hours: number; used_at: Date | null }>(
      `SELECT v.email, extract(epoch FROM v.expires_at - v.created_at) / 3600 AS hours, v.used_at
         FROM email_verifications v JOIN users u ON u.id = v.user_id WHERE u.email = $1`,
      [email],
    );
    expect(stored?.email).toBe(email);
    expect(Number(stored?.hours)).toBeCloseTo(48, 1);
    expect(stored?.used_at).toBeNull();
    // Only a hash of the token is kept.
    const plain = await guild.db.query('SELECT 1 FROM email_verifications WHERE token_hash = $1', [
      token,
    ]);
    expect(plain).toEqual([]);
  });

  it("names another tenant's own host, where alone its token is found", async () => {
    const beta = { 'x-guild-tenant': 'beta' };
    const { email } = await signUp(beta);
    const { url, token } = await latestLink(email);
    expect(url.hostname).toBe('beta.guild.test');

    const elsewhere = await new TestClient(guild.url).post<ErrorBody>(CONFIRM, { token });
    expect(elsewhere.status).toBe(400);
    const home = await new TestClient(guild.url, beta).post(CONFIRM, { token });
    expect(home.status).toBe(200);

    // The password-reset link follows the same rule.
    await new TestClient(guild.url, beta).post('/api/v1/auth/password-reset', { email });
    const reset = await latestLink(email, 'password_reset');
    expect(reset.url.hostname).toBe('beta.guild.test');
    expect(reset.url.pathname).toBe('/reset-password');
  });
});

describe('verifying', () => {
  it('works once, for anyone holding the link, and is audited', async () => {
    const { client, email } = await signUp();
    const { token } = await latestLink(email);

    const first = await new TestClient(guild.url).post<{ verified: boolean }>(CONFIRM, { token });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ verified: true });
    expect((await me(client)).emailVerified).toBe(true);
    const audit = await guild.db.query<{ target_id: string }>(
      `SELECT a.target_id FROM audit_log a JOIN users u ON u.id::text = a.target_id::text
        WHERE a.action = 'email.verify' AND u.email = $1`,
      [email],
    );
    expect(audit).toHaveLength(1);

    const second = await new TestClient(guild.url).post<ErrorBody>(CONFIRM, { token });
    expect(second.status).toBe(400);
    expect(second.body.error.code).toBe('verification_link_invalid');
  });

  it('lets exactly one of several parallel uses of a link succeed', async () => {
    const { email } = await signUp();
    const { token } = await latestLink(email);
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () => new TestClient(guild.url).post(CONFIRM, { token })),
    );
    expect(attempts.filter((a) => a.status === 200)).toHaveLength(1);
    expect(attempts.filter((a) => a.status === 400)).toHaveLength(7);
  });

  it('refuses an expired link and an unknown one with the same answer', async () => {
    const { client, email } = await signUp();
    const { token } = await latestLink(email);
    await guild.db.query(
      `UPDATE email_verifications SET created_at = now() - interval '49 hours',
              expires_at = now() - interval '1 hour'
        WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
      [email],
    );
    const expired = await new TestClient(guild.url).post<ErrorBody>(CONFIRM, { token });
    const unknown = await new TestClient(guild.url).post<ErrorBody>(CONFIRM, {
      token: 'gv_not-a-token-guild-ever-issued',
    });
    expect(expired.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(expired.body.error.code).toBe('verification_link_invalid');
    expect(unknown.body.error.code).toBe(expired.body.error.code);
    expect(unknown.body.error.message).toBe(expired.body.error.message);
    expect((await me(client)).emailVerified).toBe(false);
  });

  it('keeps to the CSRF rules of a public route', async () => {
    const { client, email } = await signUp();
    const { token } = await latestLink(email);
    const foreign = await new TestClient(guild.url).post<ErrorBody>(
      CONFIRM,
      { token },
      { origin: 'http://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('csrf_failed');
    const noToken = await client.post<ErrorBody>(CONFIRM, { token }, { 'x-csrf-token': 'wrong' });
    expect(noToken.status).toBe(403);
    expect((await me(client)).emailVerified).toBe(false);
    expect((await client.post(CONFIRM, { token })).status).toBe(200);
    expect((await me(client)).emailVerified).toBe(true);
  });
});

describe('changing the e-mail address', () => {
  it('a link issued for the old address does not verify the new one', async () => {
    const { client, email } = await signUp();
    const old = await latestLink(email);
    const newAddress = `changed_${counter}@example.com`;
    const changed = await client.post<MeBody>('/api/v1/users/me/email', {
      email: newAddress,
      currentPassword: PASSWORD,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ email: newAddress, emailVerified: false });

    const refused = await new TestClient(guild.url).post<ErrorBody>(CONFIRM, { token: old.token });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('verification_link_invalid');
    // Even were the old link not withdrawn, it names the old address and verifies nothing.
    await guild.db.query('UPDATE email_verifications SET used_at = NULL WHERE email = $1', [email]);
    const stillRefused = await new TestClient(guild.url).post<ErrorBody>(CONFIRM, {
      token: old.token,
    });
    expect(stillRefused.status).toBe(400);
    expect(stillRefused.body.error.code).toBe('verification_link_invalid');
    expect((await me(client)).emailVerified).toBe(false);

    const current = await latestLink(newAddress);
    const verified = await new TestClient(guild.url).post(CONFIRM, { token: current.token });
    expect(verified.status).toBe(200);
    expect(await me(client)).toMatchObject({ email: newAddress, emailVerified: true });
  });

  it('a link from before a change stays void when the member changes back', async () => {
    const { client, email } = await signUp();
    const old = await latestLink(email);
    for (const address of [`away_${counter}@example.com`, email]) {
      const changed = await client.post('/api/v1/users/me/email', {
        email: address,
        currentPassword: PASSWORD,
      });
      expect(changed.status).toBe(200);
    }
    const refused = await new TestClient(guild.url).post<ErrorBody>(CONFIRM, { token: old.token });
    expect(refused.status).toBe(400);
    expect((await me(client)).emailVerified).toBe(false);
    const current = await latestLink(email);
    expect(current.token).not.toBe(old.token);
    expect((await new TestClient(guild.url).post(CONFIRM, { token: current.token })).status).toBe(
      200,
    );
  });

  it('a verified member who moves to another address is unverified again and sent a link', async () => {
    const { client, email } = await signUp();
    expect((await client.post(CONFIRM, { token: (await latestLink(email)).token })).status).toBe(
      200,
    );
    expect((await me(client)).emailVerified).toBe(true);
    const newAddress = `moved_${counter}@example.com`;
    const moved = await client.post<MeBody>('/api/v1/users/me/email', {
      email: newAddress,
      currentPassword: PASSWORD,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.emailVerified).toBe(false);
    expect(await mailCount(newAddress)).toBe(1);
  });

  it('changes nothing when the address given is the current one', async () => {
    const { client, email } = await signUp();
    const { token } = await latestLink(email);
    expect((await client.post(CONFIRM, { token })).status).toBe(200);
    const same = await client.post<MeBody>('/api/v1/users/me/email', {
      email: email.toUpperCase(),
      currentPassword: PASSWORD,
    });
    expect(same.status).toBe(200);
    expect(same.body.emailVerified).toBe(true);
  });
});

describe('asking for a new link', () => {
  it('sends one while unverified, refuses once verified, and needs a session', async () => {
    const { client, email } = await signUp();
    expect(await mailCount(email)).toBe(1);
    const again = await client.post<{ accepted: boolean }>(RESEND);
    expect(again.status).toBe(202);
    expect(await mailCount(email)).toBe(2);

    const { token } = await latestLink(email);
    expect((await client.post(CONFIRM, { token })).status).toBe(200);
    const refused = await client.post<ErrorBody>(RESEND);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('email_already_verified');
    expect(await mailCount(email)).toBe(2);

    const anonymous = await new TestClient(guild.url).post<ErrorBody>(RESEND);
    expect(anonymous.status).toBe(401);
  });

  it('is limited to five links an hour', async () => {
    const { client, email } = await signUp();
    for (let i = 0; i < 4; i += 1) {
      expect((await client.post(RESEND)).status).toBe(202);
    }
    const limited = await client.post<ErrorBody>(RESEND);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(await mailCount(email)).toBe(5);
  });
});

describe('accounts that start verified', () => {
  it('every member of the demo community is verified', async () => {
    await seedDemo(guild.db, { members: 40, posts: 10 });
    const [unverified] = await guild.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users u JOIN tenants t ON t.id = u.tenant_id
        WHERE t.is_demo AND u.email_verified_at IS NULL`,
    );
    expect(unverified?.n).toBe(0);
    const signIn = DEMO_SIGN_INS.find((s) => s.role === 'member')!;
    const client = new TestClient(guild.url, { 'x-guild-tenant': 'demo' });
    await client.signIn(signIn);
    expect((await me(client)).emailVerified).toBe(true);
  });

  it('an account made with `guild user create` is verified', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'guild-verify-cli-'));
    try {
      const env = {
        ...process.env,
        GUILD_PGLITE_DIR: dataDir,
        DATABASE_URL: '',
        GUILD_LOG_LEVEL: 'silent',
      };
      const cli = (args: string[], extra: Record<string, string> = {}) =>
        run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
          env: { ...env, ...extra },
        });
      await cli(['tenant', 'create', '--slug', 'northwind', '--name', 'Northwind']);
      await cli(
        [
          'user',
          'create',
          '--tenant',
          'northwind',
          '--email',
          'ops@example.com',
          '--username',
          'ops_lead',
        ],
        { GUILD_NEW_PASSWORD: PASSWORD },
      );

      const served = await startGuild(
        loadConfig({
          NODE_ENV: 'test',
          GUILD_HOST: '127.0.0.1',
          GUILD_PORT: '0',
          GUILD_PGLITE_DIR: dataDir,
          GUILD_DEFAULT_TENANT: 'northwind',
          GUILD_MAIL: 'off',
          GUILD_WEB_DIR: './web/dist',
        }),
        { logger: createLogger('silent') },
      );
      try {
        const client = new TestClient(served.url);
        await client.signIn({ email: 'ops@example.com', password: PASSWORD });
        expect((await me(client)).emailVerified).toBe(true);
      } finally {
        await served.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
