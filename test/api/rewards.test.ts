/**
 * The reward catalog and redemptions over real HTTP, on PGlite and on PostgreSQL: catalog
 * validation, eligibility, limits, approval (by reward, by value, by risk flag), cancel and
 * reject with one refund, code pools (upload problems by line, a code given once), webhook
 * fulfilment through the outbox. The crash cases (the sweeper, an injected failure between
 * redemption and fulfilment) are SECURITY.md S22 in test/security/s22-crash-mid-transaction;
 * Idempotency-Key on redeem is S20 in test/security/s20-idempotency.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { credit } from '../../src/gamification/ledger.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import { flagMember } from '../../src/gamification/rewards/risk-flags.service.js';
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
let keyCounter = 0;

const headers = { host: 'alpha.guild.test' };
const BASE = '/api/v1/rewards';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Reward {
  id: string;
  name: string;
  kind: string;
  fulfilment: string;
  cost: number;
  stock: number | null;
  archivedAt: string | null;
}
interface CatalogItem {
  id: string;
  name: string;
  eligible: boolean;
  ineligibleReason: string | null;
  affordable: boolean;
  inStock: boolean;
  redemptionsLeft: number | null;
}
interface Redemption {
  id: string;
  rewardId: string;
  userId: string;
  status: string;
  cost: number;
  approvalReason: string | null;
  code: string | null;
  memberNote: string | null;
  fulfilmentNote: string | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface UploadReport {
  added: number;
  lines: number;
  header: boolean;
  problems: { line: number; problem: string; firstLine?: number }[];
  pool: { total: number; free: number; reserved: number; issued: number };
}

interface Member {
  client: TestClient;
  id: string;
}

async function userIdOf(username: string): Promise<string> {
  const [row] = await guild.db.tenant(tenantId, (tx) =>
    sqlRows<{ id: string }>(tx, sql`select id from users where username = ${username}`),
  );
  return row!.id;
}

/** A signed-in member with `points` spendable points (awarded, so they count as lifetime). */
async function newMember(points: number): Promise<Member> {
  const account = await addMember(guild, tenantId, 'member');
  const client = new TestClient(guild.url, headers);
  await client.signIn(account);
  const id = await userIdOf(account.username);
  if (points > 0) {
    await give(id, points);
  }
  return { client, id };
}

async function give(userId: string, points: number): Promise<void> {
  keyCounter += 1;
  // Taken now: calls run side by side, and the counter moves on before the transaction starts.
  const key = `test-award:${keyCounter}`;
  await guild.db.tenant(tenantId, (tx) =>
    credit(tx, tenantId, {
      userId,
      amount: points,
      reason: 'Test award',
      source: 'api',
      idempotencyKey: key,
    }),
  );
}

async function spendable(userId: string): Promise<number> {
  const [row] = await guild.db.tenant(tenantId, (tx) =>
    sqlRows<{ spendable: string }>(
      tx,
      sql`select spendable from point_balances where user_id = ${userId}`,
    ),
  );
  return Number(row?.spendable ?? 0);
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await guild.db.tenant(tenantId, (tx) => sqlRows<{ n: string }>(tx, query));
  return Number(row!.n);
}

async function createReward(body: Record<string, unknown>): Promise<Reward> {
  const created = await manager.post<Reward>(BASE, body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

function redeem(
  member: Member,
  rewardId: string,
  body: Record<string, unknown> = {},
  key?: string,
) {
  keyCounter += 1;
  return member.client.post<Redemption & ErrorBody>(`${BASE}/${rewardId}/redemptions`, body, {
    'idempotency-key': key ?? `redeem-${keyCounter}`,
  });
}

async function rewardStock(rewardId: string): Promise<number | null> {
  const [row] = await guild.db.tenant(tenantId, (tx) =>
    sqlRows<{ stock: number | null }>(tx, sql`select stock from rewards where id = ${rewardId}`),
  );
  return row!.stock;
}

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
  manager = new TestClient(guild.url, headers);
  await manager.signIn(await addMember(guild, tenantId, 'manager'));
});
afterAll(() => guild.stop());

describe('the catalog', () => {
  it('refuses rewards that do not hold together, each with a clear message', async () => {
    const base = { name: 'Tote bag', kind: 'physical', cost: 100 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, fulfilment: 'code_pool' }, 'fulfilment'],
      [{ ...base, limitPerPeriod: 2 }, 'limitPeriod'],
      [{ ...base, limitLifetime: 1, limitPerPeriod: 2, limitPeriod: 'week' }, 'limitPerPeriod'],
      [{ ...base, regionCodes: ['XX'] }, 'regionCodes'],
      [{ ...base, segmentKeys: ['nobody'] }, 'segmentKeys'],
      [
        { ...base, visibleFrom: '2030-01-02T00:00:00Z', visibleUntil: '2030-01-01T00:00:00Z' },
        'visibleUntil',
      ],
    ];
    for (const [body, field] of cases) {
      const refused = await manager.post<ErrorBody>(BASE, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
      expect(refused.body.error.details?.field).toBe(field);
    }
    for (const body of [
      { ...base, cost: 0 },
      { ...base, stock: -1 },
      { ...base, kind: 'voucher' },
    ]) {
      expect((await manager.post<ErrorBody>(BASE, body)).status).toBe(400);
    }
    const member = await newMember(0);
    expect((await member.client.post<ErrorBody>(BASE, base)).status).toBe(403);
  });

  it('creates, changes and archives a reward, each audited', async () => {
    const reward = await createReward({ name: '  Mug  ', kind: 'physical', cost: 50, stock: 3 });
    expect(reward).toMatchObject({ name: 'Mug', fulfilment: 'manual', stock: 3 });
    const changed = await manager.patch<Reward>(`${BASE}/${reward.id}`, { stock: 7, cost: 60 });
    expect(changed.body).toMatchObject({ stock: 7, cost: 60 });
    const unlimited = await manager.patch<Reward>(`${BASE}/${reward.id}`, { stock: null });
    expect(unlimited.body.stock).toBeNull();
    const archived = await manager.delete<Reward>(`${BASE}/${reward.id}`);
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await manager.patch<ErrorBody>(`${BASE}/${reward.id}`, { cost: 1 })).status).toBe(409);

    const actions = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ action: string }>(
        tx,
        sql`select action from audit_log where target_id = ${reward.id} order by created_at`,
      ),
    );
    expect(actions.map((row) => row.action)).toEqual([
      'rewards.create',
      'rewards.update',
      'rewards.update',
      'rewards.archive',
    ]);
    const listed = await manager.get<Page<Reward>>(`${BASE}/manage?archived=true`);
    expect(listed.body.items.map((item) => item.id)).toContain(reward.id);
  });

  it('shows members what is open to them, what they can afford, and pages', async () => {
    await guild.db.tenant(tenantId, (tx) =>
      tx.execute(sql`update rewards set archived_at = now() where archived_at is null`),
    );
    const cheap = await createReward({ name: 'Sticker', kind: 'physical', cost: 10 });
    const dear = await createReward({ name: 'Jacket', kind: 'physical', cost: 5000 });
    const ukOnly = await createReward({
      name: 'London tour',
      kind: 'experience',
      cost: 10,
      regionCodes: ['UK'],
    });
    const gold = await createReward({
      name: 'Gold lounge',
      kind: 'experience',
      cost: 10,
      segmentKeys: ['loyalty-gold'],
    });
    const veteran = await createReward({
      name: 'Veteran pin',
      kind: 'physical',
      cost: 10,
      minLifetimePoints: 1000,
      limitLifetime: 2,
    });
    const later = await createReward({
      name: 'Later',
      kind: 'physical',
      cost: 10,
      visibleFrom: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const member = await newMember(100);

    const catalog = await member.client.get<Page<CatalogItem> & { spendable: number }>(BASE);
    expect(catalog.status).toBe(200);
    expect(catalog.body.spendable).toBe(100);
    const byName = new Map(catalog.body.items.map((item) => [item.name, item]));
    expect([...byName.keys()].sort()).toEqual(['Jacket', 'Sticker', 'Veteran pin']);
    expect(byName.get('Sticker')).toMatchObject({ affordable: true, eligible: true });
    expect(byName.get('Jacket')).toMatchObject({ affordable: false, eligible: true });
    expect(byName.get('Veteran pin')).toMatchObject({
      eligible: false,
      ineligibleReason: 'min_lifetime_points',
      redemptionsLeft: 2,
    });

    const affordable = await member.client.get<Page<CatalogItem>>(`${BASE}?affordable=true`);
    expect(affordable.body.items.map((item) => item.name)).not.toContain('Jacket');

    const first = await member.client.get<Page<CatalogItem>>(`${BASE}?limit=2`);
    const second = await member.client.get<Page<CatalogItem>>(
      `${BASE}?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(first.body.items).toHaveLength(2);
    expect([...first.body.items, ...second.body.items].map((item) => item.id).sort()).toEqual(
      [cheap.id, dear.id, veteran.id].sort(),
    );

    // Hidden rewards cannot be seen or redeemed; excluded ones say why.
    expect((await member.client.get(`${BASE}/${ukOnly.id}`)).status).toBe(404);
    expect((await member.client.get(`${BASE}/${later.id}`)).status).toBe(404);
    expect((await redeem(member, later.id)).body.error.code).toBe('not_found');
    const region = await redeem(member, ukOnly.id);
    expect(region.status).toBe(409);
    expect(region.body.error).toMatchObject({
      code: 'reward_not_eligible',
      details: { reason: 'region' },
    });
    expect((await redeem(member, gold.id)).body.error.details?.reason).toBe('segment');
    expect((await redeem(member, veteran.id)).body.error.details?.reason).toBe(
      'min_lifetime_points',
    );

    // In the UK region and the gold segment, the same member may.
    await guild.db.tenant(tenantId, async (tx) => {
      await tx.execute(sql`update users set region_id = (select id from regions where code = 'UK')
                            where id = ${member.id}`);
      await tx.execute(sql`insert into user_segments (tenant_id, user_id, segment_id)
          select ${tenantId}, ${member.id}, id from segments where key = 'loyalty-gold'`);
    });
    expect((await redeem(member, ukOnly.id)).status).toBe(201);
    expect((await redeem(member, gold.id)).status).toBe(201);
    expect(await spendable(member.id)).toBe(80);
  });
});

describe('redeeming', () => {
  it('debits once, refuses what the balance cannot cover, and takes nothing then', async () => {
    const reward = await createReward({ name: 'Cap', kind: 'physical', cost: 70, stock: 5 });
    const member = await newMember(100);
    const done = await redeem(member, reward.id, { note: 'Size L' });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ status: 'approved', cost: 70, memberNote: 'Size L' });
    const poor = await redeem(member, reward.id);
    expect(poor.status).toBe(409);
    expect(poor.body.error.code).toBe('insufficient_points');
    expect(await spendable(member.id)).toBe(30);
    expect(await rewardStock(reward.id)).toBe(4);
  });

  it('refuses out of stock with 409 and takes no points', async () => {
    const reward = await createReward({ name: 'Last one', kind: 'physical', cost: 10, stock: 1 });
    const first = await newMember(50);
    const second = await newMember(50);
    expect((await redeem(first, reward.id)).status).toBe(201);
    const late = await redeem(second, reward.id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('out_of_stock');
    expect(await spendable(second.id)).toBe(50);
    expect(await rewardStock(reward.id)).toBe(0);
  });

  it('holds members to lifetime and per-period limits; cancelled ones do not count', async () => {
    const reward = await createReward({
      name: 'Coffee',
      kind: 'physical',
      cost: 5,
      limitLifetime: 3,
      limitPerPeriod: 2,
      limitPeriod: 'day',
    });
    const member = await newMember(100);
    const one = await redeem(member, reward.id);
    expect((await redeem(member, reward.id)).status).toBe(201);
    const third = await redeem(member, reward.id);
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('redemption_limit_reached');
    expect(await spendable(member.id)).toBe(90);

    const item = await member.client.get<CatalogItem>(`${BASE}/${reward.id}`);
    expect(item.body.redemptionsLeft).toBe(0);
    expect((await member.client.post(`${BASE}/redemptions/${one.body.id}/cancel`)).status).toBe(
      200,
    );
    expect((await redeem(member, reward.id)).status).toBe(201);

    // Yesterday's redemptions count for the lifetime limit only.
    await guild.db.tenant(tenantId, (tx) =>
      tx.execute(sql`update reward_redemptions set created_at = now() - interval '3 days'
                      where user_id = ${member.id}`),
    );
    expect(
      (await member.client.get<CatalogItem>(`${BASE}/${reward.id}`)).body.redemptionsLeft,
    ).toBe(1);
    expect((await redeem(member, reward.id)).status).toBe(201);
    expect((await redeem(member, reward.id)).body.error.code).toBe('redemption_limit_reached');
  });
});

describe('approval', () => {
  it('holds a redemption for approval, then fulfils by hand once', async () => {
    const reward = await createReward({
      name: 'Workshop seat',
      kind: 'experience',
      cost: 30,
      stock: 2,
      approvalRequired: true,
    });
    const member = await newMember(100);
    const waiting = await redeem(member, reward.id);
    expect(waiting.body).toMatchObject({ status: 'pending_approval', approvalReason: 'reward' });
    expect(await spendable(member.id)).toBe(70);

    const queue = await manager.get<Page<Redemption>>(
      `${BASE}/redemptions?status=pending_approval&rewardId=${reward.id}`,
    );
    expect(queue.body.items.map((item) => item.id)).toEqual([waiting.body.id]);
    expect((await member.client.get(`${BASE}/redemptions?status=pending_approval`)).status).toBe(
      403,
    );

    const approved = await manager.post<Redemption>(
      `${BASE}/redemptions/${waiting.body.id}/approve`,
      { note: 'Enjoy' },
    );
    expect(approved.body.status).toBe('approved');
    const again = await manager.post<ErrorBody>(`${BASE}/redemptions/${waiting.body.id}/approve`);
    expect(again.status).toBe(409);

    const fulfilled = await manager.post<Redemption>(
      `${BASE}/redemptions/${waiting.body.id}/fulfil`,
      { note: 'Seat 14, 3 May' },
    );
    expect(fulfilled.body).toMatchObject({ status: 'fulfilled', fulfilmentNote: 'Seat 14, 3 May' });
    const twice = await manager.post<ErrorBody>(`${BASE}/redemptions/${waiting.body.id}/fulfil`, {
      note: 'again',
    });
    expect(twice.status).toBe(409);
    const cancel = await member.client.post<ErrorBody>(
      `${BASE}/redemptions/${waiting.body.id}/cancel`,
    );
    expect(cancel.body.error.code).toBe('redemption_not_cancellable');
    const audited = await count(sql`select count(*) as n from audit_log
        where target_id = ${waiting.body.id}
          and action in ('rewards.redemption_approve', 'rewards.redemption_fulfil')`);
    expect(audited).toBe(2);
  });

  it('holds costly rewards and risky members; a rejection refunds once and returns stock', async () => {
    const settings = await manager.put(`${BASE}/settings`, { approvalAbovePoints: 500 });
    expect(settings.status).toBe(200);
    const dear = await createReward({ name: 'Bike', kind: 'physical', cost: 600, stock: 1 });
    const cheap = await createReward({ name: 'Pen', kind: 'physical', cost: 10 });
    const member = await newMember(1000);

    const costly = await redeem(member, dear.id);
    expect(costly.body).toMatchObject({ status: 'pending_approval', approvalReason: 'value' });
    expect(await rewardStock(dear.id)).toBe(0);

    const rejected = await manager.post<Redemption>(
      `${BASE}/redemptions/${costly.body.id}/reject`,
      { note: 'Not this season' },
    );
    expect(rejected.body.status).toBe('rejected');
    expect((await manager.post(`${BASE}/redemptions/${costly.body.id}/reject`)).status).toBe(409);
    expect(await spendable(member.id)).toBe(1000);
    expect(await rewardStock(dear.id)).toBe(1);

    const flag = await manager.post<{ id: string }>(`${BASE}/risk-flags`, {
      userId: member.id,
      reason: 'Sock-puppet cluster',
    });
    expect(flag.status).toBe(201);
    const risky = await redeem(member, cheap.id);
    expect(risky.body).toMatchObject({ status: 'pending_approval', approvalReason: 'risk' });
    const flags = await manager.get<Page<{ userId: string }>>(
      `${BASE}/risk-flags?userId=${member.id}`,
    );
    expect(flags.body.items).toHaveLength(1);
    expect((await manager.post(`${BASE}/risk-flags/${flag.body.id}/clear`)).status).toBe(200);
    expect((await redeem(member, cheap.id)).body.status).toBe('approved');

    // Other parts of Guild flag members through the service.
    await guild.db.tenant(tenantId, (tx) =>
      flagMember(tx, tenantId, {
        userId: member.id,
        reason: 'Points farming',
        source: 'gaming_signals',
        createdBy: null,
      }),
    );
    expect((await redeem(member, cheap.id)).body.approvalReason).toBe('risk');
    await manager.put(`${BASE}/settings`, { approvalAbovePoints: null });
    expect((await manager.get(`${BASE}/settings`)).body).toEqual({ approvalAbovePoints: null });
  });

  it('cancels once: one refund, one unit of stock back, only by the owner or a manager', async () => {
    const reward = await createReward({ name: 'Scarf', kind: 'physical', cost: 40, stock: 3 });
    const member = await newMember(100);
    const stranger = await newMember(0);
    const made = await redeem(member, reward.id);
    expect(await rewardStock(reward.id)).toBe(2);

    const path = `${BASE}/redemptions/${made.body.id}/cancel`;
    expect((await stranger.client.post(path)).status).toBe(404);
    const results = await Promise.all([member.client.post(path), member.client.post(path)]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    expect((await manager.post<ErrorBody>(path)).body.error.code).toBe(
      'redemption_not_cancellable',
    );
    expect(await spendable(member.id)).toBe(100);
    expect(await rewardStock(reward.id)).toBe(3);
    expect(
      await count(sql`select count(*) as n from ledger_entries
                       where user_id = ${member.id} and kind = 'refund'`),
    ).toBe(1);

    const byManager = await redeem(member, reward.id);
    const cancelled = await manager.post<Redemption>(
      `${BASE}/redemptions/${byManager.body.id}/cancel`,
    );
    expect(cancelled.body.status).toBe('cancelled');
    expect(
      await count(sql`select count(*) as n from audit_log
                       where target_id = ${byManager.body.id} and action = 'rewards.redemption_cancel'`),
    ).toBe(1);
    const drift = await guild.db.tenant(tenantId, (tx) => reconcile(tx));
    expect(drift.drift).toEqual([]);
  });
});

describe('code pools', () => {
  it('reports blank lines, repeats and codes already in the pool by line number', async () => {
    const reward = await createReward({ name: 'E-book', kind: 'digital_code', cost: 10 });
    expect(reward.fulfilment).toBe('code_pool');
    const first = await manager.post<UploadReport>(`${BASE}/${reward.id}/codes`, {
      content: 'AAA-1\n\nBBB-2\nAAA-1\n  \nCCC-3\n',
    });
    expect(first.status).toBe(200);
    expect(first.body.added).toBe(3);
    expect(first.body.lines).toBe(6);
    expect(first.body.problems).toEqual([
      expect.objectContaining({ line: 2, problem: 'blank' }),
      expect.objectContaining({ line: 4, problem: 'duplicate', firstLine: 1 }),
      expect.objectContaining({ line: 5, problem: 'blank' }),
    ]);

    const csv = await manager.post<UploadReport>(`${BASE}/${reward.id}/codes`, {
      format: 'csv',
      content: 'code,batch\r\n"DDD,4",b1\r\nBBB-2,b1\r\n,b1\r\nEEE-5,b2',
    });
    expect(csv.body).toMatchObject({ added: 2, lines: 5, header: true });
    expect(csv.body.problems).toEqual([
      expect.objectContaining({ line: 3, problem: 'already_in_pool' }),
      expect.objectContaining({ line: 4, problem: 'blank' }),
    ]);
    expect(csv.body.pool).toEqual({ total: 5, free: 5, reserved: 0, issued: 0 });

    const physical = await createReward({ name: 'Lamp', kind: 'physical', cost: 10 });
    expect((await manager.post(`${BASE}/${physical.id}/codes`, { content: 'X' })).status).toBe(409);
  });

  it('gives each code to exactly one redemption, and refuses when none is left', async () => {
    const reward = await createReward({ name: 'Gift card', kind: 'digital_code', cost: 10 });
    await manager.post(`${BASE}/${reward.id}/codes`, { content: 'G-1\nG-2\nG-3' });
    const members = await Promise.all([1, 2, 3, 4].map(() => newMember(10)));
    const results = await Promise.all(members.map((member) => redeem(member, reward.id)));
    const won = results.filter((result) => result.status === 201);
    expect(won).toHaveLength(3);
    expect(won.every((result) => result.body.status === 'fulfilled')).toBe(true);
    expect(new Set(won.map((result) => result.body.code))).toEqual(new Set(['G-1', 'G-2', 'G-3']));
    const lost = results.filter((result) => result.status !== 201);
    expect(lost.map((result) => result.body.error.code)).toEqual(['out_of_stock']);
    const loser = members[results.findIndex((result) => result.status !== 201)]!;
    expect(await spendable(loser.id)).toBe(10);

    // Only the owner (and managers) see the code.
    const mine = won[0]!.body;
    const owner = members[results.indexOf(won[0]!)]!;
    expect((await owner.client.get<Redemption>(`${BASE}/redemptions/${mine.id}`)).body.code).toBe(
      mine.code,
    );
    expect((await loser.client.get(`${BASE}/redemptions/${mine.id}`)).status).toBe(404);
    const pool = await manager.get(`${BASE}/${reward.id}/codes`);
    expect(pool.body).toEqual({ total: 3, free: 0, reserved: 0, issued: 3 });
  });

  it('hides a reserved code until approval and frees it on rejection', async () => {
    const reward = await createReward({
      name: 'Voucher',
      kind: 'discount',
      cost: 10,
      approvalRequired: true,
    });
    await manager.post(`${BASE}/${reward.id}/codes`, { content: 'V-1' });
    const member = await newMember(30);
    const waiting = await redeem(member, reward.id);
    expect(waiting.body).toMatchObject({ status: 'pending_approval', code: null });
    expect((await manager.get(`${BASE}/${reward.id}/codes`)).body).toMatchObject({ reserved: 1 });
    await manager.post(`${BASE}/redemptions/${waiting.body.id}/reject`);
    expect((await manager.get(`${BASE}/${reward.id}/codes`)).body).toMatchObject({ free: 1 });

    const again = await redeem(member, reward.id);
    const approved = await manager.post<Redemption>(`${BASE}/redemptions/${again.body.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'fulfilled', code: 'V-1' });
  });
});

describe('webhook fulfilment', () => {
  async function events(rewardId: string) {
    return guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ payload: { redemptionId: string; idempotencyKey: string } }>(
        tx,
        sql`select payload from outbox_events
             where topic = 'reward.redeemed' and payload -> 'reward' ->> 'id' = ${rewardId}`,
      ),
    );
  }

  it('puts one reward.redeemed event in the outbox, keyed by the redemption', async () => {
    const reward = await createReward({
      name: 'Tree planted',
      kind: 'donation',
      cost: 25,
      fulfilment: 'webhook',
    });
    const member = await newMember(50);
    const made = await redeem(member, reward.id);
    expect(made.body.status).toBe('fulfilled');
    const written = await events(reward.id);
    expect(written).toHaveLength(1);
    expect(written[0]!.payload).toMatchObject({
      redemptionId: made.body.id,
      idempotencyKey: made.body.id,
    });
  });
});
