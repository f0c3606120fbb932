import { describe, it, expect } from 'vitest';
import { checkPassword, type PasswordCheck } from './password-policy.js';

function reasonOf(result: PasswordCheck): string {
  return result.ok ? 'accepted' : result.reason;
}

describe('checkPassword', () => {
  it('compares against the common list ignoring case', () => {
    expect(reasonOf(checkPassword('PassWord'))).toBe('too_common');
    expect(reasonOf(checkPassword('QWERTY123'))).toBe('too_common');
    expect(reasonOf(checkPassword('12345678'))).toBe('too_common');
  });

  it('refuses a listed password with a short number or symbol suffix, but not a long one', () => {
    expect(reasonOf(checkPassword('Dragon2024!'))).toBe('too_common');
    expect(reasonOf(checkPassword('monkey!!'))).toBe('too_common');
    expect(reasonOf(checkPassword('dragon84736251'))).toBe('accepted');
  });

  it('refuses one character repeated', () => {
    expect(reasonOf(checkPassword('zzzzzzzzzz'))).toBe('too_common');
  });

  it('accepts correct horse battery staple', () => {
    expect(checkPassword('correct horse battery staple')).toEqual({ ok: true });
  });

  it('counts Unicode code points, not UTF-16 units', () => {
    const fourAnimals = '\u{1F436}\u{1F431}\u{1F430}\u{1F98A}';
    const eightAnimals = `${fourAnimals}\u{1F43B}\u{1F43C}\u{1F428}\u{1F42F}`;

    expect(fourAnimals).toHaveLength(8);
    expect(reasonOf(checkPassword(fourAnimals))).toBe('too_short');
    expect(reasonOf(checkPassword(eightAnimals))).toBe('accepted');
  });

  it('accepts 256 characters and refuses 257', () => {
    const words = 'amber fox '.repeat(26);

    expect(reasonOf(checkPassword(words.slice(0, 256)))).toBe('accepted');
    expect(reasonOf(checkPassword(words.slice(0, 257)))).toBe('too_long');
    expect(reasonOf(checkPassword('x'.repeat(100_000)))).toBe('too_long');
  });

  it('refuses the email, its local part or the username, ignoring case', () => {
    const context = { email: 'Anna.Smith@Example.com', username: 'AnnaShopper' };

    expect(reasonOf(checkPassword('anna.smith@example.com', context))).toBe('matches_identity');
    expect(reasonOf(checkPassword('ANNA.SMITH', context))).toBe('matches_identity');
    expect(reasonOf(checkPassword('annashopper', context))).toBe('matches_identity');
    expect(reasonOf(checkPassword('anna smith likes tea', context))).toBe('accepted');
  });
});
