/**
 * A fast 53-bit hash of a string, for telling rows apart: two 32-bit multiplicative hashes,
 * each with a final avalanche, joined into one safe integer. Not for anything secret.
 */
export function fingerprint(text: string): number {
  let low = 0x811c9dc5;
  let high = 0x9747b28c;

  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    low = Math.imul(low ^ code, 0x01000193);
    high = Math.imul(high ^ code, 0x5bd1e995);
    high ^= high >>> 15;
  }

  return (avalanche(high) & 0x1fffff) * 0x100000000 + avalanche(low);
}

function avalanche(value: number): number {
  let mixed = value ^ (value >>> 16);
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);

  return (mixed ^ (mixed >>> 16)) >>> 0;
}
