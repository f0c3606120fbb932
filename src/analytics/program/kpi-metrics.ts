/**
 * The metrics a program KPI may name (docs/PROGRAM.md), and their live values: the six key
 * metrics of PRODUCT.md and the supporting figures beside them, read from the metrics layer
 * (`keyMetricsByMonth`), the stored lift runs and the ROI report. A monthly metric has one
 * value per UTC month; the retention lift has one value, from the newest run with an estimate.
 */
import type { Orm } from '../../core/db/database.js';
import { DEFINITIONS } from '../metrics/definitions.js';
import { keyMetricsByMonth, type KeyMetricsMonth } from '../metrics/key-metrics.js';
import { monthsOf, type Scope } from '../metrics/period.js';
import { newestUsableRun } from '../roi/lift-runs.service.js';
import { programRoi } from '../roi/roi.service.js';
import type { AnalyticsSettings } from '../roi/settings.service.js';

/** fraction: 0..1 (0.25 is 25%); ratio: any number (ROI, lift: 0.5 is 50%). */
export type MetricUnit = 'fraction' | 'ratio' | 'count' | 'hours';

export interface MetricSpec {
  label: string;
  unit: MetricUnit;
  /** One of the six key metrics of PRODUCT.md. */
  key: boolean;
  /** False: computed for the whole tenant only (no region or segment). */
  scoped: boolean;
  /** False: one value, no series by month. */
  monthly: boolean;
  definition: string;
  /** The figure of one month of the key metrics (monthly metrics). */
  pick?: (month: KeyMetricsMonth) => number | null;
}

export const KPI_METRICS = {
  engagement_rate: {
    label: 'Community engagement rate',
    unit: 'fraction',
    key: true,
    scoped: true,
    monthly: true,
    definition: DEFINITIONS.engagementRate,
    pick: (m) => m.engagement.engagementRate,
  },
  contributors: {
    label: 'Contributors',
    unit: 'count',
    key: false,
    scoped: true,
    monthly: true,
    definition: DEFINITIONS.contributors,
    pick: (m) => m.engagement.contributors,
  },
  contributor_rate: {
    label: 'Contributor rate',
    unit: 'fraction',
    key: false,
    scoped: true,
    monthly: true,
    definition: 'Contributors divided by the members who had joined by the end of the month.',
    pick: (m) => m.engagement.contributorRate,
  },
  monthly_active: {
    label: 'Monthly active members',
    unit: 'count',
    key: false,
    scoped: true,
    monthly: true,
    definition: 'Members with a visit or a contribution in the month.',
    pick: (m) => m.engagement.monthlyActive,
  },
  dau_mau: {
    label: 'DAU/MAU',
    unit: 'fraction',
    key: false,
    scoped: true,
    monthly: true,
    definition: DEFINITIONS.dauMau,
    pick: (m) => m.engagement.dauMau,
  },
  ambassador_retention_rate: {
    label: 'Ambassador retention rate',
    unit: 'fraction',
    key: true,
    scoped: true,
    monthly: true,
    definition: DEFINITIONS.ambassadorRetention,
    pick: (m) => m.ambassadorRetention.rate,
  },
  content_approval_median_hours: {
    label: 'Content approval time, median (hours)',
    unit: 'hours',
    key: true,
    scoped: true,
    monthly: true,
    definition: DEFINITIONS.contentApprovalTime,
    pick: (m) => m.contentApproval.medianHours,
  },
  content_approval_p90_hours: {
    label: 'Content approval time, 90th percentile (hours)',
    unit: 'hours',
    key: false,
    scoped: true,
    monthly: true,
    definition: DEFINITIONS.contentApprovalTime,
    pick: (m) => m.contentApproval.p90Hours,
  },
  moderation_cost_reduction: {
    label: 'Moderation cost reduction',
    unit: 'fraction',
    key: true,
    scoped: true,
    monthly: true,
    definition: DEFINITIONS.moderationCostReduction,
    pick: (m) => m.moderation.costReduction,
  },
  automatic_precision: {
    label: 'Precision of automatic moderation decisions',
    unit: 'fraction',
    key: false,
    scoped: true,
    monthly: true,
    definition: 'Share of audited automatic moderation decisions the moderators confirmed.',
    pick: (m) => m.moderation.automaticPrecision,
  },
  customer_retention_lift: {
    label: 'Customer retention lift',
    unit: 'ratio',
    key: true,
    scoped: false,
    monthly: false,
    definition: `${DEFINITIONS.customerRetentionLift} From the newest stored lift run with an estimate.`,
  },
  program_roi: {
    label: 'Program ROI',
    unit: 'ratio',
    key: true,
    scoped: false,
    monthly: true,
    definition: `${DEFINITIONS.programRoi} For the month alone (its costs and benefits).`,
  },
} as const satisfies Record<string, MetricSpec>;

export type KpiMetric = keyof typeof KPI_METRICS;
export const KPI_METRIC_NAMES = Object.keys(KPI_METRICS) as KpiMetric[];

export const metricSpec = (metric: KpiMetric): MetricSpec => KPI_METRICS[metric];

export interface MonthValue {
  month: string;
  value: number | null;
}

/** The last `count` months ending with `asOf`, oldest first. */
export function monthsEndingAt(asOf: string, count: number): string[] {
  let from = asOf;
  for (let i = 1; i < count; i += 1) {
    from = previousMonth(from);
  }
  return monthsOf({ from, to: asOf });
}

export function previousMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`;
}

/** The last whole month before `now` (UTC). */
export function lastCompleteMonth(now = new Date()): string {
  return previousMonth(now.toISOString().slice(0, 7));
}

const scopeKey = (scope: Scope) => `${scope.regionId ?? '-'}/${scope.segmentId ?? '-'}`;

/**
 * Reads live values for many KPIs in one request, asking the metrics layer once per scope and
 * month range, and the ROI once per month.
 */
export class MetricReader {
  private readonly keyMonths = new Map<string, Promise<KeyMetricsMonth[]>>();
  private readonly roiMonths = new Map<string, Promise<number | null>>();
  private lift: Promise<number | null> | null = null;

  constructor(
    private readonly tx: Orm,
    private readonly settings: AnalyticsSettings,
  ) {}

  /** The metric's value in each of `months` (consecutive, oldest first). */
  async series(metric: KpiMetric, scope: Scope, months: string[]): Promise<MonthValue[]> {
    const spec = metricSpec(metric);
    if (metric === 'customer_retention_lift') {
      return [];
    }
    if (metric === 'program_roi') {
      const values = [];
      for (const month of months) {
        values.push({ month, value: await this.roi(month) });
      }
      return values;
    }
    const rows = await this.keyMetrics(scope, months);
    const byMonth = new Map(rows.map((row) => [row.month, row]));
    return months.map((month) => {
      const row = byMonth.get(month);
      return { month, value: row && spec.pick ? spec.pick(row) : null };
    });
  }

  /** The metric's value for `month` (the newest run's lift for the retention lift). */
  async value(metric: KpiMetric, scope: Scope, month: string): Promise<number | null> {
    if (metric === 'customer_retention_lift') {
      return this.retentionLift();
    }
    const [only] = await this.series(metric, scope, [month]);
    return only?.value ?? null;
  }

  /** Program ROI over consecutive months as one period (null without costs). */
  async periodRoi(months: string[]): Promise<number | null> {
    const report = await programRoi(this.tx, this.settings, {
      from: months[0]!,
      to: months.at(-1)!,
    });
    return report.roi.estimate;
  }

  private keyMetrics(scope: Scope, months: string[]): Promise<KeyMetricsMonth[]> {
    const range = { from: months[0]!, to: months.at(-1)! };
    const key = `${scopeKey(scope)}:${range.from}:${range.to}`;
    let rows = this.keyMonths.get(key);
    if (!rows) {
      // A wider range already read covers this one.
      for (const [known, promise] of this.keyMonths) {
        const [scoped, from, to] = known.split(':') as [string, string, string];
        if (scoped === scopeKey(scope) && from <= range.from && to >= range.to) {
          rows = promise;
          break;
        }
      }
    }
    if (!rows) {
      rows = keyMetricsByMonth(this.tx, range, scope, this.settings);
      this.keyMonths.set(key, rows);
    }
    return rows;
  }

  private roi(month: string): Promise<number | null> {
    let value = this.roiMonths.get(month);
    if (!value) {
      value = programRoi(this.tx, this.settings, { from: month, to: month }).then(
        (report) => report.roi.estimate,
      );
      this.roiMonths.set(month, value);
    }
    return value;
  }

  private retentionLift(): Promise<number | null> {
    this.lift ??= newestUsableRun(this.tx).then((run) => {
      const estimate = run?.result.estimate;
      return estimate && estimate.status !== 'insufficient' ? estimate.lift : null;
    });
    return this.lift;
  }
}

/** True when `value` meets `target` in `direction`; null values never do. */
export function meets(
  value: number | null,
  direction: 'at_least' | 'at_most',
  target: number,
): boolean {
  if (value === null) {
    return false;
  }
  return direction === 'at_least' ? value >= target : value <= target;
}

/** Checks a target against the metric's unit; returns the problem or null. */
export function targetProblem(metric: KpiMetric, target: number): string | null {
  if (!Number.isFinite(target)) {
    return 'The target must be a number.';
  }
  const unit = metricSpec(metric).unit;
  if (unit === 'fraction' && (target < 0 || target > 1)) {
    return `${metricSpec(metric).label} is a fraction: give a target from 0 to 1 (0.25 is 25%).`;
  }
  if ((unit === 'count' || unit === 'hours') && target < 0) {
    return `${metricSpec(metric).label} is never negative: give a target of 0 or more.`;
  }
  return null;
}
