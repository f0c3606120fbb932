/**
 * Checks the signature on a webhook a partner sends to Guild. The scheme is the one Guild signs
 * its own webhooks with (see ../outbound/webhook-signature.ts):
 *
 *   Guild-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
 *
 * keyed with the source's secret. A header may carry several `v1=` values (a partner that
 * signs with its old and its new secret during a rotation); one matching value is enough.
 * Other schemes in the header (`v0=`, later versions) are ignored.
 *
 * The HMAC is computed over the raw bytes of the body as they arrived, never over JSON that was
 * parsed and written out again, and compared in constant time. The timestamp must be within
 * five minutes of Guild's clock, either way, so a captured request cannot be sent again later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signature's timestamp may be from Guild's clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const MAX_HEADER_LENGTH = 2048;
const MAX_SIGNATURES = 8;
const TIMESTAMP = /^\d{1,12}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

export interface SignatureHeader {
  timestamp: number;
  signatures: Buffer[];
}

/** Reads a `Guild-Signature` header; null when it is missing or malformed. */
export function parseSignatureHeader(header: string | undefined): SignatureHeader | null {
  if (header === undefined || header.length === 0 || header.length > MAX_HEADER_LENGTH) {
    return null;
  }
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const item = part.trim();
    const equals = item.indexOf('=');
    if (equals <= 0) {
      return null;
    }
    const key = item.slice(0, equals);
    const value = item.slice(equals + 1);
    if (key === 't') {
      if (timestamp !== null || !TIMESTAMP.test(value)) {
        return null;
      }
      timestamp = Number(value);
    } else if (key === 'v1' && HEX_SHA256.test(value)) {
      // A value that cannot be a signature matches nothing; one valid match is enough.
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === null || signatures.length === 0 || signatures.length > MAX_SIGNATURES) {
    return null;
  }
  return { timestamp, signatures };
}

/** HMAC-SHA256 of `<t>.<raw body>` keyed with `secret` (its UTF-8 bytes, prefix included). */
export function signatureOf(secret: string, timestamp: number, rawBody: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

export type SignatureCheck = 'valid' | 'invalid' | 'outside_window';

/**
 * Whether `rawBody` was signed with one of `secrets`: 'invalid' when the header is missing,
 * malformed or matches no secret; 'outside_window' when it matches but its timestamp is more
 * than five minutes from `nowMs`.
 */
export function checkSignature(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
  nowMs: number = Date.now(),
): SignatureCheck {
  const parsed = parseSignatureHeader(header);
  if (parsed === null) {
    return 'invalid';
  }
  let matched = false;
  for (const secret of secrets) {
    const expected = signatureOf(secret, parsed.timestamp, rawBody);
    for (const given of parsed.signatures) {
      // Both are 32 bytes (the header's value is checked to be 64 hex digits). Every pair is
      // compared, so the time taken does not tell which secret or value matched.
      if (timingSafeEqual(given, expected)) {
        matched = true;
      }
    }
  }
  if (!matched) {
    return 'invalid';
  }
  const skew = Math.abs(nowMs / 1000 - parsed.timestamp);
  return skew <= SIGNATURE_TOLERANCE_SECONDS ? 'valid' : 'outside_window';
}
