/**
 * The ambassador program's missions part: registers its routes and background work.
 * (Being built; see docs/AMBASSADORS.md.)
 */
import type { AmbassadorPartDeps } from '../ambassadors.js';

export function registerMissions(_deps: AmbassadorPartDeps): void {
  // nothing yet
}
