/**
 * Guild moderation: a compact "phrase line" of a normalised text for phrase rules (toxicity,
 * spam). Each word of the text becomes one space-separated word with repeated letters squeezed
 * (`kiiill` and `kill` both read `kil`), sentence breaks become `#`, and words or phrases from
 * chosen vocabularies can be replaced by a class marker such as `_ins_`, so a rule can say
 * "you are … <insult>" in one regular expression. Matches map back to ranges of `n.text`.
 *
 * Rule patterns are written in plain words and compiled with `compilePhraseRules`, which
 * squeezes their repeated letters the same way; they must not use backslash escapes.
 */
import type { NormalizedText } from '../text/normalize.js';
import { squeeze, wordTokens } from './tokens.js';
import { longestHits, type WordMatcher } from './word-matcher.js';

/** The phrase line of one text. */
export interface PhraseText {
  /** Words (or class markers, or `#`) separated by single spaces. */
  readonly line: string;
  /** Per word of `line`: its range in `n.text`. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Per word of `line`: its string. */
  readonly words: readonly string[];
  /** Per word of `line`: where it starts in `line`. */
  readonly offsets: Int32Array;
}

/** One phrase rule match: a range of `n.text` and the words of the phrase line it covers. */
export interface PhraseMatch {
  start: number;
  end: number;
  firstWord: number;
  lastWord: number;
}

/** Whether `text[from, to)` holds a sentence break (. ! ? ; or a new line). */
function hasSentenceBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x0a) {
      return true;
    }
  }
  return false;
}

/**
 * Builds the phrase line of `n`. Hits of `classes` (payload: the marker to write, such as
 * `_ins_`) replace the words they cover.
 */
export function buildPhraseText(n: NormalizedText, classes?: WordMatcher<string>): PhraseText {
  const tokens = wordTokens(n);
  const text = n.text;
  const markerAt = new Map<number, { marker: string; end: number }>();
  if (classes !== undefined) {
    for (const hit of longestHits(classes.find(n))) {
      markerAt.set(hit.start, { marker: hit.payload, end: hit.end });
    }
  }
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let previousEnd = -1;
  let t = 0;
  while (t < tokens.count) {
    const start = tokens.starts[t] ?? 0;
    const end = tokens.ends[t] ?? 0;
    if (previousEnd >= 0 && hasSentenceBreak(text, previousEnd, start)) {
      words.push('#');
      starts.push(previousEnd);
      ends.push(start);
    }
    // A class hit may start at the token or one letter into it (a spaced-out leading "a").
    const marked = markerAt.get(start) ?? markerAt.get(start + 1);
    if (marked !== undefined) {
      words.push(marked.marker);
      starts.push(start);
      ends.push(marked.end);
      while (t < tokens.count && (tokens.ends[t] ?? 0) <= marked.end) {
        t += 1;
      }
      previousEnd = marked.end;
      continue;
    }
    words.push(tokens.squeezed[t] ?? '');
    starts.push(start);
    ends.push(end);
    previousEnd = end;
    t += 1;
  }
  const line = words.join(' ');
  const offsets = new Int32Array(words.length);
  let at = 0;
  for (let w = 0; w < words.length; w += 1) {
    offsets[w] = at;
    at += (words[w] ?? '').length + 1;
  }
  return {
    line,
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
    words,
    offsets,
  };
}

/** A phrase rule before compilation. */
export interface PhraseRuleSpec {
  /**
   * Every word the rule can start with (class markers included). The rule is only tried where
   * one of them stands, which keeps dozens of rules cheap on long texts.
   */
  anchors: readonly string[];
  /**
   * The rule in plain words: alternation, groups, quantifiers and look-aheads allowed; no
   * backslash escapes. Matches whole words of the phrase line.
   */
  source: string;
}

/** A set of compiled phrase rules. */
export interface PhraseRules<R extends PhraseRuleSpec> {
  /** Calls `visit` for every match of every rule, rule by rule in text order. */
  run(phrases: PhraseText, visit: (rule: R, match: PhraseMatch) => void): void;
  /** The same matches found by scanning every position (slow; for tests of the anchors). */
  runUnanchored(phrases: PhraseText, visit: (rule: R, match: PhraseMatch) => void): void;
}

interface CompiledRule<R> {
  index: number;
  rule: R;
  sticky: RegExp;
  global: RegExp;
}

function squeezePattern(source: string): string {
  if (source.includes('\\')) {
    throw new Error(`phrase pattern must not use escapes: ${source}`);
  }
  return source.replace(/([a-z])\1+/g, '$1');
}

/** Compiles phrase rules once (at module load or per tenant configuration). */
export function compilePhraseRules<R extends PhraseRuleSpec>(rules: readonly R[]): PhraseRules<R> {
  const byAnchor = new Map<string, CompiledRule<R>[]>();
  const all: CompiledRule<R>[] = [];
  for (const rule of rules) {
    const body = squeezePattern(rule.source);
    const compiled: CompiledRule<R> = {
      index: all.length,
      rule,
      sticky: new RegExp(`(?:${body})(?![^ ])`, 'y'),
      global: new RegExp(`(?<![^ ])(?:${body})(?![^ ])`, 'g'),
    };
    all.push(compiled);
    for (const anchor of new Set(rule.anchors.map(squeeze))) {
      const list = byAnchor.get(anchor) ?? [];
      list.push(compiled);
      byAnchor.set(anchor, list);
    }
  }

  const toMatch = (phrases: PhraseText, firstWord: number, length: number): PhraseMatch => {
    const endOffset = (phrases.offsets[firstWord] ?? 0) + length;
    let lastWord = firstWord;
    while (
      lastWord + 1 < phrases.words.length &&
      (phrases.offsets[lastWord + 1] ?? 0) < endOffset
    ) {
      lastWord += 1;
    }
    return {
      start: phrases.starts[firstWord] ?? 0,
      end: phrases.ends[lastWord] ?? 0,
      firstWord,
      lastWord,
    };
  };

  function run(phrases: PhraseText, visit: (rule: R, match: PhraseMatch) => void): void {
    const { words, offsets, line } = phrases;
    // Like a global scan, a rule's matches do not overlap: each starts after the previous.
    const reach = new Int32Array(all.length);
    for (let w = 0; w < words.length; w += 1) {
      const candidates = byAnchor.get(words[w] ?? '');
      if (candidates === undefined) {
        continue;
      }
      const at = offsets[w] ?? 0;
      for (const c of candidates) {
        if (at < (reach[c.index] ?? 0)) {
          continue;
        }
        c.sticky.lastIndex = at;
        const m = c.sticky.exec(line);
        if (m !== null && m[0] !== '') {
          reach[c.index] = at + m[0].length;
          visit(c.rule, toMatch(phrases, w, m[0].length));
        }
      }
    }
  }

  function runUnanchored(phrases: PhraseText, visit: (rule: R, match: PhraseMatch) => void): void {
    for (const c of all) {
      for (const m of phrases.line.matchAll(c.global)) {
        if (m[0] === '') {
          continue;
        }
        const firstWord = phrases.offsets.indexOf(m.index);
        if (firstWord !== -1) {
          visit(c.rule, toMatch(phrases, firstWord, m[0].length));
        }
      }
    }
  }

  return { run, runUnanchored };
}

const NEGATORS = new Set([
  'not',
  'never',
  'no',
  'dont',
  'wont',
  'cant',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'didnt',
  'doesnt',
  'wouldnt',
  'shouldnt',
  'couldnt',
  'aint',
  'havent',
  'hasnt',
  'neither',
  'nor',
]);

/**
 * Whether a negation ("not", "never", "don't", "won't"…) appears up to `before` words ahead of
 * a match, within the same sentence, or (with `inside`) among the matched words themselves.
 */
export function isNegated(
  phrases: PhraseText,
  match: PhraseMatch,
  inside: boolean,
  before = 3,
): boolean {
  const words = phrases.words;
  let from = match.firstWord;
  while (from > 0 && match.firstWord - from < before && words[from - 1] !== '#') {
    from -= 1;
  }
  const to = inside ? match.lastWord : match.firstWord - 1;
  for (let w = from; w <= to; w += 1) {
    const word = words[w] ?? '';
    if (NEGATORS.has(word)) {
      return true;
    }
    // "don't" reads as "don" + "t"
    if (word === 't' && w > 0 && (words[w - 1] ?? '').endsWith('n')) {
      return true;
    }
  }
  return false;
}
