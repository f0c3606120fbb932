/**
 * Ambassador contracts: templates per program and market with the required clauses
 * (COMPLIANCE.md CON-01..10), contracts offered and signed by click-through, the valid-contract
 * rule that missions and their payouts depend on, and the sweeper that expires contracts and
 * reminds of their end (where this process runs background work). docs/CONTRACTS.md.
 */
import { repeatEvery } from '../../core/jobs/repeat.js';
import type { ComplianceDeps } from '../compliance.js';
import { registerContractRoutes } from './contracts.routes.js';
import { sweepContracts } from './reminders.js';

/** How often a process that runs background work expires contracts and sends reminders. */
const SWEEP_SECONDS = 300;

export { checkTemplate } from './clauses.js';
export { sweepContracts } from './reminders.js';
export { hasValidContract, requireValidContract } from './validity.js';

export function registerContracts(deps: ComplianceDeps): void {
  registerContractRoutes({ app: deps.app, db: deps.db });
  if (deps.config.jobs.work) {
    const stop = repeatEvery(
      () => SWEEP_SECONDS,
      async () => {
        const counts = await sweepContracts(deps.db, deps.mail);
        if (counts.expired + counts.reminders > 0) {
          deps.logger.info({ category: 'job', ...counts }, 'contracts expired and reminded');
        }
      },
      (error) => deps.logger.error({ category: 'job', err: error }, 'contract sweep failed'),
    );
    deps.app.addHook('onClose', () => stop());
  }
}
