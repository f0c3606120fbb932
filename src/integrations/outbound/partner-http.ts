/**
 * One HTTP call from Guild to a partner system (a webhook endpoint, a loyalty program): the
 * address checked first, a hard timeout, no redirects followed, and an outcome short enough to
 * keep on a delivery row. A partner's answer body is never kept or shown: it could hold
 * anything, and showing it would turn Guild into a way to read other systems.
 */

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

const LINK_LOCAL = [/^169\.254\./, /^\[fe[89ab][0-9a-f]:/i, /^\[::ffff:a9fe:/i];

/**
 * Whether Guild may call `raw`: http or https, no credentials in the address, and not a
 * link-local address (where cloud metadata services answer). Loopback and private networks
 * stay allowed, since partners on the same network are common. Only literal addresses are
 * checked: a host name that resolves to a link-local address is not caught here.
 */
export function checkPartnerUrl(raw: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'The address is not a valid URL.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'The address must start with http:// or https://.' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'The address may not carry a user name or password.' };
  }
  if (LINK_LOCAL.some((pattern) => pattern.test(url.hostname))) {
    return { ok: false, reason: 'Link-local addresses are refused.' };
  }
  return { ok: true, url };
}

export interface PartnerRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export interface CallOutcome {
  /** True for a 2xx answer. */
  ok: boolean;
  /** The HTTP status, when an answer came. */
  status: number | null;
  /** A one-line reason when `ok` is false. */
  error: string | null;
  durationMs: number;
  /** The answer's body (at most 64 KiB), only when it was asked for and `ok` is true. */
  text?: string;
}

const MAX_ERROR_LENGTH = 200;
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Makes one call and never throws: every failure (refused address, timeout, connection error,
 * non-2xx answer) comes back as an outcome.
 * @param timeoutMs covers the whole call, from connecting to the last byte read
 * @param readBody keep the answer's body (for calls whose answer is data)
 */
export async function callPartner(
  rawUrl: string,
  request: PartnerRequest,
  timeoutMs: number,
  readBody = false,
): Promise<CallOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const checked = checkPartnerUrl(rawUrl);
  if (!checked.ok) {
    return { ok: false, status: null, error: checked.reason, durationMs: 0 };
  }

  try {
    const response = await fetch(checked.url, {
      method: request.method,
      headers: { 'user-agent': 'Guild', ...request.headers },
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const ok = response.status >= 200 && response.status < 300;
    const text = ok && readBody ? await readCapped(response) : undefined;
    if (text === undefined) {
      await response.body?.cancel();
    }
    const error = ok ? null : `HTTP ${response.status}`;
    return { ok, status: response.status, error, durationMs: elapsed(), text };
  } catch (error) {
    return {
      ok: false,
      status: null,
      error: describeFailure(error, timeoutMs),
      durationMs: elapsed(),
    };
  }
}

async function readCapped(response: Response): Promise<string> {
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
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new Error(`The answer is larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A short, single-line reason for a failed call: never a stack, never an answer body. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `Timed out after ${timeoutMs} ms`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') {
    return `Connection failed (${cause.code})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, MAX_ERROR_LENGTH);
}
