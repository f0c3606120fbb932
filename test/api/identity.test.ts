/**
 * Identity resolution over real HTTP: members join customer records by verified e-mail (never
 * by an unverified one), by a loyalty id that ties a CRM record to a joined shop record, or by
 * an admin's explicit link; a join can be undone and is then not made again automatically;
 * every join names its rule, is audited and is announced in the outbox. The customer page joins
 * member, orders, loyalty and mentions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordId } from '../../src/integrations/records/record-ids.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
  type TestMember,
} from '../support/harness.js';

interface Link {
  linkId: string;
  userId: string;
  customerId: string;
  rule: string;
}

let guild: TestGuild;
let tenantId: string;
let admin: TestClient;
let verified: TestMember;
let unverified: TestMember;

async function upload(kind: string, preset: string, text: string): Promise<void> {
  const started = await admin.request<{ id: string }>(
    'POST',
    `/api/v1/integrations/imports?kind=${kind}&preset=${preset}&fileName=f.csv`,
    text,
    { 'content-type': 'text/csv' },
  );
  expect(started.status).toBe(202);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = await admin.get<{ status: string }>(
      `/api/v1/integrations/imports/${started.body.id}`,
    );
    if (job.body.status === 'succeeded') {
      return;
    }
    if (job.body.status !== 'queued' && job.body.status !== 'running') {
      throw new Error(`import ended ${job.body.status}`);
    }
    if (Date.now() > deadline) {
      throw new Error('import did not finish');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function linksOf(username: string) {
  return guild.db.query<{ external_id: string; rule: string; open: boolean }>(
    `SELECT c.external_id, l.rule, l.unlinked_at IS NULL AS open
       FROM member_customer_links l JOIN customers c ON c.id = l.customer_id
       JOIN users u ON u.id = l.user_id
      WHERE u.tenant_id = $1 AND u.username = $2 ORDER BY c.external_id, l.linked_at`,
    [tenantId, username],
  );
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  admin = new TestClient(guild.url);
  await admin.signIn(await addMember(guild, tenantId, 'admin'));
  verified = await addMember(guild, tenantId, 'member', 'nora_berg');
  unverified = await addMember(guild, tenantId, 'member', 'ola_hansen');
  await guild.db.query(
    `UPDATE users SET email_verified_at = now() WHERE tenant_id = $1 AND username = $2`,
    [tenantId, verified.username],
  );
});
afterAll(() => guild.stop());

describe('joining members to customer records', () => {
  it('joins by verified e-mail only, ignoring case, when customers arrive', async () => {
    await upload(
      'customers',
      'customers',
      [
        'external_id,email,first_name,last_name,loyalty_id',
        `SHOP-1,${verified.email.toUpperCase()},Nora,Berg,`,
        `SHOP-2,${unverified.email},Ola,Hansen,`,
        'CRM-9,nora.other@example.com,Nora,Berg,L-77',
      ].join('\n'),
    );
    expect(await linksOf(verified.username)).toEqual([
      { external_id: 'SHOP-1', rule: 'verified_email', open: true },
    ]);
    // Same address, but not verified: no join.
    expect(await linksOf(unverified.username)).toEqual([]);
  });

  it('joins a CRM record through the loyalty account of a joined shop record (a merge)', async () => {
    const shop = recordId(tenantId, 'customer', 'SHOP-1');
    await guild.db.query(
      `INSERT INTO loyalty_accounts (id, tenant_id, external_id, customer_id, tier_code,
         points_balance) VALUES ($1, $2, 'L-77', $3, 'gold', 1200)`,
      [recordId(tenantId, 'loyalty-account', 'L-77'), tenantId, shop],
    );
    const matched = await admin.post<{ linked: Link[] }>('/api/v1/integrations/identity/match');
    expect(matched.status).toBe(200);
    expect(matched.body.linked.map((link) => link.rule)).toEqual(['loyalty_id']);
    expect(await linksOf(verified.username)).toEqual([
      { external_id: 'CRM-9', rule: 'loyalty_id', open: true },
      { external_id: 'SHOP-1', rule: 'verified_email', open: true },
    ]);
    // Running the rules again changes nothing.
    const again = await admin.post<{ linked: Link[] }>('/api/v1/integrations/identity/match');
    expect(again.body.linked).toEqual([]);
  });

  it('undoes a join, with a reason, and never makes it again automatically', async () => {
    const crm = recordId(tenantId, 'customer', 'CRM-9');
    const [link] = await guild.db.query<{ id: string }>(
      `SELECT id FROM member_customer_links WHERE customer_id = $1 AND unlinked_at IS NULL`,
      [crm],
    );
    const removed = await admin.request(
      'DELETE',
      `/api/v1/integrations/customer-links/${link!.id}`,
      {
        reason: 'a different Nora Berg',
      },
    );
    expect(removed.status).toBe(204);
    await admin.post('/api/v1/integrations/identity/match');
    expect(await linksOf(verified.username)).toEqual([
      { external_id: 'CRM-9', rule: 'loyalty_id', open: false },
      { external_id: 'SHOP-1', rule: 'verified_email', open: true },
    ]);
    const [audit] = await guild.db.query<{ details: { reason: string; rule: string } }>(
      `SELECT details FROM audit_log WHERE tenant_id = $1 AND action = 'customers.unlink'`,
      [tenantId],
    );
    expect(audit?.details).toMatchObject({ reason: 'a different Nora Berg', rule: 'loyalty_id' });
  });

  it('lets an admin join a record explicitly, once', async () => {
    const shop2 = recordId(tenantId, 'customer', 'SHOP-2');
    const made = await admin.post<Link>(`/api/v1/integrations/customers/${shop2}/links`, {
      username: unverified.username,
    });
    expect(made.status).toBe(201);
    expect(made.body.rule).toBe('explicit');
    const twice = await admin.post<{ error: { code: string } }>(
      `/api/v1/integrations/customers/${shop2}/links`,
      { username: verified.username },
    );
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('customer_already_linked');
    // A name with digits is found by the same key it was stored under (digits fold like
    // look-alike letters), whatever the case it is typed in.
    const digits = await addMember(guild, tenantId, 'member', 'nora_1701');
    const found = await admin.post<{ error: { code: string } }>(
      `/api/v1/integrations/customers/${shop2}/links`,
      { username: digits.username.toUpperCase() },
    );
    expect(found.body.error.code).toBe('customer_already_linked');
  });

  it('records every join in the audit log and the outbox, with its rule', async () => {
    const audit = await guild.db.query<{ rule: string; automatic: boolean }>(
      `SELECT details->>'rule' AS rule, (details->>'automatic')::boolean AS automatic
         FROM audit_log WHERE tenant_id = $1 AND action = 'customers.link' ORDER BY id`,
      [tenantId],
    );
    expect(audit).toEqual([
      { rule: 'verified_email', automatic: true },
      { rule: 'loyalty_id', automatic: true },
      { rule: 'explicit', automatic: false },
    ]);
    const events = await guild.db.query<{ topic: string; rule: string }>(
      `SELECT topic, payload->>'rule' AS rule FROM outbox_events WHERE tenant_id = $1
         AND topic LIKE 'customer.%' ORDER BY created_at`,
      [tenantId],
    );
    expect(events).toEqual([
      { topic: 'customer.linked', rule: 'verified_email' },
      { topic: 'customer.linked', rule: 'loyalty_id' },
      { topic: 'customer.unlinked', rule: 'loyalty_id' },
      { topic: 'customer.linked', rule: 'explicit' },
    ]);
  });

  it('shows a customer joined with member, orders, loyalty and mentions', async () => {
    await upload(
      'orders',
      'online-retail',
      [
        'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
        '900001,22423,CAKESTAND,2,2011-05-01 10:00:00,12.75,SHOP-1,United Kingdom',
        'C900002,22423,CAKESTAND,-1,2011-05-03 10:00:00,12.75,SHOP-1,United Kingdom',
      ].join('\n'),
    );
    const shop = recordId(tenantId, 'customer', 'SHOP-1');
    const page = await admin.get<{
      links: { rule: string; member: { username: string } }[];
      orders: { count: number; netRevenue: string; recent: { externalId: string; kind: string }[] };
      loyalty: { externalId: string; pointsBalance: number }[];
    }>(`/api/v1/integrations/customers/${shop}`);
    expect(page.status).toBe(200);
    expect(page.body.links.map((link) => [link.rule, link.member.username])).toEqual([
      ['verified_email', verified.username],
    ]);
    expect(page.body.orders).toMatchObject({ count: 2, netRevenue: '12.75' });
    expect(page.body.orders.recent.map((o) => [o.externalId, o.kind])).toEqual([
      ['C900002', 'return'],
      ['900001', 'sale'],
    ]);
    expect(page.body.loyalty).toEqual([
      expect.objectContaining({ externalId: 'L-77', pointsBalance: 1200 }),
    ]);

    const found = await admin.get<{ items: { externalId: string; linkedMember: unknown }[] }>(
      '/api/v1/integrations/customers?q=nora',
    );
    expect(found.body.items.map((c) => c.externalId).sort()).toEqual(['CRM-9', 'SHOP-1']);
  });

  it('is for admins only', async () => {
    const member = new TestClient(guild.url);
    await member.signIn(verified);
    expect((await member.get('/api/v1/integrations/customers')).status).toBe(403);
    expect((await member.post('/api/v1/integrations/identity/match')).status).toBe(403);
  });
});
