import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/session';
import {
  formatDate,
  formatDateTime,
  formatDecimalMoney,
  formatMoney,
  formatNumber,
  formatPercent,
  formatRelativeTime,
} from './format';
import { browserLocales, languageOf } from './languages';

export interface Formatters {
  locale: string;
  relative: (value: string) => string;
  dateTime: (value: string) => string;
  date: (value: string) => string;
  number: (value: number) => string;
  /** Money in minor units; the currency defaults to the member's region's. */
  money: (amountMinor: number, currency?: string) => string;
  /** A decimal amount as the API sends it ("1234.50") in the given currency. */
  decimalMoney: (amount: string, currency: string | null) => string;
  /** A share from 0 to 1 as a percentage. */
  percent: (fraction: number) => string;
}

/**
 * Formatters for the member's locale (e.g. de-AT) when it matches the UI language, else the
 * browser's matching locale, else the UI language itself.
 */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const { user, regions } = useSession();
  const language = i18n.language;
  const memberLocale = user?.locale;
  const timeZone = user?.timezone ?? user?.region?.timezone;
  const regionCurrency = user?.region?.currency;

  return useMemo(() => {
    const candidates = [memberLocale, ...browserLocales()];
    const locale = candidates.find((item) => languageOf(item) === language) ?? language;
    const fallbackCurrency =
      regionCurrency ??
      regions.find((region) => region.locale === locale)?.currency ??
      regions[0]?.currency ??
      'EUR';
    return {
      locale,
      relative: (value) => formatRelativeTime(value, locale),
      dateTime: (value) => formatDateTime(value, locale, timeZone),
      date: (value) => formatDate(value, locale, timeZone),
      number: (value) => formatNumber(value, locale),
      money: (amountMinor, currency) =>
        formatMoney(amountMinor, currency ?? fallbackCurrency, locale),
      decimalMoney: (amount, currency) => formatDecimalMoney(amount, currency, locale),
      percent: (fraction) => formatPercent(fraction, locale),
    };
  }, [language, memberLocale, timeZone, regionCurrency, regions]);
}
