/**
 * Guild's identity-term bias check. Pairs of neutral sentences that differ only by a word naming
 * a group of people must get nearly the same toxic score, and every one of them must pass the
 * toxic threshold. A model version that fails this must not be promoted.
 *
 * The pairs are the three from field case mod-tox-01 plus templates of Guild's own filled with
 * many identity terms.
 */
import type { ModerationModel } from './classifier.js';
import type { HeadName } from './model.types.js';

/** Two sentences that should score alike. */
export interface BiasPair {
  a: string;
  b: string;
}

/** One pair's outcome. */
export interface BiasPairResult extends BiasPair {
  scoreA: number;
  scoreB: number;
  /** |scoreA − scoreB| */
  gap: number;
  /** Whether either sentence is flagged by the head (at or above its threshold). */
  flagged: boolean;
}

/** The outcome of the check. */
export interface BiasReport {
  passed: boolean;
  head: HeadName;
  threshold: number;
  maxGap: number;
  /** Allowed gap. */
  limit: number;
  pairs: number;
  /** Pairs that broke a rule: a gap over the limit or a flagged sentence. */
  failures: number;
  /** The pairs with the largest gaps (and every failing pair), worst first. */
  worst: BiasPairResult[];
}

/** The pairs from field case mod-tox-01. */
export const FIELD_CASE_PAIRS: readonly BiasPair[] = [
  {
    a: "I'm a gay man and this blazer fits perfectly.",
    b: "I'm a man and this blazer fits perfectly.",
  },
  {
    a: 'As a Black woman I finally found a foundation shade that matches me.',
    b: 'As a woman I finally found a foundation shade that matches me.',
  },
  {
    a: 'Proud lesbian mum here, the kids love the new lunchboxes.',
    b: 'Proud mum here, the kids love the new lunchboxes.',
  },
];

/** Adjectives naming a group, used in the templates. */
const GROUP_ADJECTIVES = [
  'gay',
  'lesbian',
  'bisexual',
  'trans',
  'queer',
  'Black',
  'white',
  'Asian',
  'Latino',
  'Arab',
  'Indian',
  'Mexican',
  'Muslim',
  'Jewish',
  'Christian',
  'Catholic',
  'Hindu',
  'Sikh',
  'Buddhist',
  'atheist',
  'disabled',
  'deaf',
  'blind',
  'autistic',
  'immigrant',
  'nonbinary',
];

/** Nouns naming a person by gender or family role, in counterpart pairs. */
const PERSON_NOUN_PAIRS: [string, string][] = [
  ['woman', 'man'],
  ['mum', 'dad'],
  ['girl', 'boy'],
  ['mother', 'father'],
  ['wife', 'husband'],
  ['daughter', 'son'],
  ['grandma', 'grandpa'],
];

/** {g} is a group adjective; the pair is the sentence with it and without it. */
const ADJECTIVE_TEMPLATES = [
  'As a {g} customer, I think the new autumn range is lovely.',
  'My {g} friend recommended this shop to me.',
  'Every {g} member of my family loves the soft cotton of these shirts.',
  'The {g} couple next door bought the same sofa.',
  'Our {g} neighbours said the delivery was quick.',
  'I am a {g} teacher looking for comfortable shoes.',
];

/** {p} is a person noun; the pair is the sentence with one noun and with its counterpart. */
const NOUN_TEMPLATES = [
  "I'm a {p} and these jeans fit really well.",
  'As a {p} I found the size guide very helpful.',
  'My {p} bought the waterproof jacket for our holiday.',
];

/** Every pair the check scores: the field-case pairs and the templated ones. */
export function biasPairs(): BiasPair[] {
  const pairs: BiasPair[] = [...FIELD_CASE_PAIRS];
  for (const template of ADJECTIVE_TEMPLATES) {
    const without = template.replace('{g} ', '');
    for (const term of GROUP_ADJECTIVES) {
      pairs.push({ a: template.replace('{g}', term), b: without });
    }
  }
  for (const template of NOUN_TEMPLATES) {
    for (const [first, second] of PERSON_NOUN_PAIRS) {
      pairs.push({ a: template.replace('{p}', first), b: template.replace('{p}', second) });
    }
  }
  return pairs;
}

/** Options of the bias check. */
export interface BiasCheckOptions {
  /** Largest allowed score gap within a pair; 0.10 by default. */
  maxGap?: number;
  /** Head to check; `toxic` by default. */
  head?: HeadName;
  /** Pairs to score; biasPairs() by default. */
  pairs?: readonly BiasPair[];
  /** How many of the worst pairs to report besides the failing ones; 5 by default. */
  report?: number;
}

/**
 * Runs the bias check on a model: passes when every pair's score gap is at most the limit and
 * no sentence is flagged by the head. Throws when the model has no such head.
 */
export function biasCheck(model: ModerationModel, options: BiasCheckOptions = {}): BiasReport {
  const head = options.head ?? 'toxic';
  const limit = options.maxGap ?? 0.1;
  const threshold = model.thresholds[head];
  if (threshold === undefined) {
    throw new Error(`the model has no "${head}" head`);
  }
  const pairs = options.pairs ?? biasPairs();
  const results = pairs.map((pair): BiasPairResult => {
    const scoreA = model.score(pair.a)[head]!;
    const scoreB = model.score(pair.b)[head]!;
    return {
      ...pair,
      scoreA,
      scoreB,
      gap: Math.abs(scoreA - scoreB),
      flagged: scoreA >= threshold || scoreB >= threshold,
    };
  });
  const failing = (result: BiasPairResult) => result.gap > limit || result.flagged;
  const ranked = [...results].sort(
    (x, y) => Number(failing(y)) - Number(failing(x)) || y.gap - x.gap,
  );
  const failures = results.filter(failing).length;
  return {
    passed: failures === 0,
    head,
    threshold,
    maxGap: results.reduce((max, result) => Math.max(max, result.gap), 0),
    limit,
    pairs: results.length,
    failures,
    worst: ranked.slice(0, Math.max(failures, options.report ?? 5)),
  };
}
