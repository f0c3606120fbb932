/**
 * Orders become purchase activity. A paid order of a customer record joined to a member earns
 * by the purchase rule once, under `order:<external id>`, however often the order is confirmed
 * and however many deliveries or settlements it comes in. A refund takes back its share of the
 * points (keyed by the refund id); a refund of everything reverses the purchase.
 *
 * The quantity scored is the order's net amount in minor units: its total without shipping and
 * taxes, or, when the partner sent no total, the sum of its product lines less their discounts.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { recordActivity, refundActivity } from '../activity.js';

/** The cause key of an order's purchase. */
export function purchaseCause(orderExternalId: string): string {
  return `order:${orderExternalId}`;
}

interface OrderFacts {
  id: string;
  external_id: string;
  placed_at: string | Date;
  currency: string;
  net: string | number | null;
  user_id: string | null;
  store_id: string | null;
}

async function orderFacts(tx: Orm, externalId: string): Promise<OrderFacts | null> {
  const [row] = await sqlRows<OrderFacts>(
    tx,
    sql`select o.id, o.external_id, o.placed_at, o.currency, o.store_id,
        coalesce(o.total_minor - coalesce(o.shipping_minor, 0) - coalesce(o.taxes_minor, 0),
          (select sum(l.quantity * l.unit_price_minor - coalesce(l.discount_minor, 0))
             from order_lines l
            where l.order_id = o.id and l.line_kind = 'product' and l.duplicate_of is null))
          as net,
        (select k.user_id from member_customer_links k join users u on u.id = k.user_id
          where k.customer_id = o.customer_id and k.unlinked_at is null
            and u.status = 'active'
          order by k.linked_at limit 1) as user_id
      from orders o where o.external_id = ${externalId} and o.kind = 'sale'`,
  );
  return row ?? null;
}

/** What the returns recorded against an order took back, per return (in minor units). */
async function returnsOf(tx: Orm, orderExternalId: string) {
  return sqlRows<{ external_id: string; amount: string | number | null }>(
    tx,
    sql`select r.external_id,
        coalesce(r.refunded_minor,
          (select -sum(l.quantity * l.unit_price_minor) from order_lines l
            where l.order_id = r.id and l.duplicate_of is null)) as amount
      from orders r where r.kind = 'return' and r.reverses_external_id = ${orderExternalId}
      order by r.placed_at, r.external_id`,
  );
}

/**
 * The order was paid: the member joined to its customer earns the purchase, once. Returns
 * already recorded against the order are applied at once (a refund may arrive first).
 */
export async function orderPaid(tx: Orm, tenantId: string, orderExternalId: string) {
  const order = await orderFacts(tx, orderExternalId);
  if (!order?.user_id || order.net === null || Number(order.net) <= 0) {
    return;
  }
  const causeKey = purchaseCause(orderExternalId);
  await recordActivity(tx, tenantId, {
    kind: 'purchase',
    userId: order.user_id,
    actorId: null,
    causeKey,
    occurredAt: new Date(order.placed_at),
    quantity: Number(order.net),
    currency: order.currency,
    properties: { orderId: orderExternalId, storeId: order.store_id },
  });
  for (const made of await returnsOf(tx, orderExternalId)) {
    await refundActivity(
      tx,
      tenantId,
      causeKey,
      made.external_id,
      made.amount === null ? null : Math.abs(Number(made.amount)),
      `Returned: ${made.external_id}`,
    );
  }
}

/**
 * A refund of the order: takes back its share of the purchase's points, once per refund.
 * `amountMinor` null means the refund's amount is not known: every line it named is summed.
 */
export async function orderRefunded(
  tx: Orm,
  tenantId: string,
  orderExternalId: string,
  returnExternalId: string,
): Promise<void> {
  const made = (await returnsOf(tx, orderExternalId)).find(
    (row) => row.external_id === returnExternalId,
  );
  if (!made) {
    return;
  }
  await refundActivity(
    tx,
    tenantId,
    purchaseCause(orderExternalId),
    returnExternalId,
    made.amount === null ? null : Math.abs(Number(made.amount)),
    `Returned: ${returnExternalId}`,
  );
}
