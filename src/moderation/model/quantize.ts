/**
 * Compact storage of a head's weights: each weight becomes one signed byte on a square-root
 * scale (fine steps near zero, where most weights are; coarse steps for the few large ones),
 * with one scale per head. Scoring always uses the dequantised weights, so a model scores the
 * same before and after a save and load.
 */

/** A head's weights in one byte each, and the scale that turns them back into numbers. */
export interface QuantizedWeights {
  /** The largest absolute weight; byte ±127 stands for ±scale. */
  scale: number;
  values: Int8Array;
}

/** Quantises weights to bytes on a square-root scale. */
export function quantize(weights: ArrayLike<number>): QuantizedWeights {
  let scale = 0;
  for (let i = 0; i < weights.length; i++) {
    scale = Math.max(scale, Math.abs(weights[i]!));
  }
  const values = new Int8Array(weights.length);
  if (scale === 0) {
    return { scale, values };
  }
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    values[i] = Math.sign(w) * Math.round(127 * Math.sqrt(Math.abs(w) / scale));
  }
  return { scale, values };
}

/** The weight a byte stands for under a scale. */
export function dequantizeOne(value: number, scale: number): number {
  const r = value / 127;
  return Math.sign(r) * r * r * scale;
}

/** Turns quantised bytes back into weights. */
export function dequantize(quantized: QuantizedWeights): Float32Array {
  const { scale, values } = quantized;
  const weights = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    weights[i] = dequantizeOne(values[i]!, scale);
  }
  return weights;
}

/** Rounds weights through the byte form and back, as a saved model would hold them. */
export function roundTrip(weights: ArrayLike<number>): Float32Array {
  return dequantize(quantize(weights));
}
