/** Tests of Guild's seed sentences. */
import { describe, expect, it } from 'vitest';
import { SEED_WEIGHT, seedExamples } from './seed-examples.js';

describe('seedExamples', () => {
  const seeds = seedExamples();

  it('holds a few hundred distinct sentences with distinct ids', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(300);
    expect(new Set(seeds.map((row) => row.id)).size).toBe(seeds.length);
    expect(new Set(seeds.map((row) => row.text.toLowerCase())).size).toBe(seeds.length);
  });

  it('labels toxic, hate and spam on every row, with hate only where toxic', () => {
    for (const row of seeds) {
      expect(row.source).toBe('seed');
      expect(row.weight).toBe(SEED_WEIGHT);
      expect(Object.keys(row.labels).sort()).toEqual(['hate', 'spam', 'toxic']);
      if (row.labels.hate === 1) {
        expect(row.labels.toxic).toBe(1);
      }
    }
  });

  it('has both abuse and hard negatives, and the sentences Guild’s brief names', () => {
    const byText = new Map(seeds.map((row) => [row.text, row.labels]));
    expect(byText.get("you're a clueless idiot")).toMatchObject({ toxic: 1 });
    expect(byText.get('this is not bad at all')).toMatchObject({ toxic: 0 });
    expect(byText.get('you are not stupid for asking')).toMatchObject({ toxic: 0 });
    expect(byText.get('as a black woman i finally found my shade')).toMatchObject({ toxic: 0 });
    expect(byText.get('the delivery was late and support was useless')).toMatchObject({
      toxic: 0,
    });
    const count = (predicate: (row: (typeof seeds)[number]) => boolean) =>
      seeds.filter(predicate).length;
    expect(count((row) => row.labels.toxic === 1)).toBeGreaterThan(100);
    expect(count((row) => row.labels.hate === 1)).toBeGreaterThan(20);
    expect(count((row) => row.labels.spam === 1)).toBeGreaterThan(20);
    expect(count((row) => row.labels.toxic === 0 && row.labels.spam === 0)).toBeGreaterThan(100);
  });

  it('takes a weight', () => {
    expect(seedExamples(1)[0]!.weight).toBe(1);
  });
});
