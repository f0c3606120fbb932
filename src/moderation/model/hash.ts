/**
 * Small, fast, stable 32-bit hashing for the moderation model: FNV-1a over UTF-16 code units and
 * the murmur3 finaliser to spread the bits. The same input gives the same number on every
 * machine, which the feature buckets and the fixed train/test split rely on.
 */

/** FNV-1a's 32-bit offset basis. */
export const FNV_OFFSET = 0x811c9dc5;
/** FNV's 32-bit prime. */
export const FNV_PRIME = 0x01000193;

/** FNV-1a of a string's UTF-16 code units, starting from `seed` (the offset basis by default). */
export function fnv1a(text: string, seed: number = FNV_OFFSET): number {
  let hash = seed | 0;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  }
  return hash >>> 0;
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
export function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines two 32-bit hashes into one, order-sensitive. */
export function combine(a: number, b: number): number {
  return fmix32(Math.imul(a ^ 0x9e3779b9, 0x01000193) + b);
}

/**
 * A seeded pseudo-random generator (mulberry32) returning floats in [0, 1). Training uses it so
 * that shuffles repeat exactly from run to run.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
