import { describe, expect, it } from 'vitest';
import { percentile, summarise } from './approval-time.js';

describe('percentile', () => {
  it('is null for no values and the value itself for one', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([42], 0.5)).toBe(42);
    expect(percentile([42], 0.9)).toBe(42);
  });

  it('takes the middle value of an odd count and the mean of the two middles of an even one', () => {
    expect(percentile([1, 2, 3], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 10], 0.5)).toBe(2.5);
  });

  it('interpolates between the closest ranks', () => {
    // ten values 10..100: the 90th percentile sits at position 8.1, between 90 and 100
    const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(values, 0.9)).toBeCloseTo(91, 10);
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 1)).toBe(100);
  });
});

describe('summarise', () => {
  it('sorts before it reads ranks and counts the values', () => {
    expect(summarise([3600, 60, 600, 7200, 120])).toEqual({
      count: 5,
      medianSeconds: 600,
      // position 3.6 between 3600 and 7200
      p90Seconds: 5760,
    });
  });

  it('gives nulls for an empty period', () => {
    expect(summarise([])).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
  });
});
