/**
 * S01 — credential stuffing (SECURITY.md B): per-account and per-address throttling of failed
 * sign-ins, one answer for an unknown account and a wrong password, and every failure in the
 * log with its request id. The server here is built with a logger that keeps its JSON lines.
 */
import type * as Argon2 from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  addMember,
  addTenant,
  TestClient,
  type TestGuild,
  capturingLogger,
  startTestGuild,
} from '../support/harness.js';

// Counts argon2 verifications (the real function still runs) so the test can show that an
// unknown account costs the same hashing work as a wrong password.
const argon = vi.hoisted(() => ({ verifies: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  return {
    ...real,
    verify: (...args: Parameters<typeof real.verify>) => {
      argon.verifies += 1;
      return real.verify(...args);
    },
  };
});

interface LogLine {
  reqId?: string;
  event?: string;
  account?: string;
  reason?: string;
  [key: string]: unknown;
}
interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}

const logLines: LogLine[] = [];
let guild: TestGuild;
let tenantId: string;

beforeAll(async () => {
  guild = await startTestGuild(
    { GUILD_TRUST_PROXY: 'true' },
    { logger: capturingLogger(logLines) },
  );
  tenantId = await addTenant(guild, 'alpha');
});
afterAll(() => guild.stop());

function from(ip: string): TestClient {
  return new TestClient(guild.url, { 'x-forwarded-for': ip });
}

function signIn(client: TestClient, email: string, password: string) {
  return client.post<ErrorBody>('/api/v1/auth/sign-in', { email, password });
}

function failuresLogged(requestId: string): LogLine[] {
  return logLines.filter((line) => line.reqId === requestId && line.event === 'sign_in_failed');
}

describe('S01 — Credential stuffing', () => {
  it('throttles 50 wrong passwords for one account from one address (429 after the 5th)', async () => {
    const member = await addMember(guild, tenantId);
    const attacker = from('203.0.113.1');
    const statuses: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      statuses.push((await signIn(attacker, member.email, `wrong-guess-${i}`)).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    // Even the right password is refused from that address while throttled…
    expect((await signIn(attacker, member.email, member.password)).status).toBe(429);
    // …but the owner elsewhere is not locked out.
    await from('192.0.2.10').signIn(member);
  });

  it('throttles one account guessed from many addresses (429 after 20 failures in all)', async () => {
    const member = await addMember(guild, tenantId);
    const statuses: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const client = from(`198.51.100.${i + 1}`);
      statuses.push((await signIn(client, member.email, `spray-${i}`)).status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
  });

  it('throttles 200 attempts across many accounts from one address (429 after 30)', async () => {
    const real = await Promise.all(Array.from({ length: 5 }, () => addMember(guild, tenantId)));
    const attacker = from('203.0.113.77');
    const statuses: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const email = i % 10 === 0 ? real[(i / 10) % real.length]!.email : `user${i}@example.com`;
      statuses.push((await signIn(attacker, email, `stuffed-${i}`)).status);
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(30).every((status) => status === 429)).toBe(true);
    const blocked = await signIn(attacker, real[0]!.email, real[0]!.password);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
  });

  it('answers an unknown account and a wrong password with the same body', async () => {
    const member = await addMember(guild, tenantId);
    const client = from('203.0.113.120');
    const unknown = await signIn(client, 'nobody-here@example.com', 'whatever-it-is');
    const wrong = await signIn(client, member.email, 'not-the-password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const strip = (body: ErrorBody) => ({ ...body.error, requestId: undefined });
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
    expect(unknown.body.error.code).toBe('invalid_credentials');
    const names = (headers: Headers) => [...headers.keys()].sort();
    expect(names(unknown.headers)).toEqual(names(wrong.headers));
    expect(unknown.headers.get('content-length')).toBe(wrong.headers.get('content-length'));
  });

  it('does the same password-hashing work for an unknown account as for a wrong password', async () => {
    const member = await addMember(guild, tenantId);
    const client = from('203.0.113.121');
    const before = argon.verifies;
    await signIn(client, 'ghost-account@example.com', 'some-password-1');
    const forUnknown = argon.verifies - before;
    await signIn(client, member.email, 'some-password-2');
    const forWrong = argon.verifies - before - forUnknown;
    expect(forUnknown).toBe(1);
    expect(forWrong).toBe(forUnknown);
  });

  it('logs every failure, throttled ones too, with the request id and never the password', async () => {
    const member = await addMember(guild, tenantId);
    const client = from('203.0.113.130');
    const replies = [];
    for (let i = 0; i < 7; i += 1) {
      const email = i === 0 ? 'unknown-one@example.com' : member.email;
      replies.push(await signIn(client, email, `logged-guess-${i}`));
    }
    expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 429]);
    for (const reply of replies) {
      const requestId = reply.headers.get('x-request-id')!;
      expect(requestId).toBeTruthy();
      expect(reply.body.error.requestId).toBe(requestId);
      const lines = failuresLogged(requestId);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ category: 'auth', level: 40 });
      expect(['invalid_credentials', 'rate_limited']).toContain(lines[0]!.reason);
    }
    expect(failuresLogged(replies[6]!.headers.get('x-request-id')!)[0]!.reason).toBe(
      'rate_limited',
    );
    const text = JSON.stringify(logLines);
    expect(text).not.toContain('logged-guess-');
  });
});
