/**
 * Scheduled ROI reports: a sweeper in each process that runs background work looks for tenants
 * with a schedule due and queues one job per tenant (pg-boss, retried on failure); the job
 * makes each due schedule's report for its last complete period, keeps it, records it in the
 * audit log and e-mails its recipients a download link, all in one transaction per schedule.
 */
import type { MailWritten } from '../../accounts/accounts.routes.js';
import { tenantBaseUrl } from '../../accounts/links.js';
import { recordAuditAs } from '../../core/audit/audit.js';
import type { GuildConfig } from '../../core/config/config.js';
import type { Database } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { JobTask, type JobRunner, type TenantJobData } from '../../core/jobs/jobs.js';
import { repeatEvery } from '../../core/jobs/repeat.js';
import type { GuildLogger } from '../../core/logging/logger.js';
import {
  lastCompletePeriod,
  claimOneDue,
  emailRecipients,
  makeReport,
  storeReport,
} from './report.service.js';

/** How often a process that runs background work looks for due schedules. */
export const SCHEDULE_SWEEP_SECONDS = 3600;

export interface ScheduleRunCounts {
  reports: number;
  emails: number;
  failed: number;
}

type TenantRow = {
  id: string;
  slug: string;
  name: string;
  default_locale: string;
};

/**
 * Makes every report due at `now` in one tenant (or all): what the job and the tests call.
 * A schedule whose scope no longer exists (a region removed) is recorded as failed in the
 * audit log and moves on to the next period.
 */
export async function runDueReports(
  db: Database,
  config: Pick<GuildConfig, 'http' | 'tenancy'>,
  now: Date,
  options: { tenantId?: string; mail?: MailWritten } = {},
): Promise<ScheduleRunCounts> {
  const tenants = options.tenantId
    ? await db.query<TenantRow>(
        'SELECT id, slug, name, default_locale FROM tenants WHERE id = $1',
        [options.tenantId],
      )
    : await db.query<TenantRow>('SELECT id, slug, name, default_locale FROM tenants');
  const counts: ScheduleRunCounts = { reports: 0, emails: 0, failed: 0 };
  for (const row of tenants) {
    const tenant = {
      id: row.id,
      slug: row.slug,
      name: row.name,
      defaultLocale: row.default_locale,
    };
    const origin = { tenantId: tenant.id, actorId: null };
    for (;;) {
      const done = await db.tenant(tenant.id, async (tx) => {
        const due = await claimOneDue(tx, now);
        if (!due) {
          return null;
        }
        const { schedule, period } = due;
        const request = {
          from: period.from,
          to: period.to,
          region: schedule.region ?? undefined,
          segment: schedule.segment ?? undefined,
        };
        const details = { scheduleId: schedule.id, from: period.from, to: period.to };
        let file;
        try {
          file = await makeReport(tx, tenant, request, {
            format: schedule.format,
            locale: schedule.locale,
            generatedAt: now,
          });
        } catch (error) {
          if (error instanceof GuildError && error.code === 'validation_failed') {
            await recordAuditAs(tx, origin, {
              action: 'analytics.report_failed',
              targetType: 'analytics_report_schedule',
              targetId: schedule.id,
              details: { ...details, reason: error.message },
            });
            return { reports: 0, emails: 0, failed: 1 };
          }
          throw error;
        }
        const report = await storeReport(tx, tenant.id, {
          request,
          format: schedule.format,
          locale: file.locale,
          file,
          generatedAt: now,
          requestedBy: null,
          scheduleId: schedule.id,
        });
        await recordAuditAs(tx, origin, {
          action: 'analytics.report_generate',
          targetType: 'analytics_report',
          targetId: report.id,
          details: { ...details, format: report.format, locale: report.locale },
        });
        const link = `${tenantBaseUrl(config, tenant.slug)}/api/v1/analytics/reports/${report.id}/file`;
        const emails = await emailRecipients(tx, tenant.id, schedule, report, link);
        return { reports: 1, emails, failed: 0 };
      });
      if (!done) {
        break;
      }
      counts.reports += done.reports;
      counts.emails += done.emails;
      counts.failed += done.failed;
      if (done.emails > 0) {
        options.mail?.written(tenant.id);
      }
    }
  }
  return counts;
}

/** The tenants with a schedule due at `now` (read across tenants, as sweepers do). */
async function tenantsDue(db: Database, now: Date): Promise<string[]> {
  const monthly = lastCompletePeriod('monthly', now).to;
  const quarterly = lastCompletePeriod('quarterly', now).to;
  const rows = await db.query<{ tenant_id: string }>(
    `SELECT DISTINCT tenant_id FROM analytics_report_schedules
      WHERE (cadence = 'monthly' AND last_period_to < $1)
         OR (cadence = 'quarterly' AND last_period_to < $2)`,
    [monthly, quarterly],
  );
  return rows.map((row) => row.tenant_id);
}

/** The job that makes one tenant's due reports. */
export class ReportScheduleTask extends JobTask<TenantJobData> {
  readonly name = 'analytics-report-schedules';
  override readonly retryLimit = 3;
  override readonly retryDelaySeconds = 60;

  constructor(
    private readonly config: Pick<GuildConfig, 'http' | 'tenancy'>,
    private readonly mail: MailWritten | undefined,
  ) {
    super();
  }

  async run(data: TenantJobData, context: { db: Database }): Promise<void> {
    await runDueReports(context.db, this.config, new Date(), {
      tenantId: data.tenantId,
      ...(this.mail ? { mail: this.mail } : {}),
    });
  }
}

/** Registers the job and, where this process runs background work, starts the sweeper. */
export function startReportSchedules(deps: {
  db: Database;
  config: GuildConfig;
  jobs: JobRunner;
  logger: GuildLogger;
  mail?: MailWritten | undefined;
}): (() => Promise<void>) | null {
  const task = new ReportScheduleTask(deps.config, deps.mail);
  deps.jobs.register(task);
  if (!deps.config.jobs.work) {
    return null;
  }
  return repeatEvery(
    () => SCHEDULE_SWEEP_SECONDS,
    async () => {
      for (const tenantId of await tenantsDue(deps.db, new Date())) {
        await deps.jobs.send(task, { tenantId });
      }
    },
    (error) => deps.logger.error({ category: 'job', err: error }, 'report schedule sweep failed'),
  );
}
