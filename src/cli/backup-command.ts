/**
 * `guild backup --out FILE` and `guild restore FILE [--force]`: the whole database Guild is
 * configured for (DATABASE_URL, else the embedded data directory) in one file an operator
 * names, with a manifest restore checks before it changes anything.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../core/config/config.js';
import {
  BackupError,
  backupDatabase,
  manifestTotals,
  openBackup,
  restoreDatabase,
  type BackupManifest,
} from '../core/db/backup.js';
import { DatabaseInUseError } from '../core/db/database.js';

const progress = (line: string) => console.error(line);

/** Tables an operator recognises, shown in the summaries when the backup has them. */
const HEADLINE = ['tenants', 'users', 'posts', 'comments', 'ledger_entries', 'audit_log'];

function describe(manifest: BackupManifest): string[] {
  const totals = manifestTotals(manifest);
  const headline = HEADLINE.filter((name) => manifest.tables[`public.${name}`] !== undefined)
    .map((name) => `${name} ${manifest.tables[`public.${name}`]}`)
    .join(', ');
  return [
    `  database:  ${manifest.database === 'pglite' ? 'embedded (PGlite)' : 'PostgreSQL server'}` +
      (manifest.server ? ` ${manifest.server.version}` : ''),
    `  taken:     ${manifest.createdAt} by Guild ${manifest.guildVersion}`,
    `  migration: ${manifest.lastMigration ?? '(none)'} (${manifest.migrations} applied)`,
    `  contents:  ${totals.tables} tables, ${totals.rows} rows` +
      (headline ? ` (${headline})` : ''),
  ];
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Prints a refusal or failure the operator can act on; other errors go to the CLI's handler. */
async function reporting(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof BackupError || error instanceof DatabaseInUseError) {
      console.error(`guild: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

export function registerBackupCommand(program: Command): void {
  program
    .command('backup')
    .description('Save the whole database to one file (stop Guild first on the embedded database)')
    .requiredOption('--out <file>', 'the backup file to write, e.g. guild-2026-12-05.backup')
    .option('--force', 'overwrite the file if it exists')
    .action((options: { out: string; force?: boolean }) =>
      reporting(async () => {
        const out = path.resolve(options.out);
        const manifest = await backupDatabase(loadConfig().database, out, {
          force: options.force === true,
          progress,
        });
        console.log(`Backed up to ${out} (${megabytes(manifest.payload.bytes)}):`);
        for (const line of describe(manifest)) {
          console.log(line);
        }
      }),
    );

  program
    .command('restore')
    .description('Restore a backup into the configured database (empty, or replaced with --force)')
    .argument('<file>', 'a file written by guild backup')
    .option('--force', 'replace the data in a database that is not empty')
    .option('--check', 'only check the file and show what it holds; change nothing')
    .action((file: string, options: { force?: boolean; check?: boolean }) =>
      reporting(async () => {
        const source = path.resolve(file);
        if (options.check) {
          const { manifest } = await openBackup(source);
          console.log(`${source} is a complete Guild backup:`);
          for (const line of describe(manifest)) {
            console.log(line);
          }
          return;
        }
        const summary = await restoreDatabase(loadConfig().database, source, {
          force: options.force === true,
          progress,
        });
        console.log(
          `Restored ${source} into ${summary.target}` +
            (summary.replaced ? ' (its previous data replaced):' : ':'),
        );
        for (const line of describe(summary.manifest)) {
          console.log(line);
        }
        console.log('Start Guild as usual; it applies any newer migrations first.');
      }),
    );
}
