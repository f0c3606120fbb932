import { describe, expect, it } from 'vitest';
import { GuildError } from '../core/errors/errors.js';
import {
  ACTOR_KINDS,
  ENTRY,
  STATES,
  TRANSITIONS,
  checkTransition,
  isAllowed,
  type State,
} from './workflow.js';

/** The moves the program allows, written out by hand: from, to, who. */
const ALLOWED: [State | null, State, string][] = [
  [null, 'identified', 'manager'],
  [null, 'identified', 'system'],
  [null, 'applied', 'member'],
  ['applied', 'accepted', 'manager'],
  ['applied', 'declined', 'manager'],
  ['identified', 'invited', 'manager'],
  ['identified', 'invited', 'system'],
  ['invited', 'accepted', 'member'],
  ['invited', 'declined', 'member'],
  ['invited', 'declined', 'system'],
  ['accepted', 'onboarding', 'system'],
  ['accepted', 'onboarding', 'manager'],
  ['declined', 'identified', 'manager'],
  ['declined', 'identified', 'system'],
  ['onboarding', 'active', 'system'],
  ['onboarding', 'active', 'manager'],
  ['onboarding', 'alumni', 'member'],
  ['onboarding', 'alumni', 'manager'],
  ['active', 'paused', 'member'],
  ['active', 'paused', 'manager'],
  ['active', 'alumni', 'member'],
  ['active', 'alumni', 'manager'],
  ['paused', 'active', 'member'],
  ['paused', 'active', 'manager'],
  ['paused', 'alumni', 'member'],
  ['paused', 'alumni', 'manager'],
  ['alumni', 'identified', 'manager'],
];

describe('the ambassador workflow', () => {
  it('allows exactly the listed moves and refuses every other one', () => {
    const allowed = new Set(ALLOWED.map(([from, to, who]) => `${from}>${to}>${who}`));
    let refused = 0;
    for (const from of [null, ...STATES]) {
      for (const to of STATES) {
        for (const actor of ACTOR_KINDS) {
          const expected = allowed.has(`${from}>${to}>${actor}`);
          expect(isAllowed(from, to, actor), `${from} -> ${to} by ${actor}`).toBe(expected);
          if (!expected) {
            refused += 1;
            expect(() => checkTransition(from, to, actor, 'because')).toThrow(GuildError);
          }
        }
      }
    }
    // 10 origins x 9 targets x 3 actors, less the allowed ones
    expect(refused).toBe(10 * 9 * 3 - ALLOWED.length);
    const tableSize =
      Object.values(ENTRY).flat().length +
      Object.values(TRANSITIONS).flatMap((rules) => Object.values(rules).flat()).length;
    expect(tableSize).toBe(ALLOWED.length);
  });

  it('names where the member is and where the actor could take them', () => {
    try {
      checkTransition('invited', 'active', 'manager', null);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GuildError);
      const e = error as GuildError;
      expect(e.code).toBe('illegal_transition');
      expect(e.message).toContain('"invited"');
      expect(e.details).toMatchObject({ from: 'invited', to: 'active', allowed: [] });
    }
    try {
      checkTransition('active', 'active', 'member', null);
      expect.unreachable();
    } catch (error) {
      expect((error as GuildError).details).toMatchObject({ allowed: ['paused', 'alumni'] });
    }
  });

  it('asks a manager for a reason to turn down an application or end a place', () => {
    expect(() => checkTransition('applied', 'declined', 'manager', '  ')).toThrow(/reason/);
    expect(() => checkTransition('active', 'alumni', 'manager', null)).toThrow(/reason/);
    expect(() => checkTransition('active', 'alumni', 'manager', 'moved abroad')).not.toThrow();
    // a member leaving does not owe anyone a reason
    expect(() => checkTransition('active', 'alumni', 'member', null)).not.toThrow();
  });
});
