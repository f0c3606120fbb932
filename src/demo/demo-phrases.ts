/**
 * Words and templates for Guild's demo community (see demo-content.ts): data, no logic.
 *
 * Templates use `{name}` placeholders; `{Name}` gives the value with a capital first letter.
 * Variables available in post and comment templates:
 * - `product`, with `it`, `them`, `is`, `has`, `does`, `was`, `its`, `looks` agreeing with it
 *   (singular or plural)
 * - `produkt` (German noun), `der_produkt`, `den_produkt`, `dem_produkt` (with article in the
 *   nominative, accusative, dative); `er`, `ihn` and the verbs `ist`, `hat`, `faellt`, `lohnt`,
 *   `passt`, `liegt`, `steht` agreeing with it
 * - `colour`, `size`, `size_up` and `a_size`, `a_size_up` (with "a" or "an"), `price`, `store`,
 *   `city`, `event`, `occasion`, `brand`, `days`, `weeks`
 * - `link` (a page of the invented shop that suits the theme), `events_link`, `care_link`,
 *   `product_link`
 * - in comments that tag someone `friend`; in replies `mention` (the username replied to) and
 *   `name` (that member's first name)
 *
 * English text uses typographic apostrophes (’), so the strings need no escaping.
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
  /** Whether the English name is a plural ("chinos"). */
  enPlural: boolean;
  /** German noun. */
  de: string;
  /** Grammatical gender of the German noun; 'p' for a plural. */
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
  /** When given, only products with one of these tags fit the template. */
  tags?: readonly string[];
  titles: readonly string[];
  /** Paragraphs; consecutive "- " items form one list. */
  body: readonly string[];
  /** Comments that answer this post in particular (the theme's answers are used as well). */
  answers?: readonly Answer[];
}

/** A comment text, optionally only for products of some families. */
export type Answer = string | { readonly only: readonly Family[]; readonly text: string };

/** Families of clothes, as opposed to shoes and homeware. */
const CLOTHES: readonly Family[] = ['wool', 'cotton', 'linen', 'delicate', 'outer'];

/** Product tags of clothes a tailor can take up or in. */
const ALTERABLE: readonly string[] = ['trousers', 'skirts', 'dresses', 'outerwear', 'shirts'];

/** Product tags of things with sleeves. */
const SLEEVED: readonly string[] = ['outerwear', 'knitwear', 'shirts', 'tops'];

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
    'Amelia',
    'Oliver',
    'Isla',
    'Harry',
    'Zoë',
    'George',
    'Freya',
    'Callum',
    'Niamh',
    'Rhys',
    'Imogen',
    'Arjun',
    'Poppy',
    'Declan',
    'Aoife',
    'Tom',
    'Harriet',
    'Kwame',
    'Eilidh',
    'Finlay',
    'Siobhán',
    'Priya',
    'Alfie',
    'Rosie',
    'Małgorzata',
    'Ewan',
    'Hannah',
    'Idris',
    'Beth',
    'Noah',
  ],
  US: [
    'Madison',
    'Ethan',
    'Chloé',
    'Marcus',
    'Renée',
    'Tyler',
    'Aaliyah',
    'Diego',
    'Brooke',
    'Jasmine',
    'Caleb',
    'Mei',
    'Andre',
    'Sofía',
    'Hunter',
    'Keisha',
    'José',
    'Lauren',
    'Malik',
    'Avery',
    'Dakota',
    'Nadia',
    'Wyatt',
    'Gabriela',
    'Trevor',
    'Kaitlyn',
    'Omar',
    'Paige',
    'Leo',
  ],
  DE: [
    'Jürgen',
    'Anja',
    'Lukas',
    'Sören',
    'Katharina',
    'Jonas',
    'Lea',
    'Björn',
    'Mia',
    'Till',
    'Friederike',
    'Jörg',
    'Hanna',
    'Maximilian',
    'Mareike',
    'Emre',
    'Jana',
    'Tobias',
    'Clara',
    'Günther',
    'Leonie',
    'Felix',
    'Annika',
    'Moritz',
    'Zeynep',
    'Niklas',
    'Ute',
    'Henrik',
    'Ida',
  ],
};

/** Family names by region. */
export const LAST_NAMES: Readonly<Record<RegionCode, readonly string[]>> = {
  UK: [
    'Hughes',
    'Patel',
    "O'Brien",
    'Fletcher',
    'Ashworth',
    'Campbell',
    'Bennett',
    'Khan',
    'Evans',
    'Thornton',
    'McLeod',
    'Okafor',
    'Whitmore',
    'Davies',
    'Sinclair',
    'Barlow',
    'Chaudhry',
    'Pemberton',
    'Lloyd',
    'Gallagher',
    'Kowalczyk',
    'Morgan',
    'Hartley',
    'Nwosu',
    'Reeves',
  ],
  US: [
    'Johnson',
    'Nguyen',
    'Ramirez',
    'Brooks',
    'Sullivan',
    'Kowalski',
    'Washington',
    'Carter',
    'Delgado',
    'Kim',
    'Harper',
    'Russo',
    'Bishop',
    'Greenberg',
    'Okonkwo',
    'Núñez',
    'Fischer',
    'Mitchell',
    'Park',
    'Donovan',
    'Alvarez',
    'Coleman',
    'Lindgren',
    'Moreau',
    'Tran',
  ],
  DE: [
    'Müller',
    'Weber',
    'Schäfer',
    'Krüger',
    'Hoffmann',
    'Lindqvist',
    'Groß',
    'Becker',
    'Wagner',
    'Schulz',
    'Yılmaz',
    'Neumann',
    'Köhler',
    'Brandt',
    'Vogel',
    'Lehmann',
    'Hartmann',
    'Özdemir',
    'Jäger',
    'Wolff',
    'Böhm',
    'Kaiser',
    'Richter',
    'Sommer',
    'Fuchs',
  ],
};

/** Words some members put in their usernames. */
export const HANDLE_WORDS: readonly string[] = [
  'linen',
  'knits',
  'home',
  'style',
  'makes',
  'thrifts',
  'loves_oak',
  'at_home',
  'wears',
  'cooks',
  'nest',
  'wardrobe',
  'potters',
  'layers',
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
    'Capsule wardrobe fan. If it can’t be repaired I’m not buying it.',
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

function item(
  en: string,
  de: string,
  gender: Product['gender'],
  goods: Goods,
  sizing: Sizing,
  family: Family,
  price: number,
  tag: string,
): Product {
  return { en, enPlural: ENGLISH_PLURALS.has(en), de, gender, goods, sizing, family, price, tag };
}

const ENGLISH_PLURALS: ReadonlySet<string> = new Set([
  'chinos',
  'leather Chelsea boots',
  'cord trousers',
  'suede loafers',
  'velvet cushion covers',
  'waffle bath towels',
  'percale sheets',
]);

/** The demo catalogue: clothing first, then homeware. */
export const PRODUCTS: readonly Product[] = [
  item('wool-blend coat', 'Wollmantel', 'm', 'fashion', 'letter', 'wool', 189, 'outerwear'),
  item('merino jumper', 'Merinopullover', 'm', 'fashion', 'letter', 'wool', 79, 'knitwear'),
  item('chinos', 'Chinohose', 'f', 'fashion', 'waist', 'cotton', 59, 'trousers'),
  item('linen shirt', 'Leinenhemd', 'n', 'fashion', 'letter', 'linen', 55, 'shirts'),
  item('cashmere scarf', 'Kaschmirschal', 'm', 'fashion', 'none', 'wool', 89, 'accessories'),
  item('trench coat', 'Trenchcoat', 'm', 'fashion', 'dress', 'outer', 220, 'outerwear'),
  item('denim jacket', 'Jeansjacke', 'f', 'fashion', 'letter', 'cotton', 85, 'outerwear'),
  item('wrap dress', 'Wickelkleid', 'n', 'fashion', 'dress', 'delicate', 95, 'dresses'),
  item(
    'leather Chelsea boots',
    'Chelsea-Boots',
    'p',
    'fashion',
    'shoe',
    'leather',
    150,
    'footwear',
  ),
  item('cord trousers', 'Cordhose', 'f', 'fashion', 'waist', 'cotton', 65, 'trousers'),
  item('quilted jacket', 'Steppjacke', 'f', 'fashion', 'letter', 'outer', 89, 'outerwear'),
  item('cable-knit cardigan', 'Zopfstrickjacke', 'f', 'fashion', 'letter', 'wool', 99, 'knitwear'),
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
  item(
    'stoneware dinner set',
    'Steingut-Geschirrset',
    'n',
    'home',
    'none',
    'ceramic',
    85,
    'tableware',
  ),
  item('linen tablecloth', 'Leinentischdecke', 'f', 'home', 'none', 'linen', 60, 'tableware'),
  item('jute rug', 'Juteteppich', 'm', 'home', 'none', 'natural', 130, 'rugs'),
  item(
    'ceramic table lamp',
    'Keramik-Tischleuchte',
    'f',
    'home',
    'none',
    'ceramic',
    79,
    'lighting',
  ),
  item('velvet cushion covers', 'Samtkissenhüllen', 'p', 'home', 'none', 'soft', 38, 'textiles'),
  item('waffle bath towels', 'Waffelpiqué-Handtücher', 'p', 'home', 'none', 'soft', 45, 'bath'),
  item('walnut serving board', 'Nussbaum-Servierbrett', 'n', 'home', 'none', 'wood', 42, 'kitchen'),
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
    'styling evening',
    'repair café',
    'wreath-making workshop',
    'linen sewing class',
    'loyalty breakfast',
    'table-setting workshop',
    'clothes swap',
    'knitting circle',
  ],
  de: [
    'Styling-Abend',
    'Reparatur-Café',
    'Kranz-Workshop',
    'Nähkurs',
    'Stammkunden-Frühstück',
    'Tischdeko-Workshop',
    'Kleidertausch',
    'Strickabend',
  ],
};

/** Occasions people dress or set a table for. */
export const OCCASIONS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'a summer wedding',
    'a job interview',
    'Christmas dinner',
    'a long weekend in Lisbon',
    'the school run',
    'a christening',
    'a first dinner party',
    'office drinks',
  ],
  de: [
    'eine Sommerhochzeit',
    'ein Vorstellungsgespräch',
    'das Weihnachtsessen',
    'ein langes Wochenende an der Ostsee',
    'die erste Dinnerparty',
    'eine Taufe',
    'die Weihnachtsfeier im Büro',
  ],
};

/* ------------------------------------------------------------------------------------------ */
/* English posts                                                                              */
/* ------------------------------------------------------------------------------------------ */

const EN_SIZING: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'fashion',
    families: CLOTHES,
    titles: [
      '{Product}: size up or stay true to size?',
      'How does the {product} fit?',
      'Between a size {size} and {a_size_up} in the {product}',
    ],
    body: [
      'I’m a size {size} in most things but sometimes {a_size_up}. Eyeing the ' +
        '{product} in {colour}. {Does} {it} run large or small?',
      'Would love to hear from anyone who has tried {them} on.',
    ],
    answers: [
      'I took my usual {size} and there’s room for a jumper underneath. True to size for me.',
      'Runs a touch big. I’m normally {a_size_up} and the {size} fits better.',
      'Stay with the {size}. I sized up and the shoulders sit too low on me now.',
      'I’m between sizes too and went {size_up} for layering. No regrets in January.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    tags: SLEEVED,
    titles: [
      'Tall with long arms: sleeve length on the {product}?',
      'Sleeves on the {product} for tall people?',
    ],
    body: [
      'I’m 185 cm with long arms, so sleeves are always the problem. For those of you on ' +
        'the taller side, how is the length on the {product}? I’d normally take a size {size}.',
    ],
    answers: [
      'I’m 188 cm and the sleeves on the {size_up} reach my wrist bone. The {size} was short.',
      'Sleeves are on the long side, actually. I turn them back once and it looks intentional.',
      'The [size guide]({link}) lists the sleeve length from the back of the neck. Measure ' +
        'yourself the same way and you will know for sure.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    families: ['wool', 'cotton', 'linen'],
    titles: ['Will the {product} shrink in the wash?', 'Fit check: {product} after washing'],
    body: [
      'Ordered the {product} in a size {size} last month. Fits lovely now, but I’m nervous ' +
        'about shrinkage. What I know so far:',
      '- the label says 30 degrees',
      '- the fabric feels quite dense',
      '- I have about {days} days left to return {them}',
      'Has anyone had {them} go smaller?',
    ],
    answers: [
      'Mine hasn’t shrunk at all after six washes at 30 on the wool cycle, dried flat.',
      '{It} shrank about 1 cm in length after the first wash and then never again.',
      'The tumble dryer is the only real risk. Keep {them} away from it and you will be fine.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    families: CLOTHES,
    titles: ['Petite fit for the {product}?', '{Product} on a petite frame?'],
    body: [
      'At 158 cm most things swamp me. {Is} the {product} cut generously, or could I get ' +
        'away with a size {size} rather than my usual {size_up}?',
    ],
    answers: [
      'I’m 160 cm and took the {size}. The length is fine, the shoulders are perfect.',
      '{It} {is} quite long on me (157 cm), but the alterations service took {them} up for free.',
      'Go with the smaller size. The cut is roomy, so there’s plenty of space for layers.',
    ],
  },
  {
    question: false,
    goods: 'fashion',
    families: CLOTHES,
    titles: [
      'Sizing notes on the {product}, for anyone wondering',
      'Tried the {product} in two sizes: my notes',
    ],
    body: [
      'Tried the {size} and the {size_up} side by side at {store} today, so here goes:',
      '- **{size}**: neat on the shoulders, a little snug over a jumper',
      '- **{size_up}**: roomier, and the sleeves are about 2 cm longer',
      'I went with the {size_up} in {colour}. Hope this saves someone a return!',
    ],
    answers: [
      'This is so useful, thank you. Ordering the {size_up} now.',
      'Matches my experience exactly. The {size} is lovely on its own but tight with layers.',
      'Did you find the {colour} looks different in the shop than on the website?',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    families: CLOTHES,
    titles: [
      'Does the size guide match the {product}?',
      'Size guide says {size_up}, reviews say {size}. Help!',
    ],
    body: [
      'Measured myself twice and the [size guide]({link}) puts me in {a_size_up}, but ' +
        'several reviews say the {product} {is} generous. Who’s right?',
    ],
    answers: [
      'The reviews, in my experience. The chart is for a close fit, and this one is relaxed.',
      'I followed the guide and it was spot on. Those reviews may be from before the recut.',
      'Order both and send one back; the exchange is free and the refund was quick for me.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    families: ['leather'],
    titles: ['Do the {product} run large?', '{Product}: half sizes?'],
    body: [
      'I’m {a_size} in most brands but {a_size_up} in anything narrow. Are the {product} ' +
        'roomy in the toe, or should I size up? There are no half sizes, sadly.',
    ],
    answers: [
      'They come up a little big. I’m {a_size_up} in trainers and the {size} is perfect ' +
        'with thick socks.',
      'Take your usual size. The leather softens and gives a bit after a week or two.',
      'Narrow feet here and I added a half insole. Problem solved.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    families: ['leather'],
    titles: ['Wide feet and the {product}?', 'Are the {product} OK for wide feet?'],
    body: [
      'Wide feet, high instep, and most boots pinch after an hour. Has anyone with wide feet ' +
        'tried the {product}?',
    ],
    answers: [
      'Wide-ish feet here. They pinched for the first three wears, then they were fine.',
      'A cobbler can stretch leather a little. Mine charged next to nothing.',
      'Try them in {store}; the team let me walk around for ages before deciding.',
    ],
  },
];

const EN_STYLING: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'fashion',
    titles: [
      'What would you wear with my {colour} {product}?',
      'Styling the {product} in {colour}',
    ],
    body: [
      'Bought the {product} in {colour} on a whim and now I’m stuck. My wardrobe is mostly ' +
        'navy, grey and denim. Ideas for {occasion}?',
    ],
    answers: [
      'Navy and {colour} is a great combination, honestly. Keep the rest plain.',
      'Grey is your friend here. A charcoal knit with the {colour} looks really considered.',
      'Denim and {colour} work well together. Add one warm neutral, like camel or ecru.',
    ],
  },
  {
    question: false,
    goods: 'fashion',
    families: CLOTHES,
    titles: ['Outfit: the {product} for {occasion}', 'Wore my {colour} {product} for {occasion}'],
    body: [
      'Wore the {product} in {colour} for {occasion} and got three compliments before lunch.',
      '- a plain white tee',
      '- a **cashmere scarf** for the evening chill',
      '- minimal jewellery, just small hoops',
      'Would you change anything?',
    ],
    answers: [
      'Wouldn’t change a thing. That {colour} suits you.',
      'Love this. Maybe a belt to add a bit of shape?',
      'Saving this for my own {occasion} next month.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    families: CLOTHES,
    titles: [
      'Help me style the {product} for the office',
      '{Is} the {product} too casual for work?',
    ],
    body: [
      'Our office has gone "smart casual" and I no longer know what that means. I have the ' +
        '{product} in {colour}. Would {it} look too casual with loafers?',
    ],
    answers: [
      'Loafers are absolutely fine. Add a crisp shirt and nobody will call it casual.',
      'Not at all. Keep the rest tailored and {it} will look intentional.',
      'I wear mine to client meetings. The trick is one sharp piece, like a good blazer.',
    ],
  },
  {
    question: false,
    goods: 'fashion',
    tags: ['knitwear', 'shirts', 'tops'],
    titles: ['Five ways I wear my {product}', 'One {product}, five outfits'],
    body: [
      'I get asked about this a lot, so here are my go-to combinations:',
      '- **weekend**: with straight jeans and trainers',
      '- **office**: with a blazer and cord trousers',
      '- **dinner**: with a satin skirt and boots',
      '- **travel**: under the trench',
      '- **rainy days**: with the waxed jacket and wellies',
      'The {colour} goes with almost everything, which is the whole point.',
    ],
    answers: [
      'The dinner version is gorgeous. Stealing it.',
      'This is the kind of post I joined for. Thank you!',
      'Proof that one good piece beats five cheap ones.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    titles: [
      'Capsule wardrobe: {is} the {product} worth {price}?',
      'Worth it? {Product} at {price}',
    ],
    body: [
      'I’m building a small autumn capsule and the {product} {is} top of my list. {Price} ' +
        'is a stretch for me. If you own {them}, do you reach for {them} every week?',
    ],
    answers: [
      'I wear mine at least twice a week. Cost per wear is already tiny.',
      'Yes, but wait for the {colour} restock if that’s your colour; it’s the most versatile.',
      'Honest answer: mine comes out in autumn and spring, not summer. Still worth it.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    families: CLOTHES,
    titles: ['Gift for my dad: is the {product} a safe bet?', 'Buying the {product} as a gift'],
    body: [
      'My dad is impossible to buy for. He wears a size {size}, lives in {colour} and navy, ' +
        'and hates anything "trendy". Would the {product} be a safe bet?',
    ],
    answers: [
      'Classic shape and a gift receipt, and you can’t go wrong.',
      'Bought one for my father-in-law last year. He wears {them} constantly.',
      'Go a size up for a gift; a relaxed fit is more forgiving than a snug one.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    titles: ['{Colour} or navy for the {product}?', 'Help me pick a colour: {product}'],
    body: [
      'I can only justify one. The {colour} is more fun, the navy more sensible. Which would ' +
        'you pick, and what do you wear {them} with?',
    ],
    answers: [
      'The {colour}. Navy is sensible, but you’ll smile every time you wear the other one.',
      'Navy if it’s your only one, {colour} if you already have the basics covered.',
      'I have both and wear the {colour} twice as often. Make of that what you will.',
    ],
  },
];

const EN_HOME: readonly PostTemplate[] = [
  {
    question: false,
    goods: 'home',
    titles: ['Finally got the {product} in {colour}', 'The {product} {has} landed!'],
    body: [
      'Six weeks of deliberating and {it} {is} **perfect** in our {city} flat. Photos don’t ' +
        'do the colour justice. Styled with trailing plants and a stack of old paperbacks.',
    ],
    answers: [
      'Gorgeous! The {colour} with the plants is a lovely combination.',
      'Six weeks is nothing, I deliberated for a whole season. Enjoy!',
      'Adding this to my wish list. How is the quality up close?',
    ],
  },
  {
    question: true,
    goods: 'home',
    tags: ['furniture', 'lighting', 'rugs', 'textiles'],
    titles: ['Will the {product} work in a north-facing room?', '{Colour} in a dark room?'],
    body: [
      'Our living room gets almost no direct sun. I love the {product} in {colour}, but I ' +
        'worry {it} will look flat. Anyone with a similar room?',
    ],
    answers: [
      'North-facing here too. Warm bulbs (2700 K) make the {colour} glow in the evening.',
      'Darker colours actually suit a dim room. Lean into it rather than fighting it.',
      'Put a lamp nearby and add one lighter texture, like a linen throw. Works for us.',
    ],
  },
  {
    question: true,
    goods: 'home',
    families: ['wood', 'natural'],
    titles: ['Does the {product} go with darker wood?', 'Mixing woods: {product} and walnut?'],
    body: [
      'We have a walnut sideboard and dark floorboards. Thinking of adding the {product}. ' +
        'Will {it} clash, or is mixing fine if the tones are close?',
    ],
    answers: [
      'Mixing works if each tone appears at least twice in the room. A small frame does it.',
      'We have oak with walnut and it looks collected rather than matched. Go for it.',
      'A rug between them helps, so they’re not competing side by side.',
    ],
  },
  {
    question: false,
    goods: 'home',
    titles: ['Before and after: our {city} guest room', 'Guest room makeover for around {price}'],
    body: [
      'Budget was tight, so we kept the bed frame and painted the walls chalk white. ' +
        'New bits:',
      '- the **{product}** in {colour}',
      '- a second-hand mirror from a market in {city}',
      '- two cushions we rescued from the loft',
      'Total spend around {price}. Very happy with how it turned out.',
    ],
    answers: [
      'What a difference! Which white did you use for the walls?',
      'The {colour} really lifts the room. Lucky guests.',
      'Market finds plus one good new piece is the best way to do a room.',
    ],
  },
  {
    question: true,
    goods: 'home',
    titles: ['{Is} the {product} worth {price}?', '{Product}: quality check before I buy'],
    body: [
      'The {product} {has} been sitting in my basket for a week. Is the quality there for ' +
        'the price, or should I wait for a sale?',
    ],
    answers: [
      'Worth it. Ours still {looks} new after two years of daily use.',
      'Home pieces rarely go below 20% off in the sale, so I wouldn’t wait too long.',
      'Quality is great, but do check the dimensions twice. I didn’t, and had to swap.',
    ],
  },
  {
    question: true,
    goods: 'home',
    families: ['linen', 'ceramic', 'wood', 'iron'],
    titles: ['Hosting {occasion}: table ideas?', 'Setting the table for {occasion}'],
    body: [
      'First time hosting {occasion} and I want the table to feel special without buying a ' +
        'whole new set. I already have the {product} in {colour}. What would you add?',
    ],
    answers: [
      'Linen napkins and lots of candles. Nobody will notice the plates don’t match.',
      'Greenery from the garden down the middle of the table, and you’re done.',
      'Borrow chairs, not plates. People remember the food and the light.',
    ],
  },
  {
    question: true,
    goods: 'home',
    titles: [
      'First flat in {city}: where would you start?',
      'Furnishing a first flat in {city} on a budget',
    ],
    body: [
      'Just got the keys to my first flat in {city}. Empty rooms, small budget. I love the ' +
        '{product} but is that where the money should go first?',
    ],
    answers: [
      'Bed and bedding first. Good sleep makes everything else easier to plan.',
      'Buy slowly. Live in it for a month before choosing the big pieces.',
      'A few good pieces plus second-hand finds. Markets in {city} are great for that.',
    ],
  },
  {
    question: false,
    goods: 'home',
    tags: ['bedding', 'textiles'],
    titles: [
      'Bedroom refresh with the {product}',
      'Finished our bedroom: {colour} and natural fabrics',
    ],
    body: [
      'Swapped everything polyester for natural fabrics this year. The {product} in {colour} ' +
        'was the last piece, and the room finally feels calm.',
      '**Tip:** wash new bedding once before using it. Softer straight away.',
    ],
    answers: [
      'Calm is exactly the word. That {colour} is so restful.',
      'Great tip about washing first. Learned that one late.',
      'How are you finding natural fabrics in summer? I run hot.',
    ],
  },
];

const EN_CARE: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'any',
    titles: ['Best way to clean the {product}?', 'First stain on my {product}. Help!'],
    body: [
      'My {product} {has} {its} first proper mark (red wine, of course). The care label is ' +
        'vague. What has worked for you?',
    ],
    answers: [
      'Blot, don’t rub, and use cold water first. Hot water sets wine.',
      'A little washing-up liquid on a damp cloth lifted a wine mark from mine.',
      'If in doubt, take {them} to {store}. They know which cleaner to use.',
    ],
  },
  {
    question: true,
    goods: 'any',
    families: ['wool', 'soft', 'cotton'],
    titles: ['Pilling on my {product} already', 'Is pilling normal on the {product}?'],
    body: [
      'Only had {them} a couple of months and there’s pilling where it rubs. Is that ' +
        'normal, and is a fabric shaver safe to use?',
    ],
    answers: [
      'Normal for the first few months while loose fibres work out. It settles down.',
      'A fabric comb is gentler than an electric shaver. Lay {them} flat and go slowly.',
      'If it’s bad, ask customer care. They replaced mine when {it} pilled after two weeks.',
    ],
  },
  {
    question: false,
    goods: 'fashion',
    titles: ['The repair café saved my {product}', 'Shout-out to the repair café at {store}'],
    body: [
      'Took my {product} to the repair café at {store} last weekend. A tiny hole and a ' +
        'loose seam, fixed in twenty minutes for free.',
      'The next dates are on [the events page]({events_link}). Can’t recommend it enough.',
    ],
    answers: [
      'I went last month with a coat lining. Brilliant people.',
      'Do they do zips as well? I have a jacket waiting for a new one.',
      'Love this. More shops should do it.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    families: ['wool', 'outer', 'leather', 'delicate'],
    titles: [
      'How do you store the {product} over summer?',
      'Storing the {product} between seasons',
    ],
    body: [
      'Moths got to a jumper last year and I’m not risking the {product}. Breathable bag, ' +
        'cedar blocks, vacuum bag? What do you all do?',
    ],
    answers: [
      'Clean first, always. Moths go for skin and food traces, not the wool itself.',
      'Cotton garment bag and cedar blocks. Never vacuum bags; they crush the fibres.',
      'I freeze wool for 48 hours before storing. Kills any eggs.',
    ],
  },
  {
    question: true,
    goods: 'home',
    families: ['wood', 'iron', 'ceramic', 'natural'],
    titles: ['Scratches on the {product}: can I fix them?', 'Marks on my {product} after moving'],
    body: [
      'There are a few light scratches on the {product} after moving house. Is there a safe ' +
        'way to buff them out, or do I learn to love them?',
    ],
    answers: [
      'Test anything underneath first. Most light marks vanish with the right oil or paste.',
      'Call it patina and move on, honestly. Mine looks better with a bit of history.',
      'Customer care sent me a small touch-up kit for mine, free of charge.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['My care routine for the {product}, three years in', 'How I keep my {product} going'],
    body: [
      'A few people asked how my {product} still {looks} new, so here is my routine:',
      '- **little and often**: a quick clean after use beats a big rescue later',
      '- follow the [care guide]({link}), not what you did with your last one',
      '- fix small things straight away',
      'That’s honestly it.',
    ],
    answers: [
      'Fix small things straight away: the best advice in this whole community.',
      'Three years and still going is impressive. Thanks for sharing.',
      'Saving this. I’m terrible at the little-and-often part.',
    ],
  },
  {
    question: true,
    goods: 'home',
    families: ['iron', 'ceramic', 'wood'],
    titles: ['Can the {product} go in the dishwasher?', 'Dishwasher-safe or not: {product}'],
    body: [
      'The box went out with the recycling before I read it. Can the {product} go in the ' +
        'dishwasher, or is it hand wash only?',
    ],
    answers: [
      'Hand wash only, sadly. The dishwasher dulls the finish over time.',
      'The [care guide]({link}) has a page for exactly this. Hand wash, dry straight away.',
      'Mine went through the dishwasher once by accident and survived, but I would not push it.',
    ],
  },
  {
    question: false,
    goods: 'any',
    families: ['linen'],
    titles: ['Unpopular opinion: stop ironing your {product}', 'Creased {product} and proud'],
    body: [
      'I’ve stopped ironing my {product} completely. Hang it while damp, smooth it with your ' +
        'hands, done. The creases are part of the charm.',
    ],
    answers: [
      'Agreed. Crisp linen looks like it is trying too hard.',
      'I still iron the collar, but the rest can do what it wants.',
      'Freed me from an hour of ironing every Sunday. Thank you.',
    ],
  },
];

const EN_DELIVERY: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'any',
    titles: ['Delivery estimate for the {product}?', '{Product} order stuck on "preparing"'],
    body: [
      'Ordered the {product} in {colour} on Monday and tracking has said "preparing" for ' +
        '{days} days. Is that normal?',
    ],
    answers: [
      'Bigger items ship from a different warehouse, so a few days on "preparing" is normal.',
      'Mine sat on "preparing" for four days, then arrived the day after it shipped.',
      'If it goes past a week, ask on the chat. They can see more than the tracking shows.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Click and collect at {store}: how quick?', 'Collecting from {store}'],
    body: [
      'I need the {product} by Friday. If I order for collection at {store} today, how long ' +
        'does it usually take to be ready?',
    ],
    answers: [
      'Took two days for me. You get a text when it’s ready.',
      'If it’s in stock in the shop itself, it’s often ready the same afternoon.',
      'Collection desk is at the back on the ground floor. Bring the QR code from the email.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: [
      'The courier left my parcel in the recycling bin',
      'Found my {product} in the recycling bin',
    ],
    body: [
      'Came home to find my {product} neatly tucked into the recycling bin. Box intact, ' +
        'luckily. Has anyone managed to set a safe place for deliveries in the app?',
    ],
    answers: [
      'You can set a safe place under Account, then Delivery preferences. Saved me twice.',
      'Mine once went in the wheelie bin. On bin day. Never again.',
      'Ha! At least it was the recycling. Glad it survived.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Order arrived in two parts, {product} missing', 'Split delivery on one order?'],
    body: [
      'My order came in two parcels and the {product} is still missing. The app only shows ' +
        'one tracking number. Should I wait or contact customer care?',
    ],
    answers: [
      'Split orders get a second tracking email once the other parcel leaves. Mine came a day ' +
        'later.',
      'Give it a day or two. If nothing shows, customer care can trace it.',
      'Check the order page rather than the email; the second number appears there first.',
    ],
  },
  {
    question: true,
    goods: 'home',
    families: ['wood', 'natural'],
    titles: ['Furniture delivery: do they carry it upstairs?', 'Third floor, no lift: {product}'],
    body: [
      'We’re on the third floor without a lift. Does the two-person delivery bring the ' +
        '{product} up, or do they leave {them} at the door?',
    ],
    answers: [
      'The two-person team brought ours up four flights. Mention the stairs in the order notes.',
      'They carried it in and took the packaging away, which was a nice surprise.',
      'Measure the stairwell first. Our turn was tight but it made it.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: [
      'Will the {product} arrive before Christmas?',
      'Last order date for Christmas delivery to {city}?',
    ],
    body: [
      'Ordering the {product} as a present for someone in {city}. What is the last safe day ' +
        'to order for delivery before Christmas?',
    ],
    answers: [
      'Standard delivery cut-off was the 18th last year, express the 21st.',
      'Click and collect is the safest bet that close to Christmas.',
      'The cut-off dates are on the [delivery page]({link}) from late November.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Wrong colour delivered: {product}', 'Ordered {colour}, received something else'],
    body: [
      'Ordered the {product} in {colour} and the parcel had a completely different colour ' +
        'inside. The label on the bag says {colour}, though. What is the quickest fix?',
    ],
    answers: [
      'Photo of the item and the label, then the chat. They sent mine the same day.',
      'Do not send it back first; they usually arrange an exchange with a collection.',
      'Happened to me too. It was a packing mix-up, and they let me keep a discount.',
    ],
  },
];

const EN_RETURNS: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'fashion',
    titles: [
      'Can I return the {product} without the tags?',
      'Cut the tags on my {product} too early...',
    ],
    body: [
      'Tried {them} on at home, cut the tag too soon and then realised the {size} is too ' +
        'small. Completely unworn. Any chance of a return?',
    ],
    answers: [
      'Unworn with the tag in the bag and the receipt, they took mine back without a fuss.',
      'Try an exchange for the {size_up} instead. They were very relaxed about it.',
      'Bring {them} to {store} rather than posting. Easier to explain in person.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Return an online order to {store}?', 'Online order, in-store return at {store}?'],
    body: [
      'Bought the {product} online. Can I take {them} back to {store} instead of posting ' +
        '{them}? Would save me a trip to the post office.',
    ],
    answers: [
      'Yes, any store takes online returns. The refund went back to my card the same day.',
      'Bring the order email or the QR code and it takes two minutes at the till.',
      'Did exactly this last week. No queue on a weekday morning.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['How long do refunds take?', 'Still waiting for my refund on the {product}'],
    body: [
      'Sent the {product} back {days} days ago, tracking says delivered, but still no ' +
        'refund. How long did yours take?',
    ],
    answers: [
      'About five working days after it arrived at the warehouse. Then a couple more for the bank.',
      'Mine took a week. You get an email the moment it’s processed.',
      'After ten days I asked on the chat and it was sorted that afternoon.',
    ],
  },
  {
    question: false,
    goods: 'fashion',
    titles: [
      'Swapped my {product} for {a_size_up}: smooth',
      'Size swap on the {product}: painless',
    ],
    body: [
      'Quick shout-out: I swapped the {product} from {a_size} to {a_size_up} and the new ' +
        'one arrived two days later. No extra cost, no forms.',
    ],
    answers: [
      'Good to hear. I have a swap to do this week and was dreading it.',
      'Same here last month. Exchanges are so much quicker than returning and reordering.',
      'Did it keep the same price even though it had been reduced since?',
    ],
  },
  {
    question: true,
    goods: 'home',
    families: ['wood', 'natural'],
    titles: ['Returning a large item: how does collection work?', 'The {product} doesn’t fit'],
    body: [
      'The {product} {does} not fit our space after all. How does collection work for ' +
        'bigger items, and is there a fee?',
    ],
    answers: [
      'Book the collection in your account. It was free within 30 days for us.',
      'Keep the original box if you can. They asked whether we still had it.',
      'They collected ours on a Saturday and the refund came the following Wednesday.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: [
      'Returning a gift without a receipt?',
      'Gift return at {store}: no receipt, no order number',
    ],
    body: [
      'Got the {product} as a present and it is not quite me. No receipt and no order ' +
        'number. Can I still exchange it at {store}?',
    ],
    answers: [
      'With the gift receipt it is easy, without one they give you a credit note.',
      'They could find the order from the giver’s email address, so maybe ask them nicely.',
      'Exchanged a present last January with no receipt at all. Store credit, no problem.',
    ],
  },
];

const EN_DEALS: readonly PostTemplate[] = [
  {
    question: false,
    goods: 'any',
    titles: ['Heads up: {product} down to {price}', 'Price drop on the {colour} {product}'],
    body: [
      'Just spotted the {product} in {colour} reduced to {price}. Only a few left online, ' +
        'so be quick if you have been waiting.',
    ],
    answers: [
      'Just ordered, thank you! Been watching {them} for months.',
      'Gone in my size already. Next time!',
      'Is that online only, or in stores as well?',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: [
      'When is the next sale? Eyeing the {product}',
      'Winter sale dates? Waiting on the {product}',
    ],
    body: [
      'Has there been any word on the winter sale? Eyeing the {product} and would rather ' +
        'wait if it’s close.',
    ],
    answers: [
      'The winter sale usually starts online on Boxing Day and a day later in stores.',
      'Sign up for the newsletter; subscribers get the date a week before.',
      'Core pieces rarely go in the sale, so it may be a long wait for that one.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['New drop: the {colour} collection is live', 'The {colour} edit is out!'],
    body: [
      'The {colour} pieces are finally online. My picks:',
      '- **{product}** at {price}',
      '- the matching cushion covers',
      '- the linen napkins (sold out in an hour last time)',
      'Anyone else ordering?',
    ],
    answers: [
      'Ordered the napkins within a minute. Not missing out twice.',
      'The {colour} is even nicer than the preview photos.',
      'My bank balance isn’t happy about this thread.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: [
      '{Product} reduced a week after I bought {them}. Refund?',
      'Bought the {product} at full price, now reduced',
    ],
    body: [
      'Bought the {product} at full price last week and today {it} {is} {price}. Does ' +
        'anyone know whether the difference is refunded?',
    ],
    answers: [
      'Within 14 days they refund the difference. Just ask on the chat with your order number.',
      'They did it for me in store with the receipt. Took five minutes.',
      'Worst case, return and rebuy, but asking is much easier.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: [
      'Does the {product} ever go in the sale?',
      'Worth waiting for a deal on the {product}?',
    ],
    body: [
      'I’ve been watching the {product} for months and the price never moves. Has anyone ' +
        'ever seen {them} reduced?',
    ],
    answers: [
      'Core pieces almost never go in the sale. Only the seasonal colours do.',
      'Once, in the {colour}, during the summer sale. Sold out in an hour.',
      'Birthday voucher plus the loyalty points is the closest you’ll get to a deal.',
    ],
  },
];

const EN_SUSTAINABILITY: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'any',
    titles: ['Where {is} the {product} made?', 'Supply chain question about the {product}'],
    body: [
      'Trying to buy less and better. Does anyone know where the {product} {is} made and ' +
        'whether the factory is audited? The product page only says "responsibly sourced".',
    ],
    answers: [
      'The [supplier list]({link}) names the factory for each product. Mine was made in Portugal.',
      'Customer care answered this for me with the factory name and the audit date.',
      'Agree the product page should say more. Worth raising in Product Ideas too.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Three years with my {product}', 'Long-term review: {product}'],
    body: [
      'Bought the {product} in {colour} three winters ago. {It} {is} still going strong ' +
        'after two small repairs and more washes than I can count. Buy once, buy well.',
    ],
    answers: [
      'This is the best kind of review. Thank you.',
      'Mine is on year five. Repairs are the most sustainable thing we can do.',
      'Which repairs did you need? Curious how {it} {has} aged.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: [
      'Does the take-back scheme accept the {product}?',
      'Take-back scheme at {store}: what happens?',
    ],
    body: [
      'My old {product} {is} beyond repair. Does the take-back point at {store} ' +
        'accept {them}, and what actually happens to things after?',
    ],
    answers: [
      'Everything is sorted for resale, repair or fibre recycling, in that order.',
      'They accept any brand, not just ours, and you get a small voucher.',
      'I asked the same thing at {store}. Textiles go to a sorting partner nearby.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Packaging feedback on my {product} order', 'A very big box for one {product}'],
    body: [
      'Ordered a single {product} and it came in a box big enough for a chair, padded with ' +
        'paper. Paper beats plastic, but could we get smaller boxes?',
    ],
    answers: [
      'Same here. I mentioned it to customer care and they said smaller boxes are coming.',
      'I reuse them for sending things, but yes, smaller would be better.',
      'A "fewer parcels" option at checkout would help too.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    families: ['linen', 'cotton'],
    titles: ['Is linen really greener than cotton?', 'Linen vs cotton: the honest version'],
    body: [
      'I keep reading that linen needs less water than cotton. Is that true for things like ' +
        'the {product}, or is it more complicated once dyeing and shipping are counted?',
    ],
    answers: [
      'Flax needs far less water to grow, but dyeing matters too. Undyed is the best of both.',
      'Both are fine if you wear them for years. Wearing it longer beats the fibre choice.',
      'The [sourcing page]({link}) has the numbers per fibre. Interesting read.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Repair or replace? My {product} edition', 'Mended my {product} instead of replacing'],
    body: [
      'My {product} {was} looking tired and my first thought was to replace {them}. Instead:',
      '- a proper clean following the [care guide]({care_link})',
      '- one small repair from the repair café',
      '- a bit of patience',
      'Looks almost new. Total cost: nothing.',
    ],
    answers: [
      'Love this. The greenest product is the one you already own.',
      'Which repair did they do? I have a similar problem.',
      'Inspiring. Going to try this with mine before giving up on it.',
    ],
  },
];

const EN_IDEAS: readonly PostTemplate[] = [
  {
    question: false,
    goods: 'fashion',
    titles: [
      'Idea: a tall fit for the {product}',
      'Please make a tall range, starting with the {product}',
    ],
    body: [
      'Love the {product} but {it} {is} too short for those of us over 180 cm. A tall range, ' +
        'even just a few staples, would be brilliant. Who’s with me?',
    ],
    answers: [
      '+1 from me. I’m 188 cm and always give up on trousers.',
      'Tall range, yes, and petite while we’re at it!',
      'Passing this on to the product team. Keep the reactions coming; they do read them.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Please bring back {colour}', 'Bring back the {colour} {product}!'],
    body: [
      'The {product} in {colour} was the best thing you ever made. Any chance of a re-run? ' +
        'React if you would buy {them}.',
    ],
    answers: [
      'I’d buy two in {colour} tomorrow.',
      'Still wearing mine to death. A re-run would save me.',
      'Yes! And in the same fabric, please.',
    ],
  },
  {
    question: false,
    goods: 'fashion',
    titles: [
      'Suggestion: spare buttons and a repair card',
      'Idea: a repair kit with the {product}',
    ],
    body: [
      'It would be great if the {product} came with spare buttons and a small repair card. ' +
        'Even a link like [this guide]({link}) printed on the label would help.',
    ],
    answers: [
      'Spare buttons come with the coats already; would love that for the knits too.',
      'A QR code on the label linking to the care guide would be perfect.',
      'Great idea. Small thing, big difference.',
    ],
  },
  {
    question: false,
    goods: 'fashion',
    tags: SLEEVED,
    titles: ['Feature request: save my sizes', 'Could my account remember my size?'],
    body: [
      'Could the app remember that I’m a size {size} in tops and {a_size_up} in coats? It ' +
        'would make ordering the {product} (and everything else) much faster.',
    ],
    answers: [
      'Saved sizes per category would be brilliant. Same request here.',
      'And a "this fits like" hint from past orders. Please!',
      'Yes, especially for gifts: sizes for family members too.',
    ],
  },
  {
    question: false,
    goods: 'home',
    families: ['linen', 'soft', 'wool'],
    titles: ['Idea: swatches for the {product}', 'Fabric swatches in {colour}, please'],
    body: [
      'Colours on screen never quite match real life. Could we order swatches for the ' +
        '{product} before committing? I’d happily pay a small fee that comes off the order.',
    ],
    answers: [
      'Swatches would save so many returns. Great idea.',
      'They used to have a swatch wall at {store}. Bring it back!',
      'I’d pay for swatches in a heartbeat.',
    ],
  },
  {
    question: false,
    goods: 'home',
    titles: ['Idea: a kitchen range in {colour}', 'More colours for the kitchen, please'],
    body: [
      'The {product} is lovely, but the colour choice is safe. A small kitchen and table ' +
        'range in {colour} would sell out, I’m sure of it.',
    ],
    answers: [
      'Yes! {Colour} enamel would be stunning.',
      'Would buy the whole set. Take my money.',
      'Adding my vote. Kitchens need more colour.',
    ],
  },
];

const EN_STORE: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'any',
    titles: ['Anyone going to the {event} at {store}?', '{Event} this Saturday: worth it?'],
    body: [
      'Thinking of going on Saturday. Is it worth the trip from {city}, and do you need to ' +
        'book?',
    ],
    answers: [
      'Went last time and loved it. Book early, it fills up.',
      'It’s free, but you need to register on the [store page]({link}). Bring a friend!',
      'See you there! I’ll be the one by the biscuits.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Thank you to the team at {store}', 'Brilliant service at {store} today'],
    body: [
      'Popped in to find something for {occasion} and the staff were lovely: they brought ' +
        'three options, found the {product} in {colour} in the stockroom and didn’t rush me ' +
        'once.',
    ],
    answers: [
      'They are the best. They remembered my size from last time.',
      'Agree, the Saturday team especially. Glad you found what you needed!',
      'This is why I still shop in person.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['{Is} the {product} in stock at {store}?', 'Stock check at {store}, please?'],
    body: [
      'The website shows "limited stock" at {store}. Could someone check whether the ' +
        '{colour} one is on the shop floor? I’d love to see {them} before buying.',
    ],
    answers: [
      'Just popped in: two {colour} ones on the floor this morning.',
      'You can ring the store and they will put {them} aside for a day.',
      'It was on the first floor by the window on Tuesday.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Photos from last night’s {event}', 'What a lovely {event}'],
    body: [
      'What an evening at {store}! Highlights:',
      '- a short talk on caring for linen and wool',
      '- spiced apple juice and shortbread',
      '- finally meeting half of this forum in person',
      'The next one is in {weeks} weeks. See you there?',
    ],
    answers: [
      'It was so nice to put faces to usernames. Thanks for organising!',
      'Gutted I missed it. Put me down for the next one.',
      'The shortbread alone was worth the trip.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Parking near {store}?', 'Driving to {store} from {city}?'],
    body: [
      'Coming in from {city} to pick up the {product}. Is there parking close to {store}, ' +
        'or is public transport the better bet?',
    ],
    answers: [
      'There’s a car park five minutes away, but the tram is easier on a Saturday.',
      'Go early. By eleven everything nearby is full.',
      'If {it} {is} bulky, ask for collection at the side door; they’ll carry {them} out.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Personal shopping at {store}: worth booking?', 'Styling appointment at {store}?'],
    body: [
      'I have {occasion} coming up and zero ideas. Has anyone booked a personal shopping ' +
        'appointment at {store}? Do you feel pressured to buy?',
    ],
    answers: [
      'Did it last spring. No pressure at all, and they pulled things I’d never have picked.',
      'Free, an hour long, and they keep a note of your sizes for next time.',
      'Book a weekday morning. The shop is quiet and you get their full attention.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['The new window at {store} is gorgeous', 'Have you seen the {store} windows?'],
    body: [
      'Walked past {store} this morning and the new window stopped me in my tracks: ' +
        'everything in {colour}, with the {product} front and centre. Worth a detour.',
    ],
    answers: [
      'Saw it yesterday! The team must have spent hours on it.',
      'That’s my lunch break sorted.',
      'Someone please post a photo for those of us far away.',
    ],
  },
];

const EN_PERKS: readonly PostTemplate[] = [
  {
    question: false,
    goods: 'any',
    titles: ['Early access: first look at the {colour} collection', 'Gold preview: {colour}'],
    body: [
      'Gold Circle members get 48 hours before everyone else. The {product} at {price} is ' +
        'my favourite so far. Share your picks below!',
    ],
    answers: [
      'My pick is the {product} as well. Already in my basket.',
      'Love the {colour}. The preview photos don’t do it justice.',
      'Early access is the best perk. My size is always still there.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    tags: ALTERABLE,
    titles: [
      'Has anyone used the free alteration perk?',
      'Free alterations on the {product}: how quick?',
    ],
    body: [
      'Gold members get one free alteration per order. Thinking of having the {product} ' +
        'taken up. Was it quick at {store}?',
    ],
    answers: [
      'Used it last month. Ready in a week and perfectly done.',
      'Book a fitting first; they pin {them} while you wait.',
      'They even pressed {them} before handing {them} back. Lovely service.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Gold breakfast at {store}: who’s in?', 'Breakfast before opening at {store}'],
    body: [
      'There’s a small breakfast before opening on the last Saturday of the month: coffee, ' +
        'pastries and a preview of the {product}. Reply here if you’re coming.',
    ],
    answers: [
      'Count me in!',
      'Coming, and bringing my sister if there’s space.',
      'Can’t make this one, but please do it again.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: [
      'Birthday voucher: {product} or kitchen bits?',
      'How to spend my birthday voucher? Thinking {product}',
    ],
    body: [
      'Mine arrived this morning. Torn between the {product} and a few things for the ' +
        'kitchen. Help me decide!',
    ],
    answers: [
      'Go with the {product}. Kitchen bits can wait for the sale.',
      'Spent mine on kitchen bits in the end. No regrets.',
      'It stacks with the Gold discount, so you may get both.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['How do Gold points work with returns?', 'Gold points after a return?'],
    body: [
      'If I return the {product}, do I lose the points I earned on it? Trying to work out ' +
        'whether to keep {them} or swap for something else.',
    ],
    answers: [
      'The points come off when the refund goes through, but an exchange keeps them.',
      'Points stay if you exchange rather than return. Customer care confirmed it for me.',
      'The [Gold page]({link}) explains it at the bottom, under returns.',
    ],
  },
];

const EN_AMBASSADOR: readonly PostTemplate[] = [
  {
    question: false,
    goods: 'any',
    titles: ['Brief: autumn content for the {product}', 'Sample brief: {product} in {colour}'],
    body: [
      'Samples of the {product} in {colour} ship to all ambassadors this week. A few notes:',
      '- honest reviews please, including anything you don’t like',
      '- tag posts with #autumnathome',
      '- the embargo lifts on the 1st',
      'The full brief is [on the ambassador hub]({link}).',
    ],
    answers: [
      'Thanks! Will there be a second colour for comparison shots?',
      'Noted on the embargo. Planning a post for the first weekend.',
      'Love that honest reviews are encouraged. Makes it much easier to post.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Has everyone received their {product} sample?', '{Product} sample still on its way?'],
    body: ['Mine hasn’t arrived yet and tracking is stuck in {city}. Is anyone else waiting?'],
    answers: [
      'Mine came today. First impressions: lovely weight, and the {colour} is spot on.',
      'Still waiting on mine too. I’ll ping the team.',
      'Samples went out in two waves, so yours is probably in the second.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Planning the next {event} at {store}', 'Ideas for the next {event}'],
    body: [
      'We’re planning the next {event} at {store}. What worked last time, and what should ' +
        'we change? Numbers, timing and snacks all welcome.',
    ],
    answers: [
      'The short talk worked well. Maybe add a sizing corner with a tape measure?',
      'Start half an hour later so people can come straight from work.',
      'Fewer chairs, more standing tables. People mingled much more.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    titles: [
      'How do you answer sizing questions you can’t test?',
      'Members asking about sizes I haven’t tried',
    ],
    body: [
      'I keep getting asked about the {product} in sizes I haven’t tried. Do you point ' +
        'people to the size guide, or tag someone who has worn {them}?',
    ],
    answers: [
      'I always tag someone who owns it. An honest answer beats a guess.',
      'Size guide plus a note on how it fits me. People appreciate the context.',
      'We could keep a list of who has tried what. Happy to start one.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: [
      'Monthly round-up: top member questions',
      'What members asked us this month ({product} edition)',
    ],
    body: [
      'Most asked this month:',
      '- sizing on the {product}',
      '- delivery times to {city}',
      '- caring for wool and linen',
      'Shall we turn these into a short FAQ?',
    ],
    answers: [
      'Happy to draft the FAQ. I’ll start a doc and share it here.',
      'Yes! Could we pin it in the Sizing & Fit space too?',
      'Great round-up. Can we add a section on gift returns?',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Photo tips for shooting the {product}?', 'How do you photograph the {product}?'],
    body: [
      'My photos of the {product} in {colour} look flat and grey. Any tips from those of ' +
        'you whose posts always look lovely?',
    ],
    answers: [
      'Daylight from the side, never from behind you, and no flash.',
      'Put something with texture next to it: wood, linen, a plant. Instantly better.',
      'Shoot a little brighter than feels right, then bring it down when editing.',
    ],
  },
];

/* ------------------------------------------------------------------------------------------ */
/* German posts                                                                               */
/* ------------------------------------------------------------------------------------------ */

const DE_SIZING: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'fashion',
    families: CLOTHES,
    titles: ['{Der_produkt}: eine Größe größer nehmen?', 'Wie {faellt} {der_produkt} aus?'],
    body: [
      'Ich trage normalerweise {size}, bei Oberteilen manchmal {size_up}. Ich überlege, ' +
        '{den_produkt} in {colour} zu bestellen. {Faellt} {er} eher groß oder klein aus?',
    ],
    answers: [
      'Ich habe meine normale Größe {size} genommen, und ein Pullover passt gut darunter.',
      'Eher eine Nummer kleiner nehmen. Ich trage sonst {size_up}, und {size} sitzt besser.',
      'Bleib bei {size}. Ich habe größer genommen, und jetzt hängen die Schultern.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    tags: SLEEVED,
    titles: ['Ärmellänge bei {dem_produkt}?', 'Lange Arme und {der_produkt}'],
    body: [
      'Ich bin 186 cm groß, und die Ärmel sind immer das Problem. Wie ist die Länge bei ' +
        '{dem_produkt}? Sonst nehme ich {size}.',
    ],
    answers: [
      'Ich bin 1,88 m und bei {size_up} reichen die Ärmel bis zum Handgelenk. {size} war zu kurz.',
      'Die Ärmel sind eher lang. Ich schlage sie einmal um, das sieht gewollt aus.',
      'In der [Größentabelle]({link}) steht die Ärmellänge ab Nacken. So nachmessen, dann weißt ' +
        'du es genau.',
    ],
  },
  {
    question: false,
    goods: 'fashion',
    families: CLOTHES,
    titles: [
      'Größenvergleich {produkt}: {size} und {size_up}',
      'Anprobe-Notizen zu ' + '{dem_produkt}',
    ],
    body: [
      'Ich habe heute in {store} beide Größen anprobiert, hier meine Notizen:',
      '- **{size}**: sitzt gut an den Schultern, mit Pullover darunter etwas eng',
      '- **{size_up}**: mehr Luft, und die Ärmel sind etwa 2 cm länger',
      'Ich habe mich für {size_up} in {colour} entschieden. Vielleicht hilft das jemandem!',
    ],
    answers: [
      'Super hilfreich, danke! Dann bestelle ich auch {size_up}.',
      'Deckt sich mit meiner Erfahrung. {size} ist schön, aber nichts für den Zwiebellook.',
      'Wirkt die Farbe {colour} im Laden anders als online?',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    families: ['wool', 'cotton', 'linen'],
    titles: [
      'Läuft {der_produkt} beim Waschen ein?',
      '{Produkt} in {size}: Einlaufen nach der Wäsche?',
    ],
    body: [
      'Ich habe {den_produkt} in {size} gekauft, und die Passform ist gerade perfekt. Die ' +
        'Pflegeanleitung sagt 30 Grad. Hat jemand Erfahrung, ob das Material beim Waschen ' +
        'einläuft?',
    ],
    answers: [
      'Bei mir ist nach sechs Wäschen bei 30 Grad nichts eingelaufen. Liegend trocknen!',
      'Nach der ersten Wäsche etwa 1 cm in der Länge, danach nie wieder.',
      'Das einzige Risiko ist der Trockner. Den einfach weglassen.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    families: ['leather'],
    titles: ['{Faellt} {der_produkt} groß aus?', 'Halbe Größen bei {dem_produkt}?'],
    body: [
      'Ich trage meistens {size}, bei schmalen Schnitten {size_up}. {Ist} {der_produkt} ' +
        'vorne weit genug, oder lieber eine Nummer größer? Halbe Größen gibt es leider nicht.',
    ],
    answers: [
      'Eher etwas groß. Ich trage sonst {size_up}, und {size} passt mit dicken Socken perfekt.',
      'Normale Größe nehmen. Das Leder gibt nach ein, zwei Wochen etwas nach.',
      'Schmale Füße hier, eine halbe Einlegesohle hat das Problem gelöst.',
    ],
  },
];

const DE_STYLING: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'fashion',
    titles: ['Was tragt ihr zu {dem_produkt} in {colour}?', 'Kombi-Ideen für {den_produkt}?'],
    body: [
      'Spontan gekauft, und jetzt stehe ich ratlos vor dem Schrank. Ich habe vor allem ' +
        'Blau, Grau und Jeans. Habt ihr Ideen für {occasion}?',
    ],
    answers: [
      'Blau und {colour} passen wunderbar zusammen. Den Rest schlicht halten.',
      'Grau ist dein Freund: ein anthrazitfarbener Strick zu {colour} wirkt sehr durchdacht.',
      'Jeans und {colour} geht immer. Dazu ein warmes Beige, fertig.',
    ],
  },
  {
    question: false,
    goods: 'fashion',
    families: CLOTHES,
    titles: ['Outfit für {occasion}', 'Mein Look mit {dem_produkt} in {colour}'],
    body: [
      'Ich habe {den_produkt} in {colour} für {occasion} getragen, und es gab gleich drei ' +
        'Komplimente.',
      '- dazu ein schlichtes weißes Shirt',
      '- ein **Kaschmirschal** für den Abend',
      '- wenig Schmuck, nur kleine Creolen',
      'Würdet ihr etwas ändern?',
    ],
    answers: [
      'Ich würde nichts ändern. Die Farbe {colour} steht dir.',
      'Sehr schön! Vielleicht noch ein Gürtel für etwas mehr Form?',
      'Das merke ich mir für meine eigene Einladung nächsten Monat.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    titles: ['{Lohnt} sich {der_produkt} für {price}?', '{Produkt} für {price}?'],
    body: [
      'Ich baue mir gerade eine kleine Herbstgarderobe auf, und {der_produkt} {steht} ganz ' +
        'oben auf der Liste. Wer {ihn} hat: Tragt ihr {ihn} wirklich jede Woche?',
    ],
    answers: [
      'Ich trage das Teil mindestens zweimal die Woche. Das hat sich längst gelohnt.',
      'Ja, aber nur in einer Farbe, die zu allem passt. {Colour} wäre ideal.',
      'Ehrlich: im Herbst und Frühling ständig, im Sommer gar nicht. Trotzdem ein guter Kauf.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    families: CLOTHES,
    titles: ['Geschenk für meinen Vater: {der_produkt}?', '{Der_produkt} als Geschenk?'],
    body: [
      'Mein Vater ist ein schwieriger Fall. Er trägt {size}, mag {colour} und Marineblau und ' +
        'hasst alles, was nach Trend aussieht. Wäre {der_produkt} eine sichere Wahl?',
    ],
    answers: [
      'Klassischer Schnitt und ein Geschenkbeleg dazu, dann kann nichts schiefgehen.',
      'Ich habe das letztes Jahr meinem Schwiegervater geschenkt. Er trägt es ständig.',
      'Bei Geschenken lieber eine Nummer größer, locker verzeiht mehr als eng.',
    ],
  },
];

const DE_HOME: readonly PostTemplate[] = [
  {
    question: false,
    goods: 'home',
    titles: ['{Der_produkt} {ist} endlich da', 'Neu bei uns: {der_produkt} in {colour}'],
    body: [
      'Lange überlegt, und die Farbe {colour} ist genau richtig für unsere Altbauwohnung in ' +
        '{city}. Die Qualität ist **richtig gut** und die Verarbeitung sauber.',
    ],
    answers: [
      'Wunderschön! {Colour} und Altbau passen einfach zusammen.',
      'Glückwunsch! Wie ist die Qualität aus der Nähe?',
      'Steht jetzt auch auf meiner Wunschliste.',
    ],
  },
  {
    question: true,
    goods: 'home',
    tags: ['furniture', 'lighting', 'rugs', 'textiles'],
    titles: ['{Passt} {der_produkt} in ein dunkles Zimmer?', '{Colour} im Nordzimmer?'],
    body: [
      'Unser Wohnzimmer liegt nach Norden und bekommt kaum Sonne. Ich mag {den_produkt} in ' +
        '{colour}, habe aber Angst, dass die Farbe dort flach wirkt. Hat jemand einen ähnlichen ' +
        'Raum?',
    ],
    answers: [
      'Im Nordzimmer helfen warmweiße Leuchtmittel (2700 K) sehr.',
      'Dunkle Farben passen sogar gut in dunkle Räume. Nicht dagegen ankämpfen!',
      'Eine Lampe daneben und eine helle Leinendecke dazu, so machen wir das.',
    ],
  },
  {
    question: false,
    goods: 'home',
    titles: ['Vorher und nachher: unser Gästezimmer in {city}', 'Gästezimmer für etwa {price}'],
    body: [
      'Das Budget war knapp, also haben wir das Bett behalten und die Wände weiß gestrichen. ' +
        'Neu dazu:',
      '- **{Der_produkt}** in {colour}',
      '- ein alter Spiegel vom Flohmarkt in {city}',
      '- zwei Kissen aus dem Keller',
      'Insgesamt etwa {price}, und wir sind sehr zufrieden.',
    ],
    answers: [
      'Was für ein Unterschied! Welches Weiß habt ihr genommen?',
      'Flohmarktfunde plus ein gutes neues Teil: So wird ein Raum schön.',
      'Eure Gäste haben Glück!',
    ],
  },
  {
    question: true,
    goods: 'home',
    titles: ['{Lohnt} sich {der_produkt} für {price}?', 'Qualität von {dem_produkt}?'],
    body: [
      '{Der_produkt} {liegt} seit einer Woche in meinem Warenkorb. Ist die Qualität den ' +
        'Preis wert, oder warte ich lieber auf den Sale?',
    ],
    answers: [
      'Lohnt sich. Bei uns sieht alles nach zwei Jahren täglicher Nutzung noch neu aus.',
      'Wohnsachen sind im Sale selten mehr als 20 % reduziert. Ich würde nicht zu lange warten.',
      'Qualität top, aber unbedingt die Maße doppelt prüfen. Ich musste umtauschen.',
    ],
  },
  {
    question: true,
    goods: 'home',
    titles: ['Erste eigene Wohnung in {city}: womit anfangen?', 'Erste Wohnung mit kleinem Budget'],
    body: [
      'Ich habe gerade die Schlüssel für meine erste Wohnung in {city} bekommen. Leere ' +
        'Räume, wenig Geld. Ich liebe {den_produkt}, aber sollte das Geld zuerst dahin gehen?',
    ],
    answers: [
      'Zuerst Bett und Bettwäsche. Wer gut schläft, plant den Rest entspannter.',
      'Langsam kaufen. Erst einen Monat drin wohnen, dann die großen Teile aussuchen.',
      'Ein paar gute Stücke und der Rest vom Flohmarkt. In {city} gibt es tolle Märkte.',
    ],
  },
];

const DE_CARE: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'any',
    titles: ['Wie reinigt ihr {den_produkt}?', 'Erster Fleck auf {dem_produkt}'],
    body: [
      'Das Etikett ist nicht eindeutig, und ich möchte nichts ruinieren. {Der_produkt} {hat} ' +
        'den ersten Fleck (Rotwein, natürlich). Was ist eure Routine?',
    ],
    answers: [
      'Tupfen, nicht reiben, und zuerst kaltes Wasser. Heißes Wasser fixiert Rotwein.',
      'Etwas Spülmittel auf einem feuchten Tuch hat bei mir Rotwein gelöst.',
      'Im Zweifel in {store} fragen. Die wissen, welches Mittel passt.',
    ],
  },
  {
    question: false,
    goods: 'fashion',
    titles: [
      'Das Reparatur-Café hat {den_produkt} gerettet',
      'Danke an das Reparatur-Café in {store}',
    ],
    body: [
      'Ich war am Wochenende beim Reparatur-Café in {store}. Ein kleines Loch und eine ' +
        'offene Naht, in zwanzig Minuten kostenlos repariert.',
      'Die nächsten Termine stehen [auf der Veranstaltungsseite]({events_link}).',
    ],
    answers: [
      'Ich war letzten Monat mit einem Mantelfutter dort. Tolle Leute!',
      'Machen die auch Reißverschlüsse? Ich habe eine Jacke, die einen neuen braucht.',
      'Großartig. Das sollten mehr Läden anbieten.',
    ],
  },
  {
    question: true,
    goods: 'home',
    families: ['wood', 'iron', 'ceramic', 'natural'],
    titles: ['Kratzer auf {dem_produkt}: was tun?', 'Macken auf {dem_produkt} nach dem Umzug'],
    body: [
      'Nach dem Umzug {hat} {der_produkt} ein paar feine Kratzer. Gibt es eine sichere ' +
        'Methode, die zu entfernen, oder muss ich damit leben?',
    ],
    answers: [
      'Immer erst an einer unsichtbaren Stelle testen. Die meisten Spuren gehen weg.',
      'Nenn es Patina. Meins sieht mit ein bisschen Geschichte sogar besser aus.',
      'Der Kundenservice hat mir ein kleines Ausbesserungsset geschickt, kostenlos.',
    ],
  },
  {
    question: true,
    goods: 'any',
    families: ['wool', 'soft', 'cotton'],
    titles: ['Knötchen auf {dem_produkt}', 'Ist Pilling bei {dem_produkt} normal?'],
    body: [
      'Nach zwei Monaten bilden sich schon Knötchen. Ist das normal, und darf ich einen ' +
        'Fusselrasierer benutzen?',
    ],
    answers: [
      'In den ersten Monaten normal, bis die losen Fasern raus sind. Das gibt sich.',
      'Ein Fusselkamm ist schonender als ein Rasierer. Flach hinlegen und langsam arbeiten.',
      'Wenn es schlimm ist, beim Kundenservice melden. Meins wurde ersetzt.',
    ],
  },
  {
    question: true,
    goods: 'home',
    families: ['iron', 'ceramic', 'wood'],
    titles: ['Darf {der_produkt} in die Spülmaschine?', '{Produkt}: spülmaschinenfest oder nicht?'],
    body: [
      'Der Karton war schon im Altpapier, bevor ich die Hinweise gelesen habe. Darf ' +
        '{der_produkt} in die Spülmaschine, oder nur von Hand?',
    ],
    answers: [
      'Leider nur von Hand. In der Spülmaschine wird die Oberfläche mit der Zeit stumpf.',
      'In der [Pflegeanleitung]({link}) steht es genau: von Hand spülen und sofort abtrocknen.',
      'Meins war einmal aus Versehen in der Spülmaschine und hat überlebt. Aber lieber nicht.',
    ],
  },
];

const DE_DELIVERY: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'any',
    titles: ['Lieferzeit für {den_produkt}?', 'Bestellung hängt bei "in Vorbereitung"'],
    body: [
      'Am Montag bestellt, und die Sendungsverfolgung zeigt seit {days} Tagen "in ' +
        'Vorbereitung". Ist das normal?',
    ],
    answers: [
      'Größere Artikel kommen aus einem anderen Lager. Ein paar Tage "in Vorbereitung" sind ' +
        'normal.',
      'Bei mir stand es vier Tage so da, und dann war das Paket am Tag nach dem Versand da.',
      'Nach einer Woche würde ich im Chat nachfragen. Die sehen mehr als die Sendungsverfolgung.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Click & Collect in {store}: wie schnell?', 'Abholung in {store}'],
    body: [
      'Ich brauche {den_produkt} bis Freitag. Wer hat schon mal in {store} abgeholt, und ' +
        'wie schnell ging das?',
    ],
    answers: [
      'Bei mir hat es zwei Tage gedauert. Man bekommt eine SMS, wenn alles bereit ist.',
      'Wenn es im Laden vorrätig ist, oft schon am selben Nachmittag.',
      'Die Abholtheke ist hinten im Erdgeschoss. QR-Code aus der Mail mitbringen.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Paket beim Nachbarn im vierten Stock', '{Produkt} beim Nachbarn gelandet'],
    body: [
      'Der Paketbote hat {den_produkt} beim Nachbarn ganz oben abgegeben, obwohl ich zu ' +
        'Hause war. Kann man irgendwo einen Ablageort hinterlegen?',
    ],
    answers: [
      'Im Konto unter Lieferoptionen kann man einen Ablageort angeben. Hat bei mir geklappt.',
      'Das kenne ich. Immerhin war es nicht die Mülltonne.',
      'Vielleicht gleich eine Packstation als Lieferadresse angeben?',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Kommt es noch vor Weihnachten an?', 'Letzter Bestelltag vor Weihnachten?'],
    body: [
      'Ich möchte {den_produkt} als Geschenk nach {city} schicken lassen. Bis wann kann man ' +
        'sicher bestellen, damit es vor Weihnachten ankommt?',
    ],
    answers: [
      'Letztes Jahr war der 18. der letzte Tag für Standardversand, Express bis zum 21.',
      'So kurz vor Weihnachten ist Click & Collect am sichersten.',
      'Die Termine stehen ab Ende November auf der [Lieferseite]({link}).',
    ],
  },
];

const DE_RETURNS: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'fashion',
    titles: ['Rücksendung ohne Etikett möglich?', 'Etikett zu früh abgeschnitten'],
    body: [
      'Ich habe das Etikett zu früh abgeschnitten und erst dann gemerkt, dass {size} zu ' +
        'klein ist. {Der_produkt} {ist} ungetragen. Nimmt man das trotzdem zurück?',
    ],
    answers: [
      'Ungetragen, mit Etikett in der Tüte und Beleg, ging es bei mir ohne Probleme.',
      'Frag nach einem Umtausch in {size_up}, da sind sie sehr entspannt.',
      'Lieber in {store} vorbeibringen als schicken. Persönlich lässt sich das leichter erklären.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Online gekauft, im Laden zurückgeben?', 'Rückgabe von {dem_produkt} in {store}?'],
    body: ['Kann ich {den_produkt} in {store} zurückgeben, statt alles zur Post zu bringen?'],
    answers: [
      'Ja, jeder Laden nimmt Online-Bestellungen zurück. Das Geld war sofort wieder da.',
      'Bestellmail oder QR-Code mitbringen, dann dauert es an der Kasse zwei Minuten.',
      'Habe ich letzte Woche gemacht. Vormittags unter der Woche gibt es keine Schlange.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Wie lange dauert die Erstattung?', 'Warte noch auf mein Geld für {den_produkt}'],
    body: [
      'Ich habe {den_produkt} vor {days} Tagen zurückgeschickt. Laut Sendungsverfolgung ist ' +
        'das Paket angekommen, aber das Geld ist noch nicht da. Wie lange hat es bei euch ' +
        'gedauert?',
    ],
    answers: [
      'Bei mir fünf Werktage, nachdem das Paket im Lager war. Dazu ein, zwei Tage für die Bank.',
      'Eine Woche. Sobald es bearbeitet ist, kommt eine Mail.',
      'Nach zehn Tagen habe ich im Chat gefragt, und am selben Nachmittag war es erledigt.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Geschenk ohne Beleg umtauschen?', 'Umtausch ohne Kassenbon in {store}'],
    body: [
      'Ich habe {den_produkt} geschenkt bekommen, aber es ist nicht ganz meins. Kein Beleg, ' +
        'keine Bestellnummer. Kann ich trotzdem in {store} umtauschen?',
    ],
    answers: [
      'Mit Geschenkbeleg ist es ganz einfach, ohne bekommst du einen Gutschein.',
      'Über die E-Mail-Adresse der schenkenden Person finden sie die Bestellung. Einfach fragen.',
      'Ich habe im Januar ein Geschenk ganz ohne Beleg umgetauscht. Gutschein, kein Problem.',
    ],
  },
];

const DE_DEALS: readonly PostTemplate[] = [
  {
    question: false,
    goods: 'any',
    titles: ['Tipp: {der_produkt} gerade für {price}', '{Produkt} reduziert!'],
    body: [
      'Eben gesehen: {der_produkt} in {colour} {ist} auf {price} reduziert. Online gibt es ' +
        'nur noch wenige Stück.',
    ],
    answers: [
      'Sofort bestellt, danke! Darauf habe ich monatelang gewartet.',
      'In meiner Größe schon weg. Nächstes Mal!',
      'Gilt das nur online oder auch im Laden?',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: [
      'Wann kommt der nächste Sale? Warte auf {den_produkt}',
      'Winterschlussverkauf schon bekannt? ({produkt})',
    ],
    body: [
      'Weiß jemand, wann der Winterschlussverkauf startet? Ich schiele auf {den_produkt} und ' +
        'würde lieber warten, wenn es nicht mehr lange dauert.',
    ],
    answers: [
      'Online startet der Sale meistens am zweiten Weihnachtstag, im Laden einen Tag später.',
      'Mit dem Newsletter erfährt man das Datum eine Woche vorher.',
      'Basics sind selten im Sale. Da kann es eine lange Wartezeit werden.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Neue Kollektion in {colour} ist online', 'Die {colour}-Teile sind da'],
    body: [
      'Die neuen Teile in {colour} sind endlich da. Meine Favoriten:',
      '- **{Der_produkt}** für {price}',
      '- die passenden Kissenhüllen',
      '- die Leinenservietten (letztes Mal in einer Stunde ausverkauft)',
      'Bestellt noch jemand?',
    ],
    answers: [
      'Die Servietten habe ich in der ersten Minute bestellt. Nicht noch einmal verpassen!',
      'Die Farbe {colour} ist in echt noch schöner als auf den Fotos.',
      'Mein Konto ist von diesem Beitrag nicht begeistert.',
    ],
  },
];

const DE_SUSTAINABILITY: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'any',
    titles: ['Wo wird {der_produkt} hergestellt?', 'Frage zur Lieferkette'],
    body: [
      'Ich versuche, weniger und bewusster zu kaufen. Weiß jemand, wo {der_produkt} ' +
        'produziert wird und ob die Fabrik geprüft ist? Auf der Produktseite steht nur ' +
        '"verantwortungsvoll beschafft".',
    ],
    answers: [
      'In der [Lieferantenliste]({link}) steht die Fabrik für jedes Produkt. Meins kommt aus ' +
        'Portugal.',
      'Der Kundenservice hat mir den Namen der Fabrik und das Datum des letzten Audits genannt.',
      'Die Produktseite sollte mehr verraten, da stimme ich zu.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Drei Jahre mit {dem_produkt}', 'Langzeittest: {produkt}'],
    body: [
      'Vor drei Wintern gekauft, zweimal repariert, und {der_produkt} {ist} immer noch ' +
        'täglich im Einsatz. Qualität zahlt sich eben aus.',
    ],
    answers: [
      'Die beste Art von Bewertung. Danke!',
      'Meins ist im fünften Jahr. Reparieren ist das Nachhaltigste, was wir tun können.',
      'Welche Reparaturen waren nötig? Mich interessiert, wie es sich abnutzt.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Feedback zur Verpackung', 'Riesiger Karton für {den_produkt}'],
    body: [
      'Ich habe nur {den_produkt} bestellt, und die Lieferung kam in einem Karton, in den ein ' +
        'Sessel gepasst hätte. Papier ist besser als Plastik, aber es geht auch kleiner, oder?',
    ],
    answers: [
      'Stimme zu. Der Kundenservice meinte, kleinere Kartons sind in Planung.',
      'Ich nutze die Kartons zum Verschicken, aber kleiner wäre besser.',
      'Eine Option "alles in einem Paket" beim Bezahlen wäre auch gut.',
    ],
  },
];

const DE_IDEAS: readonly PostTemplate[] = [
  {
    question: false,
    goods: 'fashion',
    titles: ['Idee: {der_produkt} in Langgrößen', 'Bitte Langgrößen, zuerst bei {dem_produkt}'],
    body: [
      'Ich liebe {den_produkt}, aber für alle über 1,80 m ist die Länge zu kurz. Eine kleine ' +
        'Auswahl in Langgrößen wäre toll. Wer ist dabei?',
    ],
    answers: [
      '+1 von mir. Bei 1,88 m gebe ich bei Hosen immer auf.',
      'Langgrößen ja, und Kurzgrößen gleich mit!',
      'Ich gebe das an das Produktteam weiter. Die Reaktionen hier werden gelesen.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Bitte {colour} zurückbringen!', 'Neuauflage in {colour}?'],
    body: [
      '{Der_produkt} in {colour} war das Beste, was es je gab. Gibt es eine Chance auf eine ' +
        'Neuauflage?',
    ],
    answers: [
      'Ich würde sofort zwei in {colour} kaufen.',
      'Meins ist schon fast durchgetragen. Eine Neuauflage wäre meine Rettung.',
      'Ja, bitte! Und im gleichen Material.',
    ],
  },
  {
    question: false,
    goods: 'fashion',
    titles: ['Vorschlag: Ersatzknöpfe und Reparatur-Sets', 'Idee: Reparaturkarte beilegen'],
    body: [
      'Es wäre super, wenn es zu {dem_produkt} Ersatzknöpfe und eine kurze Anleitung gäbe, ' +
        'zum Beispiel [so eine]({link}).',
    ],
    answers: [
      'Bei den Mänteln sind Ersatzknöpfe schon dabei, bei Strick wäre das auch schön.',
      'Ein QR-Code auf dem Etikett mit Link zur Pflegeanleitung wäre perfekt.',
      'Kleine Sache, große Wirkung. Gute Idee!',
    ],
  },
];

const DE_STORE: readonly PostTemplate[] = [
  {
    question: true,
    goods: 'any',
    titles: ['Wer kommt zum {event} in {store}?', '{Event} am Samstag: lohnt sich das?'],
    body: [
      'Ich überlege, am Samstag hinzugehen. Lohnt sich die Fahrt aus {city}, und muss man ' +
        'sich anmelden?',
    ],
    answers: [
      'Ich war letztes Mal dort, und es war toll. Früh anmelden, es wird schnell voll!',
      'Die Teilnahme ist kostenlos, aber man muss sich auf der [Seite des Ladens]({link}) ' +
        'anmelden.',
      'Bis Samstag! Ich bin die Person neben den Keksen.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Danke an das Team in {store}', 'Tolle Beratung in {store}'],
    body: [
      'Ich war auf der Suche nach etwas für {occasion} und wurde super beraten: drei ' +
        'Varianten zum Vergleichen, {der_produkt} in {colour} aus dem Lager und kein bisschen ' +
        'Hektik.',
    ],
    answers: [
      'Das Team dort ist einfach klasse. Die wussten sogar noch meine Größe.',
      'Genau deshalb kaufe ich lieber im Laden.',
      'Schön zu hören! Samstags ist das Team besonders gut.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['{Ist} {der_produkt} in {store} vorrätig?', 'Kann jemand in {store} nachsehen?'],
    body: [
      'Online steht "nur noch wenige verfügbar". Könnte jemand nachsehen, ob es ' +
        '{den_produkt} in {colour} im Laden gibt? Ich würde das gern vor dem Kauf sehen.',
    ],
    answers: [
      'War gerade da: zwei in {colour} im Laden.',
      'Ruf einfach an, dann legen sie es dir einen Tag zurück.',
      'Am Dienstag stand es im ersten Stock am Fenster.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Rückblick: {event} in {store}', 'Schön war es beim {event}'],
    body: [
      'Was für ein schöner Abend in {store}! Meine Highlights:',
      '- ein kurzer Vortrag über die Pflege von Leinen und Wolle',
      '- Apfelpunsch und Kekse',
      '- endlich die Leute aus dem Forum persönlich treffen',
      'Der nächste Termin ist in {weeks} Wochen.',
    ],
    answers: [
      'Es war so schön, die Gesichter zu den Namen kennenzulernen. Danke fürs Organisieren!',
      'Schade, dass ich nicht konnte. Beim nächsten Mal bin ich dabei.',
      'Allein der Apfelpunsch war die Fahrt wert.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: [
      'Persönliche Einkaufsberatung in {store}?',
      'Styling-Termin in {store}: lohnt sich das?',
    ],
    body: [
      'Für {occasion} habe ich null Ideen. Hat jemand schon einen Beratungstermin in {store} ' +
        'gebucht? Fühlt man sich gedrängt, etwas zu kaufen?',
    ],
    answers: [
      'Im Frühjahr gemacht. Null Druck, und sie haben Sachen rausgesucht, die ich nie genommen ' +
        'hätte.',
      'Kostenlos, eine Stunde, und sie notieren sich deine Größen fürs nächste Mal.',
      'Am besten unter der Woche vormittags. Dann ist es ruhig, und man hat die volle ' +
        'Aufmerksamkeit.',
    ],
  },
];

const DE_PERKS: readonly PostTemplate[] = [
  {
    question: false,
    goods: 'any',
    titles: ['Vorabzugang: die {colour}-Kollektion', 'Gold-Vorschau: {colour}'],
    body: [
      'Gold-Mitglieder sehen die neuen Teile 48 Stunden früher. Mein Favorit ist ' +
        '{der_produkt} für {price}. Was sind eure?',
    ],
    answers: [
      'Mein Favorit ist auch {der_produkt}. Liegt schon im Warenkorb.',
      'Die Farbe {colour} ist toll, die Fotos werden ihr nicht gerecht.',
      'Der Vorabzugang ist das beste Extra. Meine Größe ist dann immer noch da.',
    ],
  },
  {
    question: true,
    goods: 'fashion',
    tags: ALTERABLE,
    titles: ['Hat jemand die kostenlose Änderung genutzt?', 'Änderungsservice für Gold'],
    body: [
      'Als Gold-Mitglied hat man eine kostenlose Änderung pro Bestellung. Ich möchte ' +
        '{den_produkt} kürzen lassen. Ging das in {store} schnell?',
    ],
    answers: [
      'Letzten Monat genutzt. Nach einer Woche fertig und perfekt gemacht.',
      'Vorher einen Termin machen, dann wird direkt abgesteckt.',
      'Sie haben es sogar gebügelt zurückgegeben. Toller Service.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: [
      'Geburtstagsgutschein: wofür habt ihr ihn ausgegeben?',
      'Gutschein ist da! {Der_produkt} oder Küchensachen?',
    ],
    body: [
      'Meiner kam heute Morgen. Ich schwanke zwischen {dem_produkt} und ein paar Sachen für ' +
        'die Küche.',
    ],
    answers: [
      'Nimm {den_produkt}. Küchensachen können bis zum Sale warten.',
      'Ich habe meinen am Ende für Küchensachen ausgegeben. Keine Reue.',
      'Der Gutschein lässt sich mit dem Gold-Rabatt kombinieren, vielleicht geht beides.',
    ],
  },
];

const DE_AMBASSADOR: readonly PostTemplate[] = [
  {
    question: false,
    goods: 'any',
    titles: ['Briefing: Herbst-Content zu {dem_produkt}', 'Muster-Briefing: {produkt}'],
    body: [
      'Diese Woche gehen die Muster von {dem_produkt} in {colour} an alle Botschafterinnen ' +
        'und Botschafter raus. Kurz das Wichtigste:',
      '- ehrliche Bewertungen, auch was euch nicht gefällt',
      '- Beiträge bitte mit #herbstzuhause markieren',
      '- die Sperrfrist endet am Monatsersten',
      'Das komplette Briefing ist [im Botschafter-Bereich]({link}).',
    ],
    answers: [
      'Danke! Gibt es für Vergleichsfotos auch eine zweite Farbe?',
      'Sperrfrist notiert. Mein Beitrag kommt am ersten Wochenende.',
      'Schön, dass ehrliche Bewertungen ausdrücklich erwünscht sind.',
    ],
  },
  {
    question: true,
    goods: 'any',
    titles: ['Ist euer Muster schon angekommen?', 'Warten auf das Muster: {produkt}'],
    body: ['Mein Paket mit {dem_produkt} hängt seit Tagen in {city} fest. Wartet noch jemand?'],
    answers: [
      'Meins kam heute. Schönes Gewicht, und die Farbe {colour} stimmt genau.',
      'Ich warte auch noch. Ich frage beim Team nach.',
      'Die Muster wurden in zwei Runden verschickt, deins ist bestimmt in der zweiten.',
    ],
  },
  {
    question: false,
    goods: 'any',
    titles: ['Planung: {event} in {store}', 'Ideen für den nächsten Termin in {store}'],
    body: [
      'Wir planen den nächsten Termin in {store}. Was hat beim letzten {event} gut ' +
        'funktioniert, und was sollten wir ändern?',
    ],
    answers: [
      'Der kurze Vortrag kam gut an. Vielleicht noch eine Ecke für Größenfragen mit Maßband?',
      'Eine halbe Stunde später anfangen, dann schaffen es alle nach der Arbeit.',
      'Weniger Stühle, mehr Stehtische. Da kommen die Leute viel mehr ins Gespräch.',
    ],
  },
];

/** Post templates by language and theme. */
export const POSTS: TemplateBook<PostTemplate> = {
  en: {
    sizing: EN_SIZING,
    styling: EN_STYLING,
    home: EN_HOME,
    care: EN_CARE,
    delivery: EN_DELIVERY,
    returns: EN_RETURNS,
    deals: EN_DEALS,
    sustainability: EN_SUSTAINABILITY,
    ideas: EN_IDEAS,
    store: EN_STORE,
    perks: EN_PERKS,
    ambassador: EN_AMBASSADOR,
  },
  de: {
    sizing: DE_SIZING,
    styling: DE_STYLING,
    home: DE_HOME,
    care: DE_CARE,
    delivery: DE_DELIVERY,
    returns: DE_RETURNS,
    deals: DE_DEALS,
    sustainability: DE_SUSTAINABILITY,
    ideas: DE_IDEAS,
    store: DE_STORE,
    perks: DE_PERKS,
    ambassador: DE_AMBASSADOR,
  },
};

/* ------------------------------------------------------------------------------------------ */
/* English answers                                                                            */
/* ------------------------------------------------------------------------------------------ */

const EN_ANSWERS_SIZING: readonly Answer[] = [
  'Both sizes are usually in stock at {store} if you can get there. Trying on saved me a return.',
  'The [size guide]({link}) has garment measurements at the bottom, which helped me more than ' +
    'the chart.',
  'Exchanges are free, so the gamble is small: order your usual size and swap if needed.',
  'The reviews on the product page talk about fit a lot. Worth a scroll.',
];

const EN_ANSWERS_STYLING: readonly Answer[] = [
  'The {colour} is such a good choice. It goes with more than you would think.',
  'Keep the rest simple and let the {product} do the work.',
  'Book a styling appointment at {store}. It’s free and the team are brilliant.',
  'The [how-to-wear page]({link}) has a few outfit ideas as well.',
];

const EN_ANSWERS_HOME: readonly Answer[] = [
  'That {colour} is lovely. It looks warmer in person than on screen.',
  'We have had ours for two years and the quality has been excellent.',
  'If you can, see {them} in daylight at {store} before deciding.',
  'The [at-home journal]({link}) has a few rooms styled with {them}. Good for ideas.',
];

const EN_ANSWERS_CARE: readonly Answer[] = [
  {
    only: ['wool'],
    text:
      'Cool hand wash with wool detergent, roll in a towel, dry flat. ' +
      'Mine still looks new after a year.',
  },
  {
    only: ['wool', 'soft', 'cotton'],
    text:
      'A little pilling at first is normal. A fabric ' + 'comb is gentler than an electric shaver.',
  },
  {
    only: ['linen'],
    text:
      'Linen loves a 40-degree wash and hates the tumble dryer. Hang it ' +
      'while damp and the creases mostly fall out.',
  },
  {
    only: ['leather'],
    text:
      'Brush off the dirt, then a thin layer of conditioner once a month. ' +
      'For suede use a suede brush and a rubber, never water.',
  },
  {
    only: ['delicate'],
    text:
      'Cold wash on the delicates cycle in a mesh bag. For wine, blot ' +
      'with cold water straight away, never rub.',
  },
  {
    only: ['outer'],
    text:
      'Sponge clean rather than washing the whole thing. Re-proof once a ' +
      'season and it keeps out the rain.',
  },
  {
    only: ['cotton'],
    text: 'Wash inside out at 30 with similar colours and the colour lasts ' + 'much longer.',
  },
  {
    only: ['wood'],
    text:
      'Light scratches come out with a little hard wax oil and a soft ' +
      'cloth. Work with the grain and test underneath first.',
  },
  {
    only: ['iron'],
    text:
      'Warm water and a soft brush, no dishwasher. Dry it on the hob and ' +
      'rub in a few drops of oil. It only gets better.',
  },
  {
    only: ['ceramic'],
    text:
      'A paste of bicarbonate of soda lifts grey cutlery marks. They ' +
      'sit on the glaze rather than in it, so they come off.',
  },
  {
    only: ['natural'],
    text:
      'Vacuum with the brush head and wipe with a barely damp cloth. ' +
      'Keep it out of direct sun or it fades unevenly.',
  },
  {
    only: ['soft'],
    text:
      'Wash at 40 with half the usual detergent and skip the softener; ' +
      'everything stays fluffier for longer.',
  },
  {
    only: CLOTHES,
    text:
      'The repair café at {store} will look at {them} for free. Ask for the ' +
      'seamstress, she is a wizard.',
  },
  'The [care guide]({link}) is surprisingly detailed. It covers exactly this.',
  'Customer care sent me a printed care card when I asked. Worth an email.',
];

const EN_ANSWERS_DELIVERY: readonly Answer[] = [
  'Customer care on the chat replied within ten minutes when mine was stuck.',
  'The [delivery page]({link}) lists the current times for each kind of item.',
  'Tracking tends to lag a day behind. Mine turned up before it said "out for delivery".',
];

const EN_ANSWERS_RETURNS: readonly Answer[] = [
  'Returns are free within 30 days, and online orders can go back to any store.',
  'The QR code in the app means you don’t need to print anything.',
  'Everything is on the [returns page]({link}), including how large items work.',
];

const EN_ANSWERS_DEALS: readonly Answer[] = [
  'Thanks for the heads-up!',
  'Gold members get sale access a day early, if you’re one.',
  'Sold out in my size already. Setting an alert for a restock.',
];

const EN_ANSWERS_SUSTAINABILITY: readonly Answer[] = [
  'Buying less and caring more is the greenest option, whatever the fibre.',
  'The [supplier list]({link}) names the factory for each product.',
  'Good question. More threads like this, please.',
];

const EN_ANSWERS_IDEAS: readonly Answer[] = [
  'Yes please! Would buy on day one.',
  'The product team reads this space, so react if you agree. They do count.',
  'Great idea, adding my vote.',
];

const EN_ANSWERS_STORE: readonly Answer[] = [
  'The team at {store} are the best. They remembered my size from last time.',
  'Events are listed on the [store page]({link}) and they fill up fast.',
  'Love that we get proper events at {store} now.',
];

const EN_ANSWERS_PERKS: readonly Answer[] = [
  'The early access is the best perk. My size is always still there.',
  'Honestly, this space is the best part of the loyalty scheme.',
  'The Gold discount applies on top of sale prices in store, which most people miss.',
];

const EN_ANSWERS_AMBASSADOR: readonly Answer[] = [
  'The [ambassador hub]({link}) usually has the answer; worth a look first.',
  'Good one for the ambassador call on Thursday as well.',
  'Let’s ask the community team to add this to the ambassador FAQ.',
];

/* ------------------------------------------------------------------------------------------ */
/* German answers                                                                             */
/* ------------------------------------------------------------------------------------------ */

const DE_ANSWERS_SIZING: readonly Answer[] = [
  'In {store} sind meistens beide Größen da. Anprobieren spart die Rücksendung.',
  'In der [Größentabelle]({link}) stehen ganz unten die Maße des Teils. Die helfen mehr als ' +
    'die Tabelle selbst.',
  'Der Umtausch ist kostenlos. Also einfach die normale Größe bestellen und notfalls tauschen.',
];

const DE_ANSWERS_STYLING: readonly Answer[] = [
  'Die Farbe {colour} ist eine gute Wahl und passt zu mehr, als man denkt.',
  'Den Rest schlicht halten, dann wirkt {der_produkt} am besten.',
  'In {store} gibt es kostenlose Styling-Termine. Das Team ist großartig.',
];

const DE_ANSWERS_HOME: readonly Answer[] = [
  'Die Farbe {colour} ist wirklich schön und wirkt in echt wärmer als am Bildschirm.',
  'Wir haben das seit zwei Jahren und die Qualität ist top.',
  'Schau es dir in {store} bei Tageslicht an, bevor du dich entscheidest.',
];

const DE_ANSWERS_CARE: readonly Answer[] = [
  {
    only: ['wool'],
    text:
      'Kalt von Hand mit Wollwaschmittel, in einem Handtuch ausdrücken und ' +
      'liegend trocknen. Das ist bei mir die beste Lösung.',
  },
  {
    only: ['linen'],
    text:
      'Leinen mag 40 Grad und hasst den Trockner. Feucht aufhängen, dann ' +
      'verschwinden die meisten Falten.',
  },
  {
    only: ['leather'],
    text:
      'Erst ausbürsten, dann einmal im Monat dünn eincremen. Bei ' +
      'Wildleder nur Bürste und Radiergummi, kein Wasser.',
  },
  {
    only: ['delicate'],
    text:
      'Kalt im Schonwaschgang im Wäschenetz. Rotwein sofort mit kaltem ' +
      'Wasser abtupfen, nie reiben.',
  },
  {
    only: ['outer', 'cotton'],
    text:
      'Lieber punktuell reinigen als alles zu waschen, und auf ' +
      'links bei 30 Grad, dann bleibt die Farbe länger.',
  },
  {
    only: ['wood'],
    text:
      'Feine Kratzer gehen mit etwas Hartwachsöl und einem weichen Tuch raus. ' +
      'Immer in Faserrichtung arbeiten.',
  },
  {
    only: ['iron'],
    text:
      'Warmes Wasser und eine weiche Bürste, keine Spülmaschine. Danach auf ' +
      'dem Herd trocknen und dünn einölen.',
  },
  {
    only: ['ceramic'],
    text:
      'Eine Paste aus Natron entfernt die grauen Besteckspuren. Die sitzen ' +
      'nur auf der Glasur.',
  },
  {
    only: ['natural'],
    text:
      'Mit der Bürstendüse absaugen und nur nebelfeucht abwischen. Und ' +
      'nicht in die pralle Sonne stellen.',
  },
  {
    only: ['wool', 'soft', 'cotton'],
    text:
      'Ein bisschen Pilling am Anfang ist normal. Ein ' +
      'Fusselkamm ist schonender als ein Rasierer.',
  },
  {
    only: ['soft'],
    text:
      'Bei 40 Grad mit wenig Waschmittel und ohne Weichspüler waschen, dann ' +
      'bleibt alles länger flauschig.',
  },
  'Die [Pflegeanleitung]({link}) ist erstaunlich ausführlich und erklärt genau das.',
  'Der Kundenservice hat mir auf Nachfrage eine Pflegekarte geschickt.',
];

const DE_ANSWERS_DELIVERY: readonly Answer[] = [
  'Der Kundenservice im Chat hat bei mir in zehn Minuten geantwortet.',
  'Auf der [Lieferseite]({link}) stehen die aktuellen Lieferzeiten.',
  'Die Sendungsverfolgung hinkt oft einen Tag hinterher.',
];

const DE_ANSWERS_RETURNS: readonly Answer[] = [
  'Rücksendungen sind 30 Tage kostenlos, und Online-Bestellungen kann man in jedem Laden ' +
    'zurückgeben.',
  'Mit dem QR-Code in der App muss man nichts ausdrucken.',
  'Alles steht auf der [Seite zu Rücksendungen]({link}).',
];

const DE_ANSWERS_DEALS: readonly Answer[] = [
  'Danke für den Tipp!',
  'Gold-Mitglieder kommen einen Tag früher in den Sale.',
  'In meiner Größe schon ausverkauft. Ich habe mir eine Benachrichtigung gesetzt.',
];

const DE_ANSWERS_SUSTAINABILITY: readonly Answer[] = [
  'Weniger kaufen und besser pflegen ist die nachhaltigste Lösung, egal welche Faser.',
  'In der [Lieferantenliste]({link}) steht die Fabrik für jedes Produkt.',
  'Gute Frage. Mehr solche Beiträge, bitte!',
];

const DE_ANSWERS_IDEAS: readonly Answer[] = [
  'Unbedingt! Würde ich sofort kaufen.',
  'Das Produktteam liest hier mit, also fleißig reagieren.',
  'Tolle Idee, ich bin dabei.',
];

const DE_ANSWERS_STORE: readonly Answer[] = [
  'Das Team in {store} ist einfach klasse. Die wussten sogar noch meine Größe.',
  'Die Termine stehen auf der [Seite des Ladens]({link}) und sind schnell ausgebucht.',
  'Schön, dass es in {store} jetzt richtige Veranstaltungen gibt.',
];

const DE_ANSWERS_PERKS: readonly Answer[] = [
  'Der Vorabzugang ist das beste Extra. Meine Größe ist dann immer noch da.',
  'Dieser Bereich ist ehrlich gesagt das Beste am Treueprogramm.',
  'Danke fürs Teilen!',
];

const DE_ANSWERS_AMBASSADOR: readonly Answer[] = [
  'Im [Botschafter-Bereich]({link}) steht meistens die Antwort, da lohnt sich ein Blick.',
  'Das wäre auch eine gute Frage für den Botschafter-Call am Donnerstag.',
  'Lass uns das Community-Team bitten, das in die FAQ aufzunehmen.',
];

/** Top-level comments by language and theme. */
export const ANSWERS: TemplateBook<Answer> = {
  en: {
    sizing: EN_ANSWERS_SIZING,
    styling: EN_ANSWERS_STYLING,
    home: EN_ANSWERS_HOME,
    care: EN_ANSWERS_CARE,
    delivery: EN_ANSWERS_DELIVERY,
    returns: EN_ANSWERS_RETURNS,
    deals: EN_ANSWERS_DEALS,
    sustainability: EN_ANSWERS_SUSTAINABILITY,
    ideas: EN_ANSWERS_IDEAS,
    store: EN_ANSWERS_STORE,
    perks: EN_ANSWERS_PERKS,
    ambassador: EN_ANSWERS_AMBASSADOR,
  },
  de: {
    sizing: DE_ANSWERS_SIZING,
    styling: DE_ANSWERS_STYLING,
    home: DE_ANSWERS_HOME,
    care: DE_ANSWERS_CARE,
    delivery: DE_ANSWERS_DELIVERY,
    returns: DE_ANSWERS_RETURNS,
    deals: DE_ANSWERS_DEALS,
    sustainability: DE_ANSWERS_SUSTAINABILITY,
    ideas: DE_ANSWERS_IDEAS,
    store: DE_ANSWERS_STORE,
    perks: DE_ANSWERS_PERKS,
    ambassador: DE_ANSWERS_AMBASSADOR,
  },
};

/* ------------------------------------------------------------------------------------------ */
/* Conversation                                                                               */
/* ------------------------------------------------------------------------------------------ */

/** The asker replying to an answer; `{mention}` is its author, `{name}` their first name. */
export const FOLLOW_UPS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    '@{mention} thanks, that’s really helpful.',
    '@{mention} did you size up in the end, or stay with your usual?',
    'Good shout, {name}. I hadn’t thought of that.',
    '@{mention} where did you get yours? Online or in store?',
    '@{mention} how has it held up after a few months?',
    '@{mention} do you have a photo? Would love to see it.',
    'Thanks {name}! That settles it.',
    '@{mention} that’s reassuring, thank you.',
  ],
  de: [
    'Danke @{mention}, das hilft mir sehr.',
    '@{mention} hast du am Ende eine Größe größer genommen?',
    'Guter Hinweis, {name}. Daran hatte ich gar nicht gedacht.',
    '@{mention} hast du online oder im Laden gekauft?',
    '@{mention} wie sieht es nach ein paar Monaten aus?',
    'Danke {name}! Dann ist die Sache klar.',
  ],
};

/** The author of a post that is not a question, replying to a comment on it. */
export const AUTHOR_REPLIES: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    '@{mention} thank you!',
    'Thanks {name}, glad it was useful.',
    '@{mention} you’re welcome, enjoy!',
    'Thanks {name}, that means a lot.',
    '@{mention} ha, I know. No regrets so far.',
  ],
  de: [
    '@{mention} danke dir!',
    'Danke {name}, freut mich, dass es hilft.',
    '@{mention} gern geschehen!',
    'Danke {name}, das freut mich sehr.',
  ],
};

/** Another member adding to a comment. */
export const AGREEMENTS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'Same experience here, @{mention}.',
    'Seconding what {name} said.',
    'Ha, {name}, I did exactly the same thing last winter.',
    '@{mention} this is a great tip, thank you.',
    '+1 to {name}. Learned that the hard way.',
    '@{mention} good to know, thanks for sharing.',
  ],
  de: [
    '@{mention} das ist bei mir genauso.',
    'Kann ich nur bestätigen, was {name} schreibt.',
    '@{mention} guter Tipp, danke!',
    '+1 zu {name}. Das habe ich auch auf die harte Tour gelernt.',
    '@{mention} gut zu wissen, danke!',
  ],
};

/** The asker thanking the author of the accepted answer. */
export const THANKS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    '@{mention} that did it, thank you!',
    'Thanks so much, {name}. Marking this as the answer.',
    '@{mention} perfect, exactly what I needed to know.',
    'Took your advice, {name}, and it worked. Much appreciated.',
  ],
  de: [
    '@{mention} genau das war es, danke!',
    'Vielen Dank, {name}. Ich markiere das als Antwort.',
    '@{mention} perfekt, genau das wollte ich wissen.',
  ],
};

/** Comments under questions that bring in another member; `{friend}` is their username. */
export const MENTIONS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    '@{friend} you had the {product}, what did you think?',
    'Tagging @{friend}, who knows far more about this than me.',
    'I think @{friend} asked the same thing a while ago and got a good answer.',
  ],
  de: [
    '@{friend} du hattest doch {den_produkt}, wie ist dein Eindruck?',
    'Ich markiere mal @{friend}, da kennt sich jemand viel besser aus als ich.',
    '@{friend} hatte die gleiche Frage, vielleicht weißt du inzwischen mehr?',
  ],
};

/** Comments under other posts that point a friend to them; `{friend}` is their username. */
export const SHARES: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    '@{friend} this is the thread I told you about!',
    '@{friend} you’ll love this.',
    '@{friend} look, this is exactly what we were talking about.',
  ],
  de: [
    '@{friend} das ist der Beitrag, von dem ich dir erzählt habe!',
    '@{friend} das wird dir gefallen.',
    '@{friend} schau mal, genau darüber haben wir gesprochen.',
  ],
};

/** Short comments under posts that are not questions. */
export const PRAISE: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'Love this, thanks for sharing.',
    'Really useful post. Saved.',
    'Great post!',
    'This is why I like this community.',
    'Brilliant, thank you for taking the time.',
  ],
  de: [
    'Toll, danke fürs Teilen!',
    'Sehr hilfreicher Beitrag, gespeichert.',
    'Super Beitrag!',
    'Genau deshalb mag ich diese Community.',
  ],
};

/** Short comments under questions. */
export const CHATTER: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'Following, I have the same question.',
    'Great thread, bookmarking this.',
    'This community is the best. Thanks, everyone.',
    'Following for the answers!',
  ],
  de: [
    'Ich folge mal, habe die gleiche Frage.',
    'Toller Beitrag, den speichere ich mir.',
    'Danke an alle, hier wird einem wirklich geholfen.',
  ],
};

/** How posts may start. Empty strings mean no greeting. */
export const OPENINGS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'Hi all,',
    'Hello everyone!',
    'Morning all.',
    'Quick one:',
    'Hey folks,',
    'Hi everyone, hope you’re well.',
    '',
    '',
    '',
  ],
  de: [
    'Hallo zusammen,',
    'Hallo in die Runde!',
    'Moin!',
    'Kurze Frage:',
    'Hallo ihr Lieben,',
    '',
    '',
    '',
  ],
};

/** How questions may end. */
export const QUESTION_CLOSINGS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'Thanks in advance!',
    'Any tips welcome.',
    'Cheers!',
    'Thank you!',
    'Would really appreciate any experience.',
    '',
    '',
  ],
  de: ['Danke schon mal!', 'Ich freue mich über Tipps.', 'Viele Grüße', 'Danke euch!', '', ''],
};

/** How other posts may end. */
export const POST_CLOSINGS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'Curious what you all think.',
    'Happy to answer questions.',
    'Thanks for reading!',
    '',
    '',
    '',
  ],
  de: ['Bin gespannt, was ihr sagt.', 'Fragen beantworte ich gern.', 'Schönes Wochenende!', '', ''],
};

/** A closing paragraph pointing at the product page. */
export const REFERENCES: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    'For reference, this is the one: [{product}]({product_link})',
    'Product page, if anyone wants a look: [{Product} in {colour}]({product_link})',
  ],
  de: [
    'Zur Info, es geht um dieses Teil: [{produkt}]({product_link})',
    'Hier die Produktseite: [{Produkt} in {colour}]({product_link})',
  ],
};

/**
 * British words and spellings with their American counterparts, applied to everything written
 * by members in the US. A capital first letter is kept.
 */
export const AMERICAN_ENGLISH: readonly (readonly [RegExp, string])[] = [
  [/\bjumpers\b/gi, 'sweaters'],
  [/\bjumper\b/gi, 'sweater'],
  [/\btrousers\b/gi, 'pants'],
  [/\btrainers\b/gi, 'sneakers'],
  [/\bwellies\b/gi, 'rain boots'],
  [/\bwithout a lift\b/gi, 'without an elevator'],
  [/\bwashing-up liquid\b/gi, 'dish soap'],
  [/\bcar park\b/gi, 'parking garage'],
  [/\bqueue\b/gi, 'line'],
  [/\bthe tram\b/gi, 'the subway'],
  [/\bbicarbonate of soda\b/gi, 'baking soda'],
  [/\bon the hob\b/gi, 'on the stove'],
  [/\bfrom the loft\b/gi, 'from the attic'],
  [/\bshop floor\b/gi, 'sales floor'],
  [/\bbiscuits\b/gi, 'cookies'],
  [/\bcolours\b/gi, 'colors'],
  [/\bcolour\b/gi, 'color'],
  [/\bfavourite\b/gi, 'favorite'],
  [/\bjewellery\b/gi, 'jewelry'],
  [/\borganising\b/gi, 'organizing'],
  [/\bgrey\b/gi, 'gray'],
  [/\bcentre\b/gi, 'center'],
  [/\bBoxing Day\b/g, 'the day after Christmas'],
  [/\btumble dryer\b/gi, 'dryer'],
  [/\bring the store\b/gi, 'call the store'],
  [/\bfirst flat\b/gi, 'first apartment'],
  [/\b(our [A-Z][a-z]+) flat\b/g, '$1 apartment'],
  [/\b(instead of|rather than) posting\b/gi, '$1 mailing'],
  [/\ba terrace\b/gi, 'a row house'],
];
