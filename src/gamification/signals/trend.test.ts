import { describe, expect, it } from 'vitest';
import { DEFAULT_FATIGUE, leastSquaresSlope, trendOf, warningSentence } from './trend.js';

describe('leastSquaresSlope', () => {
  it('is the slope of the best line through the points', () => {
    expect(leastSquaresSlope([1, 2, 3, 4])).toBeCloseTo(1);
    expect(leastSquaresSlope([8, 6, 4, 2])).toBeCloseTo(-2);
    expect(leastSquaresSlope([5, 5, 5])).toBe(0);
    expect(leastSquaresSlope([7])).toBe(0);
  });
});

describe('trendOf', () => {
  it('compares the last 2 weeks with the 4 before and warns on a fall of 30% or more', () => {
    const trend = trendOf([0, 0, 6, 5, 6, 5, 3, 2], DEFAULT_FATIGUE);
    expect(trend).toMatchObject({
      total: 27,
      recentAverage: 2.5,
      baselineAverage: 5.5,
      change: -0.545,
      decaying: true,
    });
    expect(trend.slope).toBeLessThan(0);
    expect(warningSentence('Completions of Trail Week', trend, DEFAULT_FATIGUE)).toBe(
      'Completions of Trail Week fell 55% in the last 2 weeks (2.5 a week) against the 4 weeks ' +
        'before (5.5 a week).',
    );
  });

  it('does not warn for a steady series, a small fall, or a small baseline', () => {
    const steady = trendOf([4, 5, 4, 5, 4, 5, 4, 5], DEFAULT_FATIGUE);
    expect(steady.decaying).toBe(false);
    expect(warningSentence('x', steady, DEFAULT_FATIGUE)).toBeNull();
    expect(trendOf([10, 10, 10, 10, 10, 10, 8, 8], DEFAULT_FATIGUE).decaying).toBe(false);
    expect(trendOf([2, 2, 2, 2, 2, 2, 0, 0], DEFAULT_FATIGUE).decaying).toBe(false);
    expect(trendOf([0, 0, 0, 0, 0, 0, 0, 0], DEFAULT_FATIGUE).change).toBeNull();
  });

  it('follows the threshold it is given', () => {
    const counts = [6, 6, 6, 6, 6, 6, 4, 4];
    expect(trendOf(counts, DEFAULT_FATIGUE).decaying).toBe(true);
    expect(trendOf(counts, { ...DEFAULT_FATIGUE, dropThreshold: 0.4 }).decaying).toBe(false);
  });
});
