/**
 * The dashboards' tables as CSV, one row per month (or per cost entry), the columns named as
 * in the API. Cells a spreadsheet would run as a formula are neutralised (src/core/text/csv).
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { csvLine } from '../../core/text/csv.js';
import { readAnalyticsSettings } from '../roi/settings.service.js';
import { engagementByMonth } from './engagement.js';
import { keyMetricsByMonth } from './key-metrics.js';
import { firstDay, nextMonth, type MonthRange, type Scope } from './period.js';
import { supportingByMonth } from './supporting.js';

export const EXPORT_TABLES = ['metrics', 'engagement', 'supporting', 'costs'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

type Row = Record<string, unknown>;

/** Nested objects flattened into `parent.child` columns. */
function flatten(row: Row, prefix = ''): Row {
  const flat: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      Object.assign(flat, flatten(value as Row, `${prefix}${key}.`));
    } else {
      flat[`${prefix}${key}`] = value;
    }
  }
  return flat;
}

function toCsv(rows: Row[]): string {
  const flat = rows.map((row) => flatten(row));
  const columns = [...new Set(flat.flatMap((row) => Object.keys(row)))].filter(
    // every nested figure repeats the month
    (column) => column === 'month' || !column.endsWith('.month'),
  );
  const lines = [csvLine(columns)];
  for (const row of flat) {
    lines.push(csvLine(columns.map((column) => row[column] ?? '')));
  }
  return lines.join('');
}

/** One of the dashboards' tables for the range and scope, as CSV text. */
export async function exportTable(
  tx: Orm,
  table: ExportTable,
  range: MonthRange,
  scope: Scope,
): Promise<string> {
  switch (table) {
    case 'metrics': {
      const settings = await readAnalyticsSettings(tx);
      const months = await keyMetricsByMonth(tx, range, scope, {
        costPerReview: settings.costPerReview,
        aiCostPerItem: settings.aiCostPerItem,
      });
      return toCsv(months as unknown as Row[]);
    }
    case 'engagement':
      return toCsv((await engagementByMonth(tx, range, scope)) as unknown as Row[]);
    case 'supporting':
      return toCsv((await supportingByMonth(tx, range, scope)) as unknown as Row[]);
    case 'costs': {
      const rows = await sqlRows<Row>(
        tx,
        sql`select to_char(month, 'YYYY-MM') as month, category, amount_minor as "amountMinor",
              currency, note,
              to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                as "createdAt"
            from program_costs
            where removed_at is null and month >= ${firstDay(range.from)}::date
              and month < ${firstDay(nextMonth(range.to))}::date
            order by month, category, created_at`,
      );
      return toCsv(rows);
    }
  }
}
