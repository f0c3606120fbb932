/** Tests of the moderation metrics against small examples worked out by hand. */
import { describe, expect, it } from 'vitest';
import {
  balancedAccuracy,
  bestThreshold,
  confusionAt,
  f1,
  headMetrics,
  precision,
  recall,
  rocAuc,
} from './metrics.js';

// Six texts: three positive, three negative.
const labels = [1, 1, 1, 0, 0, 0];
const scores = [0.9, 0.8, 0.3, 0.6, 0.2, 0.1];

describe('confusion matrix and its ratios', () => {
  it('counts outcomes at a threshold (at or above is flagged)', () => {
    // Flagged at 0.5: 0.9, 0.8 (positives) and 0.6 (negative).
    expect(confusionAt(labels, scores, 0.5)).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
    // A score equal to the threshold is flagged.
    expect(confusionAt([1], [0.5], 0.5)).toEqual({ tp: 1, fp: 0, tn: 0, fn: 0 });
  });

  it('gives precision, recall, F1 and balanced accuracy', () => {
    const c = confusionAt(labels, scores, 0.5);
    expect(precision(c)).toBeCloseTo(2 / 3, 12);
    expect(recall(c)).toBeCloseTo(2 / 3, 12);
    expect(f1(c)).toBeCloseTo(2 / 3, 12);
    // TPR 2/3, TNR 2/3.
    expect(balancedAccuracy(c)).toBeCloseTo(2 / 3, 12);

    const skewed = { tp: 8, fp: 2, tn: 88, fn: 2 };
    expect(precision(skewed)).toBeCloseTo(0.8, 12);
    expect(recall(skewed)).toBeCloseTo(0.8, 12);
    expect(balancedAccuracy(skewed)).toBeCloseTo((0.8 + 88 / 90) / 2, 12);
  });

  it('is 0 rather than NaN when nothing is flagged or nothing is positive', () => {
    const none = { tp: 0, fp: 0, tn: 5, fn: 0 };
    expect(precision(none)).toBe(0);
    expect(recall(none)).toBe(0);
    expect(f1(none)).toBe(0);
  });

  it('refuses labels and scores of different lengths', () => {
    expect(() => confusionAt([1, 0], [0.5], 0.5)).toThrow(RangeError);
  });
});

describe('rocAuc', () => {
  it('is the share of positive-negative pairs ranked right', () => {
    // Of 9 pairs, only (0.3 positive, 0.6 negative) is wrong: 8/9.
    expect(rocAuc(labels, scores)).toBeCloseTo(8 / 9, 12);
    expect(rocAuc([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
  });

  it('counts ties as one half', () => {
    expect(rocAuc([1, 0], [0.5, 0.5])).toBe(0.5);
    // Pairs: (0.7 vs 0.7) tie = 0.5, (0.7 vs 0.1) = 1, (0.4 vs 0.7) = 0, (0.4 vs 0.1) = 1.
    expect(rocAuc([1, 1, 0, 0], [0.7, 0.4, 0.7, 0.1])).toBeCloseTo(2.5 / 4, 12);
  });

  it('is NaN when a class is missing', () => {
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
  });
});

describe('bestThreshold', () => {
  it('separates perfectly separable scores between the classes', () => {
    const t = bestThreshold([0, 0, 1, 1], [0.1, 0.3, 0.7, 0.9]);
    expect(t).toBeCloseTo(0.5, 12);
  });

  it('maximises balanced accuracy, not accuracy', () => {
    // Nine negatives, one positive at 0.4 among negatives up to 0.45: flagging from 0.4 costs
    // one false positive (0.45) but gains the positive, which balanced accuracy rewards.
    const y = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const s = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.45, 0.4];
    const t = bestThreshold(y, s);
    expect(t).toBeGreaterThan(0.08);
    expect(t).toBeLessThanOrEqual(0.4);
    expect(balancedAccuracy(confusionAt(y, s, t))).toBeCloseTo((1 + 8 / 9) / 2, 12);
  });

  it('is 0.5 when a class is missing', () => {
    expect(bestThreshold([0, 0], [0.2, 0.9])).toBe(0.5);
  });
});

describe('headMetrics', () => {
  it('gathers every figure at the threshold', () => {
    const m = headMetrics(labels, scores, 0.5);
    expect(m).toMatchObject({ n: 6, positives: 3, threshold: 0.5 });
    expect(m.auc).toBeCloseTo(8 / 9, 12);
    expect(m.confusion).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
  });
});
