/**
 * A small guess at a post's language from its common words, for DISC-08 when the composer did
 * not say. It only tells English, German, Spanish and French apart; anything it cannot tell is
 * taken as English, the language of the universal "Ad".
 */
import type { Language } from './markets.js';

const words = (list: string) => new Set(list.split(' '));

const STOP_WORDS: Readonly<Record<Language, ReadonlySet<string>>> = {
  en: words('the and is are was to of in it this that with for my you i on have just these but so'),
  de: words('der die das und ist nicht ich mit ein eine auf fur es zu sie wir auch sehr mein habe'),
  es: words('el la los las y es que de en un una por con para mi muy lo pero esta este son'),
  fr: words('le la les et est que de un une pour avec mon ma mes tres ce cette je pas sur dans'),
};

/** The most likely language of `text` (lower-cased words with accents stripped). */
export function guessLanguage(text: string): Language {
  const words = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word !== '');
  let best: Language = 'en';
  let bestScore = 0;
  for (const [language, stops] of Object.entries(STOP_WORDS) as [Language, ReadonlySet<string>][]) {
    const score = words.filter((word) => stops.has(word)).length;
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return best;
}
