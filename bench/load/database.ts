/**
 * The load benchmark's throw-away PostgreSQL database: `<prefix>_<random>` on the local server
 * (prefix `guild_bench_load` unless BENCH_DB_PREFIX says otherwise), created before the run
 * and dropped after it, also when the run fails or is interrupted.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_SERVER } from '../api/postgres.js';

export interface LoadDatabase {
  name: string;
  /** The server's URL (without the database). */
  server: string;
  url: string;
  drop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function urlFor(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: urlFor(serverUrl, 'postgres'),
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server URL from BENCH_PG_URL (loopback only) and the name prefix from BENCH_DB_PREFIX. */
export function databaseSettings(env: NodeJS.ProcessEnv): { server: string; prefix: string } {
  const server = env.BENCH_PG_URL || DEFAULT_SERVER;
  const host = new URL(server).hostname;
  if (!LOOPBACK.has(host)) {
    throw new Error(`the load benchmark only talks to a loopback PostgreSQL (got ${host})`);
  }
  const prefix = env.BENCH_DB_PREFIX || 'guild_bench_load';
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) {
    throw new Error('BENCH_DB_PREFIX must be lowercase letters, digits and _ (at most 41)');
  }
  return { server, prefix };
}

export async function createLoadDatabase(server: string, prefix: string): Promise<LoadDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin(server, (client) => client.query(`CREATE DATABASE "${name}"`));
  let dropped: Promise<void> | null = null;
  const drop = () =>
    admin(server, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  return {
    name,
    server,
    url: urlFor(server, name),
    drop: () => (dropped ??= drop()),
  };
}

/** Process ids of the PostgreSQL backends now connected to `name` (for their CPU time). */
export function backendPids(server: string, name: string): Promise<number[]> {
  return admin(server, async (client) => {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1',
      [name],
    );
    return rows.map((row) => row.pid);
  });
}
