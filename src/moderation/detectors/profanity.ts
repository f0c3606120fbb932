/**
 * Guild moderation: the profanity detector. Finds swear words, sexual terms and slurs as whole
 * words or phrases of the normalised text, using the maintained `naughty-words` lists (English
 * always, plus the tenant's languages), graded by Guild's own severity map, with a built-in
 * allow-list of retail false positives plus the tenant's own.
 *
 * Scores: mild words (damn, crap, hell) 0.3, strong swears 0.8, slurs 1.0 and `hate`; clearly
 * sexual terms also score `sexual`. Spans point into the original text.
 */
import { createRequire } from 'node:module';
import type { Category, DetectorResult, Span } from '../moderation.types.js';
import { normalizeText, toOriginalRange, type NormalizedText } from '../text/normalize.js';
import {
  BUILT_IN_ALLOW,
  DEFAULT_ENGLISH_SEVERITY,
  DEFAULT_OTHER_SEVERITY,
  ENGLISH_SEVERITY,
  EXTRA_WORD_SEVERITY,
  LANGUAGE_ALLOW,
  SEXUAL_WORDS,
  type Severity,
} from './lexicon.js';
import { compileWords, longestHits, type WordEntry } from './word-matcher.js';

/** What a tenant can change about the profanity detector. */
export interface ProfanityOptions {
  /** Languages of the community besides English (`de`, `fr`, `es`, `fr-CA`…). */
  languages?: string[];
  /** Words and phrases never to flag in this community. */
  allow?: string[];
  /** Words and phrases to flag in this community in addition to the lists. */
  extraWords?: string[];
}

/** A compiled profanity detector for one tenant configuration. */
export interface ProfanityDetector {
  detect(n: NormalizedText): DetectorResult;
}

interface Listed {
  word: string;
  severity: Severity;
  /** Added by the tenant: built-in allowances do not apply to it. */
  extra: boolean;
}

interface Allowed {
  tenant: boolean;
}

/** The `naughty-words` lists by language code, loaded once. */
const WORD_LISTS: ReadonlyMap<string, readonly string[]> = loadWordLists();

function loadWordLists(): Map<string, readonly string[]> {
  const requireCjs = createRequire(import.meta.url);
  const mod: unknown = requireCjs('naughty-words');
  if (typeof mod !== 'object' || mod === null) {
    throw new Error('naughty-words: expected an object of word lists');
  }
  const lists = new Map<string, readonly string[]>();
  for (const [language, words] of Object.entries(mod)) {
    if (Array.isArray(words) && words.every((w) => typeof w === 'string')) {
      lists.set(language.toLowerCase(), words.map(String));
    }
  }
  if (!lists.has('en')) {
    throw new Error('naughty-words: the English list is missing');
  }
  return lists;
}

/** The list keys for a language code: exact, regional variants and the base language. */
function listKeysFor(language: string): string[] {
  const code = language.trim().toLowerCase();
  if (code === '') {
    return [];
  }
  const base = code.split('-')[0] ?? code;
  const keys = new Set<string>();
  for (const key of WORD_LISTS.keys()) {
    if (key === code || key === base || (code !== base && key.startsWith(`${code}-`))) {
      keys.add(key);
    }
  }
  return [...keys];
}

function phraseKey(phrase: string): string {
  return normalizeText(phrase)
    .text.replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Builds a profanity detector for one tenant configuration. Compile once per configuration and
 * reuse it: detection is then one word-index look-up per word of the text.
 */
export function createProfanityDetector(options: ProfanityOptions = {}): ProfanityDetector {
  const languages = (options.languages ?? []).map((l) => l.trim().toLowerCase());
  const vocabulary = new Map<string, Listed>();

  const add = (word: string, severity: Severity, extra: boolean): void => {
    const key = phraseKey(word);
    if (key === '') {
      return;
    }
    const existing = vocabulary.get(key);
    if (existing === undefined || extra || existing.severity.profanity < severity.profanity) {
      vocabulary.set(key, { word: word.toLowerCase(), severity, extra });
    }
  };

  for (const word of WORD_LISTS.get('en') ?? []) {
    add(word, ENGLISH_SEVERITY.get(word.toLowerCase()) ?? DEFAULT_ENGLISH_SEVERITY, false);
  }
  for (const [word, severity] of ENGLISH_SEVERITY) {
    add(word, severity, false);
  }
  const builtInAllow = [...BUILT_IN_ALLOW];
  for (const language of languages) {
    for (const key of listKeysFor(language)) {
      if (key === 'en') {
        continue;
      }
      for (const word of WORD_LISTS.get(key) ?? []) {
        add(word, ENGLISH_SEVERITY.get(word.toLowerCase()) ?? DEFAULT_OTHER_SEVERITY, false);
      }
    }
    builtInAllow.push(...(LANGUAGE_ALLOW[language.split('-')[0] ?? language] ?? []));
  }
  for (const word of options.extraWords ?? []) {
    add(word, EXTRA_WORD_SEVERITY, true);
  }

  const allowEntries: WordEntry<Allowed>[] = [];
  for (const phrase of builtInAllow) {
    const entry = vocabulary.get(phraseKey(phrase));
    if (entry !== undefined && !entry.extra) {
      vocabulary.delete(phraseKey(phrase));
    }
    allowEntries.push({ phrase, payload: { tenant: false } });
  }
  for (const phrase of options.allow ?? []) {
    vocabulary.delete(phraseKey(phrase));
    allowEntries.push({ phrase, payload: { tenant: true } });
  }

  const matcher = compileWords(
    [...vocabulary.values()].map((listed) => ({ phrase: listed.word, payload: listed })),
    { masked: true },
  );
  const allowMatcher = compileWords(allowEntries);

  function detect(n: NormalizedText): DetectorResult {
    const scores: Partial<Record<Category, number>> = { profanity: 0 };
    const spans: Span[] = [];
    const found = matcher.find(n);
    if (found.length === 0) {
      return { detector: 'profanity', scores, spans };
    }
    const allowed = allowMatcher.find(n);
    const hits = longestHits(
      found.filter(
        (hit) =>
          !allowed.some(
            (a) =>
              a.start <= hit.start &&
              a.end >= hit.end &&
              (a.payload.tenant || !hit.payload.extra) &&
              // an allowed phrase only excuses the listed words inside it
              (a.end - a.start > hit.end - hit.start || a.payload.tenant),
          ),
      ),
    );
    const counts: Partial<Record<Category, number>> = {};
    const raise = (category: Category, value: number): void => {
      scores[category] = Math.max(scores[category] ?? 0, value);
      counts[category] = (counts[category] ?? 0) + 1;
    };
    for (const hit of hits) {
      const { word, severity } = hit.payload;
      const range = toOriginalRange(n, hit.start, hit.end);
      const rule = `word:${word}`;
      raise('profanity', severity.profanity);
      spans.push({ ...range, category: 'profanity', rule });
      const sexual = severity.sexual ?? (SEXUAL_WORDS.has(word) ? 0.6 : 0);
      if (sexual > 0) {
        raise('sexual', sexual);
        spans.push({ ...range, category: 'sexual', rule });
      }
      if (severity.hate !== undefined && severity.hate > 0) {
        raise('hate', severity.hate);
        spans.push({ ...range, category: 'hate', rule });
      }
    }
    // A few more hits of the same kind nudge the score up, never past 1.
    for (const category of Object.keys(counts) as Category[]) {
      const extraHits = (counts[category] ?? 1) - 1;
      scores[category] = Math.min(1, (scores[category] ?? 0) + 0.05 * Math.min(extraHits, 4));
    }
    return { detector: 'profanity', scores, spans };
  }

  return { detect };
}
