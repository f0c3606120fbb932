/**
 * The metrics API under /api/v1/analytics, for managers and admins (`analytics:read`): the
 * key metrics and engagement by month for a region and segment, each figure with its
 * definition beside it (docs/ANALYTICS.md).
 */
import { Type } from 'typebox';
import type { AnalyticsDeps } from '../analytics.js';
import { Nullable } from '../../core/http/schemas.js';
import { DEFINITIONS } from './definitions.js';
import { readAnalyticsSettings } from '../roi/settings.service.js';
import { engagementByMonth } from './engagement.js';
import { keyMetricsByMonth } from './key-metrics.js';
import { checkRange, scopeOf } from './period.js';

const BASE = '/api/v1/analytics';
const tags = ['analytics'];
const read = 'analytics:read' as const;

const Month = Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' });

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

export function registerMetricsRoutes({ app, db }: AnalyticsDeps): void {
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
      return db.tenant(request.guild.tenant.id, async (tx) => {
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
      return db.tenant(request.guild.tenant.id, async (tx) => {
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
