/**
 * Triggers the text itself shows (DISC-01): affiliate links and personal discount codes. The
 * other triggers (ambassador contract, staff, gifts, contests) come from Guild's data and are
 * passed in by the caller.
 */

/** One thing found in the text, with its range in the text. */
export interface TextTrigger {
  kind: 'affiliate_link' | 'discount_code';
  start: number;
  end: number;
  text: string;
}

const URL = /(?:https?:\/\/|www\.)[^\s<>"']+/gi;
/** Hosts and query keys that mark an address as an affiliate or tracking link. */
const AFFILIATE_HOSTS = [
  'amzn\\.to',
  'amzn\\.eu',
  'geni\\.us',
  'rstyle\\.me',
  'liketk\\.it',
  'shopstyle\\.',
  'shareasale\\.',
  'awin1\\.com',
  'skimresources',
];
const AFFILIATE_KEYS = 'tag|ref|aff|affid|aff_id|affiliate|a_aid|ranmid|irclickid|clickref';
const AFFILIATE_URL = new RegExp(
  `(?:${AFFILIATE_HOSTS.join('|')}|[?&](?:${AFFILIATE_KEYS})=|/ref=|/aff/|` +
    'utm_medium=(?:affiliate|influencer))',
  'i',
);
/** "code MARA15", "promo code: SPRING20", "Rabattcode LENA10". */
const CODE = new RegExp(
  String.raw`\b(?:(?:promo|discount|coupon|voucher|rabatt|gutschein)[- ]?code|code(?:\s+promo)?` +
    String.raw`|codigo|cupon)\s*[:=-]?\s*["'“]?([A-Z0-9][A-Z0-9_-]{3,19})\b`,
  'gi',
);

/** Affiliate links and discount codes in `text`. */
export function findTextTriggers(text: string): TextTrigger[] {
  const found: TextTrigger[] = [];
  for (const m of text.matchAll(URL)) {
    if (AFFILIATE_URL.test(m[0])) {
      found.push({
        kind: 'affiliate_link',
        start: m.index,
        end: m.index + m[0].length,
        text: m[0],
      });
    }
  }
  for (const m of text.matchAll(CODE)) {
    const code = m[1] ?? '';
    // a code is written in capitals or mixes in digits; "code is" or "code below" are words
    if (code !== code.toUpperCase() && !/\d/.test(code)) {
      continue;
    }
    const start = m.index + m[0].lastIndexOf(code);
    found.push({ kind: 'discount_code', start, end: start + code.length, text: code });
  }
  return found.sort((a, b) => a.start - b.start);
}
