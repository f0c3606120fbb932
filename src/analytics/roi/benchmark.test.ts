/** The ROI's place among the industry's programs: quartiles exact, linear between, normal tails. */
import { describe, expect, it } from 'vitest';
import { normalCdf, placeRoi, roiBand, roiPercentile } from './benchmark.js';

describe('roiPercentile', () => {
  it('meets the survey’s quartiles exactly', () => {
    expect(roiPercentile(0.3)).toBeCloseTo(25, 5);
    expect(roiPercentile(0.5)).toBe(50);
    expect(roiPercentile(0.75)).toBe(75);
  });

  it('is linear between the quartiles', () => {
    expect(roiPercentile(0.4)).toBeCloseTo(37.5, 10);
    expect(roiPercentile(0.625)).toBeCloseTo(62.5, 10);
  });

  it('follows a normal fitted to the nearer quartile beyond them', () => {
    // below p25: σ = 0.2 ÷ 0.6745 ≈ 0.2965, so one σ under the median is the 15.9th percentile
    const sigmaLow = 0.2 / 0.6744897501960817;
    expect(roiPercentile(0.5 - sigmaLow)).toBeCloseTo(15.87, 1);
    // above p75: σ = 0.25 ÷ 0.6745 ≈ 0.3707, so two σ over the median is the 97.7th
    const sigmaHigh = 0.25 / 0.6744897501960817;
    expect(roiPercentile(0.5 + 2 * sigmaHigh)).toBeCloseTo(97.72, 1);
    expect(roiPercentile(-1)).toBeGreaterThan(0);
    expect(roiPercentile(-1)).toBeLessThan(0.1);
  });

  it('never falls as the ROI rises', () => {
    let previous = -1;
    for (let roi = -1; roi <= 3; roi += 0.01) {
      const percentile = roiPercentile(roi);
      expect(percentile).toBeGreaterThanOrEqual(previous - 1e-6);
      previous = percentile;
    }
  });
});

describe('roiBand and placeRoi', () => {
  it('puts a value on a quartile into the band above it', () => {
    expect(roiBand(0.2999)).toBe('below p25');
    expect(roiBand(0.3)).toBe('p25–median');
    expect(roiBand(0.5)).toBe('median–p75');
    expect(roiBand(0.75)).toBe('above p75');
  });

  it('rounds the percentile and counts the programs below', () => {
    expect(placeRoi(0.6)).toEqual({ percentile: 60, band: 'median–p75', programsBelow: 72 });
  });
});

describe('normalCdf', () => {
  it('matches known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
  });
});
