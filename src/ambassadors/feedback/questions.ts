/**
 * A survey's questions and the checking of answers against them. Pure. Every survey opens with
 * one NPS question (0–10) and has up to ten more: a scale (1–5), a single choice among
 * options, or free text. Question ids are fixed when the survey is written: `nps`, then `q1`,
 * `q2`, … in order.
 */
import { fail } from '../../core/errors/errors.js';
import { plainTextLine } from '../../core/text/plain-text.js';

export const QUESTION_KINDS = ['nps', 'scale', 'choice', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const DEFAULT_NPS_PROMPT =
  'How likely are you to recommend our ambassador program to a friend?';
export const MAX_EXTRA_QUESTIONS = 10;
export const MAX_OPTIONS = 12;
export const MAX_TEXT_ANSWER = 2000;
export const NPS_ID = 'nps';

export interface Question {
  id: string;
  kind: QuestionKind;
  prompt: string;
  /** The options of a choice question (empty for the others). */
  options: string[];
  required: boolean;
}

export interface QuestionInput {
  kind: Exclude<QuestionKind, 'nps'>;
  prompt: string;
  options?: string[];
  required?: boolean;
}

/** One answer as stored: a number for nps and scale, the option or the text otherwise. */
export type AnswerValue = number | string;
export type Answers = Record<string, AnswerValue>;

/** The range of the numbered kinds. */
export const RANGE: Record<'nps' | 'scale', { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  scale: { min: 1, max: 5 },
};

/** Builds the questions of a survey from what the manager wrote, or throws validation_failed. */
export function buildQuestions(
  npsPrompt: string | undefined,
  extra: readonly QuestionInput[],
): Question[] {
  if (extra.length > MAX_EXTRA_QUESTIONS) {
    throw fail.validation(`A survey has at most ${MAX_EXTRA_QUESTIONS} questions besides NPS.`, {
      field: 'questions',
    });
  }
  const nps = plainTextLine(npsPrompt ?? '').slice(0, 300) || DEFAULT_NPS_PROMPT;
  const questions: Question[] = [
    { id: NPS_ID, kind: 'nps', prompt: nps, options: [], required: true },
  ];
  extra.forEach((input, i) => {
    const field = `questions.${i}`;
    const prompt = plainTextLine(input.prompt).slice(0, 300);
    if (prompt === '') {
      throw fail.validation('Each question needs a prompt.', { field: `${field}.prompt` });
    }
    let options: string[] = [];
    if (input.kind === 'choice') {
      options = (input.options ?? []).map((o) => plainTextLine(o).slice(0, 120));
      if (options.length < 2 || options.length > MAX_OPTIONS || options.some((o) => o === '')) {
        throw fail.validation(`A choice question needs 2 to ${MAX_OPTIONS} non-empty options.`, {
          field: `${field}.options`,
        });
      }
      if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) {
        throw fail.validation('The options of a choice question must differ.', {
          field: `${field}.options`,
        });
      }
    } else if (input.options && input.options.length > 0) {
      throw fail.validation('Only a choice question has options.', { field: `${field}.options` });
    }
    questions.push({
      id: `q${i + 1}`,
      kind: input.kind,
      prompt,
      options,
      required: input.required ?? input.kind !== 'text',
    });
  });
  return questions;
}

/**
 * Checks a member's answers against the questions and returns them cleaned (texts trimmed,
 * empty optional answers left out); throws validation_failed naming the first bad field.
 */
export function checkAnswers(questions: readonly Question[], given: Readonly<Answers>): Answers {
  const known = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(given)) {
    if (!known.has(id)) {
      throw fail.validation(`This survey has no question "${id}".`, { field: `answers.${id}` });
    }
  }
  const answers: Answers = {};
  for (const q of questions) {
    const field = `answers.${q.id}`;
    const raw = given[q.id];
    const blank = raw === undefined || (typeof raw === 'string' && raw.trim() === '');
    if (blank) {
      if (q.required) {
        throw fail.validation(`"${q.prompt}" needs an answer.`, { field });
      }
      continue;
    }
    switch (q.kind) {
      case 'nps':
      case 'scale': {
        const value = typeof raw === 'number' ? raw : Number(raw);
        const { min, max } = RANGE[q.kind];
        if (!Number.isInteger(value) || value < min || value > max) {
          throw fail.validation(`"${q.prompt}" takes a whole number from ${min} to ${max}.`, {
            field,
          });
        }
        answers[q.id] = value;
        break;
      }
      case 'choice': {
        const value = String(raw).trim();
        if (!q.options.includes(value)) {
          throw fail.validation(`"${value}" is not one of the options.`, {
            field,
            options: q.options,
          });
        }
        answers[q.id] = value;
        break;
      }
      case 'text': {
        // PostgreSQL keeps no NUL character in JSON
        const value = String(raw).split('\u0000').join('').trim();
        if (value.length > MAX_TEXT_ANSWER) {
          throw fail.validation(`An answer is at most ${MAX_TEXT_ANSWER} characters.`, { field });
        }
        answers[q.id] = value;
        break;
      }
    }
  }
  return answers;
}
