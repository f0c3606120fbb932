/**
 * Webhooks in, over real HTTP: partners POST signed events to
 * `/integrations/<source>/webhooks` on the tenant's host. Forged, re-serialised, stale and
 * foreign-signed requests are refused before anything is stored (S24); a new event is answered
 * at once and processed by a background job; repeated, retried and out-of-order events are
 * processed once, and points earned on a refunded order are reversed once (S25). The job queue
 * runs with one-second retries so a failed try comes back within seconds.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  addTenant,
  startTestGuild,
  TestClient,
  type HttpResult,
  type TestGuild,
} from '../support/harness.js';

const MAX_ATTEMPTS = 3;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Source {
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
interface WebhookEvent {
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
interface Receipt {
  status: 'queued' | 'duplicate' | 'ignored';
  id: string;
}
interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Polls `probe` until it returns a value, or fails the test after `ms`. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 25_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A `Guild-Signature` header for `body`, as a partner computes it. */
function sign(secret: string, body: string, atMs = Date.now()): string {
  const t = Math.floor(atMs / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

function envelope(topic: string, data: Record<string, unknown>, id: string = randomUUID()) {
  return { id, topic, occurred_at: new Date().toISOString(), data };
}

let guild: TestGuild;
let alphaId: string;
let betaId: string;
let admin: TestClient;
let betaAdmin: TestClient;

beforeAll(async () => {
  guild = await startTestGuild({
    GUILD_DELIVERY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    GUILD_DELIVERY_RETRY_SECONDS: '1',
  });
  alphaId = await addTenant(guild, 'alpha');
  betaId = await addTenant(guild, 'beta');
  admin = new TestClient(guild.url);
  await admin.signIn(await addMember(guild, alphaId, 'admin'));
  betaAdmin = new TestClient(guild.url, { 'x-guild-tenant': 'beta' });
  await betaAdmin.signIn(await addMember(guild, betaId, 'admin'));
});
afterAll(async () => {
  await guild.stop();
});

async function addSource(
  client: TestClient,
  slug: string,
  extra: Record<string, unknown> = {},
): Promise<Source & { secret: string }> {
  const created = await client.post<Source & { secret: string }>('/api/v1/integrations/sources', {
    slug,
    name: `Source ${slug}`,
    kind: 'shop',
    ...extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  return created.body;
}

/**
 * Sends `body` (an object is written out as JSON) to a source's webhook URL on `host`, as a
 * partner does. Through node:http, since fetch does not send a Host header of its own.
 */
function deliver<T = Receipt>(
  slug: string,
  body: unknown,
  options: {
    secret?: string;
    signature?: string;
    atMs?: number;
    host?: string;
    contentType?: string;
  } = {},
): Promise<HttpResult<T>> {
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
  const url = new URL(`/integrations/${encodeURIComponent(slug)}/webhooks`, guild.url);
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
        resolve({ status: response.statusCode ?? 0, headers: responseHeaders, body: parsed as T });
      });
    });
    sent.on('error', reject);
    sent.end(text);
  });
}

async function webhookEvent(id: string): Promise<WebhookEvent> {
  const found = await admin.get<WebhookEvent>(`/api/v1/integrations/webhook-events/${id}`);
  expect(found.status).toBe(200);
  return found.body;
}

function eventSettled(id: string, status: WebhookEvent['status']) {
  return until(`webhook event ${id} to be ${status}`, async () => {
    const current = await webhookEvent(id);
    return current.status === status ? current : undefined;
  });
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const [row] = await guild.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${sql}`,
    params,
  );
  return row!.n;
}

describe('S24: forged webhooks are refused before anything is stored', () => {
  it('refuses missing, wrong, re-serialised, stale and foreign signatures', async () => {
    const alpha = await addSource(admin, 'forge-shop');
    const beta = await addSource(betaAdmin, 'forge-shop');
    expect(beta.secret).not.toBe(alpha.secret);

    const event = envelope('customer.upsert', {
      external_id: 'forged-1',
      email: 'forged@example.com',
      first_name: 'Mallory',
    });
    const body = JSON.stringify(event);
    const reordered = JSON.stringify({
      data: event.data,
      occurred_at: event.occurred_at,
      topic: event.topic,
      id: event.id,
    });
    const attempts: [string, Promise<HttpResult<ErrorBody>>, number, string][] = [
      ['no signature', deliver('forge-shop', body), 401, 'webhook_signature_invalid'],
      [
        'a wrong secret',
        deliver('forge-shop', body, { secret: 'whsec_guessed' }),
        401,
        'webhook_signature_invalid',
      ],
      [
        'a malformed header',
        deliver('forge-shop', body, { signature: 't=soon,v1=abc' }),
        401,
        'webhook_signature_invalid',
      ],
      [
        'whitespace changed after signing',
        deliver('forge-shop', JSON.stringify(event, null, 2), {
          signature: sign(alpha.secret, body),
        }),
        401,
        'webhook_signature_invalid',
      ],
      [
        'keys reordered after signing',
        deliver('forge-shop', reordered, { signature: sign(alpha.secret, body) }),
        401,
        'webhook_signature_invalid',
      ],
      [
        'a signature 10 minutes old',
        deliver('forge-shop', body, { secret: alpha.secret, atMs: Date.now() - 10 * 60_000 }),
        400,
        'webhook_timestamp_outside_window',
      ],
      [
        'a signature 10 minutes ahead',
        deliver('forge-shop', body, { secret: alpha.secret, atMs: Date.now() + 10 * 60_000 }),
        400,
        'webhook_timestamp_outside_window',
      ],
      [
        "another tenant's secret",
        deliver('forge-shop', body, { secret: beta.secret }),
        401,
        'webhook_signature_invalid',
      ],
    ];
    for (const [what, sent, status, code] of attempts) {
      const answer = await sent;
      expect(answer.status, what).toBe(status);
      expect(answer.body.error.code, what).toBe(code);
    }

    expect(await count('webhook_events', [])).toBe(0);
    expect(await count('customers WHERE external_id = $1', ['forged-1'])).toBe(0);

    // The same body, signed properly, is taken: the refusals above were about the signature.
    const genuine = await deliver('forge-shop', body, { secret: alpha.secret });
    expect(genuine.status).toBe(202);
    expect(await count('webhook_events WHERE tenant_id = $1', [alphaId])).toBe(1);
    expect(await count('webhook_events WHERE tenant_id = $1', [betaId])).toBe(0);
  });

  it('answers an unknown and a disabled source alike', async () => {
    const source = await addSource(admin, 'switched-off');
    const off = await admin.patch<Source>(`/api/v1/integrations/sources/${source.id}`, {
      enabled: false,
    });
    expect(off.body.enabled).toBe(false);
    const body = JSON.stringify(envelope('customer.upsert', { external_id: 'off-1' }));

    const disabled = await deliver<ErrorBody>('switched-off', body, { secret: source.secret });
    const unknown = await deliver<ErrorBody>('never-made', body, { secret: source.secret });
    const strange = await deliver<ErrorBody>('NOT A SLUG', body, { secret: source.secret });
    for (const answer of [disabled, unknown, strange]) {
      expect(answer.status).toBe(404);
      expect(answer.body.error).toMatchObject({
        code: 'not_found',
        message: 'No such integration source.',
      });
    }
    // The source lives in alpha only: beta's host does not find it.
    await admin.patch(`/api/v1/integrations/sources/${source.id}`, { enabled: true });
    const elsewhere = await deliver<ErrorBody>('switched-off', body, {
      secret: source.secret,
      host: 'beta.guild.test',
    });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('not_found');
    expect(await count('customers WHERE external_id = $1', ['off-1'])).toBe(0);
  });

  it('checks the payload before storing it, and keeps bodies to 1 MiB', async () => {
    const source = await addSource(admin, 'strict-shop');
    const before = await count('webhook_events WHERE source_id = $1', [source.id]);

    const badOrder = envelope('order.created', {
      external_id: 'bad-1',
      placed_at: '2026-12-01T10:00:00Z',
      currency: 'GBP',
      lines: [{ sku: 'MUG', quantity: 0, unit_price: 12.5 }],
    });
    const refused = await deliver<ErrorBody>('strict-shop', badOrder, { secret: source.secret });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
    const paths = (refused.body.error.details as { problems: { path: string }[] }).problems.map(
      (p) => p.path,
    );
    expect(paths).toEqual(
      expect.arrayContaining(['/data/lines/0/quantity', '/data/lines/0/unit_price']),
    );

    const cases: unknown[] = [
      'not json at all',
      JSON.stringify({ id: 'x', topic: 'customer.upsert', data: {} }),
      envelope('customer.upsert', { first_name: 'Nobody' }),
      envelope('customer.upsert', { external_id: 'c-1', email: 'not-an-email' }),
      envelope('order.created', {
        external_id: 'bad-2',
        placed_at: '2026-12-01T10:00:00Z',
        currency: 'GBP',
        totals: { total: '10.005' },
        lines: [{ sku: 'MUG', quantity: 1, unit_price: '10.005' }],
      }),
      envelope('loyalty.points', {
        event_id: 'p-1',
        loyalty_id: 'L-1',
        kind: 'earn',
        points: -5,
        occurred_at: '2026-12-01T10:00:00Z',
      }),
      envelope('mention.created', { platform: 'x', external_id: 'm', text: 'hi\u0000' }),
    ];
    for (const body of cases) {
      const answer = await deliver<ErrorBody>('strict-shop', body, { secret: source.secret });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    }

    const huge = JSON.stringify(
      envelope('mention.created', {
        platform: 'x',
        external_id: 'big',
        text: 'a'.repeat(1_100_000),
        posted_at: '2026-12-01T10:00:00Z',
      }),
    );
    const tooLarge = await deliver<ErrorBody>('strict-shop', huge, { secret: source.secret });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('payload_too_large');
    const plain = JSON.stringify(envelope('customer.upsert', { external_id: 'plain-1' }));
    const notJson = await deliver<ErrorBody>('strict-shop', plain, {
      secret: source.secret,
      contentType: 'text/plain',
    });
    expect(notJson.status).toBe(415);
    expect(notJson.body.error.code).toBe('unsupported_media_type');

    expect(await count('webhook_events WHERE source_id = $1', [source.id])).toBe(before);
    expect(await count('orders WHERE external_id LIKE $1', ['bad-%'])).toBe(0);

    // A topic Guild does not handle is acknowledged and kept, never processed.
    const other = await deliver('strict-shop', envelope('inventory.changed', { sku: 'MUG' }), {
      secret: source.secret,
    });
    expect(other.status).toBe(200);
    expect(other.body.status).toBe('ignored');
    expect((await webhookEvent(other.body.id)).status).toBe('ignored');
  });
});

describe('taking in events', () => {
  it('answers 202 within 5 s and processes the event afterwards', async () => {
    const source = await addSource(admin, 'crm-fast', { kind: 'crm' });
    const event = envelope('customer.upsert', {
      external_id: 'C-1',
      email: 'Ada.Lovelace@Example.com',
      first_name: 'Ada',
      last_name: 'Lovelace',
      region: 'UK',
      country: 'GB',
      consent: { email: true, sms: false },
      loyalty_id: 'L-ADA',
    });

    const started = performance.now();
    const answer = await deliver('crm-fast', event, { secret: source.secret });
    const elapsed = performance.now() - started;
    expect(answer.status).toBe(202);
    expect(answer.body.status).toBe('queued');
    expect(elapsed).toBeLessThan(5000);

    const done = await eventSettled(answer.body.id, 'processed');
    expect(done).toMatchObject({ eventId: event.id, topic: 'customer.upsert', attempts: 1 });
    expect(done.lastError).toBeNull();
    expect(Date.parse(done.processedAt!)).toBeGreaterThanOrEqual(Date.parse(done.receivedAt));
    const [customer] = await guild.db.query<Record<string, unknown>>(
      `SELECT email, email_key, first_name, last_name, region_code, country, consent_email,
              consent_sms, loyalty_id, source FROM customers WHERE tenant_id = $1 AND external_id = 'C-1'`,
      [alphaId],
    );
    expect(customer).toEqual({
      email: 'Ada.Lovelace@Example.com',
      email_key: 'ada.lovelace@example.com',
      first_name: 'Ada',
      last_name: 'Lovelace',
      region_code: 'UK',
      country: 'GB',
      consent_email: true,
      consent_sms: false,
      loyalty_id: 'L-ADA',
      source: 'webhook:crm-fast',
    });
  });

  it('joins a verified member to the customer a webhook brings, and no unverified one', async () => {
    const source = await addSource(admin, 'crm-match', { kind: 'crm' });
    const verified = await addMember(guild, alphaId, 'member', 'grace_h');
    const unverified = await addMember(guild, alphaId, 'member', 'edsger_d');
    await guild.db.query(
      `UPDATE users SET email_verified_at = now() WHERE tenant_id = $1 AND username = $2`,
      [alphaId, verified.username],
    );
    for (const [id, member] of [
      ['C-GRACE', verified],
      ['C-EDSGER', unverified],
    ] as const) {
      const event = envelope('customer.upsert', {
        external_id: id,
        email: member.email.toUpperCase(),
      });
      const answer = await deliver('crm-match', event, { secret: source.secret });
      await eventSettled(answer.body.id, 'processed');
    }
    const links = await guild.db.query<{ external_id: string; rule: string }>(
      `SELECT c.external_id, l.rule FROM member_customer_links l
         JOIN customers c ON c.id = l.customer_id
        WHERE l.tenant_id = $1 AND c.external_id IN ('C-GRACE', 'C-EDSGER')`,
      [alphaId],
    );
    expect(links).toEqual([{ external_id: 'C-GRACE', rule: 'verified_email' }]);
  });

  it('writes mentions and loyalty accounts', async () => {
    const social = await addSource(admin, 'listening', { kind: 'social' });
    const mention = await deliver(
      'listening',
      envelope('mention.created', {
        platform: 'Instagram',
        external_id: 'ig-1',
        author_handle: '@Ada',
        text: 'Love the new mugs',
        posted_at: '2026-12-01T10:00:00Z',
        reach: 1200,
        sentiment: 'positive',
        brand: 'Guild Home',
      }),
      { secret: social.secret },
    );
    expect(mention.status).toBe(202);
    await eventSettled(mention.body.id, 'processed');
    const [stored] = await guild.db.query<Record<string, unknown>>(
      `SELECT m.platform, m.body, m.reach, m.sentiment, p.handle_key FROM mentions m
         JOIN social_profiles p ON p.id = m.profile_id WHERE m.external_id = 'ig-1'`,
    );
    expect(stored).toEqual({
      platform: 'instagram',
      body: 'Love the new mugs',
      reach: 1200,
      sentiment: 'positive',
      handle_key: 'ada',
    });

    const program = await addSource(admin, 'points-in', { kind: 'loyalty' });
    const account = await deliver(
      'points-in',
      envelope('loyalty.account', { loyalty_id: 'L-ADA', tier: 'gold', points_balance: 40 }),
      { secret: program.secret },
    );
    await eventSettled(account.body.id, 'processed');
    const [row] = await guild.db.query<Record<string, unknown>>(
      `SELECT a.tier_code, a.points_balance::int AS balance, c.external_id AS customer
         FROM loyalty_accounts a LEFT JOIN customers c ON c.id = a.customer_id
        WHERE a.external_id = 'L-ADA'`,
    );
    expect(row).toEqual({ tier_code: 'gold', balance: 40, customer: 'C-1' });
  });
});

describe('S25: duplicate, retried and out-of-order events are processed once', () => {
  const order = (externalId: string, extra: Record<string, unknown> = {}) => ({
    external_id: externalId,
    customer_external_id: 'C-ORD',
    email: 'buyer@example.com',
    placed_at: '2026-12-01T10:00:00Z',
    currency: 'GBP',
    country: 'GB',
    financial_status: 'pending',
    totals: { subtotal: '40.50', shipping: '3.95', total: '44.45' },
    lines: [
      { line_id: 'l1', sku: 'MUG', description: 'Stoneware mug', quantity: 2, unit_price: '12.50' },
      { line_id: 'l2', sku: 'TEAPOT', quantity: 1, unit_price: '15.5', discount: '1.00' },
    ],
    ...extra,
  });

  it('stores and processes the same event id once', async () => {
    const source = await addSource(admin, 'shop-dup');
    const event = envelope('order.created', order('O-DUP'), 'evt-dup-1');

    const first = await deliver('shop-dup', event, { secret: source.secret });
    const second = await deliver('shop-dup', event, { secret: source.secret });
    expect(first.status).toBe(202);
    expect(first.body.status).toBe('queued');
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ status: 'duplicate', id: first.body.id });

    const done = await eventSettled(first.body.id, 'processed');
    expect(done.attempts).toBe(1);
    const third = await deliver('shop-dup', event, { secret: source.secret });
    expect(third.body).toEqual({ status: 'duplicate', id: first.body.id });
    expect(await webhookEvent(first.body.id)).toMatchObject({
      attempts: 1,
      processedAt: done.processedAt,
    });

    expect(await count('webhook_events WHERE event_id = $1', ['evt-dup-1'])).toBe(1);
    const [sale] = await guild.db.query<Record<string, unknown>>(
      `SELECT o.kind, o.financial_status, o.currency, o.total_minor::int AS total,
              o.shipping_minor::int AS shipping, c.external_id AS customer,
              (SELECT count(*)::int FROM order_lines l WHERE l.order_id = o.id) AS lines,
              (SELECT sum(l.unit_price_minor * l.quantity)::int FROM order_lines l
                WHERE l.order_id = o.id) AS gross
         FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.external_id = 'O-DUP'`,
    );
    expect(sale).toEqual({
      kind: 'sale',
      financial_status: 'pending',
      currency: 'GBP',
      total: 4445,
      shipping: 395,
      customer: 'C-ORD',
      lines: 2,
      gross: 4050,
    });

    // order.paid for the known order marks it paid and adds no line.
    const paid = await deliver(
      'shop-dup',
      envelope('order.paid', order('O-DUP', { financial_status: undefined })),
      {
        secret: source.secret,
      },
    );
    await eventSettled(paid.body.id, 'processed');
    const [after] = await guild.db.query<{ financial_status: string; lines: number }>(
      `SELECT o.financial_status,
              (SELECT count(*)::int FROM order_lines l WHERE l.order_id = o.id) AS lines
         FROM orders o WHERE o.external_id = 'O-DUP'`,
    );
    expect(after).toEqual({ financial_status: 'paid', lines: 2 });
  });

  it('takes a partner retry after a 500 once, and retries a failed try itself', async () => {
    const source = await addSource(admin, 'shop-flaky');
    // The first insert of this event fails, as if the database went away mid-request.
    await guild.db.exec(`
      CREATE SEQUENCE test_fail_receipt;
      CREATE FUNCTION test_fail_receipt() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
      BEGIN
        IF NEW.event_id = 'evt-after-500' AND nextval('test_fail_receipt') = 1 THEN
          RAISE EXCEPTION 'storage briefly unavailable';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_fail_receipt BEFORE INSERT ON webhook_events
        FOR EACH ROW EXECUTE FUNCTION test_fail_receipt();
      CREATE SEQUENCE test_fail_customer;
      CREATE FUNCTION test_fail_customer() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
      BEGIN
        IF NEW.first_name = 'Flaky' AND nextval('test_fail_customer') = 1 THEN
          RAISE EXCEPTION 'customers briefly unavailable';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_fail_customer BEFORE INSERT ON customers
        FOR EACH ROW EXECUTE FUNCTION test_fail_customer();`);

    const event = envelope(
      'customer.upsert',
      { external_id: 'C-FLAKY', first_name: 'Flaky', email: 'flaky@example.com' },
      'evt-after-500',
    );
    const failed = await deliver<ErrorBody>('shop-flaky', event, { secret: source.secret });
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe('internal_error');
    expect(JSON.stringify(failed.body)).not.toContain('storage briefly');
    expect(await count('webhook_events WHERE event_id = $1', ['evt-after-500'])).toBe(0);

    // The partner sends it again (a new signature, the same event id).
    const retried = await deliver('shop-flaky', event, { secret: source.secret });
    expect(retried.status).toBe(202);
    // Its processing fails once (the customers trigger), then succeeds on Guild's own retry.
    const done = await eventSettled(retried.body.id, 'processed');
    expect(done.attempts).toBe(2);
    expect(done.lastError).toBeNull();
    const again = await deliver('shop-flaky', event, { secret: source.secret });
    expect(again.body).toEqual({ status: 'duplicate', id: retried.body.id });

    expect(await count('webhook_events WHERE event_id = $1', ['evt-after-500'])).toBe(1);
    expect(await count('customers WHERE external_id = $1', ['C-FLAKY'])).toBe(1);
    expect((await webhookEvent(retried.body.id)).attempts).toBe(2);
  });

  it('gives up after the last try and keeps the reason, without the data', async () => {
    const source = await addSource(admin, 'shop-doomed');
    await guild.db.exec(`
      CREATE FUNCTION test_refuse_customer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.first_name = 'Doomed' THEN
          RAISE EXCEPTION 'customers refused by the test';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse_customer BEFORE INSERT ON customers
        FOR EACH ROW EXECUTE FUNCTION test_refuse_customer();`);
    const sent = await deliver(
      'shop-doomed',
      envelope('customer.upsert', {
        external_id: 'C-DOOMED',
        first_name: 'Doomed',
        email: 'doomed-secret-address@example.com',
      }),
      { secret: source.secret },
    );
    expect(sent.status).toBe(202);
    const failed = await eventSettled(sent.body.id, 'failed');
    expect(failed.attempts).toBe(MAX_ATTEMPTS);
    expect(failed.lastError).toBe('customers refused by the test');
    expect(await count('customers WHERE external_id = $1', ['C-DOOMED'])).toBe(0);
    await guild.db.exec('DROP TRIGGER test_refuse_customer ON customers');
  }, 60_000);

  it('parks a refund until its order arrives and reverses the points earned once', async () => {
    const shop = await addSource(admin, 'shop-refunds');
    const program = await addSource(admin, 'loyalty-refunds', { kind: 'loyalty' });
    const send = (
      source: { slug: string; secret: string },
      topic: string,
      data: Record<string, unknown>,
    ) => deliver(source.slug, envelope(topic, data), { secret: source.secret });
    const balance = async () => {
      const [row] = await guild.db.query<{ balance: number }>(
        `SELECT points_balance::int AS balance FROM loyalty_accounts WHERE external_id = 'L-R'`,
      );
      return row?.balance;
    };

    const account = await send(program, 'loyalty.account', {
      loyalty_id: 'L-R',
      customer_external_id: 'C-ORD',
      points_balance: 0,
    });
    await eventSettled(account.body.id, 'processed');
    const earn = {
      event_id: 'earn-O-R',
      loyalty_id: 'L-R',
      kind: 'earn',
      points: 150,
      order_external_id: 'O-R',
      occurred_at: '2026-12-01T10:05:00Z',
    };
    // The program sends the same earn twice, under two event ids: credited once.
    const earned = await Promise.all([
      send(program, 'loyalty.points', earn),
      send(program, 'loyalty.points', earn),
    ]);
    for (const sent of earned) {
      await eventSettled(sent.body.id, 'processed');
    }
    expect(await balance()).toBe(150);

    // The refund comes first: its order is not known yet.
    const refund = {
      refund_id: 'R-1',
      order_external_id: 'O-R',
      refunded_at: '2026-12-03T09:00:00Z',
    };
    const refunded = await send(shop, 'order.refunded', refund);
    expect(refunded.status).toBe(202);
    const parked = await eventSettled(refunded.body.id, 'parked');
    expect(parked.waitingFor).toBe('order:O-R');
    expect(await count('orders WHERE external_id = $1', ['refund:R-1'])).toBe(0);
    expect(await balance()).toBe(150);
    const parkedList = await admin.get<Page<WebhookEvent>>(
      '/api/v1/integrations/webhook-events?status=parked&source=shop-refunds',
    );
    expect(parkedList.body.items.map((e) => e.id)).toEqual([refunded.body.id]);

    // The order arrives: the parked refund is processed without anyone asking.
    const created = await send(shop, 'order.created', order('O-R'));
    await eventSettled(created.body.id, 'processed');
    const applied = await eventSettled(refunded.body.id, 'processed');
    expect(applied.waitingFor).toBeNull();

    const [returned] = await guild.db.query<Record<string, unknown>>(
      `SELECT r.kind, r.reverses_order_id = s.id AS linked, r.customer_id = s.customer_id AS same_customer,
              (SELECT array_agg(l.sku || ':' || l.quantity ORDER BY l.sku) FROM order_lines l
                WHERE l.order_id = r.id) AS lines,
              (SELECT bool_and(l.reverses_order_id = s.id) FROM order_lines l
                WHERE l.order_id = r.id) AS lines_linked
         FROM orders r JOIN orders s ON s.external_id = 'O-R'
        WHERE r.external_id = 'refund:R-1'`,
    );
    expect(returned).toEqual({
      kind: 'return',
      linked: true,
      same_customer: true,
      lines: ['MUG:-2', 'TEAPOT:-1'],
      lines_linked: true,
    });
    expect(await balance()).toBe(0);

    // The shop sends the same refund again under a new event id, and a second, partial refund:
    // the points are not taken back a second time.
    // An earn the program reports late, for the refunded order, is reversed as it arrives.
    const later = await Promise.all([
      send(shop, 'order.refunded', refund),
      send(shop, 'order.refunded', {
        refund_id: 'R-2',
        order_external_id: 'O-R',
        refunded_at: '2026-12-04T09:00:00Z',
        lines: [{ sku: 'MUG', quantity: 1 }],
        amount: '12.50',
      }),
      send(program, 'loyalty.points', { ...earn, event_id: 'earn-O-R-bonus', points: 20 }),
    ]);
    for (const sent of later) {
      expect(sent.status).toBe(202);
      await eventSettled(sent.body.id, 'processed');
    }

    expect(await balance()).toBe(0);
    const reversals = await guild.db.query<{ external_id: string; points: number }>(
      `SELECT external_id, points::int AS points FROM loyalty_events
        WHERE kind = 'reverse' ORDER BY external_id`,
    );
    expect(reversals).toEqual([
      { external_id: 'reverse:earn-O-R', points: -150 },
      { external_id: 'reverse:earn-O-R-bonus', points: -20 },
    ]);
    expect(await count('orders WHERE external_id = $1', ['refund:R-1'])).toBe(1);
    const [second] = await guild.db.query<Record<string, unknown>>(
      `SELECT r.refunded_minor::int AS refunded,
              (SELECT array_agg(l.sku || ':' || l.quantity) FROM order_lines l
                WHERE l.order_id = r.id) AS lines
         FROM orders r WHERE r.external_id = 'refund:R-2'`,
    );
    expect(second).toEqual({ refunded: 1250, lines: ['MUG:-1'] });
  }, 60_000);

  it('fails at once what can never be applied, and an admin can replay it', async () => {
    const shop = await addSource(admin, 'shop-impossible');
    const created = await deliver('shop-impossible', envelope('order.created', order('O-X')), {
      secret: shop.secret,
    });
    await eventSettled(created.body.id, 'processed');
    const impossible = await deliver(
      'shop-impossible',
      envelope('order.refunded', {
        refund_id: 'R-X',
        order_external_id: 'O-X',
        refunded_at: '2026-12-03T09:00:00Z',
        lines: [{ sku: 'NOT-SOLD', quantity: 1 }],
      }),
      { secret: shop.secret },
    );
    const failed = await eventSettled(impossible.body.id, 'failed');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toBe('The refund names a SKU the order does not have.');

    const listed = await admin.get<Page<WebhookEvent>>(
      '/api/v1/integrations/webhook-events?status=failed',
    );
    expect(listed.body.items.map((e) => e.id)).toContain(impossible.body.id);
    expect(listed.body.items.every((e) => e.payload === undefined)).toBe(true);
    const detail = await webhookEvent(impossible.body.id);
    expect(detail.payload).toMatchObject({ topic: 'order.refunded', data: { refund_id: 'R-X' } });

    const replayed = await admin.post<WebhookEvent>(
      `/api/v1/integrations/webhook-events/${impossible.body.id}/replay`,
    );
    expect(replayed.status).toBe(202);
    expect(replayed.body).toMatchObject({ status: 'queued', attempts: 0, lastError: null });
    const failedAgain = await eventSettled(impossible.body.id, 'failed');
    expect(failedAgain.attempts).toBe(1);
    const audit = await guild.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'webhook_events.replay' AND target_id = $1`,
      [impossible.body.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ previousStatus: 'failed', previousAttempts: 1 });

    const processed = await admin.post<ErrorBody>(
      `/api/v1/integrations/webhook-events/${created.body.id}/replay`,
    );
    expect(processed.status).toBe(409);
    expect(processed.body.error.code).toBe('webhook_event_not_replayable');
  });

  it('processes a stored event whose job was lost (the sweeper)', async () => {
    const source = await addSource(admin, 'shop-lost', { kind: 'social' });
    // Stored and committed, never queued: as when the process stops right after the commit.
    const payload = envelope('mention.created', {
      platform: 'x',
      external_id: 'lost-1',
      text: 'Where is my parcel?',
      posted_at: '2026-12-01T10:00:00Z',
      sentiment: 'negative',
    });
    const [row] = await guild.db.query<{ id: string }>(
      `INSERT INTO webhook_events (tenant_id, source_id, event_id, topic, payload, received_at)
       VALUES ($1, $2, $3, 'mention.created', $4, now() - interval '1 minute') RETURNING id`,
      [alphaId, source.id, payload.id, JSON.stringify(payload)],
    );
    const done = await eventSettled(row!.id, 'processed');
    expect(done.attempts).toBe(1);
    expect(await count('mentions WHERE external_id = $1', ['lost-1'])).toBe(1);
  });
});

describe('secret rotation', () => {
  it('accepts the previous secret until it expires, then refuses it', async () => {
    const source = await addSource(admin, 'crm-rotating', { kind: 'crm' });
    const rotated = await admin.post<Source & { secret: string }>(
      `/api/v1/integrations/sources/${source.id}/rotate-secret`,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(source.secret);
    const expires = Date.parse(rotated.body.previousSecretExpiresAt!);
    expect(expires - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(24 * 3600_000);

    const customer = (id: string) => envelope('customer.upsert', { external_id: id });
    const withOld = await deliver('crm-rotating', customer('rot-1'), { secret: source.secret });
    expect(withOld.status).toBe(202);
    const withNew = await deliver('crm-rotating', customer('rot-2'), {
      secret: rotated.body.secret,
    });
    expect(withNew.status).toBe(202);

    await guild.db.query(
      `UPDATE integration_sources SET previous_secret_expires_at = now() - interval '1 second'
        WHERE id = $1`,
      [source.id],
    );
    const late = await deliver<ErrorBody>('crm-rotating', customer('rot-3'), {
      secret: source.secret,
    });
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('webhook_signature_invalid');
    const current = await deliver('crm-rotating', customer('rot-4'), {
      secret: rotated.body.secret,
    });
    expect(current.status).toBe(202);
    const shown = await admin.get<Source>(`/api/v1/integrations/sources/${source.id}`);
    expect(shown.body.previousSecretExpiresAt).toBeNull();
    expect(await count('webhook_events WHERE source_id = $1', [source.id])).toBe(3);
  });
});

describe('the admin API of sources and events', () => {
  it('shows a secret once, never lists it or the API key, and audits changes', async () => {
    const source = await addSource(admin, 'loyalty-admin', {
      kind: 'loyalty',
      apiUrl: 'http://127.0.0.1:9/loyalty',
      apiKey: 'sk-loyalty-very-private',
    });
    expect(source).toMatchObject({
      hasApiKey: true,
      enabled: true,
      webhookPath: '/integrations/loyalty-admin/webhooks',
      previousSecretExpiresAt: null,
    });
    expect(JSON.stringify(source)).not.toContain('sk-loyalty-very-private');

    const taken = await admin.post<ErrorBody>('/api/v1/integrations/sources', {
      slug: 'loyalty-admin',
      name: 'Again',
      kind: 'loyalty',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('slug_taken');
    const refusedUrl = await admin.post<ErrorBody>('/api/v1/integrations/sources', {
      slug: 'metadata',
      name: 'Metadata',
      kind: 'loyalty',
      apiUrl: 'http://169.254.169.254/latest',
    });
    expect(refusedUrl.status).toBe(422);

    const sent = await deliver(
      'loyalty-admin',
      envelope('loyalty.account', {
        loyalty_id: 'L-ADMIN',
        points_balance: 5,
      }),
      { secret: source.secret },
    );
    expect(sent.status).toBe(202);

    const responses = [
      await admin.get('/api/v1/integrations/sources'),
      await admin.get(`/api/v1/integrations/sources/${source.id}`),
      await admin.patch(`/api/v1/integrations/sources/${source.id}`, { name: 'Points program' }),
      await admin.get('/api/v1/integrations/webhook-events'),
      await admin.get(`/api/v1/integrations/webhook-events/${sent.body.id}`),
    ];
    for (const response of responses) {
      expect(response.status).toBe(200);
      const text = JSON.stringify(response.body);
      expect(text).not.toContain(source.secret);
      expect(text).not.toContain('sk-loyalty-very-private');
      expect(text).not.toContain('"secret"');
      expect(text).not.toContain('"apiKey"');
    }
    const listed = responses[0]!.body as Page<Source>;
    expect(listed.items.find((s) => s.id === source.id)).toMatchObject({ hasApiKey: true });
    expect(responses[2]!.body).toMatchObject({ name: 'Points program', hasApiKey: true });

    const cleared = await admin.patch<Source>(`/api/v1/integrations/sources/${source.id}`, {
      apiKey: null,
    });
    expect(cleared.body.hasApiKey).toBe(false);

    const audit = await guild.db.query<{ action: string; details: unknown }>(
      `SELECT action, details FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [source.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'integration_sources.create',
      'integration_sources.update',
      'integration_sources.update',
    ]);
    const auditText = JSON.stringify(audit);
    expect(auditText).not.toContain(source.secret);
    expect(auditText).not.toContain('sk-loyalty-very-private');

    // Pages of events, one at a time, filtered by source.
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: HttpResult<Page<WebhookEvent>> = await admin.get<Page<WebhookEvent>>(
        `/api/v1/integrations/webhook-events?limit=1&source=crm-rotating${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e) => e.id));
      expect(page.body.items.every((e) => e.source === 'crm-rotating')).toBe(true);
      cursor = page.body.nextCursor;
    }
    expect(new Set(seen).size).toBe(3);

    const removed = await admin.delete(`/api/v1/integrations/sources/${source.id}`);
    expect(removed.status).toBe(204);
    const gone = await deliver<ErrorBody>(
      'loyalty-admin',
      envelope('loyalty.account', {
        loyalty_id: 'L-ADMIN',
        points_balance: 6,
      }),
      { secret: source.secret },
    );
    expect(gone.status).toBe(404);
    expect(await count('webhook_events WHERE source_id = $1', [source.id])).toBe(0);
  });

  it('is for admins only', async () => {
    const manager = new TestClient(guild.url);
    await manager.signIn(await addMember(guild, alphaId, 'manager'));
    const id = randomUUID();
    const routes = [
      ['GET', '/api/v1/integrations/sources'],
      ['POST', '/api/v1/integrations/sources'],
      ['GET', `/api/v1/integrations/sources/${id}`],
      ['PATCH', `/api/v1/integrations/sources/${id}`],
      ['DELETE', `/api/v1/integrations/sources/${id}`],
      ['POST', `/api/v1/integrations/sources/${id}/rotate-secret`],
      ['GET', '/api/v1/integrations/webhook-events'],
      ['GET', `/api/v1/integrations/webhook-events/${id}`],
      ['POST', `/api/v1/integrations/webhook-events/${id}/replay`],
    ] as const;
    for (const [method, path] of routes) {
      const body =
        method === 'POST' || method === 'PATCH'
          ? { slug: 'nope', name: 'Nope', kind: 'shop' }
          : undefined;
      const answer = await manager.request<ErrorBody>(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
      const anonymous = await new TestClient(guild.url).request(method, path, body);
      expect(anonymous.status, `${method} ${path}`).toBe(401);
    }
    expect(await count('integration_sources WHERE slug = $1', ['nope'])).toBe(0);
  });
});
