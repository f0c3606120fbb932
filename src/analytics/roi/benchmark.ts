/**
 * Where a program's ROI stands among the industry's (PRODUCT.md, Program ROI): a survey of 120
 * programs gives only three points of the distribution, the 25th percentile (30%), the median
 * (50%) and the 75th percentile (75%). Between those points the percentile is interpolated
 * linearly. Beyond them, each tail follows a normal centred on the median whose spread is fitted
 * to the quartile on that side, so the curve meets the quartiles exactly and rises smoothly:
 * σ_low = (median − p25) ÷ z₀.₇₅ and σ_high = (p75 − median) ÷ z₀.₇₅, z₀.₇₅ ≈ 0.6745. docs/ROI.md
 * gives the method with an example. Pure: no database.
 */

export const INDUSTRY_ROI = { p25: 0.3, median: 0.5, p75: 0.75, programs: 120 } as const;

export type BenchmarkBand = 'below p25' | 'p25–median' | 'median–p75' | 'above p75';

export interface BenchmarkPlacement {
  /** Estimated percentile, 0–100, one decimal. */
  percentile: number;
  band: BenchmarkBand;
  /** Of the surveyed programs, about how many had a lower ROI. */
  programsBelow: number;
}

/** The upper quartile of the standard normal: Φ(Z75) = 0.75. */
const Z75 = 0.6744897501960817;

/** The standard normal distribution function (Abramowitz and Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The estimated percentile (0–100) of `roi` (a fraction: 0.5 = 50%). */
export function roiPercentile(roi: number): number {
  const { p25, median, p75 } = INDUSTRY_ROI;
  if (roi < p25) {
    return 100 * normalCdf((roi - median) / ((median - p25) / Z75));
  }
  if (roi <= median) {
    return 25 + (25 * (roi - p25)) / (median - p25);
  }
  if (roi <= p75) {
    return 50 + (25 * (roi - median)) / (p75 - median);
  }
  return 100 * normalCdf((roi - median) / ((p75 - median) / Z75));
}

/** The band of `roi`: a value on a quartile belongs to the band above it. */
export function roiBand(roi: number): BenchmarkBand {
  if (roi < INDUSTRY_ROI.p25) {
    return 'below p25';
  }
  if (roi < INDUSTRY_ROI.median) {
    return 'p25–median';
  }
  return roi < INDUSTRY_ROI.p75 ? 'median–p75' : 'above p75';
}

export function placeRoi(roi: number): BenchmarkPlacement {
  const percentile = roiPercentile(roi);
  return {
    percentile: Math.round(percentile * 10) / 10,
    band: roiBand(roi),
    programsBelow: Math.round((percentile / 100) * INDUSTRY_ROI.programs),
  };
}
