/**
 * The key metrics by month for a region and segment (PRODUCT.md, "The key metrics, defined"):
 * engagement and moderation from the rollups, ambassador retention from the pipeline's
 * transitions, content approval time from the submissions' first decisions. The retention
 * lift and ROI cover a whole period and come from src/analytics/roi.
 *
 * Every "FromRaw" function computes the same figure from the raw rows; tests and the benchmark
 * hold them equal.
 */
import { sql, type SQL } from 'drizzle-orm';
import { retentionOf } from '../../ambassadors/retention/retention.js';
import { retentionInputs } from '../../ambassadors/retention/retention.service.js';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { moderationMetrics } from '../../moderation/metrics.service.js';
import { engagementByMonth, type EngagementMonth } from './engagement.js';
import {
  ALL_KEY,
  firstDay,
  monthsOf,
  nextMonth,
  utcBounds,
  type MonthRange,
  type Scope,
} from './period.js';

export interface ModerationCosts {
  /** What one human review costs. */
  costPerReview: number;
  /** What the automatic check of one item costs. */
  aiCostPerItem: number;
}

export interface ModerationMonth {
  month: string;
  items: number;
  decidedAutomatically: number;
  decidedByPeople: number;
  humanReviews: number;
  auditSampled: number;
  /** Share of audited automatic decisions the moderators confirmed; null with no audit. */
  automaticPrecision: number | null;
  /** 1 − (reviews × cost + items × AI cost) ÷ (items × cost); null with no items. */
  costReduction: number | null;
}

export interface RetentionMonth {
  month: string;
  activeAtStart: number;
  retained: number;
  rate: number | null;
}

export interface ApprovalMonth {
  month: string;
  decisions: number;
  automatic: number;
  human: number;
  medianHours: number | null;
  p90Hours: number | null;
  automaticMedianHours: number | null;
  humanMedianHours: number | null;
}

export interface KeyMetricsMonth {
  month: string;
  engagement: EngagementMonth;
  ambassadorRetention: RetentionMonth;
  contentApproval: ApprovalMonth;
  moderation: ModerationMonth;
}

const round = (value: number | null | undefined, places = 4) =>
  value === null || value === undefined || !Number.isFinite(value)
    ? null
    : Number(value.toFixed(places));

/** The scope's members as a filter on the user id in `column`. */
function authorFilter(column: SQL, scope: Scope): SQL {
  if (!scope.regionId && !scope.segmentId) {
    return sql``;
  }
  return sql`and exists (select 1 from users u where u.id = ${column}
      ${scope.regionId ? sql`and u.region_id = ${scope.regionId}` : sql``}
      ${
        scope.segmentId
          ? sql`and exists (select 1 from user_segments s
                  where s.user_id = u.id and s.segment_id = ${scope.segmentId})`
          : sql``
      })`;
}

function costReduction(items: number, reviews: number, costs: ModerationCosts): number | null {
  const without = items * costs.costPerReview;
  const withGuild = reviews * costs.costPerReview + items * costs.aiCostPerItem;
  return without === 0 ? null : round(1 - withGuild / without);
}

/** Moderation by UTC month, from the rollups. */
export async function moderationByMonth(
  tx: Orm,
  range: MonthRange,
  scope: Scope,
  costs: ModerationCosts,
): Promise<ModerationMonth[]> {
  const rows = await sqlRows<{
    month: string;
    items: number;
    automatic: number;
    human: number;
    human_reviews: number;
    audited: number;
    audit_confirmed: number;
  }>(
    tx,
    sql`select to_char(month, 'YYYY-MM') as month, sum(items)::int as items,
          sum(automatic)::int as automatic, sum(human)::int as human,
          sum(human_reviews)::int as human_reviews, sum(audited)::int as audited,
          sum(audit_confirmed)::int as audit_confirmed
        from analytics_moderation_months
        where region_key = ${scope.regionId ?? ALL_KEY}
          and segment_key = ${scope.segmentId ?? ALL_KEY}
          and month >= ${firstDay(range.from)}::date
          and month < ${firstDay(nextMonth(range.to))}::date
        group by month`,
  );
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  return monthsOf(range).map((month) => {
    const row = byMonth.get(month);
    const items = row?.items ?? 0;
    const humanReviews = row?.human_reviews ?? 0;
    const audited = row?.audited ?? 0;
    return {
      month,
      items,
      decidedAutomatically: row?.automatic ?? 0,
      decidedByPeople: row?.human ?? 0,
      humanReviews,
      auditSampled: audited,
      automaticPrecision: audited > 0 ? round((row?.audit_confirmed ?? 0) / audited) : null,
      costReduction: costReduction(items, humanReviews, costs),
    };
  });
}

/** The same, month by month from the checks and review items. */
export async function moderationFromRaw(
  tx: Orm,
  range: MonthRange,
  scope: Scope,
  costs: ModerationCosts,
): Promise<ModerationMonth[]> {
  const authorIds =
    scope.regionId || scope.segmentId
      ? sql`select a.id from users a where true ${authorFilter(sql`a.id`, scope)}`
      : undefined;
  const months: ModerationMonth[] = [];
  for (const month of monthsOf(range)) {
    const { start, end } = utcBounds(month);
    const figures = await moderationMetrics(tx, { from: start, to: end, ...costs, authorIds });
    months.push({
      month,
      items: figures.items,
      decidedAutomatically: figures.decidedAutomatically,
      decidedByPeople: figures.decidedByPeople,
      humanReviews: figures.humanReviews,
      auditSampled: figures.audit.sampled,
      automaticPrecision: figures.audit.precision,
      costReduction: figures.cost.moderationCostReduction,
    });
  }
  return months;
}

/**
 * Ambassador retention for each month as its own period (all programs' places): active at
 * the month's start, and of those, still active at its end.
 */
export async function retentionByMonth(
  tx: Orm,
  range: MonthRange,
  scope: Scope,
): Promise<RetentionMonth[]> {
  const last = utcBounds(range.to).end;
  let places = await retentionInputs(tx, null, last);
  if (scope.regionId || scope.segmentId) {
    const inScope = await sqlRows<{ id: string }>(
      tx,
      sql`select a.user_id as id from ambassadors a where true
          ${authorFilter(sql`a.user_id`, scope)}`,
    );
    const ids = new Set(inScope.map((row) => row.id));
    places = places.filter((place) => ids.has(place.userId));
  }
  return monthsOf(range).map((month) => {
    const { start, end } = utcBounds(month);
    const result = retentionOf(places, start, new Date(end.getTime() - 1));
    return {
      month,
      activeAtStart: result.denominator,
      retained: result.numerator,
      rate: result.rate,
    };
  });
}

/** Content approval time by the UTC month of the first decision. */
export async function approvalByMonth(
  tx: Orm,
  range: MonthRange,
  scope: Scope,
): Promise<ApprovalMonth[]> {
  const rows = await sqlRows<{
    month: string;
    decisions: number;
    automatic: number;
    human: number;
    p50: number | null;
    p90: number | null;
    auto_p50: number | null;
    human_p50: number | null;
  }>(
    tx,
    sql`select to_char(first_decided_at at time zone 'UTC', 'YYYY-MM') as month,
          count(*)::int as decisions,
          count(*) filter (where first_decision_automatic)::int as automatic,
          count(*) filter (where not coalesce(first_decision_automatic, false))::int as human,
          percentile_cont(0.5) within group (order by hours) as p50,
          percentile_cont(0.9) within group (order by hours) as p90,
          percentile_cont(0.5) within group (order by hours)
            filter (where first_decision_automatic) as auto_p50,
          percentile_cont(0.5) within group (order by hours)
            filter (where not coalesce(first_decision_automatic, false)) as human_p50
        from (
          select c.*, extract(epoch from c.first_decided_at - c.first_submitted_at) / 3600.0
              as hours
            from content_submissions c
           where c.first_decided_at >= ${utcBounds(range.from).start.toISOString()}::timestamptz
             and c.first_decided_at < ${utcBounds(range.to).end.toISOString()}::timestamptz
             ${authorFilter(sql`c.author_id`, scope)}
        ) decided
        group by 1`,
  );
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  return monthsOf(range).map((month) => {
    const row = byMonth.get(month);
    return {
      month,
      decisions: row?.decisions ?? 0,
      automatic: row?.automatic ?? 0,
      human: row?.human ?? 0,
      medianHours: round(row?.p50, 2),
      p90Hours: round(row?.p90, 2),
      automaticMedianHours: round(row?.auto_p50, 2),
      humanMedianHours: round(row?.human_p50, 2),
    };
  });
}

/** The key metrics of each month of the range. */
export async function keyMetricsByMonth(
  tx: Orm,
  range: MonthRange,
  scope: Scope,
  costs: ModerationCosts,
  now = new Date(),
): Promise<KeyMetricsMonth[]> {
  const engagement = await engagementByMonth(tx, range, scope, now);
  const retention = await retentionByMonth(tx, range, scope);
  const approval = await approvalByMonth(tx, range, scope);
  const moderation = await moderationByMonth(tx, range, scope, costs);
  return engagement.map((month, index) => ({
    month: month.month,
    engagement: month,
    ambassadorRetention: retention[index]!,
    contentApproval: approval[index]!,
    moderation: moderation[index]!,
  }));
}
