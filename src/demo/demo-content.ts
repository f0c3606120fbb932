/**
 * A pure, deterministic generator for Guild's demo community: a fashion and home retailer with
 * members in three regions, topic, region and store spaces, and months of posts, threaded
 * comments, accepted answers, reactions and follows. The same options always give the same
 * community, so demos, screenshots and tests can rely on it. The words and templates live in
 * demo-phrases.ts.
 */
import {
  AGREEMENTS,
  AMERICAN_ENGLISH,
  ANSWERS,
  AUTHOR_REPLIES,
  BIOS,
  BRAND,
  CHATTER,
  CITIES,
  COLOURS,
  EMAIL_DOMAINS,
  EVENTS,
  FIRST_NAMES,
  FOLLOW_UPS,
  HANDLE_WORDS,
  LAST_NAMES,
  MENTIONS,
  OCCASIONS,
  OPENINGS,
  POST_CLOSINGS,
  POSTS,
  PRAISE,
  PRODUCTS,
  QUESTION_CLOSINGS,
  REFERENCES,
  SHARES,
  SHOP_URL,
  SIZES,
  STORES,
  THANKS,
  type Answer,
  type Family,
  type Lang,
  type PostTemplate,
  type Product,
  type Theme,
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
  tenant: { slug: string; name: string; defaultLocale: string; timezone: string };
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

  /** An entry of a weight table, chosen with the table's relative weights. */
  weighted<K>(table: WeightTable<K>): K {
    const roll = this.source() * table.total;
    const index = table.bounds.findIndex((bound) => roll < bound);
    return table.keys[index === -1 ? table.keys.length - 1 : index]!;
  }
}

/** Relative weights prepared once, so drawing from them allocates nothing. */
interface WeightTable<K> {
  keys: readonly K[];
  /** Running totals of the weights. */
  bounds: readonly number[];
  total: number;
}

function weightTable<K extends string>(weights: Readonly<Record<K, number>>): WeightTable<K> {
  const entries = Object.entries(weights) as [K, number][];
  let total = 0;
  const bounds = entries.map(([, weight]) => (total += weight));
  return { keys: entries.map(([key]) => key), bounds, total };
}

/* ------------------------------------------------------------------------------------------ */
/* Tenant, regions, segments                                                                  */
/* ------------------------------------------------------------------------------------------ */

const TENANT = {
  slug: 'demo',
  name: BRAND,
  defaultLocale: 'en-GB',
  timezone: 'Europe/London',
} as const;

const REGIONS: readonly DemoRegion[] = [
  {
    code: 'UK',
    name: 'United Kingdom',
    currency: 'GBP',
    locale: 'en-GB',
    timezone: 'Europe/London',
  },
  {
    code: 'US',
    name: 'United States',
    currency: 'USD',
    locale: 'en-US',
    timezone: 'America/New_York',
  },
  {
    code: 'DE',
    name: 'Deutschland',
    currency: 'EUR',
    locale: 'de-DE',
    timezone: 'Europe/Berlin',
  },
];

const SEGMENTS: readonly DemoSegment[] = [
  { key: 'loyalty-gold', name: 'Loyalty Gold' },
  { key: 'new-customer', name: 'New customers' },
  { key: 'home-enthusiast', name: 'Home enthusiasts' },
  { key: 'style-insider', name: 'Style insiders' },
  { key: 'store-regular', name: 'Store regulars' },
];

const REGION_WEIGHTS = weightTable<RegionCode>({ UK: 40, US: 35, DE: 25 });

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

function signInEmail(role: Role): string {
  return `${role}@${SIGN_IN_DOMAIN}`;
}

const SIGN_IN_PROFILES: readonly SignInProfile[] = [
  {
    role: 'admin',
    username: 'demo_admin',
    displayName: 'Harriet Cole',
    region: 'UK',
    segments: [],
    bio: `Runs the ${BRAND} community platform. Tea, spreadsheets, rattan.`,
  },
  {
    role: 'manager',
    username: 'demo_manager',
    displayName: 'Marcus Reid',
    region: 'UK',
    segments: ['style-insider'],
    bio: 'Community manager. Ask me about events, the ambassador programme and new drops.',
  },
  {
    role: 'moderator',
    username: 'demo_moderator',
    displayName: 'Priya Raman',
    region: 'US',
    segments: ['home-enthusiast'],
    bio: 'Moderator in Brooklyn. Keeping threads kind and useful.',
  },
  {
    role: 'ambassador',
    username: 'demo_ambassador',
    displayName: 'Lena Vogt',
    region: 'DE',
    segments: ['style-insider', 'store-regular'],
    bio: 'Botschafterin aus Berlin. Leinen, Wolle und alles, was lange hält.',
  },
  {
    role: 'member',
    username: 'demo_member',
    displayName: 'Sam Whitaker',
    region: 'US',
    segments: ['loyalty-gold', 'home-enthusiast'],
    bio: 'Slowly furnishing a too-small apartment. Loves a good cast-iron pan.',
  },
];

/** The accounts that can sign in to the demo, all with the same password. */
export const DEMO_SIGN_INS: readonly { role: string; email: string; password: string }[] =
  Object.freeze(
    SIGN_IN_PROFILES.map((p) =>
      Object.freeze({
        role: p.role,
        email: signInEmail(p.role),
        password: DEMO_PASSWORD,
      }),
    ),
  );

/* ------------------------------------------------------------------------------------------ */
/* Names                                                                                      */
/* ------------------------------------------------------------------------------------------ */

const ASCII_FOLDS: Readonly<Record<string, string>> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  ı: 'i',
  ł: 'l',
  Ł: 'L',
};

/** Plain ASCII letters for a name: umlauts spelled out, accents dropped, other marks removed. */
function asciiName(name: string): string {
  const spelled = name.replace(/[äöüßÄÖÜıłŁ]/g, (ch) => ASCII_FOLDS[ch] ?? ch);
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
    case 0:
      return `${f}.${l}`;
    case 1:
      return `${f}_${l}`;
    case 2:
      return `${f}${l.slice(0, 1)}${twoDigits(rng)}`;
    case 3:
      return `${f.slice(0, 1)}${l}`;
    case 4:
      return `${f}-${l}`;
    case 5:
      return `${f}.${l}${twoDigits(rng)}`;
    case 6:
      return `${f}_${rng.pick(HANDLE_WORDS)}`;
    default:
      return `${first}${last}`;
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

function uniqueEmail(
  rng: Rng,
  first: string,
  last: string,
  region: RegionCode,
  taken: Set<string>,
): string {
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

/**
 * Ambassadors and staff joined one to four years ago; most members joined before the content
 * window, and about a fifth during it. Whole minutes, as a database would store them.
 */
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

/** How likely a member is to be in each segment; `new-customer` follows from the join date. */
const SEGMENT_ODDS: readonly (readonly [string, number])[] = [
  ['loyalty-gold', 0.12],
  ['home-enthusiast', 0.25],
  ['style-insider', 0.22],
  ['store-regular', 0.18],
];

function memberSegments(rng: Rng, joinedAt: Date, now: number): string[] {
  const keys: string[] = [];
  for (const [key, probability] of SEGMENT_ODDS) {
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
      email: signInEmail(profile.role),
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
    bio: regional(fill(rng.pick(BIOS[langOf(region)]), { city: rng.pick(CITIES[region]) }), region),
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

/** A space as written down below: its slug is also its key, prefixed with "space-". */
interface SpaceEntry {
  slug: string;
  name: string;
  description: string;
  kind: DemoSpace['kind'];
  regionCode?: RegionCode;
  /** Private spaces only: the segments that may enter (none for the ambassador lounge). */
  segmentKeys?: string[];
  themes: readonly Theme[];
  audience: Audience;
  weight: number;
}

function toPlan(entry: SpaceEntry): SpacePlan {
  const { slug, name, description, kind, themes, audience, weight } = entry;
  const space: DemoSpace = {
    key: `space-${slug}`,
    slug,
    name,
    description,
    visibility: entry.segmentKeys === undefined ? 'public' : 'private',
    kind,
    regionCode: entry.regionCode ?? null,
    segmentKeys: entry.segmentKeys ?? [],
  };
  return { space, themes, audience, weight };
}

const TOPIC_SPACES: readonly SpaceEntry[] = [
  {
    slug: 'style-advice',
    name: 'Style Advice',
    description: 'Outfit questions, styling ideas and what to wear for the big day.',
    kind: 'topic',
    themes: ['styling'],
    audience: 'everyone',
    weight: 9,
  },
  {
    slug: 'home-interiors',
    name: 'Home & Interiors',
    description: 'Rooms, tables and beds: share your spaces and get a second opinion.',
    kind: 'topic',
    themes: ['home'],
    audience: 'everyone',
    weight: 9,
  },
  {
    slug: 'sizing-fit',
    name: 'Sizing & Fit Q&A',
    description: 'Between sizes? Ask how things fit and hear from people who own them.',
    kind: 'topic',
    themes: ['sizing'],
    audience: 'everyone',
    weight: 10,
  },
  {
    slug: 'care-repair',
    name: 'Care & Repair',
    description: 'Washing, mending and keeping things going for years.',
    kind: 'topic',
    themes: ['care'],
    audience: 'everyone',
    weight: 7,
  },
  {
    slug: 'deals-drops',
    name: 'Deals & Drops',
    description: 'New collections, restocks and reductions, spotted by members.',
    kind: 'topic',
    themes: ['deals'],
    audience: 'everyone',
    weight: 6,
  },
  {
    slug: 'sustainability',
    name: 'Sustainability',
    description: 'Materials, sourcing, packaging and buying less but better.',
    kind: 'topic',
    themes: ['sustainability'],
    audience: 'everyone',
    weight: 4,
  },
  {
    slug: 'product-ideas',
    name: 'Product Ideas',
    description: 'Suggest products, colours and features. The product team reads along.',
    kind: 'topic',
    themes: ['ideas'],
    audience: 'everyone',
    weight: 4,
  },
];

const REGION_SPACES: readonly SpaceEntry[] = [
  {
    slug: 'uk-community',
    name: 'UK Community',
    description: 'Members across the UK: delivery, returns, stores and everything in between.',
    kind: 'region',
    regionCode: 'UK',
    themes: ['delivery', 'returns', 'styling', 'home', 'deals'],
    audience: 'UK',
    weight: 7,
  },
  {
    slug: 'us-community',
    name: 'US Community',
    description: 'Members across the US: shipping, returns, stores and everything in between.',
    kind: 'region',
    regionCode: 'US',
    themes: ['delivery', 'returns', 'styling', 'home', 'deals'],
    audience: 'US',
    weight: 6,
  },
  {
    slug: 'community-deutschland',
    name: 'Community Deutschland',
    description: 'Der Treffpunkt für alle Mitglieder in Deutschland: Fragen, Tipps und Austausch.',
    kind: 'region',
    regionCode: 'DE',
    themes: ['sizing', 'styling', 'home', 'care', 'delivery', 'returns', 'deals'],
    audience: 'DE',
    weight: 8,
  },
];

const STORE_SPACES: readonly SpaceEntry[] = [
  {
    slug: 'manchester-king-street',
    name: 'Manchester King Street Store',
    description: 'Events, stock questions and news from our Manchester store.',
    kind: 'store',
    regionCode: 'UK',
    themes: ['store'],
    audience: 'UK',
    weight: 3,
  },
  {
    slug: 'brooklyn-atlantic-avenue',
    name: 'Brooklyn Atlantic Avenue Store',
    description: 'Events, stock questions and news from our Brooklyn store.',
    kind: 'store',
    regionCode: 'US',
    themes: ['store'],
    audience: 'US',
    weight: 3,
  },
  {
    slug: 'berlin-mitte',
    name: 'Berlin Mitte Store',
    description:
      'Veranstaltungen, Fragen zum Sortiment und Neuigkeiten aus unserem Laden in Berlin.',
    kind: 'store',
    regionCode: 'DE',
    themes: ['store'],
    audience: 'DE',
    weight: 3,
  },
];

const PRIVATE_SPACES: readonly SpaceEntry[] = [
  {
    slug: 'gold-circle',
    name: 'Gold Circle',
    description: 'Early access, previews and perks for Loyalty Gold members.',
    kind: 'segment',
    segmentKeys: ['loyalty-gold'],
    themes: ['perks'],
    audience: 'loyalty-gold',
    weight: 3,
  },
  {
    slug: 'ambassador-lounge',
    name: 'Ambassador Lounge',
    description: `Briefings, samples and event planning for ${BRAND} ambassadors.`,
    kind: 'segment',
    segmentKeys: [],
    themes: ['ambassador'],
    audience: 'ambassadors',
    weight: 3,
  },
];

const SPACE_PLANS: readonly SpacePlan[] = [
  ...TOPIC_SPACES,
  ...REGION_SPACES,
  ...STORE_SPACES,
  ...PRIVATE_SPACES,
].map(toPlan);

/* ------------------------------------------------------------------------------------------ */
/* Filling templates                                                                          */
/* ------------------------------------------------------------------------------------------ */

type Vars = Readonly<Record<string, string>>;

/** Variable sources, searched in order; cheaper than merging objects for every comment. */
type VarSources = readonly Vars[];

/**
 * One British word swapped for its American counterpart (`$1` stands for the first group).
 * Patterns that ignore case keep a capital first letter.
 */
function swapWord(pattern: RegExp, american: string, match: string, group: unknown): string {
  const text = american.replace('$1', typeof group === 'string' ? group : '');
  return pattern.flags.includes('i') && /^[A-Z]/.test(match) ? capitalise(text) : text;
}

/** Text as a member of `region` writes it: American words and spelling in the US. */
function regional(text: string, region: RegionCode): string {
  if (region !== 'US') {
    return text;
  }
  return AMERICAN_ENGLISH.reduce(
    (result, [british, american]) =>
      result.replace(british, (match: string, group: unknown) =>
        swapWord(british, american, match, group),
      ),
    text,
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A template cut into literal text and variable references. */
type TemplatePart = string | { name: string; capital: boolean };

const PARSED = new Map<string, readonly TemplatePart[]>();

function parseTemplate(template: string): readonly TemplatePart[] {
  const cached = PARSED.get(template);
  if (cached !== undefined) {
    return cached;
  }
  const parts = template.split(/\{(\w+)\}/).map((piece, index): TemplatePart => {
    if (index % 2 === 0) {
      return piece;
    }
    const name = piece.charAt(0).toLowerCase() + piece.slice(1);
    return { name, capital: name !== piece };
  });
  PARSED.set(template, parts);
  return parts;
}

/**
 * Replaces `{name}` with the first value for `name` in `sources`; `{Name}` gives the value with
 * a capital first letter. A missing variable is a bug in a template and throws.
 */
function fill(template: string, ...sources: VarSources): string {
  let text = '';
  for (const part of parseTemplate(template)) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const value = lookUp(sources, part.name);
    if (value === undefined) {
      throw new Error(`Demo template uses an unknown variable {${part.name}}.`);
    }
    text += part.capital ? capitalise(value) : value;
  }
  return text;
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

/** Prices end in 9, as shop prices do; `factor` applies a reduction. */
function formatPrice(pounds: number, region: RegionCode, factor = 1): string {
  const rate = region === 'US' ? 1.25 : region === 'DE' ? 1.15 : 1;
  const amount = Math.max(9, Math.ceil((pounds * rate * factor) / 10) * 10 - 1);
  if (region === 'US') {
    return `$${amount}`;
  }
  return region === 'DE' ? `${amount} €` : `£${amount}`;
}

const ENGLISH_FORMS = {
  one: {
    it: 'it',
    them: 'it',
    is: 'is',
    has: 'has',
    does: 'does',
    was: 'was',
    its: 'its',
    looks: 'looks',
  },
  many: {
    it: 'they',
    them: 'them',
    is: 'are',
    has: 'have',
    does: 'do',
    was: 'were',
    its: 'their',
    looks: 'look',
  },
} as const;

const GERMAN_PRONOUNS: Readonly<Record<Product['gender'], readonly [string, string]>> = {
  m: ['er', 'ihn'],
  f: ['sie', 'sie'],
  n: ['es', 'es'],
  p: ['sie', 'sie'],
};

const GERMAN_VERBS = {
  one: {
    ist: 'ist',
    hat: 'hat',
    faellt: 'fällt',
    lohnt: 'lohnt',
    passt: 'passt',
    liegt: 'liegt',
    steht: 'steht',
  },
  many: {
    ist: 'sind',
    hat: 'haben',
    faellt: 'fallen',
    lohnt: 'lohnen',
    passt: 'passen',
    liegt: 'liegen',
    steht: 'stehen',
  },
} as const;

/** German dative plural adds -n unless the noun already ends in -n or -s. */
function germanDative(product: Product): string {
  if (product.gender !== 'p' || /[ns]$/.test(product.de)) {
    return product.de;
  }
  return `${product.de}n`;
}

function lookUp(sources: VarSources, name: string): string | undefined {
  for (const source of sources) {
    const value = source[name];
    if (value !== undefined) {
      return value;
    }
  }
  return undefined;
}

function productVars(product: Product): Vars {
  const [nom, acc, dat] = ARTICLES[product.gender];
  const [er, ihn] = GERMAN_PRONOUNS[product.gender];
  return {
    product: product.en,
    ...ENGLISH_FORMS[product.enPlural ? 'many' : 'one'],
    produkt: product.de,
    der_produkt: `${nom} ${product.de}`,
    den_produkt: `${acc} ${product.de}`,
    dem_produkt: `${dat} ${germanDative(product)}`,
    er,
    ihn,
    ...GERMAN_VERBS[product.gender === 'p' ? 'many' : 'one'],
  };
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const STORE_SLUGS: Readonly<Record<RegionCode, string>> = {
  UK: slugify(STORES.UK),
  US: slugify(STORES.US),
  DE: slugify(STORES.DE),
};

/** A page of the invented web shop that suits what the thread is about. */
function themePath(theme: Theme, product: Product, region: RegionCode): string {
  const slug = slugify(product.en);
  switch (theme) {
    case 'sizing':
      return `help/size-guide/${product.tag}`;
    case 'styling':
      return `journal/how-to-wear/${slug}`;
    case 'home':
      return `journal/at-home/${product.tag}`;
    case 'care':
      return `help/care/${product.family}`;
    case 'deals':
      return `sale/${product.tag}`;
    case 'sustainability':
      return 'responsibility/suppliers';
    case 'ideas':
      return `help/care/${product.family}/repairs`;
    case 'store':
      return `stores/${STORE_SLUGS[region]}/events`;
    case 'perks':
      return 'gold-circle';
    case 'ambassador':
      return `ambassadors/briefs/${slug}`;
    case 'delivery':
      return 'help/delivery';
    case 'returns':
      return 'help/returns';
  }
}

/** "an 8", "an M", "a 12", "a W32": the article a size needs when spoken. */
function withArticle(size: string): string {
  return /^(8|11|18|[SMLX])/.test(size) ? `an ${size}` : `a ${size}`;
}

function sizeVars(size: string, sizeUp: string): Vars {
  return { size, size_up: sizeUp, a_size: withArticle(size), a_size_up: withArticle(sizeUp) };
}

/** The words for each product, worked out once. */
const PRODUCT_VARS: ReadonlyMap<Product, Vars> = new Map(PRODUCTS.map((p) => [p, productVars(p)]));

/** The variables of one thread: what it is about and where its author lives. */
function contentVars(rng: Rng, product: Product, theme: Theme, author: DemoMember): VarSources {
  const region = author.regionCode;
  const lang = langOf(region);
  const colour = rng.pick(COLOURS);
  const sizes = SIZES[product.sizing][region];
  const sizeIndex = rng.int(Math.max(1, sizes.length - 1));
  const colourName = lang === 'de' ? colour.de : colour.en;
  const threadVars: Vars = {
    colour: colourName,
    ...sizeVars(sizes[sizeIndex] ?? '', sizes[sizeIndex + 1] ?? sizes[sizeIndex] ?? ''),
    price: formatPrice(product.price, region, theme === 'deals' ? 0.7 : 1),
    store: STORES[region],
    city: rng.pick(CITIES[region]),
    event: rng.pick(EVENTS[lang]),
    occasion: rng.pick(OCCASIONS[lang]),
    link: `${SHOP_URL}/${themePath(theme, product, region)}`,
    events_link: `${SHOP_URL}/${themePath('store', product, region)}`,
    care_link: `${SHOP_URL}/${themePath('care', product, region)}`,
    product_link: `${SHOP_URL}/p/${slugify(`${product.en} ${colour.en}`)}`,
    brand: BRAND,
    days: String(rng.between(3, 9)),
    weeks: String(rng.between(2, 6)),
  };
  return [threadVars, PRODUCT_VARS.get(product)!];
}

/* ------------------------------------------------------------------------------------------ */
/* Who writes: member pools per space and language                                            */
/* ------------------------------------------------------------------------------------------ */

/**
 * Members in order of joining, so those who had joined by a moment are a prefix.
 * The caller passes them sorted by join date.
 */
class MemberPool {
  readonly members: DemoMember[];
  private readonly joined: number[];

  constructor(sortedMembers: DemoMember[]) {
    this.members = sortedMembers;
    this.joined = sortedMembers.map((m) => m.joinedAt.getTime());
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
    case 'everyone':
      return true;
    case 'loyalty-gold':
      return member.role === 'manager' || member.segmentKeys.includes('loyalty-gold');
    case 'ambassadors':
      return member.role === 'ambassador' || member.role === 'manager';
    case 'UK':
    case 'US':
    case 'DE':
      return member.regionCode === audience;
  }
}

interface SpacePools {
  all: MemberPool;
  /** Ambassadors and staff, who post more than most. */
  active: MemberPool;
  byLang: Readonly<Record<Lang, MemberPool>>;
}

/** Pools for a space; `byJoinDate` holds all members sorted by join date. */
function spacePools(byJoinDate: DemoMember[], audience: Audience): SpacePools {
  const allowed = byJoinDate.filter((m) => inAudience(m, audience));
  const speaks = (lang: Lang) => allowed.filter((m) => langOf(m.regionCode) === lang);
  return {
    all: new MemberPool(allowed),
    active: new MemberPool(allowed.filter((m) => m.role !== 'member')),
    byLang: { en: new MemberPool(speaks('en')), de: new MemberPool(speaks('de')) },
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Posts and comments                                                                         */
/* ------------------------------------------------------------------------------------------ */

interface PostContext {
  rng: Rng;
  now: number;
  byKey: Map<string, DemoMember>;
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

/** German in the German spaces, English in the other regions, mostly English elsewhere. */
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
  const preferActive = ctx.rng.chance(0.15);
  const author =
    (preferActive ? pools.active.pickBefore(ctx.rng, at) : null) ??
    pools.byLang[lang].pickBefore(ctx.rng, at) ??
    pools.byLang[other].pickBefore(ctx.rng, at);
  if (author === null) {
    throw new Error('No member of the space had joined in time to write a post.');
  }
  return author;
}

/** The products a template suits; templates asking for a size need a sized product. */
function fittingProducts(template: PostTemplate): Product[] {
  const text = [...template.titles, ...template.body].join(' ');
  const needsSize = text.includes('{size') || text.includes('{a_size');
  const fitting = PRODUCTS.filter(
    (p) =>
      (template.goods === 'any' || p.goods === template.goods) &&
      (template.families === undefined || template.families.includes(p.family)) &&
      (template.tags === undefined || template.tags.includes(p.tag)) &&
      (!needsSize || p.sizing !== 'none'),
  );
  if (fitting.length === 0) {
    throw new Error(`No demo product fits the template "${template.titles[0] ?? ''}".`);
  }
  return fitting;
}

/** Fitting products of every template, worked out once. */
const FITTING: ReadonlyMap<PostTemplate, readonly Product[]> = new Map(
  (['en', 'de'] as const)
    .flatMap((lang) => Object.values(POSTS[lang]).flat())
    .map((template) => [template, fittingProducts(template)]),
);

/**
 * A template for the theme. Templates that suit only a few products are picked less often,
 * so that the same narrow question does not come up again and again.
 */
function pickTemplate(rng: Rng, lang: Lang, theme: Theme): PostTemplate {
  const templates = POSTS[lang][theme];
  const weights = templates.map((t) => Math.min(FITTING.get(t)!.length, 8));
  let roll = rng.float() * weights.reduce((sum, w) => sum + w, 0);
  for (const [index, template] of templates.entries()) {
    roll -= weights[index]!;
    if (roll < 0) {
      return template;
    }
  }
  return templates[templates.length - 1]!;
}

function firstName(member: DemoMember): string {
  return member.displayName.split(' ')[0] ?? member.displayName;
}

/** Whether the post's text names its product, so a link to the product page fits. */
function aboutProduct(template: PostTemplate): boolean {
  return template.body.some((p) => /\{(der_|den_|dem_)?pro[dk]u[ck]t\}/i.test(p));
}

function composeBody(rng: Rng, template: PostTemplate, lang: Lang, vars: VarSources): string {
  const closings = template.question ? QUESTION_CLOSINGS : POST_CLOSINGS;
  const paragraphs = [
    rng.pick(OPENINGS[lang]),
    ...template.body,
    rng.chance(0.15) && aboutProduct(template) ? rng.pick(REFERENCES[lang]) : '',
    rng.pick(closings[lang]),
  ];
  return joinParagraphs(paragraphs.filter((p) => p !== '').map((p) => fill(p, ...vars)));
}

function postTags(theme: Theme, product: Product, question: boolean): string[] {
  return question ? [theme, product.tag, 'question'] : [theme, product.tag];
}

function buildPost(ctx: PostContext, index: number, at: number): DemoPost {
  const { rng } = ctx;
  const plan = pickPlan(rng);
  const pools = ctx.pools.get(plan.space.key)!;
  const author = postAuthor(ctx, pools, postLanguage(rng, plan), at);
  const lang = langOf(author.regionCode);
  const theme = rng.pick(plan.themes);
  const template = pickTemplate(rng, lang, theme);
  const product = rng.pick(FITTING.get(template)!);
  const vars = contentVars(rng, product, theme, author);
  const post: DemoPost = {
    key: `post-${String(index + 1).padStart(4, '0')}`,
    spaceKey: plan.space.key,
    authorKey: author.key,
    title: regional(fill(rng.pick(template.titles), ...vars), author.regionCode),
    body: regional(composeBody(rng, template, lang, vars), author.regionCode),
    tags: postTags(theme, product, template.question),
    createdAt: new Date(at),
    comments: [],
    acceptedCommentKey: null,
    reactions: [],
  };
  const thread: Thread = {
    ctx,
    post,
    author,
    lang,
    theme,
    template,
    product,
    vars,
    pools,
    answers: [],
    specific: [],
    used: new Set(),
    answered: new Set(),
  };
  addComments(thread, template.question);
  addReactions(ctx, post, pools, template.question);
  return post;
}

/* ------------------------------------------------------------------------------------------ */
/* Comments and reactions                                                                     */
/* ------------------------------------------------------------------------------------------ */

interface Thread {
  ctx: PostContext;
  post: DemoPost;
  author: DemoMember;
  lang: Lang;
  theme: Theme;
  template: PostTemplate;
  product: Product;
  vars: VarSources;
  pools: SpacePools;
  /** Top-level answers by other members: the ones replies and acceptance go to. */
  answers: DemoComment[];
  /** Those of `answers` written for this kind of post: the ones that can be accepted. */
  specific: DemoComment[];
  /** Comment templates used so far, so that nobody repeats another word for word. */
  used: Set<string>;
  /** Comments the post's author has replied to already. */
  answered: Set<string>;
}

/**
 * The next comment time: a step of 2-27% of the time left before `now`, at least a minute.
 * Times only rise, so a reply always follows its parent; null when no time is left.
 */
function nextCommentTime(rng: Rng, after: number, now: number): number | null {
  const room = now - after;
  if (room < 3 * MINUTE) {
    return null;
  }
  return after + Math.max(MINUTE, Math.floor(room * (0.02 + rng.float() * 0.25)));
}

/** Someone who speaks the thread's language, had joined before `at` and is not excluded. */
function participant(thread: Thread, at: number, ...exclude: string[]): DemoMember | null {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const member = thread.pools.byLang[thread.lang].pickBefore(thread.ctx.rng, at);
    if (member !== null && !exclude.includes(member.key)) {
      return member;
    }
  }
  return null;
}

function pushComment(
  thread: Thread,
  author: DemoMember,
  parent: DemoComment | null,
  body: string,
  at: number,
): DemoComment {
  const comment: DemoComment = {
    key: `${thread.post.key}-c${thread.post.comments.length + 1}`,
    authorKey: author.key,
    parentKey: parent?.key ?? null,
    body: regional(body, author.regionCode),
    createdAt: new Date(at),
  };
  thread.post.comments.push(comment);
  return comment;
}

const NO_ANSWERS: readonly Answer[] = [];

const TEXTS_BY_FAMILY = new Map<readonly Answer[], Map<Family, readonly string[]>>();

/** The texts among `answers` that suit products of `family`, worked out once per list. */
function textsFor(answers: readonly Answer[], family: Family): readonly string[] {
  let byFamily = TEXTS_BY_FAMILY.get(answers);
  if (byFamily === undefined) {
    byFamily = new Map();
    TEXTS_BY_FAMILY.set(answers, byFamily);
  }
  let texts = byFamily.get(family);
  if (texts === undefined) {
    texts = answers.flatMap((a) => {
      if (typeof a === 'string') {
        return [a];
      }
      return a.only.includes(family) ? [a.text] : [];
    });
    byFamily.set(family, texts);
  }
  return texts;
}

/** A filled template from `candidates` whose template the thread has not used yet. */
function freshText(
  thread: Thread,
  candidates: readonly string[],
  extra: VarSources = [],
): string | null {
  if (candidates.length === 0) {
    return null;
  }
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const template = thread.ctx.rng.pick(candidates);
    if (!thread.used.has(template)) {
      thread.used.add(template);
      return fill(template, ...extra, ...thread.vars);
    }
  }
  return null;
}

/** Adds an answer: mostly one written for this kind of post, otherwise one for the theme. */
function addAnswer(thread: Thread, author: DemoMember, at: number): void {
  const own = textsFor(thread.template.answers ?? NO_ANSWERS, thread.product.family);
  const general = thread.template.question
    ? textsFor(ANSWERS[thread.lang][thread.theme], thread.product.family)
    : PRAISE[thread.lang];
  const ownFirst = own.length > 0 && thread.ctx.rng.chance(0.7);
  const firstText = ownFirst ? freshText(thread, own) : null;
  const generalText = firstText === null ? freshText(thread, general) : null;
  const text = firstText ?? generalText ?? freshText(thread, own);
  if (text === null) {
    return;
  }
  const answer = pushComment(thread, author, null, text, at);
  thread.answers.push(answer);
  if (generalText === null) {
    thread.specific.push(answer);
  }
}

/** Variables for a text addressed to `member`. */
function addressing(member: DemoMember): Vars {
  return { mention: member.username, name: firstName(member) };
}

/** The post's author replying to an answer they have not replied to yet, if there is one. */
function authorReply(thread: Thread, at: number): void {
  const open = thread.answers.filter((c) => !thread.answered.has(c.key));
  if (open.length === 0) {
    return;
  }
  const parent = thread.ctx.rng.pick(open);
  const parentAuthor = thread.ctx.byKey.get(parent.authorKey)!;
  const texts = (thread.template.question ? FOLLOW_UPS : AUTHOR_REPLIES)[thread.lang];
  const body = freshText(thread, texts, [addressing(parentAuthor)]);
  if (body !== null) {
    thread.answered.add(parent.key);
    pushComment(thread, thread.author, parent, body, at);
  }
}

/** A reply to an answer: a follow-up by the post's author, or another member chiming in. */
function addReply(thread: Thread, at: number): void {
  const { rng, byKey } = thread.ctx;
  if (rng.chance(0.45)) {
    authorReply(thread, at);
    return;
  }
  const parent = rng.pick(thread.answers);
  const parentAuthor = byKey.get(parent.authorKey)!;
  const author = participant(thread, at, parentAuthor.key, thread.author.key);
  const body =
    author === null ? null : freshText(thread, AGREEMENTS[thread.lang], [addressing(parentAuthor)]);
  if (author !== null && body !== null) {
    pushComment(thread, author, parent, body, at);
  }
}

/** A top-level comment: mostly an answer, sometimes a tag for a friend or a short remark. */
function addTopLevel(thread: Thread, at: number): void {
  const { rng } = thread.ctx;
  const author = participant(thread, at, thread.author.key);
  if (author === null) {
    return;
  }
  const roll = rng.float();
  const friend = roll < 0.08 ? participant(thread, at, author.key) : null;
  if (friend !== null) {
    const lines = (thread.template.question ? MENTIONS : SHARES)[thread.lang];
    const text = freshText(thread, lines, [{ friend: friend.username }]);
    if (text !== null) {
      pushComment(thread, author, null, text, at);
    }
    return;
  }
  const remarks = (thread.template.question ? CHATTER : PRAISE)[thread.lang];
  const chatter = roll < 0.14 ? freshText(thread, remarks) : null;
  if (chatter !== null) {
    pushComment(thread, author, null, chatter, at);
  } else {
    addAnswer(thread, author, at);
  }
}

/** The asker accepts one answer and often says thank you underneath it. */
function acceptAnswer(thread: Thread, after: number): void {
  const { rng, now } = thread.ctx;
  const accepted = rng.pick(thread.specific);
  thread.post.acceptedCommentKey = accepted.key;
  const at = nextCommentTime(rng, after, now);
  if (at !== null && rng.chance(0.6)) {
    const answerer = thread.ctx.byKey.get(accepted.authorKey)!;
    const body = thread.answered.has(accepted.key)
      ? null
      : freshText(thread, THANKS[thread.lang], [addressing(answerer)]);
    if (body !== null) {
      pushComment(thread, thread.author, accepted, body, at);
    }
  }
}

function addComments(thread: Thread, question: boolean): void {
  const { rng, now } = thread.ctx;
  const count = rng.between(question ? 1 : 0, 6);
  let at = thread.post.createdAt.getTime();
  for (let i = 0; i < count; i += 1) {
    const next = nextCommentTime(rng, at, now);
    if (next === null) {
      break;
    }
    at = next;
    if (thread.answers.length > 0 && rng.chance(0.3)) {
      addReply(thread, at);
    } else {
      addTopLevel(thread, at);
    }
  }
  if (question && thread.specific.length > 0 && rng.chance(0.75)) {
    acceptAnswer(thread, at);
  }
}

/** Questions collect "helpful", other posts more "love". */
const REACTION_WEIGHTS = {
  question: weightTable<ReactionKind>({ like: 40, helpful: 35, insightful: 15, love: 10 }),
  other: weightTable<ReactionKind>({ like: 50, love: 30, insightful: 12, helpful: 8 }),
} as const;

/** Reactions from members of the space; a few posts become popular. */
function addReactions(
  ctx: PostContext,
  post: DemoPost,
  pools: SpacePools,
  question: boolean,
): void {
  const { rng } = ctx;
  const seen = new Set<string>();
  const popular = rng.chance(0.12) ? rng.between(6, 24) : 0;
  const wanted = rng.between(0, 6) + popular + post.comments.length;
  for (let i = 0; i < wanted; i += 1) {
    const member = pools.all.pickBefore(rng, ctx.now);
    const kind = rng.weighted(REACTION_WEIGHTS[question ? 'question' : 'other']);
    if (member === null || member.key === post.authorKey) {
      continue;
    }
    const id = `${member.key}|${kind}`;
    if (!seen.has(id)) {
      seen.add(id);
      post.reactions.push({ memberKey: member.key, kind });
    }
  }
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
  const byJoinDate = [...members].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime());
  const pools = new Map(SPACE_PLANS.map((p) => [p.space.key, spacePools(byJoinDate, p.audience)]));
  const ctx: PostContext = { rng, now, byKey: new Map(members.map((m) => [m.key, m])), pools };
  return postTimes(rng, count, now).map((at, index) => buildPost(ctx, index, at));
}

/* ------------------------------------------------------------------------------------------ */
/* Follows                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** How likely a member is to follow a space they can take part in. */
function followChance(member: DemoMember, plan: SpacePlan): number {
  const { kind, visibility } = plan.space;
  if (visibility === 'private') {
    return 0.85;
  }
  if (kind === 'region') {
    return 0.7;
  }
  if (kind === 'store') {
    return member.segmentKeys.includes('store-regular') ? 0.8 : 0.15;
  }
  const likes = (theme: Theme, segment: string) =>
    plan.themes.includes(theme) && member.segmentKeys.includes(segment);
  const interested = likes('home', 'home-enthusiast') || likes('styling', 'style-insider');
  return interested ? 0.7 : 0.2;
}

/** Members follow some of the spaces open to them: their region, their store, their interests. */
function buildFollows(rng: Rng, members: DemoMember[]): DemoCommunity['follows'] {
  const follows: DemoCommunity['follows'] = [];
  for (const member of members) {
    for (const plan of SPACE_PLANS) {
      if (inAudience(member, plan.audience) && rng.chance(followChance(member, plan))) {
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
  const memberCount = wholeNumber(
    options.members ?? DEFAULTS.members,
    'members',
    SIGN_IN_PROFILES.length,
  );
  const postCount = wholeNumber(options.posts ?? DEFAULTS.posts, 'posts', 0);
  const now = (options.now ?? DEFAULTS.now).getTime();
  if (Number.isNaN(now)) {
    throw new RangeError('Demo option "now" must be a valid date.');
  }
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
