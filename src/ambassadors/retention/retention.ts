/**
 * Ambassador retention rate (PRODUCT.md, "The key metrics, defined"), computed from each
 * member's transitions and completed missions. Pure.
 *
 *   retention = ambassadors active at the start of P who are still active at its end
 *               ÷ ambassadors active at the start of P
 *
 * - A member's state at a moment is the `to_state` of their last transition at or before it.
 * - Active at the start: the state at the start of P is `active`. Paused members are not
 *   active then and are not counted (see docs: a pause is a break the member asked for).
 * - Still active at the end: not alumni at the end of P (still holding a place: `active` or
 *   `paused`, the only states an active member can reach without leaving) AND at least one
 *   completed mission or approved submission in the 60 days before the end.
 */

export const COMPLETION_WINDOW_DAYS = 60;
const DAY_MS = 86_400_000;

export const RETENTION_DEFINITION =
  'Ambassadors whose state was active at the start of the period and who, at its end, had not ' +
  'left the program (not alumni: still active or paused) and had at least one completed ' +
  'mission or approved submission in the 60 days before the end, divided by the ambassadors ' +
  'whose state was active at the start of the period.';

export interface StateChange {
  toState: string;
  at: Date;
}

export interface RetentionMember {
  ambassadorId: string;
  userId: string;
  regionCode: string | null;
  /** Every transition of the member's place, in any order. */
  transitions: readonly StateChange[];
  /** When each of the member's completed missions or approved submissions happened. */
  completions: readonly Date[];
}

export type Outcome = 'retained' | 'left' | 'no_recent_completion';

export interface RetentionFigures {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, 0..1 rounded to 4 places; null when nobody was active at the start. */
  rate: number | null;
}

export interface RetentionResult extends RetentionFigures {
  /** For each member counted at the start, what happened. */
  members: { ambassadorId: string; userId: string; regionCode: string | null; outcome: Outcome }[];
  regions: (RetentionFigures & { regionCode: string | null })[];
}

/** The state at `moment`: the last transition at or before it (ties: the later in the list). */
export function stateAt(transitions: readonly StateChange[], moment: Date): string | null {
  let best: StateChange | null = null;
  for (const t of transitions) {
    if (t.at.getTime() <= moment.getTime() && (best === null || t.at >= best.at)) {
      best = t;
    }
  }
  return best?.toState ?? null;
}

function figures(numerator: number, denominator: number): RetentionFigures {
  return {
    numerator,
    denominator,
    rate: denominator === 0 ? null : Math.round((numerator / denominator) * 1e4) / 1e4,
  };
}

/** Retention over [start, end]: `end` is the last moment of the period. */
export function retentionOf(
  members: readonly RetentionMember[],
  start: Date,
  end: Date,
): RetentionResult {
  const windowStart = end.getTime() - COMPLETION_WINDOW_DAYS * DAY_MS;
  const counted = members
    .filter((m) => stateAt(m.transitions, start) === 'active')
    .map((m) => {
      const atEnd = stateAt(m.transitions, end);
      const recent = m.completions.some(
        (c) => c.getTime() > windowStart && c.getTime() <= end.getTime(),
      );
      const outcome: Outcome =
        atEnd !== 'active' && atEnd !== 'paused'
          ? 'left'
          : recent
            ? 'retained'
            : 'no_recent_completion';
      return {
        ambassadorId: m.ambassadorId,
        userId: m.userId,
        regionCode: m.regionCode,
        outcome,
      };
    });
  const retained = (list: typeof counted) => list.filter((m) => m.outcome === 'retained').length;
  const codes = [...new Set(counted.map((m) => m.regionCode))].sort((a, b) =>
    (a ?? '\uffff').localeCompare(b ?? '\uffff'),
  );
  return {
    ...figures(retained(counted), counted.length),
    members: counted,
    regions: codes.map((regionCode) => {
      const group = counted.filter((m) => m.regionCode === regionCode);
      return { regionCode, ...figures(retained(group), group.length) };
    }),
  };
}
