/**
 * S28 (SECURITY.md) — privacy tooling abuse and correctness: a member's export is theirs
 * alone, behind sign-in, and its link stops working when it expires; after an erasure the
 * member's personal fields are gone or pseudonymised in posts, leaderboards, the outbox that
 * feeds the CRM and loyalty systems, and analytics, while the ledger's totals stand without
 * identity; errors carry no stack trace or internal id; log lines with newlines or ANSI escapes
 * in what a member typed stay one encoded line.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuild } from '../../src/app.js';
import { loadConfig } from '../../src/core/config/config.js';
import { sqlRows } from '../../src/core/db/database.js';
import { loggerOptions } from '../../src/core/logging/logger.js';
import { foldAll } from '../../src/gamification/leaderboards/fold.service.js';
import { credit } from '../../src/gamification/ledger.js';
import { eraseMember } from '../../src/privacy/erasure/erasure.service.js';
import {
  addMember,
  addTenant,
  TestClient,
  type HttpResult,
  type TestGuild,
} from '../support/harness.js';
import { freshDatabase } from '../support/test-database.js';

interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}
interface Member {
  client: TestClient;
  id: string;
  username: string;
  email: string;
}

const logLines: string[] = [];
let guild: TestGuild;
let tenantId: string;
let admin: Member;
let eve: Member;
let sam: Member;
let evePostId: string;
let eveExportId: string;

async function query<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

async function member(role: 'member' | 'admin', name: string): Promise<Member> {
  const account = await addMember(guild, tenantId, role, name);
  const client = new TestClient(guild.url);
  await client.signIn(account);
  const [row] = await query<{ id: string }>(sql`select id from users where username = ${name}`);
  return { client, id: row!.id, username: name, email: account.email };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** An error answer in the documented shape: no stack, no SQL, no id but the request's. */
function cleanError(result: HttpResult, sentIds: string[] = []): void {
  const body = result.body as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toMatch(/^[a-z_]+$/);
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stack|\bat \w+ \(|\.ts:\d+|node_modules|SQLSTATE|select |insert /i);
  const ids = (text.match(UUID) ?? []).filter(
    (id) => id !== body.error.requestId && !sentIds.includes(id),
  );
  expect(ids).toEqual([]);
}

beforeAll(async () => {
  // Guild as the harness starts it, but with its log lines kept for the last test.
  const config = loadConfig({
    NODE_ENV: 'test',
    GUILD_PORT: '0',
    GUILD_DEFAULT_TENANT: 'alpha',
    GUILD_WRITES_PER_MINUTE: '100000',
    GUILD_WEB_DIR: './web/dist',
    GUILD_BASE_HOST: 'guild.test',
    GUILD_MAIL: 'off',
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino(loggerOptions('info', false), sink);
  guild = await startGuild(config, { db: await freshDatabase(), logger });
  tenantId = await addTenant(guild, 'alpha');
  admin = await member('admin', 'privacy_admin');
  eve = await member('member', 'eve_erased');
  sam = await member('member', 'sam_stays');
  await admin.client.post('/api/v1/spaces', {
    slug: 'lobby',
    name: 'Lobby',
    visibility: 'public',
    kind: 'topic',
  });
  const made = await eve.client.post<{ id: string }>('/api/v1/spaces/lobby/posts', {
    title: 'Eve on linen',
    body: 'Eve Erased here, mail me at eve.private@example.com',
  });
  expect(made.status).toBe(201);
  evePostId = made.body.id;
  for (const [who, points] of [
    [eve, 70],
    [sam, 30],
  ] as const) {
    await guild.db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId: who.id,
        amount: points,
        reason: 'Test award',
        source: 'api',
        idempotencyKey: `s28-${who.username}`,
      }),
    );
  }
  const exported = await eve.client.post<{ export: { id: string } }>('/api/v1/privacy/me/export');
  expect(exported.status, JSON.stringify(exported.body)).toBe(201);
  eveExportId = exported.body.export.id;
});
afterAll(() => guild.stop());

describe('S28 — Privacy tooling abuse and correctness', () => {
  it("refuses another member's export by id, as if it did not exist, and needs sign-in", async () => {
    const path = (id: string) => `/api/v1/privacy/me/exports/${id}/download`;
    const theirs = await sam.client.get<ErrorBody>(path(eveExportId));
    const missing = await sam.client.get<ErrorBody>(path('00000000-0000-4000-8000-000000000000'));
    expect(theirs.status).toBe(404);
    expect({ ...theirs.body.error, requestId: '' }).toEqual({
      ...missing.body.error,
      requestId: '',
    });
    cleanError(theirs, [eveExportId]);
    const anonymous = await new TestClient(guild.url).get<ErrorBody>(path(eveExportId));
    expect(anonymous.status).toBe(401);
    cleanError(anonymous, [eveExportId]);
    const own = await fetch(`${guild.url}${path(eveExportId)}`, {
      headers: { cookie: eve.client.cookieHeader() },
    });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toMatch(/zip/);
  });

  it('refuses a replayed export link once it has expired', async () => {
    const path = `/api/v1/privacy/me/exports/${eveExportId}/download`;
    await guild.db.system.execute(
      sql`update privacy_exports set expires_at = now() - interval '1 second'
           where id = ${eveExportId}`,
    );
    const replay = await eve.client.get<ErrorBody>(path);
    expect([404, 410]).toContain(replay.status);
    cleanError(replay, [eveExportId]);
  });

  describe('after an erasure', () => {
    let totalBefore: string;
    let samBefore: string;

    beforeAll(async () => {
      const sum = async () =>
        (
          await query<{ total: string; sam: string }>(
            sql`select coalesce(sum(amount), 0)::text as total,
                       coalesce(sum(amount) filter (where user_id = ${sam.id}), 0)::text as sam
                  from ledger_entries`,
          )
        )[0]!;
      ({ total: totalBefore, sam: samBefore } = await sum());
      await foldAll(guild.db.system, { span: 1000 });
      const before = await sam.client.get('/api/v1/gamification/leaderboards?period=all');
      // Before: the traces are there, so the checks below can fail.
      expect(JSON.stringify(before.body)).toContain('eve_erased');
      await guild.db.tenant(tenantId, (tx) =>
        eraseMember(tx, eve.id, { tenantId, actorId: admin.id, ip: '127.0.0.1' }),
      );
    });

    const TRACES = ['eve_erased', 'Eve Erased', 'eve.private@example.com', 'Test eve_erased'];
    const none = (text: string) => {
      for (const trace of TRACES) {
        expect(text).not.toContain(trace);
      }
    };

    it('posts hold nothing of the member', async () => {
      const [row] = await query<{ text: string }>(
        sql`select p::text as text from posts p where id = ${evePostId}`,
      );
      none(row!.text);
      const search = await sam.client.get('/api/v1/search?q=linen');
      none(JSON.stringify(search.body));
      const feed = await sam.client.get('/api/v1/spaces/lobby/posts');
      none(JSON.stringify(feed.body));
    });

    it('leaderboards name no one, and the ledger totals stand without identity', async () => {
      await foldAll(guild.db.system, { span: 1000 });
      const board = await sam.client.get<{ items: { member: { username: string } }[] }>(
        '/api/v1/gamification/leaderboards?period=all',
      );
      expect(board.status).toBe(200);
      none(JSON.stringify(board.body));
      const [after] = await query<{ total: string; sam: string }>(
        sql`select coalesce(sum(amount), 0)::text as total,
                   coalesce(sum(amount) filter (where user_id = ${sam.id}), 0)::text as sam
              from ledger_entries`,
      );
      expect(after).toEqual({ total: totalBefore, sam: samBefore });
      const [user] = await query<{ text: string }>(
        sql`select u::text as text from users u where id = ${eve.id}`,
      );
      none(user!.text);
    });

    it('the outbox to the CRM and loyalty systems holds no personal field, only the erasure', async () => {
      const events = await query<{ topic: string; payload: unknown }>(
        sql`select topic, payload from outbox_events order by created_at`,
      );
      none(JSON.stringify(events));
      expect(events.map((e) => e.topic)).toContain('member.erased');
    });

    it('analytics and their export show nothing of the member', async () => {
      const month = new Date().toISOString().slice(0, 7);
      for (const path of [
        `/api/v1/analytics/metrics?from=${month}&to=${month}`,
        `/api/v1/analytics/engagement?from=${month}&to=${month}`,
        `/api/v1/analytics/export?from=${month}&to=${month}`,
      ]) {
        const result = await admin.client.get(path);
        expect(result.status, path).toBeLessThan(500);
        none(typeof result.body === 'string' ? result.body : JSON.stringify(result.body));
      }
    });

    it('the erased member cannot sign in, and errors say so without internals', async () => {
      const again = await new TestClient(guild.url).post<ErrorBody>('/api/v1/auth/sign-in', {
        email: eve.email,
        password: 'tidy-lantern-harbour',
      });
      expect(again.status).toBe(401);
      cleanError(again);
      const twice = await admin.client.post<ErrorBody>(
        `/api/v1/privacy/members/${eve.id}/requests`,
        { kind: 'erasure' },
      );
      expect(twice.status).toBeGreaterThanOrEqual(400);
      cleanError(twice, [eve.id]);
    });
  });

  it('errors carry no stack trace, SQL or internal id', async () => {
    const results = [
      await sam.client.get('/api/v1/privacy/requests/00000000-0000-4000-8000-000000000000'),
      await sam.client.get('/api/v1/privacy/me/exports/not-a-uuid/download'),
      await sam.client.post('/api/v1/privacy/requests', { kind: 'nonsense' }),
      await sam.client.request('POST', '/api/v1/privacy/requests', '{"kind":', {
        'content-type': 'application/json',
      }),
      await admin.client.get('/api/v1/privacy/exports/00000000-0000-4000-8000-000000000000'),
    ];
    for (const result of results) {
      expect(result.status).toBeGreaterThanOrEqual(400);
      expect(result.status).toBeLessThan(500);
      cleanError(result, ['00000000-0000-4000-8000-000000000000']);
    }
  });

  it('keeps a newline or ANSI escape a member typed inside one encoded log line', async () => {
    const hostile = 'mallory\n{"level":30,"msg":"admin signed in"}\u001b[2J\u001b[31m@example.com';
    const refused = await new TestClient(guild.url).post('/api/v1/auth/sign-in', {
      email: hostile,
      password: 'wrong-password-here',
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const mine = logLines.filter((line) => line.includes('mallory'));
    expect(mine.length).toBeGreaterThan(0);
    for (const line of mine) {
      expect(line).not.toContain('\u001b');
      expect(line).not.toContain('\n');
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
    expect(logLines.some((line) => line.includes('"msg":"admin signed in"'))).toBe(false);
  });
});
