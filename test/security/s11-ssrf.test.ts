/**
 * S11 (SECURITY.md) — server-side request forgery. The addresses a tenant admin can make Guild
 * call (outbound webhook endpoints; the API address of a CRM or loyalty source) are refused when
 * they name cloud metadata, Guild's own host or private networks, or are not http(s), before any
 * connection is made; a redirect is never followed; a partner's answer body is never shown.
 *
 * Safety: no test here connects to 169.254.169.254 or to 127.0.0.1:5432. Each refusal is first
 * asserted on the guard itself, and only the loopback servers this file starts are ever reached.
 */
import { createServer, type Server } from 'node:http';
import { lookup } from 'node:dns/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptDelivery } from '../../src/integrations/outbound/delivery-attempts.js';
import {
  callPartner,
  checkPartnerUrl,
  refusedAddress,
} from '../../src/integrations/outbound/partner-http.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';

interface ErrorBody {
  error: { code: string; message: string };
}
interface Delivery {
  id: string;
  status: string;
  lastStatus: number | null;
  lastError: string | null;
}

const SECRET_BODY = 'partner-secret-body-7c1e';
const HOSTILE = [
  'http://169.254.169.254/latest/meta-data/',
  'http://127.0.0.1:5432/',
  'file:///etc/passwd',
  'http://[::ffff:169.254.169.254]/',
  'http://0xA9FEA9FE/',
  'http://2852039166/',
  'http://[fe80::1]/',
  'http://[::1]:5432/',
  'http://localhost:5432/',
  'http://10.0.0.1/',
  'http://192.168.1.1/',
  'http://172.16.0.1/',
  'http://0.0.0.0:5432/',
  'gopher://127.0.0.1:6379/_FLUSHALL',
  'http://user:pass@example.com/',
];

/** A loopback server that counts its hits and answers as `handler` says. */
async function server(handler: (path: string) => { status: number; location?: string }) {
  const state = { hits: 0, url: '', server: null as unknown as Server };
  state.server = createServer((request, response) => {
    state.hits += 1;
    const answer = handler(request.url ?? '/');
    response.writeHead(answer.status, answer.location ? { location: answer.location } : {});
    response.end(SECRET_BODY);
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

let guild: TestGuild;
let tenantId: string;
let admin: TestClient;
let redirector: Awaited<ReturnType<typeof server>>;
let internal: Awaited<ReturnType<typeof server>>;

beforeAll(async () => {
  // `internal` stands for a service on Guild's own network that no tenant may reach.
  internal = await server(() => ({ status: 200 }));
  redirector = await server((path) => ({
    status: 302,
    location: path.startsWith('/to-internal')
      ? `${internal.url}/`
      : path.startsWith('/to-file')
        ? 'file:///etc/passwd'
        : 'http://169.254.169.254/latest/meta-data/',
  }));
  guild = await startTestGuild({
    // Only the redirecting "partner" is allowed on loopback, by its port.
    GUILD_DELIVERY_ALLOWED_ADDRESSES: redirector.url.replace('http://', ''),
    GUILD_JOBS: 'false',
  });
  tenantId = await addTenant(guild, 'alpha');
  admin = new TestClient(guild.url);
  await admin.signIn(await addMember(guild, tenantId, 'admin'));
});
afterAll(async () => {
  await guild.stop();
  await new Promise((resolve) => redirector.server.close(resolve));
  await new Promise((resolve) => internal.server.close(resolve));
});

const SETTINGS = { maxAttempts: 1, retrySeconds: 1, timeoutMs: 2000 };

describe('S11 — SSRF', () => {
  it.each(HOSTILE)('the guard refuses %s', (url) => {
    const checked = checkPartnerUrl(url);
    expect(checked.ok).toBe(false);
  });

  it('the guard checks resolved addresses, IPv4-mapped forms included', () => {
    expect(refusedAddress('169.254.169.254', 80)).toMatch(/Link-local/);
    expect(refusedAddress('::ffff:a9fe:a9fe', 80)).toMatch(/Link-local/);
    expect(refusedAddress('127.0.0.1', 5432)).toMatch(/Internal/);
    expect(refusedAddress('::ffff:127.0.0.1', 5432)).toMatch(/Internal/);
    expect(refusedAddress('fd00::1', 443)).toMatch(/Internal/);
    expect(refusedAddress('93.184.216.34', 443)).toBeNull();
    expect(checkPartnerUrl('https://hooks.example.com/guild').ok).toBe(true);
  });

  it('makes no call to a refused address', async () => {
    expect(checkPartnerUrl('http://169.254.169.254/').ok).toBe(false);
    const outcome = await callPartner(
      'http://169.254.169.254/',
      { method: 'GET', headers: {} },
      50,
    );
    expect(outcome).toMatchObject({ ok: false, status: null, durationMs: 0 });
    const before = internal.hits;
    const loopback = await callPartner(`${internal.url}/`, { method: 'GET', headers: {} }, 2000);
    expect(loopback).toMatchObject({ ok: false, status: null });
    expect(internal.hits).toBe(before);
  });

  it('refuses a host name that resolves to an internal address, at connect time', async (context) => {
    const name = os.hostname();
    const addresses = await lookup(name, { all: true }).catch(() => []);
    if (addresses.length === 0 || addresses.some((a) => refusedAddress(a.address, 80) === null)) {
      context.skip();
    }
    const port = new URL(internal.url).port;
    expect(checkPartnerUrl(`http://${name}:${port}/`).ok).toBe(true);
    const before = internal.hits;
    const outcome = await callPartner(
      `http://${name}:${port}/`,
      { method: 'GET', headers: {} },
      2000,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/refused/);
    expect(internal.hits).toBe(before);
  });

  it('refuses webhook endpoints at hostile addresses (422 endpoint_url_refused)', async () => {
    for (const url of [...HOSTILE, 'ftp://127.0.0.1/hook', 'not a url']) {
      const refused = await admin.post<ErrorBody>('/api/v1/integrations/webhook-endpoints', {
        url,
        topics: ['*'],
      });
      expect(refused.status, url).toBe(422);
      expect(refused.body.error.code).toBe('endpoint_url_refused');
    }
  });

  it('refuses CRM and loyalty sources whose API address is hostile', async () => {
    let n = 0;
    for (const url of HOSTILE) {
      n += 1;
      for (const kind of ['crm', 'loyalty']) {
        const refused = await admin.post<ErrorBody>('/api/v1/integrations/sources', {
          slug: `${kind}-${n}`,
          name: `${kind} ${n}`,
          kind,
          apiUrl: url,
        });
        expect([400, 422], `${kind} ${url}`).toContain(refused.status);
        expect(['endpoint_url_refused', 'validation_failed']).toContain(refused.body.error.code);
      }
    }
  });

  it('refuses at call time an address stored before the guard, without connecting', async () => {
    const created = await admin.post<{ id: string }>('/api/v1/integrations/webhook-endpoints', {
      url: `${redirector.url}/plain`,
      topics: ['*'],
    });
    expect(created.status).toBe(201);
    for (const stored of ['http://169.254.169.254/latest/meta-data/', `${internal.url}/`]) {
      expect(checkPartnerUrl(stored).ok).toBe(false);
      await guild.db.tenant(tenantId, (tx) =>
        tx.execute(sql`update webhook_endpoints set url = ${stored} where id = ${created.body.id}`),
      );
      const ping = await admin.post<Delivery>(
        `/api/v1/integrations/webhook-endpoints/${created.body.id}/ping`,
      );
      expect(ping.status).toBe(202);
      const before = internal.hits;
      await attemptDelivery(guild.db, tenantId, ping.body.id, SETTINGS);
      const after = await admin.get<Delivery>(`/api/v1/integrations/deliveries/${ping.body.id}`);
      expect(after.body.lastStatus).toBeNull();
      expect(after.body.lastError).toMatch(/refused/);
      expect(internal.hits).toBe(before);
    }
  });

  it('never follows a redirect to metadata, loopback or a file, nor shows the answer', async () => {
    for (const path of ['/to-metadata', '/to-internal', '/to-file']) {
      const created = await admin.post<{ id: string }>('/api/v1/integrations/webhook-endpoints', {
        url: `${redirector.url}${path}`,
        topics: ['*'],
      });
      expect(created.status).toBe(201);
      const ping = await admin.post<Delivery>(
        `/api/v1/integrations/webhook-endpoints/${created.body.id}/ping`,
      );
      const redirectsBefore = redirector.hits;
      const internalBefore = internal.hits;
      await attemptDelivery(guild.db, tenantId, ping.body.id, SETTINGS);
      expect(redirector.hits).toBe(redirectsBefore + 1);
      expect(internal.hits).toBe(internalBefore);
      const after = await admin.get<Delivery>(`/api/v1/integrations/deliveries/${ping.body.id}`);
      expect(after.body).toMatchObject({ status: 'dead', lastStatus: 302, lastError: 'HTTP 302' });
      expect(JSON.stringify(after.body)).not.toContain(SECRET_BODY);
      const events = await admin.get('/api/v1/integrations/events');
      expect(JSON.stringify(events.body)).not.toContain(SECRET_BODY);
    }
  });
});
