/**
 * Figures of the program layer in their unit (docs/PROGRAM.md): fractions as percentages,
 * hours, counts and ratios, and the other way round: a target typed by a person (a percentage
 * for a fraction) as the number the API takes.
 */
import type { MetricUnit } from '../../../api/analyticsProgram';
import type { AnalyticsFormat } from '../useAnalyticsFormat';

/** A value of `unit` for reading; null is the dash. */
export function formatUnit(af: AnalyticsFormat, unit: MetricUnit | null, value: number | null) {
  switch (unit) {
    case 'fraction':
      return af.rate(value);
    case 'hours':
      return af.hours(value);
    case 'count':
      return af.count(value);
    case 'ratio':
    case null:
      return af.decimal(value);
  }
}

/** A change of a value of `unit` with its sign ("+5%", "−2 h"). */
export function formatChange(af: AnalyticsFormat, unit: MetricUnit | null, value: number | null) {
  if (value === null) {
    return af.none;
  }
  const text = formatUnit(af, unit, Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** A target typed by a person ("20", "20,5"), a percentage for fractions; null when not a number. */
export function parseTarget(text: string, unit: MetricUnit): number | null {
  const cleaned = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) {
    return null;
  }
  const value = Number(cleaned);
  return unit === 'fraction' ? Math.round(value * 1000) / 100000 : value;
}
