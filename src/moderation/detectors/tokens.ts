/**
 * Guild moderation: the words of a normalised text, found once and shared by every detector
 * that looks at the same `NormalizedText` (cached per object, so the pipeline pays for it once).
 */
import type { NormalizedText } from '../text/normalize.js';

/** The words of a normalised text, as ranges of `text` plus their strings. */
export interface Tokens {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly words: readonly string[];
  /** Per word: its look-up key (see `wordKey`). */
  readonly keys: readonly string[];
  /** Per word: repeated letters squeezed to one (`kiill` → `kil`); digits kept. */
  readonly squeezed: readonly string[];
}

/** Squeezes runs of the same letter to one (`kill` → `kil`); digits are kept (`100`). */
export function squeeze(word: string): string {
  let out = '';
  let prev = '';
  for (let i = 0; i < word.length; i += 1) {
    const ch = word.charAt(i);
    if (ch !== prev || (ch >= '0' && ch <= '9')) {
      out += ch;
      prev = ch;
    }
  }
  return out;
}

/** The look-up key of a word for list matching: `l` read as `i`, repeated letters squeezed. */
export function wordKey(word: string): string {
  let key = '';
  let prev = '';
  for (let i = 0; i < word.length; i += 1) {
    let ch = word.charAt(i);
    if (ch === 'l') {
      ch = 'i';
    }
    if (ch !== prev) {
      key += ch;
      prev = ch;
    }
  }
  return key;
}

const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const cache = new WeakMap<NormalizedText, Tokens>();

/** Whether a single UTF-16 unit (or surrogate half) belongs to a word. */
function isWordUnit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) {
    return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  }
  if (c >= 0xd800 && c <= 0xdfff) {
    const start = c >= 0xdc00 ? i - 1 : i;
    const cp = text.codePointAt(start) ?? 0;
    return WORD_CHAR.test(String.fromCodePoint(cp));
  }
  return WORD_CHAR.test(text.charAt(i));
}

/** Whether `s` is one or more white-space characters. */
const WHITE_SPACE = /^\s+$/;

/**
 * The normaliser joins letters written apart into one word (`i d i o t` → `idiot`). When a
 * member spelled a whole sentence that way, with wider gaps between the words than between the
 * letters (`y o u  a r e`), the wider white-space gaps still separate words here. Calls `push`
 * for each word of `text[start, end)`.
 */
function splitSpacedWords(
  n: NormalizedText,
  start: number,
  end: number,
  push: (from: number, to: number) => void,
): void {
  const origin = n.origin;
  // Cheap test: a word whose characters sit next to each other in the original was not joined.
  if ((origin[end - 1] ?? 0) - (origin[start] ?? 0) === end - 1 - start) {
    push(start, end);
    return;
  }
  let narrowest = Number.MAX_SAFE_INTEGER;
  let widest = 0;
  for (let i = start + 1; i < end; i += 1) {
    const gap = (origin[i] ?? 0) - (origin[i - 1] ?? 0) - 1;
    if (gap > 0 && WHITE_SPACE.test(n.original.slice((origin[i - 1] ?? 0) + 1, origin[i] ?? 0))) {
      narrowest = Math.min(narrowest, gap);
      widest = Math.max(widest, gap);
    }
  }
  if (widest <= narrowest) {
    push(start, end);
    return;
  }
  let from = start;
  for (let i = start + 1; i < end; i += 1) {
    const gap = (origin[i] ?? 0) - (origin[i - 1] ?? 0) - 1;
    if (
      gap > narrowest &&
      WHITE_SPACE.test(n.original.slice((origin[i - 1] ?? 0) + 1, origin[i] ?? 0))
    ) {
      push(from, i);
      from = i;
    }
  }
  push(from, end);
}

/** Splits `n.text` into words: maximal runs of letters, combining marks and digits. */
export function wordTokens(n: NormalizedText): Tokens {
  const cached = cache.get(n);
  if (cached !== undefined) {
    return cached;
  }
  const text = n.text;
  const starts: number[] = [];
  const ends: number[] = [];
  const words: string[] = [];
  const push = (from: number, to: number): void => {
    starts.push(from);
    ends.push(to);
    words.push(text.slice(from, to));
  };
  let start = -1;
  for (let i = 0; i <= text.length; i += 1) {
    const inWord = i < text.length && isWordUnit(text, i);
    if (inWord && start === -1) {
      start = i;
    } else if (!inWord && start !== -1) {
      splitSpacedWords(n, start, i, push);
      start = -1;
    }
  }
  const tokens: Tokens = {
    count: words.length,
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
    words,
    keys: words.map(wordKey),
    squeezed: words.map(squeeze),
  };
  cache.set(n, tokens);
  return tokens;
}
