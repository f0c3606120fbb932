/**
 * The scoring of one event by one rule, with no database in sight: what the rule says, what the
 * member is, and what the member earned under the rule before (today, this week, ever) go in;
 * points come out. The live path and the backfill both score through here, so the same history
 * always gives the same points.
 */
import type { ActivityEvent, ActivityKind } from '../activity.types.js';
import type { Role } from '../../core/http/access.js';

export interface Cap {
  /** At most this many earning events in the period. */
  count: number | null;
  /** At most this many points in the period. */
  points: number | null;
}

export interface Diminishing {
  /** This many earning events a day earn in full... */
  afterCount: number;
  /** ...then each further one earns this share less than the one before (floor 0). */
  step: number;
}

export interface Eligibility {
  /** Only members with one of these roles (empty: any role). */
  roles: Role[];
  /** Only members in at least one of these segments, by key (empty: anyone). */
  segments: string[];
  /** Only accounts at least this many days old when the event happened. */
  minAccountAgeDays: number | null;
}

export interface RuleSettings {
  /** A fixed amount per event. */
  points: number | null;
  /** Or, for events with a quantity (a purchase's net amount in minor units): per whole unit. */
  pointsPerCurrencyUnit: number | null;
  /** Minor units in one currency unit (100 for EUR cents). */
  minorUnitsPerCurrencyUnit: number;
  dailyCap: Cap | null;
  weeklyCap: Cap | null;
  /** Over the member's whole history (1 count: a once-per-member bonus). */
  lifetimeCap: Cap | null;
  cooldownSeconds: number | null;
  diminishing: Diminishing | null;
  eligibility: Eligibility;
  /** The event's properties must equal these (e.g. a store id); never a rating (REV-01). */
  conditions: Record<string, string | number | boolean>;
  /** Points stay pending this many days after the event (a return window). */
  returnWindowDays: number | null;
  /** Points expire at the end of the day this many days after they become spendable. */
  expiryDays: number | null;
  tierQualifying: boolean;
}

export type RuleScope = 'tenant' | 'region' | 'space';

export interface Rule {
  id: string;
  version: number;
  name: string;
  eventKind: ActivityKind;
  scope: RuleScope;
  regionId: string | null;
  spaceId: string | null;
  bonus: boolean;
  active: boolean;
  settings: RuleSettings;
  createdAt: Date;
}

/** What the engine needs to know of the member who would earn. */
export interface MemberFacts {
  role: Role;
  segments: string[];
  createdAt: Date;
}

/** What the member earned under one rule before this event. */
export interface RuleHistory {
  dayCount: number;
  dayPoints: number;
  weekCount: number;
  weekPoints: number;
  lifetimeCount: number;
  lifetimePoints: number;
  /** When the member last earned under the rule. */
  lastEarnedAt: Date | null;
}

export const EMPTY_HISTORY: RuleHistory = {
  dayCount: 0,
  dayPoints: 0,
  weekCount: 0,
  weekPoints: 0,
  lifetimeCount: 0,
  lifetimePoints: 0,
  lastEarnedAt: null,
};

export type ScoreReason =
  | 'earned'
  | 'not_eligible'
  | 'cooldown'
  | 'daily_cap'
  | 'weekly_cap'
  | 'lifetime_cap'
  | 'diminished'
  | 'no_amount';

export interface Score {
  points: number;
  reason: ScoreReason;
}

const SPECIFICITY: Record<RuleScope, number> = { tenant: 1, region: 2, space: 3 };

/** True when the rule's scope covers where the event happened and its conditions hold. */
export function ruleMatches(rule: Rule, event: ActivityEvent): boolean {
  if (!rule.active || rule.eventKind !== event.kind) {
    return false;
  }
  if (rule.scope === 'space' && rule.spaceId !== (event.spaceId ?? null)) {
    return false;
  }
  if (rule.scope === 'region' && rule.regionId !== (event.regionId ?? null)) {
    return false;
  }
  const properties = event.properties ?? {};
  return Object.entries(rule.settings.conditions).every(
    ([key, value]) => properties[key] === value,
  );
}

/**
 * The rules that score an event: the most specific matching ordinary rule (space over region
 * over tenant; then the one with more conditions; then the newest), and every matching bonus.
 */
export function rulesFor(rules: readonly Rule[], event: ActivityEvent): Rule[] {
  const matching = rules.filter((rule) => ruleMatches(rule, event));
  const ordinary = matching
    .filter((rule) => !rule.bonus)
    .sort(
      (a, b) =>
        SPECIFICITY[b.scope] - SPECIFICITY[a.scope] ||
        Object.keys(b.settings.conditions).length - Object.keys(a.settings.conditions).length ||
        b.createdAt.getTime() - a.createdAt.getTime() ||
        (a.id < b.id ? -1 : 1),
    );
  const winner = ordinary[0];
  const bonuses = matching.filter((rule) => rule.bonus);
  return winner ? [winner, ...bonuses] : bonuses;
}

function eligible(settings: RuleSettings, member: MemberFacts, at: Date): boolean {
  const { roles, segments, minAccountAgeDays } = settings.eligibility;
  if (roles.length > 0 && !roles.includes(member.role)) {
    return false;
  }
  if (segments.length > 0 && !segments.some((key) => member.segments.includes(key))) {
    return false;
  }
  if (minAccountAgeDays !== null) {
    const ageDays = (at.getTime() - member.createdAt.getTime()) / 86_400_000;
    if (ageDays < minAccountAgeDays) {
      return false;
    }
  }
  return true;
}

/** The full amount before limits: fixed, or scaled by the event's quantity. */
export function baseAmount(settings: RuleSettings, event: ActivityEvent): number {
  if (settings.pointsPerCurrencyUnit !== null) {
    const quantity = event.quantity ?? 0;
    if (quantity <= 0) {
      return 0;
    }
    return Math.floor(
      (quantity * settings.pointsPerCurrencyUnit) / settings.minorUnitsPerCurrencyUnit,
    );
  }
  return settings.points ?? 0;
}

function capRoom(cap: Cap | null, count: number, points: number): number {
  if (cap === null) {
    return Number.POSITIVE_INFINITY;
  }
  if (cap.count !== null && count >= cap.count) {
    return 0;
  }
  return cap.points === null ? Number.POSITIVE_INFINITY : Math.max(0, cap.points - points);
}

/** Scores `event` under `rule` for a member with `history` under that rule. */
export function score(
  rule: Rule,
  event: ActivityEvent,
  member: MemberFacts,
  history: RuleHistory,
): Score {
  const settings = rule.settings;
  if (!eligible(settings, member, event.occurredAt)) {
    return { points: 0, reason: 'not_eligible' };
  }
  if (settings.cooldownSeconds !== null && history.lastEarnedAt !== null) {
    const since = (event.occurredAt.getTime() - history.lastEarnedAt.getTime()) / 1000;
    if (since < settings.cooldownSeconds) {
      return { points: 0, reason: 'cooldown' };
    }
  }
  let points = baseAmount(settings, event);
  if (points <= 0) {
    return { points: 0, reason: 'no_amount' };
  }
  let reason: ScoreReason = 'earned';
  const dim = settings.diminishing;
  if (dim !== null && history.dayCount >= dim.afterCount) {
    const further = history.dayCount - dim.afterCount + 1;
    // rounded first, so that 10 × (1 − 3 × 0.3) is 1 and not a hair below it
    const factor = Math.max(0, Math.round((1 - dim.step * further) * 1e9) / 1e9);
    points = Math.floor(points * factor);
    reason = 'diminished';
  }
  const limits: [ScoreReason, number][] = [
    ['daily_cap', capRoom(settings.dailyCap, history.dayCount, history.dayPoints)],
    ['weekly_cap', capRoom(settings.weeklyCap, history.weekCount, history.weekPoints)],
    ['lifetime_cap', capRoom(settings.lifetimeCap, history.lifetimeCount, history.lifetimePoints)],
  ];
  for (const [capReason, room] of limits) {
    if (points > room) {
      points = room;
      reason = capReason;
    }
  }
  return { points: Math.max(0, Math.floor(points)), reason };
}

/** The history after an event earned `points` under a rule (for replays). */
export function afterEarning(
  history: RuleHistory,
  points: number,
  at: Date,
  sameDay: boolean,
  sameWeek: boolean,
): RuleHistory {
  if (points <= 0) {
    return history;
  }
  return {
    dayCount: (sameDay ? history.dayCount : 0) + 1,
    dayPoints: (sameDay ? history.dayPoints : 0) + points,
    weekCount: (sameWeek ? history.weekCount : 0) + 1,
    weekPoints: (sameWeek ? history.weekPoints : 0) + points,
    lifetimeCount: history.lifetimeCount + 1,
    lifetimePoints: history.lifetimePoints + points,
    lastEarnedAt: at,
  };
}

/** Words that mark a review's rating or sentiment; no rule may condition on them (REV-01). */
const SENTIMENT_WORDS = new Set([
  'rating',
  'ratings',
  'rated',
  'star',
  'stars',
  'score',
  'sentiment',
  'positive',
  'negative',
  'neutral',
  'tone',
  'mood',
  'nps',
  'csat',
  'satisfaction',
  'opinion',
  'thumbs',
  'recommend',
  'recommended',
]);

/** The lower-case words of a name or value: `starRating`, `star_rating`, `5-star` → star, rating. */
function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word !== '');
}

function mentionsSentiment(text: string): boolean {
  return wordsOf(text).some((word) => SENTIMENT_WORDS.has(word));
}

/** The condition keys (or values) that refer to a rating or sentiment. */
export function sentimentConditions(conditions: Record<string, unknown>): string[] {
  return Object.entries(conditions)
    .filter(
      ([key, value]) =>
        mentionsSentiment(key) || (typeof value === 'string' && mentionsSentiment(value)),
    )
    .map(([key]) => key);
}

/** True for a property name that carries a rating or sentiment. */
export function isSentimentProperty(name: string): boolean {
  return mentionsSentiment(name);
}
