import { describe, expect, it } from 'vitest';
import { GuildError } from '../../core/errors/errors.js';
import { buildQuestions, checkAnswers, DEFAULT_NPS_PROMPT } from './questions.js';
import { npsOf, surveyResults, type ResponseRecord } from './results.js';
import { sentimentOf } from './sentiment.js';

const code = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof GuildError ? `${error.code}:${String(error.details?.field)}` : 'other';
  }
  return 'none';
};

describe('NPS', () => {
  it('is % promoters minus % detractors', () => {
    // 3 promoters (10, 9, 9), 2 passives (8, 7), 3 detractors (6, 2, 0) of 8: (3 − 3) / 8 = 0
    expect(npsOf([10, 9, 9, 8, 7, 6, 2, 0])).toEqual({
      score: 0,
      answers: 8,
      promoters: 3,
      passives: 2,
      detractors: 3,
    });
    // 2 promoters, 1 passive, 0 detractors of 3: 66.7
    expect(npsOf([9, 10, 7]).score).toBe(66.7);
    // 1 promoter, 3 detractors of 4: (1 − 3) / 4 = −50
    expect(npsOf([9, 6, 5, 0]).score).toBe(-50);
    expect(npsOf([]).score).toBeNull();
  });
});

describe('questions and answers', () => {
  const questions = buildQuestions(undefined, [
    { kind: 'scale', prompt: 'How useful were the missions?' },
    { kind: 'choice', prompt: 'Best channel', options: ['In store', 'Online'] },
    { kind: 'text', prompt: 'Anything else?' },
  ]);

  it('starts with the NPS question and numbers the rest', () => {
    expect(questions.map((q) => [q.id, q.kind, q.required])).toEqual([
      ['nps', 'nps', true],
      ['q1', 'scale', true],
      ['q2', 'choice', true],
      ['q3', 'text', false],
    ]);
    expect(questions[0]!.prompt).toBe(DEFAULT_NPS_PROMPT);
    expect(
      code(() => buildQuestions(undefined, [{ kind: 'choice', prompt: 'x', options: ['a'] }])),
    ).toBe('validation_failed:questions.0.options');
    const eleven = Array.from({ length: 11 }, () => ({ kind: 'text' as const, prompt: 'x' }));
    expect(code(() => buildQuestions(undefined, eleven))).toBe('validation_failed:questions');
  });

  it('checks answers against the questions', () => {
    expect(checkAnswers(questions, { nps: 9, q1: 4, q2: 'Online', q3: '  fine  ' })).toEqual({
      nps: 9,
      q1: 4,
      q2: 'Online',
      q3: 'fine',
    });
    expect(code(() => checkAnswers(questions, { nps: 11, q1: 4, q2: 'Online' }))).toBe(
      'validation_failed:answers.nps',
    );
    expect(code(() => checkAnswers(questions, { nps: 5, q1: 0, q2: 'Online' }))).toBe(
      'validation_failed:answers.q1',
    );
    expect(code(() => checkAnswers(questions, { nps: 5, q1: 2, q2: 'By post' }))).toBe(
      'validation_failed:answers.q2',
    );
    expect(code(() => checkAnswers(questions, { nps: 5, q1: 2 }))).toBe(
      'validation_failed:answers.q2',
    );
    expect(code(() => checkAnswers(questions, { nps: 5, q1: 2, q2: 'Online', q9: 'x' }))).toBe(
      'validation_failed:answers.q9',
    );
    expect(code(() => checkAnswers(questions, { nps: 7.5, q1: 2, q2: 'Online' }))).toBe(
      'validation_failed:answers.nps',
    );
  });
});

describe('sentiment of free text', () => {
  it('reads a clearly positive and a clearly negative answer', () => {
    const happy = sentimentOf(
      'I love this program, the team is wonderful and the events are great fun!',
    );
    expect(happy.label).toBe('positive');
    expect(happy.score).toBeGreaterThanOrEqual(2);
    const unhappy = sentimentOf(
      'Terrible experience. The missions are boring and the support is awful.',
    );
    expect(unhappy.label).toBe('negative');
    expect(unhappy.score).toBeLessThanOrEqual(-2);
    expect(sentimentOf('I posted twice in March.').label).toBe('neutral');
  });
});

describe('results', () => {
  const questions = buildQuestions(undefined, [{ kind: 'text', prompt: 'Why?' }]);
  const response = (region: string, nps: number, text: string, user: string): ResponseRecord => ({
    regionCode: region,
    author: { userId: user, username: user, displayName: user },
    answers: { nps, q1: text },
    sentiments: { q1: sentimentOf(text) },
  });
  const responses = [
    response('UK', 10, 'Great and fun', 'ann'),
    response('UK', 9, 'I love it', 'bob'),
    response('UK', 3, 'Awful, boring', 'cat'),
    response('FR', 8, 'Fine I guess', 'dan'),
  ];
  const invited = [
    { regionCode: 'UK', responded: true },
    { regionCode: 'UK', responded: true },
    { regionCode: 'UK', responded: true },
    { regionCode: 'UK', responded: false },
    { regionCode: 'FR', responded: true },
  ];

  it('splits by region with a total, naming authors only on a named survey', () => {
    const named = surveyResults(questions, invited, responses, false);
    expect(named.total).toMatchObject({ invited: 5, responded: 4, responseRate: 0.8 });
    // total: 2 promoters, 1 passive, 1 detractor of 4 → 25
    expect(named.total.nps).toMatchObject({ score: 25, promoters: 2, detractors: 1 });
    const uk = named.regions.find((r) => r.regionCode === 'UK')!;
    expect(uk).toMatchObject({ invited: 4, responded: 3, responseRate: 0.75 });
    // UK: 2 promoters and 1 detractor of 3 → 33.3
    expect(uk.nps!.score).toBe(33.3);
    const text = uk.questions.find((q) => q.questionId === 'q1')!;
    expect(text.sentiment).toMatchObject({ positive: 2, negative: 1 });
    expect(text.examples.find((e) => e.label === 'negative')!.author!.username).toBe('cat');

    const anonymous = surveyResults(
      questions,
      invited,
      responses.map((r) => ({ ...r, author: null })),
      true,
    );
    const examples = anonymous.total.questions.flatMap((q) => q.examples);
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.every((e) => e.author === null)).toBe(true);
    // FR has one answer: on an anonymous survey its figures would give the member away
    const fr = anonymous.regions.find((r) => r.regionCode === 'FR')!;
    expect(fr).toMatchObject({ responded: 1, suppressed: true, nps: null, questions: [] });
    expect(anonymous.regions.find((r) => r.regionCode === 'UK')!.suppressed).toBe(false);
  });
});
