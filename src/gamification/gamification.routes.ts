/**
 * Registers the gamification API: points and the ledger, rules, badges and challenges,
 * leaderboards, rewards. One line per part.
 */
import type { Database } from '../core/db/database.js';
import type { GuildServer } from '../core/http/server.js';
import type { JobRunner } from '../core/jobs/jobs.js';
import type { GuildConfig } from '../core/config/config.js';
import { registerAchievementRoutes } from './achievements/achievements.routes.js';
import { registerLeaderboardRoutes } from './leaderboards/leaderboards.routes.js';
import { registerPointsRoutes } from './points.routes.js';
import { startLedgerSweeper } from './ledger-sweeper.js';
import type { GuildLogger } from '../core/logging/logger.js';
import type { OutboundQueue } from '../integrations/outbound/delivery-queue.js';
import { registerRewardRoutes } from './rewards/rewards.routes.js';
import { registerRuleRoutes } from './rules/rules.routes.js';
import { registerSignalRoutes } from './signals/signals.routes.js';

export interface GamificationDeps {
  app: GuildServer;
  db: Database;
  config: GuildConfig;
  jobs: JobRunner;
  logger: GuildLogger;
  outbound: OutboundQueue;
}

export function registerGamificationRoutes(deps: GamificationDeps): void {
  // Each part registers its routes below (keep one line each).
  registerAchievementRoutes(deps);
  registerLeaderboardRoutes(deps);
  registerPointsRoutes(deps.app, deps.db, deps.outbound);
  startPointsSweeper(deps);
  registerRewardRoutes(deps);
  registerRuleRoutes(deps);
  registerSignalRoutes(deps);
}

/** Releases and expires points on a timer in processes that run background work. */
function startPointsSweeper(deps: GamificationDeps): void {
  if (deps.config.jobs.work) {
    const stop = startLedgerSweeper(deps.db, deps.logger, deps.config.points.sweepSeconds);
    deps.app.addHook('onClose', () => stop());
  }
}
