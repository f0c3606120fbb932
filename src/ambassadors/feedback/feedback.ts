/**
 * The ambassador program's feedback part: surveys with NPS and free-text sentiment, their
 * results by region, the iteration log, and retention (the retention rate, churn risk and
 * alumni, in ../retention). docs/AMBASSADORS.md, "Feedback and retention".
 */
import type { AmbassadorPartDeps } from '../ambassadors.js';
import { registerRetentionRoutes } from '../retention/retention.routes.js';
import { registerFeedbackRoutes } from './feedback.routes.js';

export function registerFeedback(deps: AmbassadorPartDeps): void {
  registerFeedbackRoutes({ app: deps.app, db: deps.db, mail: deps.mail });
  registerRetentionRoutes(deps.app, deps.db);
}
