import { describe, expect, it } from 'vitest';
import { analyse } from './analyse.js';
import { decide, DEFAULT_POLICY } from './policy.js';

function verdict(text: string) {
  const result = analyse(text);
  return decide(DEFAULT_POLICY, {
    scores: result.scores,
    suspicion: 0,
    watchedActions: result.watched.actions,
  });
}

describe('analyse with the default policy', () => {
  it('publishes short replies and shop talk the spam classifier alone would doubt', () => {
    for (const text of ['Please help', 'Please', 'Cheers mate', 'Yes please!', 'Thanks!', 'ok']) {
      expect(verdict(text).decision, text).toBe('allow');
    }
  });

  it('still holds or rejects spam the rules can point to', () => {
    const spam = verdict('Check out my channel and subscribe, free gift card at bit.ly/xyz');
    expect(['hold', 'reject']).toContain(spam.decision);
    expect(spam.reasonCode).toMatch(/spam|scam/);
  });

  it('lets the classifier alone hold abusive language, never reject it', () => {
    const result = verdict('This coat is fucking gorgeous');
    expect(result.decision).not.toBe('reject');
  });

  it('rejects an insult the rules name', () => {
    expect(verdict('You are a pathetic worthless idiot, shut up').decision).toBe('reject');
  });
});
