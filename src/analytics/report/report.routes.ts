/**
 * The ROI and impact report's API under /api/v1/analytics (docs/REPORTS.md): the report made
 * on demand as HTML or PDF, the reports kept by schedules, and the schedules themselves.
 * Reading needs `analytics:read`, schedules `analytics:manage`. A report leaving Guild is
 * recorded in the audit log as an export.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { recordAudit } from '../../core/audit/audit.js';
import type { Orm } from '../../core/db/database.js';
import { PageOf, PageQuery } from '../../core/http/pagination.js';
import { actorIdOf } from '../../core/http/request-context.js';
import { IdParams, Nullable, StringEnum } from '../../core/http/schemas.js';
import type { AnalyticsDeps } from '../analytics.js';
import { MONTH_PATTERN, scopeOf } from '../metrics/period.js';
import { LOCALE_PATTERN } from './format.js';
import { startReportSchedules } from './report-schedules.js';
import {
  CADENCES,
  REPORT_FORMATS,
  createSchedule,
  deleteSchedule,
  downloadReport,
  listReports,
  listSchedules,
  makeReport,
  reportLocale,
  type Schedule,
  type StoredReport,
} from './report.service.js';

const BASE = '/api/v1/analytics';
const tags = ['analytics'];
const READ = 'analytics:read';
const MANAGE = 'analytics:manage';
const Month = Type.String({ pattern: MONTH_PATTERN, description: 'YYYY-MM (UTC)' });
const Locale = Type.String({ pattern: LOCALE_PATTERN, description: 'en-GB, de-DE…' });
const Format = StringEnum(REPORT_FORMATS);
const DateTime = Type.String({ format: 'date-time' });
const RegionCode = Type.String({ minLength: 1, maxLength: 16, description: 'region code' });
const SegmentKey = Type.String({ minLength: 1, maxLength: 64, description: 'segment key' });

const ReportSchema = Type.Object({
  id: Type.String(),
  scheduleId: Nullable(Type.String()),
  kind: Type.String(),
  from: Type.String(),
  to: Type.String(),
  region: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  locale: Type.String(),
  format: Format,
  fileName: Type.String(),
  contentType: Type.String(),
  sha256: Type.String(),
  bytes: Type.Integer(),
  requestedBy: Nullable(Type.String()),
  generatedAt: DateTime,
  downloads: Type.Integer(),
});

const ScheduleSchema = Type.Object({
  id: Type.String(),
  cadence: StringEnum(CADENCES),
  format: Format,
  locale: Type.String(),
  region: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  recipients: Type.Array(Type.String()),
  lastPeriodTo: Type.String(),
  createdBy: Nullable(Type.String()),
  createdAt: DateTime,
});

const presentReport = (report: StoredReport) => ({
  ...report,
  generatedAt: report.generatedAt.toISOString(),
});
const presentSchedule = (schedule: Schedule) => ({
  ...schedule,
  createdAt: schedule.createdAt.toISOString(),
});

/** The report's routes, and the schedules' job and sweeper. */
export function registerReportRoutes(deps: AnalyticsDeps): void {
  const { app, db } = deps;
  const inTenant = <T>(request: FastifyRequest, work: (tx: Orm) => Promise<T>) =>
    db.tenant(request.guild.tenant.id, work);

  const stop = startReportSchedules(deps);
  if (stop) {
    app.addHook('onClose', () => stop());
  }

  app.get(
    `${BASE}/reports/roi`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'The ROI and impact report for whole months as a file (HTML or PDF)',
        querystring: Type.Object(
          {
            from: Month,
            to: Month,
            region: Type.Optional(RegionCode),
            segment: Type.Optional(SegmentKey),
            format: Type.Optional(Format),
            locale: Type.Optional(Locale),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { format = 'html', locale, ...period } = request.query;
      const tenant = request.guild.tenant;
      // Made where reports are read (a replica when there is one); the audit goes to the primary.
      const file = await deps.reads.tenant(tenant.id, (tx) =>
        makeReport(tx, tenant, period, { format, locale, generatedAt: new Date() }),
      );
      await inTenant(request, (tx) =>
        recordAudit(tx, request, {
          action: 'analytics.report_export',
          targetType: 'analytics_report',
          details: { ...period, format, locale: file.locale, bytes: file.bytes.length },
        }),
      );
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.bytes);
    },
  );

  app.get(
    `${BASE}/reports`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Reports kept (made by schedules), newest first',
        querystring: PageQuery,
        response: { 200: PageOf(ReportSchema) },
      },
    },
    async (request) => {
      const page = await inTenant(request, (tx) =>
        listReports(tx, { limit: request.query.limit ?? 20, cursor: request.query.cursor }),
      );
      return { items: page.items.map(presentReport), nextCursor: page.nextCursor };
    },
  );

  app.get(
    `${BASE}/reports/:id/file`,
    {
      config: { access: READ },
      schema: { tags, summary: 'Download a kept report', params: IdParams },
    },
    async (request, reply) => {
      const { report, bytes } = await inTenant(request, async (tx) => {
        const downloaded = await downloadReport(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'analytics.report_download',
          targetType: 'analytics_report',
          targetId: downloaded.report.id,
          details: { from: downloaded.report.from, to: downloaded.report.to },
        });
        return downloaded;
      });
      return reply
        .type(report.contentType)
        .header('content-disposition', `attachment; filename="${report.fileName}"`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );

  app.get(
    `${BASE}/report-schedules`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'The report schedules, newest first',
        response: { 200: Type.Object({ items: Type.Array(ScheduleSchema) }) },
      },
    },
    async (request) => ({
      items: (await inTenant(request, listSchedules)).map(presentSchedule),
    }),
  );

  app.post(
    `${BASE}/report-schedules`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'Make the report every month or quarter and e-mail staff a link to it',
        body: Type.Object(
          {
            cadence: StringEnum(CADENCES),
            format: Type.Optional(Format),
            locale: Type.Optional(Locale),
            region: Type.Optional(RegionCode),
            segment: Type.Optional(SegmentKey),
            recipients: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ScheduleSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const tenant = request.guild.tenant;
      const schedule = await inTenant(request, async (tx) => {
        const scope = await scopeOf(tx, { region: body.region, segment: body.segment });
        const created = await createSchedule(
          tx,
          tenant.id,
          {
            cadence: body.cadence,
            format: body.format ?? 'pdf',
            locale: reportLocale(body.locale, tenant.defaultLocale),
            region: scope.regionCode,
            segment: scope.segmentKey,
            recipients: body.recipients,
          },
          actorIdOf(request),
          new Date(),
        );
        await recordAudit(tx, request, {
          action: 'analytics.report_schedule_create',
          targetType: 'analytics_report_schedule',
          targetId: created.id,
          after: { ...presentSchedule(created) },
        });
        return created;
      });
      return reply.code(201).send(presentSchedule(schedule));
    },
  );

  app.delete(
    `${BASE}/report-schedules/:id`,
    {
      config: { access: MANAGE },
      schema: {
        tags,
        summary: 'Stop a report schedule (its reports are kept)',
        params: IdParams,
        response: { 200: ScheduleSchema },
      },
    },
    async (request) =>
      inTenant(request, async (tx) => {
        const removed = await deleteSchedule(tx, request.params.id);
        await recordAudit(tx, request, {
          action: 'analytics.report_schedule_delete',
          targetType: 'analytics_report_schedule',
          targetId: removed.id,
          before: { ...presentSchedule(removed) },
        });
        return presentSchedule(removed);
      }),
  );
}
