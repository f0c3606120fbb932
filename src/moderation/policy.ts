/**
 * Moderation policy: the settings a tenant keeps (and overrides per region and per space), and
 * the one function that turns an item's scores into allow, hold for review or reject, with the
 * reason code and the sentence the author reads.
 *
 * Humans decide everything uncertain: by default nothing is rejected automatically unless the
 * evidence is strong, threats and self-harm are never rejected by a machine (they go to the
 * senior queue), and new or low-trust members meet lower hold thresholds.
 */
import { Type, type Static } from 'typebox';
import { CATEGORIES, type Category, type WatchedAction } from './moderation.types.js';

/** A threshold pair: at or above `hold` the item waits for a human; at or above `reject` it is refused. */
export const ThresholdSchema = Type.Object({
  hold: Type.Number({ minimum: 0, maximum: 1.01 }),
  reject: Type.Number({ minimum: 0, maximum: 1.01 }),
});

/** Every category a threshold applies to (watched words decide by their actions instead). */
const SCORED = CATEGORIES.filter((category) => category !== 'watched');

const CategoryThresholds = Type.Object(
  Object.fromEntries(SCORED.map((name) => [name, Type.Optional(ThresholdSchema)])),
  { additionalProperties: false },
);

export const WatchedWordSchema = Type.Object(
  {
    word: Type.String({ minLength: 1, maxLength: 80 }),
    action: Type.Union([
      Type.Literal('block'),
      Type.Literal('hold'),
      Type.Literal('tag'),
      Type.Literal('censor'),
    ]),
    tag: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$' })),
  },
  { additionalProperties: false },
);

/** What a policy row may set; every field is optional, a missing one inherits. */
export const PolicySettingsSchema = Type.Object(
  {
    thresholds: Type.Optional(CategoryThresholds),
    /** 0 = same rules for everyone; 1 = a fully suspicious author meets thresholds at 50%. */
    newMemberStrictness: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    /** Largest share of a space's recent automatic decisions that may be rejections. */
    autoRejectCap: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    /** Share of automatic decisions sampled for a human audit. */
    auditSampleRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    watchedWords: Type.Optional(Type.Array(WatchedWordSchema, { maxItems: 500 })),
    allowedWords: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 500 }),
    ),
    trustedDomains: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z0-9.-]+\\.[a-z]{2,}$' }), { maxItems: 200 }),
    ),
    languages: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z]{2,3}$' }), { maxItems: 10 }),
    ),
    /** Minutes a held item may wait, per queue. */
    reviewMinutes: Type.Optional(
      Type.Object(
        {
          standard: Type.Optional(Type.Integer({ minimum: 5, maximum: 10_080 })),
          senior: Type.Optional(Type.Integer({ minimum: 5, maximum: 10_080 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PolicySettings = Static<typeof PolicySettingsSchema>;

export type Thresholds = Record<Exclude<Category, 'watched'>, { hold: number; reject: number }>;

/** A policy with every field filled: what the decision function reads. */
export interface ResolvedPolicy {
  thresholds: Thresholds;
  newMemberStrictness: number;
  autoRejectCap: number;
  auditSampleRate: number;
  watchedWords: { word: string; action: WatchedAction; tag?: string }[];
  allowedWords: string[];
  trustedDomains: string[];
  languages: string[];
  reviewMinutes: { standard: number; senior: number };
}

/**
 * What the schema cannot say about a policy: each hold threshold at or below its reject
 * threshold, a tag for every `tag` word, and watched words that can match a word at all.
 * Returns the first problem with the field it concerns, or null.
 */
export function policyProblem(settings: PolicySettings): { field: string; message: string } | null {
  for (const [category, pair] of Object.entries(settings.thresholds ?? {})) {
    if (pair && pair.hold > pair.reject) {
      return {
        field: `settings.thresholds.${category}`,
        message: `The ${category} hold threshold (${pair.hold}) is above its reject threshold (${pair.reject}).`,
      };
    }
  }
  for (const [index, rule] of (settings.watchedWords ?? []).entries()) {
    if (!/[\p{L}\p{N}]/u.test(rule.word)) {
      return {
        field: `settings.watchedWords.${index}.word`,
        message: `The watched word "${rule.word}" has no letter or digit, so it can never match.`,
      };
    }
    if (rule.action === 'tag' && !rule.tag) {
      return {
        field: `settings.watchedWords.${index}.tag`,
        message: `The watched word "${rule.word}" tags items: name the tag.`,
      };
    }
  }
  return null;
}

/** Above 1: never reached, so the category can hold but never reject. */
const NEVER = 1.01;

/** Guild's defaults, tuned for brand communities: hold generously, reject rarely. */
export const DEFAULT_POLICY: ResolvedPolicy = {
  thresholds: {
    // the classifier alone: it holds only when sure; the rule detectors name insults and threats
    toxicity: { hold: 0.8, reject: NEVER },
    profanity: { hold: 0.75, reject: NEVER },
    insult: { hold: 0.6, reject: 0.9 },
    harassment: { hold: 0.6, reject: 0.9 },
    hate: { hold: 0.5, reject: 0.9 },
    threat: { hold: 0.4, reject: NEVER },
    sexual: { hold: 0.6, reject: 0.95 },
    self_harm: { hold: 0.3, reject: NEVER },
    spam: { hold: 0.6, reject: 0.95 },
    scam: { hold: 0.5, reject: 0.9 },
    personal_data: { hold: 0.8, reject: NEVER },
  },
  newMemberStrictness: 0.5,
  autoRejectCap: 0.3,
  auditSampleRate: 0.05,
  watchedWords: [],
  allowedWords: [],
  trustedDomains: [],
  languages: ['en'],
  reviewMinutes: { standard: 24 * 60, senior: 60 },
};

/**
 * Lays `layers` over Guild's defaults, broadest first (tenant, then region, then space).
 * Lists (watched words, allowed words, trusted domains) add up; everything else is replaced.
 */
export function resolvePolicy(layers: readonly PolicySettings[]): ResolvedPolicy {
  const policy: ResolvedPolicy = structuredClone(DEFAULT_POLICY);
  for (const layer of layers) {
    for (const [category, pair] of Object.entries(layer.thresholds ?? {})) {
      if (pair) {
        policy.thresholds[category as keyof Thresholds] = { ...pair };
      }
    }
    policy.newMemberStrictness = layer.newMemberStrictness ?? policy.newMemberStrictness;
    policy.autoRejectCap = layer.autoRejectCap ?? policy.autoRejectCap;
    policy.auditSampleRate = layer.auditSampleRate ?? policy.auditSampleRate;
    policy.watchedWords.push(...(layer.watchedWords ?? []));
    policy.allowedWords.push(...(layer.allowedWords ?? []));
    policy.trustedDomains.push(...(layer.trustedDomains ?? []));
    policy.languages = layer.languages ?? policy.languages;
    policy.reviewMinutes = { ...policy.reviewMinutes, ...layer.reviewMinutes };
  }
  return policy;
}

/** Categories whose holds go straight to the senior queue. */
const ESCALATING: ReadonlySet<Category> = new Set(['threat', 'self_harm']);

/** Stronger categories win ties: a threat outranks an insult of the same score. */
const WEIGHT: Record<Category, number> = {
  self_harm: 2,
  threat: 2,
  hate: 1.6,
  scam: 1.4,
  harassment: 1.3,
  insult: 1.2,
  sexual: 1.2,
  personal_data: 1.1,
  toxicity: 1,
  spam: 1,
  profanity: 0.8,
  watched: 1,
};

export interface DecisionInput {
  scores: Partial<Record<Category, number>>;
  /** The author's suspicion score in [0, 1] (new account, links, velocity, unverified email). */
  suspicion: number;
  /** Actions of the tenant's watched words that matched. */
  watchedActions: readonly WatchedAction[];
}

export interface PolicyDecision {
  decision: 'allow' | 'hold' | 'reject';
  /** Stable code: the deciding category, `watched_word`, or null when allowed. */
  reasonCode: string | null;
  /** The category that decided (null when allowed or decided by a watched word). */
  category: Category | null;
  /** Weighted strength of the deciding evidence, for queue priority. */
  severity: number;
  queue: 'standard' | 'senior';
}

/**
 * Applies `policy` to one item's scores. Thresholds are lowered for suspicious authors by up
 * to `newMemberStrictness / 2` of their value. Watched words decide before scores: `block`
 * rejects, `hold` holds.
 */
export function decide(policy: ResolvedPolicy, input: DecisionInput): PolicyDecision {
  const factor = 1 - (policy.newMemberStrictness * clamp(input.suspicion)) / 2;
  let decision: PolicyDecision = {
    decision: 'allow',
    reasonCode: null,
    category: null,
    severity: 0,
    queue: 'standard',
  };
  let best = 0;
  for (const [name, raw] of Object.entries(input.scores)) {
    const category = name as Category;
    const pair = category === 'watched' ? undefined : policy.thresholds[category];
    if (!pair || raw === undefined) {
      continue;
    }
    const score = clamp(raw);
    const rejects = pair.reject <= 1 && score >= pair.reject;
    const holds = score >= pair.hold * factor;
    if (!rejects && !holds) {
      continue;
    }
    const verdict = rejects ? 'reject' : 'hold';
    const strength = score * WEIGHT[category] + (rejects ? 10 : 0);
    if (strength > best) {
      best = strength;
      decision = {
        decision: verdict,
        reasonCode: category,
        category,
        severity: score * WEIGHT[category],
        queue: ESCALATING.has(category) ? 'senior' : 'standard',
      };
    }
  }
  // An escalating category held anywhere sends the item to the senior queue, even when
  // another category decided.
  const escalates = [...ESCALATING].some((category) => {
    const score = input.scores[category];
    return score !== undefined && score >= policy.thresholds[category as keyof Thresholds].hold;
  });
  if (input.watchedActions.includes('block')) {
    decision = { ...decision, decision: 'reject', reasonCode: 'watched_word', category: null };
    decision.severity = Math.max(decision.severity, 1);
  } else if (input.watchedActions.includes('hold') && decision.decision === 'allow') {
    decision = { ...decision, decision: 'hold', reasonCode: 'watched_word', severity: 0.5 };
  }
  if (escalates && decision.decision !== 'allow') {
    decision.queue = 'senior';
    // a machine never rejects a threat or a cry for help on its own: a human sees it first
    if (decision.decision === 'reject' && decision.reasonCode !== 'watched_word') {
      decision.decision = 'hold';
    }
  }
  return decision;
}

function clamp(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** What each reason means, in words an author understands. */
const REASON_WORDS: Record<string, string> = {
  toxicity: 'it may contain abusive language',
  profanity: 'it contains strong language',
  insult: 'it may insult another person',
  harassment: 'it may be read as harassment',
  hate: 'it may attack people for who they are',
  threat: 'it may contain a threat',
  sexual: 'it may contain sexual content',
  self_harm: 'it mentions self-harm; if you are struggling, please reach out to someone you trust',
  spam: 'it looks like advertising or repeated content',
  scam: 'it looks like a scam or an attempt to move people elsewhere',
  personal_data: 'it seems to contain personal details such as a phone number or an address',
  watched_word: "it contains a word this community's rules do not allow",
  auto_reject_cap: 'our automatic checks had doubts',
  provider_unavailable: 'our automatic checks could not finish',
  suspicious_author: 'posts from new accounts are checked by a person first',
  off_topic: 'it is off topic for this space',
  other: "it breaks this community's rules",
};

const NOUNS: Record<string, string> = {
  post: 'post',
  comment: 'comment',
  profile: 'profile change',
  submission: 'submission',
  review: 'review',
};

/** The sentence the author reads about a hold or a rejection of their item. */
export function authorMessage(
  itemType: string,
  decision: 'hold' | 'reject',
  reasonCode: string | null,
  by: 'check' | 'moderator' = 'check',
): string {
  const noun = NOUNS[itemType] ?? 'item';
  const why = REASON_WORDS[reasonCode ?? ''] ?? 'it needs a second look';
  if (decision === 'hold') {
    return `Your ${noun} is waiting for a moderator because ${why}. It is saved and will appear once approved.`;
  }
  return by === 'moderator'
    ? `A moderator decided not to publish your ${noun} because ${why}. If you think this is a mistake, you can appeal once.`
    : `Your ${noun} was not published because ${why}. If you think this is a mistake, you can appeal and a moderator will look at it.`;
}
