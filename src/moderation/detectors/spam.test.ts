import { describe, expect, it } from 'vitest';
import type { AuthorContext } from '../moderation.types.js';
import { normalizeText, textFingerprint } from '../text/normalize.js';
import { detectSpam, suspicionScore, type SpamOptions } from './spam.js';

const ORDINARY: AuthorContext = {
  accountAgeHours: 24 * 200,
  emailVerified: true,
  publishedCount: 40,
  itemsLastHour: 0,
  rejectedCount: 0,
  recentFingerprints: [],
  sameTextElsewhere: 0,
};

function spam(text: string, author: Partial<AuthorContext> = {}, options?: SpamOptions) {
  return detectSpam(normalizeText(text), { ...ORDINARY, ...author }, options);
}

describe('detectSpam', () => {
  it('scores ordinary posts zero', () => {
    const result = spam('Does the 1.7 L glass kettle come in grey? Sizes run small.');
    expect(result.scores).toEqual({ spam: 0, scam: 0 });
    expect(result.spans).toEqual([]);
    expect(result.linkCount).toBe(0);
    expect(result.reasons).toEqual([]);
  });

  it('counts links and reports their domains', () => {
    const result = spam('See https://www.example.org/a, shop.example.net and bit.ly/x1.');
    expect(result.linkCount).toBe(3);
    expect(result.domains).toEqual(['example.org', 'shop.example.net', 'bit.ly']);
    expect(result.scores.spam).toBeGreaterThan(0.5);
    expect(result.spans.map((s) => s.rule)).toEqual([
      'link:example.org',
      'link:shop.example.net',
      'link:shortener:bit.ly',
    ]);
    expect(spam('one link: example.org').scores.spam).toBeLessThan(0.3);
  });

  it('does not take emails, decimals or abbreviations for links', () => {
    for (const text of [
      'mail jane@example.com',
      'it is 1.7 litres',
      'e.g. the grey one',
      'Mr.Smith',
    ]) {
      expect(spam(text).linkCount, text).toBe(0);
    }
  });

  it('flags shorteners, suspicious TLDs, messenger links and look-alike domains', () => {
    const text = 'https://bit.ly/3xYz9 win.xyz t.me/deals http://раypal.com';
    const rules = spam(text).spans.map((s) => s.rule);
    expect(rules).toEqual([
      'link:shortener:bit.ly',
      'link:tld:xyz',
      'link:messenger:t.me',
      'link:lookalike:раypal.com',
    ]);
    expect(spam(text).scores.scam).toBeGreaterThan(0.8);
  });

  it('does not hold links to trusted domains against the item', () => {
    const options = { trustedDomains: ['Example.com'] };
    const trusted = spam('See https://shop.example.com/kettles and example.com', {}, options);
    expect(trusted.scores.spam).toBe(0);
    expect(trusted.linkCount).toBe(2);
    const other = spam('See https://rival.co.uk/kettles', {}, options);
    expect(other.reasons).toContain('link:untrusted:rival.co.uk');
    expect(other.scores.spam).toBeGreaterThan(0);
  });

  it('is stricter on links from brand-new accounts', () => {
    const old = spam('see example.org').scores.spam!;
    const fresh = spam('see example.org', { accountAgeHours: 3 }).scores.spam!;
    expect(fresh).toBeGreaterThan(old);
  });

  it('finds disguised links', () => {
    for (const text of [
      'visit mysite [dot] com',
      'shop(.)xyz',
      'hxxp://bad',
      'bit ly slash abc',
      'go to you[tube] now',
    ]) {
      expect(spam(text).reasons, text).toContain('link:obfuscated');
    }
  });

  it('finds self-promotion and scam phrases, with spans', () => {
    const text = 'Check out my channel and subscribe! Free gift card, DM me on WhatsApp';
    const result = spam(text);
    expect(result.spans.map((s) => `${s.category}:${text.slice(s.start, s.end)}`)).toEqual([
      'spam:Check out my channel',
      'spam:and subscribe',
      'scam:Free gift card',
      'spam:DM me',
      'scam:DM me on WhatsApp',
    ]);
    expect(result.scores.spam).toBeGreaterThan(0.7);
    expect(result.scores.scam).toBeGreaterThan(0.8);
  });

  it.each([
    'Guaranteed returns with my bitcoin trading platform',
    'Earn $500 a day from home, click here',
    'Send the payment via gift cards only',
    'Congratulations you have won an iPhone, claim your prize',
    'Contact me on telegram for the deal',
  ])('scores a scam: %s', (text) => {
    expect(spam(text).scores.scam).toBeGreaterThanOrEqual(0.6);
  });

  it('flags a text this author posted before', () => {
    const text = 'Amazing deals on kettles this week only, come and see';
    const fingerprint = textFingerprint(normalizeText(text));
    const repeat = spam('AMAZING deals on kettles, this week only... come and see', {
      recentFingerprints: [fingerprint],
    });
    expect(repeat.reasons).toContain('duplicate_own');
    expect(repeat.scores.spam).toBeGreaterThanOrEqual(0.6);
    expect(
      spam('Thanks!', { recentFingerprints: [textFingerprint(normalizeText('Thanks!'))] }).reasons,
    ).toEqual([]);
  });

  it('flags the same text from many authors and fast posting', () => {
    const text = 'Amazing deals on kettles this week only, come and see';
    expect(spam(text, { sameTextElsewhere: 12 }).scores.spam).toBeGreaterThanOrEqual(0.8);
    expect(spam(text, { itemsLastHour: 40 }).scores.spam).toBeGreaterThanOrEqual(0.7);
    expect(spam(text, { itemsLastHour: 2 }).scores.spam).toBe(0);
  });

  it('notices shouting and runs of punctuation', () => {
    expect(spam('BEST KETTLE EVER BUY IT NOW').reasons).toContain('all_caps');
    expect(spam('OK').reasons).toEqual([]);
    const punct = spam('Wow!!!!! $$$$');
    expect(punct.spans.map((s) => s.rule)).toEqual([
      'repeated_punctuation',
      'repeated_punctuation',
    ]);
  });
});

describe('suspicionScore', () => {
  it('is zero for an established member without links', () => {
    expect(suspicionScore(ORDINARY, 0)).toEqual({ score: 0, reasons: [] });
  });

  it('adds up the reasons for caution, capped at 1', () => {
    const fresh = suspicionScore(
      { ...ORDINARY, accountAgeHours: 2, emailVerified: false, publishedCount: 0 },
      1,
    );
    expect(fresh.reasons).toEqual([
      'account_under_24h',
      'links',
      'email_unverified',
      'no_published_items',
    ]);
    expect(fresh.score).toBe(0.8);
    const worst = suspicionScore(
      {
        ...ORDINARY,
        accountAgeHours: 2,
        emailVerified: false,
        publishedCount: 0,
        itemsLastHour: 20,
        rejectedCount: 5,
      },
      5,
    );
    expect(worst.score).toBe(1);
  });

  it('grades account age, history and rejections', () => {
    expect(suspicionScore({ ...ORDINARY, accountAgeHours: 100 }, 0).reasons).toEqual([
      'account_under_7d',
    ]);
    expect(suspicionScore({ ...ORDINARY, publishedCount: 2, rejectedCount: 1 }, 0)).toEqual({
      score: 0.25,
      reasons: ['few_published_items', 'earlier_rejection'],
    });
    expect(suspicionScore({ ...ORDINARY, itemsLastHour: 6 }, 3).reasons).toEqual([
      'many_links',
      'posting_often',
    ]);
  });
});

describe('user trial: busy members and repeated short remarks', () => {
  const text = 'Amazing deals on kettles this week only, come and see';

  it('lets quick replies in a busy thread through, and says why speed counted', () => {
    const busy = spam(text, { itemsLastHour: 16 });
    expect(busy.scores.spam).toBeLessThan(0.5);
    expect(busy.reasons).toContain('velocity');
    expect(spam(text, { itemsLastHour: 8 }).scores.spam).toBeCloseTo(0.3, 3);
    expect(spam(text, { itemsLastHour: 30 }).scores.spam).toBeCloseTo(0.7, 3);
  });

  it('does not count short texts other members also wrote', () => {
    const short = spam('Darn, missed the drop again', { sameTextElsewhere: 3 });
    expect(short.scores.spam).toBe(0);
    expect(short.reasons).not.toContain('duplicate_elsewhere');
    expect(spam(text, { sameTextElsewhere: 3 }).reasons).toContain('duplicate_elsewhere');
    // the author's own repeat still counts from 20 letters
    const own = 'Missed the drop again, gutted';
    expect(
      spam(own, { recentFingerprints: [textFingerprint(normalizeText(own))] }).reasons,
    ).toContain('duplicate_own');
  });
});

describe('user trial: bargain lures next to untrusted links', () => {
  it('scores a bare lure link as a scam', () => {
    const text = 'Get 90% off Northwind bags at cheap-northwind-outlet.shop';
    expect(spam(text).scores.scam).toBeGreaterThanOrEqual(0.5);
    const branded = spam(text, {}, { trustedDomains: ['northwind.com'] });
    expect(branded.scores.scam).toBeGreaterThanOrEqual(0.7);
    expect(branded.reasons).toContain('link:brand_lookalike:northwind');
  });

  it('flags a host that borrows a trusted name', () => {
    const result = spam(
      'Northwind bags here: northwind-bags.shop',
      {},
      {
        trustedDomains: ['northwind.com'],
      },
    );
    expect(result.scores.scam).toBeGreaterThanOrEqual(0.5);
  });

  it('keeps ordinary offers low', () => {
    expect(
      spam('Got 20% off at northwind.com today', {}, { trustedDomains: ['northwind.com'] }).scores,
    ).toEqual({ spam: 0, scam: 0 });
    expect(spam('Got 20% off at northwind.com today').scores.scam).toBeLessThan(0.5);
    expect(spam('Free delivery over £50 this week').scores.scam).toBe(0);
  });
});
