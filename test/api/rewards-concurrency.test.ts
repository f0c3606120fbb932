/**
 * Redemption under concurrency, on a PostgreSQL server only (PGlite runs one transaction at a
 * time, so nothing there could race): case loy-03 from the shared cases and a lifetime limit
 * against many requests at once — each with every request on one Guild, and split between two
 * Guild processes started on the same database. SECURITY.md S18, S19 and S20 live in
 * test/security/s18-double-redemption, s19-last-unit and s20-idempotency.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuild, type Guild } from '../../src/app.js';
import { loadConfig } from '../../src/core/config/config.js';
import { openDatabase, sqlRows } from '../../src/core/db/database.js';
import { createLogger } from '../../src/core/logging/logger.js';
import { credit } from '../../src/gamification/ledger.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import { addMember, addTenant, TestClient, type HttpResult } from '../support/harness.js';
import { serverUrl, templateName } from '../support/test-database.js';

const SERVER = serverUrl();
const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/rewards';
const POOL_SIZE = 20;

/** Case loy-03 as /work/shared/cases/cases.jsonl states it (checked against the file there). */
const LOY_03 = {
  reward: { id: 'tote-bag', cost: 500, stock: 1 },
  requests: [
    { customer: 'C-1', balance: 600, idempotency_key: 'k1' },
    { customer: 'C-2', balance: 700, idempotency_key: 'k2' },
    { customer: 'C-1', balance: 600, idempotency_key: 'k1', note: 'client retry' },
  ],
};
const CASES_FILE = '/work/shared/cases/cases.jsonl';

type Guilds = (Guild & { url: string })[];
let guilds: Guilds = [];
let tenantId: string;
let manager: TestClient;
let counter = 0;

interface Redemption {
  id: string;
  status: string;
  code: string | null;
}
type Answer = HttpResult<Redemption & { error?: { code: string } }>;

/** A new database cloned from the run's migrated template; dropped by the global teardown. */
async function cloneDatabase(url: string): Promise<string> {
  const template = templateName(url);
  const name = `${template.replace(/_template$/, '')}_f${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  return withDatabase(url, name);
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function startInstance(url: string) {
  const config = loadConfig({
    NODE_ENV: 'test',
    GUILD_PORT: '0',
    GUILD_DEFAULT_TENANT: 'alpha',
    GUILD_WRITES_PER_MINUTE: '100000',
    GUILD_WEB_DIR: './web/dist',
    GUILD_BASE_HOST: 'guild.test',
    GUILD_MAIL: 'off',
    GUILD_DB_POOL_SIZE: String(POOL_SIZE),
  });
  const db = openDatabase({ url, pgliteDir: '', poolSize: POOL_SIZE });
  return startGuild(config, { db, logger: createLogger('silent') });
}

const first = () => guilds[0]!;

/** A member signed in on every instance, with `points` spendable points. */
async function newMember(points: number): Promise<{ id: string; clients: TestClient[] }> {
  counter += 1;
  const awardKey = `concurrency-award:${counter}`;
  const account = await addMember(first(), tenantId, 'member');
  const clients = guilds.map((guild) => new TestClient(guild.url, headers));
  for (const client of clients) {
    await client.signIn(account);
  }
  const [row] = await first().db.tenant(tenantId, (tx) =>
    sqlRows<{ id: string }>(tx, sql`select id from users where username = ${account.username}`),
  );
  await first().db.tenant(tenantId, (tx) =>
    credit(tx, tenantId, {
      userId: row!.id,
      amount: points,
      reason: 'Test award',
      source: 'api',
      idempotencyKey: awardKey,
    }),
  );
  return { id: row!.id, clients };
}

async function createReward(body: Record<string, unknown>): Promise<string> {
  const created = await manager.post<{ id: string }>(BASE, body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

function redeem(client: TestClient, rewardId: string, key: string): Promise<Answer> {
  return client.post(`${BASE}/${rewardId}/redemptions`, {}, { 'idempotency-key': key });
}

async function scalar(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await first().db.tenant(tenantId, (tx) => sqlRows<{ n: string }>(tx, query));
  return Number(row!.n);
}

const spendable = (userId: string) =>
  scalar(sql`select spendable as n from point_balances where user_id = ${userId}`);

const stockOf = (rewardId: string) =>
  scalar(sql`select stock as n from rewards where id = ${rewardId}`);

async function noDrift(): Promise<void> {
  const report = await first().db.tenant(tenantId, (tx) => reconcile(tx));
  expect(report.drift).toEqual([]);
  expect(await scalar(sql`select count(*) as n from point_balances where spendable < 0`)).toBe(0);
}

function codes(answers: Answer[]): string[] {
  return answers.map((answer) =>
    answer.status === 201 ? 'ok' : (answer.body.error?.code ?? String(answer.status)),
  );
}

/** loy-03: two customers and a client retry race for a reward with one unit left. */
async function loy03(instances: number) {
  const rewardId = await createReward({
    name: `Tote bag (${LOY_03.reward.id}) ${instances}`,
    kind: 'physical',
    cost: LOY_03.reward.cost,
    stock: LOY_03.reward.stock,
  });
  const customers = new Map<string, Awaited<ReturnType<typeof newMember>>>();
  for (const request of LOY_03.requests) {
    if (!customers.has(request.customer)) {
      customers.set(request.customer, await newMember(request.balance));
    }
  }
  const keyOf = (key: string) => `loy03-${instances}-${key}`;
  const answers = await Promise.all(
    LOY_03.requests.map((request, i) =>
      redeem(
        customers.get(request.customer)!.clients[i % instances]!,
        rewardId,
        keyOf(request.idempotency_key),
      ),
    ),
  );

  // Exactly one redemption; the stock is gone.
  expect(
    await scalar(sql`select count(*) as n from reward_redemptions where reward_id = ${rewardId}`),
  ).toBe(1);
  expect(await stockOf(rewardId)).toBe(0);

  // The retry of k1 was either told the first was still in flight, or got its answer; once
  // everything settled, k1 again answers as the original did.
  const k1 = answers.filter((_, i) => LOY_03.requests[i]!.idempotency_key === 'k1');
  const settled = k1.filter((answer) => answer.body.error?.code !== 'request_in_progress');
  expect(settled.length).toBeGreaterThanOrEqual(1);
  const again = await redeem(customers.get('C-1')!.clients[0]!, rewardId, keyOf('k1'));
  for (const answer of settled) {
    expect(again.status).toBe(answer.status);
    if (answer.status === 201) {
      expect(again.body).toEqual(answer.body);
    } else {
      expect(again.body.error?.code).toBe(answer.body.error?.code);
    }
  }

  // The winner paid the cost once; the loser got 409 out_of_stock and paid nothing.
  const c1Won = again.status === 201;
  const k2 = answers[1]!;
  expect(k2.status).toBe(c1Won ? 409 : 201);
  const loser = c1Won ? k2 : again;
  expect(loser.status).toBe(409);
  expect(loser.body.error?.code).toBe('out_of_stock');
  for (const [name, member] of customers) {
    const start = LOY_03.requests.find((request) => request.customer === name)!.balance;
    const won = (name === 'C-1') === c1Won;
    expect(await spendable(member.id)).toBe(won ? start - LOY_03.reward.cost : start);
    expect(
      await scalar(sql`select count(*) as n from ledger_entries
                        where user_id = ${member.id} and kind = 'redemption'`),
    ).toBe(won ? 1 : 0);
  }
  await noDrift();
}

/** A lifetime limit of one, and 20 redemptions of one rich member at once. */
async function limitAtOnce(instances: number) {
  const rewardId = await createReward({
    name: `Once only ${instances}`,
    kind: 'physical',
    cost: 10,
    limitLifetime: 1,
  });
  const member = await newMember(1000);
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      redeem(member.clients[i % instances]!, rewardId, `limit-${instances}-${i}`),
    ),
  );
  const outcome = codes(answers);
  expect(outcome.filter((code) => code === 'ok')).toHaveLength(1);
  expect(outcome.filter((code) => code === 'redemption_limit_reached')).toHaveLength(19);
  expect(await spendable(member.id)).toBe(990);
  await noDrift();
}

describe.skipIf(SERVER === null)(
  'redemption under concurrency (PostgreSQL only; set GUILD_TEST_DATABASE_URL to run it)',
  () => {
    beforeAll(async () => {
      const url = await cloneDatabase(SERVER!);
      guilds = [await startInstance(url)];
      guilds.push(await startInstance(url));
      tenantId = await addTenant(first(), 'alpha');
      manager = new TestClient(first().url, headers);
      await manager.signIn(await addMember(first(), tenantId, 'manager'));
    });
    afterAll(async () => {
      for (const guild of guilds) {
        await guild.stop();
      }
    });

    it('states loy-03 as the shared cases file does', () => {
      if (!existsSync(CASES_FILE)) {
        return; // the shared cases are not on this machine; the copy above stands
      }
      const line = readFileSync(CASES_FILE, 'utf8')
        .split('\n')
        .find((text) => text.includes('"loy-03"'));
      const stated = JSON.parse(line!) as { input: typeof LOY_03 };
      expect(stated.input.reward).toEqual(LOY_03.reward);
      expect(stated.input.requests).toEqual(LOY_03.requests);
    });

    for (const instances of [1, 2]) {
      const on = instances === 1 ? 'on one Guild' : 'split between two Guild processes';
      it(`loy-03: two customers and a retry for one tote bag, ${on}`, () => loy03(instances));
      it(`a lifetime limit of one against 20 redemptions at once, ${on}`, () =>
        limitAtOnce(instances));
    }
  },
);
