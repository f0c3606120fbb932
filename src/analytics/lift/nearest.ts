/**
 * Nearest neighbours in three dimensions for the retention-lift matching: a k-d tree over the
 * controls of one region, so each member's search visits a few dozen points instead of every
 * control (50,000 members against 500,000 controls take seconds, not hours).
 *
 * Every point carries a rank (the control's position in id order). Neighbours are ordered by
 * squared distance and then by rank, so ties always resolve to the same control whatever the
 * order of the input. Controls at exactly the same place are folded into one point holding
 * their ranks, so many identical controls cannot slow a search down.
 */

/** A found neighbour: the control's rank and its squared distance. */
export interface Neighbour {
  rank: number;
  distance2: number;
}

/** Points per leaf: small enough to prune well, large enough to keep the tree shallow. */
const LEAF_SIZE = 8;
const DIMS = 3;

/** One region's controls, searchable by position. */
export class NeighbourIndex {
  /** Coordinates of the distinct points, three per point. */
  private readonly coords: Float64Array;
  /** Ranks of the controls at each point: `ranks[starts[p] .. starts[p + 1])`, ascending. */
  private readonly ranks: Int32Array;
  private readonly starts: Int32Array;
  /** Points in tree order; each node covers `order[lo .. hi)`. */
  private readonly order: Int32Array;
  private readonly nodes: TreeNode[] = [];

  /**
   * `coords` holds three numbers per control, `ranks` each control's rank (any order).
   */
  constructor(coords: Float64Array, ranks: Int32Array) {
    const folded = foldDuplicates(coords, ranks);
    this.coords = folded.coords;
    this.ranks = folded.ranks;
    this.starts = folded.starts;
    const points = this.coords.length / DIMS;
    this.order = Int32Array.from({ length: points }, (_, i) => i);
    if (points > 0) {
      this.build(0, points);
    }
  }

  /**
   * The `k` nearest controls to `query` within `maxDistance2` (squared; Infinity for no limit),
   * nearest first, ties by rank.
   */
  nearest(query: Float64Array, k: number, maxDistance2: number): Neighbour[] {
    if (this.nodes.length === 0 || k < 1) {
      return [];
    }
    const best = new Best(k, maxDistance2);
    this.search(0, query, best);
    return best.list();
  }

  private build(lo: number, hi: number): number {
    const id = this.nodes.length;
    const node: TreeNode = { lo, hi, axis: -1, split: 0, left: -1, right: -1 };
    this.nodes.push(node);
    if (hi - lo <= LEAF_SIZE) {
      return id;
    }
    const axis = this.widestAxis(lo, hi);
    if (axis < 0) {
      return id;
    }
    const mid = (lo + hi) >> 1;
    selectNth(this.order, lo, hi, mid, (p) => this.coords[p * DIMS + axis]!);
    node.axis = axis;
    node.split = this.coords[this.order[mid]! * DIMS + axis]!;
    node.left = this.build(lo, mid);
    node.right = this.build(mid, hi);
    return id;
  }

  /** The axis along which the points of `order[lo .. hi)` spread most; -1 when all coincide. */
  private widestAxis(lo: number, hi: number): number {
    let axis = -1;
    let widest = 0;
    for (let d = 0; d < DIMS; d += 1) {
      let min = Infinity;
      let max = -Infinity;
      for (let i = lo; i < hi; i += 1) {
        const value = this.coords[this.order[i]! * DIMS + d]!;
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
      if (max - min > widest) {
        widest = max - min;
        axis = d;
      }
    }
    return axis;
  }

  private search(id: number, query: Float64Array, best: Best): void {
    const node = this.nodes[id]!;
    if (node.axis < 0) {
      for (let i = node.lo; i < node.hi; i += 1) {
        this.offer(this.order[i]!, query, best);
      }
      return;
    }
    const gap = query[node.axis]! - node.split;
    const [near, far] = gap < 0 ? [node.left, node.right] : [node.right, node.left];
    this.search(near, query, best);
    // every point on the far side lies at least |gap| away along this axis; equal distances
    // are still visited, since a lower rank there would win the tie
    if (gap * gap <= best.bound()) {
      this.search(far, query, best);
    }
  }

  private offer(point: number, query: Float64Array, best: Best): void {
    let distance2 = 0;
    for (let d = 0; d < DIMS; d += 1) {
      const diff = this.coords[point * DIMS + d]! - query[d]!;
      distance2 += diff * diff;
    }
    if (distance2 > best.bound()) {
      return;
    }
    for (let i = this.starts[point]!; i < this.starts[point + 1]!; i += 1) {
      if (!best.offer(distance2, this.ranks[i]!)) {
        return;
      }
    }
  }
}

interface TreeNode {
  lo: number;
  hi: number;
  /** -1 for a leaf. */
  axis: number;
  split: number;
  left: number;
  right: number;
}

/** The k best neighbours so far, ordered by (distance, rank). */
class Best {
  private readonly distances: Float64Array;
  private readonly ranks: Int32Array;
  private count = 0;

  constructor(
    private readonly k: number,
    private readonly maxDistance2: number,
  ) {
    this.distances = new Float64Array(k);
    this.ranks = new Int32Array(k);
  }

  /** A neighbour farther than this cannot enter. */
  bound(): number {
    return this.count < this.k ? this.maxDistance2 : this.distances[this.k - 1]!;
  }

  /** Takes the neighbour if it beats the worst kept one; false when it does not. */
  offer(distance2: number, rank: number): boolean {
    if (this.count === this.k) {
      const worstD = this.distances[this.k - 1]!;
      const worstR = this.ranks[this.k - 1]!;
      if (distance2 > worstD || (distance2 === worstD && rank >= worstR)) {
        return false;
      }
    } else if (distance2 > this.maxDistance2) {
      return false;
    }
    let i = Math.min(this.count, this.k - 1);
    while (i > 0 && before(distance2, rank, this.distances[i - 1]!, this.ranks[i - 1]!)) {
      this.distances[i] = this.distances[i - 1]!;
      this.ranks[i] = this.ranks[i - 1]!;
      i -= 1;
    }
    this.distances[i] = distance2;
    this.ranks[i] = rank;
    this.count = Math.min(this.count + 1, this.k);
    return true;
  }

  list(): Neighbour[] {
    return Array.from({ length: this.count }, (_, i) => ({
      rank: this.ranks[i]!,
      distance2: this.distances[i]!,
    }));
  }
}

const before = (d1: number, r1: number, d2: number, r2: number): boolean =>
  d1 < d2 || (d1 === d2 && r1 < r2);

/** Controls at the same coordinates become one point listing their ranks in ascending order. */
function foldDuplicates(
  coords: Float64Array,
  ranks: Int32Array,
): { coords: Float64Array; ranks: Int32Array; starts: Int32Array } {
  const n = ranks.length;
  const byPlace = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    for (let d = 0; d < DIMS; d += 1) {
      const diff = coords[a * DIMS + d]! - coords[b * DIMS + d]!;
      if (diff !== 0) {
        return diff;
      }
    }
    return ranks[a]! - ranks[b]!;
  });
  const samePlace = (a: number, b: number) =>
    coords[a * DIMS] === coords[b * DIMS] &&
    coords[a * DIMS + 1] === coords[b * DIMS + 1] &&
    coords[a * DIMS + 2] === coords[b * DIMS + 2];

  const outCoords: number[] = [];
  const starts: number[] = [];
  const outRanks = new Int32Array(n);
  byPlace.forEach((control, i) => {
    if (i === 0 || !samePlace(control, byPlace[i - 1]!)) {
      starts.push(i);
      outCoords.push(
        coords[control * DIMS]!,
        coords[control * DIMS + 1]!,
        coords[control * DIMS + 2]!,
      );
    }
    outRanks[i] = ranks[control]!;
  });
  starts.push(n);
  return {
    coords: Float64Array.from(outCoords),
    ranks: outRanks,
    starts: Int32Array.from(starts),
  };
}

/**
 * Reorders `order[lo .. hi)` so that `order[nth]` holds the point whose key would sit there
 * after sorting, with no larger key before it and no smaller key after it. Two-sided
 * partitioning keeps runs of equal keys (common: frequencies are small integers) balanced.
 */
function selectNth(
  order: Int32Array,
  lo: number,
  hi: number,
  nth: number,
  key: (point: number) => number,
): void {
  let left = lo;
  let right = hi - 1;
  while (right > left) {
    const pivot = medianOfThree(
      key(order[left]!),
      key(order[(left + right) >> 1]!),
      key(order[right]!),
    );
    let i = left;
    let j = right;
    while (i <= j) {
      while (key(order[i]!) < pivot) {
        i += 1;
      }
      while (key(order[j]!) > pivot) {
        j -= 1;
      }
      if (i <= j) {
        const swap = order[i]!;
        order[i] = order[j]!;
        order[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (nth <= j) {
      right = j;
    } else if (nth >= i) {
      left = i;
    } else {
      return;
    }
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
