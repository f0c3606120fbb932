import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEIGHTS,
  FEATURES,
  checkWeights,
  type Feature,
  type Inputs,
  type Weights,
} from './features.js';
import { MIN_GROUP, scoreCandidates, type Candidate } from './score.js';

const none = () => Object.fromEntries(FEATURES.map((f) => [f, null])) as Inputs;
const only = (weights: Partial<Weights>): Weights =>
  Object.fromEntries(FEATURES.map((f) => [f, weights[f] ?? 0])) as Weights;
const all = new Set<Feature>(FEATURES);

function candidate(id: string, inputs: Partial<Inputs>, region: string | null = 'UK'): Candidate {
  return {
    userId: id,
    region,
    regionName: region === 'UK' ? 'the UK' : region,
    inputs: { ...none(), ...inputs },
    details: { purchaseDays: 3 },
  };
}

describe('candidate scores', () => {
  it('ranks within the region: a member above 95 of 100 others is in the top 5% of spend', () => {
    const members = Array.from({ length: 100 }, (_, i) =>
      candidate(`m${i}`, { spend: (i + 1) * 10 }),
    );
    const scored = scoreCandidates(members, only({ spend: 1 }), all);
    const best = scored.find((s) => s.userId === 'm99')!;
    const worst = scored.find((s) => s.userId === 'm0')!;
    expect(best.score).toBe(99.5);
    expect(worst.score).toBe(0.5);
    expect(best.reasons[0]).toEqual({
      feature: 'spend',
      kind: 'strength',
      text: 'top 1% of spend in the UK in the last 12 months',
    });
    const m95 = scored.find((s) => s.userId === 'm95')!;
    expect(m95.reasons[0]!.text).toBe('top 5% of spend in the UK in the last 12 months');
    // the bottom quarter hears what held the score back
    expect(worst.reasons).toEqual([
      {
        feature: 'spend',
        kind: 'limit',
        text: 'bottom quarter of spend in the UK in the last 12 months',
      },
    ]);
  });

  it('ranks a small region against everyone and does not name it', () => {
    const members = [
      ...Array.from({ length: MIN_GROUP }, (_, i) => candidate(`uk${i}`, { spend: i })),
      candidate('ie0', { spend: 1000 }, 'IE'),
    ];
    const scored = scoreCandidates(members, only({ spend: 1 }), all);
    const ie = scored.find((s) => s.userId === 'ie0')!;
    expect(ie.reasons[0]!.text).toBe('top 3% of spend in the last 12 months');
  });

  it('shares ranks between ties and puts a missing value at 0', () => {
    const scored = scoreCandidates(
      [
        candidate('a', { accepted_answers: 5 }),
        candidate('b', { accepted_answers: 5 }),
        candidate('c', {}),
        candidate('d', {}),
      ],
      only({ accepted_answers: 1 }),
      all,
    );
    const [a, b, c] = scored;
    expect(a!.score).toBe(b!.score);
    expect(c!.score).toBe(0);
    expect(a!.reasons[0]!.text).toBe('5 accepted answers');
  });

  it('counts fewer days since the last purchase and fewer returns as better', () => {
    const scored = scoreCandidates(
      [candidate('recent', { recency_days: 2 }), candidate('lapsed', { recency_days: 200 })],
      only({ recency_days: 1 }),
      all,
    );
    expect(scored[0]!.score).toBeGreaterThan(scored[1]!.score);
    expect(scored[0]!.reasons[0]!.text).toBe('last purchase 2 days ago');
  });

  it('weights features, and a feature that may not be read leaves the scale at 0..100', () => {
    const members = [
      candidate('spender', { spend: 500, accepted_answers: 0 }),
      candidate('helper', { spend: 0, accepted_answers: 30 }),
    ];
    const weights = only({ spend: 3, accepted_answers: 1 });
    const [spender, helper] = scoreCandidates(members, weights, all);
    expect(spender!.score).toBeGreaterThan(helper!.score);
    expect(spender!.score).toBeCloseTo((100 * 3 * 0.75) / 4, 5);
    // no answers at all earns nothing for answers (not the middle rank)
    expect(spender!.contributions.accepted_answers).toBe(0);
    // purchases may not be read: only the community counts, on the full scale
    const withoutSpend = new Set(FEATURES.filter((f) => f !== 'spend'));
    const [s2, h2] = scoreCandidates(members, weights, withoutSpend);
    expect(h2!.score).toBe(75);
    expect(s2!.score).toBe(0);
    expect(s2!.contributions.spend).toBeUndefined();
  });

  it('gives at most three strengths, best first, and the sentiment in counts', () => {
    const c = candidate('x', {
      spend: 10,
      accepted_answers: 12,
      reactions_received: 40,
      reviews: 3,
      mention_sentiment: 0.9,
    });
    c.details = { mentionsPositive: 9, mentionsTotal: 10 };
    const [scored] = scoreCandidates([c, candidate('y', {})], DEFAULT_WEIGHTS, all);
    const strengths = scored!.reasons.filter((r) => r.kind === 'strength');
    expect(strengths).toHaveLength(3);
    expect(strengths.map((r) => r.text)).toContain('12 accepted answers');
    const sentiment = scoreCandidates(
      [c, candidate('y', {})],
      only({ mention_sentiment: 1 }),
      all,
    )[0]!;
    expect(sentiment.reasons[0]!.text).toBe('9 of 10 mentions positive');
  });

  it('checks weights', () => {
    expect(checkWeights(DEFAULT_WEIGHTS)).toBeNull();
    expect(checkWeights({ ...DEFAULT_WEIGHTS, spend: -1 })).toMatch(/spend/);
    expect(checkWeights({ ...DEFAULT_WEIGHTS, height: 3 })).toMatch(/Unknown feature "height"/);
    expect(checkWeights(only({}))).toMatch(/above 0/);
  });
});
