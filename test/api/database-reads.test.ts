/**
 * The database layer's shortcuts for busy servers, on PGlite and on PostgreSQL: reads that run
 * without a transaction still see one tenant only and cannot write; statements a process sends
 * often become prepared statements; a balance lock taken twice in a transaction is sent once
 * and forgotten when a savepoint rolls back.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  locksHeld,
  openDatabase,
  sqlRows,
  withSavepoint,
  type Database,
  type Orm,
} from '../../src/core/db/database.js';
import { holdBalance } from '../../src/gamification/ledger.js';
import { StatementNames } from '../../src/core/db/prepared.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { createAccount } from '../../src/accounts/accounts.service.js';
import { freshServerDatabase, freshDatabase, serverUrl } from '../support/test-database.js';

let db: Database;
const tenants: Record<string, string> = {};
const members: Record<string, string> = {};

beforeAll(async () => {
  db = await freshDatabase();
  for (const slug of ['north', 'south']) {
    tenants[slug] = await createTenant(db, {
      slug,
      name: `Tenant ${slug}`,
      defaultLocale: 'en-GB',
      regions: [],
      segments: [],
    });
    const tenantId = tenants[slug];
    const account = await db.tenant(tenantId, (tx) =>
      createAccount(tx, tenantId, {
        email: `${slug}@example.com`,
        password: 'tidy-lantern-harbour',
        username: `${slug}_member`,
        displayName: `${slug} member`,
        role: 'member',
      }),
    );
    members[slug] = account;
  }
}, 60_000);

afterAll(async () => {
  await db?.close();
});

const usernames = (tx: Orm) =>
  sqlRows<{ username: string }>(tx, sql`select username from users order by username`);

describe('reads', () => {
  it('see only their tenant, also when one connection serves both in turn', async () => {
    for (let round = 0; round < 3; round += 1) {
      expect(await db.tenantRead(tenants.north!, usernames)).toEqual([
        { username: 'north_member' },
      ]);
      expect(await db.tenantRead(tenants.south!, usernames)).toEqual([
        { username: 'south_member' },
      ]);
    }
  });

  it('refuse to write, and the connection serves the next read', async () => {
    await expect(
      db.tenantRead(tenants.north!, (tx) =>
        tx.execute(sql`update users set display_name = 'changed' where username = 'north_member'`),
      ),
    ).rejects.toSatisfy((error: Error) => /read-only/.test(String(error.cause)));
    const [row] = await db.tenantRead(tenants.north!, (tx) =>
      sqlRows<{ display_name: string }>(tx, sql`select display_name from users`),
    );
    expect(row!.display_name).toBe('north member');
  });

  it('refuse a tenant id that is not a UUID', async () => {
    await expect(db.tenantRead("x', true) --", usernames)).rejects.toThrow(/UUID/);
  });
});

describe('balance locks', () => {
  it('are sent once per transaction and forgotten after a savepoint rolls back', async () => {
    await db.tenant(tenants.north!, async (tx) => {
      await holdBalance(tx, tenants.north!, members.north!);
      expect(locksHeld(tx).size).toBe(1);
      await holdBalance(tx, tenants.north!, members.north!);
      expect(locksHeld(tx).size).toBe(1);
      await expect(withSavepoint(tx, () => Promise.reject(new Error('undone')))).rejects.toThrow(
        'undone',
      );
      expect(locksHeld(tx).size).toBe(0);
      await holdBalance(tx, tenants.north!, members.north!);
      const [row] = await sqlRows<{ spendable: string }>(
        tx,
        sql`select spendable::text from point_balances where user_id = ${members.north!}`,
      );
      // The first hold made the member's balance row, at zero.
      expect(row!.spendable).toBe('0');
    });
  });

  it('hold the row against another transaction until the first ends', async () => {
    const url = serverUrl();
    if (url === null) {
      console.info('skipped on PGlite: it has one connection, so nothing can wait on a lock');
      return;
    }
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const heldNow = new Promise<void>((resolve) => (held = resolve));
    const order: string[] = [];
    const first = db.tenant(tenants.south!, async (tx) => {
      await holdBalance(tx, tenants.south!, members.south!);
      held();
      await holding;
      order.push('first ends');
    });
    await heldNow;
    const second = db.tenant(tenants.south!, async (tx) => {
      await holdBalance(tx, tenants.south!, members.south!);
      order.push('second holds');
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first ends', 'second holds']);
  });
});

describe('prepared statements', () => {
  it('name a text once it ran three times, and never more than the cap', () => {
    const names = new StatementNames(3, 2);
    expect(names.nameOf('select $1')).toBeUndefined();
    expect(names.nameOf('select $1')).toBeUndefined();
    const name = names.nameOf('select $1');
    expect(name).toMatch(/^guild_/);
    expect(names.nameOf('select $1')).toBe(name);
    for (let run = 0; run < 3; run += 1) {
      names.nameOf('select $2');
      names.nameOf('select $3');
    }
    expect(names.size).toBe(2);
    expect(names.nameOf('select $3')).toBeUndefined();
  });

  it('are kept by a server connection for a statement sent often', async () => {
    const url = serverUrl();
    if (url === null) {
      console.info('skipped on PGlite: it runs in this process and has no connections');
      return;
    }
    const own = openDatabase({ url: await freshServerDatabase(url), pgliteDir: '', poolSize: 1 });
    try {
      const tenantId = await createTenant(own, {
        slug: 'prepared',
        name: 'Prepared',
        defaultLocale: 'en-GB',
        regions: [],
        segments: [],
      });
      const statement = (tx: Orm) =>
        sqlRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from users where status = ${'active'}`,
        );
      const prepared = await own.tenantRead(tenantId, async (tx) => {
        for (let run = 0; run < 4; run += 1) {
          expect(await statement(tx)).toEqual([{ n: 0 }]);
        }
        return sqlRows<{ statement: string }>(
          tx,
          sql`select statement from pg_prepared_statements where name like 'guild_%'`,
        );
      });
      expect(prepared.map((row) => row.statement)).toContain(
        'select count(*)::int as n from users where status = $1',
      );
    } finally {
      await own.close();
    }
  });
});
