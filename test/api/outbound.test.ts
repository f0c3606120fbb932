/**
 * Outbound events over real HTTP: Guild's deliveries hit a small receiver on 127.0.0.1 that
 * fails, hangs, or answers, and a fake loyalty program that checks its key, fails once and
 * de-duplicates by Idempotency-Key. The job queue runs with short retry delays and timeouts so
 * that a delivery goes from first try to succeeded (or dead) in a few seconds.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationSources } from '../../src/integrations/integrations.table.js';
import {
  loyaltyBalance,
  LoyaltyCallError,
} from '../../src/integrations/outbound/loyalty-adapter.js';
import { emitEvent } from '../../src/integrations/outbound/outbox.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';
import { until } from '../support/guild-process.js';

const MAX_ATTEMPTS = 4;
const RETRY_SECONDS = 1;
// Long enough that a loaded machine answers a healthy call in time, short enough to wait out.
const TIMEOUT_MS = 1500;
const LOYALTY_KEY = 'loyalty-key-for-tests';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Endpoint {
  id: string;
  url: string;
  topics: string[];
  enabled: boolean;
  secret?: string;
}
interface Delivery {
  id: string;
  eventId: string;
  topic: string;
  target: 'webhook' | 'loyalty';
  destination: string;
  status: 'pending' | 'succeeded' | 'dead';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}
interface ErrorBody {
  error: { code: string };
}

/** One request the receiver saw. */
interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/**
 * The partner side: webhook paths that behave as told, and a loyalty program under /loyalty.
 * Every request is kept, in order, for the assertions.
 */
class Receiver {
  readonly seen: Received[] = [];
  /** Failures left per path before it answers 200. */
  readonly failuresLeft = new Map<string, number>();
  readonly balances = new Map<string, number>();
  private readonly appliedKeys = new Set<string>();
  private failedLoyaltyOnce = false;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  requests(path: string): Received[] {
    return this.seen.filter((r) => r.path === path);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const path = request.url ?? '';
    const body = Buffer.concat(chunks).toString('utf8');
    this.seen.push({ path, headers: request.headers, body, at: Date.now() });

    if (path.startsWith('/hang')) {
      return; // never answers: Guild's timeout has to end the call
    }
    if (path.startsWith('/loyalty/')) {
      this.loyalty(request, path, body, response);
      return;
    }
    const left = this.failuresLeft.get(path) ?? 0;
    if (left > 0) {
      this.failuresLeft.set(path, left - 1);
      response.writeHead(500).end('down for maintenance');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }

  /** A loyalty program that applies each Idempotency-Key once. */
  private loyalty(request: IncomingMessage, path: string, body: string, response: ServerResponse) {
    if (request.headers.authorization !== `Bearer ${LOYALTY_KEY}`) {
      response.writeHead(401).end();
      return;
    }
    const balance = /^\/loyalty\/accounts\/([^/]+)\/balance$/.exec(path);
    if (balance && request.method === 'GET') {
      const id = decodeURIComponent(balance[1]!);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ balance: this.balances.get(id) ?? 0 }));
      return;
    }
    const change = /^\/loyalty\/accounts\/([^/]+)\/(credits|debits)$/.exec(path);
    const key = request.headers['idempotency-key'];
    if (!change || request.method !== 'POST' || typeof key !== 'string') {
      response.writeHead(400).end();
      return;
    }
    const id = decodeURIComponent(change[1]!);
    if (!this.appliedKeys.has(key)) {
      this.appliedKeys.add(key);
      const { points } = JSON.parse(body) as { points: number };
      const sign = change[2] === 'credits' ? 1 : -1;
      this.balances.set(id, (this.balances.get(id) ?? 0) + sign * points);
    }
    // The first answer is lost after the change was applied: only the key saves a double credit.
    if (!this.failedLoyaltyOnce) {
      this.failedLoyaltyOnce = true;
      response.writeHead(503).end();
      return;
    }
    response.writeHead(201, { 'content-type': 'application/json' }).end('{"applied":true}');
  }
}

/** What a receiver does with `Guild-Signature`, written from the documentation. */
function signatureIsValid(header: string | string[] | undefined, body: string, secret: string) {
  const match = typeof header === 'string' ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null;
  if (!match) {
    return false;
  }
  const [, t, v1] = match;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const fresh = Math.abs(Date.now() / 1000 - Number(t)) <= 300;
  return fresh && timingSafeEqual(Buffer.from(v1!, 'hex'), expected);
}

let guild: TestGuild;
let tenantId: string;
let admin: TestClient;
const receiver = new Receiver();

beforeAll(async () => {
  await receiver.start();
  guild = await startTestGuild({
    GUILD_DELIVERY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    GUILD_DELIVERY_RETRY_SECONDS: String(RETRY_SECONDS),
    GUILD_DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  tenantId = await addTenant(guild, 'alpha');
  admin = new TestClient(guild.url);
  await admin.signIn(await addMember(guild, tenantId, 'admin'));
});
afterAll(async () => {
  await guild.stop();
  await receiver.stop();
});

async function addEndpoint(path: string, topics: string[]): Promise<Endpoint & { secret: string }> {
  const created = await admin.post<Endpoint & { secret: string }>(
    '/api/v1/integrations/webhook-endpoints',
    { url: `${receiver.url}${path}`, topics, description: `receiver ${path}` },
  );
  expect(created.status).toBe(201);
  expect(created.body.secret).toMatch(/^whsec_/);
  return created.body;
}

async function ping(endpointId: string): Promise<Delivery> {
  const sent = await admin.post<Delivery>(
    `/api/v1/integrations/webhook-endpoints/${endpointId}/ping`,
  );
  expect(sent.status).toBe(202);
  expect(sent.body).toMatchObject({ topic: 'ping', status: 'pending', target: 'webhook' });
  return sent.body;
}

async function delivery(id: string): Promise<Delivery> {
  const found = await admin.get<Delivery>(`/api/v1/integrations/deliveries/${id}`);
  expect(found.status).toBe(200);
  return found.body;
}

function settled(id: string, status: Delivery['status']) {
  return until(`delivery ${id} to be ${status}`, async () => {
    const current = await delivery(id);
    return current.status === status ? current : undefined;
  });
}

describe.concurrent('deliveries against a partner that misbehaves', () => {
  it('retries with growing waits until 2xx, the same signed event each time', async ({
    expect,
  }) => {
    const endpoint = await addEndpoint('/flaky', ['customer.linked']);
    receiver.failuresLeft.set('/flaky', MAX_ATTEMPTS - 1);

    const sent = await ping(endpoint.id);
    const done = await settled(sent.id, 'succeeded');
    expect(done).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatus: 200, lastError: null });
    expect(done.deliveredAt).not.toBeNull();

    const tries = receiver.requests('/flaky');
    expect(tries).toHaveLength(MAX_ATTEMPTS);
    for (const [index, tried] of tries.entries()) {
      expect(tried.headers['guild-event-id']).toBe(sent.eventId);
      expect(tried.headers['guild-topic']).toBe('ping');
      expect(tried.headers['guild-delivery-attempt']).toBe(String(index + 1));
      expect(tried.body).toBe(tries[0]!.body);
      expect(signatureIsValid(tried.headers['guild-signature'], tried.body, endpoint.secret)).toBe(
        true,
      );
      expect(signatureIsValid(tried.headers['guild-signature'], tried.body, 'whsec_wrong')).toBe(
        false,
      );
    }
    expect(JSON.parse(tries[0]!.body)).toMatchObject({
      id: sent.eventId,
      topic: 'ping',
      data: { endpointId: endpoint.id },
    });
    // Each wait is at least the retry delay doubled per failure: 1 s, 2 s, 4 s.
    for (let i = 1; i < tries.length; i += 1) {
      const waited = tries[i]!.at - tries[i - 1]!.at;
      expect(waited).toBeGreaterThanOrEqual(RETRY_SECONDS * 1000 * 2 ** (i - 1) - 50);
    }
  });

  it('records timeouts, gives up after the last try, no replay while pending', async ({
    expect,
  }) => {
    const endpoint = await addEndpoint('/hang', ['customer.linked']);
    const sent = await ping(endpoint.id);

    const waiting = await until('a first timed-out try', async () => {
      const current = await delivery(sent.id);
      return current.attempts >= 1 && current.lastError !== null ? current : undefined;
    });
    expect(waiting.status).toBe('pending');
    expect(waiting.lastError).toBe(`Timed out after ${TIMEOUT_MS} ms`);
    expect(waiting.lastStatus).toBeNull();
    expect(waiting.lastDurationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(waiting.nextAttemptAt).not.toBeNull();

    const early = await admin.post<ErrorBody>(`/api/v1/integrations/deliveries/${sent.id}/replay`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('delivery_pending');

    const dead = await settled(sent.id, 'dead');
    expect(dead).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatus: null, nextAttemptAt: null });
    expect(dead.lastError).toBe(`Timed out after ${TIMEOUT_MS} ms`);
    expect(dead.deliveredAt).toBeNull();
    expect(receiver.requests('/hang')).toHaveLength(MAX_ATTEMPTS);

    const listed = await admin.get<Page<Delivery>>('/api/v1/integrations/deliveries?status=dead');
    expect(listed.body.items.map((d) => d.id)).toContain(sent.id);
    expect(listed.body.items.every((d) => d.status === 'dead')).toBe(true);
  });

  it('credits a loyalty account once although the first answer is lost', async ({ expect }) => {
    const sourceId = await guild.db.tenant(tenantId, async (tx) => {
      const [source] = await tx
        .insert(integrationSources)
        .values({
          tenantId,
          slug: 'points',
          name: 'Points program',
          kind: 'loyalty',
          secret: 'inbound-secret-not-used-here',
          apiUrl: `${receiver.url}/loyalty/`,
          apiKey: LOYALTY_KEY,
        })
        .returning({ id: integrationSources.id });
      return source!.id;
    });
    // Committed and never queued, as when the process dies right after commit: the sweeper
    // has to find the delivery.
    const eventId = await guild.db.tenant(tenantId, (tx) =>
      emitEvent(tx, tenantId, 'loyalty.credit', {
        loyaltyId: 'LOY 7/1',
        points: 50,
        reason: 'accepted answer',
        reference: 'ledger-entry-1',
      }),
    );

    const found = await until('the loyalty delivery to succeed', async () => {
      const page = await admin.get<Page<Delivery>>(
        '/api/v1/integrations/deliveries?status=succeeded',
      );
      return page.body.items.find((d) => d.eventId === eventId);
    });
    expect(found).toMatchObject({ target: 'loyalty', attempts: 2, lastStatus: 201 });
    expect(found.destination).toBe('Points program');

    const calls = receiver.requests('/loyalty/accounts/LOY%207%2F1/credits');
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.headers['idempotency-key'])).toEqual([found.id, found.id]);
    expect(JSON.parse(calls[1]!.body)).toEqual({
      points: 50,
      reason: 'accepted answer',
      reference: 'ledger-entry-1',
    });
    expect(receiver.balances.get('LOY 7/1')).toBe(50);

    const program = { apiUrl: `${receiver.url}/loyalty`, apiKey: LOYALTY_KEY };
    expect(await loyaltyBalance(program, 'LOY 7/1', { timeoutMs: TIMEOUT_MS })).toBe(50);
    const refused = loyaltyBalance({ ...program, apiKey: 'wrong' }, 'LOY 7/1');
    await expect(refused).rejects.toBeInstanceOf(LoyaltyCallError);
    await expect(refused).rejects.toMatchObject({ status: 401 });
    expect(sourceId).toBeTruthy();
  });
});

describe('replay', () => {
  it('sends the same event again, and is audited', async () => {
    const endpoint = await addEndpoint('/ok', ['customer.unlinked']);
    const sent = await ping(endpoint.id);
    await settled(sent.id, 'succeeded');

    const replayed = await admin.post<Delivery>(
      `/api/v1/integrations/deliveries/${sent.id}/replay`,
    );
    expect(replayed.status).toBe(202);
    expect(replayed.body).toMatchObject({ id: sent.id, status: 'pending', attempts: 0 });
    const again = await settled(sent.id, 'succeeded');
    expect(again.attempts).toBe(1);

    const tries = receiver.requests('/ok');
    expect(tries).toHaveLength(2);
    expect(tries.map((t) => t.headers['guild-event-id'])).toEqual([sent.eventId, sent.eventId]);
    expect(tries[1]!.body).toBe(tries[0]!.body);
    expect(
      signatureIsValid(tries[1]!.headers['guild-signature'], tries[1]!.body, endpoint.secret),
    ).toBe(true);

    const audit = await guild.db.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [sent.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'deliveries.replay',
      details: { previousStatus: 'succeeded', previousAttempts: 1, eventId: sent.eventId },
    });
  });
});

describe('the outbox', () => {
  it('writes one delivery per enabled subscriber, in the same transaction', async () => {
    // An older event, wanted by no endpoint, so that the outbox has a second page below.
    await guild.db.tenant(tenantId, (tx) => emitEvent(tx, tenantId, 'ping', { note: 'older' }));
    const exact = await addEndpoint('/fan/exact', ['import.completed']);
    const every = await addEndpoint('/fan/every', ['*']);
    const other = await addEndpoint('/fan/other', ['customer.linked']);
    const off = await addEndpoint('/fan/off', ['import.completed']);
    const disabled = await admin.patch<Endpoint>(
      `/api/v1/integrations/webhook-endpoints/${off.id}`,
      {
        enabled: false,
      },
    );
    expect(disabled.body.enabled).toBe(false);

    const rolledBack = guild.db.tenant(tenantId, async (tx) => {
      await emitEvent(tx, tenantId, 'import.completed', { importId: 'never' });
      throw new Error('the change fails');
    });
    await expect(rolledBack).rejects.toThrow('the change fails');

    const eventId = await guild.db.tenant(tenantId, (tx) =>
      emitEvent(tx, tenantId, 'import.completed', { importId: 'imp-1', rows: 3 }),
    );
    const rows = await guild.db.query<{ endpoint_id: string; payload: unknown }>(
      `SELECT d.endpoint_id, e.payload FROM deliveries d JOIN outbox_events e ON e.id = d.event_id
        WHERE e.topic = 'import.completed'`,
    );
    expect(rows.map((r) => r.endpoint_id).sort()).toEqual([exact.id, every.id].sort());
    expect(rows.every((r) => JSON.stringify(r.payload).includes('imp-1'))).toBe(true);

    await until('the sweeper to deliver both', () =>
      Promise.resolve(
        receiver.requests('/fan/exact').length === 1 && receiver.requests('/fan/every').length === 1
          ? true
          : undefined,
      ),
    );
    expect(receiver.requests('/fan/exact')[0]!.headers['guild-event-id']).toBe(eventId);
    expect(receiver.requests('/fan/other')).toHaveLength(0);
    expect(receiver.requests('/fan/off')).toHaveLength(0);

    // The two deliveries share one creation time: paging one by one must still show both.
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { body: Page<Delivery> } = await admin.get<Page<Delivery>>(
        `/api/v1/integrations/deliveries?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((d) => d.id));
      cursor = page.body.nextCursor;
    }
    const fanned = await guild.db.query<{ id: string }>(
      'SELECT id FROM deliveries WHERE event_id = $1',
      [eventId],
    );
    expect(fanned).toHaveLength(2);
    for (const row of fanned) {
      expect(seen).toContain(row.id);
    }
    expect(new Set(seen).size).toBe(seen.length);

    const events = await admin.get<Page<{ id: string; topic: string; deliveries: number }>>(
      '/api/v1/integrations/events?limit=1',
    );
    expect(events.body.items).toEqual([
      expect.objectContaining({ id: eventId, topic: 'import.completed', deliveries: 2 }),
    ]);
    expect(events.body.nextCursor).not.toBeNull();
    const next = await admin.get<Page<{ id: string }>>(
      `/api/v1/integrations/events?limit=1&cursor=${events.body.nextCursor}`,
    );
    expect(next.body.items[0]!.id).not.toBe(eventId);
    for (const endpoint of [exact, every, other, off]) {
      const removed = await admin.delete(`/api/v1/integrations/webhook-endpoints/${endpoint.id}`);
      expect(removed.status).toBe(204);
    }
  });

  it('refuses loyalty events without a proper payload', async () => {
    const bad = guild.db.tenant(tenantId, (tx) =>
      emitEvent(tx, tenantId, 'loyalty.debit', { loyaltyId: 'L1', points: -5 }),
    );
    await expect(bad).rejects.toThrow(/positive whole number/);
  });
});

describe('webhook endpoints', () => {
  it('shows the secret only on create and rotate, and signs with the rotated one', async () => {
    const endpoint = await addEndpoint('/secret', ['*']);
    const rotated = await admin.post<Endpoint & { secret: string }>(
      `/api/v1/integrations/webhook-endpoints/${endpoint.id}/rotate-secret`,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);

    const sent = await ping(endpoint.id);
    await settled(sent.id, 'succeeded');
    const [tried] = receiver.requests('/secret');
    expect(
      signatureIsValid(tried!.headers['guild-signature'], tried!.body, rotated.body.secret),
    ).toBe(true);
    expect(signatureIsValid(tried!.headers['guild-signature'], tried!.body, endpoint.secret)).toBe(
      false,
    );

    const responses = [
      await admin.get('/api/v1/integrations/webhook-endpoints'),
      await admin.get(`/api/v1/integrations/webhook-endpoints/${endpoint.id}`),
      await admin.get('/api/v1/integrations/deliveries'),
      await admin.get('/api/v1/integrations/events'),
      await admin.patch(`/api/v1/integrations/webhook-endpoints/${endpoint.id}`, {
        description: 'x',
      }),
    ];
    for (const response of responses) {
      expect(response.status).toBe(200);
      const text = JSON.stringify(response.body);
      expect(text).not.toContain(endpoint.secret);
      expect(text).not.toContain(rotated.body.secret);
      expect(text).not.toContain('"secret"');
    }
    const listed = responses[0]!.body as Page<Endpoint>;
    expect(listed.items.map((e) => e.id)).toContain(endpoint.id);
  });

  it('will not ping a disabled endpoint', async () => {
    const endpoint = await addEndpoint('/disabled', ['*']);
    await admin.patch(`/api/v1/integrations/webhook-endpoints/${endpoint.id}`, { enabled: false });
    const refused = await admin.post<ErrorBody>(
      `/api/v1/integrations/webhook-endpoints/${endpoint.id}/ping`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('endpoint_disabled');
  });

  it('is for admins only', async () => {
    const member = new TestClient(guild.url);
    await member.signIn(await addMember(guild, tenantId, 'manager'));
    const paths = [
      ['GET', '/api/v1/integrations/webhook-endpoints'],
      ['POST', '/api/v1/integrations/webhook-endpoints'],
      ['GET', '/api/v1/integrations/deliveries'],
      ['GET', '/api/v1/integrations/events'],
      ['POST', `/api/v1/integrations/deliveries/${randomUUID()}/replay`],
    ] as const;
    for (const [method, path] of paths) {
      const body = method === 'POST' ? { url: `${receiver.url}/x`, topics: ['*'] } : undefined;
      const answer = await member.request<ErrorBody>(method, path, body);
      expect(answer.status, path).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
      const anonymous = await new TestClient(guild.url).request(method, path, body);
      expect(anonymous.status, path).toBe(401);
    }
  });
});
