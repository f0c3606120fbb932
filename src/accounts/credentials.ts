/**
 * Secrets Guild hands out or keeps: password hashes (argon2id), session and API tokens
 * (256 random bits, stored only as SHA-256), and constant-time comparison.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2_ID = 2 as Algorithm;
const ARGON2 = { algorithm: ARGON2_ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Hashes a password with argon2id. The password is used whole, never truncated. */
export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), ARGON2);
}

/** A hash of a random password, verified against when the account does not exist. */
let decoyHash: Promise<string> | null = null;

/**
 * Checks `password` against `stored`. With no stored hash it still does the same work, so
 * an unknown account and a wrong password take as long as each other.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  decoyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  const target = stored ?? (await decoyHash);
  try {
    const ok = await verify(target, password.normalize('NFKC'));
    return ok && stored !== null;
  } catch {
    return false;
  }
}

/** A new random token with the given prefix, and the hash to store for it. */
export function newToken(prefix: string): { token: string; hash: string } {
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/** The stored form of a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Compares two strings in constant time for equal lengths. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
