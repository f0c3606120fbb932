/**
 * Quality figures for Guild's moderation heads: the confusion matrix at a threshold and what
 * follows from it (precision, recall, F1, balanced accuracy), the rank-based ROC-AUC, and the
 * threshold that maximises balanced accuracy. A text counts as flagged when its score is at or
 * above the threshold.
 */

/** Counts of outcomes at one threshold. */
export interface Confusion {
  /** Positives flagged. */
  tp: number;
  /** Negatives flagged. */
  fp: number;
  /** Negatives passed. */
  tn: number;
  /** Positives passed. */
  fn: number;
}

/** Everything Guild reports about one head on one labelled set. */
export interface HeadMetrics {
  /** Labelled rows. */
  n: number;
  /** Rows labelled positive. */
  positives: number;
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  auc: number;
  balancedAccuracy: number;
  confusion: Confusion;
}

/** The confusion matrix when scores at or above `threshold` are flagged. */
export function confusionAt(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
): Confusion {
  assertSameLength(labels, scores);
  const confusion: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const flagged = scores[i]! >= threshold;
    if (labels[i] === 1) {
      if (flagged) {
        confusion.tp++;
      } else {
        confusion.fn++;
      }
    } else if (flagged) {
      confusion.fp++;
    } else {
      confusion.tn++;
    }
  }
  return confusion;
}

/** Share of flagged texts that were positive; 0 when nothing was flagged. */
export function precision(c: Confusion): number {
  return c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
}

/** Share of positives that were flagged; 0 when there were no positives. */
export function recall(c: Confusion): number {
  return c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
}

/** Harmonic mean of precision and recall; 0 when both are 0. */
export function f1(c: Confusion): number {
  const p = precision(c);
  const r = recall(c);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** Mean of the true-positive rate and the true-negative rate. */
export function balancedAccuracy(c: Confusion): number {
  const tpr = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const tnr = c.tn + c.fp === 0 ? 0 : c.tn / (c.tn + c.fp);
  return (tpr + tnr) / 2;
}

/**
 * ROC-AUC as the Mann–Whitney statistic: the chance that a random positive scores above a
 * random negative, ties counting one half. NaN when either class is absent.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  assertSameLength(labels, scores);
  const order = Array.from({ length: labels.length }, (_, i) => i).sort(
    (a, b) => scores[a]! - scores[b]!,
  );
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) {
      j++;
    }
    // Ranks i+1 .. j+1 are tied; each gets their mean.
    const meanRank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += meanRank;
      }
    }
    i = j + 1;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    return Number.NaN;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * The threshold with the highest balanced accuracy on these scores. Candidates are the midpoints
 * between adjacent distinct scores, so the threshold sits between the texts it separates; on a
 * tie in balanced accuracy the candidate nearest 0.5 wins. 0.5 when either class is absent.
 */
export function bestThreshold(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  assertSameLength(labels, scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    positives += labels[i] === 1 ? 1 : 0;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    return 0.5;
  }
  const order = Array.from({ length: labels.length }, (_, i) => i).sort(
    (a, b) => scores[b]! - scores[a]!,
  );
  // Sweep from the highest score down: after each group of equal scores, everything so far is
  // flagged and the threshold lies between this group and the next.
  let tp = 0;
  let fp = 0;
  let best = 0.5;
  let bestValue = -1;
  let i = 0;
  while (i < order.length) {
    const score = scores[order[i]!]!;
    while (i < order.length && scores[order[i]!] === score) {
      if (labels[order[i]!] === 1) {
        tp++;
      } else {
        fp++;
      }
      i++;
    }
    const next = i < order.length ? scores[order[i]!]! : score - 1e-6;
    const candidate = (score + next) / 2;
    const value = (tp / positives + (negatives - fp) / negatives) / 2;
    if (
      value > bestValue + 1e-12 ||
      (Math.abs(value - bestValue) <= 1e-12 && Math.abs(candidate - 0.5) < Math.abs(best - 0.5))
    ) {
      bestValue = value;
      best = candidate;
    }
  }
  return best;
}

/** All of a head's figures on labelled scores at a threshold. */
export function headMetrics(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
): HeadMetrics {
  const confusion = confusionAt(labels, scores, threshold);
  return {
    n: labels.length,
    positives: confusion.tp + confusion.fn,
    threshold,
    precision: precision(confusion),
    recall: recall(confusion),
    f1: f1(confusion),
    auc: rocAuc(labels, scores),
    balancedAccuracy: balancedAccuracy(confusion),
    confusion,
  };
}

function assertSameLength(labels: ArrayLike<number>, scores: ArrayLike<number>): void {
  if (labels.length !== scores.length) {
    throw new RangeError(`${labels.length} labels but ${scores.length} scores`);
  }
}
