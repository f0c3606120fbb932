/** Tests of Guild's hashed text features and the identity-term rule. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_CONFIG, Featurizer, featurize, tokenize } from './features.js';
import { IDENTITY_TERMS, isIdentityTerm } from './identity-terms.js';
import { prepare } from './prepare.js';

function asMap(text: string): Map<number, number> {
  const { indices, values } = featurize(prepare(text));
  return new Map(Array.from(indices, (index, i) => [index, values[i]!]));
}

describe('tokenize', () => {
  it('keeps words with inner apostrophes, emoji and shortened runs of ! and ?', () => {
    expect(tokenize("you're great!!!!! 😂 $5 ok??")).toEqual([
      { text: "you're", kind: 'word' },
      { text: 'great', kind: 'word' },
      { text: '!!!', kind: 'symbol' },
      { text: '😂', kind: 'symbol' },
      { text: '$', kind: 'symbol' },
      { text: '5', kind: 'word' },
      { text: 'ok', kind: 'word' },
      { text: '??', kind: 'symbol' },
    ]);
  });

  it('drops identity terms, plurals and possessives, but keeps slurs', () => {
    const words = tokenize(prepare("Gay men, Muslims and the women's team: a tranny joke"));
    expect(words.map((token) => token.text)).toEqual(['and', 'the', 'team', 'a', 'tranny', 'joke']);
  });

  it('reads a typographic apostrophe like a plain one', () => {
    expect(tokenize('woman\u2019s coat')).toEqual([{ text: 'coat', kind: 'word' }]);
  });
});

describe('identity terms', () => {
  it('covers the groups named in Guild’s rule, with plurals', () => {
    for (const term of [
      'gay',
      'lesbian',
      'bisexual',
      'trans',
      'black',
      'white',
      'asian',
      'muslim',
      'jewish',
      'christian',
      'woman',
      'women',
      'man',
      'men',
      'mum',
      'dad',
      'disabled',
      'gays',
      'muslims',
    ]) {
      expect(isIdentityTerm(term), term).toBe(true);
    }
    expect(isIdentityTerm("woman's")).toBe(true);
    expect(isIdentityTerm('blackmail')).toBe(false);
    expect(isIdentityTerm('transport')).toBe(false);
    expect(isIdentityTerm('idiot')).toBe(false);
  });

  it('holds no slur', () => {
    for (const slur of ['tranny', 'faggot', 'dyke', 'retard', 'spastic']) {
      expect(IDENTITY_TERMS.has(slur), slur).toBe(false);
    }
  });
});

describe('featurize', () => {
  it('gives the same vector to sentences that differ only by identity terms', () => {
    const a = featurize(prepare("I'm a gay man and this blazer fits perfectly."));
    const b = featurize(prepare("I'm a man and this blazer fits perfectly."));
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
  });

  it('gives different vectors when a non-identity word differs', () => {
    const a = asMap('this blazer fits perfectly');
    const b = asMap('this blazer fits terribly');
    expect(a).not.toEqual(b);
  });

  it('is unit length, with distinct in-range buckets, and repeatable', () => {
    const text = prepare('The delivery was late, late, LATE again!!! and support never replied 😤');
    const first = featurize(text);
    const norm = Math.hypot(...first.values);
    expect(norm).toBeCloseTo(1, 5);
    expect(new Set(first.indices).size).toBe(first.indices.length);
    for (const index of first.indices) {
      expect(index).toBeLessThan(2 ** DEFAULT_FEATURE_CONFIG.bits);
    }
    const again = featurize(text);
    expect(Array.from(again.indices)).toEqual(Array.from(first.indices));
    expect(Array.from(again.values)).toEqual(Array.from(first.values));
  });

  it('weights repeats sublinearly (1 + ln count)', () => {
    const featurizer = new Featurizer({ bits: 20, charMin: 2, charMax: 2, wordBigrams: false });
    // "zq zq": the word zq twice, and its character bigrams " z", "zq", "q " twice each:
    // four distinct features of count 2, each valued 1 + ln 2 before normalisation.
    const { values } = featurizer.featurize('zq zq');
    expect(values.length).toBe(4);
    for (const value of values) {
      expect(value).toBeCloseTo(0.5, 5);
    }
    // One word once and another three times: values in the ratio 1 : 1 + ln 3.
    const mixed = featurizer.featurize('x yy yy yy');
    const sorted = Array.from(mixed.values).sort((p, q) => p - q);
    expect(sorted.at(-1)! / sorted[0]!).toBeCloseTo(1 + Math.log(3), 4);
  });

  it('returns an empty vector for text with no tokens', () => {
    expect(featurize('   ...  ').indices.length).toBe(0);
    expect(featurize(prepare('gay lesbian women')).indices.length).toBe(0);
  });

  it('rejects impossible configurations', () => {
    expect(() => new Featurizer({ ...DEFAULT_FEATURE_CONFIG, bits: 4 })).toThrow(RangeError);
    expect(() => new Featurizer({ ...DEFAULT_FEATURE_CONFIG, charMin: 4, charMax: 3 })).toThrow(
      RangeError,
    );
  });

  it('featurises a 500-character text well under 0.2 ms', () => {
    const text = prepare(
      'Honestly the delivery was late again and the support team was useless, but the cocktail ' +
        'dress fits well & looks great!! Would you recommend the blue one or the red one? ',
    )
      .repeat(4)
      .slice(0, 500);
    const featurizer = new Featurizer();
    for (let i = 0; i < 500; i++) {
      featurizer.featurize(text);
    }
    // CPU time (not wall time), best of five batches: other work on a busy machine does not
    // count against the featurizer.
    const batches: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const began = process.cpuUsage();
      for (let i = 0; i < 400; i++) {
        featurizer.featurize(text);
      }
      const used = process.cpuUsage(began);
      batches.push((used.user + used.system) / 1000 / 400);
    }
    expect(Math.min(...batches)).toBeLessThan(0.2);
  });
});
