// Locale-aware formatting of dates, numbers and money with the platform's Intl APIs.

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', YEAR],
  ['month', MONTH],
  ['week', WEEK],
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
];

function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * "3 days ago", "in 2 hours", "yesterday" in the given locale; under a minute (either way, as
 * clocks differ a little) is "now".
 */
export function formatRelativeTime(
  value: string | number | Date,
  locale: string,
  now: Date = new Date(),
): string {
  const date = toDate(value);
  const diff = date.getTime() - now.getTime();
  if (Number.isNaN(diff)) {
    return '';
  }
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const size = Math.abs(diff);
  for (const [unit, length] of UNITS) {
    if (size >= length) {
      return format.format(Math.round(diff / length), unit);
    }
  }
  return format.format(0, 'second');
}

/** Date and time, e.g. "12 Mar 2025, 14:05", in the member's time zone when known. */
export function formatDateTime(
  value: string | number | Date,
  locale: string,
  timeZone?: string,
): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  if (timeZone) {
    options.timeZone = timeZone;
  }
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** A calendar date only, e.g. "12 March 2025". */
export function formatDate(value: string | number | Date, locale: string, timeZone?: string) {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'long' };
  if (timeZone) {
    options.timeZone = timeZone;
  }
  return new Intl.DateTimeFormat(locale, options).format(date);
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** How many minor units (cents) make one major unit of `currency` (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  const options = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions();
  return options.maximumFractionDigits ?? 2;
}

/**
 * Formats an amount held in minor units, e.g. formatMoney(1999, 'EUR', 'de-DE') → "19,99 €".
 */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  const amount = amountMinor / 10 ** digits;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount);
}

/** A share from 0 to 1 as a whole percentage, e.g. formatPercent(0.456, 'de-DE') → "46 %". */
export function formatPercent(fraction: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    fraction,
  );
}

/**
 * Formats a decimal amount as the API sends it (a string such as "1234.50"), e.g.
 * formatDecimalMoney('1234.5', 'EUR', 'de-DE') → "1.234,50 €"; without a currency as a plain
 * number with two decimals. Text that is no number is shown as it came.
 */
export function formatDecimalMoney(
  amount: string,
  currency: string | null,
  locale: string,
): string {
  const value = Number(amount);
  if (amount.trim() === '' || !Number.isFinite(value)) {
    return amount;
  }
  if (currency === null) {
    return new Intl.NumberFormat(locale, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(value);
  }
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}
