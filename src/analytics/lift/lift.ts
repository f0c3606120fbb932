/**
 * The customer retention lift (PRODUCT.md, "The key metrics, defined"): how much more often
 * community members buy again than comparable customers who are not members. Pure: the
 * subjects come from features.ts (or from anywhere); nothing here touches the database.
 *
 * Each member is matched to its nearest non-member control in the same region, on the
 * standardised logs of recency, frequency and monetary value before the reference date, with
 * replacement (a control may serve several members), `k` controls per member, and an optional
 * caliper beyond which a member stays unmatched. The lift is (member rate − matched control
 * rate) ÷ matched control rate over the matched members, with a 95% percentile bootstrap
 * interval that resamples matched members together with their controls. Too little data is
 * answered with a refusal and the group sizes, never with a number and never with an error.
 * docs/LIFT.md explains the choices.
 */
import { NeighbourIndex } from './nearest.js';

/** One customer as the estimator sees it. */
export interface LiftSubject {
  id: string;
  /** In the community (the treated group); false: a candidate control. */
  member: boolean;
  /** Matching is exact on this: members meet only controls of their own region. */
  region: string;
  /** Days from the last purchase to the reference date. */
  recencyDays: number;
  /** Purchases before the reference date. */
  frequency: number;
  /** Spend before the reference date (any unit, the same for everyone). */
  monetary: number;
  /** Bought again within the window after the reference date. */
  repeat: boolean;
}

export interface LiftOptions {
  /** Bootstrap replicates (default 1000). */
  bootstrap?: number;
  /** Seed of the bootstrap's random numbers (default 1): the same seed gives the same answer. */
  seed?: number;
  /** Fewer matched members or distinct controls than this is refused (default 30). */
  minGroup?: number;
  /** Largest distance to a control, in standard deviations of the covariates (default none). */
  caliper?: number;
  /** Controls per member (default 1). */
  k?: number;
}

export const LIFT_DEFAULTS = { bootstrap: 1000, seed: 1, minGroup: 30, k: 1 } as const;

export interface LiftSizes {
  members: number;
  /** Non-members available as controls. */
  controls: number;
  matchedMembers: number;
  unmatchedMembers: number;
  /** Of the unmatched: no control at all in their region. */
  unmatchedNoControlInRegion: number;
  /** Of the unmatched: no control within the caliper. */
  unmatchedOutsideCaliper: number;
  /** Controls matched to at least one member. */
  distinctControls: number;
}

export type Covariate = 'recency' | 'frequency' | 'monetary';
export const COVARIATES: readonly Covariate[] = ['recency', 'frequency', 'monetary'];

/**
 * Standardised mean difference of one covariate (on its log1p scale), members minus controls,
 * in units of the pooled standard deviation before matching: before (all members against all
 * controls) and after (matched members against their controls, each weighted as often as used).
 */
export interface CovariateBalance {
  covariate: Covariate;
  before: number;
  after: number;
}

export interface LiftEstimated {
  status: 'estimated';
  /** Repeat rate of the matched members (a fraction: 0.12 = 12%). */
  memberRate: number;
  /** Repeat rate of their matched controls, each member's controls averaged first. */
  controlRate: number;
  /** (memberRate − controlRate) ÷ controlRate. */
  lift: number;
  /** 95% percentile bootstrap interval of the lift. */
  ci: { low: number; high: number; level: number };
  bootstrap: { replicates: number; seed: number };
  sizes: LiftSizes;
  balance: CovariateBalance[];
  /** Controls per member and the caliper used (null: none). */
  matching: { k: number; caliper: number | null };
}

export type InsufficientReason =
  /** Fewer matched members than minGroup. */
  | 'too_few_matched_members'
  /** Fewer distinct matched controls than minGroup. */
  | 'too_few_controls'
  /** No matched control bought again: the lift would divide by zero. */
  | 'control_rate_zero'
  /** So few controls bought again that resamples with none are common: no bounded interval. */
  | 'control_rate_unstable';

export interface LiftInsufficient {
  status: 'insufficient';
  reason: InsufficientReason;
  sizes: LiftSizes;
}

export type LiftEstimate = LiftEstimated | LiftInsufficient;

const CI_LEVEL = 0.95;

/** A small seeded generator of uniform numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Estimates the retention lift of the members among `subjects`. */
export function estimateLift(
  subjects: readonly LiftSubject[],
  options: LiftOptions = {},
): LiftEstimate {
  const settings = settingsOf(options);
  const { members, controls } = splitSubjects(subjects);
  const scale = standardiser([...members, ...controls]);
  const matches = matchMembers(members, controls, scale, settings);
  const sizes = sizesOf(members.length, controls.length, matches);

  if (sizes.matchedMembers < settings.minGroup) {
    return { status: 'insufficient', reason: 'too_few_matched_members', sizes };
  }
  if (sizes.distinctControls < settings.minGroup) {
    return { status: 'insufficient', reason: 'too_few_controls', sizes };
  }
  const pairs = outcomesOf(matches.matched, members, controls);
  const memberRate = mean(pairs.member);
  const controlRate = mean(pairs.control);
  if (controlRate === 0) {
    return { status: 'insufficient', reason: 'control_rate_zero', sizes };
  }
  const ci = bootstrapInterval(pairs, settings.bootstrap, settings.seed);
  if (ci === null) {
    return { status: 'insufficient', reason: 'control_rate_unstable', sizes };
  }
  return {
    status: 'estimated',
    memberRate,
    controlRate,
    lift: (memberRate - controlRate) / controlRate,
    ci: { ...ci, level: CI_LEVEL },
    bootstrap: { replicates: settings.bootstrap, seed: settings.seed },
    sizes,
    balance: balanceOf(members, controls, matches.matched, scale),
    matching: {
      k: settings.k,
      caliper: Number.isFinite(settings.caliper) ? settings.caliper : null,
    },
  };
}

/** Who was matched to whom (ids), for inspection and tests; members in id order. */
export function matchedPairs(
  subjects: readonly LiftSubject[],
  options: LiftOptions = {},
): { member: string; controls: string[] }[] {
  const settings = settingsOf(options);
  const { members, controls } = splitSubjects(subjects);
  const matches = matchMembers(
    members,
    controls,
    standardiser([...members, ...controls]),
    settings,
  );
  return matches.matched.map((pair) => ({
    member: members[pair.member]!.id,
    controls: pair.controls.map((c) => controls[c]!.id),
  }));
}

/** Members and controls, each in id order (so ties and resamples never depend on input order). */
function splitSubjects(subjects: readonly LiftSubject[]): {
  members: LiftSubject[];
  controls: LiftSubject[];
} {
  const byId = (a: LiftSubject, b: LiftSubject) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    members: subjects.filter((s) => s.member).sort(byId),
    controls: subjects.filter((s) => !s.member).sort(byId),
  };
}

interface Settings {
  bootstrap: number;
  seed: number;
  minGroup: number;
  k: number;
  /** Infinity: no caliper. */
  caliper: number;
}

function settingsOf(options: LiftOptions): Settings {
  const whole = (value: number | undefined, fallback: number, least: number) =>
    value !== undefined && Number.isFinite(value) ? Math.max(least, Math.floor(value)) : fallback;
  const caliper = options.caliper;
  return {
    bootstrap: whole(options.bootstrap, LIFT_DEFAULTS.bootstrap, 1),
    seed: whole(options.seed, LIFT_DEFAULTS.seed, -Infinity),
    minGroup: whole(options.minGroup, LIFT_DEFAULTS.minGroup, 1),
    k: whole(options.k, LIFT_DEFAULTS.k, 1),
    caliper: caliper !== undefined && caliper >= 0 && !Number.isNaN(caliper) ? caliper : Infinity,
  };
}

// ---------------------------------------------------------------------------------------------
// covariates

/** The three covariates on their log1p scale; negative or missing values count as 0. */
function logCovariates(subject: LiftSubject): [number, number, number] {
  const log = (value: number) => Math.log1p(Number.isFinite(value) && value > 0 ? value : 0);
  return [log(subject.recencyDays), log(subject.frequency), log(subject.monetary)];
}

interface Standardiser {
  means: [number, number, number];
  /** Pooled standard deviations; 1 where a covariate does not vary (it then adds no distance). */
  sds: [number, number, number];
  /** Pooled standard deviations before matching, for the balance check (0 allowed). */
  balanceSds: [number, number, number];
  place(subject: LiftSubject, into: Float64Array, at: number): void;
}

function standardiser(subjects: readonly LiftSubject[]): Standardiser {
  const values = subjects.map(logCovariates);
  const means: [number, number, number] = [0, 0, 0];
  const sds: [number, number, number] = [1, 1, 1];
  const balanceSds: [number, number, number] = [0, 0, 0];
  for (let d = 0; d < 3; d += 1) {
    const column = values.map((v) => v[d]!);
    means[d] = mean(column);
    const sd = Math.sqrt(variance(column));
    sds[d] = sd > 0 ? sd : 1;
    const memberColumn = column.filter((_, i) => subjects[i]!.member);
    const controlColumn = column.filter((_, i) => !subjects[i]!.member);
    balanceSds[d] = Math.sqrt((variance(memberColumn) + variance(controlColumn)) / 2);
  }
  return {
    means,
    sds,
    balanceSds,
    place(subject, into, at) {
      const v = logCovariates(subject);
      for (let d = 0; d < 3; d += 1) {
        into[at + d] = (v[d]! - means[d]!) / sds[d]!;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// matching

interface Matching {
  /** Per matched member (index into the id-sorted members): its controls' indices. */
  matched: { member: number; controls: number[] }[];
  noControlInRegion: number;
  outsideCaliper: number;
}

/** Matches each member to its nearest controls of the same region. */
function matchMembers(
  members: readonly LiftSubject[],
  controls: readonly LiftSubject[],
  scale: Standardiser,
  settings: Settings,
): Matching {
  const indexes = regionIndexes(controls, scale);
  const maxDistance2 = settings.caliper * settings.caliper;
  const query = new Float64Array(3);
  const result: Matching = { matched: [], noControlInRegion: 0, outsideCaliper: 0 };
  members.forEach((member, i) => {
    const index = indexes.get(member.region);
    if (index === undefined) {
      result.noControlInRegion += 1;
      return;
    }
    scale.place(member, query, 0);
    const found = index.nearest(query, settings.k, maxDistance2);
    if (found.length === 0) {
      result.outsideCaliper += 1;
      return;
    }
    result.matched.push({ member: i, controls: found.map((n) => n.rank) });
  });
  return result;
}

/** One neighbour index per region; a control's rank is its index in the id-sorted controls. */
function regionIndexes(
  controls: readonly LiftSubject[],
  scale: Standardiser,
): Map<string, NeighbourIndex> {
  const byRegion = new Map<string, number[]>();
  controls.forEach((control, i) => {
    const list = byRegion.get(control.region);
    if (list) {
      list.push(i);
    } else {
      byRegion.set(control.region, [i]);
    }
  });
  const indexes = new Map<string, NeighbourIndex>();
  for (const [region, ranks] of byRegion) {
    const coords = new Float64Array(ranks.length * 3);
    ranks.forEach((rank, i) => scale.place(controls[rank]!, coords, i * 3));
    indexes.set(region, new NeighbourIndex(coords, Int32Array.from(ranks)));
  }
  return indexes;
}

function sizesOf(members: number, controls: number, matches: Matching): LiftSizes {
  const used = new Set<number>();
  for (const pair of matches.matched) {
    for (const control of pair.controls) {
      used.add(control);
    }
  }
  return {
    members,
    controls,
    matchedMembers: matches.matched.length,
    unmatchedMembers: matches.noControlInRegion + matches.outsideCaliper,
    unmatchedNoControlInRegion: matches.noControlInRegion,
    unmatchedOutsideCaliper: matches.outsideCaliper,
    distinctControls: used.size,
  };
}

// ---------------------------------------------------------------------------------------------
// estimate and interval

/** The matched sample, flattened for fast resampling. */
interface PairOutcomes {
  /** 1 when the matched member bought again. */
  member: Float64Array;
  /** The share of the member's controls that bought again. */
  control: Float64Array;
  /** Member i's controls are `slots[starts[i] .. starts[i + 1])`, indices of distinct controls. */
  starts: Int32Array;
  slots: Int32Array;
  /** Per distinct control: 1 when it bought again. */
  controlRepeat: Float64Array;
  /**
   * Per distinct control: how strongly its weight is jittered in a replicate, sqrt(1 − L/K²)
   * where K is its total weight in the control rate (Σ 1/kᵢ over the members using it) and L
   * is Σ 1/kᵢ². 0 for a control used by one member only.
   */
  reuse: Float64Array;
}

function outcomesOf(
  matched: Matching['matched'],
  members: readonly LiftSubject[],
  controls: readonly LiftSubject[],
): PairOutcomes {
  const member = new Float64Array(matched.length);
  const control = new Float64Array(matched.length);
  const starts = new Int32Array(matched.length + 1);
  const slotOf = new Map<number, number>();
  const slots: number[] = [];
  const weight: number[] = [];
  const squares: number[] = [];
  matched.forEach((pair, i) => {
    const k = pair.controls.length;
    member[i] = members[pair.member]!.repeat ? 1 : 0;
    control[i] = pair.controls.filter((c) => controls[c]!.repeat).length / k;
    for (const c of pair.controls) {
      let slot = slotOf.get(c);
      if (slot === undefined) {
        slot = slotOf.size;
        slotOf.set(c, slot);
        weight.push(0);
        squares.push(0);
      }
      weight[slot]! += 1 / k;
      squares[slot]! += 1 / (k * k);
      slots.push(slot);
    }
    starts[i + 1] = slots.length;
  });
  const controlRepeat = new Float64Array(slotOf.size);
  for (const [c, slot] of slotOf) {
    controlRepeat[slot] = controls[c]!.repeat ? 1 : 0;
  }
  const reuse = Float64Array.from(weight, (w, slot) =>
    Math.sqrt(Math.max(0, 1 - squares[slot]! / (w * w))),
  );
  return { member, control, starts, slots: Int32Array.from(slots), controlRepeat, reuse };
}

/**
 * The percentile interval of the lift over `replicates` resamples. Each replicate draws the
 * matched members with replacement, each bringing its controls (the pairs bootstrap). A
 * control matched to several members is one customer's outcome counted several times, which
 * the pairs bootstrap treats as independent and so under-states; each replicate therefore
 * also redraws the distinct controls with replacement and moves a reused control's weight
 * by `reuse` times its departure from 1 (a control used once keeps weight 1). Without reuse
 * this is exactly the pairs bootstrap.
 *
 * A resample whose controls never bought again has no finite lift; when such resamples reach
 * into the interval's tails, there is no bounded interval: null.
 */
function bootstrapInterval(
  pairs: PairOutcomes,
  replicates: number,
  seed: number,
): { low: number; high: number } | null {
  const random = seededRandom(seed);
  const n = pairs.member.length;
  const distinct = pairs.controlRepeat.length;
  const memberDraws = new Int32Array(n);
  const controlDraws = new Int32Array(distinct);
  const controlWeight = new Float64Array(distinct);
  const lifts = new Float64Array(replicates);
  for (let b = 0; b < replicates; b += 1) {
    memberDraws.fill(0);
    controlDraws.fill(0);
    for (let i = 0; i < n; i += 1) {
      memberDraws[Math.floor(random() * n)]! += 1;
    }
    for (let j = 0; j < distinct; j += 1) {
      controlDraws[Math.floor(random() * distinct)]! += 1;
    }
    for (let j = 0; j < distinct; j += 1) {
      controlWeight[j] = 1 + pairs.reuse[j]! * (controlDraws[j]! - 1);
    }
    let members = 0;
    let repeatWeight = 0;
    let totalWeight = 0;
    for (let i = 0; i < n; i += 1) {
      const draws = memberDraws[i]!;
      if (draws === 0) {
        continue;
      }
      members += draws * pairs.member[i]!;
      const from = pairs.starts[i]!;
      const to = pairs.starts[i + 1]!;
      const share = draws / (to - from);
      for (let e = from; e < to; e += 1) {
        const slot = pairs.slots[e]!;
        repeatWeight += share * controlWeight[slot]! * pairs.controlRepeat[slot]!;
        totalWeight += share * controlWeight[slot]!;
      }
    }
    const memberRate = members / n;
    const controlRate = totalWeight > 0 ? repeatWeight / totalWeight : 0;
    lifts[b] = controlRate > 0 ? (memberRate - controlRate) / controlRate : Infinity;
  }
  lifts.sort();
  const tail = (1 - CI_LEVEL) / 2;
  const low = quantile(lifts, tail);
  const high = quantile(lifts, 1 - tail);
  return Number.isFinite(low) && Number.isFinite(high) ? { low, high } : null;
}

/** The q-quantile of sorted values, interpolating between neighbours. */
function quantile(sorted: Float64Array, q: number): number {
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  const above = Math.ceil(at);
  const low = sorted[below]!;
  const high = sorted[above]!;
  return below === above || low === high ? low : low + (high - low) * (at - below);
}

// ---------------------------------------------------------------------------------------------
// balance

function balanceOf(
  members: readonly LiftSubject[],
  controls: readonly LiftSubject[],
  matched: Matching['matched'],
  scale: Standardiser,
): CovariateBalance[] {
  const memberValues = members.map(logCovariates);
  const controlValues = controls.map(logCovariates);
  return COVARIATES.map((covariate, d) => {
    const sd = scale.balanceSds[d]!;
    const smd = (difference: number) => (sd > 0 ? difference / sd : 0);
    const before = mean(memberValues.map((v) => v[d]!)) - mean(controlValues.map((v) => v[d]!));
    let matchedMembers = 0;
    let matchedControls = 0;
    for (const pair of matched) {
      matchedMembers += memberValues[pair.member]![d]!;
      let sum = 0;
      for (const control of pair.controls) {
        sum += controlValues[control]![d]!;
      }
      matchedControls += sum / pair.controls.length;
    }
    const after = (matchedMembers - matchedControls) / Math.max(1, matched.length);
    return { covariate, before: smd(before), after: smd(after) };
  });
}

// ---------------------------------------------------------------------------------------------
// small statistics

function mean(values: ArrayLike<number>): number {
  if (values.length === 0) {
    return 0;
  }
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    sum += values[i]!;
  }
  return sum / values.length;
}

/** Sample variance (n − 1); 0 for fewer than two values. */
function variance(values: readonly number[]): number {
  if (values.length < 2) {
    return 0;
  }
  const m = mean(values);
  let sum = 0;
  for (const value of values) {
    sum += (value - m) * (value - m);
  }
  return sum / (values.length - 1);
}
