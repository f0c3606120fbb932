/** Tests of the hand-written sparse logistic regression. */
import { describe, expect, it } from 'vitest';
import type { SparseVector } from './features.js';
import {
  DEFAULT_LOGISTIC_OPTIONS,
  seededOrder,
  sigmoid,
  trainLogistic,
  type Example,
} from './logistic.js';

function vector(entries: [number, number][]): SparseVector {
  return {
    indices: Uint32Array.from(entries, ([index]) => index),
    values: Float32Array.from(entries, ([, value]) => value),
  };
}

/** Feature 1 marks positives, feature 2 negatives, feature 3 is noise on both. */
function toyExamples(positives: number, negatives: number): Example[] {
  const examples: Example[] = [];
  for (let i = 0; i < positives; i++) {
    examples.push({
      x: vector([
        [1, 0.8],
        [3, 0.6],
      ]),
      y: 1,
    });
  }
  for (let i = 0; i < negatives; i++) {
    examples.push({
      x: vector([
        [2, 0.8],
        [3, 0.6],
      ]),
      y: 0,
    });
  }
  return examples;
}

describe('sigmoid', () => {
  it('is the logistic function and stays finite at extremes', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(2)).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });
});

describe('seededOrder', () => {
  it('is a permutation that repeats for a seed', () => {
    const order = seededOrder(50, 7);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(seededOrder(50, 7))).toEqual(Array.from(order));
    expect(Array.from(seededOrder(50, 8))).not.toEqual(Array.from(order));
  });
});

describe('trainLogistic', () => {
  it('learns a separable problem', () => {
    const model = trainLogistic(toyExamples(40, 40), 8);
    expect(
      model.predict(
        vector([
          [1, 0.8],
          [3, 0.6],
        ]),
      ),
    ).toBeGreaterThan(0.9);
    expect(
      model.predict(
        vector([
          [2, 0.8],
          [3, 0.6],
        ]),
      ),
    ).toBeLessThan(0.1);
    expect(model.weights[1]).toBeGreaterThan(0);
    expect(model.weights[2]).toBeLessThan(0);
  });

  it('gives the same weights on every run', () => {
    const a = trainLogistic(toyExamples(30, 10), 8);
    const b = trainLogistic(toyExamples(30, 10), 8);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(a.bias).toBe(b.bias);
  });

  it('balances classes so a rare class still moves the bias toward it', () => {
    // Only the shared feature: the model can learn nothing but the bias.
    const examples: Example[] = [
      ...Array.from({ length: 5 }, (): Example => ({ x: vector([[3, 1]]), y: 1 })),
      ...Array.from({ length: 95 }, (): Example => ({ x: vector([[3, 1]]), y: 0 })),
    ];
    const options = { ...DEFAULT_LOGISTIC_OPTIONS, epochs: 20 };
    const balanced = trainLogistic(examples, 8, options);
    const raw = trainLogistic(examples, 8, { ...options, balanceClasses: false });
    expect(balanced.predict(vector([[3, 1]]))).toBeCloseTo(0.5, 1);
    expect(raw.predict(vector([[3, 1]]))).toBeLessThan(0.2);
  });

  it('counts row weights', () => {
    const x = vector([[3, 1]]);
    const examples: Example[] = [
      { x, y: 1, weight: 9 },
      { x, y: 0, weight: 1 },
    ];
    const options = { ...DEFAULT_LOGISTIC_OPTIONS, epochs: 200, balanceClasses: false };
    expect(trainLogistic(examples, 8, options).predict(x)).toBeGreaterThan(0.8);
  });
});
