/** Tests of the one-byte weight storage. */
import { describe, expect, it } from 'vitest';
import { dequantize, quantize, roundTrip } from './quantize.js';

describe('quantize', () => {
  it('keeps the largest weight exactly and small weights close', () => {
    const weights = [4, -4, 0.5, -0.01, 0, 1e-6];
    const { scale, values } = quantize(weights);
    expect(scale).toBe(4);
    expect(values[0]).toBe(127);
    expect(values[1]).toBe(-127);
    expect(values[4]).toBe(0);
    const back = dequantize({ scale, values });
    expect(back[0]).toBe(4);
    expect(back[1]).toBe(-4);
    // The square-root scale has steps of about 2·sqrt(|w|·scale)/127 near w.
    expect(Math.abs(back[2]! - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(back[3]! + 0.01)).toBeLessThan(0.004);
    expect(back[5]).toBe(0);
  });

  it('is stable: quantising the rounded weights gives the same bytes', () => {
    const weights = Array.from({ length: 200 }, (_, i) => Math.sin(i) * (i % 7));
    const once = quantize(weights);
    const twice = quantize(roundTrip(weights));
    expect(Array.from(twice.values)).toEqual(Array.from(once.values));
  });

  it('handles all-zero weights', () => {
    expect(Array.from(roundTrip([0, 0, 0]))).toEqual([0, 0, 0]);
  });
});
