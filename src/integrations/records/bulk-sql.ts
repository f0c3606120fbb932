/**
 * Bulk writes as one statement per table: each column travels as one array parameter and
 * `unnest` turns the arrays back into rows. This is what keeps an import close to the speed of
 * COPY while still running under the tenant's row-level security.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Orm } from '../../core/db/database.js';

/** One array parameter cast to `type[]`; bigints travel as text. */
export function column(values: readonly unknown[], type: string): SQL {
  const plain = values.map((value) => (typeof value === 'bigint' ? value.toString() : value));
  return sql`${sql.param(plain)}::${sql.raw(type)}[]`;
}

/** Rows changed by a statement, from either driver's result. */
export function affected(result: unknown): number {
  const shaped = result as { rowCount?: number | null; affectedRows?: number | null };
  return shaped.rowCount ?? shaped.affectedRows ?? 0;
}

/** Runs `statement` and returns how many rows it wrote. */
export async function write(tx: Orm, statement: SQL): Promise<number> {
  return affected(await tx.execute(statement));
}
