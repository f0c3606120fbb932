/**
 * The one place the ROI report turns a figure into text, per locale: numbers, percentages,
 * money in the settings' currency, hours, months and instants. The HTML, the PDF and the
 * charts' tables all format through here, so a figure reads the same everywhere in a report.
 * Instants are shown in UTC, so the same data gives the same file wherever it is made.
 */

/** The report's languages; a locale's language picks the wording, the locale the numbers. */
export const REPORT_LANGUAGES = ['en', 'de'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

/** A locale as the API and the CLI take it: language and region, `de-DE`. */
export const LOCALE_PATTERN = '^[a-z]{2}-[A-Z]{2}$';
const LOCALE = new RegExp(LOCALE_PATTERN);

/** What stands in for a figure that cannot be computed (no members, no decisions). */
export const MISSING = '–';

/** The report's language for a locale, or null when it has none of Guild's report languages. */
export function languageOf(locale: string): ReportLanguage | null {
  if (!LOCALE.test(locale)) {
    return null;
  }
  const language = locale.slice(0, 2);
  return (REPORT_LANGUAGES as readonly string[]).includes(language)
    ? (language as ReportLanguage)
    : null;
}

export interface ReportFormatter {
  locale: string;
  language: ReportLanguage;
  currency: string;
  /** A plain number with up to `digits` decimals (grouped: 12,345.6). */
  number(value: number | null, digits?: number): string;
  /** A whole count. */
  integer(value: number | null): string;
  /** A fraction as a percentage: 0.125 → 12.5%. */
  percent(value: number | null, digits?: number): string;
  /** A fraction as a signed percentage, for lifts: 0.125 → +12.5%. */
  signedPercent(value: number | null, digits?: number): string;
  /** Currency units in the report's currency, to its minor unit. */
  money(value: number | null): string;
  /** Hours with one decimal and the unit. */
  hours(value: number | null): string;
  /** A low–high interval of already formatted ends. */
  interval(low: string, high: string): string;
  /** `YYYY-MM` as a short month name with its year (Jan 2025, Jan. 2025). */
  month(month: string): string;
  /** A run of months `from`–`to`, written out. */
  period(from: string, to: string): string;
  /** A calendar day of an instant (UTC). */
  day(instant: Date): string;
  /** An instant to the minute, in UTC, saying so. */
  instant(instant: Date): string;
}

const monthDate = (month: string) => new Date(`${month}-01T00:00:00.000Z`);

/** The formatter of one locale (`en-GB`, `de-DE`…) and one currency. */
export function reportFormatter(locale: string, currency: string): ReportFormatter {
  const language = languageOf(locale);
  if (language === null) {
    throw new Error(`No report language for locale ${locale}`);
  }
  const numbers = new Map<string, Intl.NumberFormat>();
  const numberFormat = (key: string, options: Intl.NumberFormatOptions) => {
    let format = numbers.get(key);
    if (!format) {
      format = new Intl.NumberFormat(locale, options);
      numbers.set(key, format);
    }
    return format;
  };
  const finite = (value: number | null): value is number =>
    value !== null && Number.isFinite(value);
  const monthName = new Intl.DateTimeFormat(locale, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const dayName = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const instantName = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  const formatter: ReportFormatter = {
    locale,
    language,
    currency,
    number: (value, digits = 1) =>
      finite(value)
        ? numberFormat(`n${digits}`, { maximumFractionDigits: digits }).format(value)
        : MISSING,
    integer: (value) =>
      finite(value) ? numberFormat('i', { maximumFractionDigits: 0 }).format(value) : MISSING,
    percent: (value, digits = 1) =>
      finite(value)
        ? numberFormat(`p${digits}`, {
            style: 'percent',
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
          }).format(value)
        : MISSING,
    signedPercent: (value, digits = 1) =>
      finite(value)
        ? numberFormat(`s${digits}`, {
            style: 'percent',
            signDisplay: 'exceptZero',
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
          }).format(value)
        : MISSING,
    money: (value) =>
      finite(value) ? numberFormat('m', { style: 'currency', currency }).format(value) : MISSING,
    hours: (value) =>
      finite(value)
        ? numberFormat('h', {
            style: 'unit',
            unit: 'hour',
            unitDisplay: 'short',
            maximumFractionDigits: 1,
          }).format(value)
        : MISSING,
    interval: (low, high) => (low === MISSING || high === MISSING ? MISSING : `${low} – ${high}`),
    month: (month) => monthName.format(monthDate(month)),
    period: (from, to) =>
      from === to ? formatter.month(from) : `${formatter.month(from)} – ${formatter.month(to)}`,
    day: (instant) => dayName.format(instant),
    instant: (instant) => `${instantName.format(instant)} UTC`,
  };
  return formatter;
}

/**
 * The separators of a locale's numbers, for chart axes (vega formats its own tick labels):
 * the decimal mark, the grouping mark and how a percent sign follows the number.
 */
export function numberSeparators(locale: string): {
  decimal: string;
  thousands: string;
  percent: string;
} {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.5);
  const percentParts = new Intl.NumberFormat(locale, { style: 'percent' }).formatToParts(0.5);
  const sign = percentParts.findIndex((part) => part.type === 'percentSign');
  const before = percentParts[sign - 1];
  return {
    decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
    thousands: parts.find((part) => part.type === 'group')?.value ?? ',',
    percent: `${before?.type === 'literal' ? before.value : ''}%`,
  };
}
