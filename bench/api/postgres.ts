/**
 * A throw-away database on the local PostgreSQL server: `guild_bench_<timestamp>`, created
 * before the run and dropped after it, also when the run fails.
 */
import pg from 'pg';

export const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function refuseRemote(serverUrl: string): void {
  const host = new URL(serverUrl).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    throw new Error(`the benchmark only talks to a loopback PostgreSQL (got ${host})`);
  }
}

async function asAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: withDatabase(serverUrl, 'postgres'),
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Waits (up to 5 s) until nobody is connected to `name`. Guild's `db.close()` (pg's
 * `pool.end()`) resolves before its sockets have closed; dropping WITH (FORCE) in that window
 * terminates those backends, and the pool, which has no 'error' listener, crashes the process.
 */
async function waitUntilUnused(client: pg.Client, name: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
      [name],
    );
    if ((rows[0]?.n ?? 0) === 0) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function timestamp(): string {
  return new Date().toISOString().replace(/\D/g, '').slice(0, 17);
}

/** Creates the database; throws when the server cannot be reached. */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  refuseRemote(serverUrl);
  const name = `guild_bench_${timestamp()}`;
  await asAdmin(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  let dropped = false;
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: async () => {
      if (!dropped) {
        dropped = true;
        await asAdmin(serverUrl, async (client) => {
          await waitUntilUnused(client, name);
          await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        });
      }
    },
  };
}
