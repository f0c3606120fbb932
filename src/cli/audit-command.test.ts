import { afterAll, describe, expect, it } from 'vitest';
import { recordAuditAs } from '../core/audit/audit.js';
import { createTenant } from '../tenancy/tenancy.service.js';
import { cliKit } from '../../test/support/cli-kit.js';

describe('guild audit verify', () => {
  const { guild, withData, cleanup } = cliKit('audit');
  afterAll(cleanup);

  it('says the chain is intact, then exits 1 naming the entry edited behind its back', async () => {
    await withData(async (db) => {
      const tenantId = await createTenant(db, {
        slug: 'northwind',
        name: 'Northwind',
        defaultLocale: 'en-GB',
        regions: [],
        segments: [],
      });
      await db.tenant(tenantId, async (tx) => {
        for (const action of ['spaces.create', 'users.change', 'rewards.create']) {
          await recordAuditAs(tx, { tenantId, actorId: null, ip: '192.0.2.7' }, { action });
        }
      });
    });
    const sound = await guild(['audit', 'verify']);
    expect(sound.code).toBe(0);
    const match = /northwind: 3 entries, chain intact; head (3):([0-9a-f]{64})/.exec(sound.stdout);
    expect(match, sound.stdout).not.toBeNull();
    const anchor = `${match![1]}:${match![2]}`;
    expect(
      (await guild(['audit', 'verify', '--tenant', 'northwind', '--anchor', anchor])).code,
    ).toBe(0);

    await withData((db) => db.exec("UPDATE audit_log SET action = 'spaces.delete' WHERE seq = 2"));
    const edited = await guild(['audit', 'verify', '--tenant', 'northwind']);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toMatch(/CHAIN BROKEN/);
    expect(edited.stdout).toMatch(/entry 2 hash_mismatch/);

    const malformed = await guild(['audit', 'verify', '--tenant', 'northwind', '--anchor', 'x']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/--anchor takes <seq>:<hash>/);
  }, 60_000);
});
