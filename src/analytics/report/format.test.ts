import { describe, expect, it } from 'vitest';
import { MISSING, languageOf, numberSeparators, reportFormatter } from './format.js';

describe('report formatter', () => {
  it('writes numbers, percentages, money and months the British way', () => {
    const f = reportFormatter('en-GB', 'GBP');
    expect(f.number(12345.67)).toBe('12,345.7');
    expect(f.integer(1234567)).toBe('1,234,567');
    expect(f.percent(0.125)).toBe('12.5%');
    expect(f.signedPercent(0.125)).toBe('+12.5%');
    expect(f.money(3500.5)).toBe('£3,500.50');
    expect(f.month('2025-03')).toBe('Mar 2025');
    expect(f.instant(new Date('2025-03-04T10:05:00Z'))).toBe('4 March 2025 at 10:05 UTC');
  });

  it('writes them the German way', () => {
    const f = reportFormatter('de-DE', 'EUR');
    expect(f.number(12345.67)).toBe('12.345,7');
    expect(f.percent(0.125)).toBe('12,5\u00a0%');
    expect(f.money(3500.5)).toBe('3.500,50\u00a0€');
    expect(f.month('2025-03')).toBe('März 2025');
    expect(numberSeparators('de-DE')).toEqual({ decimal: ',', thousands: '.', percent: '\u00a0%' });
  });

  it('shows a missing figure as a dash, and knows its languages', () => {
    const f = reportFormatter('en-GB', 'JPY');
    expect(f.percent(null)).toBe(MISSING);
    expect(f.money(Number.NaN)).toBe(MISSING);
    expect(f.interval(MISSING, '3')).toBe(MISSING);
    expect(f.money(1234)).toBe('JP¥1,234');
    expect(languageOf('de-AT')).toBe('de');
    expect(languageOf('fr-FR')).toBeNull();
    expect(languageOf('english')).toBeNull();
    expect(() => reportFormatter('fr-FR', 'EUR')).toThrow();
  });
});
