/** Tests of the moderation model's hashing and seeded randomness. */
import { describe, expect, it } from 'vitest';
import { combine, fmix32, fnv1a, seededRandom } from './hash.js';

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('depends on the seed', () => {
    expect(fnv1a('guild', 1)).not.toBe(fnv1a('guild', 2));
  });
});

describe('fmix32 and combine', () => {
  it('are unsigned 32-bit and order-sensitive', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBeGreaterThan(0);
    expect(fmix32(1)).toBeLessThan(2 ** 32);
    expect(combine(1, 2)).not.toBe(combine(2, 1));
  });
});

describe('seededRandom', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
    for (const value of first) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
