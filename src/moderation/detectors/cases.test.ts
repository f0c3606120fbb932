/**
 * The shared moderation field cases (mod-prof-*, mod-pii-*) and a corpus of ordinary retail
 * sentences that must come through clean. Security test S27 (evasion variants) is in
 * test/security/s27-moderation-evasion.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { AuthorContext } from '../moderation.types.js';
import { normalizeText } from '../text/normalize.js';
import { detectPersonalData } from './personal-data.js';
import { createProfanityDetector } from './profanity.js';
import { detectSpam } from './spam.js';
import { detectToxicityRules } from './toxicity-rules.js';
import { createWatchedWords } from './watched-words.js';

const profanity = createProfanityDetector();

function profane(text: string): boolean {
  const n = normalizeText(text);
  const result = profanity.detect(n);
  // normalisation never alters the stored text
  expect(n.original).toBe(text);
  return result.spans.some((s) => s.category === 'profanity');
}

function phoneFound(text: string): boolean {
  return detectPersonalData(normalizeText(text)).spans.some((s) => s.rule === 'phone');
}

const ORDINARY: AuthorContext = {
  accountAgeHours: 24 * 120,
  emailVerified: true,
  publishedCount: 25,
  itemsLastHour: 0,
  rejectedCount: 0,
  recentFingerprints: [],
  sameTextElsewhere: 0,
};

describe('mod-prof-01: place names are not profanity', () => {
  it.each([
    'Click-and-collect is now live at our Scunthorpe store.',
    'Anyone driving from Penistone to the Sheffield outlet on Saturday?',
  ])('%s', (text) => {
    expect(profane(text)).toBe(false);
  });
});

describe('mod-prof-03: watched words match whole words only', () => {
  const watched = createWatchedWords([
    { word: 'art', action: 'tag', tag: 'art-talk' },
    { word: 'tit', action: 'censor' },
  ]);

  it('does not tag "artist" or censor "title"', () => {
    const text = 'The artist collab drops Friday, see the product title on the page.';
    const outcome = watched.apply(normalizeText(text));
    expect(outcome.tags).toEqual([]);
    expect(outcome.censored).toBe(text);
    expect(outcome.actions).toEqual([]);
  });

  it('tags "art"', () => {
    const outcome = watched.apply(normalizeText('Loved the art in the new window display.'));
    expect(outcome.tags).toEqual(['art-talk']);
  });
});

describe('mod-prof-04: invisible characters do not hide a word', () => {
  it.each([
    ['Your courier is an a\u200bsshole', true],
    ['Absolute sh\u00adi\u2060t service', true],
    ['Family pack 👨\u200d👩\u200d👧 arrived today', false],
  ] as const)('%s → %s', (text, flagged) => {
    expect(profane(text)).toBe(flagged);
  });
});

describe('mod-prof-05: spaced-out letters', () => {
  it.each([
    ['This store is s h i t', true],
    ['s.h.i.t service again', true],
    ['f_u_c_k this queue', true],
    ['Aisles A, B, C and D are closed for restocking', false],
  ] as const)('%s → %s', (text, flagged) => {
    expect(profane(text)).toBe(flagged);
  });
});

describe('mod-prof-06: leetspeak, but not identifiers or numbers', () => {
  it.each([
    ['Product is total sh1t', true],
    ['$h!t delivery, again', true],
    ['Tracking id KQ7F4GZ21 shows delivered', false],
    ['Pallet location 142,460 in aisle 9', false],
  ] as const)('%s → %s', (text, flagged) => {
    expect(profane(text)).toBe(flagged);
  });
});

describe('mod-pii-01: phone numbers, not order numbers, barcodes or builds', () => {
  it.each([
    ["My order 10023456 still hasn't shipped.", false],
    ['Barcode on the box: 0190074442', false],
    ['App build 2024 1130 0917 crashes at checkout.', false],
    ['Call me on +44 7700 900123 about the return.', true],
    ['Ring 020 7946 0018 after 5pm.', true],
  ] as const)('%s → %s', (text, found) => {
    expect(phoneFound(text)).toBe(found);
  });

  it('reports the phone number span in the original text', () => {
    const text = 'Ring 020 7946 0018 after 5pm.';
    const span = detectPersonalData(normalizeText(text)).spans[0]!;
    expect(text.slice(span.start, span.end)).toBe('020 7946 0018');
  });
});

describe('ordinary retail sentences', () => {
  const sentences = [
    'Does the 1.7 L glass kettle come in grey?',
    'Sizes run small, order one up',
    'Class of 2024 hoodie',
    'I assessed the cocktail dress',
    'Grape-nut cereal',
    'Essex store opening hours',
    'Hancock Street store',
    'Click-and-collect is now live at our Scunthorpe store.',
    'Anyone driving from Penistone to the Sheffield outlet on Saturday?',
    'The product title says shiitake mushrooms but the pack says shitake.',
    'Our analyst says the passage lamps are back in stock.',
    'Is the Cockburn port gift set still available in Middlesex and Sussex?',
    'Assassin themed bass guitar strap, great for classical players too',
    'The cumulative discount applied at checkout, brilliant.',
    'Spick and span: the cleaner works on grass stains and glass.',
    'XXL hoodie and XS tee, both in nude and black',
    'Bought the blue tit feeder and a Hooker chair, both arrived fine',
    'Cornhole set for the garden party, kids loved it',
    'Size 10 shoes, 3 pairs, shipped 2024-11-30',
    'Price dropped to 1,299.99 for the 65 inch TV',
    'Version 2.4.1 of the app fixed the basket bug',
    'Order 10023456 arrived, EAN 5012345678900 on the label',
    'The store is 5 minutes down the road from the station',
    'Can I use two gift cards on one order?',
    'Thank you so much, the staff at Hancock Street were lovely',
    'Mississippi mud pie is back on the bakery shelf',
    'The Dickens box set is a lovely gift',
    'Where can I find the title deeds folder in the stationery aisle?',
    'Do you stock Hitachi and Matsushita spares?',
    'Loved the art in the new window display.',
    'Raccoon plush toy for my niece, so cute',
    'Anyone tried the new shell suits? Hell of a bargain at that price',
    'Subscribe to the newsletter for offers on kettles',
    'Buy now, pay later is available on orders over £50',
    'My kids think the Dick Whittington panto costume is hilarious',
    'Is the Scunthorpe branch open on bank holidays?',
    'Great service!!! Will order again',
  ];

  it.each(sentences)('%s', (text) => {
    const n = normalizeText(text);
    expect(profanity.detect(n).scores.profanity ?? 0).toBeLessThan(0.5);
    expect(detectPersonalData(n).spans).toEqual([]);
    expect(detectSpam(n, ORDINARY).scores.spam ?? 0).toBeLessThan(0.3);
    const toxic = detectToxicityRules(n).scores;
    for (const value of Object.values(toxic)) {
      expect(value).toBeLessThan(0.3);
    }
  });

  it('none of them is profane at all, except the mild "hell"', () => {
    const flagged = sentences.filter((text) => profane(text));
    expect(flagged).toEqual(['Anyone tried the new shell suits? Hell of a bargain at that price']);
  });
});
