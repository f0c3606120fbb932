/** Data-subject requests (being built). */
import type { MailWritten } from '../../accounts/accounts.routes.js';
import type { GuildConfig } from '../../core/config/config.js';
import type { Database } from '../../core/db/database.js';
import type { GuildServer } from '../../core/http/server.js';
import type { JobRunner } from '../../core/jobs/jobs.js';
import type { GuildLogger } from '../../core/logging/logger.js';

export interface PrivacyRequestDeps {
  app: GuildServer;
  db: Database;
  config: GuildConfig;
  jobs: JobRunner;
  logger: GuildLogger;
  mail: MailWritten;
}

export function registerPrivacyRequests(_deps: PrivacyRequestDeps): void {}
