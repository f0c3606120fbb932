// The analytics client's pure helpers: months and the period filter, CSV cells, amounts.
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  csvCell,
  defaultPeriod,
  filterFromParams,
  minorUnits,
  periodProblem,
  toCsv,
} from './analytics';

describe('months and the filter', () => {
  it('moves across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-05', -11)).toBe('2025-06');
  });

  it('defaults to the last twelve months and keeps a valid period from the address', () => {
    const now = new Date('2026-12-05T10:00:00Z');
    expect(defaultPeriod(now)).toEqual({ from: '2026-01', to: '2026-12' });
    const params = new URLSearchParams('from=2026-03&to=2026-05&region=UK&segment=gold');
    expect(filterFromParams(params, now)).toEqual({
      from: '2026-03',
      to: '2026-05',
      region: 'UK',
      segment: 'gold',
    });
    expect(filterFromParams(new URLSearchParams('from=2026-06&to=2026-01'), now).from).toBe(
      '2026-01',
    );
  });

  it('names what is wrong with a period', () => {
    expect(periodProblem('2026-1', '2026-02')).toBe('fromInvalid');
    expect(periodProblem('2026-03', '2026-02')).toBe('reversed');
    expect(periodProblem('2020-01', '2025-01')).toBe('tooLong');
    expect(periodProblem('2021-01', '2025-12')).toBeNull();
  });
});

describe('CSV', () => {
  it('neutralises formulas and quotes separators', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@me')).toBe("'@me");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, '=2']])).toBe("a,b\r\n1,'=2\r\n");
  });

  it('reads typed amounts in minor units', () => {
    expect(minorUnits('1250.50', 'GBP')).toBe(125050);
    expect(minorUnits('12,5', 'EUR')).toBe(1250);
    expect(minorUnits('300', 'JPY')).toBe(300);
    expect(minorUnits('-1', 'GBP')).toBeNull();
  });
});
