/**
 * Finds disclosure labels in a member's text: label words and hashtags (`Ad:`, `#ad`, `(ad)`,
 * `AD |`, `Werbung`), ambiguous tags (`#sp`, `#collab`, `Thanks @Acme`, `#AcmeAmbassador`) and
 * plain sentences that name the tie ("Acme pays me as an ambassador", "affiliate links: I earn a
 * commission"). Matching runs on the normalised form of the text (src/moderation/text), so
 * invisible characters, look-alike letters and accents neither hide a label nor fake one, and
 * every hit carries its range in the text as the member wrote it.
 *
 * Words must stand alone: `#adidas`, `#adventure`, `Adobe` and `add` are not `ad`. A plain word
 * label (`ad`, `sponsored`) counts where it reads as a label: at the start of a line, before a
 * separator (`Ad:`, `AD |`, `Ad —`), inside brackets (`(ad)`), or as `sponsored by`; the same
 * word in the middle of a sentence ("I saw an ad for it") is not a label, nor is a negated one
 * ("not sponsored").
 */
import {
  normalizeText,
  toOriginalRange,
  type NormalizedText,
} from '../../moderation/text/normalize.js';
import { AFFILIATE_PATTERNS, AFFILIATE_TOPIC, TIE_PATTERNS } from './phrases.js';

/** What a hit is. */
export type LabelKind = 'word' | 'hashtag' | 'tie' | 'affiliate' | 'thanks' | 'brand_tag';

/** One label found in the text. */
export interface LabelHit {
  /** The label as listed in the ladders (`ad`, `paid partnership`), or the phrase kind. */
  label: string;
  kind: LabelKind;
  /** Range in the original text. */
  start: number;
  end: number;
  text: string;
}

/** One word of the normalised text. */
export interface Token {
  /** Range in `n.text`, including a leading `#` or `@`. */
  start: number;
  end: number;
  word: string;
  hashtag: boolean;
  mention: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const SEPARATORS_AFTER = new Set([':', '|', '–', '—', '·', '•', '/', ')', ']', '>']);
const SEPARATORS_BEFORE = new Set(['(', '[', '|', '·', '•', '/', '<']);
const NEGATIONS = new Set(['not', 'no', 'never', 'isnt', 'nicht', 'kein', 'keine', 'pas', 'sin']);
const SPONSOR_WORDS = new Set(['sponsored', 'gesponsert', 'patrocinado', 'sponsorise']);
const SPONSOR_NEXT = new Set(['by', 'von', 'durch', 'por', 'par', 'post', 'content', 'video']);
const URL_IN_TEXT = /(?:https?:\/\/|www\.)\S+/g;

/** The words of a normalised text, with `#` and `@` kept on hashtags and mentions. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    const marker = ch === '#' || ch === '@';
    const from = marker ? i + 1 : i;
    if (
      !WORD_CHAR.test(text.charAt(from)) ||
      (marker && i > 0 && WORD_CHAR.test(text.charAt(i - 1)))
    ) {
      i += 1;
      continue;
    }
    let end = from;
    while (
      end < text.length &&
      (WORD_CHAR.test(text.charAt(end)) || isInnerApostrophe(text, end))
    ) {
      end += 1;
    }
    tokens.push({
      start: i,
      end,
      word: text.slice(from, end).replace(/['’]/g, ''),
      hashtag: ch === '#',
      mention: ch === '@',
    });
    i = end;
  }
  return tokens;
}

function isInnerApostrophe(text: string, i: number): boolean {
  const ch = text.charAt(i);
  return (ch === "'" || ch === '’') && WORD_CHAR.test(text.charAt(i + 1));
}

/** Ranges of `text` that are web addresses: never read for labels. */
function addressRanges(text: string): [number, number][] {
  return [...text.matchAll(URL_IN_TEXT)].map((m) => [m.index, m.index + m[0].length]);
}

function inRanges(ranges: [number, number][], at: number): boolean {
  return ranges.some(([from, to]) => at >= from && at < to);
}

/** The first character after `end` that is not a space, or ''. */
function nextVisible(text: string, end: number): string {
  let i = end;
  while (i < text.length && (text.charAt(i) === ' ' || text.charAt(i) === '\t')) {
    i += 1;
  }
  return text.charAt(i);
}

/** The last character before `start` that is not a space, or '' (start of text). */
function previousVisible(text: string, start: number): string {
  let i = start - 1;
  while (i >= 0 && (text.charAt(i) === ' ' || text.charAt(i) === '\t')) {
    i -= 1;
  }
  return i < 0 ? '' : text.charAt(i);
}

/** Whether nothing but spaces, punctuation or emoji stands before `start` on its line. */
function startsLine(text: string, start: number): boolean {
  for (let i = start - 1; i >= 0; i -= 1) {
    const ch = text.charAt(i);
    if (ch === '\n') {
      return true;
    }
    if (WORD_CHAR.test(ch)) {
      return false;
    }
  }
  return true;
}

/** Whether a plain word at tokens[i..j] reads as a label, not as a word of a sentence. */
function standsAsLabel(text: string, tokens: Token[], i: number, j: number): boolean {
  const first = tokens[i]!;
  const last = tokens[j]!;
  for (let k = Math.max(0, i - 3); k < i; k += 1) {
    if (NEGATIONS.has(tokens[k]!.word)) {
      return false;
    }
  }
  // part of a compound ("ad-free", "pre-ad"), not a label
  const joined = (at: number) =>
    text.charAt(at) === '-' && WORD_CHAR.test(text.charAt(at + (at < first.start ? -1 : 1)));
  if (joined(last.end) || joined(first.start - 1)) {
    return false;
  }
  if (j > i) {
    return true;
  }
  if (SPONSOR_WORDS.has(first.word) && SPONSOR_NEXT.has(tokens[j + 1]?.word ?? '')) {
    return true;
  }
  return (
    startsLine(text, first.start) ||
    SEPARATORS_AFTER.has(nextVisible(text, last.end)) ||
    /^\s+-\s/.test(text.slice(last.end, last.end + 3)) ||
    SEPARATORS_BEFORE.has(previousVisible(text, first.start))
  );
}

/** Whether tokens[i..] spell `words`, joined only by spaces or hyphens. */
function spells(text: string, tokens: Token[], i: number, words: string[]): boolean {
  for (let w = 0; w < words.length; w += 1) {
    const token = tokens[i + w];
    if (token === undefined || token.hashtag || token.mention || token.word !== words[w]) {
      return false;
    }
    if (w > 0 && !/^[\s-]*$/.test(text.slice(tokens[i + w - 1]!.end, token.start))) {
      return false;
    }
  }
  return true;
}

function hitOf(n: NormalizedText, label: string, kind: LabelKind, from: number, to: number) {
  const range = toOriginalRange(n, from, to);
  return {
    label,
    kind,
    start: range.start,
    end: range.end,
    text: n.original.slice(range.start, range.end),
  };
}

/** The label words and hashtags of `vocabulary` (ladder spellings) found in `n`. */
export function findLabelWords(n: NormalizedText, vocabulary: readonly string[]): LabelHit[] {
  const text = n.text;
  const tokens = tokenize(text);
  const addresses = addressRanges(text);
  const phrases = [...new Set(vocabulary)].map((label) => ({
    label,
    words: label.replace(/^#/, '').split(' '),
    joined: label.replace(/^#|\s/g, ''),
  }));
  const hits: LabelHit[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (inRanges(addresses, token.start) || token.mention) {
      continue;
    }
    for (const phrase of phrases) {
      if (token.hashtag) {
        if (token.word === phrase.joined) {
          hits.push(hitOf(n, phrase.label, 'hashtag', token.start, token.end));
        }
        continue;
      }
      const j = i + phrase.words.length - 1;
      if (spells(text, tokens, i, phrase.words) && standsAsLabel(text, tokens, i, j)) {
        hits.push(hitOf(n, phrase.label, 'word', token.start, tokens[j]!.end));
      }
    }
  }
  return hits;
}

/**
 * Thanks-style and brand-named tags (DISC-03): `#thanksacme`, `Thanks @Acme`, `thanks to Acme`
 * (`thanks`), and `#AcmeAmbassador` / `#AcmePartner` (`brand_tag`).
 */
export function findThanksAndBrandTags(n: NormalizedText): LabelHit[] {
  const tokens = tokenize(n.text);
  const hits: LabelHit[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (token.hashtag && /^(?:thanks|thankyou|danke)[a-z0-9]{2,}$/.test(token.word)) {
      hits.push(hitOf(n, 'thanks to', 'thanks', token.start, token.end));
    } else if (
      token.hashtag &&
      /^[a-z0-9]{2,}(?:ambassador|partner|botschafter)$/.test(token.word)
    ) {
      hits.push(hitOf(n, 'brand ambassador tag', 'brand_tag', token.start, token.end));
    } else if (!token.hashtag && /^(?:thanks|thank|danke)$/.test(token.word) && next?.mention) {
      hits.push(hitOf(n, 'thanks to', 'thanks', token.start, next.end));
    }
  }
  return hits;
}

/** Runs phrase patterns over `n.text`, skipping matches inside web addresses. */
function phraseHits(
  n: NormalizedText,
  patterns: readonly RegExp[],
  label: string,
  kind: LabelKind,
  topic?: RegExp,
): LabelHit[] {
  const addresses = addressRanges(n.text);
  const hits: LabelHit[] = [];
  for (const pattern of patterns) {
    for (const m of n.text.matchAll(pattern)) {
      if (inRanges(addresses, m.index)) {
        continue;
      }
      if (topic !== undefined && topic.test(sentenceAround(n.text, m.index))) {
        continue;
      }
      hits.push(hitOf(n, label, kind, m.index, m.index + m[0].length));
    }
  }
  return hits;
}

/** The sentence of `text` that holds `at`. */
function sentenceAround(text: string, at: number): string {
  const before = text.slice(0, at).search(/[.!?\n][^.!?\n]*$/);
  const after = text.slice(at).search(/[.!?\n]/);
  return text.slice(before === -1 ? 0 : before + 1, after === -1 ? text.length : at + after);
}

/**
 * Sentences that disclose affiliate links or channel support: "affiliate links", "I earn a
 * small commission", "Amazon Associate", "support the channel by shopping through this link".
 * Sentences about affiliate marketing as a topic ("how to make money with affiliate programs")
 * and denials ("not affiliated with") are not disclosures.
 */
export function findAffiliateDisclosures(n: NormalizedText): LabelHit[] {
  return phraseHits(n, AFFILIATE_PATTERNS, 'affiliate disclosure', 'affiliate', AFFILIATE_TOPIC);
}

/** Plain sentences that name the tie: "Acme pays me", "Acme sent me this for free". */
export function findTieSentences(n: NormalizedText): LabelHit[] {
  return phraseHits(n, TIE_PATTERNS, 'relationship sentence', 'tie');
}

/** Whether one sentence discloses affiliate links (the bench's per-sentence question). */
export function disclosesAffiliateLinks(sentence: string): boolean {
  return findAffiliateDisclosures(normalizeText(sentence)).length > 0;
}
