/**
 * `guild backup` and `guild restore` as an operator runs them (the real command in a child
 * process), on the embedded database and on a PostgreSQL server: a community built through
 * the API is backed up, restored into a fresh database, and every table of the public and
 * pgboss schemas is compared row for row; Guild then starts on the restored copy. Also the
 * refusals: a running Guild, a non-empty target, a backup from a newer Guild, a truncated or
 * damaged file — each with a clear message and the target left exactly as it was.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuild, type Guild } from '../../src/app.js';
import { loadConfig } from '../../src/core/config/config.js';
import { openBackup, restorePglite } from '../../src/core/db/backup.js';
import { openDatabase, type Database } from '../../src/core/db/database.js';
import { migrate } from '../../src/core/db/migrate.js';
import { createLogger } from '../../src/core/logging/logger.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { addMember, addTenant, TestClient, type TestMember } from '../support/harness.js';
import { serverUrl } from '../support/test-database.js';

const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `guild <args>` in a child process, on the database the environment names. */
function guild(args: string[], database: { pgliteDir?: string; url?: string }): Promise<CliResult> {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: {
      ...process.env,
      GUILD_PGLITE_DIR: database.pgliteDir ?? '',
      DATABASE_URL: database.url ?? '',
      GUILD_LOG_LEVEL: 'silent',
    },
  }).then(
    (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
    (error: CliResult) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

type Fingerprint = Record<string, { rows: number; md5: string | null }>;

/** Row count and an md5 over the ordered rows of every table in the public and pgboss schemas. */
async function fingerprint(db: Database): Promise<Fingerprint> {
  const tables = await db.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE'
      ORDER BY 1, 2`,
  );
  const result: Fingerprint = {};
  for (const { schema, name } of tables) {
    const [row] = await db.query<{ rows: number; md5: string | null }>(
      `SELECT count(*)::int AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5
         FROM "${schema}"."${name}" t`,
    );
    result[`${schema}.${name}`] = row!;
  }
  return result;
}

async function fingerprintOf(database: { pgliteDir?: string; url?: string }) {
  const db = openDatabase({
    url: database.url ?? null,
    pgliteDir: database.pgliteDir ?? '',
    poolSize: 1,
  });
  try {
    return await fingerprint(db);
  } finally {
    await db.close();
  }
}

function configFor(): ReturnType<typeof loadConfig> {
  return loadConfig({
    NODE_ENV: 'test',
    GUILD_PORT: '0',
    GUILD_DEFAULT_TENANT: 'alpha',
    GUILD_WRITES_PER_MINUTE: '100000',
    GUILD_WEB_DIR: './web/dist',
    GUILD_BASE_HOST: 'guild.test',
    // Sign-up mail waits as a job in pg-boss: the pgboss tables then hold rows to compare.
    GUILD_MAIL: 'log',
  });
}

async function signedIn(url: string, member: TestMember): Promise<TestClient> {
  const client = new TestClient(url, { host: 'alpha.guild.test' });
  await client.signIn(member);
  return client;
}

/**
 * Builds a small community on `db` through the API (a tenant, a manager and members, a space,
 * posts, a comment, a reaction, a sign-up, points) and stops Guild, which closes `db`.
 * Returns a member and their expected points balance.
 */
async function buildCommunity(db: Database): Promise<{ member: TestMember; points: number }> {
  const running: Guild & { url: string } = await startGuild(configFor(), {
    db,
    logger: createLogger('silent'),
  });
  try {
    const tenantId = await addTenant(running, 'alpha');
    const manager = await signedIn(running.url, await addMember(running, tenantId, 'manager'));
    const aliceAccount = await addMember(running, tenantId, 'member', 'alice_b');
    const alice = await signedIn(running.url, aliceAccount);
    const bob = await signedIn(running.url, await addMember(running, tenantId, 'member', 'bob_b'));
    expect(
      (
        await manager.post('/api/v1/spaces', {
          slug: 'sizing',
          name: 'Sizing & Fit',
          visibility: 'public',
          kind: 'topic',
          regionCode: 'UK',
        })
      ).status,
    ).toBe(201);
    const post = await alice.post<{ id: string }>('/api/v1/spaces/sizing/posts', {
      title: 'Do the wool coats run small?',
      body: 'I am usually a **UK 12**. Did anyone size up?',
      tags: ['coats'],
    });
    expect(post.status).toBe(201);
    expect(
      (
        await bob.post('/api/v1/spaces/sizing/posts', {
          title: 'Linen care after washing',
          body: 'Iron it damp, it comes out much smoother.',
          tags: ['linen'],
        })
      ).status,
    ).toBe(201);
    expect(
      (await bob.post(`/api/v1/posts/${post.body.id}/comments`, { body: 'I went up one size.' }))
        .status,
    ).toBe(201);
    expect((await bob.put(`/api/v1/posts/${post.body.id}/reactions/helpful`)).status).toBeLessThan(
      300,
    );
    const signUp = await new TestClient(running.url, { host: 'alpha.guild.test' }).post(
      '/api/v1/auth/sign-up',
      {
        birthDate: '1990-01-01',
        email: 'carol@example.com',
        username: 'carol_b',
        displayName: 'Carol',
        password: 'walnut-sideboard-9',
      },
    );
    expect(signUp.status).toBe(201);
    const [alicesId] = await running.db.query<{ id: string }>(
      "SELECT id FROM users WHERE username = 'alice_b'",
    );
    const award = await manager.post(
      '/api/v1/points/awards',
      { userId: alicesId!.id, points: 40, reason: 'Helped at the store event' },
      { 'idempotency-key': 'backup-award-1' },
    );
    expect(award.status).toBe(201);
    const balance = await alice.get<{ balances: { spendable: number } }>('/api/v1/points/me');
    return { member: aliceAccount, points: balance.body.balances.spendable };
  } finally {
    await running.stop();
  }
}

/** Starts Guild on a restored database and checks a member signs in and sees their points. */
async function startsAndServes(db: Database, member: TestMember, points: number): Promise<void> {
  const running = await startGuild(configFor(), { db, logger: createLogger('silent') });
  try {
    const client = await signedIn(running.url, member);
    const me = await client.get<{ balances: { spendable: number } }>('/api/v1/points/me');
    expect(me.status).toBe(200);
    expect(me.body.balances.spendable).toBe(points);
  } finally {
    await running.stop();
  }
}

/** The comparison must cover real data, not two empty databases. */
function expectSubstantial(print: Fingerprint): void {
  expect(print['public.users']!.rows).toBeGreaterThanOrEqual(4);
  expect(print['public.posts']!.rows).toBeGreaterThanOrEqual(2);
  expect(print['public.comments']!.rows).toBeGreaterThanOrEqual(1);
  expect(print['public.ledger_entries']!.rows).toBeGreaterThanOrEqual(1);
  expect(print['public.guild_migrations']!.rows).toBeGreaterThan(0);
  const jobs = Object.entries(print).filter(([table]) => table.startsWith('pgboss.'));
  expect(jobs.length).toBeGreaterThan(0);
  expect(jobs.some(([, table]) => table.rows > 0)).toBe(true);
}

/** A copy of `file` with its last `cut` bytes missing, or one byte changed at `flip`. */
function damaged(file: string, to: string, change: { cut?: number; flip?: number }): string {
  const bytes = readFileSync(file);
  if (change.flip !== undefined) {
    bytes[change.flip] = bytes[change.flip]! ^ 0xff;
  }
  writeFileSync(to, change.cut ? bytes.subarray(0, bytes.length - change.cut) : bytes);
  return to;
}

const FUTURE_MIGRATION = '29991231_0001_from_a_newer_guild.sql';

describe.skipIf(serverUrl() !== null)('guild backup and restore on the embedded database', () => {
  let work: string;
  let source: string;
  let file: string;
  let built: { member: TestMember; points: number };
  let original: Fingerprint;

  beforeAll(async () => {
    // Made here, not when the file is collected: a filtered-out block leaves nothing behind.
    work = mkdtempSync(path.join(tmpdir(), 'guild-backup-'));
    source = path.join(work, 'source');
    file = path.join(work, 'guild-2026-12-05.backup');
    built = await buildCommunity(openDatabase({ url: null, pgliteDir: source, poolSize: 1 }));
    original = await fingerprintOf({ pgliteDir: source });
  }, 120_000);
  afterAll(() => {
    if (work) {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('restores into a new directory every row of every table, and Guild starts on it', async () => {
    expectSubstantial(original);
    const backup = await guild(['backup', '--out', file], { pgliteDir: source });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/Backed up to .*guild-2026-12-05\.backup/);
    expect(backup.stdout).toMatch(/embedded \(PGlite\)/);
    expect(readdirSync(work).filter((name) => name.includes('.partial-'))).toEqual([]);

    const { manifest } = await openBackup(file);
    expect(manifest.database).toBe('pglite');
    expect(manifest.lastMigration).toMatch(/^\d{8}_\d{4}_.+\.sql$/);
    expect(manifest.tables).toEqual(
      Object.fromEntries(Object.entries(original).map(([table, print]) => [table, print.rows])),
    );

    const target = path.join(work, 'restored');
    const restore = await guild(['restore', file], { pgliteDir: target });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Restored .* into .*restored:/);
    expect(restore.stdout).toMatch(/users 4/);
    expect(await fingerprintOf({ pgliteDir: target })).toEqual(original);
    expect(readdirSync(work).filter((name) => name.startsWith('.'))).toEqual([]);

    await startsAndServes(
      openDatabase({ url: null, pgliteDir: target, poolSize: 1 }),
      built.member,
      built.points,
    );
  }, 240_000);

  it('refuses to back up or restore while a Guild has the directory open', async () => {
    const out = path.join(work, 'while-running.backup');
    const open = openDatabase({ url: null, pgliteDir: source, poolSize: 1 });
    try {
      await open.query('SELECT 1');
      const refused = await guild(['backup', '--out', out], { pgliteDir: source });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`in use by process ${process.pid}`);
      expect(refused.stderr).toMatch(/Stop that Guild first/);
      const replacing = await guild(['restore', file, '--force'], { pgliteDir: source });
      expect(replacing.code).toBe(1);
      expect(replacing.stderr).toContain(`in use by process ${process.pid}`);
    } finally {
      await open.close();
    }
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work).filter((name) => name.includes('.partial-'))).toEqual([]);
  }, 120_000);

  it('refuses to overwrite a backup file without --force', async () => {
    const before = readFileSync(file);
    const refused = await guild(['backup', '--out', file], { pgliteDir: source });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/exists already.*--force/);
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 120_000);

  it('refuses a non-empty directory without --force; with it, replaces the data', async () => {
    const other = path.join(work, 'other');
    const db = openDatabase({ url: null, pgliteDir: other, poolSize: 1 });
    await migrate(db);
    await createTenant(db, {
      slug: 'elsewhere',
      name: 'Elsewhere',
      defaultLocale: 'en-GB',
      regions: [],
      segments: [],
    });
    await db.close();
    const before = await fingerprintOf({ pgliteDir: other });

    const refused = await guild(['restore', file], { pgliteDir: other });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty\..*--force/);
    expect(await fingerprintOf({ pgliteDir: other })).toEqual(before);

    const forced = await guild(['restore', file, '--force'], { pgliteDir: other });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/previous data replaced/);
    expect(await fingerprintOf({ pgliteDir: other })).toEqual(original);
    expect(readdirSync(work).filter((name) => name.startsWith('.'))).toEqual([]);
  }, 240_000);

  it('refuses a truncated, a damaged and a foreign file before touching the target', async () => {
    const target = path.join(work, 'kept');
    const db = openDatabase({ url: null, pgliteDir: target, poolSize: 1 });
    await migrate(db);
    await db.close();
    const before = await fingerprintOf({ pgliteDir: target });
    const size = readFileSync(file).length;

    const truncated = damaged(file, path.join(work, 'truncated.backup'), { cut: 40_000 });
    await expect(restorePglite(truncated, target, { force: true })).rejects.toThrow(
      /incomplete \(truncated\)/,
    );
    const flipped = damaged(file, path.join(work, 'flipped.backup'), {
      flip: Math.floor(size / 2),
    });
    await expect(restorePglite(flipped, target, { force: true })).rejects.toThrow(
      /damaged: its database part does not match its checksum/,
    );
    const foreign = path.join(work, 'notes.txt');
    writeFileSync(foreign, 'not a backup at all\n'.repeat(100));
    await expect(restorePglite(foreign, target, { force: true })).rejects.toThrow(
      /is not a Guild backup/,
    );
    const viaCli = await guild(['restore', truncated, '--force'], { pgliteDir: target });
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toMatch(/guild: .*incomplete \(truncated\)/);

    expect(await fingerprintOf({ pgliteDir: target })).toEqual(before);
    expect(readdirSync(work).filter((name) => name.startsWith('.'))).toEqual([]);
  }, 240_000);

  it('refuses a backup taken by a newer Guild, naming its migration', async () => {
    const newer = path.join(work, 'newer');
    const db = openDatabase({ url: null, pgliteDir: newer, poolSize: 1 });
    await migrate(db);
    await db.exec(`INSERT INTO guild_migrations (version) VALUES ('${FUTURE_MIGRATION}')`);
    await db.close();
    const newerFile = path.join(work, 'newer.backup');
    expect((await guild(['backup', '--out', newerFile], { pgliteDir: newer })).code).toBe(0);

    const target = path.join(work, 'never-created');
    const refused = await guild(['restore', newerFile], { pgliteDir: target });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`newer Guild (0.1.0, migration ${FUTURE_MIGRATION})`);
    expect(existsSync(target)).toBe(false);
    await expect(openBackup(newerFile)).rejects.toThrow(/knows migrations up to \d{8}_\d{4}_/);
  }, 240_000);
});

// --- PostgreSQL server ------------------------------------------------------------------

function onDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * Each half runs in one pass of the suite only, as it does not depend on the other: the
 * PostgreSQL round trip on the run's server (the PostgreSQL pass), the embedded one in the
 * PGlite pass.
 */
const server: string | null = serverUrl();
if (server === null) {
  console.warn('backup.test.ts: the PostgreSQL round trip runs in the PostgreSQL pass only');
} else {
  console.warn('backup.test.ts: the embedded round trip runs in the PGlite pass only');
}

describe.skipIf(server === null)('guild backup and restore on a PostgreSQL server', () => {
  let work: string;
  let file: string;
  const tag = randomBytes(4).toString('hex');
  const names = { source: `guild_h_backup_${tag}_src`, target: `guild_h_backup_${tag}_dst` };
  const urls = {
    source: onDatabase(server ?? 'postgres://127.0.0.1/unused', names.source),
    target: onDatabase(server ?? 'postgres://127.0.0.1/unused', names.target),
  };
  let built: { member: TestMember; points: number };
  let original: Fingerprint;

  async function admin(statement: string): Promise<void> {
    const client = new pg.Client({ connectionString: onDatabase(server!, 'postgres') });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'guild-backup-pg-'));
    file = path.join(work, 'server.backup');
    for (const name of Object.values(names)) {
      await admin(`CREATE DATABASE "${name}"`);
    }
    built = await buildCommunity(openDatabase({ url: urls.source, pgliteDir: '', poolSize: 5 }));
    original = await fingerprintOf({ url: urls.source });
  }, 120_000);
  afterAll(async () => {
    for (const name of Object.values(names)) {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
    if (work) {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('restores into an empty database every row of every table, and Guild starts on it', async () => {
    expectSubstantial(original);
    const backup = await guild(['backup', '--out', file], { url: urls.source });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/PostgreSQL server \d+/);
    expect(backup.stderr).toMatch(/Running pg_dump/);
    const { manifest } = await openBackup(file);
    expect(manifest.database).toBe('postgres');
    expect(manifest.payload.name).toBe('database.pgdump');

    const restore = await guild(['restore', file], { url: urls.target });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`into ${names.target}:`);
    expect(await fingerprintOf({ url: urls.target })).toEqual(original);

    await startsAndServes(
      openDatabase({ url: urls.target, pgliteDir: '', poolSize: 5 }),
      built.member,
      built.points,
    );
  }, 240_000);

  it('refuses a database with tables without --force, and a truncated file even with it', async () => {
    const before = await fingerprintOf({ url: urls.target });
    const refused = await guild(['restore', file], { url: urls.target });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`${names.target} holds \\d+ tables already.*--force`),
    );

    const truncated = damaged(file, path.join(work, 'truncated.backup'), { cut: 5_000 });
    const cut = await guild(['restore', truncated, '--force'], { url: urls.target });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/incomplete \(truncated\)/);
    expect(await fingerprintOf({ url: urls.target })).toEqual(before);
  }, 240_000);

  it('with --force replaces the data in one transaction: a failing restore changes nothing', async () => {
    // Changes since the backup, which the restore must undo.
    const changed = openDatabase({ url: urls.target, pgliteDir: '', poolSize: 1 });
    try {
      await changed.exec("UPDATE posts SET title = 'Edited after the backup'");
    } finally {
      await changed.close();
    }
    const forced = await guild(['restore', file, '--force'], { url: urls.target });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/previous data replaced/);
    expect(await fingerprintOf({ url: urls.target })).toEqual(original);

    // A failure halfway (after the old schemas were dropped): the second backup holds a
    // schema the target has already. Everything is rolled back.
    const source = openDatabase({ url: urls.source, pgliteDir: '', poolSize: 1 });
    try {
      await source.exec('CREATE SCHEMA h_extra; CREATE TABLE h_extra.note (note text)');
    } finally {
      await source.close();
    }
    const second = path.join(work, 'second.backup');
    expect((await guild(['backup', '--out', second], { url: urls.source })).code).toBe(0);
    const target = openDatabase({ url: urls.target, pgliteDir: '', poolSize: 1 });
    try {
      await target.exec(
        "CREATE SCHEMA h_extra; UPDATE posts SET title = 'Edited again after the backup'",
      );
    } finally {
      await target.close();
    }
    const before = await fingerprintOf({ url: urls.target });
    const failed = await guild(['restore', second, '--force'], { url: urls.target });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/psql failed/);
    expect(failed.stderr).toMatch(/schema "h_extra" already exists/);
    expect(await fingerprintOf({ url: urls.target })).toEqual(before);
  }, 240_000);
});
