/**
 * SECURITY.md S24 — forged webhooks: a partner webhook (shop, CRM, loyalty) with a missing, wrong
 * or re-serialised-body HMAC, or a signature whose timestamp is 10 minutes old, is refused
 * 401/400 before anything is parsed into Guild or stored; the HMAC is taken over the raw body
 * and compared in constant time. Moved here from test/api/webhooks-in.test.ts.
 */
import * as crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkSignature } from '../../src/integrations/inbound/webhook-verification.js';
import { envelope, sign, WebhookRig, type ErrorBody, type Source } from '../support/webhook-rig.js';

// timingSafeEqual, watched: calls go through to the real one.
vi.mock('node:crypto', async (original) => {
  const real = await original<typeof crypto>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});

const w = new WebhookRig();
const { addSource, deliver, webhookEvent, count } = w;
beforeAll(() => w.start());
afterAll(() => w.stop());

describe('S24 — forged webhooks', () => {
  describe('S24: forged signatures are refused before anything is stored', () => {
    let alpha: Source & { secret: string };
    let beta: Source & { secret: string };
    const event = envelope('customer.upsert', {
      external_id: 'forged-1',
      email: 'forged@example.com',
      first_name: 'Mallory',
    });
    const body = JSON.stringify(event);

    beforeAll(async () => {
      alpha = await addSource(w.admin, 'forge-shop');
      beta = await addSource(w.betaAdmin, 'forge-shop');
      expect(beta.secret).not.toBe(alpha.secret);
    });

    /** Nothing of the forged event was stored or applied. */
    async function nothingStored() {
      expect(await count('webhook_events', [])).toBe(0);
      expect(await count('customers WHERE external_id = $1', ['forged-1'])).toBe(0);
    }

    async function refused(
      sent: Promise<{ status: number; body: ErrorBody }>,
      status: number,
      code: string,
    ) {
      const answer = await sent;
      expect(answer.status).toBe(status);
      expect(answer.body.error.code).toBe(code);
      await nothingStored();
    }

    it('S24: a missing signature → 401 webhook_signature_invalid', () =>
      refused(deliver<ErrorBody>('forge-shop', body), 401, 'webhook_signature_invalid'));

    it('S24: a signature with a wrong secret → 401', () =>
      refused(
        deliver<ErrorBody>('forge-shop', body, { secret: 'whsec_guessed' }),
        401,
        'webhook_signature_invalid',
      ));

    it("S24: another tenant's secret → 401", () =>
      refused(
        deliver<ErrorBody>('forge-shop', body, { secret: beta.secret }),
        401,
        'webhook_signature_invalid',
      ));

    it('S24: a malformed signature header → 401', () =>
      refused(
        deliver<ErrorBody>('forge-shop', body, { signature: 't=soon,v1=abc' }),
        401,
        'webhook_signature_invalid',
      ));

    it('S24: a body re-serialised after signing (whitespace, key order) → 401', async () => {
      const reordered = JSON.stringify({
        data: event.data,
        occurred_at: event.occurred_at,
        topic: event.topic,
        id: event.id,
      });
      for (const changed of [JSON.stringify(event, null, 2), reordered]) {
        await refused(
          deliver<ErrorBody>('forge-shop', changed, { signature: sign(alpha.secret, body) }),
          401,
          'webhook_signature_invalid',
        );
      }
    });

    it('S24: a correct signature with a timestamp 10 minutes old (or ahead) → 400', async () => {
      for (const shift of [-10 * 60_000, 10 * 60_000]) {
        await refused(
          deliver<ErrorBody>('forge-shop', body, {
            secret: alpha.secret,
            atMs: Date.now() + shift,
          }),
          400,
          'webhook_timestamp_outside_window',
        );
      }
    });

    it('S24: the signature is checked before the body is parsed: unparsable bodies unsigned or missigned are 401, not 400', async () => {
      for (const broken of ['not json at all', '{"id":', '']) {
        await refused(deliver<ErrorBody>('forge-shop', broken), 401, 'webhook_signature_invalid');
        await refused(
          deliver<ErrorBody>('forge-shop', broken, { secret: 'whsec_guessed' }),
          401,
          'webhook_signature_invalid',
        );
      }
    });

    it('S24: the raw body is what is signed: the same body signed properly is taken, in the right tenant only', async () => {
      const genuine = await deliver('forge-shop', body, { secret: alpha.secret });
      expect(genuine.status).toBe(202);
      expect(await count('webhook_events WHERE tenant_id = $1', [w.alphaId])).toBe(1);
      expect(await count('webhook_events WHERE tenant_id = $1', [w.betaId])).toBe(0);
      // A body with unusual spacing, signed as sent, is taken as sent (not re-serialised).
      const spaced = `{ "id" : "${crypto.randomUUID()}",\n "topic": "customer.upsert", "occurred_at": "${new Date().toISOString()}",  "data": { "external_id": "spaced-1" } }`;
      const taken = await deliver('forge-shop', spaced, { secret: alpha.secret });
      expect(taken.status).toBe(202);
      expect((await webhookEvent(taken.body.id)).topic).toBe('customer.upsert');
    });

    it('S24: signatures are compared in constant time (timingSafeEqual over every candidate)', () => {
      const spy = vi.mocked(crypto.timingSafeEqual);
      spy.mockClear();
      const raw = Buffer.from(body);
      const t = Math.floor(Date.now() / 1000);
      const wrong = `t=${t},v1=${'0'.repeat(64)},v1=${'f'.repeat(64)}`;
      expect(checkSignature(raw, wrong, [alpha.secret, 'whsec_other'])).toBe('invalid');
      // 2 secrets × 2 candidate values: every pair compared, each with 32-byte buffers.
      expect(spy).toHaveBeenCalledTimes(4);
      for (const [given, expected] of spy.mock.calls) {
        expect((given as Buffer).length).toBe(32);
        expect((expected as Buffer).length).toBe(32);
      }
      spy.mockClear();
      expect(checkSignature(raw, sign(alpha.secret, body), [alpha.secret])).toBe('valid');
      expect(spy).toHaveBeenCalledTimes(1);
    });
  });

  it('S24: an unknown and a disabled source are answered alike, and store nothing', async () => {
    const source = await addSource(w.admin, 'switched-off');
    const off = await w.admin.patch<Source>(`/api/v1/integrations/sources/${source.id}`, {
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
    await w.admin.patch(`/api/v1/integrations/sources/${source.id}`, { enabled: true });
    const elsewhere = await deliver<ErrorBody>('switched-off', body, {
      secret: source.secret,
      host: 'beta.guild.test',
    });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('not_found');
    expect(await count('customers WHERE external_id = $1', ['off-1'])).toBe(0);
  });

  it('S24: a signed but invalid payload is refused before storing it; bodies are kept to 1 MiB', async () => {
    const source = await addSource(w.admin, 'strict-shop');
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
