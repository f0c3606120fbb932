/**
 * The ambassador program's missions part: the missions API, and the sweeper that marks
 * assignments past their due date without evidence as missed (where this process runs
 * background work). docs/AMBASSADORS.md.
 */
import { repeatEvery } from '../../core/jobs/repeat.js';
import type { AmbassadorPartDeps } from '../ambassadors.js';
import { sweepMissedDeadlines } from './assignments.service.js';
import { registerMissionRoutes } from './missions.routes.js';

/** How often a process that runs background work looks for missed deadlines. */
const SWEEP_SECONDS = 300;

export { sweepMissedDeadlines };

export function registerMissions(deps: AmbassadorPartDeps): void {
  registerMissionRoutes({ app: deps.app, db: deps.db });
  if (deps.config.jobs.work) {
    const stop = repeatEvery(
      () => SWEEP_SECONDS,
      async () => {
        const missed = await sweepMissedDeadlines(deps.db);
        if (missed > 0) {
          deps.logger.info({ category: 'job', missed }, 'mission assignments marked missed');
        }
      },
      (error) =>
        deps.logger.error({ category: 'job', err: error }, 'mission deadline sweep failed'),
    );
    deps.app.addHook('onClose', () => stop());
  }
}
