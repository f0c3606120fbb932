/**
 * Fault: an external service that accepts connections and never answers. One small server on
 * 127.0.0.1 stands in for the moderation provider, a webhook endpoint and a loyalty program.
 * While it hangs, posts are still decided (locally) within the provider timeout, the API keeps
 * answering, and outbound calls time out and wait for a retry; once it answers again, every
 * delivery arrives exactly once. Runs on PGlite and on the PostgreSQL server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from '../../src/core/db/database.js';
import { integrationSources } from '../../src/integrations/integrations.table.js';
import { emitEvent } from '../../src/integrations/outbound/outbox.js';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type TestGuild,
} from '../support/harness.js';
import { until } from '../support/guild-process.js';

const PROVIDER_TIMEOUT_MS = 1500;
const DELIVERY_TIMEOUT_MS = 300;

interface Delivery {
  id: string;
  eventId: string;
  status: 'pending' | 'succeeded' | 'dead';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
}
interface Post {
  id: string;
  moderation: { state: string } | null;
}

/**
 * A partner that hangs until `recover()`: requests are read and then left open. After
 * recovery it answers 200 (201 for loyalty credits) and counts what it answered per event.
 */
class HangingPartner {
  hanging = true;
  /** Requests held open right now. */
  readonly open = new Set<ServerResponse>();
  /** Requests received, by path (hung or answered). */
  readonly received: { path: string; eventId: string | undefined; key: string | undefined }[] = [];
  /** 2xx answers given, per event id or Idempotency-Key. */
  readonly answered = new Map<string, number>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  recover(): void {
    this.hanging = false;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    request.on('end', () => {
      const path = request.url ?? '';
      const eventId = header(request, 'guild-event-id');
      const key = header(request, 'idempotency-key');
      this.received.push({ path, eventId, key });
      if (this.hanging) {
        this.open.add(response);
        response.on('close', () => this.open.delete(response));
        return;
      }
      const counted = key ?? eventId;
      if (counted !== undefined) {
        this.answered.set(counted, (this.answered.get(counted) ?? 0) + 1);
      }
      const status = path.startsWith('/loyalty/') ? 201 : 200;
      response.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

const partner = new HangingPartner();
let guild: TestGuild | undefined;
let tenantId: string;
let admin: TestClient;
let member: TestClient;

beforeAll(async () => {
  await partner.start();
  guild = await startTestGuild({
    GUILD_MODERATION_PROVIDER: 'openai_compatible',
    GUILD_MODERATION_PROVIDER_URL: `${partner.url}/moderation`,
    GUILD_MODERATION_PROVIDER_MODEL: 'stand-in',
    GUILD_MODERATION_PROVIDER_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS),
    // The breaker stays closed: every post has to wait out its own hung call.
    GUILD_MODERATION_PROVIDER_FAILURES: '1000',
    GUILD_DELIVERY_MAX_ATTEMPTS: '10',
    GUILD_DELIVERY_RETRY_SECONDS: '1',
    GUILD_DELIVERY_TIMEOUT_MS: String(DELIVERY_TIMEOUT_MS),
    GUILD_DELIVERY_ALLOWED_ADDRESSES: '127.0.0.1',
  });
  tenantId = await addTenant(guild, 'alpha');
  admin = new TestClient(guild.url);
  await admin.signIn(await addMember(guild, tenantId, 'admin'));
  const created = await admin.post('/api/v1/spaces', {
    slug: 'garden',
    name: 'Garden',
    visibility: 'public',
    kind: 'topic',
  });
  expect(created.status).toBe(201);
  member = new TestClient(guild.url);
  const account = await addMember(guild, tenantId, 'member');
  await member.signIn(account);
  // past its first day, so first-day posting limits play no part here
  await guild.db.tenant(tenantId, (tx) =>
    tx.execute(
      sql`UPDATE users SET created_at = now() - interval '2 days'
           WHERE username = ${account.username}`,
    ),
  );
});

afterAll(async () => {
  await guild?.stop();
  await partner.stop();
});

async function deliveryFor(eventId: string): Promise<Delivery | undefined> {
  const page = await admin.get<{ items: Delivery[] }>('/api/v1/integrations/deliveries?limit=100');
  return page.body.items.find((d) => d.eventId === eventId);
}

describe.sequential('provider hang', () => {
  it('provider hang: posts are decided locally within the timeout while the API keeps serving', async () => {
    const titles = ['Seed trays', 'Pruning roses', 'Compost bins', 'Watering cans'];
    const posting = Promise.all(
      titles.map((title) =>
        member.post<Post>('/api/v1/spaces/garden/posts', {
          title,
          body: `Which ${title.toLowerCase()} would you suggest for a small garden?`,
        }),
      ),
    );
    // While the provider holds at least one call open, reads and other requests are answered.
    await until('the provider to hold a call open', () =>
      partner.open.size > 0 ? true : undefined,
    );
    const health = await fetch(`${guild!.url}/healthz`);
    const list = await member.get<{ items: unknown[] }>('/api/v1/spaces/garden/posts');
    const heldWhileServing = partner.open.size;
    expect(health.status).toBe(200);
    expect(list.status).toBe(200);
    expect(heldWhileServing).toBeGreaterThan(0);

    const created = await posting;
    for (const result of created) {
      expect(result.status).toBe(201);
      // a clean text: the local pipeline's verdict (published) or held for a person, never lost
      expect(result.body.moderation?.state ?? 'published').toMatch(/published|held/);
    }
    const checks = await guild!.db.tenant(tenantId, (tx) =>
      sqlRows<{ provider_error: string | null }>(
        tx,
        sql`SELECT provider_error FROM moderation_checks
             WHERE item_id IN (${sql.join(
               created.map((result) => sql`${result.body.id}`),
               sql`, `,
             )})`,
      ),
    );
    expect(checks).toHaveLength(titles.length);
    for (const check of checks) {
      expect(check.provider_error).not.toBeNull();
    }
    expect(partner.received.filter((r) => r.path.startsWith('/moderation')).length).toBe(
      titles.length,
    );
  });

  it('provider hang: webhook and loyalty calls time out, are retried, and arrive exactly once after recovery', async () => {
    const endpoint = await admin.post<{ id: string }>('/api/v1/integrations/webhook-endpoints', {
      url: `${partner.url}/hook`,
      topics: ['customer.linked'],
      description: 'hanging partner',
    });
    expect(endpoint.status).toBe(201);
    const ping = await admin.post<Delivery>(
      `/api/v1/integrations/webhook-endpoints/${endpoint.body.id}/ping`,
    );
    expect(ping.status).toBe(202);

    await guild!.db.tenant(tenantId, (tx) =>
      tx.insert(integrationSources).values({
        tenantId,
        slug: 'hanging-points',
        name: 'Hanging points program',
        kind: 'loyalty',
        secret: 'inbound-secret-not-used-here',
        apiUrl: `${partner.url}/loyalty/`,
        apiKey: 'loyalty-key',
      }),
    );
    const loyaltyEvent = await guild!.db.tenant(tenantId, (tx) =>
      emitEvent(tx, tenantId, 'loyalty.credit', {
        loyaltyId: 'LOY-HANG-1',
        points: 20,
        reason: 'accepted answer',
        reference: 'hang-1',
      }),
    );

    // Two timed-out tries each, still pending, while the API answers as usual.
    const webhookWaiting = await until('two timed-out webhook tries', async () => {
      const current = await deliveryFor(ping.body.eventId);
      return current && current.attempts >= 2 ? current : undefined;
    });
    const loyaltyWaiting = await until('two timed-out loyalty tries', async () => {
      const current = await deliveryFor(loyaltyEvent);
      return current && current.attempts >= 2 ? current : undefined;
    });
    for (const waiting of [webhookWaiting, loyaltyWaiting]) {
      expect(waiting.status).toBe('pending');
      expect(waiting.lastError).toBe(`Timed out after ${DELIVERY_TIMEOUT_MS} ms`);
      expect(waiting.lastStatus).toBeNull();
    }
    expect((await member.get('/api/v1/spaces/garden/posts')).status).toBe(200);

    partner.recover();
    const webhookDone = await until('the webhook delivery to succeed', async () => {
      const current = await deliveryFor(ping.body.eventId);
      return current?.status === 'succeeded' ? current : undefined;
    });
    const loyaltyDone = await until('the loyalty delivery to succeed', async () => {
      const current = await deliveryFor(loyaltyEvent);
      return current?.status === 'succeeded' ? current : undefined;
    });
    expect(webhookDone.lastStatus).toBe(200);
    expect(loyaltyDone.lastStatus).toBe(201);

    // A later delivery through the same queue, end to end: anything still queued for the first
    // two would have been sent before it.
    const second = await admin.post<Delivery>(
      `/api/v1/integrations/webhook-endpoints/${endpoint.body.id}/ping`,
    );
    await until('a later delivery to succeed', async () => {
      const current = await deliveryFor(second.body.eventId);
      return current?.status === 'succeeded' ? current : undefined;
    });
    expect(partner.answered.get(ping.body.eventId)).toBe(1);
    // The loyalty program is told each credit under one key, the delivery's id: applied once.
    expect(partner.answered.get(loyaltyDone.id)).toBe(1);
    const loyaltyKeys = new Set(
      partner.received.filter((r) => r.path.startsWith('/loyalty/')).map((r) => r.key),
    );
    expect([...loyaltyKeys]).toEqual([loyaltyDone.id]);
    expect(partner.open.size).toBe(0);
  });
});
