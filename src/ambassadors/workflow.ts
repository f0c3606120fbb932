/**
 * The states of a member in an ambassador program and who may move them where. Pure: the
 * service (pipeline.service.ts) locks the row, asks `checkTransition`, and records the move.
 *
 *   identified → invited → accepted → onboarding → active ⇄ paused
 *                       ↘ declined                     ↘ alumni ↙
 *   applied → accepted | declined        declined → identified (after the quiet period)
 *   onboarding → alumni                  alumni → identified
 *
 * A member answers their own invitation, pauses and leaves; a manager identifies, invites,
 * decides applications, and can pause, resume or end anyone's place; the system expires
 * invitations, starts onboarding on acceptance and activates when onboarding is complete.
 */
import { GuildError } from '../core/errors/errors.js';

export const STATES = [
  'applied',
  'identified',
  'invited',
  'accepted',
  'declined',
  'onboarding',
  'active',
  'paused',
  'alumni',
] as const;
export type State = (typeof STATES)[number];

export const ACTOR_KINDS = ['member', 'manager', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

type Rules = Partial<Record<State, readonly ActorKind[]>>;

/** Where a member may enter a program from nowhere, and who may put them there. */
export const ENTRY: Rules = {
  identified: ['manager', 'system'],
  applied: ['member'],
};

export const TRANSITIONS: Record<State, Rules> = {
  applied: { accepted: ['manager'], declined: ['manager'] },
  identified: { invited: ['manager', 'system'] },
  invited: { accepted: ['member'], declined: ['member', 'system'] },
  accepted: { onboarding: ['system', 'manager'] },
  declined: { identified: ['manager', 'system'] },
  onboarding: { active: ['system', 'manager'], alumni: ['member', 'manager'] },
  active: { paused: ['member', 'manager'], alumni: ['member', 'manager'] },
  paused: { active: ['member', 'manager'], alumni: ['member', 'manager'] },
  alumni: { identified: ['manager'] },
};

/** Transitions a manager must give a reason for (turning an application down, ending a place). */
export const REASON_REQUIRED: readonly `${State}->${State}`[] = [
  'applied->declined',
  'active->alumni',
  'paused->alumni',
  'onboarding->alumni',
];

/** True when `actor` may move a member from `from` (null: not in the program) to `to`. */
export function isAllowed(from: State | null, to: State, actor: ActorKind): boolean {
  const rules = from === null ? ENTRY : TRANSITIONS[from];
  return rules[to]?.includes(actor) ?? false;
}

/** Throws `illegal_transition` (with where the member is and may go) unless allowed. */
export function checkTransition(
  from: State | null,
  to: State,
  actor: ActorKind,
  reason: string | null | undefined,
): void {
  if (!isAllowed(from, to, actor)) {
    const rules = from === null ? ENTRY : TRANSITIONS[from];
    const allowed = Object.entries(rules)
      .filter(([, actors]) => actors.includes(actor))
      .map(([state]) => state);
    throw new GuildError(
      'illegal_transition',
      from === null
        ? `A ${actor} cannot put a member into a program as "${to}".`
        : `A ${actor} cannot move an ambassador from "${from}" to "${to}".`,
      { from, to, actor, allowed },
    );
  }
  if (
    from !== null &&
    REASON_REQUIRED.includes(`${from}->${to}`) &&
    actor === 'manager' &&
    !(reason ?? '').trim()
  ) {
    throw new GuildError('validation_failed', `Moving from "${from}" to "${to}" needs a reason.`, {
      field: 'reason',
    });
  }
}
