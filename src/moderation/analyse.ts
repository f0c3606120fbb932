/**
 * The local moderation pipeline for one text: normalise once, run every detector and the
 * classifier on that one normalised form, and gather their scores (per category, the strongest
 * evidence wins) and the spans that caused them. Pure and synchronous — no database, no
 * network — so it is cheap enough to run on every item before it is shown.
 *
 * Detectors that depend on a tenant's settings (its languages, allowed words, watched words)
 * are compiled once per distinct setting and kept in a small cache.
 */
import type { ModerationModel } from './model/classifier.js';
import type { AuthorContext, Category, Span, WatchedAction } from './moderation.types.js';
import { detectPersonalData } from './detectors/personal-data.js';
import { createProfanityDetector, type ProfanityDetector } from './detectors/profanity.js';
import { detectSpam, suspicionScore } from './detectors/spam.js';
import { detectToxicityRules } from './detectors/toxicity-rules.js';
import { createWatchedWords, type WatchedWords } from './detectors/watched-words.js';
import { DEFAULT_POLICY, type ResolvedPolicy } from './policy.js';
import { normalizeText, textFingerprint, type NormalizedText } from './text/normalize.js';
import { loadShippedModel } from './model/shipped.js';

/** A text normalised once, with its duplicate fingerprint. */
export interface PreparedText extends NormalizedText {
  fingerprint: string;
}

/** Normalises a member's text for every detector (the stored text is never changed). */
export function prepareText(text: string): PreparedText {
  const normalized = normalizeText(text);
  return Object.assign(normalized, { fingerprint: textFingerprint(normalized) });
}

/** Everything the pipeline found in one text. */
export interface Analysis {
  /** The normalised form the classifier read (for shadow models). */
  prepared: string;
  fingerprint: string;
  /** Per category, the strongest score any detector gave. */
  scores: Partial<Record<Category, number>>;
  /** Where in the original text each piece of evidence is. */
  spans: Span[];
  /** The classifier's raw head scores. */
  model: Record<string, number>;
  suspicion: { score: number; reasons: string[] };
  watched: { actions: WatchedAction[]; tags: string[]; censored: string };
}

export interface AnalysisContext {
  policy: ResolvedPolicy;
  author: AuthorContext;
  model: ModerationModel;
}

/** Which category each classifier head speaks to. */
const HEAD_CATEGORIES: Record<string, Category> = {
  toxic: 'toxicity',
  hate: 'hate',
  spam: 'spam',
};

const compiled = new Map<string, { profanity: ProfanityDetector; watched: WatchedWords }>();
const CACHE_LIMIT = 200;

function detectorsFor(policy: ResolvedPolicy) {
  const key = JSON.stringify([policy.languages, policy.allowedWords, policy.watchedWords]);
  let entry = compiled.get(key);
  if (!entry) {
    if (compiled.size >= CACHE_LIMIT) {
      compiled.delete(compiled.keys().next().value!);
    }
    entry = {
      profanity: createProfanityDetector({
        languages: policy.languages,
        allow: policy.allowedWords,
      }),
      watched: createWatchedWords(policy.watchedWords),
    };
    compiled.set(key, entry);
  }
  return entry;
}

/** Below this many words the classifier's spam score is too unsure to hold anything alone. */
const SHORT_TEXT_WORDS = 4;

/**
 * How far the classifier's spam score may count. It learnt spam from comment sections, where
 * "please", "cheers" or a link carry weight they do not have in a shop's community: without
 * any evidence the spam rules can point to (a link to an untrusted site, a self-promotion or
 * scam phrase, a repeated text, posting speed) it may hold a longer text for a person but not
 * reject it, and it says nothing about a reply of a few words.
 */
function modelSpamCap(text: string, spam: { scores: Partial<Record<Category, number>> }): number {
  const evidence = (spam.scores.spam ?? 0) > 0 || (spam.scores.scam ?? 0) > 0;
  if (evidence) {
    return 1;
  }
  const words = text.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length;
  return words < SHORT_TEXT_WORDS ? 0.5 : 0.9;
}

/** Runs the whole local pipeline on one prepared text. */
export function analyseItem(prepared: PreparedText, context: AnalysisContext): Analysis {
  const { profanity, watched } = detectorsFor(context.policy);
  const scores: Partial<Record<Category, number>> = {};
  const spans: Span[] = [];
  const raise = (found: Partial<Record<Category, number>>) => {
    for (const [name, value] of Object.entries(found)) {
      const category = name as Category;
      if (value !== undefined && Number.isFinite(value)) {
        scores[category] = Math.max(scores[category] ?? 0, value);
      }
    }
  };

  const spam = detectSpam(prepared, context.author, {
    trustedDomains: context.policy.trustedDomains,
  });
  const watchedOutcome = watched.apply(prepared);
  for (const result of [
    profanity.detect(prepared),
    detectToxicityRules(prepared),
    detectPersonalData(prepared),
    spam,
    watchedOutcome,
  ]) {
    raise(result.scores);
    spans.push(...result.spans);
  }

  const model = context.model.scorePrepared(prepared.text);
  const spamCap = modelSpamCap(prepared.text, spam);
  for (const [head, value] of Object.entries(model)) {
    const category = HEAD_CATEGORIES[head];
    if (category) {
      raise({ [category]: category === 'spam' ? Math.min(value, spamCap) : value });
    }
  }
  const links = spans.filter((span) => span.rule.startsWith('link')).length;
  return {
    prepared: prepared.text,
    fingerprint: prepared.fingerprint,
    scores,
    spans,
    model,
    suspicion: suspicionScore(context.author, links),
    watched: {
      actions: watchedOutcome.actions,
      tags: watchedOutcome.tags,
      censored: watchedOutcome.censored,
    },
  };
}

/** A member with an ordinary record: what the benchmark and the CLI assume. */
export const ORDINARY_AUTHOR: AuthorContext = Object.freeze({
  accountAgeHours: 24 * 90,
  emailVerified: true,
  publishedCount: 20,
  itemsLastHour: 0,
  rejectedCount: 0,
  recentFingerprints: [],
  sameTextElsewhere: 0,
});

let shipped: ModerationModel | null = null;

/**
 * The whole local pipeline on one text with Guild's default policy, an ordinary author and
 * the shipped model — what `bench/moderation` times and `guild moderation check` prints.
 */
export function analyse(text: string): Analysis {
  shipped ??= loadShippedModel();
  return analyseItem(prepareText(text), {
    policy: DEFAULT_POLICY,
    author: ORDINARY_AUTHOR,
    model: shipped,
  });
}
