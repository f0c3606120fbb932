/**
 * Words and templates for Guild's demo community (see demo-content.ts). Only data lives here.
 *
 * Templates use `{name}` placeholders; `{Name}` gives the value with a capital first letter.
 * Variables available in post and comment templates:
 * - `product`; `it`, `them`, `is`, `has`, `does`, `its` agree with it (singular or plural)
 * - `produkt` (German noun), `der_produkt`, `den_produkt`, `dem_produkt` (with article);
 *   `er`, `ihn`, `ist`, `hat` agree with it
 * - `colour`, `size`, `size_up`, `price`, `store`, `city`, `event`, `occasion`, `link`,
 *   `brand`, `days`, `weeks`, `friend` (an existing username, for @mentions)
 * - in replies also `mention` (the username replied to) and `name` (that member's first name)
 */

/** Two languages are written in the demo: English (UK and US) and German (DE). */
export type Lang = 'en' | 'de';

/** Region codes of the demo retailer. */
export type RegionCode = 'UK' | 'US' | 'DE';

/** What a thread is about; every space has a few themes. */
export type Theme =
  | 'sizing'
  | 'styling'
  | 'home'
  | 'care'
  | 'delivery'
  | 'returns'
  | 'deals'
  | 'sustainability'
  | 'ideas'
  | 'store'
  | 'perks'
  | 'ambassador';

/** Clothing or homeware. */
export type Goods = 'fashion' | 'home';

/** How a product is sized. */
export type Sizing = 'dress' | 'letter' | 'waist' | 'shoe' | 'bed' | 'none';

/** Products with the same care needs. */
export type Family =
  | 'wool'
  | 'cotton'
  | 'linen'
  | 'leather'
  | 'delicate'
  | 'outer'
  | 'wood'
  | 'iron'
  | 'ceramic'
  | 'natural'
  | 'soft';

/** One item of the demo catalogue. */
export interface Product {
  en: string;
  /** German noun. */
  de: string;
  /** Grammatical gender of the German noun; 'p' for a plural (also the English plural). */
  gender: 'm' | 'f' | 'n' | 'p';
  goods: Goods;
  sizing: Sizing;
  family: Family;
  /** Typical price in pounds. */
  price: number;
  tag: string;
}

/** A post: one of the titles and all paragraphs, filled with the thread's variables. */
export interface PostTemplate {
  /** Questions can get an accepted answer. */
  question: boolean;
  goods: Goods | 'any';
  /** When given, only products of these families fit the template. */
  families?: readonly Family[];
  titles: readonly string[];
  /** Paragraphs; consecutive "- " items form one list. */
  body: readonly string[];
}

/** A comment text, optionally only for products of some families. */
export type Answer = string | { readonly only: readonly Family[]; readonly text: string };

/** Templates per language and theme; every theme needs both languages. */
export type TemplateBook<T> = Readonly<Record<Lang, Readonly<Record<Theme, readonly T[]>>>>;

/** The invented retailer. */
export const BRAND = 'Northwind & Hearth';

/** The retailer's invented web shop; `.example` is reserved and never resolves. */
export const SHOP_URL = 'https://www.northwind-hearth.example';

/* ------------------------------------------------------------------------------------------ */
/* People                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/** Given names by region; display names keep their accents. */
export const FIRST_NAMES: Readonly<Record<RegionCode, readonly string[]>> = {
  UK: [
    'Amelia', 'Oliver', 'Isla', 'Harry', 'Zoë', 'George', 'Freya', 'Callum', 'Niamh', 'Rhys',
    'Imogen', 'Arjun', 'Poppy', 'Declan', 'Aoife', 'Tom', 'Harriet', 'Kwame', 'Eilidh', 'Finlay',
    'Siobhán', 'Priya', 'Alfie', 'Rosie', 'Małgorzata', 'Ewan', 'Hannah', 'Idris', 'Beth', 'Noah',
  ],
  US: [
    'Madison', 'Ethan', 'Chloé', 'Marcus', 'Renée', 'Tyler', 'Aaliyah', 'Diego', 'Brooke',
    'Jasmine', 'Caleb', 'Mei', 'Andre', 'Sofía', 'Hunter', 'Keisha', 'José', 'Lauren', 'Malik',
    'Avery', 'Dakota', 'Nadia', 'Wyatt', 'Gabriela', 'Trevor', 'Kaitlyn', 'Omar', 'Paige', 'Leo',
  ],
  DE: [
    'Jürgen', 'Anja', 'Lukas', 'Sören', 'Katharina', 'Jonas', 'Lea', 'Björn', 'Mia', 'Till',
    'Friederike', 'Jörg', 'Hanna', 'Maximilian', 'Mareike', 'Emre', 'Jana', 'Tobias', 'Clara',
    'Günther', 'Leonie', 'Felix', 'Annika', 'Moritz', 'Zeynep', 'Niklas', 'Ute', 'Henrik', 'Ida',
  ],
};

/** Family names by region. */
export const LAST_NAMES: Readonly<Record<RegionCode, readonly string[]>> = {
  UK: [
    'Hughes', 'Patel', "O'Brien", 'Fletcher', 'Ashworth', 'Campbell', 'Bennett', 'Khan', 'Evans',
    'Thornton', 'McLeod', 'Okafor', 'Whitmore', 'Davies', 'Sinclair', 'Barlow', 'Chaudhry',
    'Pemberton', 'Lloyd', 'Gallagher', 'Kowalczyk', 'Morgan', 'Hartley', 'Nwosu', 'Reeves',
  ],
  US: [
    'Johnson', 'Nguyen', 'Ramirez', 'Brooks', 'Sullivan', 'Kowalski', 'Washington', 'Carter',
    'Delgado', 'Kim', 'Harper', 'Russo', 'Bishop', 'Greenberg', 'Okonkwo', 'Núñez', 'Fischer',
    'Mitchell', 'Park', 'Donovan', 'Alvarez', 'Coleman', 'Lindgren', 'Moreau', 'Tran',
  ],
  DE: [
    'Müller', 'Weber', 'Schäfer', 'Krüger', 'Hoffmann', 'Lindqvist', 'Groß', 'Becker', 'Wagner',
    'Schulz', 'Yılmaz', 'Neumann', 'Köhler', 'Brandt', 'Vogel', 'Lehmann', 'Hartmann', 'Özdemir',
    'Jäger', 'Wolff', 'Böhm', 'Kaiser', 'Richter', 'Sommer', 'Fuchs',
  ],
};

/** Words some members put in their usernames. */
export const HANDLE_WORDS: readonly string[] = [
  'linen', 'knits', 'home', 'style', 'makes', 'thrifts', 'loves_oak', 'at_home', 'wears',
  'cooks', 'nest', 'wardrobe', 'potters', 'layers',
];

/** Invented mail domains; only `example` names, which never belong to anyone. */
export const EMAIL_DOMAINS: Readonly<Record<RegionCode, readonly string[]>> = {
  UK: ['example.co.uk', 'mail.example.co.uk', 'example.org', 'post.example.net'],
  US: ['example.com', 'example.net', 'inbox.example.com', 'example.org'],
  DE: ['example.de', 'post.example.de', 'mail.example.de', 'example.org'],
};

/** Cities members live in. */
export const CITIES: Readonly<Record<RegionCode, readonly string[]>> = {
  UK: ['Manchester', 'Leeds', 'Bristol', 'Glasgow', 'Brighton', 'York', 'Cardiff', 'Norwich'],
  US: ['Brooklyn', 'Boston', 'Philadelphia', 'Chicago', 'Portland', 'Atlanta', 'Austin', 'Denver'],
  DE: ['Berlin', 'Hamburg', 'München', 'Köln', 'Leipzig', 'Freiburg', 'Bremen', 'Dresden'],
};

/** Member bios; `{city}` is filled in. */
export const BIOS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'Based in {city}. Collecting linen, wool and opinions about both.',
    'Weekend potterer, weekday commuter. {city} born and bred.',
    'Renovating a terrace in {city} one room at a time.',
    'Capsule wardrobe fan. If it cannot be repaired I am not buying it.',
    'Cook, gardener, reluctant ironer. {city}.',
    'Nurse by day, interiors scroller by night.',
    'Mostly here for the sizing threads. Tall, always between sizes.',
    'Two kids, one dog, zero white sofas. {city}.',
    '',
  ],
  de: [
    'Wohnt in {city} und mag Dinge, die lange halten.',
    'Aus {city}. Altbau, Holzdielen und zu viele Kissen.',
    'Koche gern, nähe manchmal und repariere lieber, als neu zu kaufen.',
    'Lehrerin in {city}. Immer auf der Suche nach dem perfekten Mantel.',
    'Zwischen zwei Größen geboren. Hier vor allem für die Passform-Fragen.',
    'Balkongärtner in {city}, Leinenfan und Kaffeetrinker.',
    '',
  ],
};

/* ------------------------------------------------------------------------------------------ */
/* Catalogue                                                                                  */
/* ------------------------------------------------------------------------------------------ */

function item(en: string, de: string, gender: Product['gender'], goods: Goods, sizing: Sizing,
  family: Family, price: number, tag: string): Product {
  return { en, de, gender, goods, sizing, family, price, tag };
}

/** The demo catalogue: clothing first, then homeware. */
export const PRODUCTS: readonly Product[] = [
  item('wool-blend coat', 'Wollmantel', 'm', 'fashion', 'letter', 'wool', 189, 'outerwear'),
  item('merino jumper', 'Merinopullover', 'm', 'fashion', 'letter', 'wool', 79, 'knitwear'),
  item('chinos', 'Chinohose', 'p', 'fashion', 'waist', 'cotton', 59, 'trousers'),
  item('linen shirt', 'Leinenhemd', 'n', 'fashion', 'letter', 'linen', 55, 'shirts'),
  item('cashmere scarf', 'Kaschmirschal', 'm', 'fashion', 'none', 'wool', 89, 'accessories'),
  item('trench coat', 'Trenchcoat', 'm', 'fashion', 'dress', 'outer', 220, 'outerwear'),
  item('denim jacket', 'Jeansjacke', 'f', 'fashion', 'letter', 'cotton', 85, 'outerwear'),
  item('wrap dress', 'Wickelkleid', 'n', 'fashion', 'dress', 'delicate', 95, 'dresses'),
  item('leather Chelsea boots', 'Chelsea-Boots', 'p', 'fashion', 'shoe', 'leather', 150,
    'footwear'),
  item('cord trousers', 'Cordhose', 'f', 'fashion', 'waist', 'cotton', 65, 'trousers'),
  item('quilted gilet', 'Steppweste', 'f', 'fashion', 'letter', 'outer', 70, 'outerwear'),
  item('cable-knit cardigan', 'Zopfstrickjacke', 'f', 'fashion', 'letter', 'wool', 99,
    'knitwear'),
  item('Breton top', 'Ringelshirt', 'n', 'fashion', 'letter', 'cotton', 35, 'tops'),
  item('suede loafers', 'Wildleder-Loafer', 'p', 'fashion', 'shoe', 'leather', 120, 'footwear'),
  item('waxed jacket', 'Wachsjacke', 'f', 'fashion', 'letter', 'outer', 175, 'outerwear'),
  item('silk blouse', 'Seidenbluse', 'f', 'fashion', 'dress', 'delicate', 110, 'tops'),
  item('pleated midi skirt', 'Plisseerock', 'm', 'fashion', 'dress', 'delicate', 75, 'skirts'),
  item('linen duvet cover', 'Leinen-Bettbezug', 'm', 'home', 'bed', 'linen', 120, 'bedding'),
  item('rattan chair', 'Rattansessel', 'm', 'home', 'none', 'natural', 245, 'furniture'),
  item('cast-iron casserole', 'Gusseisen-Bräter', 'm', 'home', 'none', 'iron', 95, 'kitchen'),
  item('oak side table', 'Eichen-Beistelltisch', 'm', 'home', 'none', 'wood', 165, 'furniture'),
  item('wool throw', 'Wolldecke', 'f', 'home', 'none', 'wool', 69, 'textiles'),
  item('stoneware dinner set', 'Steingut-Geschirrset', 'n', 'home', 'none', 'ceramic', 85,
    'tableware'),
  item('linen tablecloth', 'Leinentischdecke', 'f', 'home', 'none', 'linen', 60, 'tableware'),
  item('jute rug', 'Juteteppich', 'm', 'home', 'none', 'natural', 130, 'rugs'),
  item('ceramic table lamp', 'Keramik-Tischleuchte', 'f', 'home', 'none', 'ceramic', 79,
    'lighting'),
  item('velvet cushion covers', 'Samtkissenhüllen', 'p', 'home', 'none', 'soft', 38, 'textiles'),
  item('waffle bath towels', 'Waffelpiqué-Handtücher', 'p', 'home', 'none', 'soft', 45, 'bath'),
  item('walnut serving board', 'Nussbaum-Servierbrett', 'n', 'home', 'none', 'wood', 42,
    'kitchen'),
  item('enamel kettle', 'Emaille-Wasserkessel', 'm', 'home', 'none', 'iron', 48, 'kitchen'),
  item('percale sheets', 'Perkal-Laken', 'p', 'home', 'bed', 'soft', 65, 'bedding'),
  item('feather pillow', 'Federkissen', 'n', 'home', 'none', 'soft', 35, 'bedding'),
];

/** Colours in both languages; German ones are nouns, used as "in {colour}". */
export const COLOURS: readonly { en: string; de: string }[] = [
  { en: 'sage', de: 'Salbeigrün' },
  { en: 'oatmeal', de: 'Haferbeige' },
  { en: 'navy', de: 'Marineblau' },
  { en: 'rust', de: 'Rostrot' },
  { en: 'charcoal', de: 'Anthrazit' },
  { en: 'ecru', de: 'Ecru' },
  { en: 'forest green', de: 'Tannengrün' },
  { en: 'camel', de: 'Camel' },
  { en: 'dusty pink', de: 'Altrosa' },
  { en: 'ochre', de: 'Ocker' },
  { en: 'chalk white', de: 'Kreideweiß' },
  { en: 'terracotta', de: 'Terrakotta' },
  { en: 'slate blue', de: 'Taubenblau' },
  { en: 'chocolate', de: 'Schokobraun' },
  { en: 'mustard', de: 'Senfgelb' },
];

const LETTER_SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const WAIST_SIZES = ['W28', 'W30', 'W32', 'W34', 'W36'];

/** Sizes per sizing system and region, smallest first. */
export const SIZES: Readonly<Record<Sizing, Readonly<Record<RegionCode, readonly string[]>>>> = {
  dress: {
    UK: ['8', '10', '12', '14', '16', '18'],
    US: ['4', '6', '8', '10', '12', '14'],
    DE: ['36', '38', '40', '42', '44', '46'],
  },
  letter: { UK: LETTER_SIZES, US: LETTER_SIZES, DE: LETTER_SIZES },
  waist: { UK: WAIST_SIZES, US: WAIST_SIZES, DE: WAIST_SIZES },
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
  none: { UK: ['one size'], US: ['one size'], DE: ['Einheitsgröße'] },
};

/** The flagship store of each region. */
export const STORES: Readonly<Record<RegionCode, string>> = {
  UK: 'Manchester King Street',
  US: 'Brooklyn Atlantic Avenue',
  DE: 'Berlin Mitte',
};

/** Store events; the German ones are masculine or neuter, so "zum" and "beim" fit. */
export const EVENTS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'styling evening', 'repair café', 'wreath-making workshop', 'linen sewing class',
    'loyalty breakfast', 'table-setting workshop', 'clothes swap', 'knitting circle',
  ],
  de: [
    'Styling-Abend', 'Reparatur-Café', 'Kranz-Workshop', 'Nähkurs', 'Stammkunden-Frühstück',
    'Tischdeko-Workshop', 'Kleidertausch', 'Strickabend',
  ],
};

/** Occasions people dress or set a table for. */
export const OCCASIONS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'a summer wedding', 'a job interview', 'Christmas dinner', 'a long weekend in Lisbon',
    'the school run', 'a christening', 'a first dinner party', 'office drinks',
  ],
  de: [
    'eine Sommerhochzeit', 'ein Vorstellungsgespräch', 'das Weihnachtsessen',
    'ein langes Wochenende an der Ostsee', 'die erste Dinnerparty', 'eine Taufe',
    'die Weihnachtsfeier im Büro',
  ],
};
