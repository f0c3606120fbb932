/**
 * Registers the achievements API (badges, levels, streaks, challenges) under
 * /api/v1/gamification; docs/GAMIFICATION.md describes it.
 */
import type { FastifyRequest } from 'fastify';
import type { Orm } from '../../core/db/database.js';
import type { GamificationDeps } from '../gamification.routes.js';
import { registerBadgeRoutes } from './badges.routes.js';
import { registerChallengeRoutes } from './challenges.routes.js';
import { registerLevelRoutes } from './levels.routes.js';

export function registerAchievementRoutes(deps: GamificationDeps): void {
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    deps.db.tenant(request.guild.tenant.id, work);
  registerBadgeRoutes(deps.app, inTenant);
  registerLevelRoutes(deps.app, inTenant);
  registerChallengeRoutes(deps.app, inTenant);
}
