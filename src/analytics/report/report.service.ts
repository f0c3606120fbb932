/**
 * The ROI and impact report made into a file (docs/REPORTS.md): HTML or PDF for a period, a
 * scope and a locale; the reports kept (`analytics_reports`, the file in the row, as privacy
 * exports are kept) and the schedules that make one every month or quarter for the last
 * complete period and e-mail a link to the staff named as recipients.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queueEmailTo } from '../../accounts/email-delivery.js';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { monthOf } from '../metrics/period.js';
import { reportContent, type ReportRequest } from './content.js';
import { languageOf } from './format.js';
import { renderHtml } from './html.js';
import { renderPdf } from './pdf.js';
import { renderCharts, reportView } from './view.js';

export const REPORT_FORMATS = ['html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const CADENCES = ['monthly', 'quarterly'] as const;
export type Cadence = (typeof CADENCES)[number];

export interface ReportTenant {
  id: string;
  slug: string;
  name: string;
  defaultLocale: string;
}

export interface ReportFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface MakeOptions {
  format: ReportFormat;
  /** The report's locale; default the tenant's (en-GB when Guild has no report in its language). */
  locale?: string | undefined;
  generatedAt: Date;
  /** PDF only: uncompressed page streams (tests). */
  compress?: boolean;
}

/** The locale a report is written in: the one asked for (checked), else the tenant's. */
export function reportLocale(asked: string | undefined, tenantDefault: string): string {
  if (asked !== undefined) {
    if (languageOf(asked) === null) {
      throw fail.validation(
        `Reports are written in English or German: ${asked} is not a locale of either (e.g. en-GB, de-DE).`,
        { field: 'locale' },
      );
    }
    return asked;
  }
  return languageOf(tenantDefault) === null ? 'en-GB' : tenantDefault;
}

/** A file name of plain characters: guild-roi-<tenant>-<from>-<to>[-region][-segment].<ext>. */
function fileNameOf(tenant: ReportTenant, request: ReportRequest, format: ReportFormat): string {
  const parts = [
    'guild-roi',
    tenant.slug,
    request.from,
    request.to,
    request.region,
    request.segment,
  ]
    .filter((part): part is string => Boolean(part))
    .map((part) => part.replace(/[^A-Za-z0-9-]+/g, '_'));
  return `${parts.join('-')}.${format}`;
}

/** Makes the report file for `request` in the tenant of `tx`. */
export async function makeReport(
  tx: Orm,
  tenant: ReportTenant,
  request: ReportRequest,
  options: MakeOptions,
): Promise<ReportFile & { locale: string }> {
  const locale = reportLocale(options.locale, tenant.defaultLocale);
  const content = await reportContent(tx, tenant, request, options.generatedAt);
  const view = await renderCharts(reportView(content, locale));
  const fileName = fileNameOf(tenant, request, options.format);
  if (options.format === 'html') {
    return {
      fileName,
      locale,
      contentType: 'text/html; charset=utf-8',
      bytes: Buffer.from(renderHtml(view, tenant.name), 'utf8'),
    };
  }
  const subject = `${tenant.name}, ${content.period.from} – ${content.period.to}`;
  const compress = options.compress ?? true;
  return {
    fileName,
    locale,
    contentType: 'application/pdf',
    bytes: await renderPdf(view, { generatedAt: options.generatedAt, subject }, { compress }),
  };
}

// ---------------------------------------------------------------------------------------------
// stored reports

export interface StoredReport {
  id: string;
  scheduleId: string | null;
  kind: 'roi';
  from: string;
  to: string;
  region: string | null;
  segment: string | null;
  locale: string;
  format: ReportFormat;
  fileName: string;
  contentType: string;
  sha256: string;
  bytes: number;
  requestedBy: string | null;
  generatedAt: Date;
  downloads: number;
}

interface ReportRow {
  id: string;
  schedule_id: string | null;
  kind: 'roi';
  period_from: string;
  period_to: string;
  region: string | null;
  segment: string | null;
  locale: string;
  format: ReportFormat;
  file_name: string;
  content_type: string;
  sha256: string;
  bytes: number;
  requested_by: string | null;
  generated_at: string | Date;
  downloads: number;
}

const REPORT_COLUMNS = sql`id, schedule_id, kind, period_from, period_to, region, segment,
  locale, format, file_name, content_type, sha256, bytes, requested_by, generated_at, downloads`;

const reportOf = (row: ReportRow): StoredReport => ({
  id: row.id,
  scheduleId: row.schedule_id,
  kind: row.kind,
  from: row.period_from,
  to: row.period_to,
  region: row.region,
  segment: row.segment,
  locale: row.locale,
  format: row.format,
  fileName: row.file_name,
  contentType: row.content_type,
  sha256: row.sha256,
  bytes: Number(row.bytes),
  requestedBy: row.requested_by,
  generatedAt: new Date(row.generated_at),
  downloads: Number(row.downloads),
});

/** Keeps a made report. */
export async function storeReport(
  tx: Orm,
  tenantId: string,
  stored: {
    request: ReportRequest;
    format: ReportFormat;
    locale: string;
    file: ReportFile;
    generatedAt: Date;
    requestedBy: string | null;
    scheduleId: string | null;
  },
): Promise<StoredReport> {
  const { request, file } = stored;
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const [row] = await sqlRows<ReportRow>(
    tx,
    sql`insert into analytics_reports (tenant_id, schedule_id, period_from, period_to, region,
          segment, locale, format, file_name, content_type, content, sha256, bytes, requested_by,
          generated_at)
        values (${tenantId}, ${stored.scheduleId}, ${request.from}, ${request.to},
          ${request.region ?? null}, ${request.segment ?? null}, ${stored.locale}, ${stored.format},
          ${file.fileName}, ${file.contentType}, ${file.bytes}, ${sha256}, ${file.bytes.length},
          ${stored.requestedBy}, ${stored.generatedAt.toISOString()})
        returning ${REPORT_COLUMNS}`,
  );
  return reportOf(row!);
}

/** One page of kept reports, newest first. */
export async function listReports(
  tx: Orm,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: StoredReport[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const rows = await sqlRows<ReportRow>(
    tx,
    sql`select ${REPORT_COLUMNS} from analytics_reports
        ${
          after
            ? sql`where (generated_at, id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
            : sql``
        }
        order by generated_at desc, id desc limit ${page.limit + 1}`,
  );
  const { items, nextCursor } = pageOf(rows.map(reportOf), page.limit, (report) => ({
    at: report.generatedAt,
    id: report.id,
  }));
  return { items, nextCursor };
}

export async function getReport(tx: Orm, id: string): Promise<StoredReport> {
  const [row] = await sqlRows<ReportRow>(
    tx,
    sql`select ${REPORT_COLUMNS} from analytics_reports where id = ${id}`,
  );
  if (!row) {
    throw fail.notFound('No such report.');
  }
  return reportOf(row);
}

/** A kept report's file, counting the download. */
export async function downloadReport(
  tx: Orm,
  id: string,
): Promise<{ report: StoredReport; bytes: Buffer }> {
  const [row] = await sqlRows<ReportRow & { content: Uint8Array | string }>(
    tx,
    sql`update analytics_reports set downloads = downloads + 1 where id = ${id}
        returning ${REPORT_COLUMNS}, content`,
  );
  if (!row) {
    throw fail.notFound('No such report.');
  }
  const bytes =
    typeof row.content === 'string'
      ? Buffer.from(row.content.replace(/^\\x/, ''), 'hex')
      : Buffer.from(row.content);
  return { report: reportOf(row), bytes };
}

// ---------------------------------------------------------------------------------------------
// schedules

export interface Schedule {
  id: string;
  cadence: Cadence;
  format: ReportFormat;
  locale: string;
  region: string | null;
  segment: string | null;
  recipients: string[];
  lastPeriodTo: string;
  createdBy: string | null;
  createdAt: Date;
}

interface ScheduleRow {
  id: string;
  cadence: Cadence;
  format: ReportFormat;
  locale: string;
  region: string | null;
  segment: string | null;
  recipients: string[] | string;
  last_period_to: string;
  created_by: string | null;
  created_at: string | Date;
}

const SCHEDULE_COLUMNS = sql`id, cadence, format, locale, region, segment, recipients,
  last_period_to, created_by, created_at`;

/** uuid[] as PGlite or pg returns it. */
function uuids(value: string[] | string): string[] {
  if (Array.isArray(value)) {
    return value;
  }
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}

const scheduleOf = (row: ScheduleRow): Schedule => ({
  id: row.id,
  cadence: row.cadence,
  format: row.format,
  locale: row.locale,
  region: row.region,
  segment: row.segment,
  recipients: uuids(row.recipients),
  lastPeriodTo: row.last_period_to,
  createdBy: row.created_by,
  createdAt: new Date(row.created_at),
});

/** The last whole period of a cadence before `now` (UTC): last month, or last quarter. */
export function lastCompletePeriod(cadence: Cadence, now: Date): { from: string; to: string } {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth(); // 0-based: the current month
  if (cadence === 'monthly') {
    const last = monthOf(new Date(Date.UTC(year, month - 1, 1)));
    return { from: last, to: last };
  }
  const quarterStart = month - (month % 3);
  const from = monthOf(new Date(Date.UTC(year, quarterStart - 3, 1)));
  const to = monthOf(new Date(Date.UTC(year, quarterStart - 1, 1)));
  return { from, to };
}

/** Staff (managers, admins) among `ids`, active; anyone else is refused by name. */
async function checkRecipients(tx: Orm, ids: string[]): Promise<void> {
  if (ids.length === 0) {
    return;
  }
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`select id from users where id = any(${`{${ids.join(',')}}`}::uuid[])
          and role in ('manager', 'admin') and status = 'active'`,
  );
  const staff = new Set(rows.map((row) => row.id));
  const others = ids.filter((id) => !staff.has(id));
  if (others.length > 0) {
    throw fail.validation('Recipients must be active managers or admins of this community.', {
      field: 'recipients',
      refused: others,
    });
  }
}

export interface NewSchedule {
  cadence: Cadence;
  format: ReportFormat;
  locale: string;
  region: string | null;
  segment: string | null;
  recipients: string[];
}

/** Adds a schedule; its first report is of the first period that ends after now. */
export async function createSchedule(
  tx: Orm,
  tenantId: string,
  input: NewSchedule,
  by: string,
  now: Date,
): Promise<Schedule> {
  const recipients = [...new Set(input.recipients)];
  await checkRecipients(tx, recipients);
  const [row] = await sqlRows<ScheduleRow>(
    tx,
    sql`insert into analytics_report_schedules (tenant_id, cadence, format, locale, region,
          segment, recipients, last_period_to, created_by)
        values (${tenantId}, ${input.cadence}, ${input.format}, ${input.locale}, ${input.region},
          ${input.segment}, ${`{${recipients.join(',')}}`}::uuid[],
          ${lastCompletePeriod(input.cadence, now).to}, ${by})
        returning ${SCHEDULE_COLUMNS}`,
  );
  return scheduleOf(row!);
}

export async function listSchedules(tx: Orm): Promise<Schedule[]> {
  const rows = await sqlRows<ScheduleRow>(
    tx,
    sql`select ${SCHEDULE_COLUMNS} from analytics_report_schedules
        order by created_at desc, id desc`,
  );
  return rows.map(scheduleOf);
}

export async function deleteSchedule(tx: Orm, id: string): Promise<Schedule> {
  const [row] = await sqlRows<ScheduleRow>(
    tx,
    sql`delete from analytics_report_schedules where id = ${id} returning ${SCHEDULE_COLUMNS}`,
  );
  if (!row) {
    throw fail.notFound('No such report schedule.');
  }
  return scheduleOf(row);
}

/**
 * Claims one schedule of this tenant due at `now`, if any: moves its last period on to the last
 * complete one and returns it with that period. Another process sweeping at the same time skips
 * the locked row, and the claim commits with the report, so a period is reported once.
 */
export async function claimOneDue(
  tx: Orm,
  now: Date,
): Promise<{ schedule: Schedule; period: { from: string; to: string } } | null> {
  for (const cadence of CADENCES) {
    const period = lastCompletePeriod(cadence, now);
    const [row] = await sqlRows<ScheduleRow>(
      tx,
      sql`update analytics_report_schedules set last_period_to = ${period.to}
           where id = (select id from analytics_report_schedules
                        where cadence = ${cadence} and last_period_to < ${period.to}
                        order by created_at, id limit 1 for update skip locked)
           returning ${SCHEDULE_COLUMNS}`,
    );
    if (row) {
      return { schedule: scheduleOf(row), period };
    }
  }
  return null;
}

/** E-mails each recipient still on the staff a link to the report; returns how many. */
export async function emailRecipients(
  tx: Orm,
  tenantId: string,
  schedule: Schedule,
  report: StoredReport,
  link: string,
): Promise<number> {
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`select id from users where id = any(${`{${schedule.recipients.join(',')}}`}::uuid[])
          and role in ('manager', 'admin') and status = 'active' order by id`,
  );
  let written = 0;
  for (const { id } of rows) {
    const queued = await queueEmailTo(tx, tenantId, {
      userId: id,
      kind: 'analytics_report',
      subject: `ROI and impact report ${report.from} to ${report.to} is ready`,
      text: [
        `The ${schedule.cadence} ROI and impact report for ${report.from} to ${report.to} ` +
          `(${report.format.toUpperCase()}, ${report.locale}) is ready.`,
        '',
        `Download it (signed in as a manager or admin): ${link}`,
      ].join('\n'),
    });
    written += queued ? 1 : 0;
  }
  return written;
}
