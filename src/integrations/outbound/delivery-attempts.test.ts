import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from './delivery-attempts.js';

describe('the retry schedule', () => {
  const settings = { retrySeconds: 30 };

  it('doubles the wait after each failed try', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((attempt) =>
      retryDelaySeconds(settings, attempt, () => 0),
    );
    expect(waits).toEqual([30, 60, 120, 240, 480, 960, 1920]);
  });

  it('adds at most a tenth at random and never waits more than a day', () => {
    expect(retryDelaySeconds(settings, 1, () => 0.999)).toBeLessThanOrEqual(33);
    expect(retryDelaySeconds(settings, 40, () => 0)).toBe(86_400);
  });
});
