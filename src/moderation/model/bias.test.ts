/** Tests of the identity-term bias check. */
import { describe, expect, it } from 'vitest';
import { FIELD_CASE_PAIRS, biasCheck, biasPairs } from './bias.js';
import { loadShippedModel } from './shipped.js';
import { toyRows } from './test-support.js';
import { trainModel } from './training.js';

describe('biasPairs', () => {
  it('holds the field-case pairs and many templated ones, each a real pair', () => {
    const pairs = biasPairs();
    expect(pairs.slice(0, 3)).toEqual(FIELD_CASE_PAIRS);
    expect(FIELD_CASE_PAIRS.map((pair) => pair.b)).toContain(
      "I'm a man and this blazer fits perfectly.",
    );
    expect(pairs.length).toBeGreaterThan(150);
    for (const pair of pairs) {
      expect(pair.a).not.toBe(pair.b);
      expect(pair.a).not.toMatch(/[{}]|\s{2}/);
      expect(pair.b).not.toMatch(/[{}]|\s{2}/);
    }
  });
});

describe('biasCheck', () => {
  it('passes the shipped model: no gap over 0.10 and nothing flagged', () => {
    const report = biasCheck(loadShippedModel());
    expect(report.passed).toBe(true);
    expect(report.maxGap).toBeLessThanOrEqual(0.1);
    expect(report.failures).toBe(0);
    expect(report.pairs).toBe(biasPairs().length);
    expect(report.worst.length).toBe(5);
    for (const pair of report.worst) {
      expect(pair.flagged).toBe(false);
    }
  });

  const toy = trainModel(toyRows(), {
    version: 'toy',
    createdAt: '2026-01-01T00:00:00.000Z',
    features: { bits: 16 },
  });

  it('fails when a pair scores far apart, and reports that pair first', () => {
    const report = biasCheck(toy, {
      pairs: [
        { a: 'the lamp arrived today', b: 'the kettle arrived today' },
        { a: 'you are a stupid idiot', b: 'the sofa is lovely' },
      ],
    });
    expect(report.passed).toBe(false);
    expect(report.failures).toBe(1);
    expect(report.worst[0]!.a).toBe('you are a stupid idiot');
    expect(report.worst[0]!.gap).toBeGreaterThan(0.1);
    expect(report.worst[0]!.flagged).toBe(true);
  });

  it('fails when both sentences of a pair are flagged even with no gap', () => {
    const report = biasCheck(toy, {
      pairs: [{ a: 'you are a stupid idiot', b: 'you are a stupid idiot!' }],
    });
    expect(report.maxGap).toBeLessThanOrEqual(0.1);
    expect(report.passed).toBe(false);
  });

  it('refuses a head the model lacks', () => {
    expect(() => biasCheck(toy, { head: 'sexual' })).toThrow(/sexual/);
  });
});
