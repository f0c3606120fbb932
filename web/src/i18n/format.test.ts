import { describe, expect, it } from 'vitest';
import {
  currencyDigits,
  formatDateTime,
  formatDecimalMoney,
  formatMoney,
  formatNumber,
  formatPercent,
  formatRelativeTime,
} from './format';

// Intl output may use narrow no-break spaces; compare with plain spaces.
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatRelativeTime', () => {
  const now = new Date('2025-03-12T12:00:00Z');

  it('says "3 days ago" in English and German', () => {
    const then = '2025-03-09T12:00:00Z';
    expect(formatRelativeTime(then, 'en', now)).toBe('3 days ago');
    expect(formatRelativeTime(then, 'de-DE', now)).toBe('vor 3 Tagen');
  });

  it('uses words such as "yesterday" and "now"', () => {
    expect(formatRelativeTime('2025-03-11T12:00:00Z', 'en', now)).toBe('yesterday');
    expect(formatRelativeTime(now, 'en', now)).toBe('now');
    expect(formatRelativeTime('2025-03-12T11:59:30Z', 'de', now)).toBe('jetzt');
    expect(formatRelativeTime('2025-03-12T12:00:05Z', 'en', now)).toBe('now');
  });

  it('picks the largest fitting unit, in the past and future', () => {
    expect(formatRelativeTime('2025-03-12T11:15:00Z', 'en', now)).toBe('45 minutes ago');
    expect(formatRelativeTime('2025-03-12T14:00:00Z', 'en', now)).toBe('in 2 hours');
    expect(formatRelativeTime('2023-03-01T12:00:00Z', 'en', now)).toBe('2 years ago');
  });

  it('answers an empty string for an invalid date', () => {
    expect(formatRelativeTime('not a date', 'en', now)).toBe('');
  });
});

describe('formatDateTime', () => {
  it('formats in the given time zone and locale', () => {
    const text = plain(formatDateTime('2025-03-12T12:00:00Z', 'de-DE', 'Europe/Berlin'));
    expect(text).toContain('12.03.2025');
    expect(text).toContain('13:00');
  });
});

describe('formatNumber', () => {
  it('groups digits by locale', () => {
    expect(formatNumber(1234567, 'en-US')).toBe('1,234,567');
    expect(formatNumber(1234567, 'de-DE')).toBe('1.234.567');
  });
});

describe('formatMoney', () => {
  it('formats minor units in the currency of the region', () => {
    expect(plain(formatMoney(1999, 'EUR', 'de-DE'))).toBe('19,99 €');
    expect(plain(formatMoney(123456, 'USD', 'en-US'))).toBe('$1,234.56');
    expect(plain(formatMoney(5, 'GBP', 'en-GB'))).toBe('£0.05');
  });

  it('knows currencies without or with three minor digits', () => {
    expect(currencyDigits('JPY')).toBe(0);
    expect(plain(formatMoney(1500, 'JPY', 'ja-JP'))).toBe('￥1,500');
    expect(currencyDigits('BHD')).toBe(3);
    expect(plain(formatMoney(1500, 'BHD', 'en'))).toBe('BHD 1.500');
  });

  it('handles negative amounts', () => {
    expect(plain(formatMoney(-250, 'EUR', 'en-IE'))).toBe('-€2.50');
  });
});

describe('formatDecimalMoney', () => {
  it("formats the API's decimal strings with the currency's digits", () => {
    expect(plain(formatDecimalMoney('1234.5', 'EUR', 'de-DE'))).toBe('1.234,50 €');
    expect(plain(formatDecimalMoney('-5.10', 'GBP', 'en-GB'))).toBe('-£5.10');
    expect(plain(formatDecimalMoney('1500', 'JPY', 'en-US'))).toBe('¥1,500');
  });

  it('shows a plain number when there is no currency', () => {
    expect(formatDecimalMoney('0', null, 'en')).toBe('0.00');
    expect(formatDecimalMoney('1234.5', null, 'de-DE')).toBe('1.234,50');
  });

  it('shows text that is no number as it came', () => {
    expect(formatDecimalMoney('n/a', 'EUR', 'en')).toBe('n/a');
    expect(formatDecimalMoney('', 'EUR', 'en')).toBe('');
  });
});

describe('formatPercent', () => {
  it("rounds to whole percent in the locale's style", () => {
    expect(plain(formatPercent(0.456, 'en'))).toBe('46%');
    expect(plain(formatPercent(1, 'de-DE'))).toBe('100 %');
  });
});
