/**
 * Shared set-up of the inbound webhook tests (test/api/webhooks-in, S24, S25): a Guild with
 * tenants alpha and beta and an admin of each, and a partner's side (signing, sending to a
 * source's webhook URL through node:http with the tenant's Host).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type HttpResult,
  type TestGuild,
} from './harness.js';
import { until } from './guild-process.js';

export const MAX_ATTEMPTS = 3;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface Source {
  id: string;
  slug: string;
  name: string;
  kind: string;
  enabled: boolean;
  apiUrl: string | null;
  hasApiKey: boolean;
  webhookPath: string;
  previousSecretExpiresAt: string | null;
}
export interface WebhookEvent {
  id: string;
  source: string;
  eventId: string;
  topic: string;
  status: 'queued' | 'processed' | 'parked' | 'failed' | 'ignored';
  waitingFor: string | null;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  processedAt: string | null;
  payload?: Record<string, unknown>;
}
export interface Receipt {
  status: 'queued' | 'duplicate' | 'ignored';
  id: string;
}
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
export type { HttpResult };
export { until };

/** A `Guild-Signature` header for `body`, as a partner computes it. */
export function sign(secret: string, body: string, atMs = Date.now()): string {
  const t = Math.floor(atMs / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

export function envelope(topic: string, data: Record<string, unknown>, id: string = randomUUID()) {
  return { id, topic, occurred_at: new Date().toISOString(), data };
}

export interface DeliverOptions {
  secret?: string;
  signature?: string;
  atMs?: number;
  host?: string;
  contentType?: string;
}

/** A Guild with tenants alpha and beta, an admin signed in on each, and the partner's side. */
export class WebhookRig {
  guild!: TestGuild;
  alphaId = '';
  betaId = '';
  admin!: TestClient;
  betaAdmin!: TestClient;

  async start(): Promise<void> {
    this.guild = await startTestGuild({
      GUILD_DELIVERY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      GUILD_DELIVERY_RETRY_SECONDS: '1',
    });
    this.alphaId = await addTenant(this.guild, 'alpha');
    this.betaId = await addTenant(this.guild, 'beta');
    this.admin = new TestClient(this.guild.url);
    await this.admin.signIn(await addMember(this.guild, this.alphaId, 'admin'));
    this.betaAdmin = new TestClient(this.guild.url, { 'x-guild-tenant': 'beta' });
    await this.betaAdmin.signIn(await addMember(this.guild, this.betaId, 'admin'));
  }

  stop(): Promise<void> {
    return this.guild.stop();
  }

  addSource = async (
    client: TestClient,
    slug: string,
    extra: Record<string, unknown> = {},
  ): Promise<Source & { secret: string }> => {
    const created = await client.post<Source & { secret: string }>('/api/v1/integrations/sources', {
      slug,
      name: `Source ${slug}`,
      kind: 'shop',
      ...extra,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    return created.body;
  };

  /** Sends `body` (an object is written out as JSON) to a source's webhook URL on `host`. */
  deliver = <T = Receipt>(
    slug: string,
    body: unknown,
    options: DeliverOptions = {},
  ): Promise<HttpResult<T>> => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = {
      host: options.host ?? 'alpha.guild.test',
      'content-type': options.contentType ?? 'application/json',
    };
    const signature =
      options.signature ??
      (options.secret === undefined ? undefined : sign(options.secret, text, options.atMs));
    if (signature !== undefined) {
      headers['guild-signature'] = signature;
    }
    const url = new URL(`/integrations/${encodeURIComponent(slug)}/webhooks`, this.guild.url);
    return new Promise((resolve, reject) => {
      const sent = httpRequest(url, { method: 'POST', headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const answer = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = answer;
          try {
            parsed = JSON.parse(answer);
          } catch {
            // Kept as text.
          }
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string') {
              responseHeaders.set(name, value);
            }
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: responseHeaders,
            body: parsed as T,
          });
        });
      });
      sent.on('error', reject);
      sent.end(text);
    });
  };

  webhookEvent = async (id: string): Promise<WebhookEvent> => {
    const found = await this.admin.get<WebhookEvent>(`/api/v1/integrations/webhook-events/${id}`);
    expect(found.status).toBe(200);
    return found.body;
  };

  eventSettled = (id: string, status: WebhookEvent['status']) =>
    until(`webhook event ${id} to be ${status}`, async () => {
      const current = await this.webhookEvent(id);
      return current.status === status ? current : undefined;
    });

  count = async (sql: string, params: unknown[]): Promise<number> => {
    const [row] = await this.guild.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${sql}`,
      params,
    );
    return row!.n;
  };
}
