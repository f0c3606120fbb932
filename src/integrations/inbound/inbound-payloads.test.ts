import { describe, expect, it } from 'vitest';
import { GuildError } from '../../core/errors/errors.js';
import { isInboundTopic, readEnvelope, readEventData } from './inbound-payloads.js';

const order = {
  external_id: '0001001',
  email: ' Buyer@Example.com ',
  placed_at: '2026-12-01T10:00:00+01:00',
  currency: 'JPY',
  totals: { total: '1200' },
  lines: [{ line_id: 'a', sku: 'MUG', quantity: 2, unit_price: '0600.50' }],
};

function problems(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(GuildError);
    const details = (error as GuildError).details as { problems: { path: string }[] };
    return details.problems.map((problem) => problem.path);
  }
  throw new Error('expected a validation failure');
}

describe('reading inbound payloads', () => {
  it('reads an order exactly: ids as sent, amounts in minor units of the currency', () => {
    const event = readEventData('order.paid', order);
    if (event.topic !== 'order.paid') {
      throw new Error('wrong topic');
    }
    expect(event.order).toMatchObject({
      externalId: '0001001',
      email: { address: 'Buyer@Example.com', key: 'buyer@example.com' },
      placedAt: new Date('2026-12-01T09:00:00Z'),
      totals: { totalMinor: 1200n, refundedMinor: null },
    });
    // Yen has no minor unit: the price below it is kept exactly and rounded half to even.
    expect(event.order.lines[0]).toMatchObject({
      lineId: 'a',
      kind: 'product',
      unitPrice: '600.5',
      unitPriceMinor: 600n,
    });
  });

  it('names every problem with its path', () => {
    expect(
      problems(() =>
        readEventData('order.created', {
          ...order,
          currency: 'GBP',
          totals: { total: '1.005' },
          lines: [{ sku: 'MUG', quantity: 1, unit_price: '1' }],
        }),
      ),
    ).toEqual(['/data/totals/total']);
    expect(
      problems(() =>
        readEventData('order.created', {
          ...order,
          lines: [order.lines[0], { ...order.lines[0], sku: 'TEAPOT' }],
        }),
      ),
    ).toEqual(['/data/lines/1/line_id']);
    expect(problems(() => readEventData('customer.upsert', { first_name: 'Ann' }))).toEqual([
      '/data',
    ]);
    expect(
      problems(() =>
        readEventData('loyalty.points', {
          event_id: 'e',
          loyalty_id: 'l',
          kind: 'adjust',
          points: 0,
          occurred_at: '2026-12-01T10:00:00Z',
        }),
      ),
    ).toEqual(['/data/points']);
    expect(problems(() => readEnvelope(Buffer.from('{"id":"x","topic":"t","data":{}}')))).toEqual([
      '/occurred_at',
    ]);
    expect(problems(() => readEnvelope(Buffer.from('[1,2')))).toEqual(['/']);
  });

  it('gives redeemed and expired points their direction', () => {
    const base = { event_id: 'e', loyalty_id: 'l', occurred_at: '2026-12-01T10:00:00Z' };
    const redeem = readEventData('loyalty.points', { ...base, kind: 'redeem', points: 30 });
    const adjust = readEventData('loyalty.points', { ...base, kind: 'adjust', points: -4 });
    expect(redeem.topic === 'loyalty.points' && redeem.points.points).toBe(-30);
    expect(adjust.topic === 'loyalty.points' && adjust.points.points).toBe(-4);
    expect(isInboundTopic('order.refunded')).toBe(true);
    expect(isInboundTopic('inventory.changed')).toBe(false);
  });
});
