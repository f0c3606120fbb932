import { afterAll, describe, expect, it } from 'vitest';
import { createTenant } from '../tenancy/tenancy.service.js';
import { createAccount } from '../accounts/accounts.service.js';
import { credit } from '../gamification/ledger.js';
import { cliKit } from '../../test/support/cli-kit.js';

describe('guild points reconcile', () => {
  const { guild, withData, cleanup } = cliKit('points');
  afterAll(cleanup);

  it('says "no drift" for a sound ledger and exits 1 naming a balance changed behind its back', async () => {
    await withData(async (db) => {
      const tenantId = await createTenant(db, {
        slug: 'northwind',
        name: 'Northwind',
        defaultLocale: 'en-GB',
        regions: [],
        segments: [],
      });
      const userId = await db.tenant(tenantId, (tx) =>
        createAccount(tx, tenantId, {
          email: 'ada@example.com',
          username: 'ada',
          displayName: 'Ada',
          password: 'tidy-lantern-harbour',
          role: 'member',
        }),
      );
      await db.tenant(tenantId, (tx) =>
        credit(tx, tenantId, {
          userId,
          amount: 70,
          reason: 'r',
          source: 'api',
          idempotencyKey: 'a',
        }),
      );
    });
    const sound = await guild(['points', 'reconcile']);
    expect(sound).toMatchObject({ code: 0 });
    expect(sound.stdout).toMatch(/northwind: 1 members, 1 entries, no drift/);

    await withData((db) => db.exec('UPDATE point_balances SET lifetime = lifetime + 5'));
    const drifted = await guild(['points', 'reconcile', '--tenant', 'northwind']);
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(/lifetime: recorded 75, entries say 70/);
  }, 60_000);
});
