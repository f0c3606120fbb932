/**
 * The points ledger on the database of the run: credits, debits, idempotency keys, reversals,
 * return windows, expiry by lots in the member's time zone, and balances that always equal
 * the sum of their entries.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/accounts/accounts.service.js';
import { sqlRows, type Database } from '../../src/core/db/database.js';
import {
  balancesFor,
  credit,
  debit,
  expireDueForTenant,
  lockBalances,
  reduceEntry,
  releaseDuePending,
  reverseSource,
} from '../../src/gamification/ledger.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import { reconcileAll, sweepLedger } from '../../src/gamification/ledger-sweeper.js';
import { createLogger } from '../../src/core/logging/logger.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { freshDatabase } from '../support/test-database.js';

let db: Database;
let tenantId: string;
let counter = 0;

beforeAll(async () => {
  db = await freshDatabase();
  tenantId = await createTenant(db, {
    slug: 'ledger',
    name: 'Ledger',
    defaultLocale: 'en-GB',
    regions: [
      { code: 'DE', name: 'Germany', currency: 'EUR', locale: 'de-DE', timezone: 'Europe/Berlin' },
    ],
    segments: [],
  });
});
afterAll(() => db.close());

async function member(timezone: string | null = null): Promise<string> {
  counter += 1;
  const userId = await db.tenant(tenantId, (tx) =>
    createAccount(tx, tenantId, {
      email: `m${counter}@example.com`,
      username: `ledger_m${counter}`,
      displayName: `Member ${counter}`,
      password: 'tidy-lantern-harbour',
      role: 'member',
    }),
  );
  if (timezone) {
    await db.tenant(tenantId, (tx) =>
      tx.execute(sql`update users set timezone = ${timezone} where id = ${userId}`),
    );
  }
  return userId;
}

describe('credits and debits', () => {
  it('moves balances with the entry, and a repeated key replays the first entry', async () => {
    const userId = await member();
    const first = await db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId,
        amount: 50,
        reason: 'Order ORD-1001',
        source: 'integration',
        idempotencyKey: 'order:ORD-1001',
        tierQualifying: true,
      }),
    );
    const again = await db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId,
        amount: 50,
        reason: 'Order ORD-1001',
        source: 'integration',
        idempotencyKey: 'order:ORD-1001',
      }),
    );
    expect(first.replayed).toBe(false);
    expect(again.replayed).toBe(true);
    expect(again.entry.id).toBe(first.entry.id);
    expect(await db.tenant(tenantId, (tx) => balancesFor(tx, userId))).toEqual({
      lifetime: 50,
      spendable: 50,
      pending: 0,
      tierQualifying: 50,
    });
  });

  it('refuses a key reused for another amount, and writes nothing', async () => {
    const userId = await member();
    const input = { userId, reason: 'bonus', source: 'api' as const, idempotencyKey: 'k-reuse' };
    await db.tenant(tenantId, (tx) => credit(tx, tenantId, { ...input, amount: 10 }));
    await expect(
      db.tenant(tenantId, (tx) => credit(tx, tenantId, { ...input, amount: 11 })),
    ).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    expect((await db.tenant(tenantId, (tx) => balancesFor(tx, userId))).spendable).toBe(10);
  });

  it('refuses a debit the balance cannot cover, and takes one that it can', async () => {
    const userId = await member();
    await db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId,
        amount: 100,
        reason: 'r',
        source: 'api',
        idempotencyKey: 'd1',
      }),
    );
    const base = {
      userId,
      kind: 'redemption' as const,
      reason: 'Tote bag',
      source: 'reward' as const,
      requireFunds: true,
    };
    await expect(
      db.tenant(tenantId, (tx) =>
        debit(tx, tenantId, { ...base, amount: 101, idempotencyKey: 'redeem-1' }),
      ),
    ).rejects.toMatchObject({ code: 'insufficient_points' });
    await db.tenant(tenantId, (tx) =>
      debit(tx, tenantId, { ...base, amount: 100, idempotencyKey: 'redeem-2' }),
    );
    const balances = await db.tenant(tenantId, (tx) => balancesFor(tx, userId));
    expect(balances).toMatchObject({ spendable: 0, lifetime: 100 });
  });
});

describe('reversals', () => {
  it('reverses each entry of a cause once, however often the cause goes away', async () => {
    const userId = await member();
    await db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId,
        amount: 1000,
        reason: 'Invoice INV-5',
        source: 'integration',
        sourceRef: 'order:INV-5',
        idempotencyKey: 'purchase:INV-5',
      }),
    );
    for (let i = 0; i < 3; i += 1) {
      await db.tenant(tenantId, (tx) => reverseSource(tx, tenantId, 'order:INV-5', 'cancelled'));
    }
    const balances = await db.tenant(tenantId, (tx) => balancesFor(tx, userId));
    expect(balances).toMatchObject({ lifetime: 0, spendable: 0 });
    const rows = await db.tenant(tenantId, (tx) =>
      sqlRows<{ kind: string; amount: string }>(
        tx,
        sql`select kind, amount::text from ledger_entries where user_id = ${userId} order by id`,
      ),
    );
    expect(rows).toEqual([
      { kind: 'award', amount: '1000' },
      { kind: 'reversal', amount: '-1000' },
    ]);
  });

  it('reverses points still in their return window from the pending balance', async () => {
    const userId = await member();
    const until = new Date(Date.now() + 30 * 86_400_000);
    await db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId,
        amount: 40,
        reason: 'Order ORD-7',
        source: 'integration',
        sourceRef: 'order:ORD-7',
        idempotencyKey: 'purchase:ORD-7',
        pendingUntil: until,
      }),
    );
    expect(await db.tenant(tenantId, (tx) => balancesFor(tx, userId))).toMatchObject({
      pending: 40,
      spendable: 0,
      lifetime: 40,
    });
    await db.tenant(tenantId, (tx) => reverseSource(tx, tenantId, 'order:ORD-7', 'returned'));
    expect(await db.tenant(tenantId, (tx) => balancesFor(tx, userId))).toMatchObject({
      pending: 0,
      spendable: 0,
      lifetime: 0,
    });
    // A reversed entry is never released.
    const released = await db.tenant(tenantId, (tx) =>
      releaseDuePending(tx, tenantId, { userId, now: new Date(until.getTime() + 1000) }),
    );
    expect(released).toBe(0);
  });
});

describe('partial reversal', () => {
  it('takes part of a pending purchase from pending, releases only the rest, reverses the rest', async () => {
    const userId = await member();
    const until = new Date(Date.now() + 30 * 86_400_000);
    const { entry } = await db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId,
        amount: 1000,
        reason: 'Invoice INV-6',
        source: 'integration',
        sourceRef: 'order:INV-6',
        idempotencyKey: 'purchase:INV-6',
        pendingUntil: until,
        tierQualifying: true,
      }),
    );
    const reduce = () =>
      db.tenant(tenantId, (tx) =>
        reduceEntry(tx, tenantId, {
          entryId: entry.id,
          amount: 100,
          reason: 'Return of INV-6',
          idempotencyKey: 'refund:R-1',
        }),
      );
    await reduce();
    await reduce();
    expect(await db.tenant(tenantId, (tx) => balancesFor(tx, userId))).toEqual({
      lifetime: 900,
      spendable: 0,
      pending: 900,
      tierQualifying: 900,
    });
    await db.tenant(tenantId, (tx) =>
      releaseDuePending(tx, tenantId, { userId, now: new Date(until.getTime() + 1000) }),
    );
    expect(await db.tenant(tenantId, (tx) => balancesFor(tx, userId))).toMatchObject({
      spendable: 900,
      pending: 0,
    });
    await db.tenant(tenantId, (tx) => reverseSource(tx, tenantId, 'order:INV-6', 'cancelled'));
    expect(await db.tenant(tenantId, (tx) => balancesFor(tx, userId))).toEqual({
      lifetime: 0,
      spendable: 0,
      pending: 0,
      tierQualifying: 0,
    });
  });
});

describe('return windows and expiry', () => {
  it('releases pending points once when the window closes', async () => {
    const userId = await member();
    const until = new Date(Date.now() + 14 * 86_400_000);
    await db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId,
        amount: 25,
        reason: 'Order ORD-9',
        source: 'integration',
        idempotencyKey: 'purchase:ORD-9',
        pendingUntil: until,
      }),
    );
    const later = new Date(until.getTime() + 1000);
    expect(
      await db.tenant(tenantId, (tx) => releaseDuePending(tx, tenantId, { userId, now: later })),
    ).toBe(1);
    expect(
      await db.tenant(tenantId, (tx) => releaseDuePending(tx, tenantId, { userId, now: later })),
    ).toBe(0);
    expect(await db.tenant(tenantId, (tx) => balancesFor(tx, userId))).toMatchObject({
      pending: 0,
      spendable: 25,
      lifetime: 25,
    });
  });

  it('expires the oldest lot first, at the end of its day in the member time zone', async () => {
    const userId = await member('Europe/Berlin');
    // Lot A expires after 0 days: at the end of today in Berlin; lot B after 30 days.
    await db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId,
        amount: 200,
        reason: 'A',
        source: 'api',
        idempotencyKey: `lot-a-${userId}`,
        expiresInDays: 0,
      }),
    );
    await db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId,
        amount: 100,
        reason: 'B',
        source: 'api',
        idempotencyKey: `lot-b-${userId}`,
        expiresInDays: 30,
      }),
    );
    const [lotA] = await db.tenant(tenantId, (tx) =>
      sqlRows<{ expires_at: string | Date; local: string }>(
        tx,
        sql`select expires_at, (expires_at at time zone 'Europe/Berlin')::text as local
              from ledger_entries where idempotency_key = ${`lot-a-${userId}`}`,
      ),
    );
    expect(lotA!.local).toMatch(/ 00:00:00$/);
    // Spend 150: all from lot A (it expires first).
    await db.tenant(tenantId, (tx) =>
      debit(tx, tenantId, {
        userId,
        amount: 150,
        kind: 'redemption',
        reason: 'r',
        source: 'reward',
        requireFunds: true,
        idempotencyKey: `spend-${userId}`,
      }),
    );
    const expiresAt = new Date(lotA!.expires_at);
    // One second before the end of the day nothing expires; one second after, lot A's rest.
    const before = await db.tenant(tenantId, (tx) =>
      expireDueForTenant(tx, tenantId, { now: new Date(expiresAt.getTime() - 1000) }),
    );
    expect(before).toBe(0);
    await db.tenant(tenantId, (tx) =>
      expireDueForTenant(tx, tenantId, { now: new Date(expiresAt.getTime() + 1000) }),
    );
    expect(await db.tenant(tenantId, (tx) => balancesFor(tx, userId))).toMatchObject({
      spendable: 100,
      lifetime: 300,
    });
  });
});

describe('the sweeper', () => {
  it('releases and expires across tenants, once however often it runs', async () => {
    const userId = await member();
    const until = new Date(Date.now() + 7 * 86_400_000);
    await db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, {
        userId,
        amount: 30,
        reason: 'Order ORD-12',
        source: 'integration',
        idempotencyKey: `sweep-${userId}`,
        pendingUntil: until,
        expiresInDays: 10,
      }),
    );
    const afterWindow = new Date(until.getTime() + 60_000);
    const first = await sweepLedger(db, afterWindow);
    const again = await sweepLedger(db, afterWindow);
    expect(first.released).toBeGreaterThanOrEqual(1);
    expect(again.released).toBe(0);
    expect(await db.tenant(tenantId, (tx) => balancesFor(tx, userId))).toMatchObject({
      pending: 0,
      spendable: 30,
    });
    // Ten days after the window closed, end of day in the member's zone: gone.
    await sweepLedger(db, new Date(until.getTime() + 12 * 86_400_000));
    expect(await db.tenant(tenantId, (tx) => balancesFor(tx, userId))).toMatchObject({
      spendable: 0,
      lifetime: 30,
    });
  });
});

describe('reconciliation', () => {
  it('finds no drift after all of the above, and finds a balance changed behind its back', async () => {
    const clean = await db.tenant(tenantId, (tx) => reconcile(tx));
    expect(clean.membersChecked).toBeGreaterThan(3);
    expect(clean.drift).toEqual([]);
    const userId = await member();
    await db.tenant(tenantId, (tx) =>
      credit(tx, tenantId, { userId, amount: 5, reason: 'r', source: 'api', idempotencyKey: 'x5' }),
    );
    await db.system.execute(
      sql`update point_balances set spendable = spendable + 1 where user_id = ${userId}`,
    );
    const drifted = await db.tenant(tenantId, (tx) => reconcile(tx));
    expect(drifted.drift).toEqual([
      expect.objectContaining({ userId, field: 'spendable', recorded: 6, fromEntries: 5 }),
    ]);
    const drifted2 = await reconcileAll(db, createLogger('silent'));
    expect(drifted2).toEqual([{ tenantId, members: 1 }]);
    await db.tenant(tenantId, (tx) => lockBalances(tx, tenantId, userId));
  });
});
