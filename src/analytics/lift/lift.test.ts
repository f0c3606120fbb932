/**
 * The retention-lift estimator on synthetic customers whose truth is known: a planted effect is
 * found, no effect gives an interval around 0, small groups are refused, matching stays inside
 * a region and inside the caliper, balance improves, and the answer depends only on the seed.
 */
import { describe, expect, it } from 'vitest';
import {
  estimateLift,
  matchedPairs,
  seededRandom,
  type LiftEstimate,
  type LiftEstimated,
  type LiftSubject,
} from './lift.js';

interface Population {
  members: number;
  controls: number;
  /** Members' repeat probability is multiplied by this (1: no effect). */
  effect?: number;
  /** Members buy more often than controls before the reference date (selection into the club). */
  confounded?: boolean;
  regions?: string[];
  seed?: number;
}

/**
 * Customers whose chance to buy again rises with frequency and falls with recency, so a member
 * group that buys more often also repeats more often without any effect of the community.
 */
function population(spec: Population): LiftSubject[] {
  const random = seededRandom(spec.seed ?? 7);
  const regions = spec.regions ?? ['GB', 'DE', 'FR'];
  const subjects: LiftSubject[] = [];
  const make = (member: boolean, n: number) => {
    for (let i = 0; i < n; i += 1) {
      const keen = member && spec.confounded === true ? 1.6 : 1;
      const frequency = 1 + Math.floor(-Math.log(1 - random()) * 3 * keen);
      const recencyDays = Math.floor((-Math.log(1 - random()) * 90) / keen);
      const monetary = Math.round(frequency * 40 * Math.exp(random() - 0.5) * 100) / 100;
      const score = -0.6 + 0.5 * Math.log1p(frequency) - 0.35 * Math.log1p(recencyDays);
      const base = Math.min(0.6, 1 / (1 + Math.exp(-score)));
      const chance = member ? base * (spec.effect ?? 1) : base;
      subjects.push({
        id: `${member ? 'm' : 'c'}${String(i).padStart(7, '0')}`,
        member,
        region: regions[Math.floor(random() * regions.length)]!,
        recencyDays,
        frequency,
        monetary,
        repeat: random() < chance,
      });
    }
  };
  make(true, spec.members);
  make(false, spec.controls);
  return subjects;
}

function estimated(result: LiftEstimate): LiftEstimated {
  if (result.status !== 'estimated') {
    throw new Error(`expected an estimate, got ${result.reason}`);
  }
  return result;
}

const subject = (
  id: string,
  member: boolean,
  region: string,
  values: [number, number, number],
  repeat = false,
): LiftSubject => ({
  id,
  member,
  region,
  recencyDays: values[0],
  frequency: values[1],
  monetary: values[2],
  repeat,
});

describe('estimateLift', () => {
  it('recovers a planted 30% lift despite members who bought more often beforehand', () => {
    const subjects = population({ members: 4000, controls: 20000, effect: 1.3, confounded: true });
    const members = subjects.filter((s) => s.member);
    const controls = subjects.filter((s) => !s.member);
    const rate = (group: LiftSubject[]) => group.filter((s) => s.repeat).length / group.length;
    const naive = (rate(members) - rate(controls)) / rate(controls);

    const result = estimated(estimateLift(subjects, { seed: 3 }));

    expect(result.ci.low).toBeLessThanOrEqual(0.3);
    expect(result.ci.high).toBeGreaterThanOrEqual(0.3);
    expect(result.ci.low).toBeGreaterThan(0);
    expect(Math.abs(result.lift - 0.3)).toBeLessThan(0.08);
    // the naive comparison credits the community with the members' prior habits
    expect(naive).toBeGreaterThan(0.45);
    expect(result.sizes).toMatchObject({ members: 4000, controls: 20000, matchedMembers: 4000 });
    expect(result.memberRate).toBeCloseTo(rate(members), 10);
  });

  it('gives an interval containing 0 when members and controls are alike', () => {
    for (const seed of [11, 12, 13]) {
      const result = estimated(
        estimateLift(population({ members: 1500, controls: 6000, seed }), { seed }),
      );
      expect(result.ci.low).toBeLessThan(0);
      expect(result.ci.high).toBeGreaterThan(0);
    }
  });

  it('refuses small groups, too few controls and a control rate of 0, without throwing', () => {
    const few = estimateLift(population({ members: 20, controls: 500 }));
    expect(few).toMatchObject({
      status: 'insufficient',
      reason: 'too_few_matched_members',
      sizes: { members: 20, matchedMembers: 20 },
    });
    expect(few).not.toHaveProperty('lift');

    const fewControls = estimateLift(population({ members: 300, controls: 12, regions: ['GB'] }));
    expect(fewControls).toMatchObject({ status: 'insufficient', reason: 'too_few_controls' });

    const noRepeat = population({ members: 200, controls: 800 }).map((s) =>
      s.member ? s : { ...s, repeat: false },
    );
    expect(estimateLift(noRepeat)).toMatchObject({
      status: 'insufficient',
      reason: 'control_rate_zero',
    });

    expect(estimateLift([])).toEqual({
      status: 'insufficient',
      reason: 'too_few_matched_members',
      sizes: {
        members: 0,
        controls: 0,
        matchedMembers: 0,
        unmatchedMembers: 0,
        unmatchedNoControlInRegion: 0,
        unmatchedOutsideCaliper: 0,
        distinctControls: 0,
      },
    });
    expect(estimateLift(population({ members: 5, controls: 0 })).status).toBe('insufficient');
  });

  it('refuses when so few controls repeat that the interval has no upper bound', () => {
    const subjects = population({ members: 60, controls: 600, regions: ['GB'] }).map((s) => ({
      ...s,
      repeat: s.member ? s.repeat : s.id === 'c0000001',
    }));
    const result = estimateLift(subjects, { k: 1 });
    expect(result.status).toBe('insufficient');
  });

  it('matches only within a region', () => {
    // every German control sits exactly on a British member; the British controls are farther
    const subjects: LiftSubject[] = [];
    for (let i = 0; i < 50; i += 1) {
      const values: [number, number, number] = [10 + i, 1 + (i % 5), 50 + 7 * i];
      subjects.push(subject(`gb-m${i}`, true, 'GB', values));
      subjects.push(subject(`de-c${i}`, false, 'DE', values));
      subjects.push(
        subject(`gb-c${i}`, false, 'GB', [values[0] * 3, values[1] + 4, values[2] * 5]),
      );
    }
    subjects.push(subject('fr-m0', true, 'FR', [10, 1, 50]));

    const pairs = matchedPairs(subjects);
    expect(pairs).toHaveLength(50);
    for (const pair of pairs) {
      expect(pair.controls.every((c) => c.startsWith('gb-c'))).toBe(true);
    }
    const sizes = estimateLift(subjects, { minGroup: 1 }).sizes;
    expect(sizes.unmatchedNoControlInRegion).toBe(1);
    expect(sizes.matchedMembers).toBe(50);
  });

  it('finds the true nearest controls, k of them, ties to the lowest id', () => {
    const random = seededRandom(5);
    const subjects: LiftSubject[] = [];
    for (let i = 0; i < 400; i += 1) {
      const values: [number, number, number] = [
        Math.floor(random() * 200),
        1 + Math.floor(random() * 6),
        Math.floor(random() * 30) * 10,
      ];
      subjects.push(subject(`s${String(i).padStart(4, '0')}`, i < 60, 'GB', values));
    }
    // a brute-force scan over the same standardised covariates gives the same neighbours
    const logs = subjects.map((s) => [s.recencyDays, s.frequency, s.monetary].map(Math.log1p));
    const stats = [0, 1, 2].map((d) => {
      const col = logs.map((l) => l[d]!);
      const m = col.reduce((a, b) => a + b, 0) / col.length;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / (col.length - 1));
      return { m, sd };
    });
    const z = logs.map((l) => l.map((v, d) => (v - stats[d]!.m) / stats[d]!.sd));
    const expected = subjects
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.member)
      .map(({ s, i }) => {
        const ranked = subjects
          .map((c, j) => ({ c, d: z[j]!.reduce((a, v, d) => a + (v - z[i]![d]!) ** 2, 0) }))
          .filter(({ c }) => !c.member)
          .sort((a, b) => a.d - b.d || (a.c.id < b.c.id ? -1 : 1));
        return { member: s.id, controls: ranked.slice(0, 3).map(({ c }) => c.id) };
      });

    const pairs = matchedPairs(subjects, { k: 3 });
    // distances computed in another order may differ in the last bit; allow no id mismatch
    // beyond exact float ties, which the data above does not produce often
    const agree = pairs.filter((p, i) => p.controls.join() === expected[i]!.controls.join());
    expect(pairs.map((p) => p.member)).toEqual(expected.map((e) => e.member));
    expect(agree.length).toBeGreaterThanOrEqual(pairs.length - 2);

    // identical controls: the lowest id wins, whatever the input order
    const twins = [
      subject('m1', true, 'GB', [5, 2, 100]),
      subject('c9', false, 'GB', [5, 2, 100]),
      subject('c3', false, 'GB', [5, 2, 100]),
      subject('c5', false, 'GB', [5, 2, 100]),
      subject('c1', false, 'GB', [80, 9, 900]),
    ];
    expect(matchedPairs(twins, { k: 2 })).toEqual([{ member: 'm1', controls: ['c3', 'c5'] }]);
    expect(matchedPairs([...twins].reverse(), { k: 2 })).toEqual([
      { member: 'm1', controls: ['c3', 'c5'] },
    ]);
  });

  it('leaves members with no control inside the caliper unmatched, and counts them', () => {
    const subjects = population({ members: 300, controls: 3000, regions: ['GB'] });
    const far = Array.from({ length: 7 }, (_, i) =>
      subject(`far${i}`, true, 'GB', [1, 400 + i, 5_000_000], true),
    );
    const withCaliper = estimated(estimateLift([...subjects, ...far], { caliper: 0.5 }));
    expect(withCaliper.sizes.unmatchedOutsideCaliper).toBe(7);
    expect(withCaliper.sizes.matchedMembers).toBe(300);
    expect(withCaliper.matching.caliper).toBe(0.5);
    expect(
      matchedPairs([...subjects, ...far], { caliper: 0.5 }).map((p) => p.member),
    ).not.toContain('far0');

    const without = estimated(estimateLift([...subjects, ...far]));
    expect(without.sizes.unmatchedMembers).toBe(0);
    expect(without.sizes.matchedMembers).toBe(307);
    expect(without.matching.caliper).toBeNull();
  });

  it('gives the same answer for the same seed, whatever the order of the subjects', () => {
    const subjects = population({ members: 800, controls: 4000, effect: 1.2 });
    const first = estimateLift(subjects, { seed: 42, bootstrap: 300 });
    const again = estimateLift([...subjects].reverse(), { seed: 42, bootstrap: 300 });
    const other = estimated(estimateLift(subjects, { seed: 43, bootstrap: 300 }));
    expect(again).toEqual(first);
    expect(other.lift).toBe(estimated(first).lift);
    expect(other.ci).not.toEqual(estimated(first).ci);
  });

  it('improves the balance of every covariate by matching', () => {
    const result = estimated(
      estimateLift(population({ members: 3000, controls: 15000, confounded: true })),
    );
    expect(result.balance.map((b) => b.covariate)).toEqual(['recency', 'frequency', 'monetary']);
    for (const b of result.balance) {
      expect(Math.abs(b.before)).toBeGreaterThan(0.1);
      expect(Math.abs(b.after)).toBeLessThan(0.05);
      expect(Math.abs(b.after)).toBeLessThan(Math.abs(b.before) / 3);
    }
  });
});
