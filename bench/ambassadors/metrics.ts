/** Ranking figures for bench/ambassadors: average ranks, ROC-AUC, top-decile share. */

/** Average ranks (1-based), ties sharing the mean rank. */
export function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  let k = 0;
  while (k < order.length) {
    let j = k;
    while (j + 1 < order.length && order[j + 1]![0] === order[k]![0]) {
      j += 1;
    }
    for (let t = k; t <= j; t += 1) {
      out[order[t]![1]] = (k + j) / 2 + 1;
    }
    k = j + 1;
  }
  return out;
}

/** ROC-AUC by the rank-sum (Mann-Whitney) formula, ties counted half. */
export function rocAuc(scores: number[], labels: boolean[]): number {
  const r = ranks(scores);
  let positives = 0;
  let sum = 0;
  labels.forEach((label, i) => {
    if (label) {
      positives += 1;
      sum += r[i]!;
    }
  });
  const negatives = labels.length - positives;
  return (sum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The share of all revenue held by the top tenth by score (ties broken by id order). */
export function topDecileShare(scores: number[], revenue: number[]): number {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const top = Math.ceil(scores.length / 10);
  const total = revenue.reduce((a, b) => a + b, 0);
  const held = order.slice(0, top).reduce((sum, [, i]) => sum + revenue[i]!, 0);
  return total > 0 ? held / total : 0;
}
