/**
 * Shared set-up of the redemption security tests (S18, S19, S20): one Guild on the run's
 * database (PGlite or a PostgreSQL server), or, on a server, two Guild processes started on one
 * database so that requests really race across processes. Not a test file itself.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { startGuild, type Guild } from '../../src/app.js';
import { loadConfig } from '../../src/core/config/config.js';
import { openDatabase, sqlRows } from '../../src/core/db/database.js';
import { createLogger } from '../../src/core/logging/logger.js';
import { credit } from '../../src/gamification/ledger.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import { addMember, addTenant, startTestGuild, TestClient, type HttpResult } from './harness.js';
import { freshServerDatabase, serverUrl } from './test-database.js';

export const SERVER = serverUrl();
export const HEADERS = { host: 'alpha.guild.test' };
export const REWARDS = '/api/v1/rewards';
const POOL_SIZE = 20;

export interface Redemption {
  id: string;
  status: string;
  code: string | null;
}
export type Answer = HttpResult<Redemption & { error?: { code: string } }>;

/** The instance counts a file runs its races on: one, and on a server also two processes. */
export const INSTANCE_COUNTS: number[] = SERVER === null ? [1] : [1, 2];

export function describeInstances(instances: number): string {
  return instances === 1 ? 'on one Guild' : 'split between two Guild processes';
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

/** Guild instances on one database, with tenant `alpha` and a signed-in manager. */
export class Rig {
  guilds: (Guild & { url: string })[] = [];
  tenantId = '';
  manager!: TestClient;
  private counter = 0;

  async start(): Promise<void> {
    if (SERVER === null) {
      this.guilds = [await startTestGuild()];
    } else {
      const url = await freshServerDatabase(SERVER);
      this.guilds = [await startInstance(url), await startInstance(url)];
    }
    this.tenantId = await addTenant(this.first, 'alpha');
    this.manager = new TestClient(this.first.url, HEADERS);
    await this.manager.signIn(await addMember(this.first, this.tenantId, 'manager'));
  }

  async stop(): Promise<void> {
    for (const guild of this.guilds) {
      await guild.stop();
    }
  }

  get first() {
    return this.guilds[0]!;
  }

  /** A member signed in on every instance, with `points` spendable points. */
  async newMember(points: number): Promise<{ id: string; clients: TestClient[] }> {
    this.counter += 1;
    const awardKey = `security-award:${this.counter}`;
    const account = await addMember(this.first, this.tenantId, 'member');
    const clients = this.guilds.map((guild) => new TestClient(guild.url, HEADERS));
    for (const client of clients) {
      await client.signIn(account);
    }
    const [row] = await this.first.db.tenant(this.tenantId, (tx) =>
      sqlRows<{ id: string }>(tx, sql`select id from users where username = ${account.username}`),
    );
    if (points > 0) {
      await this.first.db.tenant(this.tenantId, (tx) =>
        credit(tx, this.tenantId, {
          userId: row!.id,
          amount: points,
          reason: 'Test award',
          source: 'api',
          idempotencyKey: awardKey,
        }),
      );
    }
    return { id: row!.id, clients };
  }

  async createReward(body: Record<string, unknown>): Promise<string> {
    const created = await this.manager.post<{ id: string }>(REWARDS, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  async scalar(query: ReturnType<typeof sql>): Promise<number> {
    const [row] = await this.first.db.tenant(this.tenantId, (tx) =>
      sqlRows<{ n: string }>(tx, query),
    );
    return Number(row!.n);
  }

  spendable(userId: string): Promise<number> {
    return this.scalar(sql`select spendable as n from point_balances where user_id = ${userId}`);
  }

  stockOf(rewardId: string): Promise<number> {
    return this.scalar(sql`select stock as n from rewards where id = ${rewardId}`);
  }

  /** Reconciliation finds no drift, and no balance anywhere is negative. */
  async noDrift(): Promise<void> {
    const report = await this.first.db.tenant(this.tenantId, (tx) => reconcile(tx));
    expect(report.drift).toEqual([]);
    expect(
      await this.scalar(sql`select count(*) as n from point_balances where spendable < 0`),
    ).toBe(0);
  }
}

export function redeem(
  client: TestClient,
  rewardId: string,
  key: string,
  body: Record<string, unknown> = {},
): Promise<Answer> {
  return client.post(`${REWARDS}/${rewardId}/redemptions`, body, { 'idempotency-key': key });
}

/** Each answer as `ok` (201) or its error code. */
export function codes(answers: Answer[]): string[] {
  return answers.map((answer) =>
    answer.status === 201 ? 'ok' : (answer.body.error?.code ?? String(answer.status)),
  );
}
