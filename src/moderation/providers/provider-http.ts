/**
 * The HTTP plumbing Guild's moderation providers share: checking a configured base URL, and one
 * JSON POST that turns every way a call can go wrong into a `ProviderFailure`. An answer body is
 * never put into an error message: it could hold anything, including the member's own text.
 */
import { ProviderFailure } from './provider.js';

/** Answers larger than this are refused as malformed; real verdicts are a few KiB at most. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

const LINK_LOCAL = [/^169\.254\./, /^\[fe[89ab][0-9a-f]:/i, /^\[::ffff:a9fe:/i];

/**
 * Checks a base URL from configuration and returns it without a trailing slash. Refuses
 * anything but http(s), addresses carrying credentials, a query or a fragment, and link-local
 * addresses (where cloud metadata services answer). Throws a plain `Error` naming `provider`.
 */
export function checkBaseUrl(raw: string, provider: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`the ${provider} provider's base URL is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`the ${provider} provider's base URL must start with http:// or https://`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new Error(`the ${provider} provider's base URL may not carry a user name or password`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new Error(`the ${provider} provider's base URL may not have a query or a fragment`);
  }
  if (LINK_LOCAL.some((pattern) => pattern.test(url.hostname))) {
    throw new Error(`the ${provider} provider's base URL may not be a link-local address`);
  }
  return url.href.replace(/\/+$/, '');
}

/** One JSON POST to a provider. */
export interface JsonPost {
  /** The provider's name, for failures. */
  provider: string;
  url: string;
  /** Extra headers (authorization); JSON content headers are added. */
  headers: Record<string, string>;
  body: unknown;
  signal?: AbortSignal;
}

/** A parsed 2xx answer and how long it took. */
export interface JsonAnswer {
  json: unknown;
  latencyMs: number;
}

/**
 * Sends `post` and parses the answer as JSON. Rejects with `ProviderFailure`: `http_error` for
 * a non-2xx status (redirects are not followed), `malformed_response` for a body that is not
 * JSON or is too large, `timeout` when the signal fired, `network` for anything else.
 */
export async function postJson(post: JsonPost): Promise<JsonAnswer> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(post.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': 'Guild',
        ...post.headers,
      },
      body: JSON.stringify(post.body),
      redirect: 'manual',
      signal: post.signal,
    });
  } catch (error) {
    throw failureFrom(error, post);
  }

  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new ProviderFailure(post.provider, 'http_error', `HTTP ${response.status}`, {
      status: response.status,
    });
  }

  let text: string;
  try {
    text = await readCapped(response, post.provider);
  } catch (error) {
    throw failureFrom(error, post);
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProviderFailure(post.provider, 'malformed_response', 'the answer is not JSON');
  }
  return { json, latencyMs: Math.round(performance.now() - started) };
}

async function readCapped(response: Response, provider: string): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (!reader) {
    return '';
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new ProviderFailure(
        provider,
        'malformed_response',
        `the answer is larger than ${MAX_ANSWER_BYTES} bytes`,
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Turns whatever `fetch` or a body read threw into a `ProviderFailure`. */
function failureFrom(error: unknown, post: JsonPost): ProviderFailure {
  if (error instanceof ProviderFailure) {
    return error;
  }
  const signal = post.signal;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof ProviderFailure) {
      return reason;
    }
    const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
    return new ProviderFailure(
      post.provider,
      'timeout',
      timedOut ? 'timed out' : 'the call was cancelled',
      { cause: error },
    );
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const detail = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  return new ProviderFailure(post.provider, 'network', `the connection failed${detail}`, {
    cause: error,
  });
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a finite number in [0, 1]. */
export function isUnitScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}
