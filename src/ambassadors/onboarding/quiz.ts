/**
 * The disclosure training's quiz: five questions on labelling sponsored content, drawn from
 * Guild's disclosure rules (COMPLIANCE.md DISC-01..06). Pure: the service records attempts.
 * The right answers never leave the server; a failed attempt learns which questions were wrong.
 */

export interface QuizQuestion {
  question: string;
  options: readonly string[];
  /** Index into `options`. */
  answer: number;
}

/** Bumped whenever a question or answer changes, so attempts say which quiz they were. */
export const QUIZ_VERSION = 1;
export const PASS_MARK = 4;

export const DISCLOSURE_QUIZ: readonly QuizQuestion[] = [
  {
    question:
      'You got a rain jacket free from the brand and post about it. Where does the disclosure go?',
    options: [
      'At the start, before the text could be cut off in a feed or preview',
      'At the end, after your hashtags',
      'In your profile bio, once for all posts',
      'In a reply under the post if someone asks',
    ],
    answer: 0,
  },
  {
    question: 'Is "#sp" (or "#spon") on its own enough to disclose a paid post?',
    options: [
      'Yes, everyone knows what it means',
      'No: it is ambiguous; use a clear label such as "Ad"',
      'Yes, if the brand is tagged too',
      'Only on short posts',
    ],
    answer: 1,
  },
  {
    question: 'Which of these is a clear disclosure?',
    options: [
      '"Thanks @Brand!"',
      '"#collab #partner"',
      '"Ad: I am a paid ambassador of Brand."',
      '"In collaboration with Brand"',
    ],
    answer: 2,
  },
  {
    question: 'Your bio says "Brand ambassador". Do your posts about Brand still need a label?',
    options: [
      'No, the bio covers every post',
      'Only posts with a discount code',
      'Only the first post after joining',
      'Yes, each post carries its own label',
    ],
    answer: 3,
  },
  {
    question:
      'You enter a contest run by the brand that gives points or a chance of a prize. Does your entry need a disclosure?',
    options: [
      'Yes: a chance of a prize or points is a material connection',
      'No, contests are not advertising',
      'Only if you win',
      'Only if the prize is cash',
    ],
    answer: 0,
  },
];

/** The questions as a member sees them: without the answers. */
export function quizForMember() {
  return DISCLOSURE_QUIZ.map((q, index) => ({
    number: index + 1,
    question: q.question,
    options: [...q.options],
  }));
}

export interface QuizResult {
  correct: number;
  /** 1-based numbers of the questions answered wrongly. */
  wrong: number[];
  passed: boolean;
}

/** Marks one attempt; `answers[i]` is the option chosen for question i (0-based). */
export function markQuiz(answers: readonly number[]): QuizResult {
  const wrong: number[] = [];
  DISCLOSURE_QUIZ.forEach((q, index) => {
    if (answers[index] !== q.answer) {
      wrong.push(index + 1);
    }
  });
  const correct = DISCLOSURE_QUIZ.length - wrong.length;
  return { correct, wrong, passed: correct >= PASS_MARK };
}
