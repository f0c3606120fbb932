/**
 * A pure, deterministic generator for Guild's demo community: a fashion and home retailer with
 * members in three regions, topic, region and store spaces, and months of posts, threaded
 * comments, accepted answers, reactions and follows. The same options always give the same
 * community, so demos, screenshots and tests can rely on it.
 */

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
type Lang = 'en' | 'de';
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
const SHOP_URL = 'https://www.northwind-hearth.example';

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

const FIRST_NAMES: Readonly<Record<RegionCode, readonly string[]>> = {
  UK: ['Amelia', 'Oliver', 'Isla', 'Harry', 'Zoë', 'George', 'Freya', 'Callum', 'Niamh', 'Rhys'],
  US: ['Madison', 'Ethan', 'Chloé', 'Marcus', 'Renée', 'Tyler', 'Aaliyah', 'Diego', 'Brooke'],
  DE: ['Jürgen', 'Anja', 'Lukas', 'Sören', 'Katharina', 'Jonas', 'Lea', 'Björn', 'Mia', 'Till'],
};

const LAST_NAMES: Readonly<Record<RegionCode, readonly string[]>> = {
  UK: ['Hughes', 'Patel', "O'Brien", 'Fletcher', 'Ashworth', 'Campbell', 'Bennett', 'Khan'],
  US: ['Johnson', 'Nguyen', 'Ramirez', 'Brooks', 'Sullivan', 'Kowalski', 'Washington'],
  DE: ['Müller', 'Weber', 'Schäfer', 'Krüger', 'Hoffmann', 'Lindqvist', 'Groß', 'Becker'],
};

const HANDLE_WORDS = ['linen', 'knits', 'home', 'style', 'makes', 'thrifts', 'loves_oak'];

const EMAIL_DOMAINS: Readonly<Record<RegionCode, readonly string[]>> = {
  UK: ['example.co.uk', 'mail.example.co.uk', 'example.org'],
  US: ['example.com', 'example.net', 'inbox.example.com'],
  DE: ['example.de', 'post.example.de', 'example.org'],
};

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

const BIOS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'Based in {city}. Collecting linen, wool and opinions about both.',
    'Weekend potterer, weekday commuter. {city} born and bred.',
  ],
  de: [
    'Wohnt in {city} und mag Dinge, die lange halten.',
    'Aus {city}. Altbau, Holzdielen und zu viele Kissen.',
  ],
};

const CITIES: Readonly<Record<RegionCode, readonly string[]>> = {
  UK: ['Manchester', 'Leeds', 'Bristol', 'Glasgow', 'Brighton', 'York'],
  US: ['Brooklyn', 'Boston', 'Philadelphia', 'Chicago', 'Portland', 'Atlanta'],
  DE: ['Berlin', 'Hamburg', 'München', 'Köln', 'Leipzig', 'Freiburg'],
};

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

type Theme = 'sizing' | 'care' | 'home' | 'store';

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

const SPACE_PLANS: readonly SpacePlan[] = [
  {
    space: publicSpace('sizing-fit', 'Sizing & Fit Q&A',
      'Between sizes? Ask how things fit and hear from people who own them.', 'topic', null),
    themes: ['sizing'], audience: 'everyone', weight: 6,
  },
  {
    space: publicSpace('community-deutschland', 'Community Deutschland',
      'Der Treffpunkt für alle Mitglieder in Deutschland: Fragen, Tipps und Austausch.',
      'region', 'DE'),
    themes: ['sizing', 'care', 'home'], audience: 'DE', weight: 5,
  },
  {
    space: {
      key: 'space-gold-circle', slug: 'gold-circle', name: 'Gold Circle',
      description: 'Early access, previews and perks for Loyalty Gold members.',
      visibility: 'private', kind: 'segment', regionCode: null, segmentKeys: ['loyalty-gold'],
    },
    themes: ['home'], audience: 'loyalty-gold', weight: 2,
  },
  {
    space: {
      key: 'space-ambassador-lounge', slug: 'ambassador-lounge', name: 'Ambassador Lounge',
      description: 'Briefings, samples and event planning for Northwind & Hearth ambassadors.',
      visibility: 'private', kind: 'segment', regionCode: null, segmentKeys: [],
    },
    themes: ['store'], audience: 'ambassadors', weight: 2,
  },
];

/* ------------------------------------------------------------------------------------------ */
/* Text vocabularies                                                                          */
/* ------------------------------------------------------------------------------------------ */

type Goods = 'fashion' | 'home';
type Sizing = 'dress' | 'letter' | 'shoe' | 'bed' | 'none';

interface Product {
  en: string;
  /** German noun and grammatical gender ('p' for plural). */
  de: string;
  gender: 'm' | 'f' | 'n' | 'p';
  goods: Goods;
  sizing: Sizing;
  /** Typical price in pounds. */
  price: number;
  tag: string;
}

const PRODUCTS: readonly Product[] = [
  { en: 'linen duvet cover', de: 'Leinen-Bettbezug', gender: 'm', goods: 'home', sizing: 'bed',
    price: 120, tag: 'bedding' },
  { en: 'wool-blend coat', de: 'Wollmantel', gender: 'm', goods: 'fashion', sizing: 'dress',
    price: 189, tag: 'outerwear' },
  { en: 'rattan chair', de: 'Rattanstuhl', gender: 'm', goods: 'home', sizing: 'none',
    price: 245, tag: 'furniture' },
  { en: 'merino jumper', de: 'Merinopullover', gender: 'm', goods: 'fashion', sizing: 'letter',
    price: 79, tag: 'knitwear' },
  { en: 'cast-iron casserole', de: 'Gusseisen-Bräter', gender: 'm', goods: 'home',
    sizing: 'none', price: 95, tag: 'kitchen' },
  { en: 'chinos', de: 'Chinos', gender: 'p', goods: 'fashion', sizing: 'dress', price: 59,
    tag: 'trousers' },
];

const COLOURS: readonly { en: string; de: string }[] = [
  { en: 'sage', de: 'Salbeigrün' },
  { en: 'oatmeal', de: 'Haferbeige' },
  { en: 'navy', de: 'Marineblau' },
  { en: 'rust', de: 'Rostrot' },
];

const SIZES: Readonly<Record<Sizing, Readonly<Record<RegionCode, readonly string[]>>>> = {
  dress: {
    UK: ['8', '10', '12', '14', '16', '18'],
    US: ['4', '6', '8', '10', '12', '14'],
    DE: ['36', '38', '40', '42', '44', '46'],
  },
  letter: { UK: ['XS', 'S', 'M', 'L', 'XL'], US: ['XS', 'S', 'M', 'L', 'XL'],
    DE: ['XS', 'S', 'M', 'L', 'XL'] },
  shoe: {
    UK: ['4', '5', '6', '7', '8', '9', '10'],
    US: ['6', '7', '8', '9', '10', '11', '12'],
    DE: ['37', '38', '39', '40', '41', '42', '43'],
  },
  bed: {
    UK: ['single', 'double', 'king', 'super king'],
    US: ['twin', 'full', 'queen', 'king'],
    DE: ['135 × 200 cm', '155 × 220 cm', '200 × 200 cm', '240 × 220 cm'],
  },
  none: { UK: ['standard'], US: ['standard'], DE: ['Standard'] },
};

const STORES: Readonly<Record<RegionCode, string>> = {
  UK: 'Manchester King Street',
  US: 'Brooklyn Atlantic Avenue',
  DE: 'Berlin Mitte',
};

/* ------------------------------------------------------------------------------------------ */
/* Templates                                                                                  */
/* ------------------------------------------------------------------------------------------ */

interface PostTemplate {
  /** Questions can get an accepted answer. */
  question: boolean;
  goods: Goods | 'any';
  titles: readonly string[];
  /** Paragraphs; consecutive "- " items form one list. */
  body: readonly string[];
}

type TemplateBook<T> = Readonly<Record<Lang, Readonly<Record<Theme, readonly T[]>>>>;

const POSTS: TemplateBook<PostTemplate> = {
  en: {
    sizing: [{
      question: true, goods: 'fashion',
      titles: ['{Product}: size up or stay true to size?', 'How does the {product} fit?'],
      body: ['I am usually a {size} and eyeing the {product} in {colour}. Is it generous?'],
    }],
    care: [{
      question: true, goods: 'any',
      titles: ['Best way to wash a {product}?'],
      body: ['My {product} has its first mark. The label is vague; what has worked for you?'],
    }],
    home: [{
      question: false, goods: 'home',
      titles: ['Finally got the {product} in {colour}'],
      body: ['Six weeks of deliberating and it is **perfect**. Styled with a few plants.'],
    }],
    store: [{
      question: true, goods: 'any',
      titles: ['Anyone going to the {store} event?'],
      body: ['Thinking of going on Saturday. Is it worth the trip?'],
    }],
  },
  de: {
    sizing: [{
      question: true, goods: 'fashion',
      titles: ['{Der_produkt}: eine Größe größer?'],
      body: ['Ich trage meistens {size} und überlege, {den_produkt} in {colour} zu bestellen. '
        + 'Fällt die Größe normal aus und ist der Schnitt eher weit?'],
    }],
    care: [{
      question: true, goods: 'any',
      titles: ['Wie wascht ihr {den_produkt}?'],
      body: ['Das Etikett ist nicht eindeutig und ich möchte nichts ruinieren. Was ist eure Routine?'],
    }],
    home: [{
      question: false, goods: 'home',
      titles: ['{Der_produkt} ist endlich da'],
      body: ['Lange überlegt und die Farbe {colour} ist genau richtig. Die Qualität ist super.'],
    }],
    store: [{
      question: true, goods: 'any',
      titles: ['Wer kommt zum Abend in {store}?'],
      body: ['Ich überlege, am Samstag hinzugehen. Lohnt sich die Fahrt und die Anmeldung?'],
    }],
  },
};

const ANSWERS: TemplateBook<string> = {
  en: {
    sizing: ['I went with my usual {size} and it is roomy enough for a jumper underneath.'],
    care: ['Cool wash, inside out, then dry flat. Mine still looks new after a year.'],
    home: ['That {colour} is lovely. How does it look in daylight?'],
    store: ['Went last time, the staff were brilliant. Book early, it fills up.'],
  },
  de: {
    sizing: ['Ich habe meine normale Größe {size} genommen und die Passform ist gut.'],
    care: ['Kalt waschen, auf links und liegend trocknen. Das ist bei mir die beste Lösung.'],
    home: ['Die Farbe {colour} ist wirklich schön und passt gut zu Holz.'],
    store: ['Ich war letztes Mal dort und die Beratung ist klasse. Früh anmelden!'],
  },
};

const REPLIES: Readonly<Record<Lang, readonly string[]>> = {
  en: ['@{mention} thanks, that is really helpful.', 'Same experience here, @{mention}.'],
  de: ['Danke @{mention}, das hilft mir sehr.', '@{mention} das ist bei mir genauso.'],
};

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
