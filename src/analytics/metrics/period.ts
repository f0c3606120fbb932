/**
 * Periods and scopes of the metrics: a run of whole months (`YYYY-MM` to `YYYY-MM`), and an
 * optional region (by code) and segment (by key) resolved to the ids the rollups carry.
 */
import { sql, type SQL } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';

/** The key the rollups use for "all regions" and "all segments". */
export const ALL_KEY = '00000000-0000-0000-0000-000000000000';

/** Longest run of months one request may ask for. */
export const MAX_MONTHS = 60;

/** A month as the API takes it. */
export const MONTH_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])$';
const MONTH = new RegExp(MONTH_PATTERN);

export interface MonthRange {
  /** First month, `YYYY-MM`. */
  from: string;
  /** Last month, included, `YYYY-MM`. */
  to: string;
}

export interface Scope {
  regionId: string | null;
  regionCode: string | null;
  segmentId: string | null;
  segmentKey: string | null;
}

/** `YYYY-MM-01` of a `YYYY-MM` month. */
export const firstDay = (month: string) => `${month}-01`;

/** The month after `month`. */
export function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
}

/** Every month of the range, oldest first. */
export function monthsOf(range: MonthRange): string[] {
  const months: string[] = [];
  for (let month = range.from; month <= range.to; month = nextMonth(month)) {
    months.push(month);
  }
  return months;
}

/** Days in a month. */
export function daysIn(month: string): number {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, number, 0)).getUTCDate();
}

/** Checks a range a caller sent: both ends well formed, in order, at most MAX_MONTHS long. */
export function checkRange(from: string, to: string): MonthRange {
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!MONTH.test(value)) {
      throw fail.validation(`${field} must be a month written YYYY-MM.`, { field });
    }
  }
  if (from > to) {
    throw fail.validation('from must not come after to.', { field: 'from' });
  }
  const range = { from, to };
  if (monthsOf(range).length > MAX_MONTHS) {
    throw fail.validation(`A period is at most ${MAX_MONTHS} months.`, { field: 'to' });
  }
  return range;
}

/** `YYYY-MM` of an instant, in UTC. */
export const monthOf = (date: Date) => date.toISOString().slice(0, 7);

/** A month's bounds as UTC instants: [first day 00:00, next month's first day 00:00). */
export function utcBounds(month: string): { start: Date; end: Date } {
  return {
    start: new Date(`${firstDay(month)}T00:00:00.000Z`),
    end: new Date(`${firstDay(nextMonth(month))}T00:00:00.000Z`),
  };
}

export interface MonthPeriod extends MonthRange {
  /** First instant of `from` (UTC). */
  start: Date;
  /** First instant after `to` (UTC). */
  end: Date;
  /** How many months it spans. */
  months: number;
}

/** A checked range with its UTC bounds. */
export function monthPeriod(from: string, to: string): MonthPeriod {
  const range = checkRange(from, to);
  return {
    ...range,
    start: utcBounds(range.from).start,
    end: utcBounds(range.to).end,
    months: monthsOf(range).length,
  };
}

/** Resolves a region code and a segment key; an unknown one is a validation error. */
export async function scopeOf(
  tx: Orm,
  filter: { region?: string | undefined; segment?: string | undefined },
): Promise<Scope> {
  const scope: Scope = { regionId: null, regionCode: null, segmentId: null, segmentKey: null };
  if (filter.region) {
    const [region] = await sqlRows<{ id: string; code: string }>(
      tx,
      sql`select id, code from regions where code = ${filter.region}`,
    );
    if (!region) {
      throw fail.validation(`There is no region ${filter.region}.`, { field: 'region' });
    }
    scope.regionId = region.id;
    scope.regionCode = region.code;
  }
  if (filter.segment) {
    const [segment] = await sqlRows<{ id: string; key: string }>(
      tx,
      sql`select id, key from segments where key = ${filter.segment}`,
    );
    if (!segment) {
      throw fail.validation(`There is no segment ${filter.segment}.`, { field: 'segment' });
    }
    scope.segmentId = segment.id;
    scope.segmentKey = segment.key;
  }
  return scope;
}

/**
 * A condition keeping rows whose member (the user id in `column`) is in the scope. Written as
 * per-row lookups by primary key, so a few thousand rows never make the planner scan every
 * member of a large community.
 */
export function memberInScope(column: SQL, scope: Scope): SQL {
  return sql`${
    scope.regionId
      ? sql`and (select su.region_id from users su where su.id = ${column}) = ${scope.regionId}`
      : sql``
  }
    ${
      scope.segmentId
        ? sql`and exists (select 1 from user_segments ss
                where ss.user_id = ${column} and ss.segment_id = ${scope.segmentId})`
        : sql``
    }`;
}
