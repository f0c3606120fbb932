/**
 * Field cases from other communities and loyalty programs (shared/cases/cases.jsonl), replayed
 * against Guild's rules engine: gam-02 (self-accepted answers), gam-04 (vote toggling),
 * loy-01 (repeated order confirmations, concurrent bonus claims, split settlement) and loy-04
 * (a partial return takes back its share of the points).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { balancesFor, credit } from '../../src/gamification/ledger.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import { applyEvent } from '../../src/integrations/inbound/inbound-processing.js';
import { publishContent, withdrawContent } from '../../src/community/moderation-effects.js';
import { readEventData } from '../../src/integrations/inbound/inbound-payloads.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
  type TestMember,
} from '../support/harness.js';

let guild: TestGuild;
let alphaId: string;
let betaId: string;
let manager: TestClient;
let betaManager: TestClient;
const ruleIds: Record<string, string> = {};

async function signedIn(member: TestMember, tenant?: string): Promise<TestClient> {
  const client = new TestClient(guild.url, tenant ? { 'x-guild-tenant': tenant } : {});
  await client.signIn(member);
  return client;
}

async function userIdOf(tenantId: string, member: TestMember): Promise<string> {
  const [row] = await guild.db.tenant(tenantId, (tx) =>
    sqlRows<{ id: string }>(tx, sql`select id from users where username = ${member.username}`),
  );
  return row!.id;
}

async function rule(client: TestClient, key: string, body: Record<string, unknown>) {
  const made = await client.post<{ id: string }>('/api/v1/gamification/rules', body);
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  ruleIds[key] = made.body.id;
}

function balances(tenantId: string, userId: string) {
  return guild.db.tenant(tenantId, (tx) => balancesFor(tx, userId));
}

/** The ledger entries of a member, optionally only those of one rule. */
function entries(tenantId: string, userId: string, ruleId?: string) {
  return guild.db.tenant(tenantId, (tx) =>
    sqlRows<{ kind: string; amount: string; source_ref: string | null; rule_id: string | null }>(
      tx,
      sql`select kind, amount, source_ref, rule_id from ledger_entries
        where user_id = ${userId}
          and (${ruleId ?? null}::uuid is null or rule_id = ${ruleId ?? null}::uuid)
        order by id`,
    ),
  );
}

/** Applies one inbound webhook event as the processing job does, in its own transaction. */
function inbound(tenantId: string, topic: string, data: Record<string, unknown>) {
  const event = readEventData(topic as 'order.paid', data);
  return guild.db.tenant(tenantId, (tx) => applyEvent(tx, tenantId, event, 'shop'));
}

/** A customer record of the retailer, joined to `userId`. */
async function linkedCustomer(tenantId: string, externalId: string, userId: string) {
  await inbound(tenantId, 'customer.upsert', {
    external_id: externalId,
    email: `${externalId.toLowerCase()}@example.com`,
  });
  await guild.db.tenant(tenantId, (tx) =>
    tx.execute(sql`insert into member_customer_links (tenant_id, user_id, customer_id, rule)
      select ${tenantId}, ${userId}, id, 'explicit' from customers
       where external_id = ${externalId}`),
  );
}

function order(externalId: string, customer: string, total: string) {
  return {
    external_id: externalId,
    customer_external_id: customer,
    placed_at: '2026-12-01T10:00:00Z',
    currency: 'EUR',
    financial_status: 'paid',
    totals: { total },
    lines: [{ line_id: `${externalId}-1`, sku: 'SKU-1', quantity: 1, unit_price: total }],
  };
}

beforeAll(async () => {
  guild = await startTestGuild();
  alphaId = await addTenant(guild, 'alpha');
  betaId = await addTenant(guild, 'beta');
  manager = await signedIn(await addMember(guild, alphaId, 'manager'));
  betaManager = await signedIn(await addMember(guild, betaId, 'manager'), 'beta');
  const space = await manager.post('/api/v1/spaces', {
    slug: 'cases',
    name: 'Cases',
    visibility: 'public',
    kind: 'topic',
  });
  expect(space.status).toBe(201);
  // The scoring of the cases; nothing else earns in these tenants.
  await rule(manager, 'solution', {
    name: 'Solution accepted',
    eventKind: 'answer_accepted',
    scope: 'tenant',
    points: 10,
  });
  await rule(manager, 'upvote', {
    name: 'Reaction received',
    eventKind: 'reaction_received',
    scope: 'tenant',
    points: 1,
  });
  await rule(manager, 'purchase', {
    name: '1 point per EUR',
    eventKind: 'purchase',
    scope: 'tenant',
    pointsPerCurrencyUnit: 1,
  });
  await rule(manager, 'firstOrder', {
    name: 'First-order bonus',
    eventKind: 'purchase',
    scope: 'tenant',
    bonus: true,
    points: 100,
    lifetimeCap: { count: 1 },
  });
  await rule(manager, 'newsletter', {
    name: 'Newsletter bonus',
    eventKind: 'loyalty_event',
    scope: 'tenant',
    points: 100,
    conditions: { type: 'newsletter' },
    lifetimeCap: { count: 1 },
  });
  await rule(betaManager, 'betaPurchase', {
    name: '1 point per EUR of net invoice',
    eventKind: 'purchase',
    scope: 'tenant',
    pointsPerCurrencyUnit: 1,
  });
});
afterAll(async () => {
  for (const tenantId of [alphaId, betaId]) {
    const report = await guild.db.tenant(tenantId, (tx) => reconcile(tx));
    expect(report.drift).toEqual([]);
  }
  await guild.stop();
});

describe('gam-02: self-solutions earn nothing', () => {
  it('pays the solution to another member’s reply only, when the solution is changed', async () => {
    const u12 = await addMember(guild, alphaId, 'member', 'u_12');
    const u40 = await addMember(guild, alphaId, 'member', 'u_40');
    const asker = await signedIn(u12);
    const helper = await signedIn(u40);
    const u12Id = await userIdOf(alphaId, u12);
    const u40Id = await userIdOf(alphaId, u40);

    const topic = await asker.post<{ id: string; moderation: unknown }>(
      '/api/v1/spaces/cases/posts',
      { title: 'Which size fits a 42?', body: 'T-5: my usual size is 42.' },
    );
    expect(topic.status, JSON.stringify(topic.body)).toBe(201);
    const r1 = await asker.post<{ id: string }>(`/api/v1/posts/${topic.body.id}/comments`, {
      body: 'R-1: I found it myself, the 43 fits.',
    });
    const r2 = await helper.post<{ id: string }>(`/api/v1/posts/${topic.body.id}/comments`, {
      body: 'R-2: take one size up, the last runs small.',
    });
    expect([r1.status, r2.status]).toEqual([201, 201]);

    const t4 = await asker.put(`/api/v1/posts/${topic.body.id}/accepted-answer`, {
      commentId: r1.body.id,
    });
    expect(t4.status).toBe(200);
    expect(await entries(alphaId, u12Id, ruleIds.solution)).toEqual([]);
    expect((await balances(alphaId, u12Id)).lifetime).toBe(0);

    const t5 = await asker.put(`/api/v1/posts/${topic.body.id}/accepted-answer`, {
      commentId: r2.body.id,
    });
    expect(t5.status).toBe(200);
    const u40Solutions = await entries(alphaId, u40Id, ruleIds.solution);
    expect(u40Solutions.map((e) => Number(e.amount))).toEqual([10]);
    expect((await balances(alphaId, u40Id)).spendable).toBe(10);
    expect(await entries(alphaId, u12Id, ruleIds.solution)).toEqual([]);
    expect((await balances(alphaId, u12Id)).lifetime).toBe(0);

    // Un-accepting takes the solution back; accepting it again does not pay twice.
    await asker.delete(`/api/v1/posts/${topic.body.id}/accepted-answer`);
    expect((await balances(alphaId, u40Id)).spendable).toBe(0);
    await asker.put(`/api/v1/posts/${topic.body.id}/accepted-answer`, { commentId: r2.body.id });
    expect((await balances(alphaId, u40Id)).spendable).toBe(0);
  });
});

describe('gam-04: vote toggling leaves no residue', () => {
  it('brings the author back to where they started, with the pair’s ledger net 0', async () => {
    const u9 = await addMember(guild, alphaId, 'member', 'u_9');
    const u50 = await addMember(guild, alphaId, 'member', 'u_50');
    const author = await signedIn(u9);
    const voter = await signedIn(u50);
    const u9Id = await userIdOf(alphaId, u9);
    const u50Id = await userIdOf(alphaId, u50);
    for (const [userId, amount] of [
      [u9Id, 100],
      [u50Id, 40],
    ] as const) {
      await guild.db.tenant(alphaId, (tx) =>
        credit(tx, alphaId, {
          userId,
          amount,
          reason: 'Starting reputation',
          source: 'system',
          idempotencyKey: `start:${userId}`,
        }),
      );
    }
    const post = await author.post<{ id: string }>('/api/v1/spaces/cases/posts', {
      title: 'P-3',
      body: 'How do I wash merino?',
    });
    expect(post.status).toBe(201);
    const path = (kind: string) => `/api/v1/posts/${post.body.id}/reactions/${kind}`;

    // upvote, remove, upvote again, change it to another kind, remove
    expect((await voter.put(path('like'))).status).toBe(200);
    expect((await balances(alphaId, u9Id)).spendable).toBe(101);
    await voter.delete(path('like'));
    expect((await balances(alphaId, u9Id)).spendable).toBe(100);
    await voter.put(path('like'));
    expect((await balances(alphaId, u9Id)).spendable).toBe(100); // toggling does not farm
    await voter.delete(path('like'));
    await voter.put(path('insightful'));
    expect((await balances(alphaId, u9Id)).spendable).toBe(101);
    const last = await voter.delete<{ reactions: Record<string, number> }>(path('insightful'));
    expect(last.body.reactions).toEqual({});

    expect((await balances(alphaId, u9Id)).spendable).toBe(100);
    expect((await balances(alphaId, u50Id)).spendable).toBe(40);
    const pair = await guild.db.tenant(alphaId, (tx) =>
      sqlRows<{ net: string | null; n: string }>(
        tx,
        sql`select sum(amount) as net, count(*) as n from ledger_entries
          where source_ref like ${`reaction:post:${post.body.id}:${u50Id}:%`}`,
      ),
    );
    expect(Number(pair[0]!.n)).toBe(4);
    expect(Number(pair[0]!.net)).toBe(0);
    const [score] = await guild.db.tenant(alphaId, (tx) =>
      sqlRows<{ reaction_count: number }>(
        tx,
        sql`select reaction_count from posts where id = ${post.body.id}`,
      ),
    );
    expect(score!.reaction_count).toBe(0);
  });

  it('takes reaction points back with a removed post and restores them on reinstatement', async () => {
    const author = await addMember(guild, alphaId, 'member', 'u_removed');
    const voter = await signedIn(await addMember(guild, alphaId, 'member', 'u_fan'));
    const authorId = await userIdOf(alphaId, author);
    const post = await (
      await signedIn(author)
    ).post<{ id: string }>('/api/v1/spaces/cases/posts', {
      title: 'Soon removed',
      body: 'A post that moderation will take down.',
    });
    await voter.put(`/api/v1/posts/${post.body.id}/reactions/like`);
    expect((await balances(alphaId, authorId)).spendable).toBe(1);

    await guild.db.tenant(alphaId, (tx) => withdrawContent(tx, 'post', post.body.id));
    expect((await balances(alphaId, authorId)).spendable).toBe(0);
    await guild.db.tenant(alphaId, (tx) => publishContent(tx, 'post', post.body.id));
    expect((await balances(alphaId, authorId)).spendable).toBe(1);

    await voter.delete(`/api/v1/posts/${post.body.id}/reactions/like`);
    await voter.put(`/api/v1/posts/${post.body.id}/reactions/like`);
    expect((await balances(alphaId, authorId)).spendable).toBe(0);
  });

  it('gives no points for reacting to your own post', async () => {
    const self = await addMember(guild, alphaId, 'member', 'u_self');
    const client = await signedIn(self);
    const selfId = await userIdOf(alphaId, self);
    const post = await client.post<{ id: string }>('/api/v1/spaces/cases/posts', {
      title: 'My own post',
      body: 'Liking it myself.',
    });
    await client.put(`/api/v1/posts/${post.body.id}/reactions/like`);
    expect(await entries(alphaId, selfId)).toEqual([]);
  });
});

describe('loy-01: repeated confirmations, concurrent claims, split settlement', () => {
  it('earns the order, the first-order bonus and the newsletter bonus once each: 250', async () => {
    const member = await addMember(guild, alphaId, 'member', 'c88_member');
    const userId = await userIdOf(alphaId, member);
    await linkedCustomer(alphaId, 'C-88', userId);

    // order_completed for deliveries 1, 2 and 3
    for (let delivery = 1; delivery <= 3; delivery += 1) {
      await inbound(alphaId, 'order.paid', order('ORD-1001', 'C-88', '50.00'));
    }
    // two near-simultaneous newsletter claims (requests a and b)
    const claims = await Promise.all(
      ['a', 'b'].map((request) =>
        manager.post<{ points: number }>('/api/v1/gamification/events', {
          kind: 'loyalty_event',
          eventId: `newsletter-${request}`,
          userId,
          properties: { type: 'newsletter' },
        }),
      ),
    );
    expect(claims.map((c) => c.status)).toEqual([200, 200]);
    expect(claims.map((c) => c.body.points).sort()).toEqual([0, 100]);
    // the order settled in two parts
    for (const part of ['1/2', '2/2']) {
      await inbound(alphaId, 'order.paid', {
        ...order('ORD-1001', 'C-88', '50.00'),
        financial_status: part === '2/2' ? 'paid' : 'partially_paid',
      });
    }

    const all = await entries(alphaId, userId);
    const byRule = (key: string) => all.filter((e) => e.rule_id === ruleIds[key]);
    expect(byRule('purchase').map((e) => [e.source_ref, Number(e.amount)])).toEqual([
      ['order:ORD-1001', 50],
    ]);
    expect(byRule('firstOrder').map((e) => Number(e.amount))).toEqual([100]);
    expect(byRule('newsletter').map((e) => Number(e.amount))).toEqual([100]);
    expect(all).toHaveLength(3);
    expect((await balances(alphaId, userId)).spendable).toBe(250);

    // A second order earns per EUR but no second first-order bonus.
    await inbound(alphaId, 'order.paid', order('ORD-1002', 'C-88', '20.00'));
    expect((await balances(alphaId, userId)).spendable).toBe(270);

    // The same order reported through the events API (by customer id) is the same purchase.
    const viaApi = (eventId: string, quantity: number) =>
      manager.post<{ recorded: boolean; points: number; userId: string }>(
        '/api/v1/gamification/events',
        { kind: 'purchase', eventId, customerExternalId: 'C-88', quantity, currency: 'EUR' },
      );
    expect((await viaApi('ORD-1001', 5000)).body).toMatchObject({ recorded: false, points: 0 });
    expect((await viaApi('ORD-1003', 1250)).body).toMatchObject({
      recorded: true,
      points: 12,
      userId,
    });
    expect((await balances(alphaId, userId)).spendable).toBe(282);
  });
});

describe('loy-04: a return takes back its share', () => {
  it('writes +1000 for the invoice and −100 for a return of 100: balance 900', async () => {
    const member = await addMember(guild, betaId, 'member', 'c5_member');
    const userId = await userIdOf(betaId, member);
    await linkedCustomer(betaId, 'C-5', userId);

    await inbound(betaId, 'order.paid', order('INV-5', 'C-5', '1000.00'));
    const refund = {
      refund_id: 'RET-1',
      order_external_id: 'INV-5',
      refunded_at: '2026-12-03T10:00:00Z',
      amount: '100.00',
    };
    await inbound(betaId, 'order.refunded', refund);
    await inbound(betaId, 'order.refunded', refund); // the same return reported again

    const ledger = await entries(betaId, userId);
    expect(ledger.map((e) => [e.source_ref, Number(e.amount)])).toEqual([
      ['order:INV-5', 1000],
      ['order:INV-5', -100],
    ]);
    expect((await balances(betaId, userId)).spendable).toBe(900);

    // Returning the rest takes back exactly what is left, never more.
    await inbound(betaId, 'order.refunded', { ...refund, refund_id: 'RET-2', amount: '900.00' });
    expect((await balances(betaId, userId)).spendable).toBe(0);
    expect((await entries(betaId, userId)).map((e) => Number(e.amount))).toEqual([
      1000, -100, -900,
    ]);
  });

  it('reverses the purchase in full on a full refund', async () => {
    const member = await addMember(guild, betaId, 'member', 'c6_member');
    const userId = await userIdOf(betaId, member);
    await linkedCustomer(betaId, 'C-6', userId);
    await inbound(betaId, 'order.paid', order('INV-6', 'C-6', '80.00'));
    await inbound(betaId, 'order.refunded', {
      refund_id: 'RET-6',
      order_external_id: 'INV-6',
      refunded_at: '2026-12-03T10:00:00Z',
    });
    const ledger = await entries(betaId, userId);
    expect(ledger.map((e) => [e.kind, Number(e.amount)])).toEqual([
      ['award', 80],
      ['reversal', -80],
    ]);
  });
});
