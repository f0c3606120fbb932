/**
 * Data-subject requests (COMPLIANCE.md PRV-04, PRV-05): the requests API with each regime's
 * clock, the exports that answer access requests, and the sweeper that warns admins of
 * deadlines and deletes expired exports. docs/PRIVACY.md.
 */
import type { MailWritten } from '../../accounts/accounts.routes.js';
import type { GuildConfig } from '../../core/config/config.js';
import type { Database } from '../../core/db/database.js';
import type { GuildServer } from '../../core/http/server.js';
import type { JobRunner } from '../../core/jobs/jobs.js';
import { repeatEvery } from '../../core/jobs/repeat.js';
import type { GuildLogger } from '../../core/logging/logger.js';
import type { OutboundQueue } from '../../integrations/outbound/delivery-queue.js';
import { registerPrivacyRequestRoutes } from './requests.routes.js';
import { sweepPrivacyRequests } from './requests.sweeper.js';

export interface PrivacyRequestDeps {
  app: GuildServer;
  db: Database;
  config: GuildConfig;
  jobs: JobRunner;
  logger: GuildLogger;
  mail: MailWritten;
  /** Tells connected systems of an erasure once its transaction has committed. */
  outbound: OutboundQueue;
}

/**
 * How often a process that runs background work sweeps. Warnings are sent once each, so an
 * hourly pass acts as a daily one that also survives restarts (a timer of a whole day would
 * never fire in a process restarted more often).
 */
export const SWEEP_SECONDS = 3600;

export function registerPrivacyRequests(deps: PrivacyRequestDeps): void {
  registerPrivacyRequestRoutes(deps.app, deps.db, deps.mail, deps.outbound);
  if (deps.config.jobs.work) {
    const stop = repeatEvery(
      () => SWEEP_SECONDS,
      async () => {
        const counts = await sweepPrivacyRequests(deps.db, deps.config, deps.mail);
        if (counts.warnings + counts.expiredExports > 0) {
          deps.logger.info({ category: 'job', ...counts }, 'privacy requests swept');
        }
      },
      (error) => deps.logger.error({ category: 'job', err: error }, 'privacy request sweep failed'),
    );
    deps.app.addHook('onClose', () => stop());
  }
}
