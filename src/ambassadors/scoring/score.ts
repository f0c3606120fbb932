/**
 * Turns members' raw inputs into candidate scores with reasons. Pure: the database work is in
 * inputs.ts and runs.ts.
 *
 * Each feature becomes a strength from 0 to 1: the member's percentile among the candidates of
 * their region (among all candidates when the region has fewer than `MIN_GROUP`), with ties
 * sharing the middle rank and a missing value (never bought, no mentions), or none of a thing
 * where more is better (no accepted answers), counting as 0. The
 * score is the weighted mean of the strengths, times 100. A feature that may not be read
 * (purpose limitation) drops out of the weights for everyone, so the scale stays 0..100.
 *
 * The reasons are the features that added most, said in plain words ("top 5% of spend in the
 * UK", "12 accepted answers"); the limits are heavily weighted features where the member is
 * in the bottom quarter, so a member can see what held the score back.
 */
import { FEATURES, FEATURE_SPECS, type Feature, type Inputs, type Weights } from './features.js';

/** A feature is named as a strength from this percentile up (the top 30%). */
export const STRENGTH = 0.7;

/** Regions smaller than this are ranked against all candidates. */
export const MIN_GROUP = 20;

export interface Candidate {
  userId: string;
  /** The member's region code, or null. */
  region: string | null;
  /** The region's name for reasons ("the UK"); null: no region. */
  regionName: string | null;
  inputs: Inputs;
  /** Words some reasons need. */
  details?: {
    loyaltyTierName?: string | null;
    mentionsPositive?: number;
    mentionsTotal?: number;
    /** Days with a purchase in the last 12 months (purchase_frequency is decayed). */
    purchaseDays?: number;
  };
}

export interface Reason {
  feature: Feature;
  kind: 'strength' | 'limit';
  text: string;
}

export interface Scored {
  userId: string;
  score: number;
  /** Points each feature added (they sum to the score). */
  contributions: Partial<Record<Feature, number>>;
  /** Percentile strengths, 0..1. */
  strengths: Partial<Record<Feature, number>>;
  reasons: Reason[];
}

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Percentile strengths of one feature for the given members (indices into `all`). */
function percentiles(
  all: Candidate[],
  members: number[],
  feature: Feature,
  into: Float64Array,
): void {
  const better = FEATURE_SPECS[feature].better;
  // nothing to measure, or none of a thing where more is better (no answers, no spend), is 0:
  // members who share nothing do not share the middle rank
  const measured = (i: number) => {
    const v = all[i]!.inputs[feature];
    return v !== null && (better === 'low' || v > 0);
  };
  const present = members.filter(measured);
  const n = members.length;
  const value = (i: number) => {
    const v = all[i]!.inputs[feature]!;
    return better === 'high' ? v : -v;
  };
  present.sort((a, b) => value(a) - value(b));
  // members without a value are below everyone who has one
  const missing = n - present.length;
  let k = 0;
  while (k < present.length) {
    let j = k;
    while (j + 1 < present.length && value(present[j + 1]!) === value(present[k]!)) {
      j += 1;
    }
    const below = missing + k;
    const equal = j - k + 1;
    const strength = (below + equal / 2) / n;
    for (let t = k; t <= j; t += 1) {
      into[present[t]!] = strength;
    }
    k = j + 1;
  }
  for (const i of members) {
    if (!measured(i)) {
      into[i] = 0;
    }
  }
}

function topPercent(strength: number): number {
  return Math.max(1, Math.ceil((1 - strength) * 100));
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** The plain words for one feature of one member. */
export function reasonText(
  feature: Feature,
  candidate: Candidate,
  strength: number,
  inGroup: boolean,
  kind: Reason['kind'],
): string {
  const value = candidate.inputs[feature];
  const where = inGroup && candidate.regionName ? ` in ${candidate.regionName}` : '';
  const rank = kind === 'strength' ? `top ${topPercent(strength)}%` : 'bottom quarter';
  switch (feature) {
    case 'recency_days':
      return value === null
        ? 'no purchase on record'
        : value < 1
          ? 'bought today'
          : `last purchase ${plural(Math.round(value), 'day', 'days')} ago`;
    case 'purchase_frequency': {
      const days = candidate.details?.purchaseDays ?? 0;
      return `${plural(days, 'day', 'days')} with a purchase in the last 12 months (${rank}${where})`;
    }
    case 'product_breadth':
      return `${plural(value ?? 0, 'different product', 'different products')} bought in the last 12 months`;
    case 'active_months':
      return `bought in ${value ?? 0} of the last 6 months`;
    case 'spend':
      return `${rank} of spend${where} in the last 12 months`;
    case 'tenure_days': {
      const months = Math.floor((value ?? 0) / 30.44);
      return months >= 24
        ? `a customer for ${Math.floor(months / 12)} years`
        : `a customer for ${plural(months, 'month', 'months')}`;
    }
    case 'return_share':
      return `returned ${Math.round((value ?? 0) * 100)}% of what they bought in the last 12 months`;
    case 'loyalty_tier':
      return candidate.details?.loyaltyTierName
        ? `${candidate.details.loyaltyTierName} loyalty tier`
        : 'no loyalty tier';
    case 'accepted_answers':
      return plural(value ?? 0, 'accepted answer', 'accepted answers');
    case 'reactions_received':
      return `${plural(value ?? 0, 'reaction', 'reactions')} received from other members`;
    case 'contributions':
      return `${plural(value ?? 0, 'post or comment', 'posts and comments')} in the last 12 months`;
    case 'reviews':
      return plural(value ?? 0, 'product review', 'product reviews');
    case 'social_reach':
      return `${plural(value ?? 0, 'follower', 'followers')} on linked social accounts`;
    case 'mention_sentiment': {
      const total = candidate.details?.mentionsTotal ?? 0;
      const positive = candidate.details?.mentionsPositive ?? 0;
      return total === 0
        ? 'no brand mentions on record'
        : `${positive} of ${plural(total, 'mention', 'mentions')} positive`;
    }
  }
}

/**
 * Scores every candidate. `allowed` are the features that may be read; the others count for
 * nothing and leave the weights.
 */
export function scoreCandidates(
  candidates: Candidate[],
  weights: Weights,
  allowed: ReadonlySet<Feature>,
): Scored[] {
  const used = FEATURES.filter((f) => allowed.has(f) && weights[f] > 0);
  const total = used.reduce((sum, f) => sum + weights[f], 0);
  if (candidates.length === 0) {
    return [];
  }

  const groups = new Map<string, number[]>();
  const everyone: number[] = [];
  candidates.forEach((c, i) => {
    everyone.push(i);
    const key = c.region ?? '';
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  });
  const inGroup = new Uint8Array(candidates.length);
  const strengths = new Map<Feature, Float64Array>();
  for (const feature of used) {
    const into = new Float64Array(candidates.length);
    percentiles(candidates, everyone, feature, into);
    for (const [key, members] of groups) {
      if (key !== '' && members.length >= MIN_GROUP) {
        percentiles(candidates, members, feature, into);
        for (const i of members) {
          inGroup[i] = 1;
        }
      }
    }
    strengths.set(feature, into);
  }

  return candidates.map((candidate, i) => {
    const contributions: Partial<Record<Feature, number>> = {};
    const strengthOf: Partial<Record<Feature, number>> = {};
    let score = 0;
    for (const feature of used) {
      const s = strengths.get(feature)![i]!;
      const points = total > 0 ? (100 * weights[feature] * s) / total : 0;
      contributions[feature] = round(points, 2);
      strengthOf[feature] = round(s, 4);
      score += points;
    }
    const reasons: Reason[] = used
      .filter((f) => candidate.inputs[f] !== null && strengthOf[f]! >= STRENGTH)
      .sort((a, b) => contributions[b]! - contributions[a]! || a.localeCompare(b))
      .slice(0, 3)
      .map((feature) => ({
        feature,
        kind: 'strength' as const,
        text: reasonText(feature, candidate, strengthOf[feature]!, inGroup[i] === 1, 'strength'),
      }));
    const limits: Reason[] = used
      .filter((f) => weights[f] / total >= 0.08 && strengthOf[f]! < 0.25)
      .sort((a, b) => weights[b] - weights[a] || a.localeCompare(b))
      .slice(0, 2)
      .map((feature) => ({
        feature,
        kind: 'limit' as const,
        text: reasonText(feature, candidate, strengthOf[feature]!, inGroup[i] === 1, 'limit'),
      }));
    return {
      userId: candidate.userId,
      score: round(Math.min(100, Math.max(0, score)), 2),
      contributions,
      strengths: strengthOf,
      reasons: [...reasons, ...limits],
    };
  });
}
