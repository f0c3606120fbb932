/**
 * `guild points …`: operators' tools for the points ledger. `reconcile` recomputes every
 * balance from its entries (one tenant, or all) and exits with status 1 when anything drifted.
 */
import type { Command } from 'commander';
import { loadConfig } from '../core/config/config.js';
import { openDatabase } from '../core/db/database.js';
import { migrate } from '../core/db/migrate.js';
import { tenantsFor } from './tenants.js';
import { reconcile } from '../gamification/reconciliation.js';

export function registerPointsCommand(program: Command): void {
  const points = program.command('points').description('The points ledger');
  points
    .command('reconcile')
    .description('Prove every balance equals the sum of its ledger entries')
    .option('--tenant <slug>', 'only this tenant')
    .action(async (options: { tenant?: string }) => {
      const db = openDatabase(loadConfig().database);
      try {
        await migrate(db);
        const tenants = await tenantsFor(db, options.tenant);
        if (tenants.length === 0) {
          return;
        }
        let drifted = 0;
        for (const tenant of tenants) {
          const report = await db.tenant(tenant.id, (tx) => reconcile(tx));
          console.log(
            `${tenant.slug}: ${report.membersChecked} members, ${report.entriesChecked} entries, ` +
              `${report.drift.length === 0 ? 'no drift' : `${report.drift.length} differences`}`,
          );
          for (const drift of report.drift) {
            console.log(
              `  member ${drift.userId} ${drift.field}: recorded ${drift.recorded}, ` +
                `entries say ${drift.fromEntries}`,
            );
          }
          drifted += report.drift.length;
        }
        process.exitCode = drifted > 0 ? 1 : 0;
      } finally {
        await db.close();
      }
    });
}
