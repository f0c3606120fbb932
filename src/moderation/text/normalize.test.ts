import { describe, expect, it } from 'vitest';
import {
  normalizeText,
  textFingerprint,
  toOriginalRange,
  type NormalizedText,
} from './normalize.js';

/** The original text behind `needle` in the matching form. */
function sourceOf(n: NormalizedText, needle: string): string {
  const at = n.text.indexOf(needle);
  expect(at, `"${needle}" in "${n.text}"`).toBeGreaterThanOrEqual(0);
  const range = toOriginalRange(n, at, at + needle.length);
  return n.original.slice(range.start, range.end);
}

describe('normalizeText', () => {
  it('keeps the original and gives one origin index per character of the matching form', () => {
    const original = 'Ｈéllo\u200b Wörld 👋';
    const n = normalizeText(original);
    expect(n.original).toBe(original);
    expect(n.origin.length).toBe(n.text.length);
    expect(n.text).toBe('hello world 👋');
    for (let i = 1; i < n.origin.length; i += 1) {
      expect(n.origin[i]!).toBeGreaterThanOrEqual(n.origin[i - 1]!);
    }
  });

  it('drops invisible characters: zero-width, soft hyphen, word joiner, BOM, bidi controls', () => {
    expect(normalizeText('a\u200bs\u200cs\u200dh\u2060o\u00adl\ufeffe').text).toBe('asshole');
    expect(normalizeText('sh\u202ei\u202ct').text).toBe('shit');
    expect(normalizeText('\u2066shit\u2069').text).toBe('shit');
  });

  it('applies NFKC, case folding and strips diacritics', () => {
    expect(normalizeText('𝐬𝐡𝐢𝐭 ＳＨＩＴ').text).toBe('shit shit');
    expect(normalizeText('Straße').text).toBe('strasse');
    expect(normalizeText('Crème Brûlée').text).toBe('creme brulee');
    expect(normalizeText('e\u0301le\u0300ve').text).toBe('eleve');
  });

  it('folds Cyrillic and Greek look-alikes inside Latin words but leaves real Cyrillic alone', () => {
    expect(normalizeText('аsshole').text).toBe('asshole'); // Cyrillic а
    expect(normalizeText('ѕһіт').text).toBe('shit'); // all look-alikes
    expect(normalizeText('fυcκ').text).toBe('fuck'); // Greek υ and κ
    expect(normalizeText('привет мир').text).toBe('привет мир');
  });

  it('decodes leetspeak inside words with letters', () => {
    expect(normalizeText('sh1t').text).toBe('shit');
    expect(normalizeText('$h!t').text).toBe('shit');
    expect(normalizeText('a55hole').text).toBe('asshole');
    expect(normalizeText('b00bs').text).toBe('boobs');
    expect(normalizeText('N1GG3R').text).toBe('nigger');
  });

  it('leaves numbers, identifiers, quantities and model names alone', () => {
    expect(normalizeText('Tracking id KQ7F4GZ21 shows delivered').text).toBe(
      'tracking id kq7f4gz21 shows delivered',
    );
    expect(normalizeText('Pallet location 142,460 in aisle 9').text).toBe(
      'pallet location 142,460 in aisle 9',
    );
    expect(normalizeText('PS5, 10kg, 3rd, 5pm, mp3, covid19').text).toBe(
      'ps5, 10kg, 3rd, 5pm, mp3, covid19',
    );
    expect(normalizeText('$100 off!!!').text).toBe('$100 off!!!');
    expect(normalizeText('Great!').text).toBe('great!');
  });

  it('does not decode web or email addresses', () => {
    const n = normalizeText('Mail j0hn.d0e@example.com or see https://bit.ly/3xYz9');
    expect(n.text).toBe('mail j0hn.d0e@example.com or see https://bit.ly/3xyz9');
  });

  it('joins spaced-out letters but not lists of single letters', () => {
    expect(normalizeText('This store is s h i t').text).toBe('this store is shit');
    expect(normalizeText('s.h.i.t service').text).toBe('shit service');
    expect(normalizeText('f_u_c_k this queue').text).toBe('fuck this queue');
    expect(normalizeText('s - h - i - t').text).toBe('shit');
    expect(normalizeText('Aisles A, B, C and D').text).toBe('aisles a, b, c and d');
    expect(normalizeText('Plan B is fine').text).toBe('plan b is fine');
  });

  it('keeps a letter repeated three or more times twice', () => {
    expect(normalizeText('shiiiiit sooooo goooood').text).toBe('shiit soo good');
    expect(normalizeText('coffee').text).toBe('coffee');
  });

  it('maps ranges of the matching form back to the original', () => {
    expect(sourceOf(normalizeText('Your courier is an a\u200bsshole'), 'asshole')).toBe(
      'a\u200bsshole',
    );
    expect(sourceOf(normalizeText('This store is s h i t!'), 'shit')).toBe('s h i t');
    expect(sourceOf(normalizeText('total sh1iiiit'), 'shiit')).toBe('sh1iiiit');
    expect(sourceOf(normalizeText('Straße 5'), 'strasse')).toBe('Straße');
    expect(sourceOf(normalizeText('a 👍 b'), '👍')).toBe('👍');
    // combining marks after the last letter stay with it
    expect(sourceOf(normalizeText('cafe\u0301 ok'), 'cafe')).toBe('cafe\u0301');
  });

  it('clamps and handles empty ranges', () => {
    const n = normalizeText('hello');
    expect(toOriginalRange(n, 2, 2)).toEqual({ start: 2, end: 2 });
    expect(toOriginalRange(n, -5, 99)).toEqual({ start: 0, end: 5 });
    expect(normalizeText('').text).toBe('');
  });
});

describe('textFingerprint', () => {
  it('is the same for the same words whatever the spacing, case, punctuation or disguise', () => {
    const a = textFingerprint(normalizeText('Check out my channel!!!'));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(textFingerprint(normalizeText('check   OUT my\u200b channel'))).toBe(a);
    expect(textFingerprint(normalizeText('Check 0ut my channel.'))).toBe(a);
  });

  it('differs for different words', () => {
    expect(textFingerprint(normalizeText('check out my channel'))).not.toBe(
      textFingerprint(normalizeText('check out my shop')),
    );
  });
});
