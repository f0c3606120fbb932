/**
 * The points API over real HTTP: balances and history, managers' awards and adjustments with
 * Idempotency-Key (its security cases: test/security/s20-idempotency), permissions, and the reconciliation report.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let member: TestClient;
let memberId: string;

interface Change {
  entry: { id: string; amount: number; kind: string };
  balances: { spendable: number; lifetime: number };
}

async function userIdOf(username: string): Promise<string> {
  const [row] = await guild.db.tenant(tenantId, (tx) =>
    sqlRows<{ id: string }>(tx, sql`select id from users where username = ${username}`),
  );
  return row!.id;
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  const headers = { host: 'alpha.guild.test' };
  manager = new TestClient(guild.url, headers);
  member = new TestClient(guild.url, headers);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
  const someone = await addMember(guild, tenantId, 'member');
  await member.signIn(someone);
  memberId = await userIdOf(someone.username);
});
afterAll(() => guild.stop());

describe('awards', () => {
  it('credits an award to the member and shows it in their balance', async () => {
    for (const [points, key] of [
      [40, 'evt-1'],
      [7, 'evt-2'],
    ] as const) {
      const answer = await manager.post<Change>(
        '/api/v1/points/awards',
        { userId: memberId, points, reason: 'Helped at the store event' },
        { 'idempotency-key': key },
      );
      expect(answer.status).toBe(201);
      expect(answer.body.entry).toMatchObject({ amount: points, kind: 'award' });
    }
    const me = await member.get<{ balances: { spendable: number } }>('/api/v1/points/me');
    expect(me.body.balances.spendable).toBe(47);
  });

  it('refuses a manager awarding themselves, and a blank reason', async () => {
    const [row] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ id: string }>(tx, sql`select id from users where role = 'manager' limit 1`),
    );
    const self = await manager.post<{ error: { code: string } }>(
      '/api/v1/points/awards',
      { userId: row!.id, points: 500, reason: 'For me' },
      { 'idempotency-key': 'self-award' },
    );
    expect(self.status).toBe(403);
    const blank = await manager.post<{ error: { details: { field: string } } }>(
      '/api/v1/points/awards',
      { userId: memberId, points: 5, reason: '   ' },
      { 'idempotency-key': 'blank-reason' },
    );
    expect(blank.status).toBe(400);
    expect(blank.body.error.details.field).toBe('reason');
  });

  it('lets only managers award', async () => {
    const refused = await member.post(
      '/api/v1/points/awards',
      { userId: memberId, points: 1000, reason: 'myself' },
      { 'idempotency-key': 'self-1' },
    );
    expect(refused.status).toBe(403);
  });
});

describe('adjustments', () => {
  it('refuses to take a balance below zero unless asked, and records the audit', async () => {
    const me = await member.get<{ balances: { spendable: number } }>('/api/v1/points/me');
    const spendable = me.body.balances.spendable;
    const tooMuch = await manager.post<{ error: { code: string } }>(
      '/api/v1/points/adjustments',
      { userId: memberId, points: -(spendable + 1), reason: 'Correction' },
      { 'idempotency-key': 'adj-1' },
    );
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.code).toBe('insufficient_points');
    const allowed = await manager.post<Change>(
      '/api/v1/points/adjustments',
      { userId: memberId, points: -(spendable + 1), reason: 'Correction', allowNegative: true },
      { 'idempotency-key': 'adj-2' },
    );
    expect(allowed.status).toBe(201);
    expect(allowed.body.balances.spendable).toBe(-1);
    expect(allowed.body.entry.kind).toBe('adjustment');
    const [audit] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from audit_log where action = 'points.adjust'`,
      ),
    );
    expect(audit!.n).toBe(1);
    const zero = await manager.post<{ error: { code: string } }>(
      '/api/v1/points/adjustments',
      { userId: memberId, points: 0, reason: 'Nothing' },
      { 'idempotency-key': 'adj-3' },
    );
    expect(zero.status).toBe(400);
  });

  it('answers 404 for a member of another community', async () => {
    const betaId = await addTenant(guild, 'beta');
    const outsider = await addMember(guild, betaId, 'member');
    const [row] = await guild.db.tenant(betaId, (tx) =>
      sqlRows<{ id: string }>(tx, sql`select id from users where username = ${outsider.username}`),
    );
    const answer = await manager.post(
      '/api/v1/points/awards',
      { userId: row!.id, points: 5, reason: 'x' },
      { 'idempotency-key': 'cross-1' },
    );
    expect(answer.status).toBe(404);
  });
});

describe('history and reconciliation', () => {
  it('pages through my entries newest first', async () => {
    const first = await member.get<{ items: { id: string }[]; nextCursor: string | null }>(
      '/api/v1/points/me/entries?limit=2',
    );
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await member.get<{ items: { id: string }[]; nextCursor: string | null }>(
      `/api/v1/points/me/entries?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.length).toBeGreaterThanOrEqual(1);
    expect(Number(second.body.items[0]!.id)).toBeLessThan(Number(first.body.items[1]!.id));
    const bad = await member.get('/api/v1/points/me/entries?cursor=bm9wZQ');
    expect(bad.status).toBe(400);
  });

  it('reports zero drift', async () => {
    const report = await manager.get<{ drift: unknown[]; membersChecked: number }>(
      '/api/v1/points/reconciliation',
    );
    expect(report.status).toBe(200);
    expect(report.body.membersChecked).toBeGreaterThanOrEqual(1);
    expect(report.body.drift).toEqual([]);
    expect((await member.get('/api/v1/points/reconciliation')).status).toBe(403);
  });
});

describe("the member's time zone", () => {
  it('is theirs to choose, is checked, and is the zone their points use', async () => {
    const bad = await member.patch<{ error: { details: { field: string } } }>('/api/v1/users/me', {
      timezone: 'Mars/Olympus',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('timezone');
    const set = await member.patch<{ timezone: string | null }>('/api/v1/users/me', {
      timezone: 'Asia/Kolkata',
    });
    expect(set.body.timezone).toBe('Asia/Kolkata');
    const me = await member.get<{ timezone: string }>('/api/v1/points/me');
    expect(me.body.timezone).toBe('Asia/Kolkata');
    const cleared = await member.patch<{ timezone: string | null }>('/api/v1/users/me', {
      timezone: null,
    });
    expect(cleared.body.timezone).toBeNull();
    // No zone of their own and no region: the community's.
    expect((await member.get<{ timezone: string }>('/api/v1/points/me')).body.timezone).toBe('UTC');
  });
});
