// Writes that must never happen twice (redeeming a reward, awarding points) carry an
// Idempotency-Key: the server answers a repeated key with its first answer. The caller makes one
// key per action and sends the same key again when it retries that action.
import { API_BASE, ApiError, apiGet } from './client';
import type { ErrorBody, SessionInfo } from './types';

/** A fresh random key (a UUID where the browser offers one, else 128 random bits in hex). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * True when the same action may be sent again with the same key: the request did not arrive,
 * the server failed, or it is still working on the first one. Any other refusal is final, and
 * a new attempt of the action gets a new key.
 */
export function isRetryable(error: ApiError): boolean {
  return error.status === 0 || error.status >= 500 || error.code === 'request_in_progress';
}

async function currentCsrfToken(): Promise<string | null> {
  const info = await apiGet<SessionInfo>('/session');
  return info.csrfToken;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = (await response.json()) as unknown;
  } catch {
    body = undefined;
  }
  const error = (body as Partial<ErrorBody> | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(response.status, error.code, error.message, error.details, error.requestId);
  }
  return new ApiError(
    response.status,
    `http_${response.status}`,
    response.statusText || 'Request failed',
    undefined,
    response.headers.get('X-Request-Id') ?? undefined,
  );
}

/**
 * POSTs `body` as JSON with the Idempotency-Key header and the session's CSRF token (read from
 * `GET /session` just before, so it is always the current one). Throws ApiError like every
 * other API call; a network failure is `network_error` with status 0.
 */
export async function postWithKey<T>(path: string, body: unknown, key: string): Promise<T> {
  const token = await currentCsrfToken();
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'Idempotency-Key': key,
        ...(token ? { 'X-CSRF-Token': token } : {}),
      },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  if (!response.ok) {
    throw await errorOf(response);
  }
  return (await response.json()) as T;
}
