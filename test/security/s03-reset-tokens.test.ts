/**
 * S03 — reset token abuse (SECURITY.md B): a reset link works once, not after its 10 minutes,
 * one of 20 parallel uses wins, guessing links is rate-limited, and after a reset the member
 * is offered to sign out their other sessions, which works. Guild e-mails 256-bit links, not
 * 6-digit codes; the brute-force clause is tested against the link's token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

const CONFIRM = '/api/v1/auth/password-reset/confirm';

interface ErrorBody {
  error: { code: string; message: string };
}
interface Confirmed {
  otherSessions: number;
  csrfToken: string;
}

let guild: TestGuild;
let tenantId: string;
let address = 0;

beforeAll(async () => {
  guild = await startTestGuild({ GUILD_MAIL: 'log', GUILD_TRUST_PROXY: 'true' });
  tenantId = await addTenant(guild, 'alpha');
});
afterAll(() => guild.stop());

/** A client from an address of its own (the confirm route is limited per address). */
function fresh(): TestClient {
  address += 1;
  return new TestClient(guild.url, {
    'x-forwarded-for': `10.3.${Math.floor(address / 250)}.${(address % 250) + 1}`,
  });
}

async function resetLink(email: string): Promise<string> {
  const asked = await fresh().post('/api/v1/auth/password-reset', { email });
  expect(asked.status).toBe(202);
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

describe('S03 — Reset/OTP token abuse', () => {
  it('refuses a link used once already', async () => {
    const member = await addMember(guild, tenantId);
    const token = await resetLink(member.email);
    const first = await fresh().post(CONFIRM, { token, password: 'first-new-password-ok' });
    expect(first.status).toBe(200);
    const again = await fresh().post<ErrorBody>(CONFIRM, {
      token,
      password: 'second-new-password-no',
    });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toBe('This reset link is invalid, used or expired.');
    await fresh().signIn({ email: member.email, password: 'first-new-password-ok' });
  });

  it('lets exactly one of 20 parallel uses of a link succeed, then refuses it', async () => {
    const member = await addMember(guild, tenantId);
    const token = await resetLink(member.email);

    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fresh().post<Confirmed>(CONFIRM, { token, password: `fresh-linen-sheets-${i}` }),
      ),
    );
    const successes = attempts.filter((a) => a.status === 200);
    expect(successes).toHaveLength(1);
    expect(attempts.filter((a) => a.status === 400)).toHaveLength(19);
    const [used] = await guild.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM password_resets r JOIN users u ON u.id = r.user_id
        WHERE u.email = $1 AND r.used_at IS NOT NULL`,
      [member.email],
    );
    expect(used?.n).toBe(1);
    expect((await fresh().post(CONFIRM, { token, password: 'another-fresh-one' })).status).toBe(
      400,
    );
  });

  it('refuses a link after ten minutes and keeps the old password', async () => {
    const member = await addMember(guild, tenantId);
    const token = await resetLink(member.email);
    const [ttl] = await guild.db.query<{ minutes: number }>(
      `SELECT extract(epoch FROM r.expires_at - r.created_at) / 60 AS minutes
         FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.email = $1`,
      [member.email],
    );
    expect(Number(ttl?.minutes)).toBeCloseTo(10, 1);
    await guild.db.query(
      `UPDATE password_resets SET created_at = now() - interval '10 minutes 1 second',
              expires_at = now() - interval '1 second'
        WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
      [member.email],
    );
    const late = await fresh().post<ErrorBody>(CONFIRM, { token, password: 'too-late-for-this' });
    expect(late.status).toBe(400);
    await fresh().signIn(member);
  });

  it('rate-limits guessing reset tokens from one address', async () => {
    const member = await addMember(guild, tenantId);
    const token = await resetLink(member.email);
    const guesser = fresh();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const guess = `gr_${String(100000 + i).padStart(43, '0')}`;
      statuses.push(
        (await guesser.post(CONFIRM, { token: guess, password: 'guessed-it-now' })).status,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
    expect(statuses.slice(10).every((status) => status === 429)).toBe(true);
    // The right link from the same address is refused too while the limit lasts.
    const real = await guesser.post<ErrorBody>(CONFIRM, { token, password: 'guessed-it-now' });
    expect(real.status).toBe(429);
    expect(real.body.error.code).toBe('rate_limited');
    expect(real.headers.get('retry-after')).toBeTruthy();
    // The link itself still works for its owner elsewhere.
    expect((await fresh().post(CONFIRM, { token, password: 'owner-sets-this-one' })).status).toBe(
      200,
    );
  });

  it('offers to sign out the other sessions after a reset, and signing them out works', async () => {
    const member = await addMember(guild, tenantId);
    const laptop = fresh();
    const phone = fresh();
    await laptop.signIn(member);
    await phone.signIn(member);

    // Kept: the answer counts the other sessions, which still work.
    const kept = await fresh().post<Confirmed>(CONFIRM, {
      token: await resetLink(member.email),
      password: 'kept-sessions-password',
      signOutOtherSessions: false,
    });
    expect(kept.status).toBe(200);
    expect(kept.body.otherSessions).toBe(2);
    expect((await laptop.get('/api/v1/auth/sessions')).status).toBe(200);

    // Then taken up from the new session: the others end, this one stays.
    const resetter = fresh();
    const signedOut = await resetter.post<Confirmed>(CONFIRM, {
      token: await resetLink(member.email),
      password: 'sign-them-all-out-now',
      signOutOtherSessions: true,
    });
    expect(signedOut.status).toBe(200);
    expect(signedOut.body.otherSessions).toBe(0);
    resetter.csrfToken = signedOut.body.csrfToken;
    expect((await laptop.get('/api/v1/auth/sessions')).status).toBe(401);
    expect((await phone.get('/api/v1/auth/sessions')).status).toBe(401);
    const mine = await resetter.get<{ items: { current: boolean }[] }>('/api/v1/auth/sessions');
    expect(mine.body.items).toEqual([expect.objectContaining({ current: true })]);
  });

  it('signs out the other sessions later from the sessions list (DELETE /auth/sessions)', async () => {
    const member = await addMember(guild, tenantId);
    const other = fresh();
    await other.signIn(member);
    const resetter = fresh();
    const kept = await resetter.post<Confirmed>(CONFIRM, {
      token: await resetLink(member.email),
      password: 'later-sign-out-password',
      signOutOtherSessions: false,
    });
    expect(kept.body.otherSessions).toBe(1);
    resetter.csrfToken = kept.body.csrfToken;
    expect((await resetter.delete('/api/v1/auth/sessions')).status).toBe(204);
    expect((await other.get('/api/v1/auth/sessions')).status).toBe(401);
    expect((await resetter.get('/api/v1/auth/sessions')).status).toBe(200);
  });
});
