import { describe, expect, it } from 'vitest';
import { authorMessage, decide, DEFAULT_POLICY, resolvePolicy } from './policy.js';

const none = { suspicion: 0, watchedActions: [] };

describe('decide', () => {
  it('allows an item with low scores', () => {
    const result = decide(DEFAULT_POLICY, { ...none, scores: { toxicity: 0.1, spam: 0.2 } });
    expect(result).toMatchObject({ decision: 'allow', reasonCode: null });
  });

  it('holds between the thresholds and rejects above the reject threshold', () => {
    expect(decide(DEFAULT_POLICY, { ...none, scores: { insult: 0.7 } })).toMatchObject({
      decision: 'hold',
      reasonCode: 'insult',
      queue: 'standard',
    });
    expect(decide(DEFAULT_POLICY, { ...none, scores: { insult: 0.95 } })).toMatchObject({
      decision: 'reject',
      reasonCode: 'insult',
    });
  });

  it('never rejects a threat or self-harm automatically, and escalates both', () => {
    for (const category of ['threat', 'self_harm'] as const) {
      const result = decide(DEFAULT_POLICY, { ...none, scores: { [category]: 1 } });
      expect(result).toMatchObject({ decision: 'hold', queue: 'senior', reasonCode: category });
    }
    // a rejecting insult beside a threat still goes to a person, in the senior queue
    const mixed = decide(DEFAULT_POLICY, { ...none, scores: { insult: 0.99, threat: 0.5 } });
    expect(mixed).toMatchObject({ decision: 'hold', queue: 'senior' });
  });

  it('is stricter with suspicious authors', () => {
    const input = { scores: { spam: 0.5 }, watchedActions: [] };
    expect(decide(DEFAULT_POLICY, { ...input, suspicion: 0 }).decision).toBe('allow');
    expect(decide(DEFAULT_POLICY, { ...input, suspicion: 1 }).decision).toBe('hold');
  });

  it('lets watched words block or hold before scores', () => {
    expect(
      decide(DEFAULT_POLICY, { ...none, scores: {}, watchedActions: ['block'] }),
    ).toMatchObject({ decision: 'reject', reasonCode: 'watched_word' });
    expect(
      decide(DEFAULT_POLICY, { ...none, scores: {}, watchedActions: ['hold', 'tag'] }),
    ).toMatchObject({ decision: 'hold', reasonCode: 'watched_word' });
    expect(decide(DEFAULT_POLICY, { ...none, scores: {}, watchedActions: ['tag'] }).decision).toBe(
      'allow',
    );
  });

  it('treats a score that is not a number as no evidence', () => {
    expect(decide(DEFAULT_POLICY, { ...none, scores: { hate: Number.NaN } }).decision).toBe(
      'allow',
    );
  });
});

describe('resolvePolicy', () => {
  it('lays space over region over tenant, adding lists', () => {
    const policy = resolvePolicy([
      {
        thresholds: { spam: { hold: 0.4, reject: 0.8 } },
        watchedWords: [{ word: 'a', action: 'tag', tag: 'x' }],
      },
      { autoRejectCap: 0.1, watchedWords: [{ word: 'b', action: 'block' }] },
      { thresholds: { spam: { hold: 0.3, reject: 1.01 } } },
    ]);
    expect(policy.thresholds.spam).toEqual({ hold: 0.3, reject: 1.01 });
    expect(policy.thresholds.insult).toEqual(DEFAULT_POLICY.thresholds.insult);
    expect(policy.autoRejectCap).toBe(0.1);
    expect(policy.watchedWords.map((w) => w.word)).toEqual(['a', 'b']);
    // the defaults themselves are untouched
    expect(DEFAULT_POLICY.watchedWords).toEqual([]);
  });
});

describe('authorMessage', () => {
  it('says what happened, why, and what the author can do', () => {
    expect(authorMessage('post', 'hold', 'personal_data')).toMatch(
      /^Your post is waiting for a moderator because .*phone number.*saved/,
    );
    expect(authorMessage('comment', 'reject', 'spam')).toMatch(/not published .*appeal/);
  });
});
