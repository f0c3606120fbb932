/**
 * Backups of Guild's database, the same file for both kinds: a plain tar archive holding
 * `manifest.json` first (what was saved, by which Guild, at which migration, how many rows in
 * each table) and then the database itself — the embedded data directory as a tar.gz, or a
 * `pg_dump --format=custom` archive of a PostgreSQL server's database. An operator can look
 * inside with `tar -xOf FILE manifest.json`.
 *
 * Writing goes to a temporary file beside the target, renamed into place only when complete,
 * so a failed backup never leaves a half file under the name asked for. Restoring reads and
 * checks the manifest and the payload's SHA-256 before it touches the target, refuses a
 * backup taken by a newer Guild (a migration this code does not know), and never replaces
 * data unless told to: the embedded directory is rebuilt beside the old one and swapped in
 * only once it opens and matches the manifest; on a server, pg_restore runs in one
 * transaction, so a failure leaves the database as it was.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { mkdir, mkdtemp, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { DatabaseInUseError, openDatabase, type Database } from './database.js';
import { MIGRATIONS_DIR } from './migrate.js';

export const BACKUP_FORMAT = 'guild-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** What a backup holds, stored as `manifest.json` at the start of the archive. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  /** Which database the payload restores into. */
  database: 'pglite' | 'postgres';
  /** The Guild that took it (package.json version). */
  guildVersion: string;
  /** The newest migration applied to the database, and how many were. */
  lastMigration: string | null;
  migrations: number;
  createdAt: string;
  /** Rows per table, `schema.table`, for the public and pgboss schemas. */
  tables: Record<string, number>;
  payload: { name: string; bytes: number; sha256: string };
  /** PostgreSQL only: the server's version and the pg_dump that read it. */
  server?: { version: string; dumpTool: string };
}

/** A backup or restore that cannot go on; the message says why and what to do. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Progress lines for the operator (the CLI prints them on stderr). */
export type Progress = (line: string) => void;

export interface RestoreSummary {
  manifest: BackupManifest;
  /** Where it went: the data directory, or the database name on the server. */
  target: string;
  /** True when existing data was replaced (--force). */
  replaced: boolean;
}

const SCHEMAS = ['public', 'pgboss'];

// ---------------------------------------------------------------------------------------
// Versions and the database's own state

function guildVersion(): string {
  const file = path.resolve(MIGRATIONS_DIR, '..', 'package.json');
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The migrations this Guild ships, in the order it applies them. */
function knownMigrations(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{8}_\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort();
}

type Query = <R extends Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]>;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Applied migrations and the row count of every table, read through `query`. */
async function describeDatabase(query: Query): Promise<{
  lastMigration: string | null;
  migrations: number;
  tables: Record<string, number>;
}> {
  const tables = await query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE'
      ORDER BY table_schema, table_name`,
    [SCHEMAS],
  );
  if (!tables.some((table) => table.schema === 'public' && table.name === 'guild_migrations')) {
    throw new BackupError(
      'This database holds no Guild data (no guild_migrations table): nothing to back up.',
    );
  }
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${quoteIdent(table.schema)}.${quoteIdent(table.name)}`,
    );
    counts[`${table.schema}.${table.name}`] = row?.n ?? 0;
  }
  const migrations = await query<{ version: string }>(
    'SELECT version FROM guild_migrations ORDER BY version',
  );
  return {
    lastMigration: migrations.at(-1)?.version ?? null,
    migrations: migrations.length,
    tables: counts,
  };
}

/** Refuses a backup this Guild cannot run: one with a migration it does not know. */
function checkNotNewer(manifest: BackupManifest): void {
  const known = knownMigrations();
  const last = manifest.lastMigration;
  if (last !== null && !known.includes(last)) {
    const newest = known.at(-1) ?? '(none)';
    throw new BackupError(
      `This backup was taken by a newer Guild (${manifest.guildVersion}, migration ${last}); ` +
        `this Guild (${guildVersion()}) knows migrations up to ${newest}. ` +
        'Restore it with that Guild version or a later one.',
    );
  }
}

/** Compares a restored database with the manifest; throws naming the first tables that differ. */
async function checkAgainstManifest(query: Query, manifest: BackupManifest): Promise<void> {
  const now = await describeDatabase(query);
  const differing = Object.entries(manifest.tables)
    .filter(([table, rows]) => now.tables[table] !== rows)
    .map(([table, rows]) => `${table} (${now.tables[table] ?? 'missing'}, expected ${rows})`);
  if (differing.length > 0) {
    throw new BackupError(
      `The restored database does not match the backup's manifest: ${differing.slice(0, 5).join(', ')}` +
        (differing.length > 5 ? ` and ${differing.length - 5} more` : '') +
        '.',
    );
  }
}

// ---------------------------------------------------------------------------------------
// The archive: manifest.json, then the payload, as a ustar tar file

const BLOCK = 512;
const MANIFEST_NAME = 'manifest.json';

function octal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'latin1');
}

function tarHeader(name: string, size: number, mtime: Date): Buffer {
  const header = Buffer.alloc(BLOCK);
  header.write(name, 0, 100, 'utf8');
  octal(header, 100, 8, 0o600);
  octal(header, 108, 8, 0);
  octal(header, 116, 8, 0);
  if (size < 8 ** 11) {
    octal(header, 124, 12, size);
  } else {
    // Sizes of 8 GiB and more: the base-256 form GNU tar and bsdtar read.
    header[124] = 0x80;
    header.writeBigUInt64BE(BigInt(size), 128);
  }
  octal(header, 136, 12, Math.floor(mtime.getTime() / 1000));
  header.fill(' ', 148, 156);
  header.write('0', 156, 'latin1');
  header.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of header) {
    sum += byte;
  }
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return header;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

interface TarEntry {
  name: string;
  size: number;
  /** Where its data starts in the file. */
  offset: number;
}

function parseHeader(header: Buffer, at: number): TarEntry | null {
  if (header.length < BLOCK || header.every((byte) => byte === 0)) {
    return null;
  }
  let sum = 0;
  header.forEach((byte, index) => {
    sum += index >= 148 && index < 156 ? 32 : byte;
  });
  const stored = Number.parseInt(header.toString('latin1', 148, 156).replace(/[\0 ]/g, ''), 8);
  if (header.toString('latin1', 257, 262) !== 'ustar' || stored !== sum) {
    return null;
  }
  const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
  const size =
    (header[124]! & 0x80) !== 0
      ? Number(header.readBigUInt64BE(128))
      : Number.parseInt(header.toString('latin1', 124, 136).replace(/[\0 ]/g, ''), 8);
  return Number.isSafeInteger(size) ? { name, size, offset: at + BLOCK } : null;
}

async function readAt(file: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function sha256Of(file: string, start = 0, bytes?: number): Promise<string> {
  const hash = createHash('sha256');
  const end = bytes === undefined ? undefined : start + bytes - 1;
  if (bytes !== 0) {
    for await (const chunk of createReadStream(file, { start, end })) {
      hash.update(chunk as Buffer);
    }
  }
  return hash.digest('hex');
}

/**
 * Writes the archive to `out` atomically: a temporary file in the same folder, flushed to
 * disk, then renamed. The payload comes from a file or from memory.
 */
async function writeArchive(
  out: string,
  manifest: BackupManifest,
  payload: { file: string } | { data: Uint8Array },
): Promise<void> {
  const partial = path.join(
    path.dirname(out),
    `.${path.basename(out)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const now = new Date(manifest.createdAt);
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  try {
    const head = Buffer.concat([
      tarHeader(MANIFEST_NAME, manifestBytes.length, now),
      manifestBytes,
      padding(manifestBytes.length),
      tarHeader(manifest.payload.name, manifest.payload.bytes, now),
    ]);
    await writeFile(partial, head, { mode: 0o600, flag: 'wx' });
    if ('file' in payload) {
      await pipeline(createReadStream(payload.file), createWriteStream(partial, { flags: 'a' }));
    } else {
      await writeFile(partial, payload.data, { flag: 'a' });
    }
    await writeFile(
      partial,
      Buffer.concat([padding(manifest.payload.bytes), Buffer.alloc(BLOCK * 2)]),
      { flag: 'a' },
    );
    const handle = await open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

export interface OpenedBackup {
  manifest: BackupManifest;
  file: string;
  payload: TarEntry;
}

/**
 * Reads a backup's manifest and checks the whole file: a Guild backup, complete (not
 * truncated), its payload intact (SHA-256), from a Guild not newer than this one.
 */
export async function openBackup(file: string): Promise<OpenedBackup> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new BackupError(`No backup file at ${file}.`);
  }
  const notOurs = () =>
    new BackupError(`${file} is not a Guild backup (or its beginning is damaged).`);
  const first = parseHeader(await readAt(file, 0, BLOCK), 0);
  if (!first || first.name !== MANIFEST_NAME || first.size > 1024 * 1024) {
    throw notOurs();
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(
      (await readAt(file, first.offset, first.size)).toString('utf8'),
    ) as BackupManifest;
  } catch {
    throw notOurs();
  }
  if (manifest?.format !== BACKUP_FORMAT || typeof manifest.payload?.sha256 !== 'string') {
    throw notOurs();
  }
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      `This backup uses a newer backup format (${manifest.formatVersion}) than this Guild reads ` +
        `(${BACKUP_FORMAT_VERSION}); restore it with the Guild that wrote it (${manifest.guildVersion}) or a later one.`,
    );
  }
  checkNotNewer(manifest);
  const at = first.offset + first.size + padding(first.size).length;
  const payload = parseHeader(await readAt(file, at, BLOCK), at);
  if (!payload || payload.name !== manifest.payload.name) {
    throw new BackupError(`${file} is incomplete or damaged: its database part is missing.`);
  }
  if (payload.size !== manifest.payload.bytes || size < payload.offset + payload.size) {
    throw new BackupError(
      `${file} is incomplete (truncated): ${Math.max(0, size - payload.offset)} of ` +
        `${manifest.payload.bytes} bytes of its database part are there.`,
    );
  }
  if ((await sha256Of(file, payload.offset, payload.size)) !== manifest.payload.sha256) {
    throw new BackupError(`${file} is damaged: its database part does not match its checksum.`);
  }
  return { manifest, file, payload };
}

/** Totals of a manifest: tables and rows. */
export function manifestTotals(manifest: BackupManifest): { tables: number; rows: number } {
  const counts = Object.values(manifest.tables);
  return { tables: counts.length, rows: counts.reduce((sum, n) => sum + n, 0) };
}

function refuseExisting(out: string, force: boolean): void {
  if (!force && existsSync(out)) {
    throw new BackupError(`${out} exists already; choose another name or pass --force.`);
  }
  if (!existsSync(path.dirname(out))) {
    throw new BackupError(`The folder ${path.dirname(out)} does not exist.`);
  }
}

// ---------------------------------------------------------------------------------------
// Embedded PGlite

/** The pid holding the data directory's lock, when that process is alive. */
function lockHolder(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, 'guild.lock'), 'utf8'));
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) {
    return null;
  }
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: alive, but another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

function refuseMemory(dataDir: string): void {
  if (dataDir.startsWith('memory://')) {
    throw new BackupError(
      'GUILD_PGLITE_DIR is memory://: an in-memory database lives only inside its process ' +
        'and cannot be backed up or restored from a command.',
    );
  }
}

const dbQuery =
  (db: Database): Query =>
  (text, params) =>
    db.query(text, params);

/**
 * Backs up the embedded database in `dataDir` to `out`. Guild must be stopped: the data
 * directory serves one process, and a running Guild makes this fail with DatabaseInUseError.
 */
export async function backupPglite(
  dataDir: string,
  out: string,
  options: { force?: boolean; progress?: Progress } = {},
): Promise<BackupManifest> {
  const progress = options.progress ?? (() => undefined);
  refuseMemory(dataDir);
  refuseExisting(out, options.force ?? false);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new BackupError(`There is no embedded database in ${dataDir}: nothing to back up.`);
  }
  progress(`Reading the embedded database in ${dataDir} ...`);
  const db = openDatabase({ url: null, pgliteDir: dataDir, poolSize: 1 });
  let described: Awaited<ReturnType<typeof describeDatabase>>;
  let archive: Uint8Array;
  try {
    described = await describeDatabase(dbQuery(db));
    archive = new Uint8Array(await (await db.dumpPglite!('gzip')).arrayBuffer());
  } finally {
    await db.close();
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    database: 'pglite',
    guildVersion: guildVersion(),
    ...described,
    createdAt: new Date().toISOString(),
    payload: {
      name: 'pgdata.tar.gz',
      bytes: archive.byteLength,
      sha256: createHash('sha256').update(archive).digest('hex'),
    },
  };
  progress(`Writing ${out} ...`);
  await writeArchive(out, manifest, { data: archive });
  return manifest;
}

/**
 * Restores a backup of the embedded database into `dataDir`. An empty or missing directory
 * is filled; one holding data is replaced only with `force`, and then only after the backup
 * has been unpacked beside it, opened and checked against its manifest.
 */
export async function restorePglite(
  file: string,
  dataDir: string,
  options: { force?: boolean; progress?: Progress } = {},
): Promise<RestoreSummary> {
  const progress = options.progress ?? (() => undefined);
  refuseMemory(dataDir);
  progress(`Checking ${file} ...`);
  const backup = await openBackup(file);
  if (backup.manifest.database !== 'pglite') {
    throw new BackupError(
      `${file} is a backup of a PostgreSQL server; restore it with DATABASE_URL set to the ` +
        'database to restore into.',
    );
  }
  const holder = lockHolder(dataDir);
  if (holder !== null) {
    throw new DatabaseInUseError(dataDir, holder);
  }
  const occupied = existsSync(dataDir) && readdirSync(dataDir).length > 0;
  if (occupied && !options.force) {
    throw new BackupError(
      `${dataDir} is not empty. Restoring replaces the database in it: stop Guild, keep a ` +
        'backup of it if it matters, and run the restore again with --force.',
    );
  }

  const parent = path.dirname(dataDir);
  await mkdir(parent, { recursive: true });
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = path.join(parent, `.${path.basename(dataDir)}.restoring-${suffix}`);
  try {
    progress(`Unpacking into ${staging} ...`);
    const image = new Blob([await readAt(file, backup.payload.offset, backup.payload.size)]);
    const db = openDatabase({ url: null, pgliteDir: staging, poolSize: 1, pgliteImage: image });
    try {
      await checkAgainstManifest(dbQuery(db), backup.manifest);
    } finally {
      await db.close();
    }
    if (occupied) {
      const old = path.join(parent, `.${path.basename(dataDir)}.replaced-${suffix}`);
      await rename(dataDir, old);
      try {
        await rename(staging, dataDir);
      } catch (error) {
        await rename(old, dataDir);
        throw error;
      }
      await rm(old, { recursive: true, force: true });
    } else {
      await rm(dataDir, { recursive: true, force: true });
      await rename(staging, dataDir);
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { manifest: backup.manifest, target: dataDir, replaced: occupied };
}

// ---------------------------------------------------------------------------------------
// PostgreSQL server: pg_dump and pg_restore

/**
 * libpq's settings for `url`, as environment variables: the password never appears in a
 * process list, and no shell ever sees the URL.
 */
function libpqEnvironment(url: string): { env: NodeJS.ProcessEnv; database: string } {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  const set = (name: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') {
      env[name] = value;
    }
  };
  set('PGHOST', decodeURIComponent(parsed.hostname).replace(/^\[(.*)\]$/, '$1'));
  set('PGPORT', parsed.port);
  set('PGUSER', decodeURIComponent(parsed.username));
  set('PGPASSWORD', decodeURIComponent(parsed.password));
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  set('PGDATABASE', database);
  const parameters: Record<string, string> = {
    host: 'PGHOST',
    port: 'PGPORT',
    user: 'PGUSER',
    password: 'PGPASSWORD',
    dbname: 'PGDATABASE',
    sslmode: 'PGSSLMODE',
    sslcert: 'PGSSLCERT',
    sslkey: 'PGSSLKEY',
    sslrootcert: 'PGSSLROOTCERT',
    application_name: 'PGAPPNAME',
    connect_timeout: 'PGCONNECT_TIMEOUT',
    options: 'PGOPTIONS',
  };
  for (const [key, value] of parsed.searchParams) {
    const name = parameters[key];
    if (name) {
      set(name, value);
    }
  }
  return { env, database: env.PGDATABASE ?? database };
}

/** Runs a PostgreSQL client tool; rejects with its stderr when it fails or is missing. */
function runTool(
  tool: 'pg_dump' | 'pg_restore' | 'psql',
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              `${tool} was not found. Install the PostgreSQL client tools (the same major ` +
                'version as the server, or newer) and make sure they are on the PATH.',
            )
          : error,
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(Buffer.concat(out).toString('utf8'));
        return;
      }
      const stderr = Buffer.concat(err).toString('utf8').trim();
      reject(
        new BackupError(
          `${tool} failed (${signal ?? `exit ${code}`}):\n${stderr || '(it printed nothing)'}`,
        ),
      );
    });
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const clientQuery =
  (client: pg.Client): Query =>
  async <R extends Record<string, unknown>>(text: string, params?: unknown[]) =>
    (await client.query<R>(text, params)).rows;

/**
 * Backs up the server database at `url` to `out` with pg_dump. Guild may keep running: the
 * row counts and the dump read the same snapshot, so the manifest matches the dump exactly.
 */
export async function backupPostgres(
  url: string,
  out: string,
  options: { force?: boolean; progress?: Progress } = {},
): Promise<BackupManifest> {
  const progress = options.progress ?? (() => undefined);
  refuseExisting(out, options.force ?? false);
  const { env } = libpqEnvironment(url);
  const dumpTool = (await runTool('pg_dump', ['--version'], env)).trim();
  const work = await mkdtemp(path.join(tmpdir(), 'guild-backup-'));
  const dumpFile = path.join(work, 'database.pgdump');
  try {
    const { described, version } = await withClient(url, async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      try {
        const [snapshot] = (
          await client.query<{ id: string; version: string }>(
            "SELECT pg_export_snapshot() AS id, current_setting('server_version') AS version",
          )
        ).rows;
        progress('Counting rows ...');
        const found = await describeDatabase(clientQuery(client));
        progress(`Running pg_dump (${dumpTool}) ...`);
        await runTool(
          'pg_dump',
          ['--format=custom', '--no-password', `--snapshot=${snapshot!.id}`, `--file=${dumpFile}`],
          env,
        );
        return { described: found, version: snapshot!.version };
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
      }
    });
    const bytes = (await stat(dumpFile)).size;
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      database: 'postgres',
      guildVersion: guildVersion(),
      ...described,
      createdAt: new Date().toISOString(),
      payload: { name: 'database.pgdump', bytes, sha256: await sha256Of(dumpFile) },
      server: { version, dumpTool },
    };
    progress(`Writing ${out} ...`);
    await writeArchive(out, manifest, { file: dumpFile });
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Copies a byte range of `file` to a new file. */
async function extract(file: string, entry: TarEntry, to: string): Promise<void> {
  if (entry.size === 0) {
    await writeFile(to, '', { mode: 0o600 });
    return;
  }
  await pipeline(
    createReadStream(file, { start: entry.offset, end: entry.offset + entry.size - 1 }),
    createWriteStream(to, { mode: 0o600 }),
  );
}

/**
 * Restores a PostgreSQL backup into the server database at `url`. A database that holds
 * Guild's tables already is replaced only with `force`.
 *
 * pg_restore first turns the archive into one SQL script (which reads the whole archive, so
 * a damaged one fails before the database is touched); psql then runs it in one transaction,
 * after dropping the public and pgboss schemas when replacing. Any error rolls all of it
 * back, so a failed restore leaves the database as it was. (pg_restore's own --clean cannot
 * be used: it drops the constraints of pg-boss's partitioned job table one by one, which
 * PostgreSQL refuses.)
 */
export async function restorePostgres(
  file: string,
  url: string,
  options: { force?: boolean; progress?: Progress } = {},
): Promise<RestoreSummary> {
  const progress = options.progress ?? (() => undefined);
  progress(`Checking ${file} ...`);
  const backup = await openBackup(file);
  if (backup.manifest.database !== 'postgres') {
    throw new BackupError(
      `${file} is a backup of the embedded database; restore it with DATABASE_URL unset ` +
        '(into GUILD_PGLITE_DIR).',
    );
  }
  const { env, database } = libpqEnvironment(url);
  await runTool('pg_restore', ['--version'], env);
  await runTool('psql', ['--version'], env);
  const existing = await withClient(url, async (client) => {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables
        WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE'`,
      [SCHEMAS],
    );
    const n = rows[0]?.n ?? 0;
    if (n > 0 && !options.force) {
      throw new BackupError(
        `The database ${database} holds ${n} tables already. Restoring replaces them: stop ` +
          'Guild, keep a backup of it if it matters, and run the restore again with --force.',
      );
    }
    // guild_app is a role of the whole server, not of one database: a new server lacks it,
    // and the backup's grants name it.
    await client.query(`DO $guild$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'guild_app') THEN
          CREATE ROLE guild_app NOLOGIN;
          GRANT guild_app TO CURRENT_USER;
        END IF;
      END $guild$`);
    return n;
  });
  const work = await mkdtemp(path.join(tmpdir(), 'guild-restore-'));
  try {
    const dumpFile = path.join(work, 'database.pgdump');
    const script = path.join(work, 'database.sql');
    await extract(file, backup.payload, dumpFile);
    progress('Reading the archive with pg_restore ...');
    await runTool('pg_restore', ['--no-owner', `--file=${script}`, dumpFile], env);
    progress(`Restoring into ${database} in one transaction ...`);
    const replace =
      existing > 0
        ? 'DROP SCHEMA IF EXISTS pgboss CASCADE; DROP SCHEMA IF EXISTS public CASCADE; ' +
          'CREATE SCHEMA public;'
        : // An empty pgboss schema (no tables) left behind would collide with the backup's.
          'DROP SCHEMA IF EXISTS pgboss;';
    const dbname = `dbname='${database.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    await runTool(
      'psql',
      [
        '--no-psqlrc',
        '--quiet',
        '--no-password',
        '--single-transaction',
        '--set=ON_ERROR_STOP=1',
        `--dbname=${dbname}`,
        '--command=SET client_min_messages = warning;',
        `--command=${replace}`,
        `--file=${script}`,
      ],
      env,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  await withClient(url, (client) => checkAgainstManifest(clientQuery(client), backup.manifest));
  return { manifest: backup.manifest, target: database, replaced: existing > 0 };
}

// ---------------------------------------------------------------------------------------
// The database Guild is configured for

export interface DatabaseTarget {
  url: string | null;
  pgliteDir: string;
}

/** Backs up the configured database (DATABASE_URL, else the embedded data directory). */
export function backupDatabase(
  target: DatabaseTarget,
  out: string,
  options: { force?: boolean; progress?: Progress } = {},
): Promise<BackupManifest> {
  return target.url
    ? backupPostgres(target.url, out, options)
    : backupPglite(target.pgliteDir, out, options);
}

/** Restores `file` into the configured database. */
export function restoreDatabase(
  target: DatabaseTarget,
  file: string,
  options: { force?: boolean; progress?: Progress } = {},
): Promise<RestoreSummary> {
  return target.url
    ? restorePostgres(file, target.url, options)
    : restorePglite(file, target.pgliteDir, options);
}
