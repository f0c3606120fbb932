/**
 * Program ROI (PRODUCT.md, "The key metrics, defined"; docs/ROI.md):
 *
 *   ROI = (incremental gross margin from the retention lift + referral value + UGC value
 *          − program cost) ÷ program cost
 *
 * over whole UTC months. The cost is what was entered for those months (ledger of program
 * costs, in the settings' currency). The retention part comes from one stored lift run (the one
 * asked for, else the newest with an estimate): matched members × (member rate − control rate)
 * are the extra customers who bought again, each worth the members' average spend per repeat
 * customer in the window, times the gross margin. Its low and high take the lift's 95% interval
 * bounds in place of the lift, and so do the ROI's. Every figure is returned with its sentence.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { INDUSTRY_ROI, placeRoi, type BenchmarkPlacement } from './benchmark.js';
import { COST_CATEGORIES, costTotals, type CostCategory } from './costs.service.js';
import { getLiftRun, newestUsableRun, type LiftRun } from './lift-runs.service.js';
import { monthPeriod, type MonthPeriod } from '../metrics/period.js';
import { minorDigits, type AnalyticsSettings } from './settings.service.js';

export interface Range {
  estimate: number;
  low: number;
  high: number;
}

export interface LiftContribution {
  runId: string;
  cohortFrom: Date;
  cohortTo: Date;
  windowDays: number;
  region: string | null;
  segmentId: string | null;
  matchedMembers: number;
  memberRate: number;
  controlRate: number;
  lift: number;
  liftLow: number;
  liftHigh: number;
  incrementalRepeatCustomers: Range;
  /** Currency units. */
  averageSpendPerRepeatCustomer: number;
  grossMargin: number;
}

export interface RoiReport {
  period: MonthPeriod;
  currency: string;
  liftRunId: string | null;
  cost: { byCategory: Record<CostCategory, number>; total: number };
  benefits: {
    retentionLift: Range;
    referrals: { converted: number; valueEach: number; value: number };
    ugc: { approved: number; valueEach: number; value: number };
    total: Range;
  };
  lift: LiftContribution | null;
  roi: { estimate: number | null; low: number | null; high: number | null; reason: string | null };
  benchmark: {
    p25: number;
    median: number;
    p75: number;
    programs: number;
    placement: BenchmarkPlacement | null;
    low: BenchmarkPlacement | null;
    high: BenchmarkPlacement | null;
  };
  notes: string[];
  definitions: Record<string, string>;
}

export const ROI_DEFINITIONS = {
  programCost:
    'Program cost is the sum of the program costs entered for the months of the period ' +
    '(platform, staff, rewards at cost, incentives and moderation), in the settings’ currency; ' +
    'removed entries do not count.',
  retentionLift:
    'Incremental gross margin from the retention lift = matched members × (member repeat rate − ' +
    'matched control repeat rate) × the average window spend of the matched members who bought ' +
    'again × the gross margin, from one stored lift run; its low and high use the 95% interval ' +
    'of the lift instead of the lift.',
  referrals:
    'Referral value = converted referrals recorded in the period × the value of one referral.',
  ugc:
    'UGC value = content submissions whose first decision was an approval made in the period × ' +
    'the value of one approved submission.',
  roi: 'Program ROI = (incremental gross margin + referral value + UGC value − program cost) ÷ program cost; 0.5 is 50%.',
  roiInterval:
    'The ROI’s low and high put the low and high incremental gross margin in place of the ' +
    'estimate; referral and UGC value and the cost are counted as they are.',
  benchmark:
    'The percentile places the ROI in the industry survey (120 programs: 25th percentile 30%, ' +
    'median 50%, 75th percentile 75%): linear between the quartiles, and beyond them a normal ' +
    'centred on the median fitted to the nearer quartile.',
} as const;

function money(minor: number, digits: number): number {
  return minor / 10 ** digits;
}

/** Rounds currency units to the currency's minor unit, for display. */
function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function countReferrals(tx: Orm, period: MonthPeriod): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from activity_events
         where kind = 'referral_converted' and status = 'recorded'
           and occurred_at >= ${period.start.toISOString()}::timestamptz
           and occurred_at < ${period.end.toISOString()}::timestamptz`,
  );
  return row?.n ?? 0;
}

async function countApprovedContent(tx: Orm, period: MonthPeriod): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from content_submissions
         where first_decision = 'approve'
           and first_decided_at >= ${period.start.toISOString()}::timestamptz
           and first_decided_at < ${period.end.toISOString()}::timestamptz`,
  );
  return row?.n ?? 0;
}

/** The run the ROI uses: the one asked for (which must have an estimate), else the newest. */
async function chooseRun(tx: Orm, liftRunId: string | undefined): Promise<LiftRun | null> {
  if (liftRunId === undefined) {
    return newestUsableRun(tx);
  }
  const run = await getLiftRun(tx, liftRunId);
  const estimate = run.result.estimate;
  if (estimate.status === 'insufficient') {
    throw new GuildError(
      'groups_too_small',
      'This lift run has no estimate (too few members or matched customers); choose another run.',
      {
        liftRunId: run.id,
        reason: estimate.reason,
        sizes: estimate.sizes,
        minimum: run.result.minGroupSize,
      },
    );
  }
  return run;
}

/** The lift run's share of the benefits, or null with the notes saying why it adds nothing. */
function liftContribution(
  run: LiftRun,
  settings: AnalyticsSettings,
  period: MonthPeriod,
  notes: string[],
): LiftContribution | null {
  const { estimate, spend } = run.result;
  if (estimate.status === 'insufficient') {
    return null;
  }
  if (!spend || spend.currency !== settings.currency) {
    notes.push(
      `Lift run ${run.id} measured spend in ${spend?.currency ?? 'no currency'}, not in ` +
        `${settings.currency}: the retention lift adds nothing. Run the lift again.`,
    );
    return null;
  }
  if (spend.averageSpendMinor === null) {
    notes.push(
      `In lift run ${run.id} no matched member bought again, so there is no spend to value: ` +
        'the retention lift adds nothing.',
    );
    return null;
  }
  const windowEnd = new Date(run.result.windowEnd);
  if (run.cohortFrom >= period.end || windowEnd <= period.start) {
    notes.push(
      `Lift run ${run.id} covers ${run.cohortFrom.toISOString().slice(0, 10)} to ` +
        `${windowEnd.toISOString().slice(0, 10)}, outside the period; its margin is counted as is.`,
    );
  }
  if (!run.result.windowComplete) {
    notes.push(`Lift run ${run.id} was made before its window ended; its repeat rates may be low.`);
  }
  const matched = estimate.sizes.matchedMembers;
  const extra = (lift: number) => matched * estimate.controlRate * lift;
  return {
    runId: run.id,
    cohortFrom: run.cohortFrom,
    cohortTo: run.cohortTo,
    windowDays: run.windowDays,
    region: run.region,
    segmentId: run.segmentId,
    matchedMembers: matched,
    memberRate: estimate.memberRate,
    controlRate: estimate.controlRate,
    lift: estimate.lift,
    liftLow: estimate.ci.low,
    liftHigh: estimate.ci.high,
    incrementalRepeatCustomers: {
      estimate: matched * (estimate.memberRate - estimate.controlRate),
      low: extra(estimate.ci.low),
      high: extra(estimate.ci.high),
    },
    averageSpendPerRepeatCustomer: money(spend.averageSpendMinor, minorDigits(spend.currency)),
    grossMargin: settings.grossMargin,
  };
}

function roiOf(benefits: Range, cost: number): RoiReport['roi'] {
  if (cost <= 0) {
    return {
      estimate: null,
      low: null,
      high: null,
      reason: 'No program cost was entered for the period: ROI divides by the cost.',
    };
  }
  const of = (benefit: number) => (benefit - cost) / cost;
  return {
    estimate: of(benefits.estimate),
    low: of(benefits.low),
    high: of(benefits.high),
    reason: null,
  };
}

/** The ROI report for the months `from` to `to` ("YYYY-MM", both included). */
export async function programRoi(
  tx: Orm,
  settings: AnalyticsSettings,
  query: { from: string; to: string; liftRunId?: string },
): Promise<RoiReport> {
  const period = monthPeriod(query.from, query.to);
  const digits = minorDigits(settings.currency);
  const notes: string[] = [];

  const totals = await costTotals(tx, { from: query.from, to: query.to }, settings.currency);
  if (totals.otherCurrencyEntries > 0) {
    notes.push(
      `${totals.otherCurrencyEntries} cost entries in a currency other than ` +
        `${settings.currency} are left out of the cost.`,
    );
  }
  const byCategory = Object.fromEntries(
    COST_CATEGORIES.map((c) => [c, money(totals.byCategory[c], digits)]),
  ) as Record<CostCategory, number>;
  const cost = money(totals.totalMinor, digits);

  const run = await chooseRun(tx, query.liftRunId);
  const lift = run ? liftContribution(run, settings, period, notes) : null;
  if (!run) {
    notes.push(
      'No lift run with an estimate is stored: the retention lift adds nothing. Run one with ' +
        'POST /api/v1/analytics/lift-runs.',
    );
  }
  const margin = (customers: number) =>
    lift ? customers * lift.averageSpendPerRepeatCustomer * lift.grossMargin : 0;
  const retentionLift: Range = {
    estimate: margin(lift?.incrementalRepeatCustomers.estimate ?? 0),
    low: margin(lift?.incrementalRepeatCustomers.low ?? 0),
    high: margin(lift?.incrementalRepeatCustomers.high ?? 0),
  };

  const converted = await countReferrals(tx, period);
  const approved = await countApprovedContent(tx, period);
  const referralValue = converted * settings.referralValue;
  const ugcValue = approved * settings.ugcValue;
  const others = referralValue + ugcValue;
  const total: Range = {
    estimate: retentionLift.estimate + others,
    low: retentionLift.low + others,
    high: retentionLift.high + others,
  };
  const roi = roiOf(total, cost);
  const place = (value: number | null) => (value === null ? null : placeRoi(value));
  const shown = (range: Range): Range => ({
    estimate: round(range.estimate, digits),
    low: round(range.low, digits),
    high: round(range.high, digits),
  });

  return {
    period,
    currency: settings.currency,
    liftRunId: lift ? lift.runId : null,
    cost: { byCategory, total: cost },
    benefits: {
      retentionLift: shown(retentionLift),
      referrals: {
        converted,
        valueEach: settings.referralValue,
        value: round(referralValue, digits),
      },
      ugc: { approved, valueEach: settings.ugcValue, value: round(ugcValue, digits) },
      total: shown(total),
    },
    lift,
    roi,
    benchmark: {
      p25: INDUSTRY_ROI.p25,
      median: INDUSTRY_ROI.median,
      p75: INDUSTRY_ROI.p75,
      programs: INDUSTRY_ROI.programs,
      placement: place(roi.estimate),
      low: place(roi.low),
      high: place(roi.high),
    },
    notes,
    definitions: { ...ROI_DEFINITIONS },
  };
}
