/**
 * Guild's moderation features: a prepared text becomes a sparse vector of hashed word unigrams,
 * word bigrams and character n-grams (taken inside each word, with a boundary marker at either
 * end), with sublinear term frequency and unit L2 length. Hashing into a fixed number of buckets
 * means no vocabulary is stored: any word, in any script, has a place.
 *
 * Identity terms (see identity-terms.ts) are removed from the token sequence before any feature
 * is made, so they yield no unigram, no character n-gram and no bigram; the words on either side
 * of one become neighbours. Emoji, runs of ! or ? and currency signs are kept as tokens of their
 * own (unigrams only).
 *
 * The featurizer reuses one dense scratch array per configuration, so a 500-character text costs
 * a few thousand hash steps and no allocation beyond the result.
 */
import { FNV_OFFSET, FNV_PRIME, combine } from './hash.js';
import { isIdentityTerm } from './identity-terms.js';

/** How texts become vectors; stored in every model so scoring uses the same recipe. */
export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Shortest character n-gram. */
  charMin: number;
  /** Longest character n-gram. */
  charMax: number;
  /** Whether adjacent word pairs are features. */
  wordBigrams: boolean;
}

/** The configuration Guild's models use unless told otherwise. */
export const DEFAULT_FEATURE_CONFIG: Readonly<FeatureConfig> = Object.freeze({
  bits: 18,
  charMin: 2,
  charMax: 5,
  wordBigrams: true,
});

/** A sparse vector: parallel arrays of bucket indexes (distinct) and values. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

/** A token of the prepared text: a word (letters, digits, inner apostrophes) or a symbol. */
export interface Token {
  text: string;
  kind: 'word' | 'symbol';
}

const TOKEN_PATTERN =
  /[\p{L}\p{N}\p{M}]+(?:['\u2019][\p{L}\p{N}\p{M}]+)*|\p{Extended_Pictographic}|!+|\?+|[$€£]/gu;

/** Namespaces keep word, bigram, character and symbol features apart in the hash space. */
const SEED_WORD = FNV_OFFSET;
const SEED_CHAR = 0x5bd1e995;
const SEED_SYMBOL = 0x27d4eb2f;
const SEED_BIGRAM = 0x165667b1;

/** Longest part of a word that character n-grams are taken from (very long "words" are noise). */
const MAX_CHARS_PER_WORD = 32;

/**
 * Splits a prepared text into tokens and drops identity terms. Runs of ! or ? longer than three
 * are shortened to three, so "!!!!!!!" and "!!!" are one feature.
 */
export function tokenize(prepared: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_PATTERN.lastIndex = 0;
  for (let match = TOKEN_PATTERN.exec(prepared); match; match = TOKEN_PATTERN.exec(prepared)) {
    let text = match[0];
    const first = text.charCodeAt(0);
    if (first === 0x21 || first === 0x3f) {
      tokens.push({ text: text.length > 3 ? text.slice(0, 3) : text, kind: 'symbol' });
      continue;
    }
    if (text.length <= 2 && !isWordStart(first, text)) {
      tokens.push({ text, kind: 'symbol' });
      continue;
    }
    if (text.includes('\u2019')) {
      text = text.replaceAll('\u2019', "'");
    }
    if (!isIdentityTerm(text)) {
      tokens.push({ text, kind: 'word' });
    }
  }
  return tokens;
}

/** Whether a short token (one code point) is a word rather than an emoji or a currency sign. */
function isWordStart(code: number, text: string): boolean {
  if (code < 0x80) {
    return (
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x41 && code <= 0x5a)
    );
  }
  return /^[\p{L}\p{N}\p{M}]/u.test(text);
}

/** Turns prepared texts into hashed sparse vectors for one configuration. */
export class Featurizer {
  readonly config: Readonly<FeatureConfig>;
  private readonly shift: number;
  private readonly counts: Float32Array;
  private touched: Uint32Array;
  private used = 0;
  private readonly codes = new Int32Array(MAX_CHARS_PER_WORD + 2);

  constructor(config: Readonly<FeatureConfig> = DEFAULT_FEATURE_CONFIG) {
    if (!Number.isInteger(config.bits) || config.bits < 8 || config.bits > 26) {
      throw new RangeError(`feature bits must be an integer from 8 to 26, not ${config.bits}`);
    }
    if (config.charMin < 1 || config.charMax < config.charMin || config.charMax > 8) {
      throw new RangeError('character n-gram lengths must satisfy 1 <= min <= max <= 8');
    }
    this.config = Object.freeze({ ...config });
    this.shift = 32 - config.bits;
    this.counts = new Float32Array(1 << config.bits);
    this.touched = new Uint32Array(1024);
  }

  /** Number of buckets (the length of a weight vector for these features). */
  get size(): number {
    return this.counts.length;
  }

  /** Counts one feature: its hash goes through murmur3's finaliser (inlined) to a bucket. */
  private add(hash: number): void {
    let h = hash ^ (hash >>> 16);
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    const bucket = (h ^ (h >>> 16)) >>> this.shift;
    const counts = this.counts;
    if (counts[bucket] === 0) {
      if (this.used === this.touched.length) {
        const grown = new Uint32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.used++] = bucket;
    }
    counts[bucket]! += 1;
  }

  private addCharGrams(word: string): void {
    const { charMin, charMax } = this.config;
    const length = Math.min(word.length, MAX_CHARS_PER_WORD);
    // The word between two boundary markers (spaces): " word ".
    const codes = this.codes;
    codes[0] = 0x20;
    for (let i = 0; i < length; i++) {
      codes[i + 1] = word.charCodeAt(i);
    }
    const padded = length + 2;
    codes[padded - 1] = 0x20;
    for (let start = 0; start + charMin <= padded; start++) {
      let hash = SEED_CHAR;
      const stop = Math.min(padded, start + charMax);
      for (let end = start; end < stop; end++) {
        hash = Math.imul(hash ^ codes[end]!, FNV_PRIME);
        if (end - start + 1 >= charMin) {
          this.add(hash ^ (end - start));
        }
      }
    }
  }

  /** The feature vector of one prepared text. */
  featurize(prepared: string): SparseVector {
    this.used = 0;
    const tokens = tokenize(prepared);
    let previous = -1;
    for (const token of tokens) {
      if (token.kind === 'symbol') {
        this.add(hashString(token.text, SEED_SYMBOL));
        continue;
      }
      const wordHash = hashString(token.text, SEED_WORD);
      this.add(wordHash);
      if (this.config.wordBigrams && previous !== -1) {
        this.add(combine(previous ^ SEED_BIGRAM, wordHash));
      }
      previous = wordHash;
      this.addCharGrams(token.text);
    }
    return this.collect();
  }

  private collect(): SparseVector {
    const size = this.used;
    const indices = this.touched.slice(0, size);
    const values = new Float32Array(size);
    let norm = 0;
    for (let i = 0; i < size; i++) {
      const bucket = indices[i]!;
      const count = this.counts[bucket]!;
      const value = count === 1 ? 1 : 1 + Math.log(count);
      this.counts[bucket] = 0;
      values[i] = value;
      norm += value * value;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < size; i++) {
        values[i]! *= scale;
      }
    }
    return { indices, values };
  }
}

function hashString(text: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  }
  return hash;
}

const featurizers = new Map<string, Featurizer>();

/** A shared featurizer for a configuration (one scratch array per distinct configuration). */
export function featurizerFor(
  config: Readonly<FeatureConfig> = DEFAULT_FEATURE_CONFIG,
): Featurizer {
  const key = `${config.bits}:${config.charMin}:${config.charMax}:${config.wordBigrams}`;
  let featurizer = featurizers.get(key);
  if (!featurizer) {
    featurizer = new Featurizer(config);
    featurizers.set(key, featurizer);
  }
  return featurizer;
}

/** The feature vector of a prepared (normalised) text under a configuration. */
export function featurize(
  prepared: string,
  config: Readonly<FeatureConfig> = DEFAULT_FEATURE_CONFIG,
): SparseVector {
  return featurizerFor(config).featurize(prepared);
}
