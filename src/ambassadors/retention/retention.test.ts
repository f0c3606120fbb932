import { describe, expect, it } from 'vitest';
import { churnRiskOf } from './churn.js';
import { retentionOf, stateAt, type RetentionMember } from './retention.js';

const at = (iso: string) => new Date(iso);

/**
 * P = 2026-01-01 .. 2026-03-31 (whole UTC days): start 2026-01-01T00:00Z, end
 * 2026-03-31T23:59:59.999Z. The 60 days before the end begin after 2026-01-30T23:59:59.999Z.
 *
 *   A  active since October, still active, completed a mission on 10 March   → retained
 *   B  active at the start, alumni on 15 February (completion on 1 February) → left
 *   C  active at the start, still active, last completion 15 January (76 days
 *      before the end; one on 2 April is after the period)                    → no recent completion
 *   D  active at the start, paused on 1 March, completion on 20 February:
 *      not alumni and a completion in the window                              → retained
 *   E  became active on 10 January, after the start                           → not counted
 *   F  paused at the start, resumed on 20 January                             → not counted
 *   G  active at the start, alumni on 1 February, identified again on 1 March
 *      (completion on 15 March): left the program during P                   → left
 *   H  became active at 2026-01-01T00:00:00Z exactly (at or before the start
 *      counts), completion on 31 January 00:00Z (just inside the window)       → retained
 *
 * Counted at the start: A B C D G H = 6. Still active at the end: A D H = 3. Rate 3/6 = 0.5.
 * By region: UK = A B G → 1/3 (0.3333); FR = C D → 1/2; no region = H → 1/1.
 */
function retentionFixture(): RetentionMember[] {
  const active = (since: string) => [
    { toState: 'identified', at: at('2025-06-01T10:00:00Z') },
    { toState: 'invited', at: at('2025-06-02T10:00:00Z') },
    { toState: 'accepted', at: at('2025-06-03T10:00:00Z') },
    { toState: 'onboarding', at: at('2025-06-03T10:00:00Z') },
    { toState: 'active', at: at(since) },
  ];
  const member = (
    id: string,
    regionCode: string | null,
    transitions: RetentionMember['transitions'],
    completions: string[],
  ): RetentionMember => ({
    ambassadorId: id,
    userId: `user-${id}`,
    regionCode,
    transitions,
    completions: completions.map(at),
  });
  return [
    member('A', 'UK', active('2025-10-01T09:00:00Z'), ['2026-03-10T12:00:00Z']),
    member(
      'B',
      'UK',
      [...active('2025-10-01T09:00:00Z'), { toState: 'alumni', at: at('2026-02-15T08:00:00Z') }],
      ['2026-02-01T12:00:00Z'],
    ),
    member('C', 'FR', active('2025-11-01T09:00:00Z'), [
      '2026-01-15T12:00:00Z',
      '2026-04-02T12:00:00Z',
    ]),
    member(
      'D',
      'FR',
      [...active('2025-09-01T09:00:00Z'), { toState: 'paused', at: at('2026-03-01T08:00:00Z') }],
      ['2026-02-20T12:00:00Z'],
    ),
    member('E', 'UK', active('2026-01-10T09:00:00Z'), ['2026-03-20T12:00:00Z']),
    member(
      'F',
      'FR',
      [
        ...active('2025-10-01T09:00:00Z'),
        { toState: 'paused', at: at('2025-12-01T08:00:00Z') },
        { toState: 'active', at: at('2026-01-20T08:00:00Z') },
      ],
      ['2026-03-01T12:00:00Z'],
    ),
    member(
      'G',
      'UK',
      [
        ...active('2025-10-01T09:00:00Z'),
        { toState: 'alumni', at: at('2026-02-01T08:00:00Z') },
        { toState: 'identified', at: at('2026-03-01T08:00:00Z') },
      ],
      ['2026-03-15T12:00:00Z'],
    ),
    member('H', null, active('2026-01-01T00:00:00Z'), ['2026-01-31T00:00:00Z']),
  ];
}

const PERIOD = { start: at('2026-01-01T00:00:00.000Z'), end: at('2026-03-31T23:59:59.999Z') };

describe('ambassador retention rate', () => {
  it('counts the hand-computed fixture as 3 of 6', () => {
    const result = retentionOf(retentionFixture(), PERIOD.start, PERIOD.end);
    expect(result.numerator).toBe(3);
    expect(result.denominator).toBe(6);
    expect(result.rate).toBe(0.5);
    const outcomes = Object.fromEntries(result.members.map((m) => [m.ambassadorId, m.outcome]));
    expect(outcomes).toEqual({
      A: 'retained',
      B: 'left',
      C: 'no_recent_completion',
      D: 'retained',
      G: 'left',
      H: 'retained',
    });
    expect(result.regions).toEqual([
      { regionCode: 'FR', numerator: 1, denominator: 2, rate: 0.5 },
      { regionCode: 'UK', numerator: 1, denominator: 3, rate: 0.3333 },
      { regionCode: null, numerator: 1, denominator: 1, rate: 1 },
    ]);
  });

  it('has no rate when nobody was active at the start', () => {
    const later = retentionFixture().filter((m) => m.ambassadorId === 'E');
    expect(retentionOf(later, PERIOD.start, PERIOD.end)).toMatchObject({
      numerator: 0,
      denominator: 0,
      rate: null,
    });
  });

  it('reads the state at a moment from the last transition at or before it', () => {
    const [, b] = retentionFixture();
    expect(stateAt(b!.transitions, at('2026-02-15T07:59:59Z'))).toBe('active');
    expect(stateAt(b!.transitions, at('2026-02-15T08:00:00Z'))).toBe('alumni');
    expect(stateAt(b!.transitions, at('2025-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('churn risk', () => {
  it('adds plain signals into a level with reasons', () => {
    const calm = churnRiskOf({
      state: 'active',
      daysSinceCompletion: 5,
      latestNps: 9,
      contributionsLast30: 4,
      contributionsPrevious60: 6,
    });
    expect(calm).toEqual({ score: 0, level: 'low', reasons: [] });

    const worrying = churnRiskOf({
      state: 'paused',
      daysSinceCompletion: null,
      latestNps: 3,
      contributionsLast30: 0,
      contributionsPrevious60: 8,
    });
    expect(worrying.score).toBe(40 + 20 + 20 + 20);
    expect(worrying.level).toBe('high');
    expect(worrying.reasons.map((r) => r.signal)).toEqual([
      'noRecentCompletion',
      'paused',
      'detractor',
      'decliningActivity',
    ]);
    expect(worrying.reasons[3]!.text).toBe(
      '0 posts and comments in the last 30 days, against 4 a month in the 60 days before',
    );

    const ageing = churnRiskOf({
      state: 'active',
      daysSinceCompletion: 45,
      latestNps: 7,
      contributionsLast30: 1,
      contributionsPrevious60: 1,
    });
    // 20 for a completion 45 days ago; half a post a month before is too little to call a decline
    expect(ageing).toMatchObject({ score: 20, level: 'low' });
    expect(
      churnRiskOf({
        state: 'active',
        daysSinceCompletion: 61,
        latestNps: null,
        contributionsLast30: 0,
        contributionsPrevious60: 0,
      }),
    ).toMatchObject({ score: 40, level: 'medium' });
  });
});
