/**
 * The key metrics by month for a region and segment (PRODUCT.md, "The key metrics, defined"):
 * engagement and moderation from the rollups, ambassador retention from the pipeline's
 * transitions, content approval time from the submissions' first decisions. The retention
 * lift and ROI cover a whole period and come from src/analytics/roi.
 *
 * Every "FromRaw" function computes the same figure from the raw rows; tests and the benchmark
 * hold them equal.
 */
import { sql } from 'drizzle-orm';
import {
  COMPLETION_WINDOW_DAYS,
  retentionOf,
  type RetentionMember,
} from '../../ambassadors/retention/retention.js';
import { retentionInputs } from '../../ambassadors/retention/retention.service.js';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { moderationMetrics } from '../../moderation/metrics.service.js';
import { engagementByMonth, type EngagementMonth } from './engagement.js';
import {
  ALL_KEY,
  firstDay,
  monthsOf,
  nextMonth,
  memberInScope,
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
      ? sql`select a.id from users a where true ${memberInScope(sql`a.id`, scope)}`
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

/** Each month of the range as its own retention period, over the given places. */
function retentionMonths(places: RetentionMember[], range: MonthRange): RetentionMonth[] {
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

/** What the range's retention needs of the scope's ambassador places (all programs). */
function retentionPlaces(tx: Orm, range: MonthRange, scope: Scope): Promise<RetentionMember[]> {
  return retentionInputs(tx, null, utcBounds(range.to).end, {
    completedSince: new Date(
      utcBounds(range.from).start.getTime() - COMPLETION_WINDOW_DAYS * 86_400_000,
    ),
    places: memberInScope(sql`a.user_id`, scope),
  });
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
  return retentionMonths(await retentionPlaces(tx, range, scope), range);
}

interface ApprovalRow {
  region: string | null;
  /** The row of all regions together (not one region's, nor that of members without one). */
  total: boolean;
  month: string;
  decisions: number;
  automatic: number;
  human: number;
  p50: number | null;
  p90: number | null;
  auto_p50: number | null;
  human_p50: number | null;
}

/**
 * Approval figures by UTC month of the first decision, for the scope; with `byRegion`, also
 * split by the author's region code (one pass, grouping sets).
 */
async function approvalRows(
  tx: Orm,
  range: MonthRange,
  scope: Scope,
  byRegion: boolean,
): Promise<ApprovalRow[]> {
  return sqlRows<ApprovalRow>(
    tx,
    sql`select ${byRegion ? sql`region` : sql`null::text`} as region,
          ${byRegion ? sql`grouping(region) = 1` : sql`true`} as total,
          month,
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
          select to_char(c.first_decided_at at time zone 'UTC', 'YYYY-MM') as month,
              c.first_decision_automatic,
              extract(epoch from c.first_decided_at - c.first_submitted_at) / 3600.0 as hours
              ${
                byRegion
                  ? sql`, (select r.code from users u join regions r on r.id = u.region_id
                           where u.id = c.author_id) as region`
                  : sql``
              }
            from content_submissions c
           where c.first_decided_at >= ${utcBounds(range.from).start.toISOString()}::timestamptz
             and c.first_decided_at < ${utcBounds(range.to).end.toISOString()}::timestamptz
             ${memberInScope(sql`c.author_id`, scope)}
        ) decided
        group by ${byRegion ? sql`grouping sets ((region, month), (month))` : sql`month`}`,
  );
}

function approvalMonths(range: MonthRange, rows: ApprovalRow[]): ApprovalMonth[] {
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

/** Content approval time by the UTC month of the first decision. */
export async function approvalByMonth(
  tx: Orm,
  range: MonthRange,
  scope: Scope,
): Promise<ApprovalMonth[]> {
  return approvalMonths(range, await approvalRows(tx, range, scope, false));
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

export interface RegionMetrics {
  /** The region's code; null for members with no region. */
  region: string | null;
  months: KeyMetricsMonth[];
}

/**
 * The key metrics by month for the whole scope and for each region at once: what a
 * comparison of regions shows. Reads ambassador places and approvals once and splits them,
 * instead of once per region.
 */
export async function keyMetricsByRegion(
  tx: Orm,
  range: MonthRange,
  scope: Scope,
  costs: ModerationCosts,
  now = new Date(),
): Promise<{ all: KeyMetricsMonth[]; regions: RegionMetrics[] }> {
  const regions = await sqlRows<{ id: string; code: string }>(
    tx,
    sql`select id, code from regions order by code`,
  );
  const places = await retentionPlaces(tx, range, scope);
  const approvals = await approvalRows(tx, range, scope, true);
  const assemble = async (regionScope: Scope, region: string | null | undefined) => {
    const engagement = await engagementByMonth(tx, range, regionScope, now);
    const moderation = await moderationByMonth(tx, range, regionScope, costs);
    const retention = retentionMonths(
      region === undefined ? places : places.filter((place) => place.regionCode === region),
      range,
    );
    const approval = approvalMonths(
      range,
      approvals.filter((row) =>
        region === undefined ? row.total : !row.total && row.region === region,
      ),
    );
    return engagement.map((month, index) => ({
      month: month.month,
      engagement: month,
      ambassadorRetention: retention[index]!,
      contentApproval: approval[index]!,
      moderation: moderation[index]!,
    }));
  };
  const all = await assemble(scope, undefined);
  const byRegion: RegionMetrics[] = [];
  for (const region of regions) {
    byRegion.push({
      region: region.code,
      months: await assemble(
        { ...scope, regionId: region.id, regionCode: region.code },
        region.code,
      ),
    });
  }
  return { all, regions: byRegion };
}
