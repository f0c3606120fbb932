/**
 * Writes order lines, with the customers, products and orders they name, inside the caller's
 * tenant transaction. Everything is keyed by external id and written with "insert, or leave what
 * is there", so writing the same rows twice changes nothing and tells how many were new.
 *
 * Returns are linked to the sale they reverse afterwards, in `linkReturns`, once every order of
 * an import is in: the order a return names, or else the customer's latest earlier sale that
 * holds the same product.
 */
import { sql } from 'drizzle-orm';
import type { Orm } from '../../core/db/database.js';
import { column, write } from './bulk-sql.js';
import type { OrderRow } from './order-rows.js';
import { recordId } from './record-ids.js';

/** An OrderRow with its line's key within the order. */
export interface KeyedOrderRow extends OrderRow {
  lineKey: bigint;
  duplicateOf: bigint | null;
}

/** What one write did. */
export interface OrderWriteResult {
  linesInserted: number;
  linesExisting: number;
  ordersInserted: number;
  customersInserted: number;
  productsInserted: number;
}

/**
 * Remembers which customers, products and orders this writer has already written, so a long
 * import sends each once. Bounded: past `limit` keys it forgets and relies on the database.
 */
export class SeenKeys {
  private readonly kinds = {
    customer: new Set<string>(),
    product: new Set<string>(),
    order: new Set<string>(),
  };

  constructor(private readonly limit = 200_000) {}

  /** True the first time `key` of `kind` is offered. */
  fresh(kind: 'customer' | 'product' | 'order', key: string): boolean {
    const keys = this.kinds[kind];
    if (keys.has(key)) {
      return false;
    }
    if (keys.size >= this.limit) {
      keys.clear();
    }
    keys.add(key);
    return true;
  }
}

/** Writes one batch of order rows; `source` names where they came from ('import', a webhook). */
export async function writeOrderRows(
  tx: Orm,
  tenantId: string,
  rows: readonly KeyedOrderRow[],
  source: string,
  seen: SeenKeys = new SeenKeys(),
): Promise<OrderWriteResult> {
  const customersInserted = await writeCustomers(tx, tenantId, rows, source, seen);
  const productsInserted = await writeProducts(tx, tenantId, rows, seen);
  const ordersInserted = await writeOrders(tx, tenantId, rows, source, seen);
  const linesInserted = await writeLines(tx, tenantId, rows);

  return {
    linesInserted,
    linesExisting: rows.length - linesInserted,
    ordersInserted,
    customersInserted,
    productsInserted,
  };
}

async function writeCustomers(
  tx: Orm,
  tenantId: string,
  rows: readonly KeyedOrderRow[],
  source: string,
  seen: SeenKeys,
): Promise<number> {
  const fresh = new Map<string, KeyedOrderRow>();
  for (const row of rows) {
    const key = row.customerExternalId;
    if (key !== null && !fresh.has(key) && seen.fresh('customer', key)) {
      fresh.set(key, row);
    }
  }
  if (fresh.size === 0) {
    return 0;
  }
  const list = [...fresh.entries()];
  return write(
    tx,
    sql`insert into customers (id, tenant_id, external_id, email, email_key, country, source)
      select id, ${tenantId}, external_id, email, email_key, country, ${source}
        from unnest(${column(
          list.map(([key]) => recordId(tenantId, 'customer', key)),
          'uuid',
        )}, ${column(
          list.map(([key]) => key),
          'text',
        )}, ${column(
          list.map(([, row]) => row.customerEmail?.address ?? null),
          'text',
        )}, ${column(
          list.map(([, row]) => row.customerEmail?.key ?? null),
          'text',
        )}, ${column(
          list.map(([, row]) => row.country),
          'text',
        )}) as t(id, external_id, email, email_key, country)
      on conflict (tenant_id, external_id) do nothing`,
  );
}

async function writeProducts(
  tx: Orm,
  tenantId: string,
  rows: readonly KeyedOrderRow[],
  seen: SeenKeys,
): Promise<number> {
  const fresh = new Map<string, KeyedOrderRow>();
  for (const row of rows) {
    const known = fresh.get(row.sku);
    if (known === undefined ? seen.fresh('product', row.sku) : known.description === null) {
      fresh.set(row.sku, row);
    }
  }
  if (fresh.size === 0) {
    return 0;
  }
  const list = [...fresh.values()];
  // A product first seen without a description takes the first one that comes later.
  return write(
    tx,
    sql`insert into products (tenant_id, sku, description, kind)
      select ${tenantId}, sku, description, kind
        from unnest(${column(
          list.map((row) => row.sku),
          'text',
        )}, ${column(
          list.map((row) => row.description),
          'text',
        )}, ${column(
          list.map((row) => row.lineKind),
          'text',
        )}) as t(sku, description, kind)
      on conflict (tenant_id, sku) do update set description = excluded.description
        where products.description is null and excluded.description is not null`,
  );
}

async function writeOrders(
  tx: Orm,
  tenantId: string,
  rows: readonly KeyedOrderRow[],
  source: string,
  seen: SeenKeys,
): Promise<number> {
  const fresh = new Map<string, KeyedOrderRow>();
  for (const row of rows) {
    const key = row.orderExternalId;
    if (!fresh.has(key) && seen.fresh('order', key)) {
      fresh.set(key, row);
    }
  }
  if (fresh.size === 0) {
    return 0;
  }
  const list = [...fresh.values()];
  const totals = (pick: (row: KeyedOrderRow) => bigint | null | undefined) =>
    column(
      list.map((row) => pick(row) ?? null),
      'bigint',
    );
  return write(
    tx,
    sql`insert into orders (id, tenant_id, external_id, customer_id, kind, financial_status,
        reverses_external_id, placed_at, cancelled_at, currency, country, subtotal_minor,
        shipping_minor, taxes_minor, discount_minor, total_minor, refunded_minor, source)
      select id, ${tenantId}, external_id, customer_id, kind, financial_status,
        reverses_external_id, placed_at, cancelled_at, currency, country, subtotal_minor,
        shipping_minor, taxes_minor, discount_minor, total_minor, refunded_minor, ${source}
        from unnest(${column(
          list.map((row) => recordId(tenantId, 'order', row.orderExternalId)),
          'uuid',
        )}, ${column(
          list.map((row) => row.orderExternalId),
          'text',
        )}, ${column(
          list.map((row) =>
            row.customerExternalId === null
              ? null
              : recordId(tenantId, 'customer', row.customerExternalId),
          ),
          'uuid',
        )}, ${column(
          list.map((row) => row.orderKind),
          'text',
        )}, ${column(
          list.map((row) => row.financialStatus),
          'text',
        )}, ${column(
          list.map((row) => row.reversesExternalId),
          'text',
        )}, ${column(
          list.map((row) => row.placedAt.toISOString()),
          'timestamptz',
        )}, ${column(
          list.map((row) => row.cancelledAt?.toISOString() ?? null),
          'timestamptz',
        )}, ${column(
          list.map((row) => row.currency),
          'text',
        )}, ${column(
          list.map((row) => row.country),
          'text',
        )}, ${totals((row) => row.totals?.subtotalMinor)}, ${totals(
          (row) => row.totals?.shippingMinor,
        )}, ${totals((row) => row.totals?.taxesMinor)}, ${totals(
          (row) => row.totals?.discountMinor,
        )}, ${totals((row) => row.totals?.totalMinor)}, ${totals(
          (row) => row.totals?.refundedMinor,
        )})
        as t(id, external_id, customer_id, kind, financial_status, reverses_external_id,
          placed_at, cancelled_at, currency, country, subtotal_minor, shipping_minor,
          taxes_minor, discount_minor, total_minor, refunded_minor)
      on conflict (tenant_id, external_id) do nothing`,
  );
}

async function writeLines(
  tx: Orm,
  tenantId: string,
  rows: readonly KeyedOrderRow[],
): Promise<number> {
  if (rows.length === 0) {
    return 0;
  }
  // Lines of one order sit together: derive each order's id once.
  const orderIds = new Map<string, string>();
  const orderIdOf = (externalId: string) => {
    let id = orderIds.get(externalId);
    if (id === undefined) {
      id = recordId(tenantId, 'order', externalId);
      orderIds.set(externalId, id);
    }
    return id;
  };
  return write(
    tx,
    sql`insert into order_lines (tenant_id, order_id, line_key, source_line, sku, description,
        line_kind, quantity, unit_price, unit_price_minor, discount_minor, duplicate_of)
      select ${tenantId}, order_id, line_key, source_line, sku, description, line_kind,
        quantity, unit_price, unit_price_minor, discount_minor, duplicate_of
        from unnest(${column(
          rows.map((row) => orderIdOf(row.orderExternalId)),
          'uuid',
        )}, ${column(
          rows.map((row) => row.lineKey),
          'bigint',
        )}, ${column(
          rows.map((row) => row.sourceLine),
          'int',
        )}, ${column(
          rows.map((row) => row.sku),
          'text',
        )}, ${column(
          rows.map((row) => row.description),
          'text',
        )}, ${column(
          rows.map((row) => row.lineKind),
          'text',
        )}, ${column(
          rows.map((row) => row.quantity),
          'int',
        )}, ${column(
          rows.map((row) => row.unitPrice),
          'numeric',
        )}, ${column(
          rows.map((row) => row.unitPriceMinor),
          'bigint',
        )}, ${column(
          rows.map((row) => row.discountMinor),
          'bigint',
        )}, ${column(
          rows.map((row) => row.duplicateOf),
          'bigint',
        )})
        as t(order_id, line_key, source_line, sku, description, line_kind, quantity,
          unit_price, unit_price_minor, discount_minor, duplicate_of)
      on conflict (order_id, line_key) do nothing`,
  );
}

/**
 * Links returns to the sale they reverse: first the order a return names, then, line by line,
 * the customer's latest sale placed no later than the return that holds the same product; an
 * order-level link is set when all of a return's linked lines agree. Touches only returns not
 * linked yet, so it is cheap to run after every import and after every webhook.
 */
export async function linkReturns(tx: Orm): Promise<{ lines: number; orders: number }> {
  await tx.execute(sql`update orders r set reverses_order_id = s.id
      from orders s
     where r.kind = 'return' and r.reverses_order_id is null
       and r.reverses_external_id is not null and s.external_id = r.reverses_external_id
       and s.tenant_id = r.tenant_id`);
  const lines = await write(
    tx,
    sql`update order_lines l set reverses_order_id = found.sale
      from (select rl.order_id, rl.line_key, coalesce(
                case when r.reverses_external_id is not null then r.reverses_order_id end, (
                select s.id from orders s
                  join order_lines sl on sl.order_id = s.id and sl.sku = rl.sku and sl.quantity > 0
                 where s.customer_id = r.customer_id and s.kind = 'sale'
                   and s.placed_at <= r.placed_at
                 order by s.placed_at desc limit 1)) as sale
              from order_lines rl join orders r on r.id = rl.order_id
             where r.kind = 'return' and rl.reverses_order_id is null
               and (r.reverses_external_id is not null or r.customer_id is not null)) found
     where l.order_id = found.order_id and l.line_key = found.line_key and found.sale is not null`,
  );
  const orders = await write(
    tx,
    sql`update orders r set reverses_order_id = agreed.sale
      from (select order_id, min(reverses_order_id::text)::uuid as sale
              from order_lines where reverses_order_id is not null
             group by order_id having count(distinct reverses_order_id) = 1) agreed
     where r.id = agreed.order_id and r.kind = 'return' and r.reverses_order_id is null`,
  );
  return { lines, orders };
}
