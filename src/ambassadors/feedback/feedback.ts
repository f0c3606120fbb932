/**
 * The ambassador program's feedback part: registers its routes and background work.
 * (Being built; see docs/AMBASSADORS.md.)
 */
import type { AmbassadorPartDeps } from '../ambassadors.js';

export function registerFeedback(_deps: AmbassadorPartDeps): void {
  // nothing yet
}
