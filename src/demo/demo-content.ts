/**
 * A pure, deterministic generator for Guild's demo community: a fashion and home retailer with
 * members in three regions, topic, region and store spaces, and months of posts, threaded
 * comments, accepted answers, reactions and follows. The same options always give the same
 * community, so demos, screenshots and tests can rely on it. The words and templates live in
 * demo-phrases.ts.
 */
import {
  ANSWERS, BIOS, BRAND, CHATTER, CITIES, COLOURS, EMAIL_DOMAINS, EVENTS, FIRST_NAMES,
  HANDLE_WORDS, LAST_NAMES, MENTIONS, OCCASIONS, OPENINGS, POST_CLOSINGS, POSTS, PRODUCTS,
  QUESTION_CLOSINGS, REPLIES, SHOP_URL, SIZES, STORES, THANKS,
  type Answer, type Lang, type PostTemplate, type Product, type Theme,
} from './demo-phrases.js';

/** A sales region of the demo retailer. */
export interface DemoRegion {
  code: 'UK' | 'US' | 'DE';
  name: string;
  currency: string;
  locale: string;
  timezone: string;
}

/** A customer segment members can belong to. */
export interface DemoSegment {
  key: string;
  name: string;
}

/** A community member; `key` is only an identifier inside the generated data. */
export interface DemoMember {
  key: string;
  email: string;
  username: string;
  displayName: string;
  bio: string;
  role: 'member' | 'ambassador' | 'moderator' | 'manager' | 'admin';
  regionCode: DemoRegion['code'];
  locale: string;
  segmentKeys: string[];
  joinedAt: Date;
}

/** A space posts are made in. */
export interface DemoSpace {
  key: string;
  slug: string;
  name: string;
  description: string;
  visibility: 'public' | 'private';
  kind: 'topic' | 'region' | 'store' | 'segment';
  regionCode: DemoRegion['code'] | null;
  segmentKeys: string[];
}

/** A comment; `parentKey` names an earlier comment of the same post. */
export interface DemoComment {
  key: string;
  authorKey: string;
  parentKey: string | null;
  body: string;
  createdAt: Date;
}

/** A post with its comments and reactions. */
export interface DemoPost {
  key: string;
  spaceKey: string;
  authorKey: string;
  title: string;
  body: string;
  tags: string[];
  createdAt: Date;
  comments: DemoComment[];
  acceptedCommentKey: string | null;
  reactions: { memberKey: string; kind: 'like' | 'love' | 'helpful' | 'insightful' }[];
}

/** The whole demo community of one tenant. */
export interface DemoCommunity {
  tenant: { slug: string; name: string; defaultLocale: string };
  regions: DemoRegion[];
  segments: DemoSegment[];
  members: DemoMember[];
  spaces: DemoSpace[];
  posts: DemoPost[];
  follows: { memberKey: string; spaceKey: string }[];
}

/** How much to generate; everything is optional. */
export interface DemoOptions {
  seed?: number;
  members?: number;
  posts?: number;
  now?: Date;
}

type RegionCode = DemoRegion['code'];
type Role = DemoMember['role'];
type ReactionKind = DemoPost['reactions'][number]['kind'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;
const CONTENT_WINDOW = 180 * DAY;

const DEFAULTS = {
  seed: 42,
  members: 3000,
  posts: 1200,
  now: new Date('2026-11-30T12:00:00Z'),
} as const;

const DEMO_PASSWORD = 'guild-demo-2026';
const SIGN_IN_DOMAIN = 'demo.guild.example';

/* ------------------------------------------------------------------------------------------ */
/* Seeded randomness                                                                          */
/* ------------------------------------------------------------------------------------------ */

/** mulberry32: a tiny 32-bit generator, plenty for demo data. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly source: () => number;

  constructor(seed: number) {
    this.source = mulberry32(seed);
  }

  float(): number {
    return this.source();
  }

  /** An integer in [0, limit). */
  int(limit: number): number {
    return Math.floor(this.source() * limit);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.source() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) {
      throw new Error('Cannot pick from an empty list.');
    }
    return item;
  }

  /** A key chosen with the given relative weights. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.source() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) {
        return key;
      }
    }
    return entries[entries.length - 1]![0];
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Tenant, regions, segments                                                                  */
/* ------------------------------------------------------------------------------------------ */

const TENANT = { slug: 'demo', name: 'Northwind & Hearth', defaultLocale: 'en-GB' } as const;

const REGIONS: readonly DemoRegion[] = [
  { code: 'UK', name: 'United Kingdom', currency: 'GBP', locale: 'en-GB', timezone: 'Europe/London' },
  { code: 'US', name: 'United States', currency: 'USD', locale: 'en-US', timezone: 'America/New_York' },
  { code: 'DE', name: 'Deutschland', currency: 'EUR', locale: 'de-DE', timezone: 'Europe/Berlin' },
];

const SEGMENTS: readonly DemoSegment[] = [
  { key: 'loyalty-gold', name: 'Loyalty Gold' },
  { key: 'new-customer', name: 'New customers' },
  { key: 'home-enthusiast', name: 'Home enthusiasts' },
  { key: 'style-insider', name: 'Style insiders' },
  { key: 'store-regular', name: 'Store regulars' },
];

const REGION_WEIGHTS: Readonly<Record<RegionCode, number>> = { UK: 40, US: 35, DE: 25 };

function langOf(region: RegionCode): Lang {
  return region === 'DE' ? 'de' : 'en';
}

function localeOf(region: RegionCode): string {
  return REGIONS.find((r) => r.code === region)?.locale ?? TENANT.defaultLocale;
}

/* ------------------------------------------------------------------------------------------ */
/* Sign-in accounts                                                                           */
/* ------------------------------------------------------------------------------------------ */

interface SignInProfile {
  role: Role;
  username: string;
  displayName: string;
  region: RegionCode;
  segments: string[];
  bio: string;
}

const SIGN_IN_PROFILES: readonly SignInProfile[] = [
  {
    role: 'admin', username: 'demo_admin', displayName: 'Harriet Cole', region: 'UK',
    segments: [], bio: 'Runs the Northwind & Hearth community platform. Tea, spreadsheets, rattan.',
  },
  {
    role: 'manager', username: 'demo_manager', displayName: 'Marcus Reid', region: 'UK',
    segments: ['style-insider'],
    bio: 'Community manager. Ask me about events, the ambassador programme and new drops.',
  },
  {
    role: 'moderator', username: 'demo_moderator', displayName: 'Priya Raman', region: 'US',
    segments: ['home-enthusiast'], bio: 'Moderator in Brooklyn. Keeping threads kind and useful.',
  },
  {
    role: 'ambassador', username: 'demo_ambassador', displayName: 'Lena Vogt', region: 'DE',
    segments: ['style-insider', 'store-regular'],
    bio: 'Botschafterin aus Berlin. Leinen, Wolle und alles, was lange hält.',
  },
  {
    role: 'member', username: 'demo_member', displayName: 'Sam Whitaker', region: 'US',
    segments: ['loyalty-gold', 'home-enthusiast'],
    bio: 'Slowly furnishing a too-small apartment. Loves a good cast-iron pan.',
  },
];

/** The accounts that can sign in to the demo, all with the same password. */
export const DEMO_SIGN_INS: readonly { role: string; email: string; password: string }[] =
  Object.freeze(
    SIGN_IN_PROFILES.map((p) =>
      Object.freeze({ role: p.role, email: `${p.role}@${SIGN_IN_DOMAIN}`, password: DEMO_PASSWORD }),
    ),
  );

/* ------------------------------------------------------------------------------------------ */
/* Names                                                                                      */
/* ------------------------------------------------------------------------------------------ */

const ASCII_FOLDS: Readonly<Record<string, string>> = {
  ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue',
};

/** Plain ASCII letters for a name: umlauts spelled out, accents dropped, other marks removed. */
function asciiName(name: string): string {
  const spelled = name.replace(/[äöüßÄÖÜ]/g, (ch) => ASCII_FOLDS[ch] ?? ch);
  return spelled.normalize('NFD').replace(/[^A-Za-z]/g, '');
}

/**
 * A conservative uniqueness key for ASCII usernames: case-insensitive and folding the
 * look-alikes Guild treats as the same name (0/o, 1/l, rn/m, vv/w).
 */
function usernameKey(username: string): string {
  return username
    .toLowerCase()
    .replace(/0/g, 'o')
    .replace(/1/g, 'l')
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w');
}

function twoDigits(rng: Rng): string {
  return String(rng.between(10, 99));
}

function usernameCandidate(rng: Rng, first: string, last: string): string {
  const f = first.toLowerCase();
  const l = last.toLowerCase();
  switch (rng.int(8)) {
    case 0: return `${f}.${l}`;
    case 1: return `${f}_${l}`;
    case 2: return `${f}${l.slice(0, 1)}${twoDigits(rng)}`;
    case 3: return `${f.slice(0, 1)}${l}`;
    case 4: return `${f}-${l}`;
    case 5: return `${f}.${l}${twoDigits(rng)}`;
    case 6: return `${f}_${rng.pick(HANDLE_WORDS)}`;
    default: return `${first}${last}`;
  }
}

/** Trim to the allowed length; never end with "." or "-". */
function tidyUsername(name: string): string {
  return name.slice(0, 30).replace(/[.-]+$/, '');
}

function uniqueUsername(rng: Rng, first: string, last: string, taken: Set<string>): string {
  let name = tidyUsername(usernameCandidate(rng, first, last));
  while (name.length < 3 || taken.has(usernameKey(name))) {
    name = tidyUsername(`${name.slice(0, 26)}${rng.between(2, 999)}`);
  }
  taken.add(usernameKey(name));
  return name;
}

function uniqueEmail(rng: Rng, first: string, last: string, region: RegionCode,
  taken: Set<string>): string {
  const f = first.toLowerCase();
  const l = last.toLowerCase();
  const locals = [`${f}.${l}`, `${f}${l}`, `${f.slice(0, 1)}.${l}`, `${f}.${l}${twoDigits(rng)}`];
  const domain = rng.pick(EMAIL_DOMAINS[region]);
  let email = `${rng.pick(locals)}@${domain}`;
  while (taken.has(email)) {
    email = `${f}.${l}${rng.between(2, 9999)}@${domain}`;
  }
  taken.add(email);
  return email;
}

/* ------------------------------------------------------------------------------------------ */
/* Members                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** Every 75th generated member is an ambassador, every 500th (offset) a moderator. */
function generatedRole(index: number): Role {
  if (index % 75 === 7) {
    return 'ambassador';
  }
  return index % 500 === 250 ? 'moderator' : 'member';
}

function joinDate(rng: Rng, role: Role, now: number): Date {
  let at: number;
  if (role !== 'member') {
    at = now - YEAR - rng.float() * 3 * YEAR;
  } else if (rng.chance(0.22)) {
    at = now - CONTENT_WINDOW + rng.float() * (CONTENT_WINDOW - 2 * DAY);
  } else {
    at = now - CONTENT_WINDOW - rng.float() * 3.5 * YEAR;
  }
  return new Date(Math.floor(at / MINUTE) * MINUTE);
}

function memberSegments(rng: Rng, joinedAt: Date, now: number): string[] {
  const keys: string[] = [];
  const odds: [string, number][] = [
    ['loyalty-gold', 0.12], ['home-enthusiast', 0.25], ['style-insider', 0.22],
    ['store-regular', 0.18],
  ];
  for (const [key, probability] of odds) {
    if (rng.chance(probability)) {
      keys.push(key);
    }
  }
  if (now - joinedAt.getTime() < 90 * DAY) {
    keys.push('new-customer');
  }
  return keys;
}

function memberKey(index: number): string {
  return `member-${String(index + 1).padStart(4, '0')}`;
}

function signInMembers(rng: Rng, now: number, usernames: Set<string>): DemoMember[] {
  return SIGN_IN_PROFILES.map((profile, index) => {
    usernames.add(usernameKey(profile.username));
    return {
      key: memberKey(index),
      email: `${profile.role}@${SIGN_IN_DOMAIN}`,
      username: profile.username,
      displayName: profile.displayName,
      bio: profile.bio,
      role: profile.role,
      regionCode: profile.region,
      locale: localeOf(profile.region),
      segmentKeys: [...profile.segments],
      joinedAt: new Date(now - 4 * YEAR - rng.int(60) * DAY),
    };
  });
}

interface NameState {
  usernames: Set<string>;
  emails: Set<string>;
}

function generatedMember(rng: Rng, index: number, now: number, names: NameState): DemoMember {
  const region = rng.weighted(REGION_WEIGHTS);
  const first = rng.pick(FIRST_NAMES[region]);
  const last = rng.pick(LAST_NAMES[region]);
  const role = generatedRole(index - SIGN_IN_PROFILES.length);
  const joinedAt = joinDate(rng, role, now);
  const plainFirst = asciiName(first);
  const plainLast = asciiName(last);
  return {
    key: memberKey(index),
    email: uniqueEmail(rng, plainFirst, plainLast, region, names.emails),
    username: uniqueUsername(rng, plainFirst, plainLast, names.usernames),
    displayName: `${first} ${last}`,
    bio: fill(rng.pick(BIOS[langOf(region)]), { city: rng.pick(CITIES[region]) }),
    role,
    regionCode: region,
    locale: localeOf(region),
    segmentKeys: memberSegments(rng, joinedAt, now),
    joinedAt,
  };
}

function buildMembers(rng: Rng, count: number, now: number): DemoMember[] {
  const names: NameState = { usernames: new Set(), emails: new Set() };
  const members = signInMembers(rng, now, names.usernames);
  members.forEach((m) => names.emails.add(m.email));
  for (let index = members.length; index < count; index += 1) {
    members.push(generatedMember(rng, index, now, names));
  }
  return members;
}

/* ------------------------------------------------------------------------------------------ */
/* Spaces                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/** Who can take part in a space, and therefore who may write and react there. */
type Audience = 'everyone' | RegionCode | 'loyalty-gold' | 'ambassadors';

interface SpacePlan {
  space: DemoSpace;
  themes: readonly Theme[];
  audience: Audience;
  /** Relative share of the posts. */
  weight: number;
}

function publicSpace(key: string, name: string, description: string,
  kind: DemoSpace['kind'], regionCode: RegionCode | null): DemoSpace {
  return { key: `space-${key}`, slug: key, name, description, visibility: 'public', kind,
    regionCode, segmentKeys: [] };
}

function privateSpace(key: string, name: string, description: string,
  segmentKeys: string[]): DemoSpace {
  return { key: `space-${key}`, slug: key, name, description, visibility: 'private',
    kind: 'segment', regionCode: null, segmentKeys };
}

function plan(space: DemoSpace, themes: readonly Theme[], audience: Audience,
  weight: number): SpacePlan {
  return { space, themes, audience, weight };
}

const TOPIC_PLANS: readonly SpacePlan[] = [
  plan(publicSpace('style-advice', 'Style Advice',
    'Outfit questions, styling ideas and what to wear for the big day.', 'topic', null),
  ['styling'], 'everyone', 9),
  plan(publicSpace('home-interiors', 'Home & Interiors',
    'Rooms, tables and beds: share your spaces and get a second opinion.', 'topic', null),
  ['home'], 'everyone', 9),
  plan(publicSpace('sizing-fit', 'Sizing & Fit Q&A',
    'Between sizes? Ask how things fit and hear from people who own them.', 'topic', null),
  ['sizing'], 'everyone', 10),
  plan(publicSpace('care-repair', 'Care & Repair',
    'Washing, mending and keeping things going for years.', 'topic', null),
  ['care'], 'everyone', 7),
  plan(publicSpace('deals-drops', 'Deals & Drops',
    'New collections, restocks and reductions, spotted by members.', 'topic', null),
  ['deals'], 'everyone', 6),
  plan(publicSpace('sustainability', 'Sustainability',
    'Materials, sourcing, packaging and buying less but better.', 'topic', null),
  ['sustainability'], 'everyone', 4),
  plan(publicSpace('product-ideas', 'Product Ideas',
    'Suggest products, colours and features. The product team reads along.', 'topic', null),
  ['ideas'], 'everyone', 4),
];

const REGION_PLANS: readonly SpacePlan[] = [
  plan(publicSpace('uk-community', 'UK Community',
    'Members across the UK: delivery, returns, stores and everything in between.', 'region',
    'UK'), ['delivery', 'returns', 'styling', 'home', 'deals'], 'UK', 7),
  plan(publicSpace('us-community', 'US Community',
    'Members across the US: shipping, returns, stores and everything in between.', 'region',
    'US'), ['delivery', 'returns', 'styling', 'home', 'deals'], 'US', 6),
  plan(publicSpace('community-deutschland', 'Community Deutschland',
    'Der Treffpunkt für alle Mitglieder in Deutschland: Fragen, Tipps und Austausch.', 'region',
    'DE'), ['sizing', 'styling', 'home', 'care', 'delivery', 'returns', 'deals'], 'DE', 8),
];

const STORE_PLANS: readonly SpacePlan[] = [
  plan(publicSpace('manchester-king-street', 'Manchester King Street Store',
    'Events, stock questions and news from our Manchester store.', 'store', 'UK'),
  ['store'], 'UK', 3),
  plan(publicSpace('brooklyn-atlantic-avenue', 'Brooklyn Atlantic Avenue Store',
    'Events, stock questions and news from our Brooklyn store.', 'store', 'US'),
  ['store'], 'US', 3),
  plan(publicSpace('berlin-mitte', 'Berlin Mitte Store',
    'Veranstaltungen, Fragen zum Sortiment und Neuigkeiten aus unserem Laden in Berlin.',
    'store', 'DE'), ['store'], 'DE', 3),
];

const PRIVATE_PLANS: readonly SpacePlan[] = [
  plan(privateSpace('gold-circle', 'Gold Circle',
    'Early access, previews and perks for Loyalty Gold members.', ['loyalty-gold']),
  ['perks'], 'loyalty-gold', 3),
  plan(privateSpace('ambassador-lounge', 'Ambassador Lounge',
    `Briefings, samples and event planning for ${BRAND} ambassadors.`, []),
  ['ambassador'], 'ambassadors', 3),
];

const SPACE_PLANS: readonly SpacePlan[] = [
  ...TOPIC_PLANS, ...REGION_PLANS, ...STORE_PLANS, ...PRIVATE_PLANS,
];

/* ------------------------------------------------------------------------------------------ */
/* Filling templates                                                                          */
/* ------------------------------------------------------------------------------------------ */

type Vars = Readonly<Record<string, string>>;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Replaces `{name}` with `vars.name`; `{Name}` gives the value with a capital first letter.
 * A missing variable is a bug in a template and throws.
 */
function fill(template: string, vars: Vars): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const lower = name.charAt(0).toLowerCase() + name.slice(1);
    const value = vars[name] ?? vars[lower];
    if (value === undefined) {
      throw new Error(`Demo template uses an unknown variable {${name}}.`);
    }
    return name === lower ? value : capitalise(value);
  });
}

/** Paragraphs joined by blank lines, except that adjacent list items stay together. */
function joinParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.reduce((text, paragraph, index) => {
    if (index === 0) {
      return paragraph;
    }
    const previous = paragraphs[index - 1] ?? '';
    const sameList = previous.startsWith('- ') && paragraph.startsWith('- ');
    return `${text}${sameList ? '\n' : '\n\n'}${paragraph}`;
  }, '');
}

const ARTICLES: Readonly<Record<Product['gender'], readonly [string, string, string]>> = {
  m: ['der', 'den', 'dem'],
  f: ['die', 'die', 'der'],
  n: ['das', 'das', 'dem'],
  p: ['die', 'die', 'den'],
};

function formatPrice(pounds: number, region: RegionCode): string {
  if (region === 'US') {
    return `$${Math.round(pounds * 1.25)}`;
  }
  return region === 'DE' ? `${Math.round(pounds * 1.15)} €` : `£${pounds}`;
}

function productVars(product: Product): Record<string, string> {
  const [nom, acc, dat] = ARTICLES[product.gender];
  return {
    product: product.en,
    produkt: product.de,
    der_produkt: `${nom} ${product.de}`,
    den_produkt: `${acc} ${product.de}`,
    dem_produkt: `${dat} ${product.de}`,
  };
}

function contentVars(rng: Rng, product: Product, lang: Lang, region: RegionCode): Vars {
  const colour = rng.pick(COLOURS);
  const sizes = SIZES[product.sizing][region];
  const sizeIndex = rng.int(Math.max(1, sizes.length - 1));
  return {
    ...productVars(product),
    colour: lang === 'de' ? colour.de : colour.en,
    size: sizes[sizeIndex] ?? '',
    size_up: sizes[sizeIndex + 1] ?? sizes[sizeIndex] ?? '',
    price: formatPrice(product.price, region),
    store: STORES[region],
    city: rng.pick(CITIES[region]),
    link: `${SHOP_URL}/${product.tag}`,
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Who writes: member pools per space and language                                            */
/* ------------------------------------------------------------------------------------------ */

/** Members sorted by join date, so those who had joined by a moment are a prefix. */
class MemberPool {
  readonly members: DemoMember[];
  private readonly joined: number[];

  constructor(members: DemoMember[]) {
    this.members = [...members].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime());
    this.joined = this.members.map((m) => m.joinedAt.getTime());
  }

  /** How many members had joined strictly before `at`. */
  countBefore(at: number): number {
    let low = 0;
    let high = this.joined.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.joined[mid] ?? Infinity) < at) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** A random member who had joined before `at`, or null when nobody had. */
  pickBefore(rng: Rng, at: number): DemoMember | null {
    const count = this.countBefore(at);
    return count === 0 ? null : (this.members[rng.int(count)] ?? null);
  }
}

function inAudience(member: DemoMember, audience: Audience): boolean {
  switch (audience) {
    case 'everyone': return true;
    case 'loyalty-gold':
      return member.role === 'manager' || member.segmentKeys.includes('loyalty-gold');
    case 'ambassadors': return member.role === 'ambassador' || member.role === 'manager';
    default: return member.regionCode === audience;
  }
}

interface SpacePools {
  all: MemberPool;
  byLang: Readonly<Record<Lang, MemberPool>>;
}

function spacePools(members: DemoMember[], audience: Audience): SpacePools {
  const allowed = members.filter((m) => inAudience(m, audience));
  const speaks = (lang: Lang) => allowed.filter((m) => langOf(m.regionCode) === lang);
  return {
    all: new MemberPool(allowed),
    byLang: { en: new MemberPool(speaks('en')), de: new MemberPool(speaks('de')) },
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Posts and comments                                                                         */
/* ------------------------------------------------------------------------------------------ */

interface PostContext {
  rng: Rng;
  now: number;
  members: DemoMember[];
  pools: Map<string, SpacePools>;
}

function pickPlan(rng: Rng): SpacePlan {
  const total = SPACE_PLANS.reduce((sum, plan) => sum + plan.weight, 0);
  let roll = rng.float() * total;
  for (const plan of SPACE_PLANS) {
    roll -= plan.weight;
    if (roll < 0) {
      return plan;
    }
  }
  return SPACE_PLANS[SPACE_PLANS.length - 1]!;
}

function postLanguage(rng: Rng, plan: SpacePlan): Lang {
  if (plan.audience === 'DE') {
    return 'de';
  }
  if (plan.audience === 'UK' || plan.audience === 'US') {
    return 'en';
  }
  return rng.chance(0.2) ? 'de' : 'en';
}

function postAuthor(ctx: PostContext, pools: SpacePools, lang: Lang, at: number): DemoMember {
  const other: Lang = lang === 'de' ? 'en' : 'de';
  const author = pools.byLang[lang].pickBefore(ctx.rng, at)
    ?? pools.byLang[other].pickBefore(ctx.rng, at);
  if (author === null) {
    throw new Error('No member of the space had joined in time to write a post.');
  }
  return author;
}

function pickProduct(rng: Rng, goods: PostTemplate['goods']): Product {
  const fitting = goods === 'any' ? PRODUCTS : PRODUCTS.filter((p) => p.goods === goods);
  return rng.pick(fitting);
}

/** Comment times rise from the post towards `now`, so replies always follow their parent. */
function nextCommentTime(rng: Rng, after: number, now: number): number {
  const room = now - after;
  const step = Math.max(MINUTE, Math.floor(room * (0.02 + rng.float() * 0.25)));
  return Math.min(after + step, now - MINUTE);
}

interface ThreadState {
  post: DemoPost;
  lang: Lang;
  vars: Vars;
  theme: Theme;
  pools: SpacePools;
}

function commenter(ctx: PostContext, thread: ThreadState, at: number): DemoMember | null {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const member = thread.pools.byLang[thread.lang].pickBefore(ctx.rng, at);
    if (member !== null && member.key !== thread.post.authorKey) {
      return member;
    }
  }
  return null;
}

function usernameOf(ctx: PostContext, key: string): string {
  return ctx.members.find((m) => m.key === key)?.username ?? '';
}

function addComment(ctx: PostContext, thread: ThreadState, at: number): void {
  const { rng } = ctx;
  const { post, lang } = thread;
  const author = commenter(ctx, thread, at);
  if (author === null) {
    return;
  }
  const parent = post.comments.length > 0 && rng.chance(0.3) ? rng.pick(post.comments) : null;
  const body = parent === null
    ? fill(rng.pick(ANSWERS[lang][thread.theme]), thread.vars)
    : fill(rng.pick(REPLIES[lang]), { ...thread.vars,
      mention: usernameOf(ctx, parent.authorKey) });
  post.comments.push({
    key: `${post.key}-c${post.comments.length + 1}`,
    authorKey: author.key,
    parentKey: parent?.key ?? null,
    body,
    createdAt: new Date(at),
  });
}

function addComments(ctx: PostContext, thread: ThreadState, question: boolean): void {
  const count = ctx.rng.between(question ? 1 : 0, 6);
  let at = thread.post.createdAt.getTime();
  for (let i = 0; i < count; i += 1) {
    at = nextCommentTime(ctx.rng, at, ctx.now);
    addComment(ctx, thread, at);
  }
  if (question && ctx.rng.chance(0.6)) {
    const answers = thread.post.comments.filter((c) => c.parentKey === null);
    thread.post.acceptedCommentKey = answers.length > 0 ? ctx.rng.pick(answers).key : null;
  }
}

const REACTION_WEIGHTS: Readonly<Record<ReactionKind, number>> = {
  like: 50, love: 20, helpful: 20, insightful: 10,
};

function addReactions(ctx: PostContext, post: DemoPost, pools: SpacePools): void {
  const seen = new Set<string>();
  const wanted = ctx.rng.between(0, 12);
  for (let i = 0; i < wanted; i += 1) {
    const member = pools.all.pickBefore(ctx.rng, ctx.now);
    const kind = ctx.rng.weighted(REACTION_WEIGHTS);
    const id = `${member?.key}|${kind}`;
    if (member === null || member.key === post.authorKey || seen.has(id)) {
      continue;
    }
    seen.add(id);
    post.reactions.push({ memberKey: member.key, kind });
  }
}

function buildPost(ctx: PostContext, index: number, at: number): DemoPost {
  const { rng } = ctx;
  const plan = pickPlan(rng);
  const pools = ctx.pools.get(plan.space.key)!;
  const author = postAuthor(ctx, pools, postLanguage(rng, plan), at);
  const lang = langOf(author.regionCode);
  const theme = rng.pick(plan.themes);
  const template = rng.pick(POSTS[lang][theme]);
  const product = pickProduct(rng, template.goods);
  const vars = contentVars(rng, product, lang, author.regionCode);
  const post: DemoPost = {
    key: `post-${String(index + 1).padStart(4, '0')}`,
    spaceKey: plan.space.key,
    authorKey: author.key,
    title: fill(rng.pick(template.titles), vars),
    body: joinParagraphs(template.body.map((p) => fill(p, vars))),
    tags: [theme, product.tag],
    createdAt: new Date(at),
    comments: [],
    acceptedCommentKey: null,
    reactions: [],
  };
  addComments(ctx, { post, lang, vars, theme, pools }, template.question);
  addReactions(ctx, post, pools);
  return post;
}

/** Post times spread over the content window, oldest first, at least three hours before now. */
function postTimes(rng: Rng, count: number, now: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    times.push(Math.floor(now - 3 * HOUR - rng.float() * (CONTENT_WINDOW - 4 * HOUR)));
  }
  return times.sort((a, b) => a - b);
}

function buildPosts(rng: Rng, members: DemoMember[], count: number, now: number): DemoPost[] {
  const pools = new Map(SPACE_PLANS.map((p) => [p.space.key, spacePools(members, p.audience)]));
  const ctx: PostContext = { rng, now, members, pools };
  return postTimes(rng, count, now).map((at, index) => buildPost(ctx, index, at));
}

/* ------------------------------------------------------------------------------------------ */
/* Follows                                                                                    */
/* ------------------------------------------------------------------------------------------ */

function buildFollows(rng: Rng, members: DemoMember[]): DemoCommunity['follows'] {
  const follows: DemoCommunity['follows'] = [];
  for (const member of members) {
    for (const plan of SPACE_PLANS) {
      if (inAudience(member, plan.audience) && rng.chance(0.3)) {
        follows.push({ memberKey: member.key, spaceKey: plan.space.key });
      }
    }
  }
  return follows;
}

/* ------------------------------------------------------------------------------------------ */
/* Entry point                                                                                */
/* ------------------------------------------------------------------------------------------ */

function wholeNumber(value: number, name: string, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`Demo option "${name}" must be a whole number of at least ${minimum}.`);
  }
  return value;
}

/**
 * Build the demo community: the tenant, its regions and segments, members (the demo sign-in
 * accounts first), spaces, posts with comments and reactions, and follows.
 *
 * Pure and deterministic: equal options give deep-equal results, and nothing outside the
 * options (clock, environment) is read.
 *
 * @param options - `seed` (default 42), total `members` (default 3000, at least the number of
 *   sign-in accounts), `posts` (default 1200) and `now`, the moment all content precedes
 *   (default 2026-11-30T12:00:00Z)
 * @returns fresh objects the caller may change freely
 */
export function buildDemoCommunity(options: DemoOptions = {}): DemoCommunity {
  const seed = options.seed ?? DEFAULTS.seed;
  const memberCount = wholeNumber(options.members ?? DEFAULTS.members, 'members',
    SIGN_IN_PROFILES.length);
  const postCount = wholeNumber(options.posts ?? DEFAULTS.posts, 'posts', 0);
  const now = (options.now ?? DEFAULTS.now).getTime();
  const rng = new Rng(seed);
  const members = buildMembers(rng, memberCount, now);
  const posts = buildPosts(rng, members, postCount, now);
  return {
    tenant: { ...TENANT },
    regions: REGIONS.map((r) => ({ ...r })),
    segments: SEGMENTS.map((s) => ({ ...s })),
    members,
    spaces: SPACE_PLANS.map((p) => ({ ...p.space, segmentKeys: [...p.space.segmentKeys] })),
    posts,
    follows: buildFollows(rng, members),
  };
}
