/**
 * A survey's results, computed from who was invited and what they answered. Pure.
 *
 * - Response rate = members who answered ÷ members invited when the survey opened.
 * - NPS = % promoters (9–10) − % detractors (0–6) of the NPS answers, from −100 to 100.
 * - Numbered questions: the mean and how many gave each value; choices: how many chose each
 *   option; free text: the share of positive, neutral and negative answers and a few examples.
 *
 * Everything is given for all members and for each region (by the member's region when they
 * were invited). On an anonymous survey no name is ever attached to an answer, and a group with
 * fewer than `MIN_ANONYMOUS_GROUP` answers shows its counts only: with one or two answers
 * (and the response rate beside them) the figures would tell who said what.
 */
import { NPS_ID, RANGE, type AnswerValue, type Question } from './questions.js';
import { SENTIMENT_LABELS, type SentimentLabel, type TextSentiment } from './sentiment.js';

export const MIN_ANONYMOUS_GROUP = 3;
/** Example comments shown per sentiment label, strongest first. */
export const EXAMPLES_PER_LABEL = 2;

export interface InvitedMember {
  regionCode: string | null;
  responded: boolean;
}

export interface ResponseRecord {
  regionCode: string | null;
  /** Null on an anonymous survey. */
  author: { userId: string; username: string; displayName: string } | null;
  answers: Record<string, AnswerValue>;
  sentiments: Record<string, TextSentiment>;
}

export interface NpsFigures {
  /** −100..100 rounded to one decimal; null without answers. */
  score: number | null;
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
}

export interface QuestionResult {
  questionId: string;
  kind: Question['kind'];
  prompt: string;
  answers: number;
  /** Numbered questions only. */
  average: number | null;
  /** Each value (or option) with how many gave it; empty for free text. */
  distribution: { value: string; count: number }[];
  /** Free text only. */
  sentiment: {
    positive: number;
    neutral: number;
    negative: number;
    shares: Record<SentimentLabel, number>;
  } | null;
  examples: {
    text: string;
    label: SentimentLabel;
    score: number;
    author: { userId: string; username: string; displayName: string } | null;
  }[];
}

/** The figures of all members, or of one region (`regionCode` null: members without one). */
export interface GroupResult {
  invited: number;
  responded: number;
  /** responded ÷ invited, 0..1; null when nobody was invited. */
  responseRate: number | null;
  /** True when the group is too small to show answers of an anonymous survey. */
  suppressed: boolean;
  nps: NpsFigures | null;
  questions: QuestionResult[];
}

export interface SurveyResults {
  total: GroupResult;
  regions: (GroupResult & { regionCode: string | null })[];
}

const round = (value: number, places: number) => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};

export type NpsClass = 'promoter' | 'passive' | 'detractor';

export function npsClass(value: number): NpsClass {
  if (value >= 9) {
    return 'promoter';
  }
  return value >= 7 ? 'passive' : 'detractor';
}

/** NPS of a list of 0–10 answers. */
export function npsOf(values: readonly number[]): NpsFigures {
  const counts = { promoter: 0, passive: 0, detractor: 0 };
  for (const v of values) {
    counts[npsClass(v)] += 1;
  }
  const n = values.length;
  return {
    score: n === 0 ? null : round(((counts.promoter - counts.detractor) / n) * 100, 1),
    answers: n,
    promoters: counts.promoter,
    passives: counts.passive,
    detractors: counts.detractor,
  };
}

function questionResult(
  q: Question,
  responses: readonly ResponseRecord[],
  anonymous: boolean,
): QuestionResult {
  const given = responses.filter((r) => r.answers[q.id] !== undefined);
  const base = {
    questionId: q.id,
    kind: q.kind,
    prompt: q.prompt,
    answers: given.length,
    average: null,
    distribution: [],
    sentiment: null,
    examples: [],
  };
  if (q.kind === 'nps' || q.kind === 'scale') {
    const values = given.map((r) => Number(r.answers[q.id]));
    const { min, max } = RANGE[q.kind];
    const distribution = [];
    for (let v = min; v <= max; v += 1) {
      distribution.push({ value: String(v), count: values.filter((x) => x === v).length });
    }
    const sum = values.reduce((a, b) => a + b, 0);
    return {
      ...base,
      average: values.length === 0 ? null : round(sum / values.length, 2),
      distribution,
    };
  }
  if (q.kind === 'choice') {
    return {
      ...base,
      distribution: q.options.map((option) => ({
        value: option,
        count: given.filter((r) => r.answers[q.id] === option).length,
      })),
    };
  }
  const texts = given.map((r) => ({
    text: String(r.answers[q.id]),
    sentiment: r.sentiments[q.id] ?? { label: 'neutral' as const, score: 0, comparative: 0 },
    author: anonymous ? null : r.author,
  }));
  const count = (label: SentimentLabel) => texts.filter((t) => t.sentiment.label === label).length;
  const counts = {
    positive: count('positive'),
    neutral: count('neutral'),
    negative: count('negative'),
  };
  const share = (n: number) => (texts.length === 0 ? 0 : round(n / texts.length, 3));
  const examples = SENTIMENT_LABELS.flatMap((label) =>
    texts
      .filter((t) => t.sentiment.label === label)
      .sort((a, b) => Math.abs(b.sentiment.score) - Math.abs(a.sentiment.score))
      .slice(0, EXAMPLES_PER_LABEL)
      .map((t) => ({ text: t.text, label, score: t.sentiment.score, author: t.author })),
  );
  return {
    ...base,
    sentiment: {
      ...counts,
      shares: {
        positive: share(counts.positive),
        neutral: share(counts.neutral),
        negative: share(counts.negative),
      },
    },
    examples,
  };
}

function groupResult(
  questions: readonly Question[],
  invited: readonly InvitedMember[],
  responses: readonly ResponseRecord[],
  anonymous: boolean,
): GroupResult {
  const responded = invited.filter((i) => i.responded).length;
  const suppressed = anonymous && responses.length < MIN_ANONYMOUS_GROUP;
  return {
    invited: invited.length,
    responded,
    responseRate: invited.length === 0 ? null : round(responded / invited.length, 4),
    suppressed,
    nps: suppressed
      ? null
      : npsOf(
          responses.map((r) => r.answers[NPS_ID]).filter((v): v is number => typeof v === 'number'),
        ),
    questions: suppressed ? [] : questions.map((q) => questionResult(q, responses, anonymous)),
  };
}

export function surveyResults(
  questions: readonly Question[],
  invited: readonly InvitedMember[],
  responses: readonly ResponseRecord[],
  anonymous: boolean,
): SurveyResults {
  const codes = [
    ...new Set([...invited.map((i) => i.regionCode), ...responses.map((r) => r.regionCode)]),
  ].sort((a, b) => (a ?? '\uffff').localeCompare(b ?? '\uffff'));
  return {
    total: groupResult(questions, invited, responses, anonymous),
    regions: codes.map((regionCode) => ({
      regionCode,
      ...groupResult(
        questions,
        invited.filter((i) => i.regionCode === regionCode),
        responses.filter((r) => r.regionCode === regionCode),
        anonymous,
      ),
    })),
  };
}
