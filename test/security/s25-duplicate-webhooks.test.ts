/**
 * SECURITY.md S25 — duplicate and out-of-order webhooks: the same delivery id twice, a partner's
 * retry after Guild answered 500, a refund arriving before its order → each processed once;
 * points earned on a refunded order reversed exactly once; the endpoint acknowledges at once and
 * leaves the work to a job (retried with one-second delays here). Moved here from
 * test/api/webhooks-in.test.ts.
 */
import { afterAll, beforeAll, expect, describe, it } from 'vitest';
import {
  envelope,
  MAX_ATTEMPTS,
  WebhookRig,
  type ErrorBody,
  type Page,
  type WebhookEvent,
} from '../support/webhook-rig.js';

const w = new WebhookRig();
const { addSource, deliver, webhookEvent, eventSettled, count } = w;
beforeAll(() => w.start());
afterAll(() => w.stop());

describe('S25 — duplicate and out-of-order webhooks', () => {
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

  it('S25: the same delivery id sent twice (and a third time) is stored and processed once', async () => {
    const source = await addSource(w.admin, 'shop-dup');
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
    const [sale] = await w.guild.db.query<Record<string, unknown>>(
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
    const [after] = await w.guild.db.query<{ financial_status: string; lines: number }>(
      `SELECT o.financial_status,
              (SELECT count(*)::int FROM order_lines l WHERE l.order_id = o.id) AS lines
         FROM orders o WHERE o.external_id = 'O-DUP'`,
    );
    expect(after).toEqual({ financial_status: 'paid', lines: 2 });
  });

  it('S25: a partner retry after our 500 is taken once; a failed try is retried by Guild itself', async () => {
    const source = await addSource(w.admin, 'shop-flaky');
    // The first insert of this event fails, as if the database went away mid-request.
    await w.guild.db.exec(`
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

  it('S25: the ACK does not wait for processing: 202 queued even for an event whose processing fails to the last try', async () => {
    const source = await addSource(w.admin, 'shop-doomed');
    await w.guild.db.exec(`
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
    expect(sent.body.status).toBe('queued');
    const failed = await eventSettled(sent.body.id, 'failed');
    expect(failed.attempts).toBe(MAX_ATTEMPTS);
    expect(failed.lastError).toBe('customers refused by the test');
    expect(await count('customers WHERE external_id = $1', ['C-DOOMED'])).toBe(0);
    await w.guild.db.exec('DROP TRIGGER test_refuse_customer ON customers');
  }, 60_000);

  it('S25: a refund before its order is parked, applied once the order arrives, and the points earned are reversed exactly once', async () => {
    const shop = await addSource(w.admin, 'shop-refunds');
    const program = await addSource(w.admin, 'loyalty-refunds', { kind: 'loyalty' });
    const send = (
      source: { slug: string; secret: string },
      topic: string,
      data: Record<string, unknown>,
    ) => deliver(source.slug, envelope(topic, data), { secret: source.secret });
    const balance = async () => {
      const [row] = await w.guild.db.query<{ balance: number }>(
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
    const parkedList = await w.admin.get<Page<WebhookEvent>>(
      '/api/v1/integrations/webhook-events?status=parked&source=shop-refunds',
    );
    expect(parkedList.body.items.map((e) => e.id)).toEqual([refunded.body.id]);

    // The order arrives: the parked refund is processed without anyone asking.
    const created = await send(shop, 'order.created', order('O-R'));
    await eventSettled(created.body.id, 'processed');
    const applied = await eventSettled(refunded.body.id, 'processed');
    expect(applied.waitingFor).toBeNull();

    const [returned] = await w.guild.db.query<Record<string, unknown>>(
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
    const reversals = await w.guild.db.query<{ external_id: string; points: number }>(
      `SELECT external_id, points::int AS points FROM loyalty_events
        WHERE kind = 'reverse' ORDER BY external_id`,
    );
    expect(reversals).toEqual([
      { external_id: 'reverse:earn-O-R', points: -150 },
      { external_id: 'reverse:earn-O-R-bonus', points: -20 },
    ]);
    expect(await count('orders WHERE external_id = $1', ['refund:R-1'])).toBe(1);
    const [second] = await w.guild.db.query<Record<string, unknown>>(
      `SELECT r.refunded_minor::int AS refunded,
              (SELECT array_agg(l.sku || ':' || l.quantity) FROM order_lines l
                WHERE l.order_id = r.id) AS lines
         FROM orders r WHERE r.external_id = 'refund:R-2'`,
    );
    expect(second).toEqual({ refunded: 1250, lines: ['MUG:-1'] });
  }, 60_000);

  it('S25: an event that can never be applied fails at once, and an admin replay processes it once more only', async () => {
    const shop = await addSource(w.admin, 'shop-impossible');
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

    const listed = await w.admin.get<Page<WebhookEvent>>(
      '/api/v1/integrations/webhook-events?status=failed',
    );
    expect(listed.body.items.map((e) => e.id)).toContain(impossible.body.id);
    expect(listed.body.items.every((e) => e.payload === undefined)).toBe(true);
    const detail = await webhookEvent(impossible.body.id);
    expect(detail.payload).toMatchObject({ topic: 'order.refunded', data: { refund_id: 'R-X' } });

    const replayed = await w.admin.post<WebhookEvent>(
      `/api/v1/integrations/webhook-events/${impossible.body.id}/replay`,
    );
    expect(replayed.status).toBe(202);
    expect(replayed.body).toMatchObject({ status: 'queued', attempts: 0, lastError: null });
    const failedAgain = await eventSettled(impossible.body.id, 'failed');
    expect(failedAgain.attempts).toBe(1);
    const audit = await w.guild.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'webhook_events.replay' AND target_id = $1`,
      [impossible.body.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ previousStatus: 'failed', previousAttempts: 1 });

    const processed = await w.admin.post<ErrorBody>(
      `/api/v1/integrations/webhook-events/${created.body.id}/replay`,
    );
    expect(processed.status).toBe(409);
    expect(processed.body.error.code).toBe('webhook_event_not_replayable');
  });

  it('S25: a stored event whose job was lost is processed once by the sweeper', async () => {
    const source = await addSource(w.admin, 'shop-lost', { kind: 'social' });
    // Stored and committed, never queued: as when the process stops right after the commit.
    const payload = envelope('mention.created', {
      platform: 'x',
      external_id: 'lost-1',
      text: 'Where is my parcel?',
      posted_at: '2026-12-01T10:00:00Z',
      sentiment: 'negative',
    });
    const [row] = await w.guild.db.query<{ id: string }>(
      `INSERT INTO webhook_events (tenant_id, source_id, event_id, topic, payload, received_at)
       VALUES ($1, $2, $3, 'mention.created', $4, now() - interval '1 minute') RETURNING id`,
      [w.alphaId, source.id, payload.id, JSON.stringify(payload)],
    );
    const done = await eventSettled(row!.id, 'processed');
    expect(done.attempts).toBe(1);
    expect(await count('mentions WHERE external_id = $1', ['lost-1'])).toBe(1);
  });
  it('S25: the endpoint ACKs with 202 queued and the work is done afterwards by a job', async () => {
    const source = await addSource(w.admin, 'crm-fast', { kind: 'crm' });
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

    // The answer is the receipt of a queued event; the processing is a job's (attempts, time).
    // How fast the ACK comes is not measured here: the suite makes no timed assertions.
    const answer = await deliver('crm-fast', event, { secret: source.secret });
    expect(answer.status).toBe(202);
    expect(answer.body.status).toBe('queued');

    const done = await eventSettled(answer.body.id, 'processed');
    expect(done).toMatchObject({ eventId: event.id, topic: 'customer.upsert', attempts: 1 });
    expect(done.lastError).toBeNull();
    expect(Date.parse(done.processedAt!)).toBeGreaterThanOrEqual(Date.parse(done.receivedAt));
    const [customer] = await w.guild.db.query<Record<string, unknown>>(
      `SELECT email, email_key, first_name, last_name, region_code, country, consent_email,
              consent_sms, loyalty_id, source FROM customers WHERE tenant_id = $1 AND external_id = 'C-1'`,
      [w.alphaId],
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

  it('S25: "order refunded" arriving before "order paid" waits, then applies once', async () => {
    const shop = await addSource(w.admin, 'shop-early-refund');
    const refund = {
      refund_id: 'R-P',
      order_external_id: 'O-P',
      refunded_at: '2026-12-03T09:00:00Z',
    };
    const early = await deliver('shop-early-refund', envelope('order.refunded', refund), {
      secret: shop.secret,
    });
    expect(early.status).toBe(202);
    const parked = await eventSettled(early.body.id, 'parked');
    expect(parked.waitingFor).toBe('order:O-P');
    expect(await count('orders WHERE external_id = $1', ['refund:R-P'])).toBe(0);

    const paid = await deliver(
      'shop-early-refund',
      envelope('order.paid', order('O-P', { financial_status: undefined })),
      { secret: shop.secret },
    );
    expect(paid.status).toBe(202);
    await eventSettled(paid.body.id, 'processed');
    await eventSettled(early.body.id, 'processed');
    expect(await count('orders WHERE external_id = $1', ['O-P'])).toBe(1);
    expect(await count('orders WHERE external_id = $1', ['refund:R-P'])).toBe(1);

    // The same refund and the same payment again, under new delivery ids: nothing changes.
    const again = await Promise.all([
      deliver('shop-early-refund', envelope('order.refunded', refund), { secret: shop.secret }),
      deliver(
        'shop-early-refund',
        envelope('order.paid', order('O-P', { financial_status: undefined })),
        { secret: shop.secret },
      ),
    ]);
    for (const sent of again) {
      await eventSettled(sent.body.id, 'processed');
    }
    expect(await count('orders WHERE external_id = $1', ['O-P'])).toBe(1);
    expect(await count('orders WHERE external_id = $1', ['refund:R-P'])).toBe(1);
    const [lines] = await w.guild.db.query<{ sale: number; refunded: number }>(
      `SELECT (SELECT count(*)::int FROM order_lines l JOIN orders o ON o.id = l.order_id
                WHERE o.external_id = 'O-P') AS sale,
              (SELECT count(*)::int FROM order_lines l JOIN orders o ON o.id = l.order_id
                WHERE o.external_id = 'refund:R-P') AS refunded`,
    );
    expect(lines).toEqual({ sale: 2, refunded: 2 });
  });
});
