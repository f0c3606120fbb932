/** Recognises PostgreSQL errors the same way on PGlite and on a server (through Drizzle). */

interface PgLikeError {
  code?: unknown;
  constraint?: unknown;
  cause?: unknown;
}

function pgError(error: unknown): PgLikeError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const candidate = current as PgLikeError;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return candidate;
    }
    current = candidate.cause;
  }
  return null;
}

/** The constraint a unique violation hit (or '' when unnamed); null for any other error. */
export function uniqueViolation(error: unknown): string | null {
  const found = pgError(error);
  if (found?.code !== '23505') {
    return null;
  }
  return typeof found.constraint === 'string' ? found.constraint : '';
}

/** True for a serialization failure or deadlock, which a retry may cure. */
export function isRetryable(error: unknown): boolean {
  const code = pgError(error)?.code;
  return code === '40001' || code === '40P01';
}
