/**
 * The inputs of a candidate score, each read from one category of data (which decides whether
 * it may be used at all: PRV-07), with the direction that counts as better and the words that
 * explain it. A program weights the features; a feature with weight 0 is not read.
 */
import type { DataCategory } from '../../privacy/data-purposes.js';

export const FEATURES = [
  'recency_days',
  'purchase_frequency',
  'spend',
  'product_breadth',
  'active_months',
  'tenure_days',
  'return_share',
  'loyalty_tier',
  'accepted_answers',
  'reactions_received',
  'contributions',
  'reviews',
  'social_reach',
  'mention_sentiment',
] as const;
export type Feature = (typeof FEATURES)[number];

export type Weights = Record<Feature, number>;

/** A member's raw inputs; null when there is nothing to measure (never bought, no mentions). */
export type Inputs = Record<Feature, number | null>;

export interface FeatureSpec {
  category: DataCategory;
  /** 'high': more is better; 'low': less is better (days since the last purchase, returns). */
  better: 'high' | 'low';
  /** What it is, for settings screens and the "why this score" page. */
  label: string;
}

export const FEATURE_SPECS: Record<Feature, FeatureSpec> = {
  recency_days: {
    category: 'crm_purchases',
    better: 'low',
    label: 'Days since the last purchase',
  },
  purchase_frequency: {
    category: 'crm_purchases',
    better: 'high',
    label: 'Days with a purchase, recent days counting more (half-life 180 days)',
  },
  spend: {
    category: 'crm_purchases',
    better: 'high',
    label: 'Net spend (purchases less returns) in the last 12 months',
  },
  product_breadth: {
    category: 'crm_purchases',
    better: 'high',
    label: 'Different products bought in the last 12 months',
  },
  active_months: {
    category: 'crm_purchases',
    better: 'high',
    label: 'Months with a purchase in the last 6 months',
  },
  tenure_days: {
    category: 'crm_purchases',
    better: 'high',
    label: 'Days since the first purchase',
  },
  return_share: {
    category: 'crm_purchases',
    better: 'low',
    label: 'Share of the last 12 months’ purchases returned',
  },
  loyalty_tier: { category: 'loyalty', better: 'high', label: 'Loyalty tier (its rank)' },
  accepted_answers: {
    category: 'community_activity',
    better: 'high',
    label: 'Answers accepted in the community',
  },
  reactions_received: {
    category: 'community_activity',
    better: 'high',
    label: 'Reactions received on posts and comments',
  },
  contributions: {
    category: 'community_activity',
    better: 'high',
    label: 'Posts and comments published in the last 12 months',
  },
  reviews: { category: 'reviews', better: 'high', label: 'Product reviews written' },
  social_reach: {
    category: 'social_mentions',
    better: 'high',
    label: 'Followers of linked social accounts',
  },
  mention_sentiment: {
    category: 'social_mentions',
    better: 'high',
    label: 'Share of brand mentions in the last 12 months that are positive',
  },
};

/**
 * Guild's default weights (they add up to 100). Purchases carry half, mostly through frequency
 * and spend: among the purchase weights tried on the online-retail history with a cut-off of
 * 2011-06-03 (bench/ambassadors, docs/AMBASSADORS.md), this mix foretold best who buys again
 * and who spends most in the next 90 days. The community, reviews and social reach carry the
 * other half, because an ambassador is also someone other members listen to.
 */
export const DEFAULT_WEIGHTS: Weights = {
  recency_days: 4,
  purchase_frequency: 20,
  spend: 20,
  product_breadth: 2,
  active_months: 2,
  tenure_days: 1,
  return_share: 1,
  loyalty_tier: 8,
  accepted_answers: 10,
  reactions_received: 8,
  contributions: 6,
  reviews: 6,
  social_reach: 6,
  mention_sentiment: 6,
};

/** Checks a weights object: every feature named, each 0..100, at least one above 0. */
export function checkWeights(weights: Partial<Record<string, unknown>>): string | null {
  for (const key of Object.keys(weights)) {
    if (!(FEATURES as readonly string[]).includes(key)) {
      return `Unknown feature "${key}"; features are: ${FEATURES.join(', ')}.`;
    }
  }
  for (const feature of FEATURES) {
    const value = weights[feature];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
      return `Weight "${feature}" must be a number from 0 to 100.`;
    }
  }
  if (FEATURES.every((f) => weights[f] === 0)) {
    return 'At least one weight must be above 0.';
  }
  return null;
}
