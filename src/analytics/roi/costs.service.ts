/**
 * Program costs (docs/ROI.md): what running the program cost, entered by month and category
 * in minor units of a currency. An entry is never edited or deleted; a wrong one is removed
 * (kept, with who removed it and when) and entered again.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { firstDay as monthDate, monthOf } from '../metrics/period.js';

export const COST_CATEGORIES = [
  'platform',
  'staff',
  'rewards',
  'incentives',
  'moderation',
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

export interface ProgramCost {
  id: string;
  /** "YYYY-MM". */
  month: string;
  category: CostCategory;
  amountMinor: number;
  currency: string;
  note: string;
  createdBy: string | null;
  createdAt: Date;
  removedAt: Date | null;
  removedBy: string | null;
}

export interface NewCost {
  month: string;
  category: CostCategory;
  amountMinor: number;
  currency: string;
  note: string;
}

/** Costs of one currency added up by category over a period. */
export interface CostTotals {
  currency: string;
  byCategory: Record<CostCategory, number>;
  totalMinor: number;
  /** Entries in other currencies, left out of the totals. */
  otherCurrencyEntries: number;
}

interface CostRow {
  id: string;
  month: string | Date;
  category: CostCategory;
  amount_minor: string | number;
  currency: string;
  note: string;
  created_by: string | null;
  created_at: string | Date;
  removed_at: string | Date | null;
  removed_by: string | null;
}

const SELECT = sql`select id, to_char(month, 'YYYY-MM') as month, category, amount_minor,
    currency, note, created_by, created_at, removed_at, removed_by
  from program_costs`;

function present(row: CostRow): ProgramCost {
  return {
    id: row.id,
    month: typeof row.month === 'string' ? row.month.slice(0, 7) : monthOf(row.month),
    category: row.category,
    amountMinor: Number(row.amount_minor),
    currency: row.currency.trim(),
    note: row.note,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    removedAt: row.removed_at === null ? null : new Date(row.removed_at),
    removedBy: row.removed_by,
  };
}

export async function getCost(tx: Orm, id: string): Promise<ProgramCost> {
  const [row] = await sqlRows<CostRow>(tx, sql`${SELECT} where id = ${id}`);
  if (!row) {
    throw fail.notFound('No such program cost.');
  }
  return present(row);
}

/** Enters one cost; the currency must be the one the settings name (checked by the caller). */
export async function addCost(
  tx: Orm,
  tenantId: string,
  input: NewCost,
  by: string,
): Promise<ProgramCost> {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor < 0) {
    throw fail.validation('The amount must be a whole number of minor units, 0 or more.', {
      field: 'amountMinor',
    });
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into program_costs (tenant_id, month, category, amount_minor, currency, note,
          created_by)
        values (${tenantId}, ${monthDate(input.month)}::date, ${input.category},
          ${input.amountMinor}, ${input.currency}, ${input.note}, ${by})
        returning id`,
  );
  return getCost(tx, row!.id);
}

/** Marks a cost removed; it stays in the list (with `removedAt`) and leaves every total. */
export async function removeCost(tx: Orm, id: string, by: string): Promise<ProgramCost> {
  const [row] = await sqlRows<{ removed_at: Date | string | null }>(
    tx,
    sql`select removed_at from program_costs where id = ${id} for update`,
  );
  if (!row) {
    throw fail.notFound('No such program cost.');
  }
  if (row.removed_at !== null) {
    throw new GuildError('conflict', 'This program cost was removed already.');
  }
  await tx.execute(
    sql`update program_costs set removed_at = date_trunc('milliseconds', now()), removed_by = ${by}
        where id = ${id}`,
  );
  return getCost(tx, id);
}

export interface CostFilter {
  /** "YYYY-MM", included; absent: no bound. */
  from?: string;
  to?: string;
  includeRemoved: boolean;
}

function whereOf(filter: CostFilter) {
  return sql`true
    ${filter.from ? sql`and month >= ${monthDate(filter.from)}::date` : sql``}
    ${filter.to ? sql`and month <= ${monthDate(filter.to)}::date` : sql``}`;
}

/** One page of costs in the months asked for, newest entry first. */
export async function listCosts(
  tx: Orm,
  filter: CostFilter,
  page: { limit: number; cursor?: string },
): Promise<{ items: ProgramCost[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const rows = await sqlRows<CostRow>(
    tx,
    sql`${SELECT} where ${whereOf(filter)}
          ${filter.includeRemoved ? sql`` : sql`and removed_at is null`}
          ${
            after
              ? sql`and (created_at, id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
              : sql``
          }
        order by created_at desc, id desc
        limit ${page.limit + 1}`,
  );
  return pageOf(rows.map(present), page.limit, (cost) => ({ at: cost.createdAt, id: cost.id }));
}

/** The costs in force (not removed) in `currency` over the months asked for, by category. */
export async function costTotals(
  tx: Orm,
  filter: Omit<CostFilter, 'includeRemoved'>,
  currency: string,
): Promise<CostTotals> {
  const rows = await sqlRows<{ category: CostCategory; total: string | number; n: number }>(
    tx,
    sql`select category, coalesce(sum(amount_minor), 0) as total, count(*)::int as n
          from program_costs
         where ${whereOf({ ...filter, includeRemoved: false })} and removed_at is null
           and currency = ${currency}
         group by category`,
  );
  const [other] = await sqlRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from program_costs
         where ${whereOf({ ...filter, includeRemoved: false })} and removed_at is null
           and currency <> ${currency}`,
  );
  const byCategory = Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as Record<
    CostCategory,
    number
  >;
  for (const row of rows) {
    byCategory[row.category] = Number(row.total);
  }
  return {
    currency,
    byCategory,
    totalMinor: COST_CATEGORIES.reduce((sum, c) => sum + byCategory[c], 0),
    otherCurrencyEntries: other?.n ?? 0,
  };
}
