/**
 * Guild moderation: whole-word and phrase matching on normalised text, shared by the
 * profanity, watched-words and toxicity detectors.
 *
 * A list is compiled once (per tenant configuration) into an index keyed by each phrase's
 * first word; matching then costs one map look-up per word of the text. Words are compared
 * letter run by letter run, so a stretched word still matches (`shiiiit` matches `shit`) while
 * an ordinary spelling does not match a shorter word (`assess` is not `asses`, `as` is not
 * `ass`). A `1` written for an `l` is accepted where the list word has an `l`. Words in
 * scripts written without spaces (Chinese, Japanese, Thai…) and symbol entries (emoji) are
 * matched as substrings instead.
 */
import { LEET, normalizeText, type NormalizedText } from '../text/normalize.js';
import { wordKey, wordTokens } from './tokens.js';

/** One phrase to look for and what to report when it is found. */
export interface WordEntry<T> {
  /** A word or phrase in any form; it is normalised the same way as the text. */
  phrase: string;
  payload: T;
  /** The last word matches as a prefix (`scam*` matches `scammer`). */
  prefix?: boolean;
}

/** One place a phrase was found: a half-open range of `n.text`. */
export interface WordHit<T> {
  start: number;
  end: number;
  payload: T;
}

/** How a list is compiled. */
export interface CompileOptions {
  /**
   * Also find single words of four or more letters written with some letters masked: a vowel
   * replaced by `*`, a digit or a leet symbol (`c*nt`, `f4ck`, `1D10T`), or `u` written as `v`
   * between consonants (`cvnt`). The normaliser leaves capitalised tokens with several digits
   * alone (they look like ids); this reading tries them against the list only, so an id that
   * spells no listed word is never changed or flagged.
   */
  masked?: boolean;
}

/** A compiled list. */
export interface WordMatcher<T> {
  /** Number of usable entries after compilation. */
  readonly size: number;
  /** Every occurrence of every entry, in text order (overlaps included). */
  find(n: NormalizedText): WordHit<T>[];
}

interface Compiled<T> {
  words: string[];
  prefix: boolean;
  payload: T;
}

interface Substring<T> {
  needle: string;
  payload: T;
}

const SPACELESS_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const HAS_LETTER = /\p{L}/u;
const SPACING_AFTER_SINGLE = new Set([
  ' ',
  '\t',
  '.',
  '_',
  '-',
  '*',
  '~',
  '·',
  '•',
  '/',
  '\\',
  '|',
  '+',
]);
const RLO = '\u202e';

/** How the text at an index may be read: `1` for `l`, and whether a run was stretched. */
interface Reading {
  /** Whether the `i` at this index was written as `1`, `|` or `!` (so it may stand for `l`). */
  ambiguousI(textIndex: number): boolean;
  /** Whether the run of `length` letters at this index was longer in the original. */
  stretched(textIndex: number, length: number): boolean;
}

const LITERAL: Reading = { ambiguousI: () => false, stretched: () => false };

function readingOf(n: NormalizedText): Reading {
  return {
    ambiguousI: (j) => {
      const c = n.original.charAt(n.origin[j] ?? 0);
      return c === '1' || c === '|' || c === '!';
    },
    stretched: (j, length) => (n.origin[j + length - 1] ?? 0) - (n.origin[j] ?? 0) >= length,
  };
}

/**
 * Compares a list word with `text[start, end)` run by run: same letters in the same order,
 * each run as long as in the list word, or longer where the member stretched it
 * (`shiiiit` matches `shit`, `assess` does not match `asses`). With `prefix`, the text may go
 * on after the word.
 */
function wordMatches(
  word: string,
  text: string,
  start: number,
  end: number,
  prefix: boolean,
  reading: Reading,
): boolean {
  let i = 0;
  let j = start;
  while (i < word.length) {
    if (j >= end) {
      return false;
    }
    const wc = word.charAt(i);
    let a = 1;
    while (i + a < word.length && word.charAt(i + a) === wc) {
      a += 1;
    }
    const tc = text.charAt(j);
    if (tc !== wc && !(wc === 'l' && tc === 'i' && reading.ambiguousI(j))) {
      return false;
    }
    let b = 1;
    while (j + b < end && text.charAt(j + b) === tc) {
      b += 1;
    }
    const lastRun = i + a >= word.length;
    if (b < a || (b > a && !reading.stretched(j, b) && !(prefix && lastRun))) {
      return false;
    }
    i += a;
    j += b;
  }
  return prefix || j === end;
}

/**
 * The stretches of `original` under a right-to-left override: pairs of [start, end) from each
 * U+202E to the next pop-directional-formatting character, line break or end of text.
 */
function overrideSegments(original: string): number[] {
  const segments: number[] = [];
  let at = original.indexOf(RLO);
  while (at !== -1) {
    let end = at + 1;
    while (end < original.length && original[end] !== '\u202c' && original[end] !== '\n') {
      end += 1;
    }
    segments.push(at, end);
    at = original.indexOf(RLO, end);
  }
  return segments;
}

/** Whether the gap between two words is short and stays within a line. */
function phraseGap(text: string, from: number, to: number): boolean {
  if (to - from > 3) {
    return false;
  }
  for (let i = from; i < to; i += 1) {
    if (text.charAt(i) === '\n') {
      return false;
    }
  }
  return true;
}

const VOWELS = 'aeiou';
/** What a digit or symbol written inside a word stands for. */
const MASK_LETTER: Readonly<Record<string, string>> = {
  ...LEET,
  '|': 'i',
  '*': '',
};
const MAY_BE_MASKED = /[\d@$!|*]|[b-df-hj-np-tw-z]v[b-df-hj-np-tw-z]/i;

function isVowel(ch: string): boolean {
  return ch.length === 1 && VOWELS.includes(ch);
}

function isConsonant(ch: string): boolean {
  return ch >= 'a' && ch <= 'z' && !VOWELS.includes(ch);
}

/** A list word without its vowels (`cunt` → `cnt`): the key for masked look-ups. */
function skeletonOf(word: string): string {
  let out = '';
  for (const ch of word) {
    if (!isVowel(ch)) {
      out += ch;
    }
  }
  return out;
}

/**
 * How each character of `text[start, end)` may be read when letters are masked: `''` for a
 * position that may hold any vowel, otherwise the letters it may stand for; `null` when the
 * range cannot be a masked word (no mask at all, an undecodable digit, too few letters).
 */
function maskedReading(n: NormalizedText, start: number, end: number): string[] | null {
  const text = n.text;
  const reading: string[] = [];
  let masks = 0;
  let plain = 0;
  for (let j = start; j < end; j += 1) {
    const tc = text.charAt(j);
    const oc = n.original.charAt(n.origin[j] ?? 0);
    const decoded = tc === '*' ? '' : MASK_LETTER[oc];
    if (decoded !== undefined && !(oc >= 'a' && oc <= 'z') && !(oc >= 'A' && oc <= 'Z')) {
      masks += 1;
      // No digit looks like a `u`, so a digit written for a vowel may also hide a `u` (`f4ck`).
      reading.push(decoded === '' || !isVowel(decoded) ? decoded : `${decoded}u`);
    } else if (
      tc === 'v' &&
      isConsonant(text.charAt(j - 1)) &&
      j + 1 < end &&
      isConsonant(text.charAt(j + 1))
    ) {
      masks += 1;
      reading.push('u');
    } else if (tc >= 'a' && tc <= 'z') {
      plain += 1;
      reading.push(tc);
    } else {
      return null;
    }
  }
  return masks > 0 && plain >= 2 ? reading : null;
}

/** Whether a list word reads as the masked range: same length, masks only where vowels are. */
function maskedMatches(word: string, reading: readonly string[]): boolean {
  if (word.length !== reading.length) {
    return false;
  }
  for (let i = 0; i < word.length; i += 1) {
    const wc = word.charAt(i);
    const r = reading[i] ?? '';
    if (r === '' ? !isVowel(wc) : !r.includes(wc)) {
      return false;
    }
  }
  return true;
}

/** Compiles a list of words and phrases; entries that cannot match safely are skipped. */
export function compileWords<T>(
  entries: readonly WordEntry<T>[],
  options: CompileOptions = {},
): WordMatcher<T> {
  const keyed = new Map<string, Compiled<T>[]>();
  const skeletons = new Map<string, Compiled<T>[]>();
  const prefixed = new Map<string, Compiled<T>[]>();
  const substrings: Substring<T>[] = [];
  let size = 0;

  for (const entry of entries) {
    let phrase = entry.phrase.trim();
    let prefix = entry.prefix === true;
    if (phrase.endsWith('*')) {
      phrase = phrase.slice(0, -1).trimEnd();
      prefix = true;
    }
    if (phrase === '') {
      continue;
    }
    const normalized = normalizeText(phrase);
    if (!HAS_WORD_CHAR.test(normalized.text) || SPACELESS_SCRIPT.test(normalized.text)) {
      const needle = normalized.text.replace(/\s+/g, '');
      if (needle !== '' && (SPACELESS_SCRIPT.test(needle) || !HAS_WORD_CHAR.test(needle))) {
        substrings.push({ needle, payload: entry.payload });
        size += 1;
      }
      continue;
    }
    const words = [...wordTokens(normalized).words];
    if (!words.some((w) => HAS_LETTER.test(w))) {
      continue; // numbers alone would match prices and quantities
    }
    if (words.every((w) => w.length === 1) && !(words.length === 1 && prefix)) {
      continue; // "s&m" would match "sizes S M L"
    }
    const compiled: Compiled<T> = { words, prefix, payload: entry.payload };
    const first = words[0] ?? '';
    if (prefix && words.length === 1) {
      const bucket = wordKey(first).charAt(0);
      const list = prefixed.get(bucket) ?? [];
      list.push(compiled);
      prefixed.set(bucket, list);
    } else {
      const key = wordKey(first);
      const list = keyed.get(key) ?? [];
      list.push(compiled);
      keyed.set(key, list);
    }
    if (options.masked === true && words.length === 1 && !prefix && /^[a-z]{4,}$/.test(first)) {
      const skeleton = skeletonOf(first);
      const list = skeletons.get(skeleton) ?? [];
      list.push(compiled);
      skeletons.set(skeleton, list);
    }
    size += 1;
  }

  /** Finds masked list words (see `CompileOptions.masked`) at tokens that found nothing. */
  function findMasked(n: NormalizedText, matched: Uint8Array, hits: WordHit<T>[]): void {
    const tokens = wordTokens(n);
    const text = n.text;
    for (let t = 0; t < tokens.count; t += 1) {
      if (matched[t] === 1) {
        continue;
      }
      const start = tokens.starts[t] ?? 0;
      let end = tokens.ends[t] ?? 0;
      // "c*nt": a star (or two) between two parts of one word.
      let last = t;
      while (last + 1 < tokens.count && matched[last + 1] !== 1) {
        const gap = text.slice(end, tokens.starts[last + 1] ?? 0);
        if (gap !== '*' && gap !== '**') {
          break;
        }
        last += 1;
        end = tokens.ends[last] ?? 0;
      }
      if (
        last === t &&
        !MAY_BE_MASKED.test(n.original.slice(n.origin[start] ?? 0, (n.origin[end - 1] ?? 0) + 1))
      ) {
        continue;
      }
      const reading = end - start >= 4 ? maskedReading(n, start, end) : null;
      if (reading === null) {
        continue;
      }
      let skeleton = '';
      for (const r of reading) {
        skeleton += r.length === 1 && !isVowel(r) ? r : '';
      }
      for (const entry of skeletons.get(skeleton) ?? []) {
        if (maskedMatches(entry.words[0] ?? '', reading)) {
          hits.push({ start, end, payload: entry.payload });
        }
      }
      t = last;
    }
  }

  function matchEntry(
    n: NormalizedText,
    entry: Compiled<T>,
    token: number,
    from: number,
    reading: Reading,
    hits: WordHit<T>[],
  ): void {
    const tokens = wordTokens(n);
    const text = n.text;
    const last = entry.words.length - 1;
    let end = 0;
    for (let w = 0; w <= last; w += 1) {
      const t = token + w;
      if (t >= tokens.count) {
        return;
      }
      const start = w === 0 ? from : (tokens.starts[t] ?? 0);
      if (w > 0 && !phraseGap(text, tokens.ends[t - 1] ?? 0, start)) {
        return;
      }
      const tokenEnd = tokens.ends[t] ?? 0;
      const word = entry.words[w] ?? '';
      if (!wordMatches(word, text, start, tokenEnd, entry.prefix && w === last, reading)) {
        return;
      }
      end = tokenEnd;
    }
    hits.push({ start: from, end, payload: entry.payload });
  }

  function matchToken(
    n: NormalizedText,
    t: number,
    from: number,
    reading: Reading,
    hits: WordHit<T>[],
  ): number {
    const before = hits.length;
    const tokens = wordTokens(n);
    const to = tokens.ends[t] ?? 0;
    const key =
      from === tokens.starts[t] ? (tokens.keys[t] ?? '') : wordKey(n.text.slice(from, to));
    for (const entry of keyed.get(key) ?? []) {
      matchEntry(n, entry, t, from, reading, hits);
    }
    for (const entry of prefixed.get(key.charAt(0)) ?? []) {
      if (wordMatches(entry.words[0] ?? '', n.text, from, to, true, reading)) {
        hits.push({ start: from, end: to, payload: entry.payload });
      }
    }
    return hits.length - before;
  }

  function find(n: NormalizedText): WordHit<T>[] {
    const hits: WordHit<T>[] = [];
    if (size === 0) {
      return hits;
    }
    const text = n.text;
    const original = n.original;
    const reading = readingOf(n);
    if (keyed.size > 0 || prefixed.size > 0) {
      const tokens = wordTokens(n);
      const masked = skeletons.size > 0 && MAY_BE_MASKED.test(original);
      const matched = masked ? new Uint8Array(tokens.count) : undefined;
      for (let t = 0; t < tokens.count; t += 1) {
        const start = tokens.starts[t] ?? 0;
        const found = matchToken(n, t, start, reading, hits);
        if (matched !== undefined && found > 0) {
          matched[t] = 1;
        }
        const end = tokens.ends[t] ?? 0;
        // "is a s h i t" joins into "ashit": try again without a spaced-out leading a / i.
        if (found === 0 && end - start >= 4) {
          const head = text.charAt(start);
          const from = n.origin[start] ?? 0;
          if (
            (head === 'a' || head === 'i') &&
            SPACING_AFTER_SINGLE.has(original.charAt(from + 1)) &&
            (n.origin[start + 1] ?? 0) > from + 1
          ) {
            matchToken(n, t, start + 1, reading, hits);
          }
        }
      }
      if (original.includes(RLO)) {
        findReversed(n, hits);
      }
      if (matched !== undefined) {
        findMasked(n, matched, hits);
      }
    }
    if (substrings.length > 0) {
      // A few needles are cheapest to look for directly; many only where they could be.
      const scan =
        substrings.length <= 8 || SPACELESS_SCRIPT.test(text) || /[^\p{L}\p{N}\s\p{P}]/u.test(text);
      if (scan) {
        for (const { needle, payload } of substrings) {
          let at = text.indexOf(needle);
          while (at !== -1) {
            hits.push({ start: at, end: at + needle.length, payload });
            at = text.indexOf(needle, at + needle.length);
          }
        }
      }
    }
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    return hits;
  }

  /**
   * Words written backwards after a right-to-left override display the right way round;
   * check single words inside such a stretch read in reverse too.
   */
  function findReversed(n: NormalizedText, hits: WordHit<T>[]): void {
    const segments = overrideSegments(n.original);
    const tokens = wordTokens(n);
    let s = 0;
    for (let t = 0; t < tokens.count && s < segments.length; t += 1) {
      const start = tokens.starts[t] ?? 0;
      const end = tokens.ends[t] ?? 0;
      const from = n.origin[start] ?? 0;
      while (s < segments.length && from >= (segments[s + 1] ?? 0)) {
        s += 2;
      }
      if (s >= segments.length || from < (segments[s] ?? 0)) {
        continue;
      }
      let reversed = '';
      for (let i = end - 1; i >= start; i -= 1) {
        reversed += n.text.charAt(i);
      }
      for (const entry of keyed.get(wordKey(reversed)) ?? []) {
        if (
          entry.words.length === 1 &&
          wordMatches(entry.words[0] ?? '', reversed, 0, reversed.length, entry.prefix, LITERAL)
        ) {
          hits.push({ start, end, payload: entry.payload });
        }
      }
    }
  }

  return { size, find };
}

/** Keeps the longest of overlapping hits (earliest first), for reporting one span per place. */
export function longestHits<T>(hits: readonly WordHit<T>[]): WordHit<T>[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: WordHit<T>[] = [];
  let reach = -1;
  for (const hit of sorted) {
    if (hit.start >= reach) {
      kept.push(hit);
      reach = hit.end;
    }
  }
  return kept;
}
