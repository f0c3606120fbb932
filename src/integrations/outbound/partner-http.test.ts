import { describe, expect, it } from 'vitest';
import { checkPartnerUrl } from './partner-http.js';

describe('partner addresses', () => {
  it.each([
    'https://hooks.example.com/guild',
    'http://203.0.113.7:8080/hook',
    'https://[2001:db8::1]/hook?token=x',
  ])('allows %s', (url) => {
    expect(checkPartnerUrl(url).ok).toBe(true);
  });
  // The refusals (metadata, loopback, private networks, other schemes) are SECURITY.md S11:
  // test/security/s11-ssrf.test.ts.
});
