/**
 * Number formats of the analytics dashboards, for the page's locale: rates as percentages with
 * one decimal, hours, months ("Oct 2026"), money in currency units as the ROI report sends it.
 * A missing figure (null) is shown as a dash with a word for screen readers.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat';

export interface AnalyticsFormat {
  locale: string;
  /** Text for a figure that cannot be computed (no members, no decisions). */
  none: string;
  count: (value: number | null) => string;
  /** A fraction 0..1 as a percentage, e.g. 0.605 → "60.5%". */
  rate: (value: number | null) => string;
  hours: (value: number | null) => string;
  /** A decimal amount with up to two decimals. */
  decimal: (value: number | null) => string;
  /** Currency units, e.g. 1234.5 GBP → "£1,234.50". */
  money: (value: number | null, currency: string) => string;
  /** `YYYY-MM` as a short month and year. */
  month: (month: string) => string;
  /** `YYYY-MM` as a long month and year. */
  monthLong: (month: string) => string;
  /** An ISO day or time as a date. */
  date: (value: string) => string;
  time: (value: string) => string;
}

const monthDate = (month: string) => new Date(`${month}-01T12:00:00Z`);

export function useAnalyticsFormat(): AnalyticsFormat {
  const { t } = useTranslation();
  const format = useFormat();
  const none = t('analytics.common.none');
  const { locale } = format;
  return useMemo(() => {
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    const hours = new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: 'hour',
      maximumFractionDigits: 1,
    });
    const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const short = new Intl.DateTimeFormat(locale, {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const long = new Intl.DateTimeFormat(locale, {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
    const orNone =
      (formatter: (value: number) => string) =>
      (value: number | null): string =>
        value === null || !Number.isFinite(value) ? none : formatter(value);
    return {
      locale,
      none,
      count: orNone((value) => count.format(value)),
      rate: orNone((value) => percent.format(value)),
      hours: orNone((value) => hours.format(value)),
      decimal: orNone((value) => decimal.format(value)),
      money: (value, currency) =>
        value === null
          ? none
          : new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value),
      month: (month) => short.format(monthDate(month)),
      monthLong: (month) => long.format(monthDate(month)),
      date: (value) => format.date(value),
      time: (value) => time.format(new Date(value)),
    };
  }, [locale, none, format]);
}
