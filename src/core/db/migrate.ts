/**
 * Applies the SQL migrations in `migrations/` in name order, each in its own transaction,
 * and records them in `guild_migrations`. Safe to run from several processes at once on a
 * PostgreSQL server: an advisory lock lets one apply while the others wait.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

/** The repository's migrations folder (the same depth from src/ and from dist/). */
export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../migrations',
);

const LOCK_KEY = 7_342_001;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

function listMigrations(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /^\d{8}_\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort();
}

/** Brings the database up to date; returns the versions it applied. */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  await db.exec(`CREATE TABLE IF NOT EXISTS guild_migrations (
    version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);

  const done = new Set(
    (await db.query<{ version: string }>('SELECT version FROM guild_migrations')).map(
      (row) => row.version,
    ),
  );
  const pending = listMigrations(dir).filter((name) => !done.has(name));
  const applied: string[] = [];
  for (const name of pending) {
    if (await applyOne(db, dir, name)) {
      applied.push(name);
    }
  }
  return { applied, alreadyApplied: done.size };
}

async function applyOne(db: Database, dir: string, name: string): Promise<boolean> {
  const body = readFileSync(path.join(dir, name), 'utf8');
  const quoted = name.replace(/'/g, "''");

  // The lock makes a second process wait here, then skip what the first applied.
  await db
    .exec(
      `BEGIN;
    SELECT pg_advisory_xact_lock(${LOCK_KEY});
    DO $guild$ BEGIN
      IF EXISTS (SELECT 1 FROM guild_migrations WHERE version = '${quoted}') THEN
        RAISE EXCEPTION 'guild_migration_already_applied';
      END IF;
    END $guild$;
    ${body}
    ;INSERT INTO guild_migrations (version) VALUES ('${quoted}');
    COMMIT;`,
    )
    .catch((error: unknown) => {
      if (error instanceof Error && error.message.includes('guild_migration_already_applied')) {
        return;
      }
      throw error;
    });

  const rows = await db.query('SELECT 1 FROM guild_migrations WHERE version = $1', [name]);
  return rows.length === 1;
}
