/**
 * SECURITY.md S20 — the idempotent award and redeem APIs: one Idempotency-Key sent five times
 * (the first time by a client that gave up before the answer came), the same key with another
 * body, and duplicates sent while the first is still being handled. Moved here from
 * test/api/points.test.ts, test/api/rewards.test.ts and test/api/rewards-concurrency.test.ts.
 */
import { request as httpRequest } from 'node:http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import type { TestClient } from '../support/harness.js';
import {
  describeInstances,
  HEADERS,
  INSTANCE_COUNTS,
  redeem,
  Rig,
  SERVER,
  type Answer,
} from '../support/redemption-rig.js';

interface Change {
  entry: { id: string; amount: number; kind: string };
  balances: { spendable: number; lifetime: number };
}
interface ErrorBody {
  error: { code: string };
}

const rig = new Rig();
let managerId: string;
beforeAll(async () => {
  await rig.start();
  const [row] = await rig.first.db.tenant(rig.tenantId, (tx) =>
    sqlRows<{ id: string }>(tx, sql`select id from users where role = 'manager'`),
  );
  managerId = row!.id;
});
afterAll(() => rig.stop());

function award(client: TestClient, body: Record<string, unknown>, key: string) {
  return client.post<Change & ErrorBody>('/api/v1/points/awards', body, { 'idempotency-key': key });
}

/**
 * Sends a request whose answer the client never reads, as a client whose timeout fires first:
 * `abandon` then destroys the connection. (The socket is kept open until the server has
 * handled the request, so the request itself is never lost on the way in.)
 */
function sendUnread(client: TestClient, path: string, body: unknown, key: string) {
  const text = JSON.stringify(body);
  const sent = httpRequest(new URL(path, client.baseUrl), {
    method: 'POST',
    headers: {
      ...HEADERS,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      cookie: client.cookieHeader(),
      'x-csrf-token': client.csrfToken ?? '',
      'idempotency-key': key,
    },
  });
  // No 'response' listener: whatever comes back is discarded unread.
  sent.on('error', () => undefined);
  sent.end(text);
  return {
    abandon: () => {
      sent.destroy();
    },
  };
}

/** Polls until the server has stored the answer to `key` (scoped to `actorId`). */
async function storedAnswer(actorId: string, key: string) {
  for (let tries = 0; tries < 300; tries += 1) {
    const [row] = await rig.first.db.tenant(rig.tenantId, (tx) =>
      sqlRows<{ response_status: number; response_body: unknown }>(
        tx,
        sql`select response_status, response_body from idempotent_requests
             where key = ${`${actorId}:${key}`}`,
      ),
    );
    if (row) {
      return row;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the request with key ${key} was never handled`);
}

describe('S20 — idempotent award and redeem API', () => {
  it('S20: an award sent 5× with one key, the first after a client timeout → one ledger entry, the stored answer replayed', async () => {
    const member = await rig.newMember(0);
    const body = { userId: member.id, points: 40, reason: 'Helped at the store event' };
    const unread = sendUnread(rig.manager, '/api/v1/points/awards', body, 's20-timeout');
    const stored = await storedAnswer(managerId, 's20-timeout');
    unread.abandon();
    expect(stored.response_status).toBe(201);

    const answers = [];
    for (let i = 0; i < 4; i += 1) {
      answers.push(await award(rig.manager, body, 's20-timeout'));
    }
    for (const answer of answers) {
      expect(answer.status).toBe(201);
      expect(answer.headers.get('idempotent-replayed')).toBe('true');
      expect(answer.body).toEqual(stored.response_body);
    }
    expect(
      await rig.scalar(sql`select count(*) as n from ledger_entries where user_id = ${member.id}`),
    ).toBe(1);
    expect(await rig.spendable(member.id)).toBe(40);
  });

  it('S20: an award sent 5× with one key pays once and replays the first answer identically', async () => {
    const member = await rig.newMember(0);
    const body = { userId: member.id, points: 40, reason: 'Helped at the store event' };
    const answers = [];
    for (let i = 0; i < 5; i += 1) {
      answers.push(await award(rig.manager, body, 'evt-1'));
    }
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(answers.map((answer) => answer.headers.get('idempotent-replayed'))).toEqual([
      'false',
      'true',
      'true',
      'true',
      'true',
    ]);
    for (const answer of answers.slice(1)) {
      expect(answer.body).toEqual(answers[0]!.body);
    }
    expect(
      await rig.scalar(sql`select count(*) as n from ledger_entries where user_id = ${member.id}`),
    ).toBe(1);
    expect(await rig.spendable(member.id)).toBe(40);
  });

  it('S20: a redemption sent 5× with one key (and once without a key) → one debit, identical replays', async () => {
    const rewardId = await rig.createReward({ name: 'Poster', kind: 'physical', cost: 20 });
    const member = await rig.newMember(100);
    const client = member.clients[0]!;
    const missing = await client.post<ErrorBody>(`/api/v1/rewards/${rewardId}/redemptions`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('idempotency_key_required');

    const answers: Answer[] = [];
    for (let i = 0; i < 5; i += 1) {
      answers.push(await redeem(client, rewardId, 'poster-key', { note: 'blue' }));
    }
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(answers.map((answer) => answer.headers.get('idempotent-replayed'))).toEqual([
      'false',
      'true',
      'true',
      'true',
      'true',
    ]);
    for (const answer of answers.slice(1)) {
      expect(answer.body).toEqual(answers[0]!.body);
    }
    expect(
      await rig.scalar(sql`select count(*) as n from ledger_entries
                            where user_id = ${member.id} and kind = 'redemption'`),
    ).toBe(1);
    expect(
      await rig.scalar(
        sql`select count(*) as n from reward_redemptions where user_id = ${member.id}`,
      ),
    ).toBe(1);
    expect(await rig.spendable(member.id)).toBe(80);
  });

  it('S20: the same key with a different body → 409 idempotency_key_reused, nothing written', async () => {
    const member = await rig.newMember(100);
    const body = { userId: member.id, points: 40, reason: 'Helped at the store event' };
    expect((await award(rig.manager, body, 'evt-2')).status).toBe(201);
    const other = await award(rig.manager, { ...body, points: 41 }, 'evt-2');
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect(await rig.spendable(member.id)).toBe(140);

    const rewardId = await rig.createReward({ name: 'Mug', kind: 'physical', cost: 20 });
    const client = member.clients[0]!;
    expect((await redeem(client, rewardId, 'mug-key', { note: 'blue' })).status).toBe(201);
    const red = await redeem(client, rewardId, 'mug-key', { note: 'red' });
    expect(red.status).toBe(409);
    expect(red.body.error?.code).toBe('idempotency_key_reused');
    expect(await rig.spendable(member.id)).toBe(120);
    expect(
      await rig.scalar(sql`select count(*) as n from ledger_entries where user_id = ${member.id}`),
    ).toBe(3);
  });

  it('S20: a missing or malformed key is refused with 400 idempotency_key_required', async () => {
    const member = await rig.newMember(0);
    const body = { userId: member.id, points: 5, reason: 'x' };
    const missing = await rig.manager.post<ErrorBody>('/api/v1/points/awards', body);
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('idempotency_key_required');
    const spaced = await award(rig.manager, body, 'has space');
    expect(spaced.status).toBe(400);
    expect(spaced.body.error.code).toBe('idempotency_key_required');
    expect(await rig.spendable(member.id)).toBe(0);
  });

  it.skipIf(SERVER === null)(
    'S20: a duplicate sent while the first is in flight → 409 request_in_progress (PostgreSQL only)',
    async () => {
      const rewardId = await rig.createReward({ name: 'Badge pin', kind: 'physical', cost: 5 });
      const member = await rig.newMember(100);
      let first: Promise<Answer> | undefined;
      let second: Answer | undefined;
      // Hold the member's balance row: the first request takes its key, then waits on the row.
      await rig.first.db.tenant(rig.tenantId, async (tx) => {
        await tx.execute(sql`select 1 from point_balances where user_id = ${member.id} for update`);
        first = redeem(member.clients[0]!, rewardId, 'in-flight');
        for (let tries = 0; ; tries += 1) {
          const waiting = await rig.scalar(sql`select count(*) as n from pg_locks
              where not granted and locktype in ('transactionid', 'tuple')`);
          if (waiting > 0) {
            break;
          }
          if (tries > 300) {
            throw new Error('the first request never reached the held row');
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        second = await redeem(member.clients[member.clients.length - 1]!, rewardId, 'in-flight');
      });
      expect(second!.status).toBe(409);
      expect(second!.body.error?.code).toBe('request_in_progress');
      const done = await first!;
      expect(done.status).toBe(201);
      const again = await redeem(member.clients[0]!, rewardId, 'in-flight');
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(done.body);
      expect(await rig.spendable(member.id)).toBe(95);
    },
  );

  for (const instances of INSTANCE_COUNTS) {
    it(`S20: one key sent 10× at once to redeem → one redemption; the rest 409 in progress or the replay, ${describeInstances(instances)}`, async () => {
      const rewardId = await rig.createReward({
        name: `Pin ${instances}`,
        kind: 'physical',
        cost: 5,
      });
      const member = await rig.newMember(100);
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          redeem(member.clients[i % instances]!, rewardId, `s20-${instances}`),
        ),
      );
      const fresh = answers.filter(
        (answer) => answer.headers.get('idempotent-replayed') === 'false',
      );
      expect(fresh).toHaveLength(1);
      for (const answer of answers) {
        if (answer.status === 409) {
          expect(answer.body.error?.code).toBe('request_in_progress');
        } else {
          expect(answer.status).toBe(201);
          expect(answer.body).toEqual(fresh[0]!.body);
        }
      }
      expect(await rig.spendable(member.id)).toBe(95);
      expect(
        await rig.scalar(
          sql`select count(*) as n from reward_redemptions where user_id = ${member.id}`,
        ),
      ).toBe(1);
    });
  }

  it('S20: one award key sent 50× at once → one ledger entry', async () => {
    const member = await rig.newMember(0);
    const body = { userId: member.id, points: 7, reason: 'Race' };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => award(rig.manager, body, 'race-1')),
    );
    for (const answer of answers) {
      expect([201, 409]).toContain(answer.status);
      if (answer.status === 409) {
        expect(answer.body.error.code).toBe('request_in_progress');
      }
    }
    const created = answers.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => answer.body.entry.id)).size).toBe(1);
    expect(
      await rig.scalar(sql`select count(*) as n from ledger_entries where user_id = ${member.id}`),
    ).toBe(1);
  });
});
