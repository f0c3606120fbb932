/**
 * Gives each test file its own database. On PGlite that is a fresh in-memory instance loaded
 * from the archive of a data directory the global setup migrated once; on a PostgreSQL server (GUILD_TEST_DATABASE_URL) it is a new database cloned from a template the
 * global setup migrated once, so files run in parallel and need no clean-up between tests.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/core/db/database.js';
import { migrate } from '../../src/core/db/migrate.js';

/** The server URL for the run, or null to run on PGlite. */
export function serverUrl(): string | null {
  const url = process.env.GUILD_TEST_DATABASE_URL;
  return url === undefined || url === '' ? null : url;
}

export function templateName(url: string): string {
  return `${new URL(url).pathname.slice(1)}_template`;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates and migrates the template database (global setup). */
export async function prepareTemplate(url: string): Promise<void> {
  const template = templateName(url);
  await admin(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${template}"`);
  });
  const db = openDatabase({ url: withDatabase(url, template), pgliteDir: '', poolSize: 1 });
  await migrate(db);
  await db.close();
}

/** Drops the template and every database cloned from it (global teardown). */
export async function dropTemplate(url: string): Promise<void> {
  const template = templateName(url);
  await admin(url, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${template.replace(/_template$/, '')}_f%`],
    );
    for (const row of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    }
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  });
}

/** Where the global setup left the archive of a migrated PGlite data directory. */
export const PGLITE_TEMPLATE_ENV = 'GUILD_TEST_PGLITE_TEMPLATE';

/** A migrated in-memory PGlite database, as an archive of its data directory. */
export async function pgliteTemplate(): Promise<Blob> {
  const db = openDatabase({ url: null, pgliteDir: 'memory://', poolSize: 1 });
  try {
    await migrate(db);
    const dump = db.dumpPglite;
    if (dump === null) {
      throw new Error('expected an embedded database');
    }
    return await dump('none');
  } finally {
    await db.close();
  }
}

let templateImage: Blob | undefined;

/** A new, migrated database for one test file. */
export async function freshDatabase(): Promise<Database> {
  const url = serverUrl();
  if (url === null) {
    const file = process.env[PGLITE_TEMPLATE_ENV];
    if (file) {
      templateImage ??= new Blob([readFileSync(file)]);
      return openDatabase({
        url: null,
        pgliteDir: 'memory://',
        poolSize: 1,
        pgliteImage: templateImage,
      });
    }
    // Run outside the suite's global setup (the browser tests): migrate from scratch.
    const db = openDatabase({ url: null, pgliteDir: 'memory://', poolSize: 1 });
    await migrate(db);
    return db;
  }
  return openDatabase({ url: await freshServerDatabase(url), pgliteDir: '', poolSize: 5 });
}

/**
 * A new, migrated database on the run's server; returns its URL (for a Guild process the test
 * starts itself). Dropped with the others at the end of the run.
 */
export async function freshServerDatabase(url: string): Promise<string> {
  const template = templateName(url);
  const name = `${template.replace(/_template$/, '')}_f${randomBytes(5).toString('hex')}`;
  await admin(url, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return withDatabase(url, name);
}
