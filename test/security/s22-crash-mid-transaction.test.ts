/**
 * SECURITY.md S22 — a crash in the middle of a transaction. A database error injected between
 * the debit and the balance update, and between a redemption and its fulfilment, rolls the
 * whole transaction back; a redemption left approved and unfulfilled by a crash is fulfilled
 * once by the sweeper; afterwards each redemption's postings net out, every balance equals the
 * sum of its entries, no fulfilment is orphaned and reconciliation reports no drift. On a
 * PostgreSQL server also a Guild process killed with SIGKILL in a stream of awards (moved here
 * from test/api/ledger-crash.test.ts, with the two crash tests of test/api/rewards.test.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/accounts/accounts.service.js';
import { createApiToken } from '../../src/accounts/api-tokens.js';
import { openDatabase, sqlRows, type Database } from '../../src/core/db/database.js';
import { credit } from '../../src/gamification/ledger.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import { sweepUnfulfilled } from '../../src/gamification/rewards/reward-fulfilment.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type HttpResult,
  type TestGuild,
} from '../support/harness.js';
import { freshServerDatabase, serverUrl } from '../support/test-database.js';

/** Members whose spendable balance is not the sum of their spendable entries. */
const BALANCE_MISMATCHES = sql`select b.user_id from point_balances b
    left join (select user_id, sum(amount) filter (where bucket = 'spendable') as total
                 from ledger_entries group by user_id) e on e.user_id = b.user_id
   where b.spendable <> coalesce(e.total, 0)`;

const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/rewards';

interface ErrorBody {
  error: { code: string };
}
interface Redemption {
  id: string;
  status: string;
}
interface Member {
  client: TestClient;
  id: string;
}

describe('S22 — crash mid-transaction', () => {
  let guild: TestGuild;
  let tenantId: string;
  let manager: TestClient;
  let keys = 0;

  async function scalar(query: ReturnType<typeof sql>): Promise<number> {
    const [row] = await guild.db.tenant(tenantId, (tx) => sqlRows<{ n: string }>(tx, query));
    return Number(row!.n);
  }

  async function newMember(points: number): Promise<Member> {
    const account = await addMember(guild, tenantId, 'member');
    const client = new TestClient(guild.url, headers);
    await client.signIn(account);
    const [row] = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ id: string }>(tx, sql`select id from users where username = ${account.username}`),
    );
    keys += 1;
    const key = `s22-award:${keys}`;
    await guild.db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId: row!.id,
        amount: points,
        reason: 'Test award',
        source: 'api',
        idempotencyKey: key,
      }),
    );
    return { client, id: row!.id };
  }

  async function createReward(body: Record<string, unknown>): Promise<string> {
    const created = await manager.post<{ id: string }>(BASE, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  function redeem(member: Member, rewardId: string): Promise<HttpResult<Redemption & ErrorBody>> {
    keys += 1;
    return member.client.post(
      `${BASE}/${rewardId}/redemptions`,
      {},
      {
        'idempotency-key': `s22-redeem-${keys}`,
      },
    );
  }

  const spendable = (userId: string) =>
    scalar(sql`select spendable as n from point_balances where user_id = ${userId}`);
  const stockOf = (rewardId: string) =>
    scalar(sql`select stock as n from rewards where id = ${rewardId}`);
  const redeemedEvents = (rewardId: string) =>
    scalar(sql`select count(*) as n from outbox_events
                where topic = 'reward.redeemed' and payload -> 'reward' ->> 'id' = ${rewardId}`);

  /** Makes every update that lowers (or raises) a spendable balance fail, until dropped. */
  async function failBalanceUpdates(direction: 'debit' | 'credit'): Promise<() => Promise<void>> {
    const test =
      direction === 'debit' ? 'NEW.spendable < OLD.spendable' : 'NEW.spendable > OLD.spendable';
    await guild.db.exec(`
      CREATE FUNCTION test_s22_fail_balance() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF ${test} THEN RAISE EXCEPTION 'injected failure before the balance update'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_s22_fail_balance BEFORE UPDATE ON point_balances
        FOR EACH ROW EXECUTE FUNCTION test_s22_fail_balance();`);
    return () =>
      guild.db.exec(`DROP TRIGGER test_s22_fail_balance ON point_balances;
        DROP FUNCTION test_s22_fail_balance();`);
  }

  beforeAll(async () => {
    guild = await startTestGuild();
    tenantId = await addTenant(guild, 'alpha');
    manager = new TestClient(guild.url, headers);
    await manager.signIn(await addMember(guild, tenantId, 'manager'));
  });
  afterAll(() => guild.stop());

  it('S22: a DB error between the debit and the balance update rolls the redemption back whole', async () => {
    const rewardId = await createReward({
      name: 'Scarf',
      kind: 'physical',
      cost: 30,
      stock: 3,
      fulfilment: 'webhook',
    });
    const member = await newMember(50);
    const drop = await failBalanceUpdates('debit');
    try {
      const failed = await redeem(member, rewardId);
      expect(failed.status).toBe(500);
      expect(failed.body.error.code).toBe('internal_error');
      expect(JSON.stringify(failed.body)).not.toContain('injected');
    } finally {
      await drop();
    }
    expect(await spendable(member.id)).toBe(50);
    expect(await stockOf(rewardId)).toBe(3);
    expect(
      await scalar(sql`select count(*) as n from ledger_entries
                        where user_id = ${member.id} and kind = 'redemption'`),
    ).toBe(0);
    expect(
      await scalar(sql`select count(*) as n from reward_redemptions where user_id = ${member.id}`),
    ).toBe(0);
    expect(await redeemedEvents(rewardId)).toBe(0);
    // Once the fault is gone the same redemption goes through once.
    expect((await redeem(member, rewardId)).status).toBe(201);
    expect(await spendable(member.id)).toBe(20);
    expect(await redeemedEvents(rewardId)).toBe(1);
  });

  it("S22: a DB error between an award's entry and the balance update writes nothing; the retry with its key pays once", async () => {
    const member = await newMember(10);
    const award = () =>
      manager.post<ErrorBody>(
        '/api/v1/points/awards',
        { userId: member.id, points: 25, reason: 'Store event' },
        { 'idempotency-key': 's22-award-retry' },
      );
    const drop = await failBalanceUpdates('credit');
    try {
      expect((await award()).status).toBe(500);
    } finally {
      await drop();
    }
    expect(await spendable(member.id)).toBe(10);
    expect(
      await scalar(sql`select count(*) as n from ledger_entries where user_id = ${member.id}`),
    ).toBe(1);
    expect((await award()).status).toBe(201);
    expect((await award()).headers.get('idempotent-replayed')).toBe('true');
    expect(await spendable(member.id)).toBe(35);
    expect(
      await scalar(sql`select count(*) as n from ledger_entries where user_id = ${member.id}`),
    ).toBe(2);
  });

  it('S22: a DB error between the redemption and its fulfilment leaves nothing behind', async () => {
    const rewardId = await createReward({
      name: 'Broken partner',
      kind: 'experience',
      cost: 25,
      stock: 4,
      fulfilment: 'webhook',
    });
    const member = await newMember(50);
    await guild.db.exec(`
      CREATE FUNCTION test_refuse_reward_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.topic = 'reward.redeemed' THEN RAISE EXCEPTION 'injected failure'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse_reward_event BEFORE INSERT ON outbox_events
        FOR EACH ROW EXECUTE FUNCTION test_refuse_reward_event();`);
    try {
      const failed = await redeem(member, rewardId);
      expect(failed.status).toBe(500);
    } finally {
      await guild.db.exec(`DROP TRIGGER test_refuse_reward_event ON outbox_events;
        DROP FUNCTION test_refuse_reward_event();`);
    }
    expect(await spendable(member.id)).toBe(50);
    expect(await stockOf(rewardId)).toBe(4);
    expect(
      await scalar(sql`select count(*) as n from ledger_entries where user_id = ${member.id}
                       and kind = 'redemption'`),
    ).toBe(0);
    expect(
      await scalar(sql`select count(*) as n from reward_redemptions where user_id = ${member.id}`),
    ).toBe(0);
    expect((await redeem(member, rewardId)).status).toBe(201);
    expect(await redeemedEvents(rewardId)).toBe(1);
  });

  it('S22: a redemption left approved by a crash before fulfilment is fulfilled once, however many sweepers run', async () => {
    const rewardId = await createReward({
      name: 'Charity gift',
      kind: 'donation',
      cost: 25,
      fulfilment: 'webhook',
      approvalRequired: true,
    });
    const member = await newMember(50);
    const made = await redeem(member, rewardId);
    expect(made.status).toBe(201);
    // The approval committed, and the process died before fulfilling.
    await guild.db.tenant(tenantId, (tx) =>
      tx.execute(sql`update reward_redemptions set status = 'approved',
                       updated_at = now() - interval '1 minute' where id = ${made.body.id}`),
    );
    const swept = await Promise.all([
      sweepUnfulfilled(guild.db, 30),
      sweepUnfulfilled(guild.db, 30),
    ]);
    expect(swept.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await sweepUnfulfilled(guild.db, 30)).toBe(0);
    expect(await redeemedEvents(rewardId)).toBe(1);
    const after = await member.client.get<Redemption>(`${BASE}/redemptions/${made.body.id}`);
    expect(after.body.status).toBe('fulfilled');
  });

  it("S22: afterwards each redemption's postings net out, balance = SUM(entries) for every member, no orphan fulfilment, 0 drift", async () => {
    // A cancelled redemption too: its debit and refund net to zero.
    const rewardId = await createReward({ name: 'Mug', kind: 'physical', cost: 10 });
    const member = await newMember(40);
    const made = await redeem(member, rewardId);
    expect(made.status).toBe(201);
    expect((await member.client.post(`${BASE}/redemptions/${made.body.id}/cancel`)).status).toBe(
      200,
    );

    // Every redemption's entries add up to minus its cost while it stands, to zero once undone.
    const unbalanced = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ id: string }>(
        tx,
        sql`select r.id from reward_redemptions r
              left join ledger_entries e on e.source_ref = 'redemption:' || r.id
             group by r.id, r.cost, r.status
            having coalesce(sum(e.amount), 0) <>
                   case when r.status in ('cancelled', 'rejected') then 0 else -r.cost end`,
      ),
    );
    expect(unbalanced).toEqual([]);
    expect(await scalar(sql`select count(*) as n from reward_redemptions`)).toBeGreaterThan(3);
    // No posting for a redemption that does not exist.
    expect(
      await scalar(sql`select count(*) as n from ledger_entries e
                        where e.source_ref like 'redemption:%' and not exists (
                          select 1 from reward_redemptions r
                           where e.source_ref = 'redemption:' || r.id)`),
    ).toBe(0);
    // No fulfilment event without its redemption, and no webhook redemption fulfilled without one.
    expect(
      await scalar(sql`select count(*) as n from outbox_events o
                        where o.topic = 'reward.redeemed' and not exists (
                          select 1 from reward_redemptions r
                           where r.id::text = o.payload ->> 'redemptionId')`),
    ).toBe(0);
    expect(
      await scalar(sql`select count(*) as n from reward_redemptions r
                        where r.fulfilment = 'webhook' and r.status = 'fulfilled'
                          and not exists (select 1 from outbox_events o
                            where o.topic = 'reward.redeemed'
                              and o.payload ->> 'redemptionId' = r.id::text)`),
    ).toBe(0);
    const mismatched = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ user_id: string }>(tx, BALANCE_MISMATCHES),
    );
    expect(mismatched).toEqual([]);
    const report = await manager.get<{ drift: unknown[]; membersChecked: number }>(
      '/api/v1/points/reconciliation',
    );
    expect(report.status).toBe(200);
    expect(report.body.membersChecked).toBeGreaterThanOrEqual(5);
    expect(report.body.drift).toEqual([]);
  });
});

const server = serverUrl();
const AWARDS = 400;
const SENDERS = 8;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts `guild start` in its own process and waits until it answers. */
async function startGuildProcess(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'start', '--no-demo'],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl,
        GUILD_PORT: String(port),
        GUILD_HOST: '127.0.0.1',
        GUILD_DEFAULT_TENANT: 'crash',
        GUILD_WRITES_PER_MINUTE: '100000',
        GUILD_MAIL: 'off',
        GUILD_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Guild exited with ${child.exitCode} before answering`);
    }
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (answer.ok) {
        return child;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('Guild did not answer within 60 s');
}

describe.skipIf(server === null)(
  'S22: a process killed in the middle of awards (PostgreSQL only)',
  () => {
    let db: Database;
    let url: string;
    let tenantId: string;
    let token: string;
    const members: string[] = [];
    let child: ChildProcess | null = null;

    beforeAll(async () => {
      url = await freshServerDatabase(server!);
      db = openDatabase({ url, pgliteDir: '', poolSize: 2 });
      tenantId = await createTenant(db, {
        slug: 'crash',
        name: 'Crash',
        defaultLocale: 'en-GB',
        regions: [],
        segments: [],
      });
      const managerId = await db.tenant(tenantId, (tx) =>
        createAccount(tx, tenantId, {
          email: 'manager@example.com',
          username: 'crash_manager',
          displayName: 'Manager',
          password: 'tidy-lantern-harbour',
          role: 'manager',
        }),
      );
      for (let i = 0; i < 5; i += 1) {
        members.push(
          await db.tenant(tenantId, (tx) =>
            createAccount(tx, tenantId, {
              email: `member${i}@example.com`,
              username: `crash_member_${i}`,
              displayName: `Member ${i}`,
              password: 'tidy-lantern-harbour',
              role: 'member',
            }),
          ),
        );
      }
      const created = await db.tenant(tenantId, (tx) =>
        createApiToken(tx, {
          tenantId,
          createdBy: managerId,
          name: 'awards',
          scopes: ['read', 'write', 'admin'],
        }),
      );
      token = created.token;
    }, 60_000);

    afterAll(async () => {
      child?.kill('SIGKILL');
      await db?.close();
    });

    it('S22: after SIGKILL and a restart, a full resend leaves one entry per key, balance = SUM(entries) for every member and 0 drift', async () => {
      const award = (port: number, n: number) =>
        fetch(`http://127.0.0.1:${port}/api/v1/points/awards`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': `stream-${n}`,
          },
          body: JSON.stringify({
            userId: members[n % members.length],
            points: 1 + (n % 7),
            reason: `Award ${n}`,
            expiresInDays: n % 2 === 0 ? 30 : null,
          }),
        }).then(
          async (response) => {
            if (response.status !== 201 && process.env.DEBUG_CRASH) {
              console.error(response.status, await response.text());
            }
            return response.status;
          },
          (error: unknown) => {
            if (process.env.DEBUG_CRASH) {
              console.error('fetch failed', error);
            }
            return 0;
          },
        );

      // First process: awards stream from 8 senders; it is killed once some have landed.
      const firstPort = await freePort();
      child = await startGuildProcess(url, firstPort);
      let next = 0;
      let landed = 0;
      const senders = Array.from({ length: SENDERS }, async () => {
        while (next < AWARDS) {
          const n = next;
          next += 1;
          if ((await award(firstPort, n)) === 201) {
            landed += 1;
          }
        }
      });
      while (landed < 40 && next < AWARDS) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      child.kill('SIGKILL');
      await Promise.all(senders);
      expect(landed).toBeGreaterThan(0);
      expect(landed).toBeLessThan(AWARDS);

      // Second process on the same database: the client resends everything with its keys.
      const secondPort = await freePort();
      child = await startGuildProcess(url, secondPort);
      const statuses: number[] = [];
      for (let n = 0; n < AWARDS; n += SENDERS) {
        statuses.push(
          ...(await Promise.all(
            Array.from({ length: Math.min(SENDERS, AWARDS - n) }, (_, i) =>
              award(secondPort, n + i),
            ),
          )),
        );
      }
      expect(statuses.every((status) => status === 201)).toBe(true);

      const [counts] = await db.tenant(tenantId, (tx) =>
        sqlRows<{ entries: number; keys: number; total: string }>(
          tx,
          sql`select count(*)::int as entries, count(distinct idempotency_key)::int as keys,
                   sum(amount)::text as total
              from ledger_entries where kind = 'award'`,
        ),
      );
      const expectedTotal = Array.from({ length: AWARDS }, (_, n) => 1 + (n % 7)).reduce(
        (sum, value) => sum + value,
        0,
      );
      expect(counts).toEqual({ entries: AWARDS, keys: AWARDS, total: String(expectedTotal) });
      const report = await db.tenant(tenantId, (tx) => reconcile(tx));
      expect(report.drift).toEqual([]);
      expect(report.entriesChecked).toBe(AWARDS);
      const mismatched = await db.tenant(tenantId, (tx) =>
        sqlRows<{ user_id: string }>(tx, BALANCE_MISMATCHES),
      );
      expect(mismatched).toEqual([]);
    }, 180_000);
  },
);
