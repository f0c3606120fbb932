/**
 * The one way Guild reaches PostgreSQL: embedded PGlite when no DATABASE_URL is set, a `pg`
 * pool otherwise. Both are driven through Drizzle, so the rest of Guild never knows which.
 *
 * Tenant isolation is enforced by the database itself (row-level security, see the first
 * migration): domain code reaches tenant data only through `tenant()`, which runs its work in
 * a transaction as the restricted role `guild_app` with the tenant set, or `tenantRead()`,
 * which does the same for reads on read-only connections. A query that forgets its tenant
 * sees nothing. `system` bypasses the policies and is kept for start-up, the
 * look-ups that find the tenant in the first place (session, token, host), and operators' tools.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { preparingClient, StatementNames } from './prepared.js';

/**
 * Runs `work` inside a savepoint of the transaction `tx` is in: when it throws, only its own
 * changes are undone and the error goes on; the transaction stays usable. Use this, never
 * `transaction()`, inside a tenant transaction: on a server, a handle given by `tenant()` is a
 * connection already in a transaction, and a nested `transaction()` would commit it early.
 */
export async function withSavepoint<T>(tx: Orm, work: () => Promise<T>): Promise<T> {
  const name = sql.raw(`guild_sp_${savepoints++}`);
  await tx.execute(sql`savepoint ${name}`);
  try {
    const result = await work();
    await tx.execute(sql`release savepoint ${name}`);
    return result;
  } catch (error) {
    await tx.execute(sql`rollback to savepoint ${name}`);
    // Row locks taken after the savepoint went with it.
    heldLocks.delete(tx);
    throw error;
  }
}
let savepoints = 0;

const heldLocks = new WeakMap<Orm, Set<string>>();

/**
 * The row locks a transaction has taken, by their callers' keys, so that work asking again
 * for a lock it holds sends nothing. A rollback to a savepoint forgets them all.
 */
export function locksHeld(tx: Orm): Set<string> {
  let held = heldLocks.get(tx);
  if (!held) {
    held = new Set();
    heldLocks.set(tx, held);
  }
  return held;
}

/** A Drizzle handle: the whole database, or one transaction of it. */
export type Orm = PgDatabase<PgQueryResultHKT>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Bypasses tenant isolation. Use only before the tenant is known, or in operator tools. */
  readonly system: Orm;
  /** Runs `work` in one transaction that sees and changes only `tenantId`'s rows. */
  tenant<T>(tenantId: string, work: (db: Orm) => Promise<T>): Promise<T>;
  /**
   * Runs read-only `work` that sees only `tenantId`'s rows; a write fails. On a server it
   * runs on a connection kept for reads, without a transaction of its own (each statement
   * reads committed data, as it would inside one): it costs one round trip per statement.
   */
  tenantRead<T>(tenantId: string, work: (db: Orm) => Promise<T>): Promise<T>;
  /** Parameterised SQL as the owner, for health checks, migrations and benchmarks. */
  query<R extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** The SQL entry point of the job queue (pg-boss), which sends its own statements. */
  jobSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /**
   * Several statements without parameters, as the owner (migrations). When one fails, an
   * open transaction on the same connection is rolled back before the error is thrown.
   */
  exec(text: string): Promise<void>;
  /**
   * PGlite only: the whole data directory as one tar archive (gzipped when asked), for backups
   * and for the tests' migrated template. Null on a server, where pg_dump does this.
   */
  readonly dumpPglite: ((compression: 'gzip' | 'none') => Promise<Blob>) | null;
  /**
   * Runs `work` while no other process runs work under the same `lock` on this database (a
   * session advisory lock on a connection of its own; PGlite has one process anyway).
   */
  exclusive<T>(lock: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string | null;
  pgliteDir: string;
  poolSize: number;
  /** PGlite only: start from this archive of a data directory (see `dumpPglite`). */
  pgliteImage?: Blob;
}

async function enterTenant(db: Orm, tenantId: string): Promise<void> {
  await db.execute(
    sql`select set_config('role', 'guild_app', true), set_config('guild.tenant_id', ${tenantId}, true)`,
  );
}

function tenantRunner(system: Orm, options: { readOnly: boolean }) {
  return <T>(tenantId: string, work: (db: Orm) => Promise<T>): Promise<T> =>
    system.transaction(async (tx) => {
      checkTenantId(tenantId);
      await enterTenant(tx, tenantId);
      if (options.readOnly) {
        await tx.execute(sql`set transaction read only`);
      }
      return work(tx);
    });
}

/** Raised when another live process has the embedded database open. */
export class DatabaseInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid}. ` +
        'Stop that Guild first (or point DATABASE_URL at a PostgreSQL server, which many ' +
        'processes can share).',
    );
    this.name = 'DatabaseInUseError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: a second process opening the same directory would
 * corrupt it. A lock file holding the owner's pid keeps it to one; a stale lock (its process
 * gone) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'guild.lock');
  try {
    const holder = Number(readFileSync(lockFile, 'utf8'));
    if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
      throw new DatabaseInUseError(dataDir, holder);
    }
  } catch (error) {
    if (error instanceof DatabaseInUseError) {
      throw error;
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function openPglite(dataDir: string, image?: Blob): Database {
  let unlock = () => undefined as void;
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  const client = new PGlite(dataDir, image ? { loadDataDir: image } : {});
  const system = drizzlePglite(client) as unknown as Orm;

  return {
    kind: 'pglite',
    system,
    tenant: tenantRunner(system, { readOnly: false }),
    tenantRead: tenantRunner(system, { readOnly: true }),
    query: async <R extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
      (await client.query<R>(text, params)).rows,
    // PGlite's query() takes one statement; pg-boss also sends parameterless scripts of
    // several (its migrations), which go to exec() instead.
    jobSql: async (text, values = []) => {
      if (values.length === 0 && text.includes(';')) {
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      return { rows: (await client.query(text, values)).rows };
    },
    exec: async (text) => {
      try {
        await client.exec(text);
      } catch (error) {
        await client.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    dumpPglite: (compression) => client.dumpDataDir(compression),
    exclusive: (_lock, work) => work(),
    close: async () => {
      await client.close();
      unlock();
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkTenantId(tenantId: string): void {
  if (!UUID.test(tenantId)) {
    throw new Error('A tenant id must be a UUID');
  }
}

/**
 * Runs `work` on a connection of `pool` held for it. The server may end a checked-out
 * connection (restart, admin command) between two statements; `pg` then emits 'error' on the
 * client, which would crash the process unheard. Keep it: the next statement fails, and the
 * connection is thrown away on release, as it is when `work` calls `discard`.
 */
async function onConnection<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, discard: (error: unknown) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const discard = (error: unknown) => {
    broken = error instanceof Error ? error : new Error('connection unusable');
  };
  client.on('error', discard);
  try {
    return await work(client, discard);
  } finally {
    client.off('error', discard);
    client.release(broken);
  }
}

/** Runs `work` in a transaction on the connection; rolls back and rethrows when it throws. */
async function inTransaction<T>(
  client: pg.PoolClient,
  discard: (error: unknown) => void,
  begin: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    await client.query(begin);
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(discard);
    throw error;
  }
}

/**
 * On a server every round trip counts, so a tenant transaction opens with one: BEGIN and the
 * settings travel together. The tenant id is checked to be a UUID before it is written into
 * that statement. The handle given to `work` is already inside the transaction; it must not
 * open another with `transaction()`.
 */
function pgTenantRunner(pool: pg.Pool) {
  return async <T>(tenantId: string, work: (db: Orm) => Promise<T>): Promise<T> => {
    checkTenantId(tenantId);
    const begin =
      `BEGIN; SELECT set_config('role', 'guild_app', true), ` +
      `set_config('guild.tenant_id', '${tenantId}', true)`;
    return await onConnection(pool, (client, discard) =>
      inTransaction(client, discard, begin, () => work(drizzlePg(client))),
    );
  };
}

/**
 * Reads skip BEGIN and COMMIT, two of the four round trips of a short read. Their connections
 * come from a pool of their own, set once per session to the app role, read-only, and to a
 * tenant, which is changed (one round trip) only when the next read is for another tenant.
 * They are never handed to owner or write work.
 */
function pgReadRunner(pool: pg.Pool) {
  const tenantOf = new WeakMap<pg.PoolClient, string>();
  return async <T>(tenantId: string, work: (db: Orm) => Promise<T>): Promise<T> => {
    checkTenantId(tenantId);
    return await onConnection(pool, async (client) => {
      if (tenantOf.get(client) !== tenantId) {
        tenantOf.delete(client);
        await client.query(
          `SELECT set_config('role', 'guild_app', false), ` +
            `set_config('default_transaction_read_only', 'on', false), ` +
            `set_config('guild.tenant_id', $1, false)`,
          [tenantId],
        );
        tenantOf.set(client, tenantId);
      }
      return work(drizzlePg(client));
    });
  };
}

function openPostgres(url: string, poolSize: number): Database {
  const Client = preparingClient(new StatementNames());
  const pool = new pg.Pool({ connectionString: url, max: poolSize, Client });
  const readPool = new pg.Pool({ connectionString: url, max: poolSize, Client });
  // An idle connection the server drops (restart, failover) must not crash the process; the
  // pool discards it and opens a new one on demand.
  pool.on('error', () => undefined);
  readPool.on('error', () => undefined);
  const system = drizzlePg(pool) as unknown as Orm;

  return {
    kind: 'postgres',
    system,
    tenant: pgTenantRunner(pool),
    tenantRead: pgReadRunner(readPool),
    query: async <R extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
      (await pool.query<R>(text, params)).rows,
    jobSql: async (text, values = []) => ({ rows: (await pool.query(text, values)).rows }),
    exec: (text) =>
      onConnection(pool, async (connection) => {
        try {
          await connection.query(text);
        } catch (error) {
          await connection.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    dumpPglite: null,
    exclusive: async (lock, work) => {
      const holder = new pg.Client({ connectionString: url });
      holder.on('error', () => undefined);
      await holder.connect();
      try {
        await holder.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
        return await work();
      } finally {
        // Ending the session releases the lock, also when the unlock cannot be sent.
        await holder.end().catch(() => undefined);
      }
    },
    close: async () => {
      await Promise.all([pool.end(), readPool.end()]);
    },
  };
}

/** Opens the database named by the options; nothing is queried until first use. */
export function openDatabase(options: DatabaseOptions): Database {
  return options.url
    ? openPostgres(options.url, options.poolSize)
    : openPglite(options.pgliteDir, options.pgliteImage);
}

/** Runs a raw SQL fragment through Drizzle and returns its rows (on PGlite and on `pg`). */
export async function sqlRows<R>(db: Orm, query: SQL): Promise<R[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: R[] }).rows;
}
