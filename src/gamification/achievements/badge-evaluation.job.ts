/**
 * The badge backfill as a background job: re-evaluates one badge for every member it may
 * concern (after a badge is created or its tiers change). Running it again grants nothing
 * twice: a tier held is found held and nothing is written.
 */
import { JobTask, type TenantJobData } from '../../core/jobs/jobs.js';
import type { Database } from '../../core/db/database.js';
import { evaluateBadge } from './badges.service.js';

export interface BadgeEvaluationData extends TenantJobData {
  badgeId: string;
}

export class BadgeEvaluationTask extends JobTask<BadgeEvaluationData> {
  readonly name = 'badge-evaluation';

  async run(data: BadgeEvaluationData, context: { jobId: string; db: Database }): Promise<void> {
    await context.db.tenant(data.tenantId, (tx) => evaluateBadge(tx, data.tenantId, data.badgeId));
  }
}
