import { describe, it, expect } from 'vitest';
import {
  canonicalUsername,
  checkNewUsername,
  checkUsername,
  type UsernameCheck,
  type UsernameProblem,
} from './username.js';

const EXISTING = ['annasmith', 'Zo\u00eb_R', 'paul_m'];

function reasonOf(result: UsernameCheck): UsernameProblem | 'accepted' {
  return result.ok ? 'accepted' : result.reason;
}

function messageOf(result: UsernameCheck): string {
  return result.ok ? '' : result.message;
}

describe('checkNewUsername: look-alike registrations (case user-01)', () => {
  it('refuses a zero-width space as an invisible character', () => {
    const result = checkNewUsername('anna\u200bsmith', EXISTING);

    expect(reasonOf(result)).toBe('invisible_character');
    expect(messageOf(result)).toContain('U+200B');
  });

  it('refuses a trailing word joiner as an invisible character', () => {
    const result = checkNewUsername('annasmith\u2060', EXISTING);

    expect(reasonOf(result)).toBe('invisible_character');
    expect(messageOf(result)).toContain('word joiner');
  });

  it('refuses a right-to-left override as a bidi control', () => {
    const result = checkNewUsername('\u202eannasmith', EXISTING);

    expect(reasonOf(result)).toBe('bidi_control');
    expect(messageOf(result)).toContain('U+202E');
  });

  it('refuses a soft hyphen and names it', () => {
    const result = checkNewUsername('anna\u00adsmith', EXISTING);

    expect(reasonOf(result)).toBe('invisible_character');
    expect(messageOf(result)).toContain('soft hyphen');
  });

  it('refuses "Zoe" + combining diaeresis as the same name as Zoë_R', () => {
    const result = checkNewUsername('Zoe\u0308_R', EXISTING);

    expect(reasonOf(result)).toBe('taken');
    expect(messageOf(result)).toContain('Zo\u00eb_R');
  });

  it('refuses a Cyrillic "а" in paul_m as a confusable of paul_m', () => {
    const result = checkNewUsername('p\u0430ul_m', EXISTING);

    expect(reasonOf(result)).toBe('confusable_with_existing');
    expect(messageOf(result)).toContain('paul_m');
  });

  it('refuses every attempt in the case', () => {
    const attempts = [
      'anna\u200bsmith',
      'annasmith\u2060',
      '\u202eannasmith',
      'anna\u00adsmith',
      'Zoe\u0308_R',
      'p\u0430ul_m',
    ];

    const accepted = attempts.map((name) => checkNewUsername(name, EXISTING).ok);

    expect(accepted).toEqual([false, false, false, false, false, false]);
  });

  it('accepts a name unlike any existing one', () => {
    const result = checkNewUsername('paula_m', EXISTING);

    expect(result).toEqual({ ok: true, display: 'paula_m', canonical: 'paula_m' });
  });
});

describe('canonicalUsername', () => {
  it('resolves the mention "@ZOE\u0308_r" to the stored Zoë_R', () => {
    const mentionText = 'Thanks @ZOE\u0308_r for the tip!';
    const typed = mentionText.slice('Thanks @'.length, mentionText.indexOf(' for'));
    const byKey = new Map(EXISTING.map((name) => [canonicalUsername(name), name]));

    expect(byKey.get(canonicalUsername(typed))).toBe('Zo\u00eb_R');
  });

  it('folds case, NFC/NFKC and German sharp s', () => {
    expect(canonicalUsername('ANNASMITH')).toBe(canonicalUsername('annasmith'));
    expect(canonicalUsername('\uff21nna')).toBe(canonicalUsername('anna'));
    expect(canonicalUsername('Stra\u00dfe')).toBe('strasse');
    expect(canonicalUsername('STRASSE')).toBe('strasse');
  });

  it('folds confusables across scripts and common ASCII look-alikes', () => {
    expect(canonicalUsername('p\u0430yp\u0430l')).toBe('paypal');
    expect(canonicalUsername('pau1_m')).toBe(canonicalUsername('paul_m'));
    expect(canonicalUsername('m0derator')).toBe(canonicalUsername('moderator'));
  });

  it('keeps separators and genuinely different names apart', () => {
    expect(canonicalUsername('anna.smith')).not.toBe(canonicalUsername('annasmith'));
    expect(canonicalUsername('anna_smith')).not.toBe(canonicalUsername('anna.smith'));
    expect(canonicalUsername('paul_m')).not.toBe(canonicalUsername('paul_n'));
  });
});

describe('checkUsername: ordinary names', () => {
  it('accepts anna.smith', () => {
    expect(checkUsername('anna.smith')).toEqual({
      ok: true,
      display: 'anna.smith',
      canonical: 'anna.smith',
    });
  });

  it('accepts Jürgen_K typed either precomposed or decomposed, storing NFC', () => {
    const precomposed = checkUsername('J\u00fcrgen_K');
    const decomposed = checkUsername('Ju\u0308rgen_K');

    expect(precomposed.ok && precomposed.display).toBe('J\u00fcrgen_K');
    expect(decomposed.ok && decomposed.display).toBe('J\u00fcrgen_K');
  });

  it('accepts a Chinese name of three characters', () => {
    const result = checkUsername('李小龙');

    expect(result).toEqual({ ok: true, display: '李小龙', canonical: '李小龙' });
  });

  it("refuses o'neil for the apostrophe", () => {
    const result = checkUsername("o'neil");

    expect(reasonOf(result)).toBe('disallowed_character');
    expect(messageOf(result)).toContain("'");
  });

  it('enforces 3 to 30 characters', () => {
    expect(reasonOf(checkUsername('ab'))).toBe('too_short');
    expect(reasonOf(checkUsername('abc'))).toBe('accepted');
    expect(reasonOf(checkUsername('a'.repeat(30)))).toBe('accepted');
    expect(reasonOf(checkUsername('a'.repeat(31)))).toBe('too_long');
    expect(reasonOf(checkUsername('a'.repeat(10_000)))).toBe('too_long');
  });

  it('refuses whitespace and control characters', () => {
    expect(reasonOf(checkUsername('anna smith'))).toBe('whitespace');
    expect(reasonOf(checkUsername('anna\u00a0smith'))).toBe('whitespace');
    expect(reasonOf(checkUsername('anna\u0007smith'))).toBe('control_character');
  });

  it('refuses other invisible characters and bidi isolates', () => {
    expect(reasonOf(checkUsername('anna\ufeff'))).toBe('invisible_character');
    expect(reasonOf(checkUsername('anna\u3164x'))).toBe('invisible_character');
    expect(reasonOf(checkUsername('anna\u2066x\u2069'))).toBe('bidi_control');
    expect(reasonOf(checkUsername('anna\u200fx'))).toBe('bidi_control');
  });

  it('requires a letter or digit first and refuses a trailing dot or hyphen', () => {
    expect(reasonOf(checkUsername('_anna'))).toBe('bad_first_character');
    expect(reasonOf(checkUsername('.anna'))).toBe('bad_first_character');
    expect(reasonOf(checkUsername('anna.'))).toBe('bad_last_character');
    expect(reasonOf(checkUsername('7anna_'))).toBe('accepted');
  });

  it('refuses combining marks that do not sit on a letter', () => {
    expect(reasonOf(checkUsername('anna_\u0301x'))).toBe('misplaced_combining_mark');
    expect(reasonOf(checkUsername('a\u0301\u0302\u0303\u0304\u0305\u0306bc'))).toBe(
      'misplaced_combining_mark',
    );
  });

  it('accepts scripts that need combining marks on letters', () => {
    expect(reasonOf(checkUsername('नमस्ते'))).toBe('accepted');
  });

  it('refuses symbols such as @ and emoji', () => {
    expect(reasonOf(checkUsername('anna@shop'))).toBe('disallowed_character');
    expect(reasonOf(checkUsername('anna\u{1F600}'))).toBe('disallowed_character');
  });
});
