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

async function asAdmin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({
    connectionString: withDatabase(serverUrl, 'postgres'),
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query(statement);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function timestamp(): string {
  return new Date().toISOString().replace(/\D/g, '').slice(0, 17);
}

/** Creates the database; throws when the server cannot be reached. */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  refuseRemote(serverUrl);
  const name = `guild_bench_${timestamp()}`;
  await asAdmin(serverUrl, `CREATE DATABASE "${name}"`);
  let dropped = false;
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: async () => {
      if (!dropped) {
        dropped = true;
        await asAdmin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }
    },
  };
}
