/**
 * Training, evaluation and comparison of Guild's moderation model versions.
 *
 * trainModel featurises every row once and trains each head on the rows that label it. A head's
 * threshold is chosen on the training rows only, but out of fold: the rows are split into k folds
 * by a hash of their id (or text), a model trained on the other folds scores each fold, and the
 * threshold that maximises balanced accuracy on those scores is kept. Then the head is trained on
 * all its rows. In-sample scores would be too confident to place a threshold well.
 *
 * Warm start (`startFrom`): a community can fine-tune an existing version, such as the shipped
 * one, on its own moderators' labels instead of training from nothing. Every head the start
 * version has begins from that head's weights and bias (as stored, dequantised), with L2 pulling
 * toward them and FINE_TUNE_LOGISTIC_OPTIONS as its settings; so does every fold that places its
 * threshold. The start version's feature configuration and head conditioning are kept, and a
 * head of it that no row labels is carried over unchanged. Heads it lacks train from zero.
 */
import { createHash } from 'node:crypto';
import {
  DEFAULT_FEATURE_CONFIG,
  featurizerFor,
  type FeatureConfig,
  type SparseVector,
} from './features.js';
import {
  ModerationModel,
  type HeadScores,
  type ModelMetadata,
  type StoredHead,
  type TrainingSnapshot,
} from './classifier.js';
import { fnv1a } from './hash.js';
import {
  DEFAULT_LOGISTIC_OPTIONS,
  FINE_TUNE_LOGISTIC_OPTIONS,
  LogisticModel,
  trainLogistic,
  type Example,
  type InitialWeights,
  type LogisticOptions,
} from './logistic.js';
import { bestThreshold, headMetrics, type HeadMetrics } from './metrics.js';
import type { HeadName, LabelledRow } from './model.types.js';
import { prepare } from './prepare.js';
import { dequantize, quantize, roundTrip } from './quantize.js';

/** How a version is trained. */
export interface TrainOptions {
  /** The version's name, such as `guild-default-2025.06`. */
  version: string;
  /** ISO time stored as the creation time; now when omitted (pass one for a repeatable file). */
  createdAt?: string;
  /**
   * Heads to train; by default every head some row labels, in order of first appearance (with
   * `startFrom`: the start version's heads, then any other head some row labels).
   */
  heads?: readonly HeadName[];
  /**
   * Feature configuration over DEFAULT_FEATURE_CONFIG. With `startFrom` the start version's is
   * used, and any field given here must equal it (an Error is thrown otherwise).
   */
  features?: Partial<FeatureConfig>;
  /**
   * Settings over the defaults for every head: DEFAULT_LOGISTIC_OPTIONS for a head trained from
   * zero, FINE_TUNE_LOGISTIC_OPTIONS for a head that starts from `startFrom`.
   */
  logistic?: Partial<LogisticOptions>;
  /**
   * Heads conditional on another (child → parent), see trainHead; DEFAULT_PARENTS when
   * omitted. One level only: a parent is not conditional itself. A parent missing from the
   * heads is ignored (the child is then trained as an ordinary head). With `startFrom`, a head
   * the start version has keeps its conditioning there; these apply to the other heads, and
   * naming a different parent (or none) for one of its heads is an Error.
   */
  parents?: Readonly<Record<HeadName, HeadName>>;
  /**
   * A version to fine-tune (warm start) rather than train from zero; see the file comment. Its
   * version name is recorded as the snapshot's `startedFrom`.
   */
  startFrom?: ModerationModel;
  /** Folds for choosing thresholds out of fold; 0 or 1 chooses them in sample. Default 4. */
  thresholdFolds?: number;
  /** How the rows were chosen from their sources, for the snapshot. */
  splitRule?: string;
  /** Called with progress messages (for scripts); silent by default. */
  onProgress?: (message: string) => void;
}

/**
 * Settings per head that differ from the shared ones (found by tuning on the training split):
 * hate, learnt among toxic rows only, ranks best without class balancing.
 */
const HEAD_LOGISTIC: Record<HeadName, Partial<LogisticOptions>> = {
  hate: { balanceClasses: false },
};

/** Heads that are conditional on another by default: hate is a kind of toxic. */
export const DEFAULT_PARENTS: Readonly<Record<HeadName, HeadName>> = Object.freeze({
  hate: 'toxic',
});

/** SHA-256 of the rows in order, over the fields that training reads. */
export function rowsDigest(rows: readonly LabelledRow[]): string {
  const hash = createHash('sha256');
  for (const row of rows) {
    const labels = Object.keys(row.labels)
      .sort()
      .map((head) => [head, row.labels[head]]);
    hash.update(
      `${JSON.stringify([row.source ?? null, row.id ?? null, row.text, labels, row.weight ?? 1])}\n`,
    );
  }
  return hash.digest('hex');
}

function snapshotOf(
  rows: readonly LabelledRow[],
  heads: readonly HeadName[],
  splitRule: string,
): TrainingSnapshot {
  const sources = new Map<string, number>();
  const perHead: TrainingSnapshot['heads'] = {};
  for (const head of heads) {
    perHead[head] = { labelled: 0, positives: 0 };
  }
  for (const row of rows) {
    const source = row.source ?? 'unknown';
    sources.set(source, (sources.get(source) ?? 0) + 1);
    for (const head of heads) {
      const label = row.labels[head];
      if (label !== undefined) {
        perHead[head]!.labelled++;
        perHead[head]!.positives += label;
      }
    }
  }
  return {
    sources: [...sources].map(([name, count]) => ({ name, rows: count })),
    rows: rows.length,
    heads: perHead,
    sha256: rowsDigest(rows),
    splitRule,
  };
}

function headsOf(rows: readonly LabelledRow[]): HeadName[] {
  const heads: HeadName[] = [];
  for (const row of rows) {
    for (const head of Object.keys(row.labels)) {
      if (!heads.includes(head)) {
        heads.push(head);
      }
    }
  }
  return heads;
}

/** Trains a logistic model whose weights are then rounded as a saved file would hold them. */
function trainRounded(
  examples: readonly Example[],
  size: number,
  options: LogisticOptions,
  initial: InitialWeights | undefined,
): LogisticModel {
  const model = trainLogistic(examples, size, options, initial);
  return new LogisticModel(roundTrip(model.weights), model.bias);
}

/** What a head leaves behind for the model and for heads conditional on it. */
interface HeadResult {
  stored: StoredHead;
  /** Per row: the head's score as the threshold was chosen on it (out of fold), NaN if none. */
  scores: Float64Array;
  /** The head as trained on all its rows (weights rounded as saved). */
  final: LogisticModel;
}

/** What training one head leaves behind: its result and its out-of-fold figures. */
interface HeadTraining extends HeadResult {
  metrics: HeadMetrics;
}

function foldKey(row: LabelledRow): string {
  return row.id !== undefined ? `${row.source ?? ''}:${row.id}` : row.text;
}

/**
 * Trains one head. A conditional head learns P(head | parent) from the rows whose parent label
 * is 1 (and from its own positives); its score is that times the parent's score, and its
 * threshold is chosen on those products over every row that labels it.
 */
function trainHead(
  name: HeadName,
  rows: readonly LabelledRow[],
  vectors: readonly SparseVector[],
  size: number,
  options: LogisticOptions,
  folds: number,
  parent: { name: HeadName; training: HeadResult } | undefined,
  initial: InitialWeights | undefined,
): HeadTraining {
  const labelled: number[] = [];
  const learnFrom: number[] = [];
  rows.forEach((row, i) => {
    const label = row.labels[name];
    if (label === undefined) {
      return;
    }
    labelled.push(i);
    if (!parent || label === 1 || row.labels[parent.name] === 1) {
      learnFrom.push(i);
    }
  });
  if (learnFrom.length === 0) {
    throw new Error(`no training row labels head "${name}"`);
  }
  const examples: Example[] = learnFrom.map((i) => ({
    x: vectors[i]!,
    y: rows[i]!.labels[name]!,
    weight: rows[i]!.weight ?? 1,
  }));

  // Each learning row's own score, from a model that did not see it.
  const own = new Float64Array(rows.length).fill(Number.NaN);
  if (folds >= 2) {
    const foldOf = learnFrom.map((i) => fnv1a(foldKey(rows[i]!)) % folds);
    for (let fold = 0; fold < folds; fold++) {
      const model = trainRounded(
        examples.filter((_, k) => foldOf[k] !== fold),
        size,
        options,
        initial,
      );
      learnFrom.forEach((i, k) => {
        if (foldOf[k] === fold) {
          own[i] = model.predict(vectors[i]!);
        }
      });
    }
  }
  const model = trainLogistic(examples, size, options, initial);
  const weights = quantize(model.weights);
  const final = new LogisticModel(roundTrip(model.weights), model.bias);
  // Rows the head did not learn from (and every row when thresholds are chosen in sample).
  for (const i of labelled) {
    if (Number.isNaN(own[i]!)) {
      own[i] = final.predict(vectors[i]!);
    }
  }
  const scores = new Float64Array(rows.length).fill(Number.NaN);
  for (const i of labelled) {
    let parentScore = 1;
    if (parent) {
      // The parent's out-of-fold score, or its final model's where the row is not its own.
      parentScore = parent.training.scores[i]!;
      if (Number.isNaN(parentScore)) {
        parentScore = parent.training.final.predict(vectors[i]!);
      }
    }
    scores[i] = own[i]! * parentScore;
  }
  const labels = labelled.map((i) => rows[i]!.labels[name]!);
  const values = labelled.map((i) => scores[i]!);
  const threshold = bestThreshold(labels, values);
  const stored: StoredHead = { name, bias: model.bias, threshold, weights };
  if (parent) {
    stored.parent = parent.name;
  }
  return { stored, metrics: headMetrics(labels, values, threshold), scores, final };
}

/**
 * A head of the start version carried over as it is, because no row labels it. It has no
 * out-of-fold scores, so a head conditional on it uses its model for every row.
 */
function carriedHead(head: StoredHead, rows: number): HeadResult {
  return {
    stored: { ...head },
    scores: new Float64Array(rows).fill(Number.NaN),
    final: new LogisticModel(dequantize(head.weights), head.bias),
  };
}

/** The start version's feature configuration, after checking that `asked` agrees with it. */
function startFeatures(start: ModerationModel, asked: Partial<FeatureConfig> = {}): FeatureConfig {
  const features: FeatureConfig = { ...start.meta.features };
  const differing = (Object.keys(asked) as (keyof FeatureConfig)[]).filter(
    (key) => asked[key] !== undefined && asked[key] !== features[key],
  );
  if (differing.length > 0) {
    const pairs = differing
      .map((key) => `${key} ${String(asked[key])} (start version: ${String(features[key])})`)
      .join(', ');
    throw new Error(
      `cannot fine-tune ${start.meta.version}: the features asked for differ from its own: ` +
        `${pairs}; a warm start needs the start version's feature configuration`,
    );
  }
  return features;
}

/**
 * Each head's parent: the start version's conditioning for its heads, the asked-for (or default)
 * parents for the others. Throws where the parents asked for contradict the start version.
 */
function parentsWith(
  start: ModerationModel,
  asked: Readonly<Record<HeadName, HeadName>> | undefined,
  heads: readonly HeadName[],
): Record<HeadName, HeadName> {
  const parents: Record<HeadName, HeadName> = { ...(asked ?? DEFAULT_PARENTS) };
  for (const head of start.heads) {
    if (!heads.includes(head.name)) {
      continue;
    }
    if (asked !== undefined && asked[head.name] !== head.parent) {
      throw new Error(
        `head ${head.name}: parents give ${asked[head.name] ?? 'none'}, but in ` +
          `${start.meta.version}, the version fine-tuned, its parent is ${head.parent ?? 'none'}`,
      );
    }
    delete parents[head.name];
    if (head.parent !== undefined) {
      if (!heads.includes(head.parent)) {
        throw new Error(
          `head ${head.name} is conditional on ${head.parent} in ${start.meta.version}; ` +
            `fine-tune ${head.parent} too`,
        );
      }
      parents[head.name] = head.parent;
    }
  }
  return parents;
}

/**
 * Trains a model version on labelled rows. Each head learns from the rows that label it; rows
 * are featurised once. Deterministic: the same rows and options give the same model (and, with
 * `createdAt` given, the same file).
 */
export function trainModel(rows: readonly LabelledRow[], options: TrainOptions): ModerationModel {
  const start = options.startFrom;
  const features: FeatureConfig = start
    ? startFeatures(start, options.features)
    : { ...DEFAULT_FEATURE_CONFIG, ...options.features };
  let heads: HeadName[];
  if (options.heads) {
    heads = [...options.heads];
  } else if (start) {
    heads = [...start.headNames];
    for (const head of headsOf(rows)) {
      if (!heads.includes(head)) {
        heads.push(head);
      }
    }
  } else {
    heads = headsOf(rows);
  }
  const folds = options.thresholdFolds ?? 4;
  const progress = options.onProgress ?? (() => {});
  const featurizer = featurizerFor(features);
  progress(`featurising ${rows.length} rows`);
  const vectors = rows.map((row) => featurizer.featurize(prepare(row.text)));

  const parents = start
    ? parentsWith(start, options.parents, heads)
    : (options.parents ?? DEFAULT_PARENTS);
  for (const head of heads) {
    const parent = parents[head];
    if (parent !== undefined && heads.includes(parent) && parents[parent] !== undefined) {
      throw new Error(`head ${head}: its parent ${parent} may not be conditional itself`);
    }
  }
  // Parents first, so a conditional head can use its parent's scores.
  const ordered = [...heads].sort(
    (a, b) => Number(heads.includes(parents[a] ?? '')) - Number(heads.includes(parents[b] ?? '')),
  );
  const trainedHeads = new Map<HeadName, HeadResult>();
  const metrics: Record<HeadName, HeadMetrics> = {};
  for (const head of ordered) {
    const startHead = start?.heads.find((stored) => stored.name === head);
    if (startHead && !rows.some((row) => row.labels[head] !== undefined)) {
      progress(`keeping head ${head} as it is: no row labels it`);
      trainedHeads.set(head, carriedHead(startHead, rows.length));
      continue;
    }
    progress(startHead ? `fine-tuning head ${head}` : `training head ${head}`);
    const base = startHead ? FINE_TUNE_LOGISTIC_OPTIONS : DEFAULT_LOGISTIC_OPTIONS;
    const logistic = { ...base, ...HEAD_LOGISTIC[head], ...options.logistic };
    const initial = startHead
      ? { weights: dequantize(startHead.weights), bias: startHead.bias }
      : undefined;
    const parentName = parents[head];
    const parentTraining = parentName === undefined ? undefined : trainedHeads.get(parentName);
    const parent =
      parentName !== undefined && parentTraining
        ? { name: parentName, training: parentTraining }
        : undefined;
    const trained = trainHead(
      head,
      rows,
      vectors,
      featurizer.size,
      logistic,
      folds,
      parent,
      initial,
    );
    trainedHeads.set(head, trained);
    metrics[head] = trained.metrics;
  }
  const stored = ordered.map((head) => trainedHeads.get(head)!.stored);
  const training = snapshotOf(rows, heads, options.splitRule ?? 'all rows given');
  if (start) {
    training.startedFrom = start.meta.version;
  }
  const meta: ModelMetadata = {
    version: options.version,
    createdAt: options.createdAt ?? new Date().toISOString(),
    features,
    training,
    metrics,
  };
  return new ModerationModel(meta, stored);
}

/** Scores rows once with a model (shared by evaluation and comparison). */
function scoreRows(model: ModerationModel, rows: readonly LabelledRow[]): HeadScores[] {
  return rows.map((row) => model.score(row.text));
}

function metricsFromScores(
  model: ModerationModel,
  rows: readonly LabelledRow[],
  scores: readonly HeadScores[],
): Record<HeadName, HeadMetrics> {
  const result: Record<HeadName, HeadMetrics> = {};
  for (const head of model.heads) {
    const labels: number[] = [];
    const values: number[] = [];
    rows.forEach((row, i) => {
      const label = row.labels[head.name];
      if (label !== undefined) {
        labels.push(label);
        values.push(scores[i]![head.name]!);
      }
    });
    if (labels.length > 0) {
      result[head.name] = headMetrics(labels, values, head.threshold);
    }
  }
  return result;
}

/**
 * A model's figures on labelled rows, per head that both the model has and some row labels,
 * at the head's own threshold.
 */
export function evaluateModel(
  model: ModerationModel,
  rows: readonly LabelledRow[],
): Record<HeadName, HeadMetrics> {
  return metricsFromScores(model, rows, scoreRows(model, rows));
}

/** One head in a comparison of two versions. */
export interface HeadComparison {
  candidate: HeadMetrics;
  live: HeadMetrics;
  /** Candidate AUC minus live AUC. */
  aucDelta: number;
}

/** The result of comparing a candidate version with the live one. */
export interface ModelComparison {
  /** True when the candidate may replace the live version (see compareModels). */
  better: boolean;
  /** Heads that both versions have and the evaluation rows label. */
  perHead: Record<HeadName, HeadComparison>;
  /** Heads where the candidate's AUC is lower. */
  worse: HeadName[];
}

/**
 * Compares a candidate version with the live one on the same labelled rows. The candidate is
 * better when, over the heads both have and the rows label, its ROC-AUC is nowhere lower than
 * the live one's by more than `tolerance` (default 0) and is higher on at least one head. AUC
 * is used because it does not depend on the thresholds, which each version chooses itself.
 */
export function compareModels(
  candidate: ModerationModel,
  live: ModerationModel,
  evalRows: readonly LabelledRow[],
  tolerance = 0,
): ModelComparison {
  const ours = evaluateModel(candidate, evalRows);
  const theirs = evaluateModel(live, evalRows);
  const perHead: Record<HeadName, HeadComparison> = {};
  const worse: HeadName[] = [];
  let improved = false;
  for (const [head, metrics] of Object.entries(ours)) {
    const other = theirs[head];
    if (!other || Number.isNaN(metrics.auc) || Number.isNaN(other.auc)) {
      continue;
    }
    const aucDelta = metrics.auc - other.auc;
    perHead[head] = { candidate: metrics, live: other, aucDelta };
    if (aucDelta < -tolerance) {
      worse.push(head);
    } else if (aucDelta > 0) {
      improved = true;
    }
  }
  return { better: worse.length === 0 && improved, perHead, worse };
}
