/**
 * Guild moderation: spam and scam signals for one item, and a suspicion score for its author.
 *
 * `detectSpam` reads the text (links and their domains, disguised links, self-promotion and
 * scam phrases, shouting and runs of punctuation) and the author's recent activity (the same
 * text posted before or by others, posting speed). It scores `spam` and `scam` in [0, 1];
 * text-based reasons come with spans into the original text.
 *
 * `suspicionScore` rates how much caution an author's item deserves (new account, links,
 * speed, unverified email, little history, earlier rejections), so that new and low-trust
 * members can be held to stricter rules.
 */
import type { AuthorContext, DetectorResult, Span } from '../moderation.types.js';
import { textFingerprint, toOriginalRange, type NormalizedText } from '../text/normalize.js';
import { buildPhraseText, compilePhraseRules, type PhraseRuleSpec } from './phrase-text.js';
import { wordTokens } from './tokens.js';

/** What a tenant can change about spam detection. */
export interface SpamOptions {
  /** Domains (and their subdomains) that members may link to freely, e.g. the shop's own. */
  trustedDomains?: readonly string[];
}

/** Spam detector output: the usual result plus what it found out about links. */
export interface SpamResult extends DetectorResult {
  /** Links in the text, trusted ones included. */
  linkCount: number;
  /** Host names of those links, lower case, without `www.`. */
  domains: string[];
  /** Every rule that fired, text-based or not (`link:shortener`, `duplicate_own`, …). */
  reasons: string[];
}

/** How suspicious an author's item is, with the reasons. */
export interface Suspicion {
  score: number;
  reasons: string[];
}

const SHORTENERS = new Set(
  (
    'bit.ly bitly.com tinyurl.com t.co goo.gl ow.ly is.gd v.gd buff.ly cutt.ly rebrand.ly ' +
    'shorturl.at tiny.cc rb.gy t.ly s.id lnkd.in bl.ink short.io tiny.one shorte.st adf.ly ' +
    'soo.gd clck.ru qr.ae surl.li shorturl.com u.to'
  ).split(' '),
);
const MESSENGER_HOSTS = new Set([
  't.me',
  'telegram.me',
  'wa.me',
  'chat.whatsapp.com',
  'api.whatsapp.com',
]);
const SUSPICIOUS_TLDS = new Set(
  (
    'xyz top click loan loans work gq tk ml cf ga buzz rest icu cam monster quest sbs cfd zip ' +
    'mov win bid men review country stream download racing date faith party trade science ' +
    'accountant cricket kim bar cyou lat'
  ).split(' '),
);
/** Top-level domains recognised in bare links ("example.com"); ambiguous short words left out. */
const BARE_TLDS =
  'com|net|org|edu|gov|info|biz|io|co|uk|ca|au|de|fr|nl|ie|ru|cn|jp|br|pl|ch|se|dk|fi|pt|cz|nz|za|mx|kr|tv|cc|ly|gl|gd|ws|su|ai|gg|sh|app|dev|shop|store|online|site|website|live|blog|link|club|vip|fun|space|tech|pro|today|world|life|news|email|xyz|top|click|loan|work|gq|tk|ml|cf|ga|buzz|rest|icu|cam|monster|quest|sbs|cfd|win|bid|men|review|stream|download|racing|party|trade|science|cyou';
const BARE_TLD_SET = new Set(BARE_TLDS.split('|'));
const KNOWN_HOSTS = new Set([...SHORTENERS, ...MESSENGER_HOSTS]);

const URL_WITH_SCHEME = /(?:\b(?:https?|hxxps?|ftp):\/\/|\bwww\.)[^\s<>"'()[\]{}]+/giu;
const NAME_CHAR = /^[\p{L}\p{N}]$/u;
/** Characters that, just before a dotted name, make it part of something else. */
const NOT_BEFORE_NAME = new Set(['@', '.', '-', '/', '_']);

/** Disguised dots: `[.]`, `(dot)`, `{.}`, ` dot `. */
const DOT_MARKER = /\[\s*(?:\.|dot)\s*\]|\(\s*(?:\.|dot)\s*\)|\{\s*(?:\.|dot)\s*\}|\s+dot\s+/giu;
const NAME_BEFORE_MARKER = /[\p{L}\p{N}-]{2,}\s*$/u;
const TLD_AFTER_MARKER = new RegExp(`\\s*(?:${BARE_TLDS}|me|in|be)(?![\\p{L}\\p{N}])`, 'iuy');
const HXXP = /\bhxxps?\b/gi;
const SPACED_SHORTENER = /\bbit\s*(?:dot|\s)\s*ly\b/gi;
const BRACKETED_NAME = /(?<![\p{L}\p{N}])[a-z]{2,}\[[a-z]{2,}\](?:\s*(?:\.|dot)\s*[a-z]{2,})?/giu;
const IP_HOST = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const REPEATED_PUNCTUATION = /([!?$€£*])\1{3,}|[!?]{4,}/g;

interface PhraseRule extends PhraseRuleSpec {
  id: string;
  spam: number;
  scam: number;
}

function phraseRule(
  id: string,
  anchors: readonly string[],
  source: string,
  spam: number,
  scam: number,
): PhraseRule {
  return { id, anchors, source, spam, scam };
}

const CHANNELS =
  '(?:channel|page|profile|shop|store|site|website|blog|insta|instagram|tiktok|youtube|videos|video|content|onlyfans|link|links|bio|stream|music|podcast|twitch)';
const MESSENGER_WORDS = [
  'whatsapp',
  'telegram',
  'signal',
  'wechat',
  'kik',
  'snapchat',
  'wickr',
  'viber',
];
const MESSENGERS = `(?:${MESSENGER_WORDS.join('|')})`;
const CRYPTO_WORDS = [
  'bitcoin',
  'btc',
  'crypto',
  'cryptocurrency',
  'ethereum',
  'usdt',
  'forex',
  'binary',
  'nft',
  'nfts',
];
const PHARMA_WORDS = ['viagra', 'cialis', 'xanax', 'oxycodone', 'tramadol', 'adderall'];
const PHARMA = `(?:${PHARMA_WORDS.join('|')})`;

/** The phrase rules compiled once; exported for the anchor test. */
export const SPAM_PHRASE_RULES = compilePhraseRules<PhraseRule>([
  phraseRule('promo:check_out_my', ['check'], `check (?:out )?my (?:new )?${CHANNELS}`, 0.55, 0),
  phraseRule(
    'promo:subscribe',
    ['subscribe', 'sub', 'like', 'and', 'please', 'pls', 'plz', 'smash'],
    `(?:subscribe|sub) (?:to )?my ${CHANNELS}?|(?:like|and|please|pls|plz) subscribe|subscribe for more|smash that like`,
    0.5,
    0,
  ),
  phraseRule(
    'promo:follow_me',
    ['follow'],
    `follow (?:me|us|my page) (?:on|at) (?:insta|instagram|tiktok|twitter|x|youtube|twitch|snapchat|facebook|telegram|onlyfans)`,
    0.45,
    0,
  ),
  phraseRule('promo:link_in_bio', ['link'], `link in (?:my )?bio`, 0.5, 0),
  phraseRule('promo:visit_my', ['visit'], `visit my ${CHANNELS}`, 0.5, 0),
  phraseRule('promo:dm_me', ['dm', 'pm', 'inbox'], `(?:dm|pm|inbox) me`, 0.3, 0.1),
  phraseRule(
    'promo:use_my_code',
    ['use'],
    `use my (?:code|link|referral|referral link|promo code)`,
    0.2,
    0,
  ),
  phraseRule(
    'promo:click_here',
    ['click'],
    `click (?:here|this link|the link|my link|link in|below)`,
    0.45,
    0.3,
  ),
  phraseRule('promo:onlyfans', ['onlyfans', 'only'], `onlyfans|only fans`, 0.6, 0),
  phraseRule(
    'promo:buy_followers',
    ['buy', 'cheap', 'get'],
    `(?:buy|cheap|get) (?:real )?(?:instagram |tiktok |youtube |twitter )?(?:followers|likes|views|subscribers)`,
    0.6,
    0.1,
  ),
  phraseRule(
    'promo:seo',
    ['seo', 'backlinks', 'guest', 'web'],
    `seo services|backlinks|guest posts?|web design services`,
    0.5,
    0,
  ),
  phraseRule(
    'promo:pressure',
    ['act', 'limited', 'risk', '100'],
    `act now|limited time offer|risk free|100 free`,
    0.3,
    0.1,
  ),
  phraseRule(
    'scam:free_gift_card',
    ['free'],
    `free (?:gift ?cards?|giftcards?|iphones?|ipads?|vouchers?|money|cash|bitcoin|crypto|robux|vbucks|v bucks)`,
    0.4,
    0.7,
  ),
  phraseRule(
    'scam:prize',
    ['claim', 'collect', 'redeem', 'you', 'u', 'congratulations'],
    `(?:claim|collect|redeem) (?:your|ur) (?:prize|reward|gift|winnings|free)|(?:you|u) (?:have|ve|re|are) (?:been selected|won a|won an|won the|a winner|the winner|the lucky)|congratulations (?:you|u) (?:have|ve|won)`,
    0.3,
    0.65,
  ),
  phraseRule(
    'scam:off_platform_contact',
    [
      'dm',
      'pm',
      'message',
      'text',
      'contact',
      'reach',
      'add',
      'hit',
      'chat',
      'my',
      'our',
      ...MESSENGER_WORDS,
    ],
    `(?:dm|pm|message|text|contact|reach|add|hit|chat with) (?:me|us) (?:up )?(?:on|via|at|through|in) ${MESSENGERS}|${MESSENGERS} (?:me|us)|(?:my|our) ${MESSENGERS}(?: is| number| no| handle| id)?`,
    0.5,
    0.75,
  ),
  phraseRule(
    'scam:crypto_investment',
    ['invest', 'investing', 'trade', 'trading', ...CRYPTO_WORDS],
    `(?:invest|investing|trade|trading) (?:in |with )?(?:crypto|cryptocurrency|bitcoin|btc|forex|usdt|ethereum)|(?:crypto|cryptocurrency|bitcoin|btc|forex|binary options) (?:investment|investments|trading|profits?|returns|mining|platform|expert|trader|mentor|signals|account manager)`,
    0.4,
    0.75,
  ),
  phraseRule(
    'scam:crypto',
    CRYPTO_WORDS,
    `bitcoin|btc|crypto|cryptocurrency|ethereum|usdt|forex|binary options|nfts?`,
    0.1,
    0.2,
  ),
  phraseRule(
    'scam:investment',
    ['investment', 'guaranteed', 'passive', 'double', 'financial', 'recovery', 'recover'],
    `investment opportunity|guaranteed (?:profit|profits|returns|income)|passive income|double your (?:money|bitcoin|investment|crypto)|financial freedom|recovery expert|recover your (?:funds|money|lost)`,
    0.4,
    0.7,
  ),
  phraseRule(
    'scam:earn_money',
    ['earn', 'make', 'making', 'earning', 'work'],
    `(?:earn|make|making|earning) (?:up to )?(?:[0-9]+ |[0-9]+k )?(?:dollars |pounds |euros |usd )?(?:a|per|every) (?:day|week|hour|month)|(?:earn|make) (?:extra |easy |quick |fast )?(?:money|cash|income) (?:from home|online|fast|easily|daily|weekly)|work from home`,
    0.5,
    0.6,
  ),
  phraseRule(
    'scam:make_money',
    ['earn', 'make'],
    `(?:earn|make) (?:easy |quick |fast )?(?:money|cash)`,
    0.2,
    0.2,
  ),
  phraseRule(
    'scam:payment_outside',
    ['cash', 'cashapp', 'venmo', 'zelle', 'paypal', 'send'],
    `(?:cash ?app|cashapp|venmo|zelle|paypal) (?:me|only|friends and family)|send (?:me )?(?:the )?(?:money|payment) (?:via|through|by|on|with) (?:paypal|cash app|cashapp|venmo|zelle|bitcoin|crypto|gift cards?)`,
    0.3,
    0.7,
  ),
  phraseRule(
    'scam:loan',
    ['loan', 'loans', 'instant', 'quick', 'fast', 'easy'],
    `(?:loans?) (?:offer|available|approved)|(?:instant|quick|fast|easy) (?:loans?)`,
    0.4,
    0.5,
  ),
  phraseRule(
    'scam:pharma',
    [...PHARMA_WORDS, 'buy', 'cheap', 'order'],
    `${PHARMA} (?:for sale|online|without prescription|cheap)|(?:buy|cheap|order) ${PHARMA}`,
    0.7,
    0.5,
  ),
  phraseRule(
    'scam:hacker',
    ['hire', 'contact', 'hacker', 'recovery'],
    `(?:hire|contact) (?:a )?hackers?|(?:hacker|recovery) (?:for hire|expert|services)`,
    0.4,
    0.6,
  ),
]);

/** Letters a text needs before the author's own earlier copy of it counts as a duplicate. */
const OWN_DUPLICATE_LETTERS = 20;
/** Letters a text needs before copies by other members count: short remarks repeat naturally. */
const SHARED_DUPLICATE_LETTERS = 40;

/** Trusted-domain sets, built once per options array. */
const trustedCache = new WeakMap<readonly string[], ReadonlySet<string>>();

function trustedSet(domains: readonly string[] | undefined): ReadonlySet<string> {
  if (domains === undefined || domains.length === 0) {
    return new Set();
  }
  let set = trustedCache.get(domains);
  if (set === undefined) {
    set = new Set(
      domains.map((d) =>
        d
          .trim()
          .toLowerCase()
          .replace(/^[a-z]+:\/\//, '')
          .replace(/^www\./, '')
          .replace(/[/:].*$/, '')
          .replace(/\.$/, ''),
      ),
    );
    trustedCache.set(domains, set);
  }
  return set;
}

function isTrusted(host: string, trusted: ReadonlySet<string>): boolean {
  let h = host;
  for (;;) {
    if (trusted.has(h)) {
      return true;
    }
    const dot = h.indexOf('.');
    if (dot === -1) {
      return false;
    }
    h = h.slice(dot + 1);
  }
}

function hostOf(link: string): string {
  return link
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/^[^@]*@/, '')
    .replace(/:\d+$/, '')
    .replace(/\.+$/, '')
    .replace(/^www\./, '');
}

/** Combines independent signals: 1 − Π(1 − s). */
function combine(values: readonly number[]): number {
  let keep = 1;
  for (const v of values) {
    keep *= 1 - Math.max(0, Math.min(1, v));
  }
  return Math.round((1 - keep) * 1000) / 1000;
}

interface Link {
  start: number;
  end: number;
  host: string;
}

/** Whether the character at `i` can be part of a host name label. */
function isNameChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) {
    return (
      (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d
    );
  }
  return NAME_CHAR.test(text.charAt(i));
}

function findLinks(original: string): Link[] {
  const links: Link[] = [];
  let reach = 0;
  if (original.includes('://') || /www\./i.test(original)) {
    for (const m of original.matchAll(URL_WITH_SCHEME)) {
      const raw = m[0].replace(/[.,;:!?]+$/, '');
      links.push({ start: m.index, end: m.index + raw.length, host: hostOf(raw) });
    }
  }
  // Bare names ("shop.example.com/kettles"): grow outwards from each dot.
  let dot = original.indexOf('.');
  while (dot !== -1) {
    if (dot >= reach && dot > 0 && isNameChar(original, dot - 1) && isNameChar(original, dot + 1)) {
      let start = dot;
      while (start > 0 && (isNameChar(original, start - 1) || original.charAt(start - 1) === '.')) {
        start -= 1;
      }
      let end = dot + 1;
      while (
        end < original.length &&
        (isNameChar(original, end) ||
          (original.charAt(end) === '.' && isNameChar(original, end + 1)))
      ) {
        end += 1;
      }
      reach = end;
      if (original.charAt(end) === '/') {
        while (end < original.length && !/[\s<>"']/.test(original.charAt(end))) {
          end += 1;
        }
      }
      const raw = original.slice(start, end).replace(/[.,;:!?]+$/, '');
      const host = hostOf(raw);
      const tld = host.slice(host.lastIndexOf('.') + 1);
      const usable =
        !(start > 0 && NOT_BEFORE_NAME.has(original.charAt(start - 1))) &&
        (KNOWN_HOSTS.has(host) || BARE_TLD_SET.has(tld)) &&
        !host.split('.').some((l) => l === '' || l.startsWith('-') || l.endsWith('-'));
      const stop = start + raw.length;
      if (usable && !links.some((l) => l.start < stop && start < l.end)) {
        links.push({ start, end: stop, host });
      }
    }
    dot = original.indexOf('.', Math.max(dot + 1, reach));
  }
  links.sort((a, b) => a.start - b.start);
  return links;
}

/** Disguised links: `example [dot] com`, `shop(.)xyz`, `hxxp`, `bit ly`, `you[tube]`. */
function findDisguisedLinks(original: string): [number, number][] {
  const found: [number, number][] = [];
  if (/[[({]|dot/i.test(original)) {
    for (const m of original.matchAll(DOT_MARKER)) {
      const before = NAME_BEFORE_MARKER.exec(original.slice(Math.max(0, m.index - 64), m.index));
      TLD_AFTER_MARKER.lastIndex = m.index + m[0].length;
      const after = TLD_AFTER_MARKER.exec(original);
      if (before !== null && after !== null) {
        found.push([m.index - before[0].length, TLD_AFTER_MARKER.lastIndex]);
      }
    }
  }
  if (/hxxp/i.test(original)) {
    for (const m of original.matchAll(HXXP)) {
      found.push([m.index, m.index + m[0].length]);
    }
  }
  if (/bit/i.test(original)) {
    for (const m of original.matchAll(SPACED_SHORTENER)) {
      found.push([m.index, m.index + m[0].length]);
    }
  }
  if (original.includes('[')) {
    for (const m of original.matchAll(BRACKETED_NAME)) {
      const start = m.index;
      const end = m.index + m[0].length;
      if (!found.some(([s, e]) => s < end && start < e)) {
        found.push([start, end]);
      }
    }
  }
  return found.sort((a, b) => a[0] - b[0]);
}

/** Words of a bargain lure, in the text or in a host name ("cheap-brand-outlet.shop"). */
const LURE_WORDS = [
  'cheap',
  'cheapest',
  'outlet',
  'discount',
  'discounts',
  'clearance',
  'free',
  'giveaway',
  'bargain',
  'bargains',
  'deal',
  'deals',
  'promo',
  'sale',
  'sales',
  'factory',
  'official',
  'wholesale',
  'bogo',
];
const LURE_WORD_SET = new Set(LURE_WORDS);
/** A discount lure in the matching form: "90% off", "up to 80 %", "half price", or a lure word. */
const LURE_TEXT = new RegExp(
  `\\d{1,3} ?% ?off|up to \\d{1,3} ?%|half price|(?<![\\p{L}\\p{N}])(?:cheap|cheapest|outlet|discount|discounted|clearance|free|giveaway|bargain|wholesale|bogo)(?![\\p{L}\\p{N}])`,
  'gu',
);

/** The distinctive name of a trusted domain (`shop.northwind.co.uk` → `northwind`). */
function brandName(domain: string): string {
  const labels = domain.split('.');
  let best = '';
  for (const label of labels.slice(0, -1)) {
    if (label.length >= 4 && !BARE_TLD_SET.has(label) && label.length > best.length) {
      best = label;
    }
  }
  return best;
}

/**
 * Scam signals of untrusted links: a host that borrows a trusted domain's name
 * (`northwind-outlet.shop` when the shop is `northwind.com`), a host made of bargain words
 * (`cheap-…-outlet`), and a bargain lure in the text next to such a link.
 */
function lureSignals(
  n: NormalizedText,
  links: readonly Link[],
  trusted: ReadonlySet<string>,
  add: (rule: string, spam: number, scam: number, span?: readonly [number, number]) => void,
): void {
  const brands = [...trusted].map(brandName).filter((b) => b !== '');
  for (const link of links) {
    if (isTrusted(link.host, trusted)) {
      continue;
    }
    const span = [link.start, link.end] as const;
    const name = link.host.slice(0, link.host.lastIndexOf('.'));
    const brand = brands.find((b) => name.includes(b));
    if (brand !== undefined) {
      add(`link:brand_lookalike:${brand}`, 0.3, 0.6, span);
    }
    if (name.split(/[.-]/).some((part) => LURE_WORD_SET.has(part))) {
      add('link:lure_host', 0.2, 0.3, span);
    }
  }
  // A lure word inside a link's own name counted above already.
  for (const lure of n.text.matchAll(LURE_TEXT)) {
    const range = toOriginalRange(n, lure.index, lure.index + lure[0].length);
    if (!links.some((l) => l.start < range.end && range.start < l.end)) {
      add('scam:lure_link', 0.15, 0.35, [range.start, range.end]);
      break;
    }
  }
}

function linkCountScore(count: number): number {
  if (count >= 5) {
    return 0.7;
  }
  if (count >= 3) {
    return 0.5;
  }
  if (count === 2) {
    return 0.3;
  }
  return count === 1 ? 0.15 : 0;
}

/**
 * Scores one item for `spam` and `scam` from its text and its author's recent activity.
 * Links to `options.trustedDomains` (and their subdomains) are not held against the item.
 */
export function detectSpam(
  n: NormalizedText,
  author: AuthorContext,
  options: SpamOptions = {},
): SpamResult {
  const original = n.original;
  const spans: Span[] = [];
  const reasons = new Set<string>();
  const spam: number[] = [];
  const scam: number[] = [];
  const add = (
    rule: string,
    spamValue: number,
    scamValue: number,
    span?: readonly [number, number],
  ): void => {
    reasons.add(rule);
    if (spamValue > 0) {
      spam.push(spamValue);
    }
    if (scamValue > 0) {
      scam.push(scamValue);
    }
    if (span !== undefined) {
      // One span per reason, under the category it speaks to most.
      const [start, end] = span;
      spans.push({ start, end, category: scamValue > spamValue ? 'scam' : 'spam', rule });
    }
  };

  // Links.
  const trusted = trustedSet(options.trustedDomains);
  const links = findLinks(original);
  let untrusted = 0;
  for (const link of links) {
    if (isTrusted(link.host, trusted)) {
      continue;
    }
    untrusted += 1;
    const span = [link.start, link.end] as const;
    const tld = link.host.slice(link.host.lastIndexOf('.') + 1);
    if (SHORTENERS.has(link.host)) {
      add(`link:shortener:${link.host}`, 0.5, 0.3, span);
    } else if (MESSENGER_HOSTS.has(link.host)) {
      add(`link:messenger:${link.host}`, 0.4, 0.5, span);
    } else if (SUSPICIOUS_TLDS.has(tld)) {
      add(`link:tld:${tld}`, 0.4, 0.4, span);
    } else if (IP_HOST.test(link.host)) {
      add('link:ip_address', 0.4, 0.5, span);
    } else if (link.host.includes('xn--') || /[\u0080-\uffff]/.test(link.host)) {
      add(`link:lookalike:${link.host}`, 0.3, 0.6, span);
    } else if (trusted.size > 0) {
      add(`link:untrusted:${link.host}`, 0.1, 0, span);
    } else {
      add(`link:${link.host}`, 0, 0, span); // counted in "links" below
    }
  }
  if (untrusted > 0) {
    lureSignals(n, links, trusted, add);
    add('links', linkCountScore(untrusted), 0);
    if (author.accountAgeHours < 24) {
      add('new_account_links', 0.3, 0.1);
    } else if (author.accountAgeHours < 24 * 7) {
      add('new_account_links', 0.15, 0);
    }
  }
  for (const range of findDisguisedLinks(original)) {
    add('link:obfuscated', 0.5, 0.3, range);
  }

  // Phrases.
  SPAM_PHRASE_RULES.run(buildPhraseText(n), (r, match) => {
    const range = toOriginalRange(n, match.start, match.end);
    add(r.id, r.spam, r.scam, [range.start, range.end]);
  });

  // Shouting and punctuation runs.
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < original.length; i += 1) {
    const c = original.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) {
      upper += 1;
    } else if (c >= 0x61 && c <= 0x7a) {
      lower += 1;
    }
  }
  if (upper + lower >= 12 && upper / (upper + lower) >= 0.8) {
    add('all_caps', 0.3, 0, [0, original.length]);
  }
  for (const m of original.matchAll(REPEATED_PUNCTUATION)) {
    add('repeated_punctuation', 0.2, 0, [m.index, m.index + m[0].length]);
  }

  // Duplicates: only texts long enough to be distinctive. The same short remark from several
  // members ("Darn, missed the drop again") is ordinary, so other authors' copies need more.
  const tokens = wordTokens(n);
  let letters = 0;
  for (const w of tokens.words) {
    letters += w.length;
  }
  if (
    letters >= OWN_DUPLICATE_LETTERS &&
    author.recentFingerprints.length > 0 &&
    author.recentFingerprints.includes(textFingerprint(n))
  ) {
    add('duplicate_own', links.length > 0 ? 0.75 : 0.6, 0);
  }
  if (letters >= SHARED_DUPLICATE_LETTERS) {
    if (author.sameTextElsewhere >= 10) {
      add('duplicate_elsewhere', 0.85, 0.2);
    } else if (author.sameTextElsewhere >= 3) {
      add('duplicate_elsewhere', 0.6, 0.1);
    } else if (author.sameTextElsewhere >= 1) {
      add('duplicate_elsewhere', 0.3, 0);
    }
  }

  // Posting speed: quick replies in a busy thread are normal, so speed alone holds an item
  // only at bot-like rates. No span: the reason `velocity` is what a caller can show.
  const speed = author.itemsLastHour;
  if (speed >= 30) {
    add('velocity', 0.7, 0);
  } else if (speed >= 15) {
    add('velocity', 0.45, 0);
  } else if (speed >= 8) {
    add('velocity', 0.3, 0);
  } else if (speed >= 5) {
    add('velocity', 0.15, 0);
  }

  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return {
    detector: 'spam',
    scores: { spam: combine(spam), scam: combine(scam) },
    spans,
    linkCount: links.length,
    domains: [...new Set(links.map((l) => l.host))],
    reasons: [...reasons],
  };
}

/**
 * How much caution an author's next item deserves, in [0, 1], with reasons: a new account
 * (under a day, under a week), links in the item, posting fast, an unverified email, few
 * published items and earlier rejections each add to it.
 */
export function suspicionScore(author: AuthorContext, linkCount: number): Suspicion {
  let score = 0;
  const reasons: string[] = [];
  const raise = (reason: string, value: number): void => {
    score += value;
    reasons.push(reason);
  };
  if (author.accountAgeHours < 24) {
    raise('account_under_24h', 0.35);
  } else if (author.accountAgeHours < 24 * 7) {
    raise('account_under_7d', 0.2);
  }
  if (linkCount >= 3) {
    raise('many_links', 0.25);
  } else if (linkCount >= 1) {
    raise('links', 0.15);
  }
  if (author.itemsLastHour >= 10) {
    raise('posting_fast', 0.3);
  } else if (author.itemsLastHour >= 5) {
    raise('posting_often', 0.15);
  }
  if (!author.emailVerified) {
    raise('email_unverified', 0.15);
  }
  if (author.publishedCount === 0) {
    raise('no_published_items', 0.15);
  } else if (author.publishedCount < 3) {
    raise('few_published_items', 0.1);
  }
  if (author.rejectedCount >= 3) {
    raise('many_rejections', 0.3);
  } else if (author.rejectedCount >= 1) {
    raise('earlier_rejection', 0.15);
  }
  return { score: Math.min(1, Math.round(score * 1000) / 1000), reasons };
}
