import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader } from '../outbound/webhook-signature.js';
import { checkSignature, parseSignatureHeader } from './webhook-verification.js';

const secret = 'whsec_inbound_test';
const body = Buffer.from('{"id":"e1","topic":"customer.upsert"}');
const now = Date.parse('2026-12-04T10:00:00Z');
const at = (offsetSeconds: number) => new Date(now + offsetSeconds * 1000);

describe('checking a Guild-Signature', () => {
  it("accepts what Guild's own signer produces, within five minutes either way", () => {
    expect(
      checkSignature(body, signatureHeader(secret, body.toString(), at(0)), [secret], now),
    ).toBe('valid');
    expect(
      checkSignature(body, signatureHeader(secret, body.toString(), at(-299)), [secret], now),
    ).toBe('valid');
    expect(
      checkSignature(body, signatureHeader(secret, body.toString(), at(299)), [secret], now),
    ).toBe('valid');
  });

  it('tells a stale or future signature apart from a wrong one', () => {
    const old = signatureHeader(secret, body.toString(), at(-600));
    expect(checkSignature(body, old, [secret], now)).toBe('outside_window');
    const ahead = signatureHeader(secret, body.toString(), at(400));
    expect(checkSignature(body, ahead, [secret], now)).toBe('outside_window');
    expect(checkSignature(body, old, ['whsec_other'], now)).toBe('invalid');
  });

  it('refuses another secret, another body and a re-serialised body', () => {
    const header = signatureHeader(secret, body.toString(), at(0));
    expect(checkSignature(body, header, ['whsec_other'], now)).toBe('invalid');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
    expect(checkSignature(reserialised, header, [secret], now)).toBe('invalid');
    expect(checkSignature(Buffer.concat([body, Buffer.from(' ')]), header, [secret], now)).toBe(
      'invalid',
    );
  });

  it('accepts any of several v1 values and any of several secrets (rotation)', () => {
    const t = Math.floor(now / 1000);
    const v1 = (key: string) =>
      createHmac('sha256', key).update(`${t}.`).update(body).digest('hex');
    const header = `t=${t},v1=${v1('whsec_other')},v1=${v1(secret)}`;
    expect(checkSignature(body, header, [secret], now)).toBe('valid');
    expect(checkSignature(body, `t=${t},v1=${v1('whsec_old')}`, [secret, 'whsec_old'], now)).toBe(
      'valid',
    );
    expect(
      checkSignature(body, `t=${t},v0=abc,v1=${v1(secret).toUpperCase()}`, [secret], now),
    ).toBe('valid');
    // A value that cannot be a signature beside a valid one matches nothing, and harms nothing.
    expect(checkSignature(body, `t=${t},v1=${v1(secret)},v1=deadbeef`, [secret], now)).toBe(
      'valid',
    );
  });

  it('agrees with the worked example in docs/API.md (value from openssl)', () => {
    const example = Buffer.from(
      '{"id":"evt_1001","topic":"customer.upsert","occurred_at":"2026-12-04T10:30:00Z",' +
        '"data":{"external_id":"C-1001","email":"ada@example.com"}}',
    );
    const header =
      't=1796380205,v1=4488152b5d137206aeb4d2eee613390c0c452869f265c53dc5205eca7bbd7e53';
    const docSecret = 'whsec_ZXhhbXBsZS1zZWNyZXQtZm9yLXRoZS1kb2NzLW9ubHk';
    expect(example.length).toBe(138);
    expect(checkSignature(example, header, [docSecret], 1796380205_000)).toBe('valid');
  });

  it('refuses missing and malformed headers', () => {
    const t = Math.floor(now / 1000);
    const good = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
    for (const header of [
      undefined,
      '',
      `v1=${good}`,
      `t=${t}`,
      `t=${t},v1=${good.slice(2)}`,
      `t=${t},v1=${good}zz`,
      `t=-5,v1=${good}`,
      `t=${t},t=${t},v1=${good}`,
      `t=${t};v1=${good}`,
      'garbage',
    ]) {
      expect(checkSignature(body, header, [secret], now), String(header)).toBe('invalid');
    }
    expect(parseSignatureHeader(`t=${t}, v1=${good}`)?.timestamp).toBe(t);
  });
});
