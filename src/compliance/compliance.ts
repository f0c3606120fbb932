/**
 * Compliance: the disclosure checker and brand rules every ambassador post and submission
 * passes, and ambassador contracts (templates with required clauses, signing, expiry). Each part
 * registers itself here; COMPLIANCE.md in the shared folder is the rule book it encodes.
 */
import type { MailWritten } from '../accounts/accounts.routes.js';
import type { GuildConfig } from '../core/config/config.js';
import type { Database } from '../core/db/database.js';
import type { GuildServer } from '../core/http/server.js';
import type { JobRunner } from '../core/jobs/jobs.js';
import type { GuildLogger } from '../core/logging/logger.js';
import type { ModerationGate } from '../moderation/gate.js';
import { registerContent } from './content/content.js';
import { registerContracts } from './contracts/contracts.js';
import { registerDisclosureRoutes } from './disclosure/disclosure.routes.js';
import { registerReviews } from './reviews/reviews.routes.js';

export interface ComplianceDeps {
  app: GuildServer;
  db: Database;
  config: GuildConfig;
  jobs: JobRunner;
  logger: GuildLogger;
  mail: MailWritten;
  /** The moderation gate product reviews pass, like posts. */
  gate: ModerationGate;
}

export function registerCompliance(deps: ComplianceDeps): void {
  // Each part registers itself below (keep one line each).
  registerDisclosureRoutes(deps);
  registerContracts(deps);
  registerContent(deps);
  registerReviews(deps);
}
