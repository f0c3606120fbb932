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

/** Node socket errors of a connection to the server that is gone or refused. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
/** What `pg` says when the server closed a connection or a new one could not be made in time. */
const CONNECTION_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/**
 * True when the database cannot do the work for now, through no fault of the request: the
 * server is restarting or unreachable (connection errors, class 08, 57P01..57P03), or it is out
 * of a resource such as disk space (class 53). The request may succeed when retried later.
 */
export function isUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth += 1) {
    const candidate = current as PgLikeError & { message?: unknown };
    const code = typeof candidate.code === 'string' ? candidate.code : '';
    if (
      code.startsWith('08') ||
      code.startsWith('53') ||
      ['57P01', '57P02', '57P03'].includes(code) ||
      CONNECTION_CODES.has(code) ||
      (typeof candidate.message === 'string' && CONNECTION_MESSAGES.test(candidate.message))
    ) {
      return true;
    }
    current = candidate.cause;
  }
  return false;
}
