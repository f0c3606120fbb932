import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

let guild: TestGuild;
let tenantId: string;

beforeAll(async () => {
  guild = await startTestGuild({ GUILD_WRITES_PER_MINUTE: '5' });
  tenantId = await addTenant(guild, 'alpha');
});
afterAll(() => guild.stop());

describe('the platform around the routes', () => {
  it('serves health, readiness, the OpenAPI document and its browsable docs', async () => {
    const client = new TestClient(guild.url);
    expect((await client.get<{ status: string }>('/healthz')).body.status).toBe('ok');
    expect((await client.get<{ status: string }>('/readyz')).body.status).toBe('ready');
    const openapi = await client.get<{ openapi: string; paths: Record<string, unknown> }>(
      '/openapi.json',
    );
    expect(openapi.body.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/spaces/{slug}/posts', '/api/v1/auth/sign-in', '/api/v1/search']) {
      expect(Object.keys(openapi.body.paths)).toContain(path);
    }
    const docs = await fetch(`${guild.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('echoes a request id and answers unknown API paths in the error shape', async () => {
    const client = new TestClient(guild.url);
    const given = await client.get('/api/v1/nothing-here', { 'x-request-id': 'trace-12345678' });
    expect(given.status).toBe(404);
    expect(given.headers.get('x-request-id')).toBe('trace-12345678');
    expect(given.body).toMatchObject({ error: { code: 'not_found', requestId: 'trace-12345678' } });
    const forged = await client.get('/api/v1/nothing-here', {
      'x-request-id': 'bad id; <script>',
    });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers validation failures with the field at fault and no internals', async () => {
    const member = await addMember(guild, tenantId);
    const client = new TestClient(guild.url);
    await client.signIn(member);
    const bad = await client.get<{ error: { code: string; details: { path: string }[] } }>(
      '/api/v1/posts/not-a-uuid',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(bad.body)).not.toMatch(/stack|select |postgres/i);
  });

  it('limits writes per caller and says when to retry', async () => {
    const member = await addMember(guild, tenantId);
    const client = new TestClient(guild.url);
    await client.signIn(member);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i += 1) {
      const result = await client.patch('/api/v1/users/me', { bio: `attempt ${i}` });
      statuses.push(result.status);
      retryAfter = result.headers.get('retry-after') ?? retryAfter;
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const reads = await client.get('/api/v1/spaces');
    expect(reads.status).toBe(200);
  });

  const built = existsSync('web/dist/index.html');
  it.skipIf(!built)('serves the built web app with the response nonce on its scripts', async () => {
    const response = await fetch(`${guild.url}/spaces/anything`);
    const html = await response.text();
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) {
      expect(tag).toContain(`nonce="${nonce}"`);
    }
  });

  it('accepts CSP violation reports', async () => {
    const response = await fetch(`${guild.url}/api/v1/csp-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify({ 'csp-report': { 'violated-directive': 'script-src' } }),
    });
    expect(response.status).toBe(204);
  });
});
