import { describe, expect, it } from 'vitest';
import {
  dateParser,
  dateTimeParser,
  decimalParser,
  enumParser,
  exactDecimalParser,
  formatExact,
  integerParser,
  moneyParser,
  numberFormatFor,
  parseBoolean,
  parseEmail,
  parseId,
  toMinorUnits,
  type ParseResult,
} from './values.js';

function value<T>(result: ParseResult<T>): T {
  if (!result.ok) {
    throw new Error(`expected a value, got: ${result.reason}`);
  }

  return result.value;
}

function reason<T>(result: ParseResult<T>): string {
  if (result.ok) {
    throw new Error(`expected a failure, got: ${String(result.value)}`);
  }

  return result.reason;
}

describe('number parsers', () => {
  it('csv-02: reads de-DE decimals with comma decimals and dot groups', () => {
    const parse = decimalParser({ locale: 'de-DE' });

    expect(['125,50', '1.000', '1.355,90', '-12,25'].map((t) => value(parse(t)))).toEqual([
      125.5, 1000, 1355.9, -12.25,
    ]);
    expect(['20,08', '0,00', '216,94', '0,00'].map((t) => value(parse(t)))).toEqual([
      20.08, 0, 216.94, 0,
    ]);
  });

  it('never reads 1.000 in de-DE as 1, nor a misplaced group as a number', () => {
    const parse = decimalParser({ locale: 'de-DE' });

    expect(value(parse('1.000'))).toBe(1000);
    expect(value(parse('1.000.000,5'))).toBe(1000000.5);
    expect(reason(parse('1.00'))).toMatch(/de-DE/);
    expect(reason(parse('12.5'))).toMatch(/de-DE/);
    expect(reason(parse('1,2,3'))).toMatch(/de-DE/);
  });

  it('reads en, fr-FR and de-CH numbers by their own marks', () => {
    expect(value(decimalParser({ locale: 'en-GB' })('1,355.90'))).toBe(1355.9);
    expect(value(decimalParser({ locale: 'en-GB' })('1.000'))).toBe(1);
    expect(value(decimalParser({ locale: 'fr-FR' })('1\u202f355,90'))).toBe(1355.9);
    expect(value(decimalParser({ locale: 'fr-FR' })('1 355,90'))).toBe(1355.9);
    expect(value(decimalParser({ locale: 'de-CH' })("1'355.90"))).toBe(1355.9);
    expect(numberFormatFor('de-DE')).toMatchObject({ decimal: ',', groups: ['.'] });
  });

  it('accepts signs and accounting parentheses, refuses scientific notation', () => {
    const parse = decimalParser();

    expect(value(parse('+3.5'))).toBe(3.5);
    expect(value(parse('(12.25)'))).toBe(-12.25);
    expect(value(parse('-0'))).toBe(0);
    expect(reason(parse('1e5'))).toMatch(/scientific/);
    expect(reason(parse('abc'))).toMatch(/not a number/);
  });

  it('reads whole numbers, negative ones too, within the safe range', () => {
    const parse = integerParser();

    expect(value(parse('-80995'))).toBe(-80995);
    expect(value(parse('6.0'))).toBe(6);
    expect(value(parse('007'))).toBe(7);
    expect(reason(parse('6.5'))).toBe('not a whole number');
    expect(reason(parse('9007199254740993'))).toMatch(/too large/);
  });
});

describe('money and exact decimals', () => {
  it('parses money into exact minor units, never through a float', () => {
    const parse = moneyParser();

    expect(value(parse('0.29'))).toBe(29n);
    expect(value(parse('1.10'))).toBe(110n);
    expect(value(parse('4.35'))).toBe(435n);
    expect(value(parse('92233720368547758.07'))).toBe(9223372036854775807n);
    expect(value(parse('£1,234.5'))).toBe(123450n);
    expect(value(parse('-12.25 EUR'))).toBe(-1225n);
  });

  it('reads de-DE money and respects the currency digits', () => {
    expect(value(moneyParser({ locale: 'de-DE' })('1.355,90 €'))).toBe(135590n);
    expect(value(moneyParser({ digits: 0 })('1500'))).toBe(1500n);
    expect(value(moneyParser({ digits: 3 })('1.5'))).toBe(1500n);
  });

  it('refuses or rounds half to even more decimals than the currency has', () => {
    expect(reason(moneyParser()('0.001'))).toBe('more than 2 decimal places');
    expect(value(moneyParser()('2.500'))).toBe(250n);

    const round = moneyParser({ rounding: 'half-even' });
    expect(['0.001', '0.005', '0.015', '0.0151', '-0.025'].map((t) => value(round(t)))).toEqual([
      0n,
      0n,
      2n,
      2n,
      -2n,
    ]);
  });

  it('keeps decimals exact with their written scale', () => {
    const parse = exactDecimalParser({ locale: 'de-DE' });
    const amount = value(parse('-1.234,500'));

    expect(amount).toEqual({ units: -1234500n, scale: 3 });
    expect(formatExact(amount)).toBe('-1234.500');
    expect(value(toMinorUnits(amount, 2))).toBe(-123450n);
  });
});

describe('date parsers', () => {
  const london = dateTimeParser({ timeZone: 'Europe/London' });

  it('reads YYYY-MM-DD HH:MM:SS in the given zone, across daylight saving', () => {
    expect(value(london('2010-12-01 08:26:00')).toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(value(london('2011-07-01 10:00:00')).toISOString()).toBe('2011-07-01T09:00:00.000Z');
    expect(value(london('2011-03-27 01:30:00')).toISOString()).toBe('2011-03-27T01:30:00.000Z');
  });

  it('reads ISO 8601 and written offsets exactly', () => {
    const parse = dateTimeParser({ timeZone: 'Europe/Berlin' });

    expect(value(parse('2024-03-01T09:30:00Z')).toISOString()).toBe('2024-03-01T09:30:00.000Z');
    expect(value(parse('2015-02-24 11:35:52 -0800')).toISOString()).toBe(
      '2015-02-24T19:35:52.000Z',
    );
    expect(value(parse('2024-03-01T09:30:00.123+05:30')).toISOString()).toBe(
      '2024-03-01T04:00:00.123Z',
    );
    expect(value(parse('2024-03-01')).toISOString()).toBe('2024-02-29T23:00:00.000Z');
  });

  it('reads DD/MM/YYYY and MM/DD/YYYY by the order option, and refuses a guess', () => {
    expect(value(dateParser({ order: 'dmy' })('03/04/2024'))).toBe('2024-04-03');
    expect(value(dateParser({ order: 'mdy' })('03/04/2024'))).toBe('2024-03-04');
    expect(value(dateParser({ order: 'dmy' })('03.04.2024'))).toBe('2024-04-03');
    expect(reason(dateParser()('03/04/2024'))).toMatch(/ambiguous/);
    expect(reason(dateParser({ order: 'dmy' })('03/04/24'))).toMatch(/four digits/);
    expect(reason(dateParser({ order: 'dmy' })('31/02/2024'))).toBe('not a real calendar date');

    const mdy = dateTimeParser({ order: 'mdy', timeZone: 'Europe/London' });
    expect(value(mdy('12/1/2010 8:26')).toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(value(mdy('12/1/2010 8:26 PM')).toISOString()).toBe('2010-12-01T20:26:00.000Z');
  });

  it('reads Excel serial dates in the 1900 system, with its leap-year bug', () => {
    const parse = dateParser();

    expect(value(parse('1'))).toBe('1900-01-01');
    expect(value(parse('59'))).toBe('1900-02-28');
    expect(reason(parse('60'))).toMatch(/29 February 1900/);
    expect(value(parse('61'))).toBe('1900-03-01');
    expect(value(parse('45000'))).toBe('2023-03-15');
    expect(value(dateParser({ excelEpoch: 1904 })('0'))).toBe('1904-01-01');
    expect(reason(parse('0'))).toMatch(/start at 1/);

    const utc = dateTimeParser();
    expect(value(utc('45000.75')).toISOString()).toBe('2023-03-15T18:00:00.000Z');
    expect(value(utc('44927.604166666664')).toISOString()).toBe('2023-01-01T14:30:00.000Z');
  });

  it('reads Excel serial times as wall-clock time in the zone', () => {
    const parse = dateTimeParser({ timeZone: 'Europe/London' });

    expect(value(parse('40725.5')).toISOString()).toBe('2011-07-01T11:00:00.000Z');
  });

  it('refuses what is not a date, and an unknown zone up front', () => {
    expect(reason(dateTimeParser()('yesterday'))).toMatch(/not a date/);
    expect(reason(dateTimeParser()('2024-13-01'))).toBe('not a real calendar date');
    expect(reason(dateTimeParser()('2024-01-01 25:00'))).toBe('not a real time of day');
    expect(() => dateTimeParser({ timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
  });
});

describe('text parsers', () => {
  it('csv-06: trims emails and gives them a case-insensitive key', () => {
    const first = value(parseEmail('Nora.Berg@Example.com'));
    const second = value(parseEmail(' nora.berg@example.com '));

    expect(first).toEqual({ address: 'Nora.Berg@Example.com', key: 'nora.berg@example.com' });
    expect(second.key).toBe(first.key);
  });

  it('refuses what is not an email address', () => {
    for (const text of ['nora', 'nora@', '@example.com', 'a@b', 'a b@example.com', 'a@@b.com']) {
      expect(reason(parseEmail(text))).toBe('not an email address');
    }
    expect(value(parseEmail('zoë+tag@exämple.de')).key).toBe('zoë+tag@exämple.de');
  });

  it('keeps ids exactly, leading zeros included, only trimmed', () => {
    expect(value(parseId(' 000123 '))).toBe('000123');
    expect(value(parseId('C536379'))).toBe('C536379');
    expect(reason(parseId('a\u0000b'))).toMatch(/control/);
  });

  it('reads yes/no values in English and German', () => {
    const truthy = ['yes', 'Y', 'TRUE', '1', 'ja', 'J', 'wahr'];
    const falsy = ['no', 'n', 'false', '0', 'Nein', 'falsch'];

    expect(truthy.map((t) => value(parseBoolean(t)))).toEqual(truthy.map(() => true));
    expect(falsy.map((t) => value(parseBoolean(t)))).toEqual(falsy.map(() => false));
    expect(reason(parseBoolean('maybe'))).toBe('not a yes/no value');
  });

  it('maps enumerated words case-insensitively', () => {
    const parse = enumParser({ pos: 'positive', positive: 'positive', neg: 'negative' });

    expect(value(parse('POS'))).toBe('positive');
    expect(reason(parse('meh'))).toBe('not one of: positive, negative');
  });
});
