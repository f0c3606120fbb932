/**
 * Analytics: the metrics layer (the six key metrics and the supporting figures, read from
 * rollups the database keeps current), the customer retention lift, program costs and ROI.
 * Each part registers itself here; PRODUCT.md ("The key metrics, defined") is what it computes.
 */
import type { MailWritten } from '../accounts/accounts.routes.js';
import type { GuildConfig } from '../core/config/config.js';
import type { Database } from '../core/db/database.js';
import type { Reads } from '../core/db/replica.js';
import type { GuildServer } from '../core/http/server.js';
import type { JobRunner } from '../core/jobs/jobs.js';
import type { GuildLogger } from '../core/logging/logger.js';
import { registerMetricsRoutes } from './metrics/metrics.routes.js';
import type { Cluster } from '../core/cluster/cluster.js';
import { registerProgramRoutes } from './program/program.routes.js';
import { registerReportRoutes } from './report/report.routes.js';
import { registerRoiRoutes } from './roi/roi.routes.js';

export interface AnalyticsDeps {
  app: GuildServer;
  db: Database;
  config: GuildConfig;
  jobs: JobRunner;
  logger: GuildLogger;
  /** Wakes e-mail delivery once a scheduled report's links are written. */
  mail: MailWritten;
  /**
   * Where the dashboards' figures and the reports are read: a read replica when
   * GUILD_REPORTS_DATABASE_URL names one (see docs/operations.md), otherwise `db`.
   */
  reads: Pick<Reads, 'tenant'>;
  /** Carries live figures between processes. */
  cluster: Pick<Cluster, 'bus' | 'livePollSeconds'>;
}

export function registerAnalytics(deps: AnalyticsDeps): void {
  // Each part registers itself below (keep one line each).
  registerMetricsRoutes(deps);
  registerRoiRoutes(deps);
  registerProgramRoutes(deps);
  registerReportRoutes(deps);
}
