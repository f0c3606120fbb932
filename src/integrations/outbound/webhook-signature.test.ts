import { describe, expect, it } from 'vitest';
import { newEndpointSecret, signatureHeader } from './webhook-signature.js';

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 (value from openssl)', () => {
    const at = new Date('2026-01-01T00:00:00.900Z');
    const header = signatureHeader('whsec_test', '{"id":"e1","topic":"ping"}', at);
    expect(header).toBe(
      't=1767225600,v1=25cc83e437b8a52a8ce73393c6185b5334c15bfc859e8b525fdd151a5eb09611',
    );
  });

  it('makes a different secret each time', () => {
    const secrets = new Set(Array.from({ length: 20 }, () => newEndpointSecret()));
    expect(secrets.size).toBe(20);
    expect([...secrets][0]).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });
});
