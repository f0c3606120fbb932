/**
 * The signature on every webhook Guild sends: `Guild-Signature: t=<unix seconds>,v1=<hex>`,
 * where the hex is HMAC-SHA256, keyed with the endpoint's secret, of `<t>.<raw body>`. The
 * timestamp is inside the signed text, so a receiver that refuses old timestamps also refuses
 * a captured request sent again later.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** The `Guild-Signature` header value for `body` sent at `at`. */
export function signatureHeader(secret: string, body: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** A new endpoint secret: 32 random bytes, recognisable by its prefix in a partner's config. */
export function newEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
