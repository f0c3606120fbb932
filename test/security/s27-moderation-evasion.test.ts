/**
 * SECURITY.md S27 — moderation evasion: the same slur or swear word written with leetspeak,
 * zero-width joiners, look-alike letters (Cyrillic а), a right-to-left override, spacing or
 * full-width letters. The text is canonicalised once (NFKC-style folding, invisible characters
 * stripped, look-alikes and leetspeak decoded, spaced letters joined) before the rules and the
 * classifier read it, and each variant is detected within 5 points of the plain text — by the
 * rules (moved here from src/moderation/detectors/cases.test.ts) and by the whole pipeline.
 */
import { describe, expect, it } from 'vitest';
import { analyse, prepareText } from '../../src/moderation/analyse.js';
import { createProfanityDetector } from '../../src/moderation/detectors/profanity.js';
import { decide, DEFAULT_POLICY } from '../../src/moderation/policy.js';
import { normalizeText } from '../../src/moderation/text/normalize.js';

const profanity = createProfanityDetector();

function profane(text: string): boolean {
  const n = normalizeText(text);
  const result = profanity.detect(n);
  // normalisation never alters the stored text
  expect(n.original).toBe(text);
  return result.spans.some((s) => s.category === 'profanity');
}

const words = ['shit', 'bitch', 'asshole', 'cunt', 'bastard', 'twat', 'wanker', 'faggot'];
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '$' };
const CYRILLIC: Record<string, string> = {
  a: 'а',
  e: 'е',
  o: 'о',
  c: 'с',
  p: 'р',
  x: 'х',
  y: 'у',
  i: 'і',
  s: 'ѕ',
};
const swap = (word: string, map: Record<string, string>) =>
  [...word].map((c) => map[c] ?? c).join('');
const fullWidth = (word: string) =>
  [...word].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
const variants: Record<string, (word: string) => string> = {
  plain: (w) => w,
  leet: (w) => (swap(w, LEET) === w ? w.replace(/t/g, '7') : swap(w, LEET)),
  zeroWidthJoiner: (w) => [...w].join('\u200d'),
  cyrillic: (w) => swap(w, CYRILLIC),
  rtlOverride: (w) => `${w.slice(0, 2)}\u202e${w.slice(2)}`,
  spaced: (w) => [...w].join(' '),
  fullWidth,
};
const sentence = (disguised: string) => `honestly the courier is a ${disguised} again`;

describe('S27 — moderation evasion', () => {
  describe('S27: the rules catch each evasion variant as often as the plain word', () => {
    const rates: Record<string, number> = {};
    for (const [name, make] of Object.entries(variants)) {
      let caught = 0;
      for (const word of words) {
        const disguised = make(word);
        if (name !== 'plain') {
          expect(disguised).not.toBe(word);
        }
        if (profane(sentence(disguised))) {
          caught += 1;
        }
      }
      rates[name] = caught / words.length;
    }

    it.each(Object.keys(variants))(
      'S27: %s — detection within 5 points of the plain text',
      (name) => {
        expect(rates.plain).toBe(1);
        expect(Math.abs(rates[name]! - rates.plain!)).toBeLessThanOrEqual(0.05);
        expect(rates[name]).toBe(1);
      },
    );

    it('S27: a word written backwards after a right-to-left override is read too', () => {
      expect(profane('what a \u202etihs\u202c service')).toBe(true);
    });

    it('S27: the slur raises hate in every variant', () => {
      for (const make of Object.values(variants)) {
        const result = profanity.detect(normalizeText(`you ${make('faggot')}`));
        expect(result.scores.hate).toBe(1);
      }
    });
  });

  describe('S27: canonicalised once, before the rules and the classifier', () => {
    it.each(Object.keys(variants).filter((name) => name !== 'plain'))(
      'S27: %s — each word reads as the plain word once canonicalised',
      (name) => {
        for (const word of words) {
          const canonical = normalizeText(sentence(variants[name]!(word))).text;
          // Spaced letters join into one word (with a lone letter before them, as "a s h i t").
          expect(canonical, word).toContain(word);
          expect(canonical, word).not.toMatch(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/);
        }
      },
    );

    it('S27: the classifier reads the one canonical form, and canonicalising it again changes nothing', () => {
      for (const make of Object.values(variants)) {
        for (const word of words) {
          const text = sentence(make(word));
          const prepared = prepareText(text);
          expect(analyse(text).prepared).toBe(prepared.text);
          expect(normalizeText(prepared.text).text).toBe(prepared.text);
        }
      }
    });
  });

  describe('S27: the whole pipeline (rules and classifier) detects each variant within 5 points of the plain text', () => {
    /** Share of the words whose sentence the default policy does not simply publish. */
    const rateOf = (make: (word: string) => string) =>
      words.filter((word) => {
        const result = analyse(sentence(make(word)));
        const verdict = decide(DEFAULT_POLICY, {
          scores: result.scores,
          suspicion: 0,
          watchedActions: result.watched.actions,
        });
        return verdict.decision !== 'allow';
      }).length / words.length;
    const plain = rateOf(variants.plain!);

    it('S27: the plain words are all caught', () => {
      expect(plain).toBe(1);
    });

    it.each(Object.keys(variants).filter((name) => name !== 'plain'))('S27: %s', (name) => {
      expect(Math.abs(rateOf(variants[name]!) - plain)).toBeLessThanOrEqual(0.05);
    });
  });
});
