/**
 * `withSavepoint` inside a tenant transaction, on PGlite and on PostgreSQL: a failure undoes
 * only its own work, the transaction goes on as the restricted role with the tenant still set,
 * and everything commits together at the end.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows, withSavepoint } from '../../src/core/db/database.js';
import { addTenant, startTestGuild, type TestGuild } from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;

beforeAll(async () => {
  guild = await startTestGuild();
  tenantId = await addTenant(guild, 'alpha');
});
afterAll(() => guild?.stop());

describe('savepoints in a tenant transaction', () => {
  it('undo only the failed part and keep the tenant, the role and the transaction', async () => {
    const seen = await guild.db.tenant(tenantId, async (tx) => {
      const note = (action: string) =>
        tx.execute(sql`insert into audit_log (tenant_id, action) values (${tenantId}, ${action})`);
      await note('savepoint.before');
      await withSavepoint(tx, () => note('savepoint.kept'));
      await expect(
        withSavepoint(tx, async () => {
          await note('savepoint.undone');
          throw new Error('this part fails');
        }),
      ).rejects.toThrow('this part fails');
      await note('savepoint.after');
      const [state] = await sqlRows<{ role: string; tenant: string; open: boolean }>(
        tx,
        sql`select current_user as role, current_setting('guild.tenant_id', true) as tenant,
                   now() = statement_timestamp() as open`,
      );
      return state;
    });
    // Still one transaction (now() is its start, not this statement's), as guild_app.
    expect(seen).toEqual({ role: 'guild_app', tenant: tenantId, open: false });
    const actions = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ action: string }>(
        tx,
        sql`select action from audit_log where action like 'savepoint.%' order by seq`,
      ),
    );
    expect(actions.map((row) => row.action)).toEqual([
      'savepoint.before',
      'savepoint.kept',
      'savepoint.after',
    ]);
  });
});
