/**
 * The ambassador program's onboarding part: registers its routes and background work.
 * (Being built; see docs/AMBASSADORS.md.)
 */
import type { AmbassadorPartDeps } from '../ambassadors.js';

export function registerOnboarding(_deps: AmbassadorPartDeps): void {
  // nothing yet
}
