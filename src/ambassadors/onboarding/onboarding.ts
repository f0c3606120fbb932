/**
 * The ambassador program's onboarding part: invitations (marketing consent and a daily limit),
 * their expiry, the checklist of a member who accepted (agreement, disclosure quiz, profile),
 * reminders, and the e-mail templates. See docs/AMBASSADORS.md.
 */
import { repeatEvery } from '../../core/jobs/repeat.js';
import type { AmbassadorPartDeps } from '../ambassadors.js';
import { registerOnboardingRoutes } from './onboarding.routes.js';
import { sweepOnboarding } from './sweepers.js';

/** How often a process that runs background work sweeps invitations and reminders. */
export const SWEEP_SECONDS = 300;

export function registerOnboarding(deps: AmbassadorPartDeps): void {
  registerOnboardingRoutes({ app: deps.app, db: deps.db, config: deps.config, mail: deps.mail });
  if (deps.config.jobs.work) {
    const stop = repeatEvery(
      () => SWEEP_SECONDS,
      async () => {
        await sweepOnboarding(deps.db, deps.config, deps.mail);
      },
      (error) =>
        deps.logger.error({ category: 'job', err: error }, 'ambassador onboarding sweep failed'),
    );
    deps.app.addHook('onClose', () => stop());
  }
}
