/**
 * What the ROI and impact report says, read from the database in one tenant transaction: the
 * six key metrics by month and for the whole period, the supporting figures, program cost and
 * ROI (src/analytics/roi), and the notes the report adds. Pure data, no wording: the view
 * (view.ts) turns it into text in the report's language.
 *
 * The period values pool the months as each definition asks (docs/REPORTS.md): distinct
 * engaged members over the members at the period's end; ambassadors active at its start and
 * still active at its end; the median and 90th percentile of all first decisions in it; the
 * moderation cost reduction over all items checked in it.
 */
import { sql } from 'drizzle-orm';
import { retentionOf } from '../../ambassadors/retention/retention.js';
import { retentionInputs } from '../../ambassadors/retention/retention.service.js';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { keyMetricsByMonth, type KeyMetricsMonth } from '../metrics/key-metrics.js';
import {
  firstDay,
  memberInScope,
  monthPeriod,
  nextMonth,
  scopeOf,
  type MonthPeriod,
  type Scope,
} from '../metrics/period.js';
import { supportingByMonth, type SupportingMonth } from '../metrics/supporting.js';
import { getLiftRun, listLiftRuns } from '../roi/lift-runs.service.js';
import { programRoi, type RoiReport } from '../roi/roi.service.js';
import { readAnalyticsSettings } from '../roi/settings.service.js';

export interface ReportRequest {
  /** First and last month, `YYYY-MM`. */
  from: string;
  to: string;
  /** A region code and a segment key; absent: the whole tenant. */
  region?: string | undefined;
  segment?: string | undefined;
}

export interface PeriodFigures {
  engagement: { engaged: number; members: number; rate: number | null };
  ambassadorRetention: { activeAtStart: number; retained: number; rate: number | null };
  contentApproval: { decisions: number; medianHours: number | null; p90Hours: number | null };
  moderation: {
    items: number;
    humanReviews: number;
    costReduction: number | null;
    automaticPrecision: number | null;
  };
}

export interface ReportContent {
  tenant: { id: string; slug: string; name: string };
  period: MonthPeriod;
  scope: Scope;
  currency: string;
  generatedAt: Date;
  months: KeyMetricsMonth[];
  supporting: SupportingMonth[];
  periodFigures: PeriodFigures;
  roi: RoiReport;
  /** The newest lift run when it was refused (groups too small), else null. */
  refusedLift: { reason: string; matchedMembers: number; minimum: number } | null;
  /** The group sizes of the lift run the ROI used, null without one. */
  liftSizes: { members: number; matchedMembers: number; distinctControls: number } | null;
}

const ratio = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1e4) / 1e4;

async function periodEngagement(
  tx: Orm,
  period: MonthPeriod,
  scope: Scope,
  months: KeyMetricsMonth[],
): Promise<PeriodFigures['engagement']> {
  const [row] = await sqlRows<{ engaged: number }>(
    tx,
    sql`select count(distinct user_id)::int as engaged from analytics_member_months
         where month >= ${firstDay(period.from)}::date
           and month < ${firstDay(nextMonth(period.to))}::date
           and contributions > 0
           ${scope.regionId ? sql`and region_id = ${scope.regionId}` : sql``}
           ${scope.segmentId ? sql`and ${scope.segmentId}::uuid = any(segment_ids)` : sql``}`,
  );
  const engaged = row?.engaged ?? 0;
  const members = months.at(-1)?.engagement.members ?? 0;
  return { engaged, members, rate: ratio(engaged, members) };
}

async function periodRetention(
  tx: Orm,
  period: MonthPeriod,
  scope: Scope,
): Promise<PeriodFigures['ambassadorRetention']> {
  let places = await retentionInputs(tx, null, period.end);
  if (scope.regionId || scope.segmentId) {
    const rows = await sqlRows<{ id: string }>(
      tx,
      sql`select a.user_id as id from ambassadors a where true ${memberInScope(sql`a.user_id`, scope)}`,
    );
    const ids = new Set(rows.map((r) => r.id));
    places = places.filter((place) => ids.has(place.userId));
  }
  const result = retentionOf(places, period.start, new Date(period.end.getTime() - 1));
  return {
    activeAtStart: result.denominator,
    retained: result.numerator,
    rate: result.rate,
  };
}

async function periodApproval(
  tx: Orm,
  period: MonthPeriod,
  scope: Scope,
): Promise<PeriodFigures['contentApproval']> {
  const [row] = await sqlRows<{ decisions: number; p50: number | null; p90: number | null }>(
    tx,
    sql`select count(*)::int as decisions,
          percentile_cont(0.5) within group (order by hours) as p50,
          percentile_cont(0.9) within group (order by hours) as p90
        from (
          select extract(epoch from c.first_decided_at - c.first_submitted_at) / 3600.0 as hours
            from content_submissions c
           where c.first_decided_at >= ${period.start.toISOString()}::timestamptz
             and c.first_decided_at < ${period.end.toISOString()}::timestamptz
             ${memberInScope(sql`c.author_id`, scope)}
        ) decided`,
  );
  const hours = (value: number | null | undefined) =>
    value === null || value === undefined ? null : Number(Number(value).toFixed(2));
  return {
    decisions: row?.decisions ?? 0,
    medianHours: hours(row?.p50),
    p90Hours: hours(row?.p90),
  };
}

function periodModeration(
  months: KeyMetricsMonth[],
  costs: { costPerReview: number; aiCostPerItem: number },
): PeriodFigures['moderation'] {
  const items = months.reduce((sum, m) => sum + m.moderation.items, 0);
  const humanReviews = months.reduce((sum, m) => sum + m.moderation.humanReviews, 0);
  const audited = months.reduce((sum, m) => sum + m.moderation.auditSampled, 0);
  const confirmed = months.reduce(
    (sum, m) => sum + (m.moderation.automaticPrecision ?? 0) * m.moderation.auditSampled,
    0,
  );
  const without = items * costs.costPerReview;
  const withGuild = humanReviews * costs.costPerReview + items * costs.aiCostPerItem;
  return {
    items,
    humanReviews,
    costReduction: without === 0 ? null : Math.round((1 - withGuild / without) * 1e4) / 1e4,
    automaticPrecision: audited === 0 ? null : Math.round((confirmed / audited) * 1e4) / 1e4,
  };
}

/** The newest stored lift run, when it was refused: the report says why there is no lift. */
async function refusedLift(tx: Orm): Promise<ReportContent['refusedLift']> {
  const { items } = await listLiftRuns(tx, { limit: 1 });
  const newest = items[0];
  if (!newest || newest.result.estimate.status !== 'insufficient') {
    return null;
  }
  return {
    reason: newest.result.estimate.reason,
    matchedMembers: newest.result.estimate.sizes.matchedMembers,
    minimum: newest.result.minGroupSize,
  };
}

/**
 * Everything the report shows for `request` in the tenant of `tx`. The period is checked
 * (a validation error names the field); `generatedAt` is the report's "now" and the only
 * moment it depends on.
 */
export async function reportContent(
  tx: Orm,
  tenant: { id: string; slug: string; name: string },
  request: ReportRequest,
  generatedAt: Date,
): Promise<ReportContent> {
  const period = monthPeriod(request.from, request.to);
  const scope = await scopeOf(tx, { region: request.region, segment: request.segment });
  const settings = await readAnalyticsSettings(tx);
  const costs = { costPerReview: settings.costPerReview, aiCostPerItem: settings.aiCostPerItem };
  const months = await keyMetricsByMonth(tx, period, scope, costs, generatedAt);
  const roi = await programRoi(tx, settings, { from: period.from, to: period.to });
  return {
    tenant,
    period,
    scope,
    currency: settings.currency,
    generatedAt,
    months,
    supporting: await supportingByMonth(tx, period, scope),
    periodFigures: {
      engagement: await periodEngagement(tx, period, scope, months),
      ambassadorRetention: await periodRetention(tx, period, scope),
      contentApproval: await periodApproval(tx, period, scope),
      moderation: periodModeration(months, costs),
    },
    roi,
    refusedLift: await refusedLift(tx),
    liftSizes: roi.liftRunId ? (await getLiftRun(tx, roi.liftRunId)).result.estimate.sizes : null,
  };
}
