/**
 * One HTTP call from Guild to a partner system (a webhook endpoint, a loyalty program): the
 * address checked first, a hard timeout, no redirects followed, and an outcome short enough to
 * keep on a delivery row. A partner's answer body is never kept or shown: it could hold
 * anything, and showing it would turn Guild into a way to read other systems.
 *
 * Internal addresses (loopback, private networks, link-local where cloud metadata services
 * answer, and the like) are refused unless the operator allowed them
 * (`GUILD_DELIVERY_ALLOWED_ADDRESSES`). A literal address is checked when it is saved and again
 * before the call; a host name is checked on the address it resolves to, at connect time, and
 * the connection goes to that very address, so a name cannot resolve differently in between.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

const LINK_LOCAL = new BlockList();
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4');
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6');

/** Addresses no partner is expected at: Guild's own host, private and reserved networks. */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

let allowed: readonly string[] = [];

/**
 * Internal addresses outbound calls may still reach, each `ip` (any port) or `ip:port`
 * (`[ip]:port` for IPv6); set once at start from the configuration.
 */
export function allowPartnerAddresses(entries: readonly string[]): void {
  allowed = entries.map((entry) => entry.toLowerCase());
}

/** An IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:a.b.c.d`), else the address. */
function unmapped(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (dotted) {
    return dotted[1]!;
  }
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(bare);
  if (hex) {
    const high = parseInt(hex[1]!, 16);
    const low = parseInt(hex[2]!, 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return bare;
}

/** Why Guild may not call `address` on `port`, or null when it may. */
export function refusedAddress(address: string, port: number): string | null {
  const ip = unmapped(address);
  const family = isIP(ip);
  if (family === 0) {
    return 'The address does not resolve to an IP address.';
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LINK_LOCAL.check(ip, type)) {
    return 'Link-local addresses are refused.';
  }
  if (!INTERNAL.check(ip, type)) {
    return null;
  }
  const shown = family === 6 ? `[${ip}]` : ip;
  if (allowed.includes(ip) || allowed.includes(shown) || allowed.includes(`${shown}:${port}`)) {
    return null;
  }
  return 'Internal and private addresses are refused.';
}

function portOf(url: URL): number {
  return url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
}

/**
 * Whether Guild may call `raw`: http or https, no credentials in the address, and, for an
 * address written as an IP, not an internal one (see the module's note). A host name passes
 * here; its resolved address is checked when the call connects.
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
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    const refused = refusedAddress(host, portOf(url));
    if (refused !== null) {
      return { ok: false, reason: refused };
    }
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    return { ok: false, reason: 'Internal and private addresses are refused.' };
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

/** Raised from the connect-time lookup when a host name resolves to a refused address. */
class AddressRefused extends Error {
  override readonly name = 'AddressRefused';
}

/**
 * A `lookup` for the connection that resolves the name, refuses it when any of its addresses
 * is refused, and hands the connection the address it checked.
 */
function checkedLookup(port: number) {
  return (
    hostname: string,
    options: object,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      if (error) {
        callback(error, '');
        return;
      }
      for (const { address } of addresses) {
        const refused = refusedAddress(address, port);
        if (refused !== null) {
          callback(new AddressRefused(refused), '');
          return;
        }
      }
      if ((options as { all?: boolean }).all === true) {
        callback(null, addresses);
      } else {
        callback(null, addresses[0]!.address, addresses[0]!.family);
      }
    });
  };
}

interface Answer {
  status: number;
  text?: string;
}

function send(url: URL, request: PartnerRequest, timeoutMs: number, readBody: boolean) {
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise<Answer>((resolve, fail) => {
    const reject = (error: Error) =>
      fail(
        signal.aborted ? Object.assign(new Error('timed out'), { name: 'TimeoutError' }) : error,
      );
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request(
      url,
      {
        method: request.method,
        headers: {
          'user-agent': 'Guild',
          ...(request.body === undefined
            ? {}
            : { 'content-length': String(Buffer.byteLength(request.body)) }),
          ...request.headers,
        },
        lookup: checkedLookup(portOf(url)),
        // A connection per call: every call's address is checked as it connects, and no
        // pooled socket a partner has closed meanwhile is reused.
        agent: false,
        signal,
      },
      (incoming) => {
        const status = incoming.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        if (!(ok && readBody)) {
          incoming.destroy();
          resolve({ status });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > MAX_BODY_BYTES) {
            incoming.destroy(new Error(`The answer is larger than ${MAX_BODY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }));
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/**
 * Makes one call and never throws: every failure (refused address, timeout, connection error,
 * non-2xx answer) comes back as an outcome. Redirects are not followed: a 3xx is a failure.
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
    const answer = await send(checked.url, request, timeoutMs, readBody);
    const ok = answer.status >= 200 && answer.status < 300;
    const error = ok ? null : `HTTP ${answer.status}`;
    return { ok, status: answer.status, error, durationMs: elapsed(), text: answer.text };
  } catch (error) {
    return {
      ok: false,
      status: null,
      error: describeFailure(error, timeoutMs),
      durationMs: elapsed(),
    };
  }
}

/** A short, single-line reason for a failed call: never a stack, never an answer body. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof AddressRefused) {
    return error.message;
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `Timed out after ${timeoutMs} ms`;
  }
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof code === 'string') {
    return `Connection failed (${code})`;
  }
  if (typeof cause?.code === 'string') {
    return `Connection failed (${cause.code})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, MAX_ERROR_LENGTH);
}
