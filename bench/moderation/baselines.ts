/**
 * The npm keyword filters Guild's moderation model is compared with in `bench/moderation`:
 * obscenity (its English data set with the recommended transformers), bad-words and
 * leo-profanity. Each gives a yes/no verdict, used as a 1/0 score.
 */
import { Filter } from 'bad-words';
import leoProfanity from 'leo-profanity';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';

/** A keyword filter under test: its name and its verdict on one text as 1 or 0. */
export interface Baseline {
  name: string;
  /** Short key used in the JSON figures. */
  key: string;
  score: (text: string) => number;
}

/** The three filters, each set up once. */
export function keywordBaselines(): Baseline[] {
  const matcher = new RegExpMatcher({
    ...englishDataset.build(),
    ...englishRecommendedTransformers,
  });
  const badWords = new Filter();
  return [
    { name: 'obscenity', key: 'obscenity', score: (text) => (matcher.hasMatch(text) ? 1 : 0) },
    {
      name: 'bad-words',
      key: 'bad_words',
      score: (text) => {
        try {
          return badWords.isProfane(text) ? 1 : 0;
        } catch {
          return 0;
        }
      },
    },
    {
      name: 'leo-profanity',
      key: 'leo_profanity',
      score: (text) => (leoProfanity.check(text) ? 1 : 0),
    },
  ];
}
