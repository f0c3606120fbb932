/**
 * The content approval time (PRODUCT.md, key metrics): the time from a submission (its first
 * version) to its first final decision (approve or reject; asking for changes is not final),
 * as the median and the 90th percentile, for all decisions and split into automatic and human
 * ones. A submission counts in the period its first final decision falls in.
 *
 * Percentiles interpolate linearly between the closest ranks: for n sorted values the p-th
 * percentile sits at position (n − 1) × p, between the values either side of it.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';

/** The p-th percentile (0 ≤ p ≤ 1) of `sorted` (ascending); null for no values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) {
    return null;
  }
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below]!;
  const high = sorted[above]!;
  return low + (high - low) * (position - below);
}

export interface TimeSummary {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** Median and 90th percentile of durations in seconds (any order). */
export function summarise(seconds: readonly number[]): TimeSummary {
  const sorted = [...seconds].sort((a, b) => a - b);
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    count: sorted.length,
    medianSeconds: round(percentile(sorted, 0.5)),
    p90Seconds: round(percentile(sorted, 0.9)),
  };
}

export interface ApprovalTime {
  from: Date;
  to: Date;
  programId: string | null;
  all: TimeSummary;
  automatic: TimeSummary;
  human: TimeSummary;
  approved: number;
  rejected: number;
}

/** The content approval time for submissions first decided in [from, to). */
export async function approvalTime(
  tx: Orm,
  period: { from: Date; to: Date; programId?: string | null },
): Promise<ApprovalTime> {
  const rows = await sqlRows<{ seconds: number; automatic: boolean; decision: string }>(
    tx,
    sql`select extract(epoch from first_decided_at - first_submitted_at)::float8 as seconds,
          coalesce(first_decision_automatic, false) as automatic, first_decision as decision
        from content_submissions
        where first_decided_at >= ${period.from.toISOString()}::timestamptz
          and first_decided_at < ${period.to.toISOString()}::timestamptz
          ${period.programId ? sql`and program_id = ${period.programId}` : sql``}`,
  );
  const seconds = (automatic?: boolean) =>
    rows
      .filter((row) => automatic === undefined || row.automatic === automatic)
      .map((row) => Number(row.seconds));
  return {
    from: period.from,
    to: period.to,
    programId: period.programId ?? null,
    all: summarise(seconds()),
    automatic: summarise(seconds(true)),
    human: summarise(seconds(false)),
    approved: rows.filter((row) => row.decision === 'approve').length,
    rejected: rows.filter((row) => row.decision === 'reject').length,
  };
}
