/**
 * Churn risk of one ambassador: a score from 0 to 100 made of four plain signals, each adding
 * fixed points, so a manager can see exactly why. Pure.
 *
 * | signal                                                                  | points |
 * | ----------------------------------------------------------------------- | ------ |
 * | no completed mission in the last 60 days (or never)                     | 40     |
 * | last completed mission 31–60 days ago (halfway through the window)      | 20     |
 * | paused                                                                  | 20     |
 * | their latest NPS answer in this program was 0–6 (a detractor)           | 20     |
 * | posts and comments in the last 30 days fell below half the monthly      | 20     |
 * |   average of the 60 days before (which was at least 1 a month)          |        |
 *
 * Level: high from 60 points, medium from 30, low below.
 */
import { COMPLETION_WINDOW_DAYS } from './retention.js';

export const CHURN_LEVELS = ['low', 'medium', 'high'] as const;
export type ChurnLevel = (typeof CHURN_LEVELS)[number];

export const POINTS = {
  noRecentCompletion: 40,
  completionAgeing: 20,
  paused: 20,
  detractor: 20,
  decliningActivity: 20,
} as const;
export const HIGH_FROM = 60;
export const MEDIUM_FROM = 30;

export interface ChurnInput {
  state: string;
  /** Whole days since the last completed mission or approved submission; null if none. */
  daysSinceCompletion: number | null;
  /** The latest NPS answer the member gave in a (named) survey of the program; null if none. */
  latestNps: number | null;
  /** Posts and comments published in the last 30 days, and in the 60 days before those. */
  contributionsLast30: number;
  contributionsPrevious60: number;
}

export interface ChurnRisk {
  score: number;
  level: ChurnLevel;
  reasons: { signal: keyof typeof POINTS; points: number; text: string }[];
}

export function churnRiskOf(input: ChurnInput): ChurnRisk {
  const reasons: ChurnRisk['reasons'] = [];
  const days = input.daysSinceCompletion;
  if (days === null) {
    reasons.push({
      signal: 'noRecentCompletion',
      points: POINTS.noRecentCompletion,
      text: 'has not completed a mission yet',
    });
  } else if (days > COMPLETION_WINDOW_DAYS) {
    reasons.push({
      signal: 'noRecentCompletion',
      points: POINTS.noRecentCompletion,
      text: `last completed a mission ${days} days ago (more than ${COMPLETION_WINDOW_DAYS})`,
    });
  } else if (days > COMPLETION_WINDOW_DAYS / 2) {
    reasons.push({
      signal: 'completionAgeing',
      points: POINTS.completionAgeing,
      text: `last completed a mission ${days} days ago; it stops counting after ${COMPLETION_WINDOW_DAYS}`,
    });
  }
  if (input.state === 'paused') {
    reasons.push({ signal: 'paused', points: POINTS.paused, text: 'is paused' });
  }
  if (input.latestNps !== null && input.latestNps <= 6) {
    reasons.push({
      signal: 'detractor',
      points: POINTS.detractor,
      text: `answered ${input.latestNps} of 10 to the NPS question (a detractor)`,
    });
  }
  const monthlyBefore = input.contributionsPrevious60 / 2;
  if (monthlyBefore >= 1 && input.contributionsLast30 < monthlyBefore / 2) {
    reasons.push({
      signal: 'decliningActivity',
      points: POINTS.decliningActivity,
      text:
        `${input.contributionsLast30} posts and comments in the last 30 days, against ` +
        `${monthlyBefore} a month in the 60 days before`,
    });
  }
  const score = reasons.reduce((sum, r) => sum + r.points, 0);
  const level: ChurnLevel = score >= HIGH_FROM ? 'high' : score >= MEDIUM_FROM ? 'medium' : 'low';
  return { score, level, reasons };
}
