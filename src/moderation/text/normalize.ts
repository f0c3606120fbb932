/**
 * Guild moderation: the one normalisation pass every text detector matches on.
 *
 * `normalizeText` turns what a member wrote into a lower-case matching form that undoes the
 * usual ways of dodging a word filter — invisible characters, accents, look-alike letters from
 * other alphabets, leetspeak, letters spaced apart, stretched letters — and remembers, for each
 * character of that form, where in the member's own text it came from. Detectors match on
 * `text` and report spans in `original` through `toOriginalRange`; the stored text is never
 * changed.
 *
 * Steps, in order:
 * 1. per code point: drop format and default-ignorable characters (zero-width space / joiner /
 *    non-joiner, word joiner, soft hyphen, BOM, bidi controls, variation selectors), NFKC,
 *    lower case (ß → ss), strip diacritics from Latin, Greek and Cyrillic letters;
 * 2. words of three or more single letters with light separators (`s h i t`, `s.h.i.t`,
 *    `f_u_c_k`) are joined into one word;
 * 3. look-alike letters are folded to Latin inside words that mix them with Latin letters or
 *    digits (a Cyrillic `а` in an English word), or whose letters are all near-identical
 *    look-alikes;
 * 4. leetspeak (`sh1t`, `$h!t`, `b00bs`) is decoded only inside words that contain letters and
 *    do not look like identifiers, model names or quantities (`KQ7F4GZ21`, `ps5`, `10kg`); web
 *    addresses and email addresses are left alone;
 * 5. a letter repeated three or more times is kept twice (`shiiiit` → `shiit`), the second
 *    copy pointing at the last letter of the run, so detectors can tell a stretched letter
 *    (`shiit`) from an ordinary double one (`assess`).
 */
import { confusablesMap } from 'confusables';

/** A member's text together with the form detectors match on. */
export interface NormalizedText {
  /** The text exactly as the member wrote it. */
  readonly original: string;
  /** The matching form: lower case, folded, decoded; see the module comment. */
  readonly text: string;
  /** `origin[i]` is the UTF-16 index in `original` that `text[i]` came from. */
  readonly origin: Int32Array;
}

/** A half-open range of UTF-16 indexes. */
export interface TextRange {
  start: number;
  end: number;
}

// Kinds of a normalised code point.
const K_OTHER = 0;
const K_LETTER = 1;
const K_DIGIT = 2;
const K_LEET = 3;
const K_DROPPED = 4;

interface CharInfo {
  /** What the code point becomes in the matching form ('' when dropped). */
  out: string;
  kind: number;
  /** Whether the member wrote it as a capital letter. */
  upper: boolean;
}

const INVISIBLE = /^[\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const CONTROL = /^\p{Cc}$/u;
const COMBINING_MARK = /^\p{M}$/u;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const DIGIT = /^\p{Nd}$/u;
const NEEDS_DECOMPOSE = /[\u00c0-\u024f\u0370-\u03ff\u0400-\u052f\u1e00-\u1fff]/;

/** Whether a UTF-16 unit is a combining diacritical mark (accents, not Indic vowel signs). */
function isDiacritic(c: number): boolean {
  return (
    (c >= 0x0300 && c <= 0x036f) ||
    (c >= 0x1ab0 && c <= 0x1aff) ||
    (c >= 0x1dc0 && c <= 0x1dff) ||
    (c >= 0x20d0 && c <= 0x20ff) ||
    (c >= 0xfe20 && c <= 0xfe2f)
  );
}

function stripDiacritics(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i += 1) {
    if (!isDiacritic(s.charCodeAt(i))) {
      out += s.charAt(i);
    }
  }
  return out;
}

/** Latin letters that carry no decomposition but read as plain ones. */
const LATIN_EXTRA: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  ŧ: 't',
  ƒ: 'f',
  æ: 'ae',
  œ: 'oe',
  ð: 'd',
  þ: 'th',
  ŀ: 'l',
  ɫ: 'l',
  ɑ: 'a',
  ɡ: 'g',
};

/**
 * Cyrillic and Greek letters (lower case) that are near-identical to a Latin letter. A word
 * made only of these is folded even without a Latin letter in it (`ѕһіт`).
 */
const STRONG_LOOKALIKES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  п: 'n',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ү: 'y',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
};

/** Code points never folded even inside mixed words: CJK, kana, Hangul. */
function isUnfoldableScript(cp: number): boolean {
  return (cp >= 0x2e80 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) || cp >= 0xf900;
}

/**
 * Every look-alike the `confusables` package knows that stands for a Latin letter, plus the
 * near-identical ones above; used only inside words that already mix in Latin letters.
 */
const BROAD_LOOKALIKES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [char, base] of confusablesMap) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp < 0x80 || char.length !== String.fromCodePoint(cp).length) {
      continue;
    }
    if (!/^[A-Za-z]{1,2}$/.test(base) || isUnfoldableScript(cp) || !LETTER_OR_MARK.test(char)) {
      continue;
    }
    map.set(char.toLowerCase(), base.toLowerCase());
  }
  for (const [char, base] of Object.entries(STRONG_LOOKALIKES)) {
    map.set(char, base);
  }
  return map;
})();

/** Leetspeak digits and symbols and the letters they stand for. */
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
};

/** Characters allowed between spaced-out single letters (`s.h.i.t`, `f_u_c_k`). */
const SPACING = new Set([' ', '\t', '.', '_', '-', '*', '~', '·', '•', '/', '\\', '|', '+']);

/** A number with a unit or ordinal (`10kg`, `3rd`, `5pm`, `$20k`): never leetspeak. */
const QUANTITY =
  /^[$]?\d+(?:st|nd|rd|th|am|pm|k|m|b|bn|kg|g|mg|mcg|ml|cl|dl|l|cm|mm|km|m2|m3|x|s|gb|tb|mb|kb|mah|hz|khz|ghz|w|kw|kwh|v|mph|kph|p|px|pt|oz|lb|lbs|ft|in|yr|yrs|y|h|hr|hrs|min|mins|d|day|days|wk|mo|xl|xxl|xs)$/;
/** A short model name (`ps5`, `a55`, `mp3`, `covid19`): never leetspeak. */
const MODEL = /^[a-z]+(\d+)$/;

const ASCII_INFO: CharInfo[] = [];
for (let cp = 0; cp < 0x80; cp += 1) {
  const ch = String.fromCharCode(cp);
  let info: CharInfo;
  if (ch >= 'A' && ch <= 'Z') {
    info = { out: ch.toLowerCase(), kind: K_LETTER, upper: true };
  } else if (ch >= 'a' && ch <= 'z') {
    info = { out: ch, kind: K_LETTER, upper: false };
  } else if (ch >= '0' && ch <= '9') {
    info = { out: ch, kind: K_DIGIT, upper: false };
  } else if (ch === '@' || ch === '$' || ch === '!') {
    info = { out: ch, kind: K_LEET, upper: false };
  } else if (ch === '\t' || ch === '\n' || ch === '\r') {
    info = { out: ch, kind: K_OTHER, upper: false };
  } else if (cp < 0x20 || cp === 0x7f) {
    info = { out: ' ', kind: K_OTHER, upper: false };
  } else {
    info = { out: ch, kind: K_OTHER, upper: false };
  }
  ASCII_INFO.push(info);
}

const DROPPED: CharInfo = { out: '', kind: K_DROPPED, upper: false };
const CHAR_CACHE = new Map<number, CharInfo>();
const CHAR_CACHE_LIMIT = 20_000;

function kindOf(out: string): number {
  if (out === '') {
    return K_DROPPED;
  }
  let kind = -1;
  for (const ch of out) {
    const k = LETTER_OR_MARK.test(ch) ? K_LETTER : DIGIT.test(ch) ? K_DIGIT : K_OTHER;
    if (kind === -1) {
      kind = k;
    } else if (kind !== k) {
      return K_OTHER;
    }
  }
  return kind;
}

function computeCharInfo(cp: number): CharInfo {
  const ch = String.fromCodePoint(cp);
  if (INVISIBLE.test(ch)) {
    return DROPPED;
  }
  if (CONTROL.test(ch)) {
    return { out: ' ', kind: K_OTHER, upper: false };
  }
  let out = ch.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
  if (NEEDS_DECOMPOSE.test(out) || COMBINING_MARK.test(out)) {
    out = stripDiacritics(out.normalize('NFD'));
  }
  let folded = '';
  for (const c of out) {
    folded += LATIN_EXTRA[c] ?? c;
  }
  out = folded;
  if (out === '') {
    return DROPPED;
  }
  return { out, kind: kindOf(out), upper: ch !== ch.toLowerCase() };
}

function charInfo(cp: number): CharInfo {
  if (cp < 0x80) {
    return ASCII_INFO[cp] ?? DROPPED;
  }
  let info = CHAR_CACHE.get(cp);
  if (info === undefined) {
    info = computeCharInfo(cp);
    if (CHAR_CACHE.size < CHAR_CACHE_LIMIT) {
      CHAR_CACHE.set(cp, info);
    }
  }
  return info;
}

const WEB_ADDRESS = /(?:https?:\/\/|www\.)[^\s<>"']+/giu;
const EMAIL_DOMAIN = /[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/uy;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Whether the character at `i` may be part of an email address's local part. */
function isLocalPartChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) {
    return (
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2e ||
      c === 0x5f ||
      c === 0x25 ||
      c === 0x2b ||
      c === 0x2d
    );
  }
  return LETTER_OR_DIGIT.test(text.charAt(i));
}

/**
 * Finds email addresses (`name@example.co.uk`) in a text, in order. Works outwards from each
 * `@`, so its cost stays linear in the length of the text.
 */
export function findEmailAddresses(text: string): TextRange[] {
  const found: TextRange[] = [];
  let floor = 0;
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > floor && isLocalPartChar(text, start - 1)) {
      start -= 1;
    }
    // the local part starts with a letter or digit
    while (start < at && !LETTER_OR_DIGIT.test(text.charAt(start))) {
      start += 1;
    }
    let next = at + 1;
    if (start < at) {
      EMAIL_DOMAIN.lastIndex = at + 1;
      const domain = EMAIL_DOMAIN.exec(text);
      if (domain !== null) {
        const end = at + 1 + domain[0].length;
        found.push({ start, end });
        floor = end;
        next = end;
      }
    }
    at = text.indexOf('@', next);
  }
  return found;
}

/** Web and email addresses in the original text, as sorted [start, end) pairs. */
function protectedRanges(original: string): number[] {
  const found: TextRange[] = original.includes('@') ? findEmailAddresses(original) : [];
  if (original.includes('://') || /www\./i.test(original)) {
    for (const m of original.matchAll(WEB_ADDRESS)) {
      found.push({ start: m.index, end: m.index + m[0].length });
    }
    found.sort((a, b) => a.start - b.start);
  }
  const ranges: number[] = [];
  for (const { start, end } of found) {
    const last = ranges.length - 1;
    if (last > 0 && start <= (ranges[last] ?? 0)) {
      ranges[last] = Math.max(ranges[last] ?? 0, end);
    } else {
      ranges.push(start, end);
    }
  }
  return ranges;
}

/** Whether `index` falls in one of the sorted, non-overlapping [start, end) pairs. */
function isProtected(ranges: number[], index: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (index < (ranges[2 * mid] ?? 0)) {
      hi = mid - 1;
    } else if (index >= (ranges[2 * mid + 1] ?? 0)) {
      lo = mid + 1;
    } else {
      return true;
    }
  }
  return false;
}

/** Working state: one element per code point of the original. */
interface Elements {
  out: string[];
  kind: Uint8Array;
  upper: Uint8Array;
  orig: Int32Array;
  count: number;
  /** Whether any code point is outside ASCII (look-alike folding is needed at all). */
  nonAscii: boolean;
  /** Whether any digit or leet symbol appears (leetspeak decoding is needed at all). */
  leetish: boolean;
}

function readElements(original: string): Elements {
  const len = original.length;
  const els: Elements = {
    out: new Array<string>(len),
    kind: new Uint8Array(len),
    upper: new Uint8Array(len),
    orig: new Int32Array(len),
    count: 0,
    nonAscii: false,
    leetish: false,
  };
  let i = 0;
  let k = 0;
  while (i < len) {
    const cp = original.codePointAt(i) ?? 0;
    const info = cp < 0x80 ? (ASCII_INFO[cp] ?? DROPPED) : charInfo(cp);
    els.out[k] = info.out;
    els.kind[k] = info.kind;
    els.upper[k] = info.upper ? 1 : 0;
    els.orig[k] = i;
    if (cp >= 0x80) {
      els.nonAscii = true;
    }
    if (info.kind === K_DIGIT || info.kind === K_LEET) {
      els.leetish = true;
    }
    k += 1;
    i += cp > 0xffff ? 2 : 1;
  }
  els.count = k;
  return els;
}

function isWordKind(kind: number): boolean {
  return kind === K_LETTER || kind === K_DIGIT || kind === K_LEET;
}

/** Ends a word before trailing exclamation marks ("shit!" is the word "shit"). */
function pushWord(els: Elements, words: number[], first: number, last: number): void {
  let end = last;
  while (end > first && (els.out[end] === '!' || els.out[end] === '')) {
    end -= 1;
  }
  words.push(first, end);
}

/** Word runs over elements: pairs of [first, last] element indexes (dropped ones skipped). */
function findWords(els: Elements): number[] {
  const words: number[] = [];
  let first = -1;
  let last = -1;
  for (let k = 0; k < els.count; k += 1) {
    const kind = els.kind[k] ?? K_OTHER;
    if (kind === K_DROPPED) {
      continue;
    }
    if (isWordKind(kind)) {
      if (first === -1) {
        first = k;
      }
      last = k;
    } else if (first !== -1) {
      pushWord(els, words, first, last);
      first = -1;
    }
  }
  if (first !== -1) {
    pushWord(els, words, first, last);
  }
  return words;
}

/** The single visible element of a word, or -1 when the word is longer than one character. */
function singleElement(els: Elements, first: number, last: number): number {
  let found = -1;
  for (let k = first; k <= last; k += 1) {
    if ((els.out[k] ?? '') === '') {
      continue;
    }
    if (found !== -1 || (els.out[k] ?? '').length !== 1) {
      return -1;
    }
    found = k;
  }
  return found;
}

/** Whether the gap between two words is 1–3 light separators. */
function isSpacingGap(els: Elements, from: number, to: number): boolean {
  let visible = 0;
  for (let k = from; k < to; k += 1) {
    const out = els.out[k] ?? '';
    if (out === '') {
      continue;
    }
    if (!SPACING.has(out)) {
      return false;
    }
    visible += 1;
  }
  return visible >= 1 && visible <= 3;
}

/** Joins runs of spaced-out single letters; returns the new word list. */
function joinSpacedLetters(els: Elements, words: number[], ranges: number[]): number[] {
  const result: number[] = [];
  let i = 0;
  const wordCount = words.length / 2;
  while (i < wordCount) {
    const first = words[2 * i] ?? 0;
    const last = words[2 * i + 1] ?? 0;
    const single = singleElement(els, first, last);
    if (single === -1 || isProtected(ranges, els.orig[single] ?? 0)) {
      result.push(first, last);
      i += 1;
      continue;
    }
    let j = i;
    let letters = els.kind[single] === K_LETTER ? 1 : 0;
    while (j + 1 < wordCount) {
      const nFirst = words[2 * (j + 1)] ?? 0;
      const nLast = words[2 * (j + 1) + 1] ?? 0;
      const nSingle = singleElement(els, nFirst, nLast);
      if (nSingle === -1 || !isSpacingGap(els, (words[2 * j + 1] ?? 0) + 1, nFirst)) {
        break;
      }
      if (els.kind[nSingle] === K_LETTER) {
        letters += 1;
      }
      j += 1;
    }
    if (j - i + 1 >= 3 && letters >= 2) {
      const end = words[2 * j + 1] ?? 0;
      for (let k = first; k <= end; k += 1) {
        if (!isWordKind(els.kind[k] ?? K_OTHER)) {
          els.out[k] = '';
          els.kind[k] = K_DROPPED;
        }
      }
      result.push(first, end);
    } else {
      for (let w = i; w <= j; w += 1) {
        result.push(words[2 * w] ?? 0, words[2 * w + 1] ?? 0);
      }
    }
    i = j + 1;
  }
  return result;
}

/** Folds look-alike letters in one word (see step 3 of the module comment). */
function foldLookalikes(els: Elements, first: number, last: number): void {
  let latin = 0;
  let digits = 0;
  let foreign = 0;
  let strongOnly = true;
  for (let k = first; k <= last; k += 1) {
    const out = els.out[k] ?? '';
    const kind = els.kind[k] ?? K_OTHER;
    if (kind === K_DIGIT || kind === K_LEET) {
      digits += 1;
    } else if (kind === K_LETTER) {
      if (out >= 'a' && out <= 'z' && out.length === 1) {
        latin += 1;
      } else if (BROAD_LOOKALIKES.has(out)) {
        foreign += 1;
        if (STRONG_LOOKALIKES[out] === undefined) {
          strongOnly = false;
        }
      } else {
        strongOnly = false;
      }
    }
  }
  if (foreign === 0) {
    return;
  }
  const mixed = latin > 0 || digits > 0;
  if (!mixed && !(strongOnly && foreign >= 2)) {
    return;
  }
  for (let k = first; k <= last; k += 1) {
    const out = els.out[k] ?? '';
    const base = mixed ? BROAD_LOOKALIKES.get(out) : STRONG_LOOKALIKES[out];
    if (base !== undefined) {
      els.out[k] = base;
    }
  }
}

/** Decodes leetspeak in one word when it reads as a disguised word (step 4). */
function decodeLeet(els: Elements, first: number, last: number): void {
  let any = false;
  for (let k = first; k <= last && !any; k += 1) {
    const kind = els.kind[k];
    any = kind === K_DIGIT || kind === K_LEET;
  }
  if (!any) {
    return;
  }
  let word = '';
  let letters = 0;
  let digits = 0;
  let upper = 0;
  let lower = 0;
  let leetish = 0;
  for (let k = first; k <= last; k += 1) {
    const out = els.out[k] ?? '';
    if (out === '') {
      continue;
    }
    word += out;
    const kind = els.kind[k];
    if (kind === K_LETTER) {
      letters += 1;
      if (els.upper[k] === 1) {
        upper += 1;
      } else {
        lower += 1;
      }
    } else if (kind === K_DIGIT) {
      digits += 1;
      leetish += 1;
    } else if (kind === K_LEET) {
      leetish += 1;
    }
  }
  if (letters === 0 || leetish === 0) {
    return;
  }
  if (digits > 0) {
    if (QUANTITY.test(word)) {
      return;
    }
    const model = MODEL.exec(word);
    if (model !== null && ((model[1] ?? '').length >= 2 || letters <= 2)) {
      return;
    }
    if (/(\d)(?!\1)\d/.test(word)) {
      return;
    }
    if (digits >= 2 && upper >= 2 && (lower >= 1 || word.length >= 8)) {
      return;
    }
    if (word.length >= 12 && digits >= 3) {
      return;
    }
  }
  // The first visible element, for the '@' rule.
  let firstVisible = first;
  while (firstVisible < last && (els.out[firstVisible] ?? '') === '') {
    firstVisible += 1;
  }
  for (let k = first; k <= last; k += 1) {
    const out = els.out[k] ?? '';
    const letter = LEET[out];
    if (letter === undefined) {
      continue;
    }
    if (out === '@' && k === firstVisible) {
      continue; // a mention, not a disguised "a"
    }
    if (out === '!' && (word.length > 10 || !hasLetterAfter(els, k, last))) {
      continue; // trailing exclamation marks, or two words run together ("great!thanks")
    }
    els.out[k] = letter;
    els.kind[k] = K_LETTER;
  }
}

function hasLetterAfter(els: Elements, k: number, last: number): boolean {
  for (let j = k + 1; j <= last; j += 1) {
    const kind = els.kind[j];
    if (kind === K_LETTER || kind === K_DIGIT || (kind === K_LEET && els.out[j] !== '!')) {
      return true;
    }
  }
  return false;
}

function isLetterChar(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch > '\u007f' && LETTER_OR_MARK.test(ch));
}

/**
 * Builds the matching form of a member's text (see the module comment for the steps). Pure and
 * allocation-light: one pass per step over the text.
 */
export function normalizeText(original: string): NormalizedText {
  const els = readElements(original);
  const ranges = protectedRanges(original);
  let words = findWords(els);
  words = joinSpacedLetters(els, words, ranges);
  if (els.nonAscii || els.leetish) {
    for (let w = 0; w < words.length; w += 2) {
      const first = words[w] ?? 0;
      const last = words[w + 1] ?? 0;
      if (els.nonAscii) {
        foldLookalikes(els, first, last);
      }
      if (els.leetish && !isProtected(ranges, els.orig[first] ?? 0)) {
        decodeLeet(els, first, last);
      }
    }
  }

  let text = '';
  let origin = new Int32Array(original.length + 8);
  let size = 0;
  let prev = '';
  let run = 0;
  for (let k = 0; k < els.count; k += 1) {
    const out = els.out[k] ?? '';
    if (out === '') {
      continue;
    }
    const from = els.orig[k] ?? 0;
    const pair = out.length === 2 && isSurrogatePair(out);
    for (let c = 0; c < out.length; c += 1) {
      const ch = out.length === 1 ? out : out.charAt(c);
      if (ch === prev && isLetterChar(ch)) {
        run += 1;
        if (run > 2) {
          // keep the run's first and last source positions, so a stretched run shows
          origin[size - 1] = from + (pair ? c : 0);
          continue;
        }
      } else {
        prev = ch;
        run = 1;
      }
      text += ch;
      if (size === origin.length) {
        const grown = new Int32Array(origin.length * 2);
        grown.set(origin);
        origin = grown;
      }
      origin[size] = from + (pair ? c : 0);
      size += 1;
    }
  }
  return { original, text, origin: origin.slice(0, size) };
}

function isSurrogatePair(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 0xd800 && c <= 0xdbff;
}

/**
 * Maps a half-open range of `n.text` back to the original text: from the first source
 * character to the end of the last one, including anything dropped in between (invisible
 * characters, spacing) and any combining marks that follow.
 */
export function toOriginalRange(n: NormalizedText, start: number, end: number): TextRange {
  const length = n.text.length;
  const s = Math.max(0, Math.min(start, length));
  const e = Math.max(s, Math.min(end, length));
  if (s === e) {
    const at = s < length ? (n.origin[s] ?? 0) : n.original.length;
    return { start: at, end: at };
  }
  let lo = Number.MAX_SAFE_INTEGER;
  let hi = 0;
  for (let i = s; i < e; i += 1) {
    const o = n.origin[i] ?? 0;
    if (o < lo) {
      lo = o;
    }
    if (o > hi) {
      hi = o;
    }
  }
  const original = n.original;
  const cp = original.codePointAt(hi) ?? 0;
  let stop = hi + (cp > 0xffff ? 2 : 1);
  while (stop < original.length) {
    const next = original.codePointAt(stop) ?? 0;
    const nextChar = String.fromCodePoint(next);
    if (!COMBINING_MARK.test(nextChar)) {
      break;
    }
    stop += nextChar.length;
  }
  return { start: lo, end: stop };
}

/**
 * A short stable hash (16 hex characters) of the normalised text with white space and
 * punctuation collapsed, so the same message with different spacing, case or disguise gets
 * the same fingerprint. Used for duplicate detection.
 */
export function textFingerprint(n: NormalizedText): string {
  // Two independent 32-bit FNV-1a lanes over the words joined by single spaces.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  const feed = (c: number): void => {
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  };
  const text = n.text;
  let pendingSpace = false;
  let started = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    const word =
      c < 0x80
        ? (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)
        : WORD_UNIT.test(text.charAt(i)) || (c >= 0xd800 && c <= 0xdfff && isWordPair(text, i));
    if (!word) {
      pendingSpace = started;
      continue;
    }
    if (pendingSpace) {
      feed(0x20);
      pendingSpace = false;
    }
    started = true;
    feed(c);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

const WORD_UNIT = /^[\p{L}\p{M}\p{N}]$/u;

function isWordPair(text: string, i: number): boolean {
  const start = text.charCodeAt(i) >= 0xdc00 ? i - 1 : i;
  return WORD_UNIT.test(String.fromCodePoint(text.codePointAt(start) ?? 0));
}
