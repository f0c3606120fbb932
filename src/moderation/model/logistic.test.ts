/** Tests of the hand-written sparse logistic regression. */
import { describe, expect, it } from 'vitest';
import type { SparseVector } from './features.js';
import {
  DEFAULT_LOGISTIC_OPTIONS,
  FINE_TUNE_LOGISTIC_OPTIONS,
  LogisticModel,
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

describe('trainLogistic from initial weights (warm start)', () => {
  const positive = vector([
    [1, 0.8],
    [3, 0.6],
  ]);
  const negative = vector([
    [2, 0.8],
    [3, 0.6],
  ]);
  const initial = { weights: [0, 2, -2, 0.5, 0, 0, 0, 0], bias: 0.1 };

  it('trains from zero exactly as before when no initial weights are given', () => {
    // Pinned from the code before warm starts existed.
    const examples = Array.from({ length: 10 }, (_, i): Example => ({
      x: vector([
        [i % 4, 0.8],
        [4 + (i % 3), 0.6],
      ]),
      y: i % 2 === 0 ? 0 : 1,
    }));
    const model = trainLogistic(examples, 8);
    expect(Array.from(model.weights)).toEqual([
      -1.2237989902496338, 1.242805004119873, -0.9911729097366333, 0.9990231990814209,
      0.015994742512702942, 0.34418293833732605, -0.39760249853134155, 0,
    ]);
    expect(model.bias).toBe(0.005794730264660465);
  });

  it('pulls with L2 toward the initial weights, not toward zero', () => {
    const options = { ...FINE_TUNE_LOGISTIC_OPTIONS, epochs: 10, l2: 0.5 };
    const warm = trainLogistic(toyExamples(20, 20), 8, options, initial);
    expect(warm.weights[1]).toBeCloseTo(2, 0);
    expect(warm.weights[2]).toBeCloseTo(-2, 0);
    // Feature 3 is on every row and tells the classes nothing: it stays where it started.
    expect(Math.abs(warm.weights[3]! - 0.5)).toBeLessThan(0.05);
    // The same penalty from zero shrinks the weights well below the initial ones.
    const cold = trainLogistic(toyExamples(20, 20), 8, options);
    expect(cold.weights[1]).toBeLessThan(1);
    expect(cold.weights[2]).toBeGreaterThan(-1);
    // Without the penalty the warm weights are free to grow past the initial ones.
    const free = trainLogistic(toyExamples(20, 20), 8, { ...options, l2: 0 }, initial);
    expect(free.weights[1]).toBeGreaterThan(warm.weights[1]! + 1);
    expect(Math.abs(free.weights[3]! - 0.5)).toBeGreaterThan(0.2);
  });

  it('still learns where the initial weights are wrong', () => {
    const wrong = { weights: [0, -1, 1, 0, 0, 0, 0, 0], bias: 0 };
    expect(new LogisticModel(Float32Array.from(wrong.weights), 0).predict(positive)).toBeLessThan(
      0.5,
    );
    const model = trainLogistic(toyExamples(20, 20), 8, undefined, wrong);
    expect(model.predict(positive)).toBeGreaterThan(0.5);
    expect(model.predict(negative)).toBeLessThan(0.5);
  });

  it('uses the fine-tuning settings by default, and does not change the initial weights', () => {
    const weights = Float32Array.from(initial.weights);
    const byDefault = trainLogistic(toyExamples(10, 10), 8, undefined, { weights, bias: 0.1 });
    const explicit = trainLogistic(toyExamples(10, 10), 8, FINE_TUNE_LOGISTIC_OPTIONS, initial);
    expect(Array.from(byDefault.weights)).toEqual(Array.from(explicit.weights));
    expect(byDefault.bias).toBe(explicit.bias);
    expect(Array.from(weights)).toEqual(initial.weights);
    const cold = trainLogistic(toyExamples(10, 10), 8, FINE_TUNE_LOGISTIC_OPTIONS);
    expect(Array.from(cold.weights)).not.toEqual(Array.from(explicit.weights));
    expect(FINE_TUNE_LOGISTIC_OPTIONS.learningRate).toBeLessThan(
      DEFAULT_LOGISTIC_OPTIONS.learningRate,
    );
    expect(FINE_TUNE_LOGISTIC_OPTIONS.epochs).toBeLessThan(DEFAULT_LOGISTIC_OPTIONS.epochs);
  });

  it('refuses initial weights of another size or a bias that is not a number', () => {
    expect(() => trainLogistic(toyExamples(2, 2), 16, undefined, initial)).toThrow(
      /8 entries, not the 16/,
    );
    expect(() =>
      trainLogistic(toyExamples(2, 2), 8, undefined, { ...initial, bias: Number.NaN }),
    ).toThrow(/bias/);
  });
});
