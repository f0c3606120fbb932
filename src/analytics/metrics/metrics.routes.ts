/**
 * The metrics API under /api/v1/analytics, for managers and admins (`analytics:read`): the
 * key metrics and engagement by month for a region and segment, each figure with its
 * definition beside it (docs/ANALYTICS.md).
 */
import { sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { sqlRows } from '../../core/db/database.js';
import type { AnalyticsDeps } from '../analytics.js';
import { Nullable, StringEnum } from '../../core/http/schemas.js';
import { DEFINITIONS } from './definitions.js';
import { readAnalyticsSettings } from '../roi/settings.service.js';
import { engagementByMonth } from './engagement.js';
import { keyMetricsByMonth, keyMetricsByRegion } from './key-metrics.js';
import { exportTable, EXPORT_TABLES } from './export.js';
import { LiveFigures } from './live.js';
import { fatigueNotes, supportingByMonth } from './supporting.js';
import { checkRange, scopeOf } from './period.js';

const BASE = '/api/v1/analytics';
const tags = ['analytics'];
const read = 'analytics:read' as const;

// checked by checkRange, which names the field and the expected form
const Month = Type.String({ minLength: 1, maxLength: 16, description: 'YYYY-MM' });

export const PeriodQuery = Type.Object(
  {
    from: Month,
    to: Month,
    region: Type.Optional(Type.String({ minLength: 1, maxLength: 16, description: 'region code' })),
    segment: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'segment key' }),
    ),
  },
  { additionalProperties: false },
);

export const ScopeSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  region: Nullable(Type.String()),
  segment: Nullable(Type.String()),
});

const Rate = Nullable(Type.Number());
const EngagementMonthSchema = Type.Object({
  month: Type.String(),
  members: Type.Integer(),
  engaged: Type.Integer(),
  engagementRate: Rate,
  contributors: Type.Integer(),
  contributorRate: Rate,
  monthlyActive: Type.Integer(),
  dailyActive: Type.Number(),
  dauMau: Rate,
  posts: Type.Integer(),
  comments: Type.Integer(),
  reactions: Type.Integer(),
  answers: Type.Integer(),
  challengeSteps: Type.Integer(),
  joined: Type.Integer(),
  removed: Type.Integer(),
});

const Hours = Nullable(Type.Number());
const KeyMonthSchema = Type.Object({
  month: Type.String(),
  engagement: EngagementMonthSchema,
  ambassadorRetention: Type.Object({
    month: Type.String(),
    activeAtStart: Type.Integer(),
    retained: Type.Integer(),
    rate: Rate,
  }),
  contentApproval: Type.Object({
    month: Type.String(),
    decisions: Type.Integer(),
    automatic: Type.Integer(),
    human: Type.Integer(),
    medianHours: Hours,
    p90Hours: Hours,
    automaticMedianHours: Hours,
    humanMedianHours: Hours,
  }),
  moderation: Type.Object({
    month: Type.String(),
    items: Type.Integer(),
    decidedAutomatically: Type.Integer(),
    decidedByPeople: Type.Integer(),
    humanReviews: Type.Integer(),
    auditSampled: Type.Integer(),
    automaticPrecision: Rate,
    costReduction: Rate,
  }),
});

const SupportingMonthSchema = Type.Object({
  month: Type.String(),
  firstResponseMedianHours: Hours,
  postsAnswered: Type.Integer(),
  postsPublished: Type.Integer(),
  pointsIssued: Type.Number(),
  pointsRedeemed: Type.Number(),
  challengeJoined: Type.Integer(),
  challengeCompleted: Type.Integer(),
  queueOpenAtEnd: Type.Integer(),
  slaBreaches: Type.Integer(),
});

export function registerMetricsRoutes({ app, db, reads, logger, cluster }: AnalyticsDeps): void {
  const live = new LiveFigures(db, logger, cluster.bus, cluster.livePollSeconds * 1000);
  app.addHook('preClose', async () => {
    await live.close();
  });

  app.get(
    `${BASE}/metrics/regions`,
    {
      config: { access: read },
      schema: {
        tags,
        summary:
          'The key metrics by month for the whole community (or segment) and for each region, ' +
          'in one answer',
        querystring: Type.Object(
          { from: Month, to: Month, segment: PeriodQuery.properties.segment },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            scope: ScopeSchema,
            costs: Type.Object({ costPerReview: Type.Number(), aiCostPerItem: Type.Number() }),
            definitions: Type.Record(Type.String(), Type.String()),
            all: Type.Array(KeyMonthSchema),
            regions: Type.Array(
              Type.Object({ region: Nullable(Type.String()), months: Type.Array(KeyMonthSchema) }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { from, to, segment } = request.query;
      const range = checkRange(from, to);
      return reads.tenant(request.guild.tenant.id, async (tx) => {
        const scope = await scopeOf(tx, { segment });
        const settings = await readAnalyticsSettings(tx);
        const costs = {
          costPerReview: settings.costPerReview,
          aiCostPerItem: settings.aiCostPerItem,
        };
        const split = await keyMetricsByRegion(tx, range, scope, costs);
        return {
          scope: { from, to, region: null, segment: scope.segmentKey },
          costs,
          definitions: { ...DEFINITIONS },
          ...split,
        };
      });
    },
  );

  app.get(
    `${BASE}/scopes`,
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'The regions and segments the figures can be filtered by',
        response: {
          200: Type.Object({
            regions: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
            segments: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
          }),
        },
      },
    },
    async (request) =>
      reads.tenant(request.guild.tenant.id, async (tx) => ({
        regions: await sqlRows<{ code: string; name: string }>(
          tx,
          sql`select code, name from regions order by code`,
        ),
        segments: await sqlRows<{ key: string; name: string }>(
          tx,
          sql`select key, name from segments order by key`,
        ),
      })),
  );

  app.get(
    `${BASE}/supporting`,
    {
      config: { access: read },
      schema: {
        tags,
        summary:
          'Supporting figures by month: time to first response, points, challenges, the review ' +
          'queue and SLA breaches; the current fatigue warnings',
        querystring: PeriodQuery,
        response: {
          200: Type.Object({
            scope: ScopeSchema,
            definitions: Type.Record(Type.String(), Type.String()),
            months: Type.Array(SupportingMonthSchema),
            fatigueWarnings: Type.Array(
              Type.Object({
                subjectName: Type.String(),
                metric: Type.String(),
                change: Type.Number(),
                message: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { from, to, region, segment } = request.query;
      const range = checkRange(from, to);
      const tenantId = request.guild.tenant.id;
      return reads.tenant(tenantId, async (tx) => {
        const scope = await scopeOf(tx, { region, segment });
        return {
          scope: { from, to, region: scope.regionCode, segment: scope.segmentKey },
          definitions: {
            timeToFirstResponse: DEFINITIONS.timeToFirstResponse,
            pointsIssued: DEFINITIONS.pointsIssued,
            pointsRedeemed: DEFINITIONS.pointsRedeemed,
            challengeParticipation: DEFINITIONS.challengeParticipation,
            reviewQueue: DEFINITIONS.reviewQueue,
            slaBreaches: DEFINITIONS.slaBreaches,
            fatigueWarnings: DEFINITIONS.fatigueWarnings,
          },
          months: await supportingByMonth(tx, range, scope),
          fatigueWarnings: await fatigueNotes(tx, tenantId),
        };
      });
    },
  );

  app.get(
    `${BASE}/export`,
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'A dashboard table as CSV: metrics, engagement, supporting figures or costs',
        querystring: Type.Object(
          {
            ...PeriodQuery.properties,
            table: StringEnum(EXPORT_TABLES),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { from, to, region, segment, table } = request.query;
      const range = checkRange(from, to);
      const csv = await reads.tenant(request.guild.tenant.id, async (tx) =>
        exportTable(tx, table, range, await scopeOf(tx, { region, segment })),
      );
      const name = [table, from, to, region, segment].filter(Boolean).join('-');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(csv);
    },
  );

  app.get(
    `${BASE}/live`,
    {
      config: { access: read },
      schema: {
        tags,
        summary:
          "Server-sent events: `metrics` with a new version whenever the tenant's figures " +
          'change (checked every few seconds while someone watches)',
      },
    },
    (request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      live.watch(request.guild.tenant.id, reply.raw);
    },
  );

  app.get(
    `${BASE}/metrics`,
    {
      config: { access: read },
      schema: {
        tags,
        summary:
          'The key metrics by month: engagement, ambassador retention, content approval time, ' +
          'moderation cost reduction (the retention lift and ROI are under /roi)',
        querystring: PeriodQuery,
        response: {
          200: Type.Object({
            scope: ScopeSchema,
            costs: Type.Object({ costPerReview: Type.Number(), aiCostPerItem: Type.Number() }),
            definitions: Type.Record(Type.String(), Type.String()),
            months: Type.Array(KeyMonthSchema),
          }),
        },
      },
    },
    async (request) => {
      const { from, to, region, segment } = request.query;
      const range = checkRange(from, to);
      return reads.tenant(request.guild.tenant.id, async (tx) => {
        const scope = await scopeOf(tx, { region, segment });
        const settings = await readAnalyticsSettings(tx);
        const costs = {
          costPerReview: settings.costPerReview,
          aiCostPerItem: settings.aiCostPerItem,
        };
        return {
          scope: { from, to, region: scope.regionCode, segment: scope.segmentKey },
          costs,
          definitions: { ...DEFINITIONS },
          months: await keyMetricsByMonth(tx, range, scope, costs),
        };
      });
    },
  );

  app.get(
    `${BASE}/engagement`,
    {
      config: { access: read },
      schema: {
        tags,
        summary: 'Community engagement by month: rate, contributors, DAU/MAU, counts by kind',
        querystring: PeriodQuery,
        response: {
          200: Type.Object({
            scope: ScopeSchema,
            definitions: Type.Record(Type.String(), Type.String()),
            months: Type.Array(EngagementMonthSchema),
          }),
        },
      },
    },
    async (request) => {
      const { from, to, region, segment } = request.query;
      const range = checkRange(from, to);
      return reads.tenant(request.guild.tenant.id, async (tx) => {
        const scope = await scopeOf(tx, { region, segment });
        return {
          scope: { from, to, region: scope.regionCode, segment: scope.segmentKey },
          definitions: {
            engagementRate: DEFINITIONS.engagementRate,
            contributors: DEFINITIONS.contributors,
            dauMau: DEFINITIONS.dauMau,
          },
          months: await engagementByMonth(tx, range, scope),
        };
      });
    },
  );
}
