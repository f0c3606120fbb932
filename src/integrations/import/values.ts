/**
 * Per-column value parsers for Guild's importers. The reader keeps every value as the string
 * that was written; a mapping turns it into a typed value here, one column at a time, so an
 * id column keeps its leading zeros while a price column becomes exact minor units.
 *
 * Every parser takes non-empty text (the mapping decides what an empty cell means) and answers
 * `{ ok: true, value }` or `{ ok: false, reason }`. Reasons never repeat the value: the error
 * report puts the value in its own column, and identical reasons can then be counted together.
 */
import { isValidTimeZone, wallTimeToUtc, type WallTime } from './time-zones.js';

/** The outcome of parsing one value. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parses the text of one cell. */
export type ValueParser<T> = (text: string) => ParseResult<T>;

/** How a locale writes numbers: its decimal mark and the digit-group marks it accepts. */
export interface NumberFormat {
  locale: string;
  decimal: string;
  groups: readonly string[];
}

/** Options shared by the number parsers. */
export interface NumberOptions {
  /** BCP 47 locale whose decimal and grouping marks apply (default 'en'). */
  locale?: string;
}

/** Options of the money parser. */
export interface MoneyOptions extends NumberOptions {
  /** Digits of the minor unit: 2 for GBP, EUR, USD; 0 for JPY (default 2). */
  digits?: number;
  /** 'reject' (default) refuses more decimals than `digits`; 'half-even' rounds them. */
  rounding?: 'reject' | 'half-even';
}

/** How to read the numeric parts of a date written with slashes, dots or dashes. */
export type DateOrder = 'ymd' | 'dmy' | 'mdy';

/** Options of the date parsers. */
export interface DateOptions {
  /** Order of `01/02/2024`-style dates; 'ymd' (default) accepts only year-first forms. */
  order?: DateOrder;
  /** IANA zone in which times without an offset are read (default 'UTC'). */
  timeZone?: string;
  /** Whether a plain number is an Excel serial date (default true). */
  excelSerials?: boolean;
  /** Excel's date system: 1900 (Windows, default) or 1904 (old Mac workbooks). */
  excelEpoch?: 1900 | 1904;
}

/** An email address as written (trimmed) and the key it is matched by. */
export interface EmailAddress {
  address: string;
  /** Trimmed, NFC-normalised and lower-cased: two spellings of one address share a key. */
  key: string;
}

/** A successful parse. */
export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

/** A failed parse. */
export function fail<T = never>(reason: string): ParseResult<T> {
  return { ok: false, reason };
}

// ---------------------------------------------------------------------------------------------
// Numbers

interface DecimalText {
  negative: boolean;
  integer: string;
  fraction: string;
}

const numberFormats = new Map<string, NumberFormat>();
const SPACE_GROUPS = [' ', '\u00a0', '\u202f'];
const APOSTROPHE_GROUPS = ['\u2019', "'"];

/**
 * How `locale` writes numbers, from the runtime's locale data: 'en-GB' uses `.` and `,`;
 * 'de-DE' uses `,` and `.`; 'fr-FR' uses `,` and any kind of space; 'de-CH' uses `.` and `'`.
 */
export function numberFormatFor(locale: string): NumberFormat {
  const known = numberFormats.get(locale);
  if (known !== undefined) {
    return known;
  }

  if (Intl.NumberFormat.supportedLocalesOf([locale]).length === 0) {
    throw new RangeError(`The locale "${locale}" is not known.`);
  }

  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  const decimal = parts.find((part) => part.type === 'decimal')?.value ?? '.';
  const group = parts.find((part) => part.type === 'group')?.value ?? '';
  const format = { locale, decimal, groups: groupMarks(group, decimal) };
  numberFormats.set(locale, format);

  return format;
}

function groupMarks(group: string, decimal: string): readonly string[] {
  if (SPACE_GROUPS.includes(group)) {
    return SPACE_GROUPS;
  }
  if (APOSTROPHE_GROUPS.includes(group)) {
    return APOSTROPHE_GROUPS;
  }

  return group === '' || group === decimal ? [] : [group];
}

const PLAIN_NUMBER: Readonly<Record<string, RegExp>> = {
  '.': /^(-?)(\d+)(?:\.(\d+))?$/,
  ',': /^(-?)(\d+)(?:,(\d+))?$/,
};

/** Reads a decimal number written the way `format` writes them, without losing any digit. */
function readDecimal(text: string, format: NumberFormat): ParseResult<DecimalText> {
  const plain = PLAIN_NUMBER[format.decimal]?.exec(text);
  if (plain !== null && plain !== undefined) {
    const [, sign, integer = '', fraction = ''] = plain;
    return ok({ negative: sign === '-', integer: stripZeros(integer), fraction });
  }

  const { negative, body } = splitSign(text.trim());

  if (/^[\d.,\s]+[eE][+-]?\d+$/.test(body)) {
    return fail('scientific notation is not accepted');
  }

  const mark = body.lastIndexOf(format.decimal);
  const integerText = mark === -1 ? body : body.slice(0, mark);
  const fraction = mark === -1 ? '' : body.slice(mark + 1);

  if (mark !== -1 && !/^\d+$/.test(fraction)) {
    return fail(`not a number in ${format.locale} format`);
  }

  const integer = readIntegerDigits(integerText, format, fraction.length > 0);
  if (integer === null) {
    return fail(`not a number in ${format.locale} format (decimal mark "${format.decimal}")`);
  }

  return ok({ negative, integer, fraction });
}

function splitSign(text: string): { negative: boolean; body: string } {
  if (text.startsWith('(') && text.endsWith(')')) {
    return { negative: true, body: text.slice(1, -1).trim() };
  }

  const first = text[0];
  if (first === '-' || first === '\u2212') {
    return { negative: true, body: text.slice(1).trimStart() };
  }
  if (first === '+') {
    return { negative: false, body: text.slice(1).trimStart() };
  }

  return { negative: false, body: text };
}

/** The digits of an integer part with valid digit groups, or null. */
function readIntegerDigits(
  text: string,
  format: NumberFormat,
  hasFraction: boolean,
): string | null {
  if (/^\d*$/.test(text)) {
    return text.length > 0 || hasFraction ? stripZeros(text) : null;
  }

  const mark = format.groups.find((group) => text.includes(group));
  if (mark === undefined) {
    return null;
  }

  const groups = text.split(mark);
  const [first, ...others] = groups;
  const valid =
    /^\d{1,3}$/.test(first ?? '') && others.length > 0 && others.every((g) => /^\d{3}$/.test(g));

  return valid ? stripZeros(groups.join('')) : null;
}

function stripZeros(digits: string): string {
  if (digits.charCodeAt(0) !== 0x30 || digits.length === 1) {
    return digits.length > 0 ? digits : '0';
  }
  const stripped = digits.replace(/^0+/, '');

  return stripped.length > 0 ? stripped : '0';
}

/** A parser for decimal numbers in `locale` (`1.355,90` in de-DE is 1355.9). */
export function decimalParser(options: NumberOptions = {}): ValueParser<number> {
  const format = numberFormatFor(options.locale ?? 'en');

  return (text) => {
    const parsed = readDecimal(text, format);
    if (!parsed.ok) {
      return parsed;
    }

    const { negative, integer, fraction } = parsed.value;
    const value = Number(`${integer}.${fraction || '0'}`);

    return Number.isFinite(value)
      ? ok(negative && value !== 0 ? -value : value)
      : fail('too large');
  };
}

/** A parser for whole numbers in `locale`, within JavaScript's safe-integer range. */
export function integerParser(options: NumberOptions = {}): ValueParser<number> {
  const format = numberFormatFor(options.locale ?? 'en');

  return (text) => {
    const parsed = readDecimal(text, format);
    if (!parsed.ok) {
      return parsed;
    }

    const { negative, integer, fraction } = parsed.value;
    if (/[1-9]/.test(fraction)) {
      return fail('not a whole number');
    }
    const value = Number(integer);

    if (!Number.isSafeInteger(value)) {
      return fail('too large for a whole number');
    }

    return ok(negative && value !== 0 ? -value : value);
  };
}

/** An exact decimal number: `units` × 10^-`scale` (2.55 is `{ units: 255n, scale: 2 }`). */
export interface ExactDecimal {
  units: bigint;
  scale: number;
}

/**
 * A parser for decimal numbers kept exact, with as many decimal places as were written
 * (`0,001` in de-DE is `{ units: 1n, scale: 3 }`).
 */
export function exactDecimalParser(options: NumberOptions = {}): ValueParser<ExactDecimal> {
  const format = numberFormatFor(options.locale ?? 'en');

  return (text) => {
    const parsed = readDecimal(stripCurrency(text.trim()), format);

    return parsed.ok ? ok(toExact(parsed.value)) : parsed;
  };
}

/**
 * A parser for amounts of money, giving exact minor units as a bigint (`12,50` in de-DE is
 * 1250n). The decimal text is converted digit by digit, never through a floating-point number.
 * A currency symbol (£ $ € ¥) or three-letter code before or after the amount is ignored.
 */
export function moneyParser(options: MoneyOptions = {}): ValueParser<bigint> {
  const exact = exactDecimalParser(options);
  const digits = options.digits ?? 2;
  const rounding = options.rounding ?? 'reject';

  return (text) => {
    const parsed = exact(text);

    return parsed.ok ? toMinorUnits(parsed.value, digits, rounding) : parsed;
  };
}

function toExact({ negative, integer, fraction }: DecimalText): ExactDecimal {
  const units = BigInt(integer + fraction);

  return { units: negative ? -units : units, scale: fraction.length };
}

function stripCurrency(text: string): string {
  if (/^[-+(]?\d[\d.,]*$/.test(text)) {
    return text;
  }

  return text
    .replace(/^([-+\u2212(]?)\s*(?:[£$€¥]|[A-Z]{3}(?![A-Z]))\s*/, '$1')
    .replace(/\s*(?:[£$€¥]|(?<![A-Z])[A-Z]{3})(\)?)$/, '$1');
}

const POWERS_OF_TEN: bigint[] = [];

function tenTo(exponent: number): bigint {
  let power = POWERS_OF_TEN[exponent];

  if (power === undefined) {
    power = 10n ** BigInt(exponent);
    POWERS_OF_TEN[exponent] = power;
  }

  return power;
}

/**
 * `amount` in units of 10^-`digits` (minor units when `digits` is the currency's). Extra
 * decimal places are refused ('reject') or rounded half to even ('half-even').
 */
export function toMinorUnits(
  amount: ExactDecimal,
  digits: number,
  rounding: 'reject' | 'half-even' = 'reject',
): ParseResult<bigint> {
  if (amount.scale <= digits) {
    return ok(amount.units * tenTo(digits - amount.scale));
  }

  const divisor = tenTo(amount.scale - digits);
  const negative = amount.units < 0n;
  const magnitude = negative ? -amount.units : amount.units;
  let quotient = magnitude / divisor;
  const twiceRemainder = (magnitude % divisor) * 2n;

  if (twiceRemainder !== 0n && rounding === 'reject') {
    return fail(`more than ${digits} decimal places`);
  }
  if (twiceRemainder > divisor || (twiceRemainder === divisor && quotient % 2n === 1n)) {
    quotient += 1n;
  }

  return ok(negative ? -quotient : quotient);
}

/** Writes an exact decimal as plain text: `{ units: -1234n, scale: 3 }` is "-1.234". */
export function formatExact(amount: ExactDecimal): string {
  const negative = amount.units < 0n;
  const digits = (negative ? -amount.units : amount.units)
    .toString()
    .padStart(amount.scale + 1, '0');
  const whole = digits.slice(0, digits.length - amount.scale);
  const fraction = amount.scale > 0 ? `.${digits.slice(digits.length - amount.scale)}` : '';

  return `${negative ? '-' : ''}${whole}${fraction}`;
}

// ---------------------------------------------------------------------------------------------
// Dates

interface DateParts extends WallTime {
  /** Offset written in the value, in minutes east of UTC; null when the value had none. */
  offset: number | null;
}

const TIME_PART = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?`;
const ZONE_PART = String.raw`(Z|[+-]\d{2}(?::?\d{2})?)`;
const ISO_DATE_TIME = new RegExp(
  String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]${TIME_PART})?\s*${ZONE_PART}?$`,
  'i',
);
const SEPARATED_DATE = new RegExp(
  String.raw`^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})` +
    String.raw`(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])?\.?m?\.?)?$`,
  'i',
);
const SERIAL = /^\d+(?:\.\d+)?$/;
const DAY_MS = 86_400_000;
const EXCEL_MAX_SERIAL = 2_958_465;

/**
 * A parser for points in time. Accepts ISO 8601 (`2024-03-01T09:30:00Z`), `YYYY-MM-DD HH:MM:SS`
 * with an optional offset (`-0800`), `DD/MM/YYYY` or `MM/DD/YYYY` (with `/`, `.` or `-`, and an
 * optional time) by `order`, and Excel serial numbers. Values without an offset are read as
 * wall-clock time in `timeZone`.
 */
export function dateTimeParser(options: DateOptions = {}): ValueParser<Date> {
  const timeZone = checkedZone(options.timeZone ?? 'UTC');
  let lastText = '';
  let lastMs = 0;

  return (text) => {
    const trimmed = text.trim();
    if (trimmed === lastText) {
      return ok(new Date(lastMs));
    }

    const parts = readDateParts(trimmed, options);
    if (!parts.ok) {
      return parts;
    }

    const { offset } = parts.value;
    const ms = offset === null ? wallTimeToUtc(parts.value, timeZone) : asUtc(parts.value, offset);
    lastText = trimmed;
    lastMs = ms;

    return ok(new Date(ms));
  };
}

/** A parser for calendar dates, giving `YYYY-MM-DD`; any time of day is ignored. */
export function dateParser(options: DateOptions = {}): ValueParser<string> {
  return (text) => {
    const parts = readDateParts(text.trim(), options);
    if (!parts.ok) {
      return parts;
    }
    const { year, month, day } = parts.value;

    return ok(`${year}-${pad(month)}-${pad(day)}`);
  };
}

function checkedZone(timeZone: string): string {
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`The time zone "${timeZone}" is not known.`);
  }

  return timeZone;
}

function asUtc(parts: DateParts, offset: number): number {
  const { year, month, day, hour, minute, second, millisecond } = parts;

  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offset * 60_000;
}

function readDateParts(text: string, options: DateOptions): ParseResult<DateParts> {
  const iso = ISO_DATE_TIME.exec(text);
  if (iso !== null) {
    return fromIso(iso);
  }

  const separated = SEPARATED_DATE.exec(text);
  if (separated !== null) {
    return fromSeparated(separated, options.order ?? 'ymd');
  }

  if (SERIAL.test(text) && options.excelSerials !== false) {
    return fromExcelSerial(Number(text), options.excelEpoch ?? 1900);
  }

  return fail('not a date or time in a known format');
}

function fromIso(match: RegExpExecArray): ParseResult<DateParts> {
  const [, year, month, day, hour, minute, second, fraction, zone] = match;

  return checkedParts({
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond: Number((fraction ?? '').slice(0, 3).padEnd(3, '0')),
    offset: zone === undefined ? null : offsetMinutes(zone),
  });
}

function fromSeparated(match: RegExpExecArray, order: DateOrder): ParseResult<DateParts> {
  const [, first = '', , middle = '', last = '', hour, minute, second, meridiem] = match;
  const date = orderDate(first, middle, last, order);
  if (!date.ok) {
    return date;
  }

  const hours = meridiemHour(Number(hour ?? 0), meridiem);
  if (hours === null) {
    return fail('the hour does not fit am/pm');
  }

  return checkedParts({
    ...date.value,
    hour: hours,
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond: 0,
    offset: null,
  });
}

function orderDate(
  first: string,
  middle: string,
  last: string,
  order: DateOrder,
): ParseResult<{ year: number; month: number; day: number }> {
  if (first.length === 4) {
    return ok({ year: Number(first), month: Number(middle), day: Number(last) });
  }
  if (last.length !== 4 || first.length > 2) {
    return fail('the year must have four digits');
  }
  if (order === 'ymd') {
    return fail('day and month order is ambiguous; set the date order (dmy or mdy)');
  }

  const [day, month] = order === 'dmy' ? [first, middle] : [middle, first];

  return ok({ year: Number(last), month: Number(month), day: Number(day) });
}

function meridiemHour(hour: number, meridiem: string | undefined): number | null {
  if (meridiem === undefined) {
    return hour;
  }
  if (hour < 1 || hour > 12) {
    return null;
  }
  const pm = meridiem.toLowerCase() === 'p';

  return (hour % 12) + (pm ? 12 : 0);
}

/**
 * Excel counts days from 1900-01-01 = 1, and, copying a Lotus 1-2-3 bug, also counts a
 * 29 February 1900 that never existed as serial 60. Serials from 61 on are therefore one day
 * ahead of a plain count; serial 60 names no real day and is refused. The 1904 system counts
 * from 1904-01-01 = 0 with no such gap. The fraction is the time of day, to the second.
 */
function fromExcelSerial(serial: number, epoch: 1900 | 1904): ParseResult<DateParts> {
  const days = Math.floor(serial);
  const base = excelBase(days, epoch);
  if (!base.ok) {
    return base;
  }

  const seconds = Math.round((serial - days) * 86_400);
  const instant = new Date(base.value + days * DAY_MS + seconds * 1000);

  return ok({
    year: instant.getUTCFullYear(),
    month: instant.getUTCMonth() + 1,
    day: instant.getUTCDate(),
    hour: instant.getUTCHours(),
    minute: instant.getUTCMinutes(),
    second: instant.getUTCSeconds(),
    millisecond: 0,
    offset: null,
  });
}

function excelBase(days: number, epoch: 1900 | 1904): ParseResult<number> {
  if (days > EXCEL_MAX_SERIAL) {
    return fail('not a date (too large for an Excel serial date)');
  }
  if (epoch === 1904) {
    return ok(Date.UTC(1904, 0, 1));
  }
  if (days < 1) {
    return fail('Excel serial dates start at 1');
  }
  if (days === 60) {
    return fail('Excel serial 60 is 29 February 1900, a day that never existed');
  }

  return ok(days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30));
}

function offsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') {
    return 0;
  }

  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');

  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

function checkedParts(parts: DateParts): ParseResult<DateParts> {
  const { year, month, day, hour, minute, second } = parts;

  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail('not a real calendar date');
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return fail('not a real time of day');
  }
  if (parts.offset !== null && Math.abs(parts.offset) > 14 * 60) {
    return fail('the UTC offset is out of range');
  }

  return ok(parts);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

// ---------------------------------------------------------------------------------------------
// Text, ids, emails, booleans

const MAX_ID_CHARS = 255;
const EMAIL_LOCAL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const EMAIL_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/** Free text, trimmed at both ends. */
export const parseText: ValueParser<string> = (text) => ok(text.trim());

/**
 * An identifier (customer number, SKU, invoice number): trimmed and otherwise kept exactly,
 * so `000123` stays `000123`.
 */
export const parseId: ValueParser<string> = (text) => {
  const id = text.trim();

  if (id.length > MAX_ID_CHARS) {
    return fail(`an id may have at most ${MAX_ID_CHARS} characters`);
  }
  if (hasControlCharacter(id)) {
    return fail('an id may not contain control characters');
  }

  return ok(id);
};

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) {
      return true;
    }
  }

  return false;
}

/**
 * An email address: trimmed, checked for a plausible shape (one `@`, a dotted domain, no
 * spaces), and given a matching key that ignores letter case.
 */
export const parseEmail: ValueParser<EmailAddress> = (text) => {
  const address = text.trim();
  const at = address.lastIndexOf('@');

  if (address.length > 254 || at < 1 || address.indexOf('@') !== at) {
    return fail('not an email address');
  }

  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  const domainOk = labels.length >= 2 && labels.every((label) => EMAIL_LABEL.test(label));
  const topLevelOk = /^\p{L}{2,}$|^xn--[a-z0-9-]+$/iu.test(labels[labels.length - 1] ?? '');

  if (local.length > 64 || !EMAIL_LOCAL.test(local) || !domainOk || !topLevelOk) {
    return fail('not an email address');
  }

  return ok({ address, key: address.normalize('NFC').toLowerCase() });
};

const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1', 'ja', 'j', 'wahr', 'on']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0', 'nein', 'falsch', 'off']);

/** A yes/no value: yes/no, y/n, true/false, 1/0, on/off and German ja/nein, j/n, wahr/falsch. */
export const parseBoolean: ValueParser<boolean> = (text) => {
  const word = text.trim().toLowerCase();

  if (TRUE_WORDS.has(word)) {
    return ok(true);
  }
  if (FALSE_WORDS.has(word)) {
    return ok(false);
  }

  return fail('not a yes/no value');
};

/** A parser that accepts the given words (case-insensitively) and maps each to a value. */
export function enumParser<T extends string>(words: Readonly<Record<string, T>>): ValueParser<T> {
  const table = new Map(Object.entries(words).map(([word, value]) => [word.toLowerCase(), value]));
  const allowed = [...new Set(Object.values(words))].join(', ');

  return (text) => {
    const value = table.get(text.trim().toLowerCase());

    return value === undefined ? fail(`not one of: ${allowed}`) : ok(value);
  };
}
