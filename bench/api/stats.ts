/** Small numeric helpers shared by the API benchmark. */

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile of an ascending list; NaN when the list is empty. */
function rank(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** p50, p95 and p99 of latency samples in milliseconds. */
export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  const list = Array.from(sorted);
  return { p50: rank(list, 0.5), p95: rank(list, 0.95), p99: rank(list, 0.99) };
}

/** Rounds to three significant digits (NaN and infinities become null for JSON). */
export function sig3(value: number): number | null {
  if (!Number.isFinite(value)) {
    return null;
  }
  return Number(value.toPrecision(3));
}

/** A figure for the table: three significant digits, or "-" when there is none. */
export function show(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '-';
  }
  const rounded = sig3(value) ?? 0;
  return Math.abs(rounded) >= 1000 ? Math.round(rounded).toString() : String(rounded);
}
