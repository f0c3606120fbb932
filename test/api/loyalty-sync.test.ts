/**
 * Community points converted to loyalty points: the points leave the ledger and the loyalty
 * program (a small HTTP server on 127.0.0.1 standing in for the retailer's) is credited once
 * through the outbox, also when the member's request is retried.
 */
import { createServer, type Server } from 'node:http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { applyEvent } from '../../src/integrations/inbound/inbound-processing.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

interface Credit {
  path: string;
  key: string | undefined;
  body: { points: number; reference: string };
}

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let member: TestClient;
let memberId: string;
let program: Server;
let programUrl: string;
const credits: Credit[] = [];

async function userIdOf(username: string): Promise<string> {
  const [row] = await guild.db.tenant(tenantId, (tx) =>
    sqlRows<{ id: string }>(tx, sql`select id from users where username = ${username}`),
  );
  return row!.id;
}

async function until<T>(probe: () => T | undefined, ms = 25_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error('timed out waiting for the loyalty program');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  program = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const key = request.headers['idempotency-key'];
      if (!credits.some((credit) => credit.key === key)) {
        credits.push({
          path: request.url ?? '',
          key: typeof key === 'string' ? key : undefined,
          body: JSON.parse(body) as Credit['body'],
        });
      }
      response.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => program.listen(0, '127.0.0.1', resolve));
  const address = program.address();
  programUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  guild = await startTestGuild({ GUILD_DELIVERY_RETRY_SECONDS: '1' });
  tenantId = await addTenant(guild, 'alpha');
  const headers = { host: 'alpha.guild.test' };
  manager = new TestClient(guild.url, headers);
  member = new TestClient(guild.url, headers);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
  const someone = await addMember(guild, tenantId, 'member');
  await member.signIn(someone);
  memberId = await userIdOf(someone.username);
});

afterAll(async () => {
  await guild.stop();
  await new Promise((resolve) => program.close(resolve));
});

async function convert(points: number, key: string) {
  return member.post<{
    loyaltyPoints: number;
    balances: { spendable: number };
    error?: { code: string };
  }>('/api/v1/points/me/conversions', { points }, { 'idempotency-key': key });
}

describe('converting community points to loyalty points', () => {
  it('is refused until a manager turns it on and a program is connected', async () => {
    const off = await convert(100, 'c-0');
    expect(off.status).toBe(409);
    expect(off.body.error?.code).toBe('conversion_unavailable');

    const saved = await manager.put<{ conversionEnabled: boolean }>('/api/v1/points/settings', {
      conversionEnabled: true,
      communityPointsPerLoyaltyPoint: 10,
      conversionMinimum: 100,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.conversionEnabled).toBe(true);
    const noProgram = await convert(100, 'c-1');
    expect(noProgram.body.error?.code).toBe('conversion_unavailable');

    await guild.db.tenant(tenantId, (tx) =>
      tx.execute(sql`insert into integration_sources (tenant_id, slug, name, kind, secret, api_url)
        values (${tenantId}, 'points', 'Points program', 'loyalty', 'not-used-here',
          ${`${programUrl}/loyalty`})`),
    );
    const unlinked = await convert(100, 'c-2');
    expect(unlinked.body.error?.code).toBe('loyalty_not_linked');
  });

  it('takes the points once and credits the program once, also on a retried request', async () => {
    await guild.db.tenant(tenantId, async (tx) => {
      await tx.execute(sql`insert into customers (id, tenant_id, external_id, loyalty_id, source)
        values (gen_random_uuid(), ${tenantId}, 'C-88', 'LOY-88', 'test')`);
      await tx.execute(sql`insert into member_customer_links (tenant_id, user_id, customer_id, rule)
        select ${tenantId}, ${memberId}, id, 'explicit' from customers where external_id = 'C-88'`);
    });
    const award = await manager.post(
      '/api/v1/points/awards',
      { userId: memberId, points: 500, reason: 'Welcome' },
      { 'idempotency-key': 'welcome-1' },
    );
    expect(award.status).toBe(201);

    const uneven = await convert(205, 'c-3');
    expect(uneven.status).toBe(400);
    const tooMuch = await convert(1000, 'c-4');
    expect(tooMuch.body.error?.code).toBe('insufficient_points');

    const first = await convert(200, 'c-5');
    const retry = await convert(200, 'c-5');
    expect(first.status).toBe(201);
    expect(first.body.loyaltyPoints).toBe(20);
    expect(first.body.balances.spendable).toBe(300);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);

    const credit = await until(() => credits[0]);
    expect(credit.path).toBe('/loyalty/accounts/LOY-88/credits');
    expect(credit.body.points).toBe(20);
    expect(credit.body.reference).toMatch(/^guild-points:\d+$/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(credits).toHaveLength(1);

    const me = await member.get<{ balances: { spendable: number; lifetime: number } }>(
      '/api/v1/points/me',
    );
    expect(me.body.balances).toMatchObject({ spendable: 300, lifetime: 500 });
  });

  it('rewards loyalty earnings of a joined member by the rules, once, and never its own echo', async () => {
    const rule = await manager.post('/api/v1/gamification/rules', {
      name: 'Loyalty earnings',
      eventKind: 'loyalty_event',
      scope: 'tenant',
      points: 5,
    });
    expect(rule.status).toBe(201);
    const arrive = (eventId: string, kind: 'earn' | 'redeem', reason: string | null) =>
      guild.db.tenant(tenantId, (tx) =>
        applyEvent(
          tx,
          tenantId,
          {
            topic: 'loyalty.points',
            points: {
              eventId,
              loyaltyId: 'LOY-88',
              kind,
              points: kind === 'earn' ? 40 : -40,
              orderExternalId: null,
              occurredAt: new Date(),
              reason,
            },
          },
          'test',
        ),
      );
    const before = await member.get<{ balances: { spendable: number } }>('/api/v1/points/me');
    await arrive('LE-1', 'earn', 'Bought shoes');
    await arrive('LE-1', 'earn', 'Bought shoes');
    await arrive('LE-2', 'redeem', 'Voucher');
    await arrive('LE-3', 'earn', 'Credit guild-points:77');
    const after = await member.get<{ balances: { spendable: number } }>('/api/v1/points/me');
    expect(after.body.balances.spendable - before.body.balances.spendable).toBe(5);
  });
});
