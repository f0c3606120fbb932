/**
 * Guild moderation: personal data a member should not post in public — email addresses,
 * phone numbers, payment card numbers, IBANs and street addresses.
 *
 * Phone numbers are only reported when they look like phone numbers (an international `+`
 * prefix, a grouped national number starting with the trunk `0`, a North American layout, or a
 * number right after a word such as "call" or "mobile") and not when the words before them say
 * they are an order, barcode, build, tracking or other reference number. Card numbers must pass
 * the Luhn check and start like a card. Scores: email, card, IBAN 1.0; phone 0.9; address 0.6.
 */
import type { DetectorResult, Span } from '../moderation.types.js';
import { findEmailAddresses, toOriginalRange, type NormalizedText } from '../text/normalize.js';
import { wordTokens } from './tokens.js';

type Rule = 'email' | 'phone' | 'card' | 'iban' | 'address';

const SCORE: Record<Rule, number> = {
  email: 1,
  card: 1,
  iban: 1,
  phone: 0.9,
  address: 0.6,
};
/** A full home address: a street with a postcode, or an address the member says is theirs. */
const FULL_ADDRESS_SCORE = 0.9;
/** Words just before an address that say it is where someone lives. */
const HOME_ADDRESS_LEAD =
  /(?:\b(?:i|we|he|she|they|you)\s+(?:live|lives|stay|stays|am|are|is)\s+(?:at|on|in)|\b(?:i'm|i’m|im|we're|we’re)\s+at|\b(?:my|our|his|her|their|your)\s+(?:home\s+)?(?:address|house|flat|place)\s+(?:is\s+)?(?:at\s+)?:?|\bcome\s+(?:round|over|to)\s+(?:to\s+)?)\s*$/i;

// A number must not stop just before another digit group ("0 7 7 … 2 3" is one number): the
// look-aheads refuse an end followed by a separator and a digit; the digit count is checked
// in code, so separators may be as many as the digits.
const PHONE_INTERNATIONAL = /(?<![\p{L}\p{N}+])\+\d[\d .\-()]{6,30}\d(?![\d]|[ .-]\d)/gu;
const PHONE_TRUNK = /(?<![\p{L}\p{N}.,])0\d{2,4}(?:[ .-]\d{2,4}){1,3}(?![\p{L}\p{N}]|[.,]\d)/gu;
const PHONE_NORTH_AMERICA =
  /(?<![\p{L}\p{N}])(?:\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\p{L}\p{N}]|[.-]\d)/gu;
const PHONE_AFTER_WORD =
  /(?<![\p{L}\p{N}])(?:call|ring|phone|telephone|tel|mobile|mob|cell|cellphone|whatsapp|text|txt|sms|landline|fax|number|num)(?: (?:me|us|him|her|them))?(?: ?(?:on|at|is|:|-|#))* ?(\+?\d[\d .\-()]{5,30}\d)(?![\d]|[ .-]\d)/gu;

const CARD = /(?<![\p{N}])(?:\d[ -]?){12,18}\d(?![\p{N}])/gu;
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6|5[06-9])/;

const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;

const UK_AREAS =
  'AB|AL|BA|BB|BD|BH|BL|BN|BR|BS|BT|B|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN|DT|DY|EC|EH|EN|EX|E|FK|FY|GL|GU|GY|G|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|LA|LD|LE|LL|LN|LS|LU|L|ME|MK|ML|M|NE|NG|NN|NP|NR|NW|N|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|SA|SE|SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|S|TA|TD|TF|TN|TQ|TR|TS|TW|UB|WA|WC|WD|WF|WN|WR|WS|WV|W|YO|ZE';
const UK_AREA_SET = new Set(UK_AREAS.split('|'));
/** Postcode-shaped text; the area letters are checked against `UK_AREA_SET` in code. */
const UK_POSTCODE =
  /(?<![\p{L}\p{N}])([A-Z]{1,2})\d[A-Z\d]?( ?)\d[ABD-HJLNP-UW-Z]{2}(?![\p{L}\p{N}])/giu;
const STREET_TYPES =
  'street|road|avenue|lane|drive|close|court|crescent|way|place|terrace|gardens|grove|boulevard|square|parade|mews|row|hill|walk|highway|parkway|st|rd|ave|ln|dr|ct|cres|pl|gdns|blvd|sq|hwy|pkwy';
const STREET = new RegExp(
  `(?<![\\p{L}\\p{N}])(\\d{1,5}[a-z]?),? ((?:[\\p{L}][\\p{L}'’-]* ){1,3})(${STREET_TYPES})(?![\\p{L}\\p{N}])`,
  'giu',
);
const STREET_ABBREVIATIONS = new Set([
  'st',
  'rd',
  'ave',
  'ln',
  'dr',
  'ct',
  'cres',
  'pl',
  'gdns',
  'blvd',
  'sq',
  'hwy',
  'pkwy',
]);
/** Words that make "<number> … road" a distance or a quantity, not an address. */
const NOT_STREET_NAME = new Set(
  (
    'the a an of my your our his her their this that these those down up to from in on at for ' +
    'and or by with minutes mins minute miles mile km hours hrs hour days day weeks times items ' +
    'pairs pair boxes box pieces people steps seconds more less other off out over along across ' +
    'near past is was are were it its i we you they he she me us them per each every x'
  ).split(' '),
);

/** Words just before a number that say it is a reference, not a phone or card number. */
const REFERENCE_WORDS = new Set(
  (
    'order orders barcode bar build tracking track trace sku invoice ref reference item product ' +
    'model serial part upc ean gtin isbn asin receipt transaction parcel package shipment ticket ' +
    'case po batch lot code id version ver release account acct membership loyalty voucher ' +
    'coupon booking confirmation pallet location aisle bin stock article style'
  ).split(' '),
);

/** Cheap test for an inward postcode code ("1AA") anywhere in the text. */
const MAY_HOLD_POSTCODE = /\d[A-Za-z]{2}(?![A-Za-z])/;
const STREET_TYPE_WORDS = new Set(STREET_TYPES.split('|'));

function countDigits(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      count += 1;
    }
  }
  return count;
}

/** Whether a word like "street" or "rd" appears at all. */
function mayHoldStreet(n: NormalizedText): boolean {
  for (const word of wordTokens(n).words) {
    if (STREET_TYPE_WORDS.has(word)) {
      return true;
    }
  }
  return false;
}

function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** GTIN / EAN / UPC check digit. */
function gtinValid(digits: string): boolean {
  let sum = 0;
  const last = digits.length - 1;
  for (let i = 0; i < last; i += 1) {
    const d = digits.charCodeAt(last - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(last) - 48;
}

function ibanValid(compact: string): boolean {
  if (compact.length < 15 || compact.length > 34) {
    return false;
  }
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) {
      remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
    }
  }
  return remainder === 1;
}

/** Whether one of the three words before `index` of `text` marks a reference number. */
function afterReferenceWord(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 40), index);
  if (/#\s*$/.test(before)) {
    return true;
  }
  const words = before.match(/[\p{L}]+/gu) ?? [];
  for (let i = Math.max(0, words.length - 3); i < words.length; i += 1) {
    if (REFERENCE_WORDS.has(words[i] ?? '')) {
      return true;
    }
  }
  return false;
}

interface Found {
  start: number;
  end: number;
  rule: Rule;
  /** For addresses: `postcode` or `street`. */
  kind?: 'postcode' | 'street';
}

function overlaps(found: readonly Found[], start: number, end: number): boolean {
  return found.some((f) => f.start < end && start < f.end);
}

/**
 * Finds personal data in a text: emails, phone numbers, card numbers, IBANs and street
 * addresses (UK postcodes, "<number> <Name> Street"). Spans point into the original text.
 */
export function detectPersonalData(n: NormalizedText): DetectorResult {
  const original = n.original;
  const text = n.text;
  const inText: Found[] = [];
  const inOriginal: Found[] = [];

  if (original.includes('@')) {
    for (const range of findEmailAddresses(original)) {
      inOriginal.push({ ...range, rule: 'email' });
    }
  }

  if (countDigits(text) >= 7) {
    for (const m of text.matchAll(CARD)) {
      const digits = digitsOf(m[0]);
      if (
        digits.length >= 13 &&
        digits.length <= 19 &&
        CARD_PREFIX.test(digits) &&
        !/^(\d)\1+$/.test(digits) &&
        luhn(digits) &&
        !(m[0] === digits && (digits.length === 13 || digits.length === 14) && gtinValid(digits)) &&
        !afterReferenceWord(text, m.index)
      ) {
        inText.push({ start: m.index, end: m.index + m[0].length, rule: 'card' });
      }
    }

    const phoneCandidate = (start: number, end: number, minDigits: number, strong: boolean) => {
      const digits = digitsOf(text.slice(start, end));
      if (digits.length < minDigits || digits.length > 15 || overlaps(inText, start, end)) {
        return;
      }
      if (!strong && afterReferenceWord(text, start)) {
        return;
      }
      inText.push({ start, end, rule: 'phone' });
    };
    for (const m of text.matchAll(PHONE_INTERNATIONAL)) {
      phoneCandidate(m.index, m.index + m[0].length, 8, true);
    }
    for (const m of text.matchAll(PHONE_TRUNK)) {
      const digits = digitsOf(m[0]).length;
      if (digits === 10 || digits === 11) {
        phoneCandidate(m.index, m.index + m[0].length, 10, false);
      }
    }
    for (const m of text.matchAll(PHONE_NORTH_AMERICA)) {
      phoneCandidate(m.index, m.index + m[0].length, 10, false);
    }
    for (const m of text.matchAll(PHONE_AFTER_WORD)) {
      const number = m[1] ?? '';
      const start = m.index + m[0].length - number.length;
      phoneCandidate(start, start + number.length, 7, false);
    }
  }

  if (/[A-Z]{2}\d{2}/.test(original)) {
    for (const m of original.matchAll(IBAN)) {
      if (ibanValid(m[0].replace(/ /g, ''))) {
        inOriginal.push({ start: m.index, end: m.index + m[0].length, rule: 'iban' });
      }
    }
  }

  if (MAY_HOLD_POSTCODE.test(original)) {
    for (const m of original.matchAll(UK_POSTCODE)) {
      const spaced = (m[2] ?? '') === ' ';
      if (!UK_AREA_SET.has((m[1] ?? '').toUpperCase())) {
        continue;
      }
      if (spaced || m[0] === m[0].toUpperCase()) {
        inOriginal.push({
          start: m.index,
          end: m.index + m[0].length,
          rule: 'address',
          kind: 'postcode',
        });
      }
    }
  }
  if (mayHoldStreet(n)) {
    for (const m of original.matchAll(STREET)) {
      const names = (m[2] ?? '').trim().split(' ');
      const type = m[3] ?? '';
      if (names.some((w) => NOT_STREET_NAME.has(w.toLowerCase()))) {
        continue;
      }
      if (
        STREET_ABBREVIATIONS.has(type.toLowerCase()) &&
        type.charAt(0) === type.charAt(0).toLowerCase()
      ) {
        continue;
      }
      inOriginal.push({
        start: m.index,
        end: m.index + m[0].length,
        rule: 'address',
        kind: 'street',
      });
    }
  }

  // A street and a postcode together, or "I live at <street>", make a full home address.
  const streets = inOriginal.filter((f) => f.rule === 'address' && f.kind === 'street');
  const postcodes = inOriginal.filter((f) => f.rule === 'address' && f.kind === 'postcode');
  let fullAddress = false;
  for (const street of streets) {
    const lead = original.slice(Math.max(0, street.start - 40), street.start);
    if (
      HOME_ADDRESS_LEAD.test(lead) ||
      postcodes.some((p) => p.start >= street.end && p.start - street.end <= 60)
    ) {
      fullAddress = true;
    }
  }

  const spans: Span[] = [];
  let score = fullAddress ? FULL_ADDRESS_SCORE : 0;
  for (const f of inText) {
    const range = toOriginalRange(n, f.start, f.end);
    if (overlaps(inOriginal, range.start, range.end)) {
      continue;
    }
    spans.push({ ...range, category: 'personal_data', rule: f.rule });
    score = Math.max(score, SCORE[f.rule]);
  }
  for (const f of inOriginal) {
    spans.push({ start: f.start, end: f.end, category: 'personal_data', rule: f.rule });
    score = Math.max(score, SCORE[f.rule]);
  }
  spans.sort((a, b) => a.start - b.start);
  return { detector: 'personal_data', scores: { personal_data: score }, spans };
}
