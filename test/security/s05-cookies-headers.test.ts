/**
 * S05 — cookie and header baseline (SECURITY.md B): the session cookie is __Host-, Secure,
 * HttpOnly, SameSite and carries ≥ 128 random bits; every response — API answers, errors,
 * health, the OpenAPI document and its UI, the web page and static assets — carries HSTS of
 * a year or more, nosniff, a nonce + strict-dynamic CSP with object-src, base-uri and
 * frame-ancestors, and a Referrer-Policy. The web app here is a small stand-in build.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
  type TestMember,
} from '../support/harness.js';

const COOKIE = '__Host-guild_session';

let guild: TestGuild;
let tenantId: string;
let webDir: string;
let member: TestMember;

beforeAll(async () => {
  webDir = mkdtempSync(path.join(tmpdir(), 'guild-s05-'));
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(
    path.join(webDir, 'index.html'),
    '<!doctype html><html><head><title>Guild</title>' +
      '<script type="module" src="/assets/app.js"></script></head><body></body></html>',
  );
  writeFileSync(path.join(webDir, 'assets', 'app.js'), 'export const ready = true;\n');
  writeFileSync(path.join(webDir, 'assets', 'app.css'), 'body { margin: 0 }\n');
  guild = await startTestGuild({ GUILD_WEB_DIR: webDir });
  tenantId = await addTenant(guild, 'alpha');
  member = await addMember(guild, tenantId);
});
afterAll(async () => {
  await guild.stop();
  rmSync(webDir, { recursive: true, force: true });
});

function signInRaw(who: TestMember): Promise<Response> {
  return fetch(`${guild.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
}

function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`));
  expect(cookie, 'the session cookie is set').toBeDefined();
  return cookie!;
}

function directive(csp: string, name: string): string | undefined {
  return csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d === name || d.startsWith(`${name} `));
}

/** Every header S05 names, on one response. */
function expectBaseline(headers: Headers, what: string): void {
  const hsts = headers.get('strict-transport-security') ?? '';
  const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0);
  expect(maxAge, `${what}: HSTS max-age`).toBeGreaterThanOrEqual(31_536_000);
  expect(headers.get('x-content-type-options'), `${what}: nosniff`).toBe('nosniff');
  const csp = headers.get('content-security-policy') ?? '';
  const scriptSrc = directive(csp, 'script-src') ?? '';
  expect(scriptSrc, `${what}: script-src strict-dynamic`).toContain("'strict-dynamic'");
  expect(scriptSrc, `${what}: script-src nonce`).toMatch(/'nonce-[A-Za-z0-9+/=_-]{16,}'/);
  expect(scriptSrc, `${what}: no unsafe-inline`).not.toContain('unsafe-inline');
  expect(scriptSrc, `${what}: no unsafe-eval`).not.toContain('unsafe-eval');
  expect(directive(csp, 'object-src'), `${what}: object-src`).toBe("object-src 'none'");
  expect(directive(csp, 'base-uri'), `${what}: base-uri`).toMatch(/^base-uri '(none|self)'$/);
  expect(directive(csp, 'frame-ancestors'), `${what}: frame-ancestors`).toMatch(
    /^frame-ancestors '(none|self)'$/,
  );
  expect(headers.get('referrer-policy'), `${what}: Referrer-Policy`).toMatch(
    /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
  );
}

describe('S05 — Cookie & header baseline', () => {
  it('sets the session cookie __Host-, Secure, HttpOnly, SameSite=Lax, Path=/ and no Domain', async () => {
    const cookie = sessionCookie(await signInRaw(member));
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=(Lax|Strict)/i);
    expect(cookie).toMatch(/; Path=\/(;|$)/i);
    expect(cookie).not.toMatch(/; Domain=/i);
  });

  it('clears it at sign-out with the same attributes', async () => {
    const client = new TestClient(guild.url);
    await client.signIn(member);
    const out = await fetch(`${guild.url}/api/v1/auth/sign-out`, {
      method: 'POST',
      headers: { cookie: client.cookieHeader(), 'x-csrf-token': client.csrfToken! },
    });
    expect(out.status).toBe(204);
    const cleared = sessionCookie(out);
    expect(cleared).toMatch(/; Secure/i);
    expect(cleared).toMatch(/; HttpOnly/i);
    expect(cleared).toMatch(/; SameSite=(Lax|Strict)/i);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
  });

  it('gives each sign-in a fresh token of at least 128 random bits', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const cookie = sessionCookie(await signInRaw(member));
      tokens.push(/=([^;]+)/.exec(cookie)![1]!);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) {
      const secret = token.replace(/^gs_/, '');
      expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(16);
    }
    // No shared prefix beyond the fixed "gs_" marker: the bits are random, not counted.
    const secrets = tokens.map((t) => t.replace(/^gs_/, ''));
    const sharedPrefix = secrets.every((s) => s[0] === secrets[0]![0]);
    expect(sharedPrefix && secrets.every((s) => s.slice(0, 4) === secrets[0]!.slice(0, 4))).toBe(
      false,
    );
    // Only a hash is stored server-side.
    const stored = await guild.db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [
      tokens[0],
    ]);
    expect(stored).toEqual([]);
  });

  it('carries the header baseline on API answers, errors, health and the API docs', async () => {
    const client = new TestClient(guild.url);
    await client.signIn(member);
    const answers: [string, Promise<Response>][] = [
      ['sign-in', signInRaw(member)],
      ['GET /api/v1/session', fetch(`${guild.url}/api/v1/session`)],
      ['401', fetch(`${guild.url}/api/v1/users/me`)],
      ['404 API', fetch(`${guild.url}/api/v1/no-such-thing`)],
      [
        '400',
        fetch(`${guild.url}/api/v1/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"email": 1',
        }),
      ],
      [
        '403 CSRF',
        fetch(`${guild.url}/api/v1/users/me`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', cookie: client.cookieHeader() },
          body: '{}',
        }),
      ],
      ['/healthz', fetch(`${guild.url}/healthz`)],
      ['/readyz', fetch(`${guild.url}/readyz`)],
      ['/openapi.json', fetch(`${guild.url}/openapi.json`)],
      ['/docs', fetch(`${guild.url}/docs/`)],
      ['/docs/static', fetch(`${guild.url}/docs/static/index.html`)],
      ['HEAD /', fetch(`${guild.url}/`, { method: 'HEAD' })],
    ];
    for (const [what, pending] of answers) {
      const response = await pending;
      expect(response.status, what).toBeLessThan(500);
      expectBaseline(response.headers, what);
    }
  });

  it('carries the header baseline on the web page and static assets', async () => {
    for (const url of [
      '/',
      '/sign-in',
      '/spaces/anything?x=1',
      '/assets/app.js',
      '/assets/app.css',
      '/assets/missing.js',
    ]) {
      const response = await fetch(`${guild.url}${url}`);
      expect(response.status, url).toBeLessThan(500);
      expectBaseline(response.headers, url);
    }
    const asset = await fetch(`${guild.url}/assets/app.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it("writes the response's own nonce into the page's script tags, a new one each time", async () => {
    const first = await fetch(`${guild.url}/`);
    const second = await fetch(`${guild.url}/`);
    const nonceOf = (headers: Headers) =>
      /'nonce-([^']+)'/.exec(
        directive(headers.get('content-security-policy') ?? '', 'script-src') ?? '',
      )?.[1];
    const one = nonceOf(first.headers)!;
    expect(one).toBeTruthy();
    expect(nonceOf(second.headers)).not.toBe(one);
    const page = await first.text();
    expect(page).toContain(`<script nonce="${one}"`);
    expect(page.match(/<script\b/g)).toHaveLength(page.match(/<script nonce="/g)!.length);
  });

  it('gives the API docs page the same policy, its script tags carrying the nonce', async () => {
    const docs = await fetch(`${guild.url}/docs/static/index.html`);
    expect(docs.status).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(docs.headers.get('content-security-policy') ?? '')?.[1];
    const page = await docs.text();
    const tags = page.match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) {
      expect(tag).toContain(`nonce="${nonce}"`);
    }
  });
});
