/**
 * Stored retention-lift runs (docs/ROI.md): the estimator (../lift) run now for one cohort,
 * window, region and segment, its answer kept as computed (a refusal too), together with what
 * the ROI needs beyond the lift: the average spend, in the window, of the matched members who
 * bought again. Runs are never changed once stored.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { readLiftSubjects, UNKNOWN_REGION, type LiftCohort } from '../lift/features.js';
import {
  estimateLift,
  matchedPairs,
  type LiftEstimate,
  type LiftOptions,
  type LiftSubject,
} from '../lift/lift.js';
import type { AnalyticsSettings } from './settings.service.js';

const DAY_MS = 86_400_000;

export type LiftRunStatus = 'ok' | 'insufficient';

/** The matched members' spend in the window, in minor units of the settings' currency. */
export interface WindowSpend {
  currency: string;
  /** Matched members who bought again in the window. */
  repeatMembers: number;
  /** What they spent in the window, all sales in `currency` added up. */
  windowSpendMinor: number;
  /** windowSpendMinor ÷ repeatMembers; null when none bought again. */
  averageSpendMinor: number | null;
  /** Their sales in the window in another currency, left out. */
  otherCurrencySales: number;
}

export interface LiftRunResult {
  estimate: LiftEstimate;
  spend: WindowSpend | null;
  minGroupSize: number;
  windowEnd: string;
  /** False when the window had not ended yet when the run was made (rates may grow). */
  windowComplete: boolean;
}

export interface LiftRun {
  id: string;
  cohortFrom: Date;
  cohortTo: Date;
  windowDays: number;
  region: string | null;
  segmentId: string | null;
  status: LiftRunStatus;
  result: LiftRunResult;
  createdBy: string | null;
  createdAt: Date;
}

export interface LiftRunRequest {
  cohortFrom: Date;
  cohortTo: Date;
  windowDays?: number;
  region?: string;
  segmentId?: string;
}

interface RunRow {
  id: string;
  cohort_from: Date | string;
  cohort_to: Date | string;
  window_days: number;
  region: string | null;
  segment_id: string | null;
  status: LiftRunStatus;
  result: LiftRunResult | string;
  created_by: string | null;
  created_at: Date | string;
}

const SELECT = sql`select id, cohort_from, cohort_to, window_days, region, segment_id, status,
    result, created_by, created_at
  from analytics_lift_runs`;

function present(row: RunRow): LiftRun {
  return {
    id: row.id,
    cohortFrom: new Date(row.cohort_from),
    cohortTo: new Date(row.cohort_to),
    windowDays: row.window_days,
    region: row.region,
    segmentId: row.segment_id,
    status: row.status,
    result: typeof row.result === 'string' ? (JSON.parse(row.result) as LiftRunResult) : row.result,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}

export async function getLiftRun(tx: Orm, id: string): Promise<LiftRun> {
  const [row] = await sqlRows<RunRow>(tx, sql`${SELECT} where id = ${id}`);
  if (!row) {
    throw fail.notFound('No such lift run.');
  }
  return present(row);
}

/** The newest run with an estimate, or null. */
export async function newestUsableRun(tx: Orm): Promise<LiftRun | null> {
  const [row] = await sqlRows<RunRow>(
    tx,
    sql`${SELECT} where status = 'ok' order by created_at desc, id desc limit 1`,
  );
  return row ? present(row) : null;
}

/** One page of runs, newest first. */
export async function listLiftRuns(
  tx: Orm,
  page: { limit: number; cursor?: string },
): Promise<{ items: LiftRun[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const rows = await sqlRows<RunRow>(
    tx,
    sql`${SELECT}
        ${
          after
            ? sql`where (created_at, id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
            : sql``
        }
        order by created_at desc, id desc
        limit ${page.limit + 1}`,
  );
  return pageOf(rows.map(present), page.limit, (run) => ({ at: run.createdAt, id: run.id }));
}

async function checkScope(tx: Orm, request: LiftRunRequest): Promise<void> {
  if (request.segmentId !== undefined) {
    const [segment] = await sqlRows<{ id: string }>(
      tx,
      sql`select id from segments where id = ${request.segmentId}`,
    );
    if (!segment) {
      throw fail.validation('No such segment in this community.', { field: 'segmentId' });
    }
  }
  if (request.region !== undefined && request.region !== UNKNOWN_REGION) {
    const [region] = await sqlRows<{ id: string }>(
      tx,
      sql`select id from regions where code = ${request.region}`,
    );
    if (!region) {
      throw fail.validation(
        `No region with the code "${request.region}" (or "${UNKNOWN_REGION}") in this community.`,
        { field: 'region' },
      );
    }
  }
}

/** What the matched members who bought again spent in the window, in `currency`. */
async function windowSpend(
  tx: Orm,
  subjects: readonly LiftSubject[],
  options: LiftOptions,
  cohort: LiftCohort,
  currency: string,
): Promise<WindowSpend> {
  const repeaters = new Set(subjects.filter((s) => s.member && s.repeat).map((s) => s.id));
  const ids = matchedPairs(subjects, options)
    .map((pair) => pair.member)
    .filter((id) => repeaters.has(id));
  const empty = { currency, repeatMembers: 0, windowSpendMinor: 0, otherCurrencySales: 0 };
  if (ids.length === 0) {
    return { ...empty, averageSpendMinor: null };
  }
  const start = cohort.cohortFrom.toISOString();
  const end = new Date(cohort.cohortFrom.getTime() + cohort.windowDays * DAY_MS).toISOString();
  // a sale's value as the lift's features read it: its total, else its product lines
  const [row] = await sqlRows<{ spend: string | number | null; other: number }>(
    tx,
    sql`select
          sum(case when o.currency = ${currency} then coalesce(o.total_minor,
            (select sum(l.quantity * l.unit_price_minor - coalesce(l.discount_minor, 0))
               from order_lines l
              where l.order_id = o.id and l.duplicate_of is null and l.line_kind = 'product'),
            0) end) as spend,
          count(*) filter (where o.currency <> ${currency})::int as other
        from orders o
       where o.kind = 'sale' and o.cancelled_at is null
         and o.customer_id = any(${`{${ids.join(',')}}`}::uuid[])
         and o.placed_at >= ${start}::timestamptz and o.placed_at < ${end}::timestamptz`,
  );
  const spend = Number(row?.spend ?? 0);
  return {
    currency,
    repeatMembers: ids.length,
    windowSpendMinor: spend,
    averageSpendMinor: spend / ids.length,
    otherCurrencySales: row?.other ?? 0,
  };
}

/** Runs the estimator now for the cohort asked for and stores its answer, whatever it is. */
export async function runLift(
  tx: Orm,
  tenantId: string,
  request: LiftRunRequest,
  settings: AnalyticsSettings,
  by: string,
): Promise<LiftRun> {
  await checkScope(tx, request);
  const cohort: LiftCohort = {
    cohortFrom: request.cohortFrom,
    cohortTo: request.cohortTo,
    windowDays: request.windowDays ?? settings.liftWindowDays,
    ...(request.region !== undefined ? { region: request.region } : {}),
    ...(request.segmentId !== undefined ? { segmentId: request.segmentId } : {}),
  };
  const subjects = await readLiftSubjects(tx, cohort);
  const options: LiftOptions = { minGroup: settings.minGroupSize };
  const estimate = estimateLift(subjects, options);
  const status: LiftRunStatus = estimate.status === 'insufficient' ? 'insufficient' : 'ok';
  const windowEnd = new Date(cohort.cohortFrom.getTime() + cohort.windowDays * DAY_MS);
  const result: LiftRunResult = {
    estimate,
    spend:
      status === 'ok' ? await windowSpend(tx, subjects, options, cohort, settings.currency) : null,
    minGroupSize: settings.minGroupSize,
    windowEnd: windowEnd.toISOString(),
    windowComplete: windowEnd.getTime() <= Date.now(),
  };
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into analytics_lift_runs (tenant_id, cohort_from, cohort_to, window_days, region,
          segment_id, status, result, created_by)
        values (${tenantId}, ${cohort.cohortFrom.toISOString()}::timestamptz,
          ${cohort.cohortTo.toISOString()}::timestamptz, ${cohort.windowDays},
          ${request.region ?? null}, ${request.segmentId ?? null}, ${status},
          ${JSON.stringify(result)}::jsonb, ${by})
        returning id`,
  );
  return getLiftRun(tx, row!.id);
}
