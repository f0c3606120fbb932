/**
 * Guild moderation: a tenant's watched words. Each rule is a word or phrase (a trailing `*`
 * matches any word starting with it), matched on whole words of the normalised text, with an
 * action: `block` or `hold` the item, `tag` it, or `censor` the word in the published text.
 */
import type {
  DetectorResult,
  Span,
  WatchedAction,
  WatchedOutcome,
  WatchedWord,
} from '../moderation.types.js';
import { toOriginalRange, type NormalizedText } from '../text/normalize.js';
import { compileWords } from './word-matcher.js';

/** A compiled set of watched-word rules for one tenant. */
export interface WatchedWords {
  apply(n: NormalizedText): WatchedOutcome;
}

const ACTION_ORDER: readonly WatchedAction[] = ['block', 'hold', 'censor', 'tag'];

/** Replaces each range of `text` with asterisks of the same UTF-16 length. */
function mask(text: string, ranges: readonly { start: number; end: number }[]): string {
  if (ranges.length === 0) {
    return text;
  }
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const { start, end } of sorted) {
    const from = Math.max(start, at);
    if (end <= from) {
      continue;
    }
    out += text.slice(at, from) + '*'.repeat(end - from);
    at = end;
  }
  return out + text.slice(at);
}

/** Compiles a tenant's watched-word rules once; `apply` then checks one text. */
export function createWatchedWords(rules: readonly WatchedWord[]): WatchedWords {
  const matcher = compileWords(rules.map((rule) => ({ phrase: rule.word, payload: rule })));

  function apply(n: NormalizedText): WatchedOutcome {
    const hits = matcher.find(n);
    const spans: Span[] = [];
    const actions = new Set<WatchedAction>();
    const tags = new Set<string>();
    const censorRanges: { start: number; end: number }[] = [];
    let score = 0;
    for (const hit of hits) {
      const rule = hit.payload;
      const range = toOriginalRange(n, hit.start, hit.end);
      actions.add(rule.action);
      spans.push({ ...range, category: 'watched', rule: `watched:${rule.word}` });
      switch (rule.action) {
        case 'block':
        case 'hold':
          score = 1;
          break;
        case 'tag': {
          score = Math.max(score, 0.5);
          const tag = (rule.tag ?? rule.word.replace(/\*$/, '')).trim();
          if (tag !== '') {
            tags.add(tag);
          }
          break;
        }
        case 'censor':
          score = Math.max(score, 0.5);
          censorRanges.push(range);
          break;
      }
    }
    const result: DetectorResult = {
      detector: 'watched_words',
      scores: { watched: score },
      spans,
    };
    return {
      ...result,
      actions: ACTION_ORDER.filter((a) => actions.has(a)),
      tags: [...tags],
      censored: mask(n.original, censorRanges),
    };
  }

  return { apply };
}
