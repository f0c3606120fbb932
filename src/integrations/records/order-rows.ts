/**
 * One shape for an order line whatever file or webhook it came from, with the retail semantics
 * decided once:
 *
 * - an invoice numbered `C…` is a return; one numbered `A…` is a bookkeeping adjustment;
 * - another invoice whose first line takes stock out at no price (negative quantity, price 0)
 *   is a stock adjustment, not a sale;
 * - any other negative quantity on a priced line is a return of that line;
 * - a line without a customer is a guest sale: in revenue, never a customer of its own;
 * - non-product codes keep the kind the preset gave them (postage, fee, voucher, …).
 */
import { emailCustomerKey } from './record-ids.js';
import {
  currencyDigits,
  type LineKind,
  type OrderLine,
  type ShopifyOrderLine,
} from '../import/presets.js';
import { formatExact, type ExactDecimal } from '../import/values.js';
import { fingerprint } from '../import/fingerprint.js';

export type OrderKind = 'sale' | 'return' | 'adjustment';

/** Order-level amounts, when the source states them. */
export interface OrderTotals {
  subtotalMinor: bigint | null;
  shippingMinor: bigint | null;
  taxesMinor: bigint | null;
  discountMinor: bigint | null;
  totalMinor: bigint | null;
  refundedMinor: bigint | null;
}

/** One order line with its order's fields, ready for the order writer. */
export interface OrderRow {
  sourceLine: number;
  orderExternalId: string;
  orderKind: OrderKind;
  placedAt: Date;
  cancelledAt: Date | null;
  financialStatus: string | null;
  currency: string;
  country: string | null;
  /** The customer's external id; null for a guest sale. */
  customerExternalId: string | null;
  /** The customer's e-mail when the source gives one (Shopify). */
  customerEmail: { address: string; key: string } | null;
  /** The order this one reverses, when the source names it. */
  reversesExternalId: string | null;
  totals: OrderTotals | null;
  sku: string;
  description: string | null;
  lineKind: LineKind;
  quantity: number;
  /** Exact unit price as text, e.g. "0.001". */
  unitPrice: string;
  unitPriceMinor: bigint;
  discountMinor: bigint | null;
  /** Everything that makes the line what it is: equal content means an exact duplicate. */
  contentKey: string;
}

/** The kind of order an invoice is, from its number and one of its lines. */
export function orderKindOf(
  invoiceNo: string,
  quantity: number,
  unitPrice: ExactDecimal | bigint,
): OrderKind {
  const first = invoiceNo.charAt(0).toUpperCase();
  if (first === 'C') {
    return 'return';
  }
  if (first === 'A') {
    return 'adjustment';
  }
  const priced = typeof unitPrice === 'bigint' ? unitPrice !== 0n : unitPrice.units !== 0n;
  if (quantity < 0) {
    return priced ? 'return' : 'adjustment';
  }
  return 'sale';
}

/** An online-retail (UCI) line as an OrderRow. */
export function fromOnlineRetail(line: OrderLine): OrderRow {
  const unitPrice = formatExact(line.unitPrice);
  return {
    sourceLine: line.line,
    orderExternalId: line.invoiceNo,
    orderKind: orderKindOf(line.invoiceNo, line.quantity, line.unitPrice),
    placedAt: line.invoiceDate,
    cancelledAt: null,
    financialStatus: null,
    currency: line.currency,
    country: line.country,
    customerExternalId: line.customerId,
    customerEmail: null,
    reversesExternalId: line.cancelsInvoice,
    totals: null,
    sku: line.stockCode,
    description: line.description,
    lineKind: line.lineKind,
    quantity: line.quantity,
    unitPrice,
    unitPriceMinor: line.unitPriceMinor,
    discountMinor: null,
    contentKey: [
      line.invoiceNo,
      line.stockCode,
      line.description ?? '',
      line.quantity,
      unitPrice,
      line.invoiceDate.getTime(),
      line.customerId ?? '',
      line.country ?? '',
      line.cancelsInvoice ?? '',
    ].join('\u001f'),
  };
}

/** A Shopify export row as an OrderRow, or the reason it cannot be one. */
export function fromShopify(
  line: ShopifyOrderLine,
  defaultCurrency: string,
): { ok: true; row: OrderRow } | { ok: false; column: string; reason: string } {
  if (line.orderedAt === null) {
    return {
      ok: false,
      column: 'Created at',
      reason: 'the order has neither a creation nor a payment date',
    };
  }
  const currency = line.currency ?? defaultCurrency;
  const unitPrice = line.unitPriceMinor.toString();
  const externalId = line.orderId ?? line.orderName;
  return {
    ok: true,
    row: {
      sourceLine: line.line,
      orderExternalId: externalId,
      orderKind: line.quantity < 0 ? 'return' : 'sale',
      placedAt: line.orderedAt,
      cancelledAt: line.cancelledAt,
      financialStatus: line.financialStatus,
      currency,
      country: line.country,
      customerExternalId: line.email ? emailCustomerKey(line.email.key) : null,
      customerEmail: line.email,
      reversesExternalId: null,
      totals: line.totals,
      sku: line.sku ?? line.description ?? '(no SKU)',
      description: line.description,
      lineKind: line.lineKind,
      quantity: line.quantity,
      // Shopify prices are in minor units already; the exact price is that over 10^digits.
      unitPrice: formatExact({ units: line.unitPriceMinor, scale: currencyDigits(currency) }),
      unitPriceMinor: line.unitPriceMinor,
      discountMinor: line.lineDiscountMinor,
      contentKey: [
        externalId,
        line.sku ?? '',
        line.description ?? '',
        line.quantity,
        unitPrice,
        line.lineDiscountMinor ?? '',
      ].join('\u001f'),
    },
  };
}

/**
 * Gives each line of an order a stable key: a hash of its content and of how many identical
 * lines of the same order came before it. Exact duplicates get different keys (both are kept)
 * and are reported with the key of the first. Orders are remembered while recent (the last
 * `recentOrders`), which covers files that keep an order's lines together.
 */
export class LineKeys {
  private readonly orders = new Map<
    string,
    Map<number, { count: number; first: bigint; firstLine: number }>
  >();

  constructor(private readonly recentOrders = 5000) {}

  /** The key of `row` and, for a duplicate, the key and source line of the line it repeats. */
  next(row: OrderRow): { key: bigint; duplicateOf: bigint | null; duplicateOfLine: number | null } {
    let seen = this.orders.get(row.orderExternalId);
    if (seen === undefined) {
      seen = new Map();
      this.orders.set(row.orderExternalId, seen);
      if (this.orders.size > this.recentOrders) {
        const oldest = this.orders.keys().next().value as string;
        this.orders.delete(oldest);
      }
    }
    const hash = fingerprint(row.contentKey);
    const earlier = seen.get(hash);
    if (earlier === undefined) {
      const key = BigInt(hash) << 8n;
      seen.set(hash, { count: 1, first: key, firstLine: row.sourceLine });
      return { key, duplicateOf: null, duplicateOfLine: null };
    }
    earlier.count += 1;
    const key = (BigInt(fingerprint(`${row.contentKey}\u001f#${earlier.count}`)) << 8n) | 1n;
    return { key, duplicateOf: earlier.first, duplicateOfLine: earlier.firstLine };
  }
}
