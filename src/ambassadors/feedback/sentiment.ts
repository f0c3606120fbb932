/**
 * The sentiment of a free-text survey answer, from the AFINN word list in the `sentiment`
 * package: each known word carries a weight from −5 to +5 (negations such as "not good" flip
 * it) and `score` is their sum; `comparative` is the score per word of the text.
 *
 * The label is read from the score with a dead band, so one mild word does not decide it:
 * positive at +2 or more, negative at −2 or less, neutral in between.
 */
import Sentiment from 'sentiment';

export const SENTIMENT_LABELS = ['positive', 'neutral', 'negative'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

/** Scores at or beyond these are positive or negative. */
export const POSITIVE_FROM = 2;
export const NEGATIVE_FROM = -2;

export interface TextSentiment {
  label: SentimentLabel;
  score: number;
  comparative: number;
}

const analyser = new Sentiment();

export function labelOf(score: number): SentimentLabel {
  if (score >= POSITIVE_FROM) {
    return 'positive';
  }
  if (score <= NEGATIVE_FROM) {
    return 'negative';
  }
  return 'neutral';
}

export function sentimentOf(text: string): TextSentiment {
  const result = analyser.analyze(text);
  return {
    label: labelOf(result.score),
    score: result.score,
    comparative: Math.round(result.comparative * 1000) / 1000,
  };
}
