import { describe, expect, it } from 'vitest';
import { draftOf, newWatchedWord, numberOf, pathMatches, settingsOf } from './policyDraft';

describe('policy form values', () => {
  it('sends only what is set, so the rest keeps inheriting', () => {
    const draft = draftOf(null);
    expect(settingsOf(draft)).toEqual({});
    draft.thresholds.toxicity = { hold: '0,55', reject: '' };
    draft.auditSampleRate = '0.1';
    draft.watchedWords = [
      { ...newWatchedWord(), word: ' cheapbags ', action: 'tag', tag: 'spam-ish' },
    ];
    draft.trustedDomains = 'Example.com\n\n';
    draft.languages = 'en, de';
    draft.reviewSenior = '30';
    expect(settingsOf(draft)).toEqual({
      thresholds: { toxicity: { hold: 0.55 } },
      auditSampleRate: 0.1,
      watchedWords: [{ word: 'cheapbags', action: 'tag', tag: 'spam-ish' }],
      trustedDomains: ['example.com'],
      languages: ['en', 'de'],
      reviewMinutes: { senior: 30 },
    });
  });

  it('round-trips a saved policy', () => {
    const settings = {
      thresholds: { spam: { hold: 0.5, reject: 0.9 } },
      newMemberStrictness: 0.3,
      watchedWords: [{ word: 'refund scam', action: 'hold' as const }],
      allowedWords: ['bloody'],
    };
    const draft = draftOf({
      id: 'p1',
      scope: 'space',
      spaceSlug: 'help',
      regionCode: null,
      mode: 'shadow',
      settings,
      updatedAt: '2026-01-01T00:00:00Z',
    });
    expect(draft.scope).toBe('space');
    expect(draft.mode).toBe('shadow');
    expect(settingsOf(draft)).toEqual(settings);
  });

  it('passes text that is no number on to the server to name', () => {
    expect(numberOf('')).toBeUndefined();
    expect(numberOf('0.7')).toBe(0.7);
    expect(numberOf('lots')).toBe('lots');
  });

  it('matches a field to the paths the server named', () => {
    const paths = ['/settings/thresholds/hate', '/settings/watchedWords/0/tag'];
    expect(pathMatches(paths, '/settings/thresholds/hate/hold')).toBe(true);
    expect(pathMatches(paths, '/settings/thresholds/spam/hold')).toBe(false);
    expect(pathMatches(paths, '/settings/watchedWords/0/tag')).toBe(true);
    expect(pathMatches(['/settings'], '/settings/autoRejectCap')).toBe(false);
  });
});
