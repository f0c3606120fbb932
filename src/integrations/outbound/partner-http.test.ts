import { describe, expect, it } from 'vitest';
import { callPartner, checkPartnerUrl } from './partner-http.js';

describe('partner addresses', () => {
  it.each([
    'https://hooks.example.com/guild',
    'http://127.0.0.1:8080/hook',
    'http://10.1.2.3/hook?token=x',
  ])('allows %s', (url) => {
    expect(checkPartnerUrl(url).ok).toBe(true);
  });

  it.each([
    ['ftp://example.com/x', /http/],
    ['file:///etc/passwd', /http/],
    ['javascript:alert(1)', /http/],
    ['http://user:pw@example.com/', /user name or password/],
    ['http://169.254.169.254/latest/meta-data', /Link-local/],
    ['http://0xA9FEA9FE/', /Link-local/],
    ['http://[fe80::1]/', /Link-local/],
    ['http://[::ffff:169.254.169.254]/', /Link-local/],
    ['no scheme at all', /not a valid URL/],
  ])('refuses %s', (url, reason) => {
    const checked = checkPartnerUrl(url);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.reason).toMatch(reason);
  });

  it('makes no call to a refused address', async () => {
    const outcome = await callPartner(
      'http://169.254.169.254/',
      { method: 'GET', headers: {} },
      50,
    );
    expect(outcome).toMatchObject({ ok: false, status: null, durationMs: 0 });
  });
});
