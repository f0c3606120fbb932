/**
 * The ambassador program's part of Guild: its routes, its scoring job and the scheduler that
 * keeps scores fresh, and what it does when a member withdraws scoring consent.
 */
import type { MailWritten } from '../accounts/accounts.routes.js';
import type { GuildConfig } from '../core/config/config.js';
import type { Database, Orm } from '../core/db/database.js';
import type { GuildServer } from '../core/http/server.js';
import type { JobRunner } from '../core/jobs/jobs.js';
import type { GuildLogger } from '../core/logging/logger.js';
import type { ConsentPurpose } from '../privacy/consents.service.js';
import { registerAmbassadorRoutes } from './ambassadors.routes.js';
import { registerFeedback } from './feedback/feedback.js';
import { registerMissions } from './missions/missions.js';
import { registerOnboarding } from './onboarding/onboarding.js';
import {
  AmbassadorScoringTask,
  forgetScoresWithoutConsent,
  startScoringScheduler,
} from './scoring/runs.js';

/** How often a process that runs background work looks for programs due a new scoring. */
const SCHEDULE_SECONDS = 300;

export interface AmbassadorsDeps {
  app: GuildServer;
  db: Database;
  config: GuildConfig;
  jobs: JobRunner;
  logger: GuildLogger;
}

/** What each part of the program (onboarding, missions, feedback) is given to register. */
export interface AmbassadorPartDeps extends AmbassadorsDeps {
  /** Sends the e-mails a transaction wrote to the outbox, once it has committed. */
  mail: MailWritten;
}

export function registerAmbassadors(deps: AmbassadorsDeps & { mail: MailWritten }) {
  const scoring = new AmbassadorScoringTask();
  deps.jobs.register(scoring);
  registerAmbassadorRoutes({ app: deps.app, db: deps.db, jobs: deps.jobs, scoring });
  // Each part registers itself below (keep one line each).
  registerOnboarding(deps);
  registerMissions(deps);
  registerFeedback(deps);
  if (deps.config.jobs.work) {
    const stop = startScoringScheduler(deps.db, deps.jobs, scoring, deps.logger, SCHEDULE_SECONDS);
    deps.app.addHook('onClose', () => stop());
  }
  return {
    scoring,
    /** Scores of a member who withdrew scoring consent are deleted at once. */
    onConsentWithdrawn: async (tx: Orm, userId: string, purpose: ConsentPurpose) => {
      if (purpose === 'ambassador_scoring') {
        await forgetScoresWithoutConsent(tx, userId);
      }
    },
  };
}
