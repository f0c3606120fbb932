/**
 * S09 — CSP as the second line (SECURITY.md B), API side: the policy on the page allows no
 * inline script without this response's nonce and names the report endpoint, and a violation
 * report posted there is accepted and logged. The browser side (an inline script written
 * straight into a stored post, blocked by Chromium, its report arriving here) is in
 * test/browser/security.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTenant, type TestGuild, capturingLogger, startTestGuild } from '../support/harness.js';

interface LogLine {
  reqId?: string;
  msg?: string;
  cspReport?: string;
  [key: string]: unknown;
}

const logLines: LogLine[] = [];
let guild: TestGuild;

beforeAll(async () => {
  guild = await startTestGuild({}, { logger: capturingLogger(logLines) });
  await addTenant(guild, 'alpha');
});
afterAll(() => guild.stop());

function scriptSrc(headers: Headers): string {
  const csp = headers.get('content-security-policy') ?? '';
  return (
    csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('script-src ')) ?? ''
  );
}

const REPORT = {
  'csp-report': {
    'document-uri': 'http://localhost/p/1',
    'violated-directive': 'script-src-elem',
    'effective-directive': 'script-src-elem',
    'blocked-uri': 'inline',
    'original-policy': "script-src 'nonce-abc' 'strict-dynamic'",
    disposition: 'enforce',
  },
};

describe('S09 — CSP as second line', () => {
  it('the page allows scripts only with its nonce: no unsafe-inline, no host allow-list', async () => {
    const page = await fetch(`${guild.url}/`);
    const src = scriptSrc(page.headers);
    const sources = src.split(/\s+/).slice(1).sort();
    expect(sources).toHaveLength(2);
    expect(sources[0]).toMatch(/^'nonce-[A-Za-z0-9+/=_-]{16,}'$/);
    expect(sources[1]).toBe("'strict-dynamic'");
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes/);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/report-uri \/api\/v1\/csp-reports/);
    expect(page.headers.get('content-security-policy-report-only')).toBeNull();
  });

  it('accepts a violation report (application/csp-report) without a session and logs it', async () => {
    const reply = await fetch(`${guild.url}/api/v1/csp-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify(REPORT),
    });
    expect(reply.status).toBe(204);
    const requestId = reply.headers.get('x-request-id')!;
    const logged = logLines.filter((l) => l.reqId === requestId && l.msg === 'CSP violation');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.level).toBe(40);
    expect(logged[0]!.cspReport).toContain('script-src-elem');
  });

  it('accepts the Reporting API form (application/reports+json) and logs it', async () => {
    const reply = await fetch(`${guild.url}/api/v1/csp-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/reports+json' },
      body: JSON.stringify([{ type: 'csp-violation', body: REPORT['csp-report'] }]),
    });
    expect(reply.status).toBe(204);
    const requestId = reply.headers.get('x-request-id')!;
    expect(logLines.some((l) => l.reqId === requestId && l.msg === 'CSP violation')).toBe(true);
  });

  it('refuses an oversized report (over 8 KiB) without logging its body', async () => {
    const huge = 'x'.repeat(20_000);
    const reply = await fetch(`${guild.url}/api/v1/csp-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify({ 'csp-report': { 'blocked-uri': huge } }),
    });
    expect(reply.status).toBe(413);
    expect(JSON.stringify(logLines)).not.toContain(huge);
  });
});
