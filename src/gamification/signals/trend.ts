/**
 * The trend of a weekly series and the fatigue warning it may raise. Pure, so the method is
 * easy to test and to read (docs/GAMIFICATION.md, "Gaming signals"):
 *
 * - `slope`: the least-squares line through the weekly counts of the compared weeks (the
 *   baseline and the recent weeks), in counts per week;
 * - `change`: the average of the last `recentWeeks` weeks against the average of the
 *   `baselineWeeks` weeks before them (−0.45 is a fall of 45%);
 * - a warning when `change` is a fall of `dropThreshold` or more, the slope points down, and
 *   the baseline averaged at least `minBaseline` a week (so 2 → 1 raises nothing).
 */

export interface FatigueOptions {
  /** Complete weeks shown, ending with the last complete week in the tenant's time zone. */
  weeks: number;
  recentWeeks: number;
  baselineWeeks: number;
  /** A fall of this share or more (0.3 = 30%) raises a warning. */
  dropThreshold: number;
  /** The baseline must average at least this many a week for a warning. */
  minBaseline: number;
}

export const DEFAULT_FATIGUE: FatigueOptions = {
  weeks: 8,
  recentWeeks: 2,
  baselineWeeks: 4,
  dropThreshold: 0.3,
  minBaseline: 3,
};

export interface Trend {
  counts: number[];
  total: number;
  slope: number;
  recentAverage: number;
  baselineAverage: number;
  /** recent ÷ baseline − 1; null when the baseline is zero. */
  change: number | null;
  decaying: boolean;
}

function average(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The least-squares slope of `values` against 0, 1, 2, … */
export function leastSquaresSlope(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) {
    return 0;
  }
  const meanX = (n - 1) / 2;
  const meanY = average(values);
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}

const round = (value: number, places = 3) => Math.round(value * 10 ** places) / 10 ** places;

export function trendOf(counts: readonly number[], options: FatigueOptions): Trend {
  const recent = counts.slice(counts.length - options.recentWeeks);
  const baseline = counts.slice(
    Math.max(0, counts.length - options.recentWeeks - options.baselineWeeks),
    counts.length - options.recentWeeks,
  );
  const recentAverage = average(recent);
  const baselineAverage = average(baseline);
  const change = baselineAverage === 0 ? null : recentAverage / baselineAverage - 1;
  const slope = leastSquaresSlope(
    counts.slice(Math.max(0, counts.length - options.recentWeeks - options.baselineWeeks)),
  );
  const decaying =
    change !== null &&
    change <= -options.dropThreshold &&
    slope < 0 &&
    baselineAverage >= options.minBaseline;
  return {
    counts: [...counts],
    total: counts.reduce((a, b) => a + b, 0),
    slope: round(slope),
    recentAverage: round(recentAverage, 2),
    baselineAverage: round(baselineAverage, 2),
    change: change === null ? null : round(change),
    decaying,
  };
}

function perWeek(value: number): string {
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} a week`;
}

/**
 * The plain sentence of a decaying trend, e.g. "Completions of Trail Week fell 45% in the last
 * 2 weeks (2.5 a week) against the 4 weeks before (4.5 a week)."; null when it is not decaying.
 */
export function warningSentence(
  what: string,
  trend: Trend,
  options: FatigueOptions,
): string | null {
  if (!trend.decaying || trend.change === null) {
    return null;
  }
  const fall = Math.round(-trend.change * 100);
  const weeks = (n: number) => (n === 1 ? 'week' : `${n} weeks`);
  return (
    `${what} fell ${fall}% in the last ${weeks(options.recentWeeks)} ` +
    `(${perWeek(trend.recentAverage)}) against the ${weeks(options.baselineWeeks)} before ` +
    `(${perWeek(trend.baselineAverage)}).`
  );
}
