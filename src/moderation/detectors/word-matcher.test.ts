import { describe, expect, it } from 'vitest';
import { normalizeText } from '../text/normalize.js';
import { wordKey, wordTokens } from './tokens.js';
import { compileWords, longestHits } from './word-matcher.js';

function found(phrases: string[], text: string): string[] {
  const matcher = compileWords(phrases.map((phrase) => ({ phrase, payload: phrase })));
  const n = normalizeText(text);
  return matcher.find(n).map((hit) => `${hit.payload}=${n.text.slice(hit.start, hit.end)}`);
}

describe('wordTokens', () => {
  it('splits the matching form into words with their keys', () => {
    const tokens = wordTokens(normalizeText("Don't shiiiit, Café 42!"));
    expect(tokens.words).toEqual(['don', 't', 'shiit', 'cafe', '42']);
    expect(tokens.keys).toEqual(['don', 't', 'shit', 'cafe', '42']);
    expect(tokens.squeezed).toEqual(['don', 't', 'shit', 'cafe', '42']);
    expect(Array.from(tokens.starts)).toEqual([0, 4, 6, 13, 18]);
  });

  it('is computed once per normalised text', () => {
    const n = normalizeText('one two');
    expect(wordTokens(n)).toBe(wordTokens(n));
  });
});

describe('compileWords', () => {
  it('matches whole words only', () => {
    expect(found(['tit', 'art'], 'The artist title, art and tit.')).toEqual(['art=art', 'tit=tit']);
  });

  it('tolerates stretched letters but not missing ones', () => {
    expect(found(['shit'], 'shiiiiit')).toEqual(['shit=shiit']);
    expect(found(['ass'], 'as far as I know')).toEqual([]);
    expect(found(['ass'], 'asssss')).toEqual(['ass=ass']);
    expect(found(['butt'], 'but')).toEqual([]);
    // an ordinary double letter is spelling, not stretching
    expect(found(['asses'], 'assess')).toEqual([]);
    expect(found(['asses'], 'asseeess')).toEqual([]);
    expect(found(['asses'], 'asseeees')).toEqual(['asses=assees']);
  });

  it('reads a 1 as an l where the list word has an l', () => {
    expect(found(['asshole'], 'a55ho1e')).toEqual(['asshole=asshoie']);
    expect(found(['asshole'], 'asshoie')).toEqual([]);
  });

  it('matches phrases across spacing and punctuation, not across lines', () => {
    expect(found(['blow job'], 'a blow-job and a blow  job')).toHaveLength(2);
    expect(found(['piece of shit'], 'piece of\nshit')).toEqual([]);
  });

  it('matches prefixes marked with *', () => {
    expect(found(['scam*'], 'scammers and scams, not scarf')).toEqual([
      'scam*=scammers',
      'scam*=scams',
    ]);
    expect(found(['free gift*'], 'a free gifting event')).toEqual(['free gift*=free gifting']);
  });

  it('finds a word after a spaced-out leading "a"', () => {
    expect(found(['shit'], 'it is a s h i t store')).toEqual(['shit=shit']);
  });

  it('matches scripts without spaces and symbols as substrings', () => {
    expect(found(['他妈的', '🖕'], '你他妈的 🖕🖕')).toEqual(['他妈的=他妈的', '🖕=🖕', '🖕=🖕']);
  });

  it('skips entries that would match numbers or lone letters', () => {
    const matcher = compileWords(
      ['13.', 's&m', '  ', 'ok'].map((phrase) => ({ phrase, payload: 1 })),
    );
    expect(matcher.size).toBe(1);
    expect(matcher.find(normalizeText('Sizes S M L, aisle 13. ok'))).toHaveLength(1);
  });

  it('returns nothing for an empty list', () => {
    expect(compileWords([]).find(normalizeText('anything'))).toEqual([]);
  });
});

describe('longestHits', () => {
  it('keeps the longest of overlapping hits', () => {
    const kept = longestHits([
      { start: 0, end: 5, payload: 'a' },
      { start: 0, end: 13, payload: 'b' },
      { start: 9, end: 13, payload: 'c' },
      { start: 14, end: 18, payload: 'd' },
    ]);
    expect(kept.map((h) => h.payload)).toEqual(['b', 'd']);
  });
});

describe('wordKey', () => {
  it('squeezes repeats and reads l as i', () => {
    expect(wordKey('hello')).toBe('heio');
    expect(wordKey('shiit')).toBe('shit');
  });
});

describe('masked words (user trial)', () => {
  function maskedFound(phrases: string[], text: string): string[] {
    const matcher = compileWords(
      phrases.map((phrase) => ({ phrase, payload: phrase })),
      { masked: true },
    );
    const n = normalizeText(text);
    return matcher
      .find(n)
      .map(
        (hit) =>
          `${hit.payload}=${n.original.slice(n.origin[hit.start], (n.origin[hit.end - 1] ?? 0) + 1)}`,
      );
  }

  it('reads stars, digits and a v between consonants as the hidden vowel', () => {
    expect(maskedFound(['cunt'], 'what a c*nt')).toEqual(['cunt=c*nt']);
    expect(maskedFound(['cunt'], 'what a cvnt')).toEqual(['cunt=cvnt']);
    expect(maskedFound(['idiot'], 'AN 1D10T')).toEqual(['idiot=1D10T']);
    expect(maskedFound(['fucking'], 'so f4ck1ng slow')).toEqual(['fucking=f4ck1ng']);
  });

  it('leaves ids, model names and ordinary words alone', () => {
    const list = ['cunt', 'idiot', 'fucking', 'piss', 'shit', 'swine'];
    for (const text of [
      'Order KQ7F4GZ21 shipped to SW1A 1AA',
      'My Galaxy A55 and PS5',
      'lvl 10 DVDs from Chevy',
      'p4ss w0rd',
      'Code SAVE20 and W1NT3R',
      'R2D2 and C3PO toys',
      'Wh*t a d**l',
    ]) {
      expect(maskedFound(list, text)).toEqual([]);
    }
  });

  it('is off unless asked for', () => {
    expect(found(['cunt'], 'what a c*nt')).toEqual([]);
  });
});

describe('wordTokens: sentences spelled out letter by letter', () => {
  it('keeps the wider gaps between words', () => {
    expect(wordTokens(normalizeText('Y o u  a r e  a n  i d i o t')).words).toEqual([
      'you',
      'are',
      'an',
      'idiot',
    ]);
    expect(wordTokens(normalizeText('s h i t')).words).toEqual(['shit']);
    expect(wordTokens(normalizeText('a  b  c')).words).toEqual(['abc']);
  });
});
