import { describe, expect, it } from 'vitest';
import { normalizeText } from '../text/normalize.js';
import { detectPersonalData } from './personal-data.js';

/** "rule=original text" for each span. */
function found(text: string): string[] {
  return detectPersonalData(normalizeText(text)).spans.map(
    (s) => `${s.rule}=${text.slice(s.start, s.end)}`,
  );
}

describe('detectPersonalData', () => {
  it('reports nothing with a zero score for clean text', () => {
    expect(detectPersonalData(normalizeText('Lovely kettle'))).toEqual({
      detector: 'personal_data',
      scores: { personal_data: 0 },
      spans: [],
    });
  });

  it('finds email addresses', () => {
    expect(found('Mail jane.doe+shop@example.co.uk or J0HN@Example.COM.')).toEqual([
      'email=jane.doe+shop@example.co.uk',
      'email=J0HN@Example.COM',
    ]);
    expect(found('ping @sarah about it')).toEqual([]);
  });

  it('finds phone numbers in their usual layouts', () => {
    expect(found('Call me on +44 7700 900123 about the return.')).toEqual([
      'phone=+44 7700 900123',
    ]);
    expect(found('Ring 020 7946 0018 after 5pm.')).toEqual(['phone=020 7946 0018']);
    expect(found('US: (555) 010-1234 or 555.010.1234')).toEqual([
      'phone=(555) 010-1234',
      'phone=555.010.1234',
    ]);
    expect(found('whatsapp me 07700900123')).toEqual(['phone=07700900123']);
    expect(found('my mobile: 7700 900 123')).toEqual(['phone=7700 900 123']);
  });

  it('ignores reference numbers, barcodes, builds and quantities', () => {
    for (const text of [
      "My order 10023456 still hasn't shipped.",
      'Barcode on the box: 0190074442',
      'App build 2024 1130 0917 crashes at checkout.',
      'Tracking number 0123 4567 8901 please',
      'order #07700 900123',
      'Order 0207 946 0018 is late',
      'SKU 555-010-1234 is out of stock',
      'Invoice ref 020 7946 0018',
      'Pallet location 142,460 in aisle 9',
      'Delivered 2024-11-30 at 10:45',
      'Version 2.4.1, price 1,299.99',
      'The number 42 is the answer',
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('finds card numbers that pass the Luhn check and look like cards', () => {
    expect(found('card 4111 1111 1111 1111 exp 09/27')).toEqual(['card=4111 1111 1111 1111']);
    expect(found('amex 3782-822463-10005')).toEqual(['card=3782-822463-10005']);
    expect(found('card 4111 1111 1111 1112')).toEqual([]); // fails Luhn
    expect(found('EAN 5012345678900 on the label')).toEqual([]); // a barcode
    expect(found('gift card 0000 0000 0000 0000')).toEqual([]);
  });

  it('finds IBANs with a valid check', () => {
    expect(found('Pay to GB82 WEST 1234 5698 7654 32 please')).toEqual([
      'iban=GB82 WEST 1234 5698 7654 32',
    ]);
    expect(found('Pay to GB83 WEST 1234 5698 7654 32 please')).toEqual([]);
  });

  it('finds UK postcodes and street addresses', () => {
    expect(found('I live at 221B Baker Street, London NW1 6XE')).toEqual([
      'address=221B Baker Street',
      'address=NW1 6XE',
    ]);
    expect(found('send it to sw1a 1aa')).toEqual(['address=sw1a 1aa']);
    expect(found('Flat 2, 14 Hill Rd')).toEqual(['address=14 Hill Rd']);
    expect(found('Hancock Street store')).toEqual([]);
    expect(found('The store is 5 minutes down the road')).toEqual([]);
    expect(found('Bought 2 at the St Albans branch')).toEqual([]);
  });

  it('scores card and email 1, phone 0.9, address 0.6', () => {
    const score = (text: string) => detectPersonalData(normalizeText(text)).scores.personal_data;
    expect(score('jane@example.com')).toBe(1);
    expect(score('4111111111111111')).toBe(1);
    expect(score('+44 7700 900123')).toBe(0.9);
    expect(score('10 Downing Street')).toBe(0.6);
    expect(score('10 Downing Street, +44 7700 900123')).toBe(0.9);
  });

  it('points spans at the original text through invisible characters', () => {
    const text = 'call +44\u200b7700 900123';
    const span = detectPersonalData(normalizeText(text)).spans[0]!;
    expect(text.slice(span.start, span.end)).toBe('+44\u200b7700 900123');
  });
});

describe('user trial: home addresses and spaced phone numbers', () => {
  const score = (text: string) => detectPersonalData(normalizeText(text)).scores.personal_data;

  it('scores a street with a postcode, or "I live at", as a full address', () => {
    expect(score('I live at 221B Baker Street, London NW1 6XE')).toBeGreaterThanOrEqual(0.85);
    expect(score('I live at 12 Elm Road')).toBeGreaterThanOrEqual(0.85);
    expect(score('Send it to 12 Elm Road, Leeds LS1 4AB please')).toBeGreaterThanOrEqual(0.85);
    expect(score('The shop at 12 High Street is closed')).toBe(0.6);
    expect(score('Postcode NW1 6XE is in the delivery zone')).toBe(0.6);
  });

  it('reports the whole of a number written digit by digit', () => {
    expect(found('Ring me: 0 7 7 0 0 9 0 0 1 2 3')).toEqual(['phone=0 7 7 0 0 9 0 0 1 2 3']);
    expect(found('call +44 7 7 0 0 9 0 0 1 2 3 now')).toEqual(['phone=+44 7 7 0 0 9 0 0 1 2 3']);
  });
});
