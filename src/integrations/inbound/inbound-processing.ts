/**
 * What one inbound event does to Guild's records, inside the caller's tenant transaction. The
 * writers of ../records do the writing, keyed by external id, so an event applied twice (a
 * partner that sends it again under a new id, a replay) changes nothing the second time.
 *
 * Events about one order may arrive in any order. A refund whose order Guild does not know yet
 * is parked, waiting for `order:<external id>`; the order's own event, once written, names that
 * key so the parked events are queued again. Work on one order (its sale, its refunds, the
 * points earned on it) takes a transaction-scoped lock on the order's key, so a refund and its
 * order processed at the same moment cannot both miss each other.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Orm } from '../../core/db/database.js';
import { fingerprint } from '../import/fingerprint.js';
import type { Customer } from '../import/presets.js';
import { customers, loyaltyEvents, orderLines, orders } from '../integrations.table.js';
import { matchMembersToCustomers } from '../identity/identity.service.js';
import { orderPaid, orderRefunded } from '../../gamification/rules/purchase-activity.js';
import { loyaltyEventArrived } from '../../gamification/loyalty-sync.js';
import { customerKeyOf, writeCustomers } from '../records/customers.writer.js';
import { writeMentions } from '../records/mentions.writer.js';
import { LineKeys, type OrderRow } from '../records/order-rows.js';
import { linkReturns, writeOrderRows, type KeyedOrderRow } from '../records/orders.writer.js';
import { emailCustomerKey, recordId } from '../records/record-ids.js';
import {
  refundAmountMinor,
  type InboundEvent,
  type LoyaltyAccountSnapshot,
  type LoyaltyPoints,
  type WebhookOrder,
  type WebhookRefund,
} from './inbound-payloads.js';

/** A failure that trying again will not cure (the event names something impossible). */
export class PermanentFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

export type Applied =
  /** `arrived`: the keys that parked events may be waiting for, now satisfied. */
  { status: 'processed'; arrived: string[] } | { status: 'parked'; waitingFor: string };

/** The key a refund waits for while its order is unknown. */
export function orderKey(externalId: string): string {
  return `order:${externalId}`;
}

/** Applies one checked event; `source` is written on the records it creates. */
export async function applyEvent(
  tx: Orm,
  tenantId: string,
  event: InboundEvent,
  source: string,
): Promise<Applied> {
  switch (event.topic) {
    case 'customer.upsert':
      await applyCustomer(tx, tenantId, event.customer, source);
      return { status: 'processed', arrived: [] };
    case 'order.created':
    case 'order.paid':
      return applyOrder(tx, tenantId, event.order, event.topic === 'order.paid', source);
    case 'order.refunded':
      return applyRefund(tx, tenantId, event.refund, source);
    case 'loyalty.account':
      await applyLoyaltyAccount(tx, tenantId, event.account);
      return { status: 'processed', arrived: [] };
    case 'loyalty.points':
      await applyLoyaltyPoints(tx, tenantId, event.points);
      return { status: 'processed', arrived: [] };
    case 'mention.created':
      await writeMentions(tx, tenantId, [event.mention], source);
      return { status: 'processed', arrived: [] };
  }
}

/** Serialises work on one order until the transaction ends. */
async function lockOrder(tx: Orm, tenantId: string, externalId: string): Promise<void> {
  const key = `${tenantId}\u001forder\u001f${externalId}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

// Customers

async function applyCustomer(
  tx: Orm,
  tenantId: string,
  customer: Customer,
  source: string,
): Promise<void> {
  const written = await writeCustomers(tx, tenantId, [customer], source);
  // The record written: the customer's own, or the one of the same e-mail it merged into.
  const key = written.merged[0]?.into ?? customerKeyOf(customer);
  if (customer.loyaltyId !== null) {
    // A loyalty account that arrived before its customer is joined to it now.
    await tx.execute(sql`update loyalty_accounts set updated_at = now(),
        customer_id = (select c.id from customers c where c.loyalty_id = ${customer.loyaltyId}
          order by c.updated_at desc limit 1)
      where external_id = ${customer.loyaltyId} and customer_id is null`);
  }
  // A verified member with this address (or loyalty id) is joined to the record at once;
  // partners hear of it from the outbox within the sweeper's round.
  await matchMembersToCustomers(tx, tenantId, {
    customerIds: [recordId(tenantId, 'customer', key)],
  });
}

// Orders

/** A line key from the partner's own line id, apart from content-derived keys (low bits 0, 1). */
function partnerLineKey(orderExternalId: string, lineId: string): bigint {
  return (BigInt(fingerprint(`${orderExternalId}\u001fline\u001f${lineId}`)) << 8n) | 2n;
}

function saleRows(order: WebhookOrder): KeyedOrderRow[] {
  const keys = new LineKeys();
  const customerExternalId =
    order.customerExternalId ?? (order.email === null ? null : emailCustomerKey(order.email.key));
  return order.lines.map((line, index) => {
    const row: OrderRow = {
      sourceLine: index + 1,
      orderExternalId: order.externalId,
      orderKind: 'sale',
      placedAt: order.placedAt,
      cancelledAt: null,
      financialStatus: order.financialStatus,
      currency: order.currency,
      country: order.country,
      customerExternalId,
      customerEmail: order.email,
      reversesExternalId: null,
      totals: order.totals,
      sku: line.sku,
      description: line.description,
      lineKind: line.kind,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      unitPriceMinor: line.unitPriceMinor,
      discountMinor: line.discountMinor,
      contentKey: [
        order.externalId,
        line.sku,
        line.description ?? '',
        line.quantity,
        line.unitPrice,
        line.discountMinor ?? '',
      ].join('\u001f'),
    };
    if (line.lineId !== null) {
      return { ...row, lineKey: partnerLineKey(order.externalId, line.lineId), duplicateOf: null };
    }
    const { key, duplicateOf } = keys.next(row);
    return { ...row, lineKey: key, duplicateOf };
  });
}

async function applyOrder(
  tx: Orm,
  tenantId: string,
  order: WebhookOrder,
  paid: boolean,
  source: string,
): Promise<Applied> {
  await lockOrder(tx, tenantId, order.externalId);
  await writeOrderRows(tx, tenantId, saleRows(order), source);
  if (paid) {
    // The order may be known from its creation: only its payment status changes.
    const status = order.financialStatus ?? 'paid';
    await tx
      .update(orders)
      .set({ financialStatus: status })
      .where(
        and(
          eq(orders.externalId, order.externalId),
          sql`${orders.financialStatus} is distinct from ${status}`,
        ),
      );
  }
  await linkReturns(tx);
  if (paid || order.financialStatus === 'paid') {
    // The member joined to the customer earns the purchase once per order.
    await orderPaid(tx, tenantId, order.externalId);
  }
  return { status: 'processed', arrived: [orderKey(order.externalId)] };
}

// Refunds

interface SaleLine {
  sku: string;
  description: string | null;
  lineKind: OrderRow['lineKind'];
  quantity: number;
  unitPrice: string;
  unitPriceMinor: bigint;
}

/** The lines a refund takes back: what it names, or every line of the sale. */
function refundedLines(refund: WebhookRefund, sold: SaleLine[]): SaleLine[] {
  if (refund.lines === null) {
    return sold;
  }
  const wanted = new Map<string, number>();
  for (const line of refund.lines) {
    wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);
  }
  return [...wanted].map(([sku, quantity]) => {
    const matching = sold.filter((line) => line.sku === sku);
    const soldQuantity = matching.reduce((sum, line) => sum + line.quantity, 0);
    if (matching.length === 0 || quantity > soldQuantity) {
      throw new PermanentFailure(
        matching.length === 0
          ? 'The refund names a SKU the order does not have.'
          : 'The refund takes back more of a SKU than the order sold.',
      );
    }
    return { ...matching[0]!, quantity };
  });
}

async function applyRefund(
  tx: Orm,
  tenantId: string,
  refund: WebhookRefund,
  source: string,
): Promise<Applied> {
  await lockOrder(tx, tenantId, refund.orderExternalId);
  const [sale] = await tx
    .select({
      id: orders.id,
      kind: orders.kind,
      currency: orders.currency,
      country: orders.country,
      customerExternalId: customers.externalId,
    })
    .from(orders)
    .leftJoin(customers, eq(customers.id, orders.customerId))
    .where(eq(orders.externalId, refund.orderExternalId));
  if (!sale) {
    return { status: 'parked', waitingFor: orderKey(refund.orderExternalId) };
  }
  if (sale.kind !== 'sale') {
    throw new PermanentFailure('The refunded order is not a sale.');
  }
  const sold = await tx
    .select({
      sku: orderLines.sku,
      description: orderLines.description,
      lineKind: orderLines.lineKind,
      quantity: orderLines.quantity,
      unitPrice: orderLines.unitPrice,
      unitPriceMinor: orderLines.unitPriceMinor,
    })
    .from(orderLines)
    .where(and(eq(orderLines.orderId, sale.id), gt(orderLines.quantity, 0)))
    .orderBy(orderLines.sourceLine, orderLines.lineKey);
  if (sold.length === 0) {
    throw new PermanentFailure('The refunded order has no lines to take back.');
  }

  const returnId = `refund:${refund.refundId}`;
  const amountMinor =
    refund.amount === null ? null : refundAmountMinor(refund.amount, sale.currency);
  const keys = new LineKeys();
  const rows = refundedLines(refund, sold).map((line, index): KeyedOrderRow => {
    const row: OrderRow = {
      sourceLine: index + 1,
      orderExternalId: returnId,
      orderKind: 'return',
      placedAt: refund.refundedAt,
      cancelledAt: null,
      financialStatus: 'refunded',
      currency: sale.currency,
      country: sale.country,
      customerExternalId: sale.customerExternalId,
      customerEmail: null,
      reversesExternalId: refund.orderExternalId,
      totals:
        amountMinor === null
          ? null
          : {
              subtotalMinor: null,
              shippingMinor: null,
              taxesMinor: null,
              discountMinor: null,
              totalMinor: null,
              refundedMinor: amountMinor,
            },
      sku: line.sku,
      description: line.description,
      lineKind: line.lineKind,
      quantity: -line.quantity,
      unitPrice: line.unitPrice,
      unitPriceMinor: line.unitPriceMinor,
      discountMinor: null,
      contentKey: [returnId, line.sku, -line.quantity, line.unitPrice].join('\u001f'),
    };
    const { key, duplicateOf } = keys.next(row);
    return { ...row, lineKey: key, duplicateOf };
  });
  await writeOrderRows(tx, tenantId, rows, source);
  await linkReturns(tx);
  await reverseOrderPoints(tx, refund.orderExternalId, returnId, refund.refundedAt);
  await orderRefunded(tx, tenantId, refund.orderExternalId, returnId);
  return { status: 'processed', arrived: [] };
}

// Loyalty

/**
 * Takes back the points earned on an order: one 'reverse' event per earn event, keyed
 * `reverse:<earn event id>`, so however often a refund of the order is applied (or the earn
 * is seen again) each earn is reversed once. A balance moves only by the reversals inserted.
 */
async function reverseOrderPoints(
  tx: Orm,
  orderExternalId: string,
  reference: string,
  at: Date,
): Promise<void> {
  await tx.execute(sql`with reversed as (
      insert into loyalty_events (tenant_id, account_id, external_id, kind, points,
          order_external_id, reason, occurred_at)
        select tenant_id, account_id, 'reverse:' || external_id, 'reverse', -points,
          order_external_id, ${`returned: ${reference}`}, ${at.toISOString()}::timestamptz
          from loyalty_events
         where kind = 'earn' and order_external_id = ${orderExternalId}
      on conflict (tenant_id, external_id) do nothing
      returning account_id, points)
    update loyalty_accounts a set points_balance = a.points_balance + r.points, updated_at = now()
      from (select account_id, sum(points)::bigint as points from reversed group by account_id) r
     where a.id = r.account_id`);
}

/** The id of the account `loyaltyId`, made (balance 0) when the program had not sent it yet. */
async function accountFor(tx: Orm, tenantId: string, loyaltyId: string): Promise<string> {
  const id = recordId(tenantId, 'loyalty-account', loyaltyId);
  await tx.execute(sql`insert into loyalty_accounts (id, tenant_id, external_id, customer_id)
    values (${id}, ${tenantId}, ${loyaltyId},
      (select c.id from customers c where c.loyalty_id = ${loyaltyId}
        order by c.updated_at desc limit 1))
    on conflict (tenant_id, external_id) do nothing`);
  return id;
}

async function applyLoyaltyAccount(
  tx: Orm,
  tenantId: string,
  account: LoyaltyAccountSnapshot,
): Promise<void> {
  const id = recordId(tenantId, 'loyalty-account', account.loyaltyId);
  await tx.execute(sql`insert into loyalty_accounts as a (id, tenant_id, external_id, customer_id,
      tier_code, points_balance)
    values (${id}, ${tenantId}, ${account.loyaltyId},
      coalesce(
        (select c.id from customers c where c.external_id = ${account.customerExternalId}),
        (select c.id from customers c where c.loyalty_id = ${account.loyaltyId}
          order by c.updated_at desc limit 1)),
      ${account.tier}, ${account.pointsBalance})
    on conflict (tenant_id, external_id) do update set
      customer_id = coalesce(excluded.customer_id, a.customer_id),
      tier_code = coalesce(excluded.tier_code, a.tier_code),
      points_balance = excluded.points_balance,
      updated_at = now()`);
}

async function applyLoyaltyPoints(tx: Orm, tenantId: string, points: LoyaltyPoints) {
  if (points.orderExternalId !== null) {
    await lockOrder(tx, tenantId, points.orderExternalId);
  }
  const accountId = await accountFor(tx, tenantId, points.loyaltyId);
  const inserted = await tx
    .insert(loyaltyEvents)
    .values({
      tenantId,
      accountId,
      externalId: points.eventId,
      kind: points.kind,
      points: points.points,
      orderExternalId: points.orderExternalId,
      reason: points.reason,
      occurredAt: points.occurredAt,
    })
    .onConflictDoNothing()
    .returning({ id: loyaltyEvents.id });
  if (inserted.length === 0) {
    return;
  }
  await tx.execute(sql`update loyalty_accounts
    set points_balance = points_balance + ${points.points}, updated_at = now()
    where id = ${accountId}`);
  // The member joined to this account may earn community points for it (the tenant's rules).
  await loyaltyEventArrived(tx, tenantId, points);

  if (points.kind === 'earn' && points.orderExternalId !== null) {
    // Points earned on an order that was refunded already are taken back at once.
    const [refunded] = await tx
      .select({ externalId: orders.externalId, placedAt: orders.placedAt })
      .from(orders)
      .where(and(eq(orders.kind, 'return'), eq(orders.reversesExternalId, points.orderExternalId)))
      .orderBy(orders.placedAt)
      .limit(1);
    if (refunded) {
      await reverseOrderPoints(tx, points.orderExternalId, refunded.externalId, refunded.placedAt);
    }
  }
}
