import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/database.js';
import * as accounts from '../../src/accounts/accounts.table.js';
import * as audit from '../../src/core/audit/audit.table.js';
import * as community from '../../src/community/community.table.js';
import * as integrations from '../../src/integrations/integrations.table.js';
import * as moderation from '../../src/moderation/moderation.table.js';
import * as tenancy from '../../src/tenancy/tenancy.table.js';
import { NOTIFICATION_KINDS } from '../../src/community/community.table.js';
import { freshDatabase } from '../support/test-database.js';

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db.close());

function tables(): PgTable[] {
  return [accounts, audit, community, integrations, moderation, tenancy]
    .flatMap((module): unknown[] => Object.values(module))
    .filter((value): value is PgTable => {
      try {
        return getTableConfig(value as PgTable).name !== undefined;
      } catch {
        return false;
      }
    });
}

describe('the Drizzle definitions match the migrated database', () => {
  it('every defined column exists with the same nullability', async () => {
    const defined = tables();
    expect(defined.length).toBeGreaterThanOrEqual(18);
    const columns = await db.query<{
      table_name: string;
      column_name: string;
      is_nullable: string;
    }>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public'`,
    );
    const actual = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, c.is_nullable]));
    for (const table of defined) {
      const config = getTableConfig(table);
      for (const column of config.columns) {
        const key = `${config.name}.${column.name}`;
        expect(actual.has(key), `${key} is missing from the migrations`).toBe(true);
        expect(actual.get(key) === 'NO', `${key} nullability`).toBe(column.notNull);
      }
    }
  });

  it('every tenant-owned table has row-level security on', async () => {
    const rows = await db.query<{ relname: string; relrowsecurity: boolean }>(
      `SELECT c.relname, c.relrowsecurity FROM pg_class c
         JOIN information_schema.columns col ON col.table_name = c.relname
        WHERE col.column_name = 'tenant_id' AND col.table_schema = 'public' AND c.relkind = 'r'`,
    );
    expect(rows.length).toBeGreaterThan(15);
    for (const row of rows) {
      expect(row.relrowsecurity, row.relname).toBe(true);
    }
  });

  it('the application role cannot change or delete what is append-only', async () => {
    const appendOnly = [
      'ledger_entries',
      'point_rule_versions',
      'activity_refunds',
      'consent_notices',
    ];
    const neverDeleted = [
      'point_balances',
      'point_lots',
      'reward_redemptions',
      'consents',
      'user_badges',
    ];
    const rights = await db.query<{ t: string; upd: boolean; del: boolean; ins: boolean }>(
      `SELECT t, has_table_privilege('guild_app', t, 'UPDATE') AS upd,
              has_table_privilege('guild_app', t, 'DELETE') AS del,
              has_table_privilege('guild_app', t, 'INSERT') AS ins
         FROM unnest($1::text[]) AS t`,
      [[...appendOnly, ...neverDeleted]],
    );
    expect(rights).toHaveLength(appendOnly.length + neverDeleted.length);
    for (const row of rights) {
      expect(row.ins, `${row.t} insert`).toBe(true);
      expect(row.del, `${row.t} delete`).toBe(false);
      expect(row.upd, `${row.t} update`).toBe(!appendOnly.includes(row.t));
    }
  });

  it('lets every notification kind the code knows past the table check', async () => {
    const [row] = await db.query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conname = 'notifications_kind_check'`,
    );
    for (const kind of NOTIFICATION_KINDS) {
      expect(row!.def, kind).toMatch(new RegExp(`'${kind}'|[{,]${kind}[,}]`));
    }
  });
});
