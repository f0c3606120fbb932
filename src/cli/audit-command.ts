/**
 * `guild audit verify`: recomputes every tenant's audit chain (or one tenant's) and exits with
 * status 1 when an entry was changed, removed or reordered. Prints each head, so an operator
 * can keep it elsewhere and pass it back with --anchor to catch a chain rewritten from the end.
 */
import type { Command } from 'commander';
import { verifyAuditChain } from '../core/audit/chain.js';
import { loadConfig } from '../core/config/config.js';
import { openDatabase } from '../core/db/database.js';
import { migrate } from '../core/db/migrate.js';
import { tenantsFor } from './tenants.js';

function parseAnchor(value: string): { seq: number; hash: string } | null {
  const match = /^([1-9][0-9]*):([0-9a-f]{64})$/.exec(value);
  return match ? { seq: Number(match[1]), hash: match[2]! } : null;
}

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('The audit log of privileged actions');
  audit
    .command('verify')
    .description('Prove no audit entry was changed, removed or reordered since it was written')
    .option('--tenant <slug>', 'only this tenant')
    .option('--anchor <seq:hash>', 'a head printed earlier, which must still be in the chain')
    .action(async (options: { tenant?: string; anchor?: string }) => {
      const anchor = options.anchor === undefined ? undefined : parseAnchor(options.anchor);
      if (anchor === null) {
        console.error(`--anchor takes <seq>:<hash> as printed by an earlier verify.`);
        process.exitCode = 2;
        return;
      }
      if (anchor && !options.tenant) {
        console.error('--anchor needs --tenant: a head belongs to one tenant.');
        process.exitCode = 2;
        return;
      }
      const db = openDatabase(loadConfig().database);
      try {
        await migrate(db);
        const tenants = await tenantsFor(db, options.tenant);
        if (tenants.length === 0) {
          return;
        }
        let broken = 0;
        for (const tenant of tenants) {
          const report = await db.tenant(tenant.id, (tx) =>
            verifyAuditChain(tx, tenant.id, anchor),
          );
          console.log(
            `${tenant.slug}: ${report.entries} entries, ${report.ok ? 'chain intact' : 'CHAIN BROKEN'}` +
              `; head ${report.head.seq}:${report.head.hash}` +
              (report.blanked > 0 ? `; ${report.blanked} with personal parts blanked` : ''),
          );
          for (const problem of report.problems) {
            console.log(`  entry ${problem.seq} ${problem.problem}: ${problem.message}`);
          }
          broken += report.ok ? 0 : 1;
        }
        process.exitCode = broken > 0 ? 1 : 0;
      } finally {
        await db.close();
      }
    });
}
