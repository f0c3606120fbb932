/**
 * Moderation figures for a period, from the checks and the review queue: time from submission
 * to the first final decision (automatic and human, median and 90th percentile), the share
 * decided automatically, the precision of automatic decisions estimated from the audit sample,
 * moderator hours, and Moderation Cost Reduction as PRODUCT.md defines it:
 *
 *   1 − (human reviews × cost per review + AI cost) ÷ (all items × cost per review)
 *
 * where all items are every item checked in the period, human reviews are the review items
 * people decided in it, and AI cost is the per-item cost of the automatic checks.
 */
import { sql, type SQL } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';

export interface MetricsQuery {
  from: Date;
  to: Date;
  /** What one human review costs (any currency; the report uses the same one). */
  costPerReview: number;
  /** What the automatic check of one item costs (compute, provider calls). */
  aiCostPerItem: number;
  /** Only items by these authors: a query of user ids (a region's or segment's members). */
  authorIds?: SQL;
}

/** Longest time one review is counted as work (a claim left open is not an afternoon's work). */
const MAX_MINUTES_PER_REVIEW = 30;

const round = (value: number | null, digits = 4) =>
  value === null || !Number.isFinite(value) ? null : Number(value.toFixed(digits));

/** The moderation figures of one tenant over [from, to). */
export async function moderationMetrics(db: Orm, query: MetricsQuery) {
  const { from, to } = query;
  const byAuthor = (column: SQL) =>
    query.authorIds ? sql`AND ${column} IN (${query.authorIds})` : sql``;
  const [timing] = await sqlRows<{
    items: number;
    automatic: number;
    human: number;
    waiting: number;
    auto_p50: number | null;
    auto_p90: number | null;
    human_p50: number | null;
    human_p90: number | null;
    provider_failures: number;
  }>(
    db,
    sql`SELECT count(*)::int AS items,
        count(*) FILTER (WHERE final_decision IS NOT NULL AND decided_by IS NULL)::int AS automatic,
        count(*) FILTER (WHERE decided_by IS NOT NULL)::int AS human,
        count(*) FILTER (WHERE final_decision IS NULL)::int AS waiting,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at))
          FILTER (WHERE decided_by IS NULL AND decided_at IS NOT NULL) AS auto_p50,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at))
          FILTER (WHERE decided_by IS NULL AND decided_at IS NOT NULL) AS auto_p90,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at))
          FILTER (WHERE decided_by IS NOT NULL) AS human_p50,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at))
          FILTER (WHERE decided_by IS NOT NULL) AS human_p90,
        count(*) FILTER (WHERE provider_error IS NOT NULL)::int AS provider_failures
      FROM moderation_checks
      WHERE created_at >= ${from.toISOString()}::timestamptz AND created_at < ${to.toISOString()}::timestamptz
        ${byAuthor(sql`author_id`)}`,
  );
  const [reviews] = await sqlRows<{ reviews: number; seconds: number | null }>(
    db,
    sql`SELECT count(*)::int AS reviews,
        sum(least(extract(epoch FROM resolved_at - coalesce(claimed_at, resolved_at)),
          ${MAX_MINUTES_PER_REVIEW * 60})) AS seconds
      FROM review_items
      WHERE status = 'resolved' AND resolved_by IS NOT NULL
        AND resolved_at >= ${from.toISOString()}::timestamptz AND resolved_at < ${to.toISOString()}::timestamptz
        ${byAuthor(sql`author_id`)}`,
  );
  const [audit] = await sqlRows<{
    audited: number;
    confirmed: number;
    rejects_audited: number;
    rejects_confirmed: number;
  }>(
    db,
    sql`SELECT count(*)::int AS audited,
        count(*) FILTER (WHERE (c.final_decision = 'allow' AND r.decision = 'approve')
          OR (c.final_decision = 'reject' AND r.decision = 'reject'))::int AS confirmed,
        count(*) FILTER (WHERE c.final_decision = 'reject')::int AS rejects_audited,
        count(*) FILTER (WHERE c.final_decision = 'reject' AND r.decision = 'reject')::int AS rejects_confirmed
      FROM review_items r JOIN moderation_checks c ON c.id = r.check_id
      WHERE r.kind = 'audit' AND r.status = 'resolved' AND r.decision IS NOT NULL
        AND c.created_at >= ${from.toISOString()}::timestamptz AND c.created_at < ${to.toISOString()}::timestamptz
        ${byAuthor(sql`c.author_id`)}`,
  );
  const items = timing?.items ?? 0;
  const humanReviews = reviews?.reviews ?? 0;
  const decided = (timing?.automatic ?? 0) + (timing?.human ?? 0);
  const costWithout = items * query.costPerReview;
  const costWith = humanReviews * query.costPerReview + items * query.aiCostPerItem;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    items,
    decidedAutomatically: timing?.automatic ?? 0,
    decidedByPeople: timing?.human ?? 0,
    waiting: timing?.waiting ?? 0,
    automaticShare: decided === 0 ? null : round((timing?.automatic ?? 0) / decided),
    secondsToDecision: {
      automatic: {
        p50: round(timing?.auto_p50 ?? null, 3),
        p90: round(timing?.auto_p90 ?? null, 3),
      },
      human: { p50: round(timing?.human_p50 ?? null, 1), p90: round(timing?.human_p90 ?? null, 1) },
    },
    audit: {
      sampled: audit?.audited ?? 0,
      precision: audit && audit.audited > 0 ? round(audit.confirmed / audit.audited) : null,
      rejectionPrecision:
        audit && audit.rejects_audited > 0
          ? round(audit.rejects_confirmed / audit.rejects_audited)
          : null,
    },
    humanReviews,
    moderatorHours: round((reviews?.seconds ?? 0) / 3600, 3) ?? 0,
    providerFailures: timing?.provider_failures ?? 0,
    cost: {
      costPerReview: query.costPerReview,
      aiCostPerItem: query.aiCostPerItem,
      withoutGuild: round(costWithout, 2) ?? 0,
      withGuild: round(costWith, 2) ?? 0,
      moderationCostReduction: costWithout === 0 ? null : round(1 - costWith / costWithout),
    },
  };
}
