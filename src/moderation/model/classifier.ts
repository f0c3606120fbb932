/**
 * A version of Guild's local moderation model: several heads (`toxic`, `hate`, `spam`, …) that
 * share one feature vector, each a logistic regression with its own decision threshold, plus the
 * metadata that says how the version was made. Also the compact file format a version is saved
 * in.
 *
 * File format (all integers little-endian):
 *   8 bytes  "GUILDMM1"
 *   4 bytes  length of the header, then the header: UTF-8 JSON with the metadata and, per head,
 *            name, bias, threshold, weight scale and the number of non-zero weights
 *   the rest raw DEFLATE of, per head in header order: the bucket indexes of its non-zero
 *            weights as LEB128 gaps from the previous index, then one signed byte per weight
 *            (see quantize.ts)
 * The header is readable with `head -c`; the same model always gives the same bytes with the
 * same zlib.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { featurizerFor, type FeatureConfig, type SparseVector } from './features.js';
import { sigmoid } from './logistic.js';
import type { HeadMetrics } from './metrics.js';
import type { HeadName } from './model.types.js';
import { prepare } from './prepare.js';
import { dequantizeOne, type QuantizedWeights } from './quantize.js';

/** What a version was trained on. */
export interface TrainingSnapshot {
  /** Rows per source (`hate-offensive`, `youtube-spam`, `seed`, a file name). */
  sources: { name: string; rows: number }[];
  /** All training rows. */
  rows: number;
  /** Per head: rows that label it, and how many of them are positive. */
  heads: Record<HeadName, { labelled: number; positives: number }>;
  /** SHA-256 (hex) of the training rows in order: source, id, text, labels, weight. */
  sha256: string;
  /** How the training rows were chosen from their sources. */
  splitRule: string;
  /** The version this one was fine-tuned from (warm start), if it was not trained from zero. */
  startedFrom?: string;
}

/** Everything a version says about itself. */
export interface ModelMetadata {
  version: string;
  /** ISO 8601 time the version was made. */
  createdAt: string;
  features: FeatureConfig;
  training: TrainingSnapshot;
  /**
   * Per head, figures on the training rows scored out of fold (each row by a model that did not
   * see it); the thresholds were chosen on these.
   */
  metrics: Record<HeadName, HeadMetrics>;
  /** Per head, figures on a held-out set, when the version was evaluated on one. */
  evaluation?: Record<HeadName, HeadMetrics>;
  /** What `evaluation` was measured on, in words. */
  evaluationNote?: string;
}

/** One head as stored: weights in bytes with their scale. */
export interface StoredHead {
  name: HeadName;
  bias: number;
  /** Scores at or above it are flagged. */
  threshold: number;
  weights: QuantizedWeights;
  /**
   * A head this one is conditional on: its score is P(parent) × P(this | parent), so it can be
   * high only where the parent's is (hate is a kind of toxic). The parent comes earlier.
   */
  parent?: HeadName;
}

/** Scores of one text, per head, in [0, 1]. */
export type HeadScores = Record<HeadName, number>;

const MAGIC = 'GUILDMM1';

/** A trained version of the moderation model, ready to score texts. */
export class ModerationModel {
  readonly meta: ModelMetadata;
  readonly heads: readonly StoredHead[];
  /** Dequantised weights of all heads, interleaved: bucket * heads + head. */
  private readonly matrix: Float32Array;
  private readonly biases: Float64Array;
  /** Per head, the index of its parent head, or -1. */
  private readonly parents: Int32Array;

  constructor(meta: ModelMetadata, heads: readonly StoredHead[]) {
    const size = 2 ** meta.features.bits;
    const count = heads.length;
    if (count === 0) {
      throw new Error('a model needs at least one head');
    }
    this.meta = meta;
    this.heads = heads;
    this.matrix = new Float32Array(size * count);
    this.biases = Float64Array.from(heads, (head) => head.bias);
    this.parents = Int32Array.from(heads, (head, h) => {
      if (head.parent === undefined) {
        return -1;
      }
      const parent = heads.findIndex((other) => other.name === head.parent);
      if (parent === -1 || parent >= h) {
        throw new Error(`head ${head.name}: parent ${head.parent} must be an earlier head`);
      }
      return parent;
    });
    heads.forEach((head, h) => {
      if (head.weights.values.length !== size) {
        throw new Error(`head ${head.name} has ${head.weights.values.length} weights, not ${size}`);
      }
      const { values, scale } = head.weights;
      for (let j = 0; j < size; j++) {
        if (values[j] !== 0) {
          this.matrix[j * count + h] = dequantizeOne(values[j]!, scale);
        }
      }
    });
  }

  /** The names of the heads, in order. */
  get headNames(): HeadName[] {
    return this.heads.map((head) => head.name);
  }

  /** Each head's decision threshold. */
  get thresholds(): Record<HeadName, number> {
    return Object.fromEntries(this.heads.map((head) => [head.name, head.threshold]));
  }

  /** Scores a feature vector made with this model's feature configuration. */
  scoreVector(x: SparseVector): HeadScores {
    const count = this.heads.length;
    const sums = Float64Array.from(this.biases);
    const { indices, values } = x;
    const matrix = this.matrix;
    for (let i = 0; i < indices.length; i++) {
      const base = indices[i]! * count;
      const value = values[i]!;
      for (let h = 0; h < count; h++) {
        sums[h]! += matrix[base + h]! * value;
      }
    }
    const scores: HeadScores = {};
    const probabilities = new Float64Array(count);
    for (let h = 0; h < count; h++) {
      const parent = this.parents[h]!;
      const own = sigmoid(sums[h]!);
      probabilities[h] = parent === -1 ? own : own * probabilities[parent]!;
      scores[this.heads[h]!.name] = probabilities[h]!;
    }
    return scores;
  }

  /** Scores a text that has already been normalised (the `text` of Guild's normaliser). */
  scorePrepared(prepared: string): HeadScores {
    return this.scoreVector(featurizerFor(this.meta.features).featurize(prepared));
  }

  /** Scores a member's text as written: prepares it, then scores it. */
  score(text: string): HeadScores {
    return this.scorePrepared(prepare(text));
  }

  /**
   * Which heads flag a text: score at or above the head's threshold and, for a conditional
   * head, its parent flagged too (nothing is hate that is not toxic).
   */
  flags(scores: HeadScores): Record<HeadName, boolean> {
    const flagged: Record<HeadName, boolean> = {};
    for (const head of this.heads) {
      const own = (scores[head.name] ?? 0) >= head.threshold;
      flagged[head.name] = own && (head.parent === undefined || flagged[head.parent] === true);
    }
    return flagged;
  }
}

function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

/** Saves a model in Guild's compact format (see the file comment). */
export function serializeModel(model: ModerationModel): Buffer {
  const body: number[] = [];
  const headers = model.heads.map((head) => {
    const { values } = head.weights;
    let previous = 0;
    let nonZero = 0;
    const bytes: number[] = [];
    for (let j = 0; j < values.length; j++) {
      if (values[j] !== 0) {
        writeVarint(body, j - previous);
        previous = j;
        bytes.push(values[j]! & 0xff);
        nonZero++;
      }
    }
    for (const byte of bytes) {
      body.push(byte);
    }
    return {
      name: head.name,
      bias: head.bias,
      threshold: head.threshold,
      scale: head.weights.scale,
      nonZero,
      ...(head.parent === undefined ? {} : { parent: head.parent }),
    };
  });
  const header = Buffer.from(JSON.stringify({ meta: model.meta, heads: headers }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  const packed = deflateRawSync(Buffer.from(body), { level: 9 });
  return Buffer.concat([Buffer.from(MAGIC, 'ascii'), length, header, packed]);
}

interface HeaderHead {
  name: string;
  bias: number;
  threshold: number;
  scale: number;
  nonZero: number;
  parent?: string;
}

/** Loads a model saved by serializeModel; throws on anything else. */
export function deserializeModel(data: Uint8Array): ModerationModel {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buffer.length < 12 || buffer.toString('ascii', 0, 8) !== MAGIC) {
    throw new Error('not a Guild moderation model file');
  }
  const headerLength = buffer.readUInt32LE(8);
  const parsed = JSON.parse(buffer.toString('utf8', 12, 12 + headerLength), (key, value) =>
    key === 'auc' && value === null ? Number.NaN : (value as unknown),
  ) as { meta: ModelMetadata; heads: HeaderHead[] };
  const body = inflateRawSync(buffer.subarray(12 + headerLength));
  const size = 2 ** parsed.meta.features.bits;
  let offset = 0;
  const heads = parsed.heads.map((head): StoredHead => {
    const values = new Int8Array(size);
    const indices = new Uint32Array(head.nonZero);
    let index = 0;
    for (let k = 0; k < head.nonZero; k++) {
      let gap = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = body[offset++]!;
        gap += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte & 0x80);
      index += gap;
      if (index >= size) {
        throw new Error(`head ${head.name}: weight index ${index} out of range`);
      }
      indices[k] = index;
    }
    for (let k = 0; k < head.nonZero; k++) {
      values[indices[k]!] = (body[offset++]! << 24) >> 24;
    }
    return {
      name: head.name,
      bias: head.bias,
      threshold: head.threshold,
      weights: { scale: head.scale, values },
      ...(head.parent === undefined ? {} : { parent: head.parent }),
    };
  });
  if (offset !== body.length) {
    throw new Error('model file has trailing or missing weight data');
  }
  return new ModerationModel(parsed.meta, heads);
}
