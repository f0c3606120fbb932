import { describe, expect, it } from 'vitest';
import type { WatchedWord } from '../moderation.types.js';
import { normalizeText } from '../text/normalize.js';
import { createWatchedWords } from './watched-words.js';

function apply(rules: WatchedWord[], text: string) {
  return createWatchedWords(rules).apply(normalizeText(text));
}

describe('createWatchedWords', () => {
  it('returns an empty outcome when nothing matches', () => {
    const text = 'Nothing to see here';
    expect(apply([{ word: 'refund', action: 'hold' }], text)).toEqual({
      detector: 'watched_words',
      scores: { watched: 0 },
      spans: [],
      actions: [],
      tags: [],
      censored: text,
    });
  });

  it('matches whole words case-insensitively after normalisation', () => {
    const rules: WatchedWord[] = [{ word: 'Refund', action: 'hold' }];
    expect(apply(rules, 'I want a REFUND now').actions).toEqual(['hold']);
    expect(apply(rules, 'I want a r3fund now').actions).toEqual(['hold']);
    expect(apply(rules, 'refunds are slow').actions).toEqual([]);
  });

  it('matches a prefix with a trailing *', () => {
    const outcome = apply([{ word: 'scam*', action: 'block' }], 'total scammers, scam, scarf');
    expect(outcome.actions).toEqual(['block']);
    expect(outcome.spans.map((s) => s.rule)).toEqual(['watched:scam*', 'watched:scam*']);
  });

  it('matches phrases', () => {
    const outcome = apply(
      [{ word: 'price match', action: 'tag', tag: 'pricing' }],
      'Do you Price-Match?',
    );
    expect(outcome.tags).toEqual(['pricing']);
  });

  it('scores block and hold 1, tag and censor 0.5', () => {
    expect(apply([{ word: 'rival', action: 'block' }], 'rival shop').scores.watched).toBe(1);
    expect(apply([{ word: 'rival', action: 'hold' }], 'rival shop').scores.watched).toBe(1);
    expect(apply([{ word: 'rival', action: 'tag' }], 'rival shop').scores.watched).toBe(0.5);
    expect(apply([{ word: 'rival', action: 'censor' }], 'rival shop').scores.watched).toBe(0.5);
    const both = apply(
      [
        { word: 'rival', action: 'tag' },
        { word: 'shop', action: 'hold' },
      ],
      'rival shop',
    );
    expect(both.scores.watched).toBe(1);
    expect(both.actions).toEqual(['hold', 'tag']);
  });

  it('deduplicates tags and falls back to the word as the tag', () => {
    const outcome = apply(
      [
        { word: 'kettle', action: 'tag', tag: 'kitchen' },
        { word: 'toaster', action: 'tag', tag: 'kitchen' },
        { word: 'lamp*', action: 'tag' },
      ],
      'kettle, toaster, kettle and lampshade',
    );
    expect(outcome.tags).toEqual(['kitchen', 'lamp']);
  });

  it('censors the original text with asterisks of equal length', () => {
    const text = 'That br\u200band is a R1POFF, ripoff!';
    const outcome = apply(
      [
        { word: 'ripoff', action: 'censor' },
        { word: 'brand', action: 'censor' },
      ],
      text,
    );
    expect(outcome.censored).toBe('That ****** is a ******, ******!');
    expect(outcome.censored).toHaveLength(text.length);
    expect(outcome.spans.every((s) => s.category === 'watched')).toBe(true);
  });

  it('keeps stretched words matching and censors the whole stretch', () => {
    const outcome = apply([{ word: 'ripoff', action: 'censor' }], 'what a riiiipoff');
    expect(outcome.censored).toBe('what a *********');
  });
});
