/**
 * PRV-11 and PRV-12 over real HTTP, on PGlite and on PostgreSQL: a US member earns points only
 * after opting in under the notice of financial incentive (a UK member is enrolled by joining);
 * a Global Privacy Control signal withdraws ad sharing at once and keeps it off; advertising
 * partners' webhook endpoints hear about a member only with that member's consent.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { emitEvent } from '../../src/integrations/outbound/outbox.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { addMember, startTestGuild, TestClient, type TestGuild } from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;
let manager: TestClient;
let admin: TestClient;
const headers = { 'x-guild-tenant': 'twoshores' };
let counter = 0;

async function inTenant<R>(statement: ReturnType<typeof sql>): Promise<R[]> {
  return guild.db.tenant(tenantId, (tx) => sqlRows<R>(tx, statement));
}

async function member(region: 'US' | 'UK') {
  counter += 1;
  const account = await addMember(guild, tenantId, 'member', `${region.toLowerCase()}_m${counter}`);
  const [row] = await inTenant<{ id: string }>(
    sql`update users set region_id = (select id from regions where code = ${region}),
          created_at = now() - interval '40 days', email_verified_at = now()
        where username = ${account.username} returning id`,
  );
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  return { client, id: row!.id };
}

async function balance(userId: string): Promise<number> {
  const [row] = await inTenant<{ total: string }>(
    sql`select coalesce(sum(amount), 0)::text as total from ledger_entries where user_id = ${userId}`,
  );
  return Number(row!.total);
}

async function publish(client: TestClient, title: string) {
  const result = await client.post<{ id: string }>('/api/v1/spaces/talk/posts', {
    title,
    body: 'A plain question about the opening hours of the new store.',
  });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await createTenant(guild.db, {
    slug: 'twoshores',
    name: 'Two Shores',
    defaultLocale: 'en-GB',
    regions: [
      {
        code: 'UK',
        name: 'United Kingdom',
        currency: 'GBP',
        locale: 'en-GB',
        timezone: 'Europe/London',
      },
      {
        code: 'US',
        name: 'United States',
        currency: 'USD',
        locale: 'en-US',
        timezone: 'America/New_York',
      },
    ],
    segments: [],
  });
  manager = new TestClient(guild.url, headers);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
  admin = new TestClient(guild.url, headers);
  await admin.signIn(await addMember(guild, tenantId, 'admin'));
  expect(
    (
      await manager.post('/api/v1/spaces', {
        slug: 'talk',
        name: 'Talk',
        visibility: 'public',
        kind: 'topic',
      })
    ).status,
  ).toBe(201);
  const rule = await manager.post('/api/v1/gamification/rules', {
    name: 'Post published',
    eventKind: 'post_published',
    scope: 'tenant',
    points: 10,
  });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
});

afterAll(() => guild?.stop());

describe('PRV-12: the points program as a financial incentive', () => {
  it('pays a US member nothing until they opt in under the notice, then pays', async () => {
    const us = await member('US');
    await publish(us.client, 'Before joining');
    expect(await balance(us.id)).toBe(0);
    const consents = await us.client.get<{
      items: { purpose: string; granted: boolean; notice: { version: number; body: string } }[];
    }>('/api/v1/privacy/consents');
    const loyalty = consents.body.items.find((item) => item.purpose === 'loyalty_program')!;
    expect(loyalty.granted).toBe(false);
    expect(loyalty.notice.body).toMatch(/Notice of financial incentive/);
    const join = await us.client.put('/api/v1/privacy/consents/loyalty_program', {
      granted: true,
      noticeVersion: loyalty.notice.version,
    });
    expect(join.status).toBe(200);
    await publish(us.client, 'After joining');
    expect(await balance(us.id)).toBe(10);
  });

  it('enrols a UK member by joining, as before', async () => {
    const uk = await member('UK');
    await publish(uk.client, 'A UK post');
    expect(await balance(uk.id)).toBe(10);
  });
});

describe('PRV-11: sale and sharing', () => {
  it('withdraws ad sharing on a GPC signal, without another step, and keeps it off', async () => {
    const us = await member('US');
    const grant = await us.client.put<{ granted: boolean }>('/api/v1/privacy/consents/ad_sharing', {
      granted: true,
    });
    expect(grant.body.granted).toBe(true);
    // Any request with the signal does it.
    await us.client.get('/api/v1/spaces', { 'sec-gpc': '1' });
    const [row] = await inTenant<{ withdrawal_channel: string | null }>(
      sql`select withdrawal_channel from consents where user_id = ${us.id}
          and purpose = 'ad_sharing' order by granted_at desc limit 1`,
    );
    expect(row!.withdrawal_channel).toBe('gpc');
    const states = await us.client.get<{ items: { purpose: string; locked: boolean }[] }>(
      '/api/v1/privacy/consents',
      { 'sec-gpc': '1' },
    );
    expect(states.body.items.find((item) => item.purpose === 'ad_sharing')!.locked).toBe(true);
    const again = await us.client.request<{ error: { code: string } }>(
      'PUT',
      '/api/v1/privacy/consents/ad_sharing',
      { granted: true },
      { 'sec-gpc': '1' },
    );
    expect(again.status).toBe(409);
  });

  it('tells advertising partners about a member only with their consent', async () => {
    for (const advertising of [false, true]) {
      const created = await admin.post('/api/v1/integrations/webhook-endpoints', {
        url: `http://127.0.0.1:9/${advertising ? 'ads' : 'crm'}`,
        topics: ['*'],
        advertising,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    const targets = async (userId: string) => {
      const eventId = await guild.db.tenant(tenantId, (tx) =>
        emitEvent(tx, tenantId, 'customer.linked', { userId, customerId: 'c-1' }),
      );
      const rows = await inTenant<{ advertising: boolean }>(
        sql`select e.advertising from deliveries d join webhook_endpoints e on e.id = d.endpoint_id
            where d.event_id = ${eventId} order by e.advertising`,
      );
      return rows.map((r) => r.advertising);
    };
    const quiet = await member('US');
    expect(await targets(quiet.id)).toEqual([false]);
    const sharer = await member('US');
    await sharer.client.put('/api/v1/privacy/consents/ad_sharing', { granted: true });
    expect(await targets(sharer.id)).toEqual([false, true]);
  });
});
