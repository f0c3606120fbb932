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

/* ------------------------------------------------------------------------------------------ */
/* English posts                                                                              */
/* ------------------------------------------------------------------------------------------ */

const EN_SIZING: readonly PostTemplate[] = [
  {
    question: true, goods: 'fashion',
    titles: ['{Product}: size up or stay true to size?', 'How does the {product} fit?',
      'Between a {size} and a {size_up} in the {product}'],
    body: ['I am a {size} in most things but sometimes a {size_up} in tops. Eyeing the {product} '
      + 'in {colour}. Does {it} run large or small?',
    'Would love to hear from anyone who has tried {them} on.'],
  },
  {
    question: true, goods: 'fashion',
    titles: ['Tall with long arms: how long is the {product}?', 'Sleeve length on the {product}?'],
    body: ['I am 185 cm with long arms, so sleeves and hems are always the problem. For those of '
      + 'you on the taller side, how is the length on the {product}? I would normally take a '
      + '{size}.'],
  },
  {
    question: true, goods: 'fashion',
    titles: ['Will the {product} shrink in the wash?', 'Fit check: {product} after washing'],
    body: ['Ordered the {product} in a {size} last month. Fits lovely now, but I am nervous '
      + 'about shrinkage. What I know so far:',
    '- the label says 30 degrees',
    '- the fabric feels quite dense',
    '- I have about {days} days left to return {them}',
    'Has anyone had {them} go smaller?'],
  },
  {
    question: true, goods: 'fashion',
    titles: ['Petite fit for the {product}?', '{Product} on a petite frame?'],
    body: ['At 158 cm most things swamp me. Is the {product} cut generously, or could I get '
      + 'away with a {size} rather than my usual {size_up}?'],
  },
  {
    question: false, goods: 'fashion',
    titles: ['Sizing notes on the {product}, for anyone wondering',
      'Tried the {product} in two sizes: notes'],
    body: ['Tried the {size} and the {size_up} side by side at {store} today, so here goes:',
      '- **{size}**: neat on the shoulders, a little snug over a jumper',
      '- **{size_up}**: roomier, and the sleeves are about 2 cm longer',
      'I went with the {size_up} in {colour}. Hope this saves someone a return!'],
  },
  {
    question: true, goods: 'fashion',
    titles: ['Does the size guide match the {product}?', 'Size guide says {size_up}, reviews say '
      + '{size}. Help!'],
    body: ['Measured myself twice and the [size guide]({link}) puts me in a {size_up}, but '
      + 'several reviews say the {product} {is} generous. Who is right?'],
  },
];

const EN_STYLING: readonly PostTemplate[] = [
  {
    question: true, goods: 'fashion',
    titles: ['What to wear with a {colour} {product}?', 'Styling a {colour} {product}'],
    body: ['Bought the {product} in {colour} on a whim and now I am stuck. My wardrobe is mostly '
      + 'navy, grey and denim. Ideas for {occasion}?'],
  },
  {
    question: false, goods: 'fashion',
    titles: ['Outfit: the {product} for {occasion}', 'Wore my {colour} {product} for {occasion}'],
    body: ['Wore the {product} in {colour} for {occasion} and got three compliments before lunch.',
      '- a plain white tee underneath',
      '- a **cashmere scarf** for the evening chill',
      '- minimal jewellery, just small hoops',
      'Would you change anything?'],
  },
  {
    question: true, goods: 'fashion',
    titles: ['Help me style the {product} for the office', 'Is the {product} too casual for work?'],
    body: ['Our office has gone "smart casual" and I no longer know what that means. I have the '
      + '{product} in {colour}. Would {it} look too casual with loafers?'],
  },
  {
    question: false, goods: 'fashion',
    titles: ['Five ways I wear my {product}', 'One {product}, five outfits'],
    body: ['I get asked about this a lot, so here are my go-to combinations:',
      '- **weekend**: with straight jeans and trainers',
      '- **office**: under a blazer with cord trousers',
      '- **dinner**: with a satin skirt and boots',
      '- **travel**: layered under the trench',
      '- **rainy days**: with the waxed jacket and wellies',
      'The {colour} goes with almost everything, which is the whole point.'],
  },
  {
    question: true, goods: 'fashion',
    titles: ['Capsule wardrobe: is the {product} worth {price}?', 'Worth it? {Product} at {price}'],
    body: ['I am building a small autumn capsule and the {product} keeps coming up. {Price} is a '
      + 'stretch for me. If you own {them}, do you reach for {them} every week?'],
  },
];

const EN_HOME: readonly PostTemplate[] = [
  {
    question: false, goods: 'home',
    titles: ['Finally got the {product} in {colour}', 'The {product} has landed!'],
    body: ['Six weeks of deliberating and {it} {is} **perfect** in our {city} flat. Photos do not '
      + 'do the colour justice. Styled with trailing plants and a stack of old paperbacks.'],
  },
  {
    question: true, goods: 'home',
    titles: ['Will the {product} work in a north-facing room?', '{Colour} in a dark room?'],
    body: ['Our living room gets almost no direct sun. I love the {product} in {colour}, but I '
      + 'worry {it} will look flat. Anyone with a similar room?'],
  },
  {
    question: true, goods: 'home', families: ['wood', 'natural'],
    titles: ['Does the {product} go with darker wood?', 'Mixing woods: {product} and walnut?'],
    body: ['We have a walnut sideboard and dark floorboards. Thinking of adding the {product}. '
      + 'Will {it} clash, or is mixing fine if the tones are close?'],
  },
  {
    question: false, goods: 'home',
    titles: ['Before and after: our guest room refresh', 'Guest room makeover on a budget'],
    body: ['Budget was tight, so we kept the bed frame and painted the walls chalk white. New bits:',
      '- the **{product}** in {colour}',
      '- a second-hand mirror from a market in {city}',
      '- two cushions we rescued from the loft',
      'Total spend around {price}. Very happy with how it turned out.'],
  },
  {
    question: true, goods: 'home',
    titles: ['Is the {product} worth {price}?', '{Product}: quality check before I buy'],
    body: ['The {product} has been sitting in my basket for a week. Is the quality there for '
      + 'the price, or should I wait for a sale?'],
  },
  {
    question: true, goods: 'home', families: ['linen', 'ceramic', 'wood', 'iron'],
    titles: ['Hosting {occasion}: table ideas?', 'Setting the table for {occasion}'],
    body: ['First time hosting {occasion} and I want the table to feel special without buying a '
      + 'whole new set. I already have the {product} in {colour}. What would you add?'],
  },
];

const EN_CARE: readonly PostTemplate[] = [
  {
    question: true, goods: 'any',
    titles: ['Best way to clean the {product}?', 'First stain on my {product}. Help!'],
    body: ['My {product} has {its} first proper mark (red wine, of course). The care label is '
      + 'vague. What has worked for you?'],
  },
  {
    question: true, goods: 'any', families: ['wool', 'soft', 'cotton'],
    titles: ['Pilling on my {product} already', 'Is pilling normal on the {product}?'],
    body: ['Only had {them} a couple of months and there is pilling where it rubs. Is that '
      + 'normal, and is a fabric shaver safe to use?'],
  },
  {
    question: false, goods: 'fashion',
    titles: ['The repair café saved my {product}', 'Shout-out to the repair café at {store}'],
    body: ['Took my {product} to the repair café at {store} last weekend. A tiny hole and a '
      + 'loose seam, fixed in twenty minutes for free.',
    'The next dates are on [the events page]({link}). Cannot recommend it enough.'],
  },
  {
    question: true, goods: 'fashion', families: ['wool', 'outer', 'leather', 'delicate'],
    titles: ['How do you store the {product} over summer?', 'Storing the {product} between seasons'],
    body: ['Moths got to a jumper last year and I am not risking the {product}. Breathable bag, '
      + 'cedar blocks, vacuum bag? What do you all do?'],
  },
  {
    question: true, goods: 'home', families: ['wood', 'iron', 'ceramic', 'natural'],
    titles: ['Scratches on the {product}: can I fix them?', 'Marks on my {product} after moving'],
    body: ['There are a few light scratches on the {product} after moving house. Is there a safe '
      + 'way to buff them out, or do I learn to love them?'],
  },
  {
    question: false, goods: 'any',
    titles: ['My care routine for the {product}, three years in', 'How I keep my {product} going'],
    body: ['A few people asked how my {product} still looks new, so here is my routine:',
      '- **little and often**: a quick clean after use beats a big rescue later',
      '- follow the [care guide]({link}), not what you did with your last one',
      '- fix small things straight away',
      'That is honestly it.'],
  },
];

const EN_DELIVERY: readonly PostTemplate[] = [
  {
    question: true, goods: 'any',
    titles: ['Delivery estimate for the {product}?', 'Order stuck on "preparing"'],
    body: ['Ordered the {product} in {colour} on Monday and tracking has said "preparing" for '
      + '{days} days. Is that normal for this item?'],
  },
  {
    question: true, goods: 'any',
    titles: ['Click and collect at {store}: how quick?', 'Collecting from {store}'],
    body: ['I need the {product} by Friday. If I order for collection at {store} today, how long '
      + 'does it usually take to be ready?'],
  },
  {
    question: false, goods: 'any',
    titles: ['The courier left my parcel in the recycling bin', 'Creative parcel hiding spots'],
    body: ['Came home to find my {product} neatly tucked into the recycling bin. Box intact, '
      + 'luckily. Has anyone managed to set a safe place for deliveries in the app?'],
  },
  {
    question: true, goods: 'any',
    titles: ['Order arrived in two parts, {product} missing', 'Split delivery on one order?'],
    body: ['My order came in two parcels and the {product} is still missing. The app only shows '
      + 'one tracking number. Should I wait or contact customer care?'],
  },
  {
    question: true, goods: 'home', families: ['wood', 'natural'],
    titles: ['Furniture delivery: do they carry it upstairs?', 'Third floor, no lift: {product}'],
    body: ['We are on the third floor without a lift. Does the two-person delivery bring the '
      + '{product} up, or do they leave {them} at the door?'],
  },
];

const EN_RETURNS: readonly PostTemplate[] = [
  {
    question: true, goods: 'fashion',
    titles: ['Can I return the {product} without the tags?', 'Cut the tags too early...'],
    body: ['Tried it on at home, cut the tag too soon and then realised the {size} is too small. '
      + 'Completely unworn. Any chance of a return?'],
  },
  {
    question: true, goods: 'any',
    titles: ['Return an online order to {store}?', 'Online order, in-store return?'],
    body: ['Bought the {product} online. Can I take {them} back to {store} instead of posting '
      + '{them}? Would save me a trip to the post office.'],
  },
  {
    question: true, goods: 'any',
    titles: ['How long do refunds take?', 'Still waiting for my refund'],
    body: ['Sent the {product} back {days} days ago, tracking says delivered, but still no '
      + 'refund. How long did yours take?'],
  },
  {
    question: false, goods: 'fashion',
    titles: ['Exchange for a bigger size went smoothly', 'Size swap on the {product}: painless'],
    body: ['Quick shout-out: I swapped the {product} from a {size} to a {size_up} and the new one '
      + 'arrived two days later. No extra cost, no forms.'],
  },
  {
    question: true, goods: 'home', families: ['wood', 'natural'],
    titles: ['Returning a large item: how does collection work?', 'The {product} does not fit'],
    body: ['The {product} does not fit our space after all. How does collection work for bigger '
      + 'items, and is there a fee?'],
  },
];

const EN_DEALS: readonly PostTemplate[] = [
  {
    question: false, goods: 'any',
    titles: ['Heads up: {product} down to {price}', 'Price drop on the {colour} {product}'],
    body: ['Just spotted the {product} in {colour} reduced to {price}. Only a few left online, '
      + 'so be quick if you have been waiting.'],
  },
  {
    question: true, goods: 'any',
    titles: ['When is the next sale?', 'Winter sale dates?'],
    body: ['Has there been any word on the winter sale? Eyeing the {product} and would rather '
      + 'wait if it is close.'],
  },
  {
    question: false, goods: 'any',
    titles: ['New drop: the {colour} collection is live', 'The {colour} edit is out!'],
    body: ['The {colour} pieces are finally online. My picks:',
      '- **{product}** at {price}',
      '- the matching cushion covers',
      '- the linen napkins (sold out in an hour last time)',
      'Anyone else ordering?'],
  },
  {
    question: true, goods: 'any',
    titles: ['Price dropped a week after I bought. Refund the difference?',
      'Bought the {product} at full price, now reduced'],
    body: ['Bought the {product} at full price last week and today {it} {is} {price}. Does anyone '
      + 'know whether the difference is refunded?'],
  },
];

const EN_SUSTAINABILITY: readonly PostTemplate[] = [
  {
    question: true, goods: 'any',
    titles: ['Where is the {product} made?', 'Supply chain question about the {product}'],
    body: ['Trying to buy less and better. Does anyone know where the {product} is made and '
      + 'whether the factory is audited? The product page only says "responsibly sourced".'],
  },
  {
    question: false, goods: 'any',
    titles: ['Three years with my {product}', 'Long-term review: {product}'],
    body: ['Bought the {product} in {colour} three winters ago. {It} {is} still going strong '
      + 'after two small repairs and more washes than I can count. Buy once, buy well.'],
  },
  {
    question: true, goods: 'any',
    titles: ['Does the take-back scheme accept the {product}?', 'Take-back scheme: what happens?'],
    body: ['I have an old {product} that is beyond repair. Does the take-back point at {store} '
      + 'accept {them}, and what actually happens to things after?'],
  },
  {
    question: false, goods: 'any',
    titles: ['Packaging feedback', 'A very big box for one {product}'],
    body: ['Ordered a single {product} and it came in a box big enough for a chair, padded with '
      + 'paper. Paper beats plastic, but could we get smaller boxes?'],
  },
  {
    question: true, goods: 'fashion', families: ['linen', 'cotton'],
    titles: ['Is linen really greener than cotton?', 'Linen vs cotton: the honest version'],
    body: ['I keep reading that linen needs less water than cotton. Is that true for things like '
      + 'the {product}, or is it more complicated once dyeing and shipping are counted?'],
  },
];

const EN_IDEAS: readonly PostTemplate[] = [
  {
    question: false, goods: 'fashion',
    titles: ['Idea: a tall fit for the {product}', 'Please make a tall range'],
    body: ['Love the {product} but {it} {is} too short for those of us over 180 cm. A tall range, '
      + 'even just a few staples, would be brilliant. Who is with me?'],
  },
  {
    question: false, goods: 'any',
    titles: ['Please bring back {colour}', 'Bring back the {colour} {product}!'],
    body: ['The {product} in {colour} was the best thing you ever made. Any chance of a re-run? '
      + 'React if you would buy {them}.'],
  },
  {
    question: false, goods: 'fashion',
    titles: ['Suggestion: spare buttons and a repair card', 'Idea: repair kits with clothes'],
    body: ['It would be great if the {product} came with spare buttons and a small repair card. '
      + 'Even a link like [this guide]({link}) printed on the label would help.'],
  },
  {
    question: false, goods: 'fashion',
    titles: ['Feature request: save my sizes', 'Could my account remember my size?'],
    body: ['Could the app remember that I am a {size} in tops and a {size_up} in coats? It would '
      + 'make ordering the {product} (and everything else) much faster.'],
  },
  {
    question: false, goods: 'home',
    titles: ['Idea: swatches for the {product}', 'Fabric swatches, please'],
    body: ['Colours on screen never quite match real life. Could we order swatches for the '
      + '{product} before committing? I would happily pay a small fee that comes off the order.'],
  },
];

const EN_STORE: readonly PostTemplate[] = [
  {
    question: true, goods: 'any',
    titles: ['Anyone going to the {event} at {store}?', '{Event} this Saturday: worth it?'],
    body: ['Thinking of going on Saturday. Is it worth the trip from {city}, and do you need to '
      + 'book?'],
  },
  {
    question: false, goods: 'any',
    titles: ['Thank you to the team at {store}', 'Brilliant service at {store} today'],
    body: ['Popped in to find a {product} for {occasion} and the staff were lovely: they brought '
      + 'three options, found a {colour} one in the stockroom and did not rush me once.'],
  },
  {
    question: true, goods: 'any',
    titles: ['Is the {product} in stock at {store}?', 'Stock check at {store}, please?'],
    body: ['The website shows "limited stock" at {store}. Could someone check whether the {colour} '
      + 'one is on the shop floor? I would love to see {them} before buying.'],
  },
  {
    question: false, goods: 'any',
    titles: ['Photos from last night’s {event}', 'What a lovely {event}'],
    body: ['What an evening at {store}! Highlights:',
      '- a short talk on caring for linen and wool',
      '- spiced apple juice and shortbread',
      '- finally meeting half of this forum in person',
      'The next one is in {weeks} weeks. See you there?'],
  },
  {
    question: true, goods: 'any',
    titles: ['Parking near {store}?', 'Getting to {store} with a car'],
    body: ['Coming in from {city} to pick up a {product}. Is there parking close to {store}, or '
      + 'is public transport the better bet?'],
  },
];

const EN_PERKS: readonly PostTemplate[] = [
  {
    question: false, goods: 'any',
    titles: ['Early access: first look at the {colour} collection', 'Gold preview: {colour}'],
    body: ['Gold Circle members get 48 hours before everyone else. The {product} at {price} is my '
      + 'favourite so far. Share your picks below!'],
  },
  {
    question: true, goods: 'fashion',
    titles: ['Has anyone used the free alteration perk?', 'Free alterations: how quick?'],
    body: ['Gold members get one free alteration per order. Thinking of having the {product} '
      + 'taken up. Was it quick at {store}?'],
  },
  {
    question: false, goods: 'any',
    titles: ['Gold breakfast at {store}: who is in?', 'Breakfast before opening at {store}'],
    body: ['There is a small breakfast before opening on the last Saturday of the month: coffee, '
      + 'pastries and a preview of the {product}. Reply here if you are coming.'],
  },
  {
    question: true, goods: 'any',
    titles: ['Birthday voucher: what did you spend yours on?', 'How to use my birthday voucher?'],
    body: ['Mine arrived this morning. Torn between the {product} and a few things for the '
      + 'kitchen. Help me decide!'],
  },
];

const EN_AMBASSADOR: readonly PostTemplate[] = [
  {
    question: false, goods: 'any',
    titles: ['Brief: autumn content for the {product}', 'Sample brief: {product} in {colour}'],
    body: ['Samples of the {product} in {colour} ship to all ambassadors this week. A few notes:',
      '- honest reviews please, including anything you do not like',
      '- tag posts with #autumnathome',
      '- the embargo lifts on the 1st',
      'The full brief is [on the ambassador hub]({link}).'],
  },
  {
    question: true, goods: 'any',
    titles: ['Has everyone received their {product} sample?', 'Sample still on its way?'],
    body: ['Mine has not arrived yet and tracking is stuck in {city}. Is anyone else waiting?'],
  },
  {
    question: false, goods: 'any',
    titles: ['Planning the next {event} at {store}', 'Ideas for the next {event}'],
    body: ['We are planning the next {event} at {store}. What worked last time, and what should '
      + 'we change? Numbers, timing and snacks all welcome.'],
  },
  {
    question: true, goods: 'fashion',
    titles: ['How do you answer sizing questions you cannot test?',
      'Members asking about sizes I have not tried'],
    body: ['I keep getting asked about the {product} in sizes I have not tried. Do you point '
      + 'people to the size guide, or tag someone who has worn {them}?'],
  },
  {
    question: false, goods: 'any',
    titles: ['Monthly round-up: top member questions', 'What members asked us this month'],
    body: ['Most asked this month:',
      '- sizing on the {product}',
      '- delivery times to {city}',
      '- caring for wool and linen',
      'Shall we turn these into a short FAQ?'],
  },
];

/* ------------------------------------------------------------------------------------------ */
/* German posts                                                                               */
/* ------------------------------------------------------------------------------------------ */

const DE_SIZING: readonly PostTemplate[] = [
  {
    question: true, goods: 'fashion',
    titles: ['{Der_produkt}: eine Größe größer nehmen?', 'Wie fällt {der_produkt} aus?'],
    body: ['Ich trage normalerweise {size}, bei Oberteilen manchmal {size_up}. Ich überlege, '
      + '{den_produkt} in {colour} zu bestellen. {Faellt} {er} eher groß oder klein aus?'],
  },
  {
    question: true, goods: 'fashion',
    titles: ['Ärmellänge bei {dem_produkt}?', 'Lange Arme und {der_produkt}'],
    body: ['Ich bin 186 cm groß und die Ärmel sind immer das Problem. Wie ist die Länge bei '
      + '{dem_produkt}? Sonst nehme ich {size}.'],
  },
  {
    question: false, goods: 'fashion',
    titles: ['Größenvergleich {produkt}: {size} und {size_up}', 'Anprobe-Notizen zu {dem_produkt}'],
    body: ['Ich habe heute in {store} beide Größen anprobiert, hier meine Notizen:',
      '- **{size}**: sitzt gut an den Schultern, mit Pullover darunter etwas eng',
      '- **{size_up}**: mehr Luft, und die Ärmel sind etwa 2 cm länger',
      'Ich habe mich für {size_up} in {colour} entschieden. Vielleicht hilft das jemandem!'],
  },
  {
    question: true, goods: 'fashion',
    titles: ['Läuft {der_produkt} beim Waschen ein?', 'Einlaufen nach der Wäsche?'],
    body: ['Ich habe {den_produkt} in {size} gekauft und die Passform ist gerade perfekt. Die '
      + 'Pflegeanleitung sagt 30 Grad. Hat jemand Erfahrung, ob das Material beim Waschen '
      + 'einläuft?'],
  },
];

const DE_STYLING: readonly PostTemplate[] = [
  {
    question: true, goods: 'fashion',
    titles: ['Was tragt ihr zu {dem_produkt} in {colour}?', 'Kombi-Ideen für {den_produkt}?'],
    body: ['Spontan gekauft, und jetzt stehe ich ratlos vor dem Schrank. Ich habe vor allem '
      + 'Blau, Grau und Jeans. Habt ihr Ideen für {occasion}?'],
  },
  {
    question: false, goods: 'fashion',
    titles: ['Outfit für {occasion}', 'Mein Look mit {dem_produkt}'],
    body: ['Ich habe {den_produkt} in {colour} für {occasion} getragen und es gab gleich drei '
      + 'Komplimente.',
    '- dazu ein schlichtes weißes Shirt',
    '- ein **Kaschmirschal** für den Abend',
    '- wenig Schmuck, nur kleine Creolen',
    'Würdet ihr etwas ändern?'],
  },
  {
    question: true, goods: 'fashion',
    titles: ['Ist {der_produkt} für {price} die Investition wert?', '{Produkt} für {price}?'],
    body: ['Ich baue mir gerade eine kleine Herbstgarderobe auf und {der_produkt} steht ganz oben '
      + 'auf der Liste. Wer {ihn} hat: Tragt ihr {ihn} wirklich jede Woche?'],
  },
];

const DE_HOME: readonly PostTemplate[] = [
  {
    question: false, goods: 'home',
    titles: ['{Der_produkt} ist endlich da', 'Neu bei uns: {der_produkt} in {colour}'],
    body: ['Lange überlegt, und die Farbe {colour} ist genau richtig für unsere Altbauwohnung in '
      + '{city}. Die Qualität ist **richtig gut** und die Verarbeitung sauber.'],
  },
  {
    question: true, goods: 'home',
    titles: ['Passt {der_produkt} in ein dunkles Zimmer?', '{Colour} im Nordzimmer?'],
    body: ['Unser Wohnzimmer liegt nach Norden und bekommt kaum Sonne. Ich mag {den_produkt} in '
      + '{colour}, habe aber Angst, dass die Farbe dort flach wirkt. Hat jemand einen ähnlichen '
      + 'Raum?'],
  },
  {
    question: false, goods: 'home',
    titles: ['Vorher und nachher: unser Gästezimmer', 'Gästezimmer mit kleinem Budget'],
    body: ['Das Budget war knapp, also haben wir das Bett behalten und die Wände weiß gestrichen. '
      + 'Neu dazu:',
    '- **{Der_produkt}** in {colour}',
    '- ein alter Spiegel vom Flohmarkt in {city}',
    '- zwei Kissen aus dem Keller',
    'Insgesamt etwa {price}, und wir sind sehr zufrieden.'],
  },
  {
    question: true, goods: 'home',
    titles: ['Lohnt sich {der_produkt} für {price}?', 'Qualität von {dem_produkt}?'],
    body: ['{Der_produkt} liegt seit einer Woche in meinem Warenkorb. Ist die Qualität den Preis '
      + 'wert, oder warte ich lieber auf den Sale?'],
  },
];

const DE_CARE: readonly PostTemplate[] = [
  {
    question: true, goods: 'any',
    titles: ['Wie reinigt ihr {den_produkt}?', 'Erster Fleck auf {dem_produkt}'],
    body: ['Das Etikett ist nicht eindeutig und ich möchte nichts ruinieren. {Der_produkt} hat '
      + 'den ersten Fleck (Rotwein, natürlich). Was ist eure Routine?'],
  },
  {
    question: false, goods: 'fashion',
    titles: ['Das Reparatur-Café hat {den_produkt} gerettet', 'Danke an das Reparatur-Café'],
    body: ['Ich war am Wochenende beim Reparatur-Café in {store}. Ein kleines Loch und eine offene '
      + 'Naht, in zwanzig Minuten kostenlos repariert.',
    'Die nächsten Termine stehen [auf der Veranstaltungsseite]({link}).'],
  },
  {
    question: true, goods: 'home', families: ['wood', 'iron', 'ceramic', 'natural'],
    titles: ['Kratzer auf {dem_produkt}: was tun?', 'Macken nach dem Umzug'],
    body: ['Nach dem Umzug hat {der_produkt} ein paar feine Kratzer. Gibt es eine sichere '
      + 'Methode, die zu entfernen, oder muss ich damit leben?'],
  },
  {
    question: true, goods: 'any', families: ['wool', 'soft', 'cotton'],
    titles: ['Knötchen auf {dem_produkt}', 'Ist Pilling normal?'],
    body: ['Nach zwei Monaten bilden sich schon Knötchen. Ist das normal, und darf ich einen '
      + 'Fusselrasierer benutzen?'],
  },
];

const DE_DELIVERY: readonly PostTemplate[] = [
  {
    question: true, goods: 'any',
    titles: ['Lieferzeit für {den_produkt}?', 'Bestellung hängt bei "in Vorbereitung"'],
    body: ['Am Montag bestellt, und die Sendungsverfolgung zeigt seit {days} Tagen "in '
      + 'Vorbereitung". Ist das bei diesem Artikel normal?'],
  },
  {
    question: true, goods: 'any',
    titles: ['Click & Collect in {store}: wie schnell?', 'Abholung in {store}'],
    body: ['Ich brauche {den_produkt} bis Freitag. Wer hat schon mal in {store} abgeholt, und '
      + 'wie schnell ging das?'],
  },
  {
    question: false, goods: 'any',
    titles: ['Paket beim Nachbarn im vierten Stock', 'Ablageort für Pakete?'],
    body: ['Der Paketbote hat {den_produkt} beim Nachbarn ganz oben abgegeben, obwohl ich zu '
      + 'Hause war. Kann man irgendwo einen Ablageort hinterlegen?'],
  },
];

const DE_RETURNS: readonly PostTemplate[] = [
  {
    question: true, goods: 'fashion',
    titles: ['Rücksendung ohne Etikett möglich?', 'Etikett zu früh abgeschnitten'],
    body: ['Ich habe das Etikett zu früh abgeschnitten und erst dann gemerkt, dass {size} zu '
      + 'klein ist. {Der_produkt} ist ungetragen. Nimmt man das trotzdem zurück?'],
  },
  {
    question: true, goods: 'any',
    titles: ['Online gekauft, im Laden zurückgeben?', 'Rückgabe in {store}?'],
    body: ['Kann ich {den_produkt} in {store} zurückgeben, statt alles zur Post zu bringen?'],
  },
  {
    question: true, goods: 'any',
    titles: ['Wie lange dauert die Erstattung?', 'Warte noch auf mein Geld'],
    body: ['Ich habe {den_produkt} vor {days} Tagen zurückgeschickt, laut Sendungsverfolgung ist '
      + 'das Paket angekommen, aber das Geld ist noch nicht da. Wie lange hat es bei euch '
      + 'gedauert?'],
  },
];

const DE_DEALS: readonly PostTemplate[] = [
  {
    question: false, goods: 'any',
    titles: ['Tipp: {der_produkt} gerade für {price}', '{Produkt} reduziert!'],
    body: ['Eben gesehen: {der_produkt} in {colour} ist auf {price} reduziert. Online gibt es nur '
      + 'noch wenige Stück.'],
  },
  {
    question: true, goods: 'any',
    titles: ['Wann kommt der nächste Sale?', 'Winterschlussverkauf schon bekannt?'],
    body: ['Weiß jemand, wann der Winterschlussverkauf startet? Ich schiele auf {den_produkt} und '
      + 'würde lieber warten, wenn es nicht mehr lange dauert.'],
  },
  {
    question: false, goods: 'any',
    titles: ['Neue Kollektion in {colour} ist online', 'Die {colour}-Teile sind da'],
    body: ['Die neuen Teile in {colour} sind endlich da. Meine Favoriten:',
      '- **{Der_produkt}** für {price}',
      '- die passenden Kissenhüllen',
      '- die Leinenservietten (letztes Mal in einer Stunde ausverkauft)',
      'Bestellt noch jemand?'],
  },
];

const DE_SUSTAINABILITY: readonly PostTemplate[] = [
  {
    question: true, goods: 'any',
    titles: ['Wo wird {der_produkt} hergestellt?', 'Frage zur Lieferkette'],
    body: ['Ich versuche, weniger und bewusster zu kaufen. Weiß jemand, wo {der_produkt} '
      + 'produziert wird und ob die Fabrik geprüft ist? Auf der Produktseite steht nur '
      + '"verantwortungsvoll beschafft".'],
  },
  {
    question: false, goods: 'any',
    titles: ['Drei Jahre mit {dem_produkt}', 'Langzeittest: {produkt}'],
    body: ['Vor drei Wintern gekauft, zweimal repariert, und {der_produkt} ist immer noch '
      + 'täglich im Einsatz. Qualität zahlt sich eben aus.'],
  },
  {
    question: false, goods: 'any',
    titles: ['Feedback zur Verpackung', 'Riesiger Karton für eine Bestellung'],
    body: ['Ich habe nur {den_produkt} bestellt, und die Lieferung kam in einem Karton, in den ein '
      + 'Sessel gepasst hätte. Papier ist besser als Plastik, aber es geht auch kleiner, oder?'],
  },
];

const DE_IDEAS: readonly PostTemplate[] = [
  {
    question: false, goods: 'fashion',
    titles: ['Idee: {der_produkt} in Langgrößen', 'Bitte eine Linie für große Menschen'],
    body: ['Ich liebe {den_produkt}, aber für alle über 1,80 m ist die Länge zu kurz. Eine kleine '
      + 'Auswahl in Langgrößen wäre toll. Wer ist dabei?'],
  },
  {
    question: false, goods: 'any',
    titles: ['Bitte {colour} zurückbringen!', 'Neuauflage in {colour}?'],
    body: ['{Der_produkt} in {colour} war das Beste, was es je gab. Gibt es eine Chance auf eine '
      + 'Neuauflage?'],
  },
  {
    question: false, goods: 'fashion',
    titles: ['Vorschlag: Ersatzknöpfe und Reparatur-Sets', 'Idee: Reparaturkarte beilegen'],
    body: ['Es wäre super, wenn es zu {dem_produkt} Ersatzknöpfe und eine kurze Anleitung gäbe, '
      + 'zum Beispiel [so eine]({link}).'],
  },
];

const DE_STORE: readonly PostTemplate[] = [
  {
    question: true, goods: 'any',
    titles: ['Wer kommt zum {event} in {store}?', '{Event} am Samstag: lohnt sich das?'],
    body: ['Ich überlege, am Samstag hinzugehen. Lohnt sich die Fahrt aus {city}, und muss man '
      + 'sich anmelden?'],
  },
  {
    question: false, goods: 'any',
    titles: ['Danke an das Team in {store}', 'Tolle Beratung in {store}'],
    body: ['Ich war auf der Suche nach {dem_produkt} für {occasion} und wurde super beraten: drei '
      + 'Varianten zum Vergleichen, eine in {colour} aus dem Lager und kein bisschen Hektik.'],
  },
  {
    question: true, goods: 'any',
    titles: ['Ist {der_produkt} in {store} vorrätig?', 'Kann jemand in {store} nachsehen?'],
    body: ['Online steht "nur noch wenige verfügbar". Könnte jemand nachsehen, ob die Variante in '
      + '{colour} im Laden ist? Ich würde sie gern vor dem Kauf sehen.'],
  },
  {
    question: false, goods: 'any',
    titles: ['Rückblick: {event} in {store}', 'Schön war es beim {event}'],
    body: ['Was für ein schöner Abend in {store}! Meine Highlights:',
      '- ein kurzer Vortrag über die Pflege von Leinen und Wolle',
      '- Apfelpunsch und Kekse',
      '- endlich die Leute aus dem Forum persönlich treffen',
      'Der nächste Termin ist in {weeks} Wochen.'],
  },
];

const DE_PERKS: readonly PostTemplate[] = [
  {
    question: false, goods: 'any',
    titles: ['Vorabzugang: die {colour}-Kollektion', 'Gold-Vorschau: {colour}'],
    body: ['Gold-Mitglieder sehen die neuen Teile 48 Stunden früher. Mein Favorit ist '
      + '{der_produkt} für {price}. Was sind eure?'],
  },
  {
    question: true, goods: 'fashion',
    titles: ['Hat jemand die kostenlose Änderung genutzt?', 'Änderungsservice für Gold'],
    body: ['Als Gold-Mitglied hat man eine kostenlose Änderung pro Bestellung. Ich möchte '
      + '{den_produkt} kürzen lassen. Ging das in {store} schnell?'],
  },
  {
    question: true, goods: 'any',
    titles: ['Geburtstagsgutschein: wofür habt ihr ihn ausgegeben?', 'Gutschein ist da!'],
    body: ['Meiner kam heute Morgen. Ich schwanke zwischen {dem_produkt} und ein paar Sachen für '
      + 'die Küche.'],
  },
];

const DE_AMBASSADOR: readonly PostTemplate[] = [
  {
    question: false, goods: 'any',
    titles: ['Briefing: Herbst-Content zu {dem_produkt}', 'Muster-Briefing: {produkt}'],
    body: ['Diese Woche gehen die Muster von {dem_produkt} in {colour} an alle Botschafterinnen '
      + 'und Botschafter raus. Kurz das Wichtigste:',
    '- ehrliche Bewertungen, auch was euch nicht gefällt',
    '- Beiträge bitte mit #herbstzuhause markieren',
    '- die Sperrfrist endet am Monatsersten',
    'Das komplette Briefing ist [im Botschafter-Bereich]({link}).'],
  },
  {
    question: true, goods: 'any',
    titles: ['Ist euer Muster schon angekommen?', 'Warten auf das Musterpaket'],
    body: ['Mein Paket mit {dem_produkt} hängt seit Tagen in {city} fest. Wartet noch jemand?'],
  },
  {
    question: false, goods: 'any',
    titles: ['Planung: {event} in {store}', 'Ideen für den nächsten Termin in {store}'],
    body: ['Wir planen den nächsten Termin in {store}. Was hat beim letzten {event} gut '
      + 'funktioniert, und was sollten wir ändern?'],
  },
];

/** Post templates by language and theme. */
export const POSTS: TemplateBook<PostTemplate> = {
  en: {
    sizing: EN_SIZING, styling: EN_STYLING, home: EN_HOME, care: EN_CARE,
    delivery: EN_DELIVERY, returns: EN_RETURNS, deals: EN_DEALS,
    sustainability: EN_SUSTAINABILITY, ideas: EN_IDEAS, store: EN_STORE, perks: EN_PERKS,
    ambassador: EN_AMBASSADOR,
  },
  de: {
    sizing: DE_SIZING, styling: DE_STYLING, home: DE_HOME, care: DE_CARE,
    delivery: DE_DELIVERY, returns: DE_RETURNS, deals: DE_DEALS,
    sustainability: DE_SUSTAINABILITY, ideas: DE_IDEAS, store: DE_STORE, perks: DE_PERKS,
    ambassador: DE_AMBASSADOR,
  },
};

/* ------------------------------------------------------------------------------------------ */
/* English answers                                                                            */
/* ------------------------------------------------------------------------------------------ */

const EN_ANSWERS_SIZING: readonly Answer[] = [
  'I went with my usual {size} and there is room for a jumper underneath. True to size for me.',
  'Size down if you like a neat fit. I am normally a {size_up} and the {size} fits better.',
  'I am 5 ft 10 and the {size_up} was right on the arms. The {size} pulled across the back.',
  'Mine has not shrunk at all after six washes at 30 degrees, dried flat. Go with your usual.',
  'The size guide is spot on if you measure over a thin top. I did, and it said {size}.',
  'Both sizes are in stock at {store} if you can get there. Trying on saved me a return.',
  'Generous in the body, normal in the sleeves. I would stay with a {size}.',
  'I had the same dilemma and went {size_up}. No regrets, it layers much better in winter.',
];

const EN_ANSWERS_STYLING: readonly Answer[] = [
  'Ecru and camel both look great with {colour}. Keep the rest simple and let it do the work.',
  'Try it with dark denim and white trainers for weekends, and tailored trousers for work.',
  'For {occasion} I would add one texture, like a chunky knit or a leather belt, and stop there.',
  'Loafers are absolutely fine. Add a crisp shirt and nobody will call it casual.',
  'I wear mine at least twice a week. Cost per wear is already under a pound.',
  'Honestly, grey is your friend here. A charcoal knit and {colour} is a classic pairing.',
  '**Tonal** outfits work well with it: different shades of {colour} and cream.',
];

const EN_ANSWERS_HOME: readonly Answer[] = [
  'That {colour} is lovely. In a north-facing room warm bulbs (2700 K) help a lot.',
  'Go for it. Mixing woods works if you repeat each tone at least twice in the room.',
  'We have had ours for two years and the quality is excellent. Worth it, even at full price.',
  'I waited for the sale last year and the {colour} sold out. Would not risk it again.',
  'Add linen napkins and a few candles and you are done. Mismatched is charming, honestly.',
  'Looks brilliant! Where is the mirror from? The market in {city} is always worth a visit.',
  'If you can, see it in daylight at {store}. The {colour} is warmer in person than online.',
];

const EN_ANSWERS_CARE: readonly Answer[] = [
  { only: ['wool'], text: 'Cool hand wash with wool detergent, roll in a towel, dry flat. '
    + 'Mine still looks new after a year.' },
  { only: ['wool', 'soft', 'cotton'], text: 'A little pilling at first is normal. A fabric '
    + 'comb is gentler than an electric shaver.' },
  { only: ['linen'], text: 'Linen loves a 40-degree wash and hates the tumble dryer. Hang it '
    + 'while damp and the creases mostly fall out.' },
  { only: ['leather'], text: 'Brush off the dirt, then a thin layer of conditioner once a month. '
    + 'For suede use a suede brush and a rubber, never water.' },
  { only: ['delicate'], text: 'Cold wash on the delicates cycle in a mesh bag. For wine, blot '
    + 'with cold water straight away, never rub.' },
  { only: ['outer'], text: 'Sponge clean rather than washing the whole thing. Re-proof once a '
    + 'season and it keeps out the rain.' },
  { only: ['wood'], text: 'Light scratches come out with a little hard wax oil and a soft '
    + 'cloth. Work with the grain and test underneath first.' },
  { only: ['iron'], text: 'Warm water and a soft brush, no dishwasher. Dry it on the hob and '
    + 'rub in a few drops of oil. It only gets better.' },
  { only: ['ceramic'], text: 'A paste of bicarbonate of soda lifts the grey cutlery marks. It '
    + 'is a glaze mark, not a scratch, so it comes off.' },
  { only: ['natural'], text: 'Vacuum with the brush head and wipe with a barely damp cloth. '
    + 'Keep it out of direct sun or it fades unevenly.' },
  { only: ['soft'], text: 'Wash at 40 with half the usual detergent and skip the softener; it '
    + 'stays fluffier for longer.' },
  'The repair café at {store} will look at it for free. Ask for the seamstress, she is a wizard.',
  'The [care guide]({link}) is surprisingly detailed. It covers exactly this.',
  'Customer care sent me a care card when I asked. Worth an email.',
];

const EN_ANSWERS_DELIVERY: readonly Answer[] = [
  'Bigger items ship from a different warehouse, so {days} days on "preparing" is normal.',
  'Click and collect at {store} took two days for me. You get a text when it is ready.',
  'You can set a safe place under Account, then Delivery preferences. Saved me twice.',
  'Split orders get a second tracking email once the other parcel leaves. Mine came a day later.',
  'The two-person team brought ours up four flights. Just mention the stairs in the order notes.',
  'Customer care on the chat replied within ten minutes when mine was stuck.',
];

const EN_ANSWERS_RETURNS: readonly Answer[] = [
  'If it is unworn they usually accept it. Bring the tag and the receipt to {store}.',
  'Yes, online orders can go back to any store. The refund went back to my card the same day.',
  'Refunds took five working days for me after the parcel arrived.',
  'Large items get collected for free within the 30-day window; book it in your account.',
  'Exchanges are free and quicker than returning and reordering. Good luck!',
  'Returned mine last month with no fuss. The QR code in the app means no printing.',
];

const EN_ANSWERS_DEALS: readonly Answer[] = [
  'Thanks for the heads-up! Just ordered the {colour} one.',
  'The winter sale usually starts on Boxing Day online and a day later in stores.',
  'They refunded the difference when I asked within 14 days. Worth a try.',
  'Missed it last time, not making that mistake again. Basket checked out.',
  'Gold members get sale access a day early, if you are one.',
  'Sold out in my size already. Setting an alert for a restock.',
];

const EN_ANSWERS_SUSTAINABILITY: readonly Answer[] = [
  'The [supplier list]({link}) names the factory for each product. Mine was made in Portugal.',
  'The take-back scheme sorts things for resale, repair or fibre recycling.',
  'Agree on the packaging. I mentioned it to customer care and they said smaller boxes are coming.',
  'Buying less and caring more is the greenest option, whatever the fibre.',
  'Linen does need less water to grow, but dyeing matters too. Undyed is the best of both.',
  'Mine is on year five. Repairs are the most sustainable thing we can do.',
];

const EN_ANSWERS_IDEAS: readonly Answer[] = [
  'Yes please! I would buy two in {colour} tomorrow.',
  '+1 from me. I am 188 cm and always give up on trousers.',
  'Swatches would save so many returns. Great idea.',
  'Spare buttons come with the coats already; would love that for the knits as well.',
  'Passing this on to the product team. Keep the reactions coming, they do read them.',
  'Saved sizes per category would be brilliant. Same request here.',
];

const EN_ANSWERS_STORE: readonly Answer[] = [
  'Went last time and the team at {store} were brilliant. Book early, it fills up.',
  'It is free but you need to register on the events page. Bring a friend!',
  'Just checked: two {colour} ones on the floor this morning.',
  'There is a car park five minutes away, but the tram is easier on a Saturday.',
  'See you there! I will be the one by the biscuits.',
  'The staff at {store} are the best. They remembered my size from last time.',
];

const EN_ANSWERS_PERKS: readonly Answer[] = [
  'Used the alteration perk last month. Ready in a week and perfectly done.',
  'My pick from the preview is the {product}. Already in my basket.',
  'Count me in for the breakfast!',
  'Spent my voucher on kitchen bits in the end. No regrets.',
  'The early access is the best perk. My size is always still there.',
];

const EN_ANSWERS_AMBASSADOR: readonly Answer[] = [
  'Sample arrived today, thank you! First impressions: lovely weight, and the {colour} is spot on.',
  'I always tag someone who owns it. An honest answer beats a guess.',
  'Still waiting on mine too; tracking says {city}.',
  'Last time the short talk worked well. Maybe a Q&A corner for sizing?',
  'Happy to draft the FAQ. I will start a doc and share it here.',
  'Great round-up. Can we add a section on delivery to the islands?',
];

/* ------------------------------------------------------------------------------------------ */
/* German answers                                                                             */
/* ------------------------------------------------------------------------------------------ */

const DE_ANSWERS_SIZING: readonly Answer[] = [
  'Ich habe meine normale Größe {size} genommen und die Passform ist gut, auch mit Pullover.',
  'Eher eine Nummer kleiner nehmen. Ich trage sonst {size_up} und die {size} sitzt besser.',
  'Bei mir ist nach sechs Wäschen bei 30 Grad nichts eingelaufen. Liegend trocknen!',
  'Die Größentabelle stimmt, wenn man über einem dünnen Shirt misst.',
  'In {store} sind beide Größen da. Anprobieren spart die Rücksendung.',
];

const DE_ANSWERS_STYLING: readonly Answer[] = [
  'Ecru und Camel passen super zu {colour}. Der Rest darf ruhig schlicht sein.',
  'Zu dunkler Jeans und weißen Sneakern am Wochenende, und zur Stoffhose im Büro.',
  'Ich trage meinen mindestens zweimal die Woche. Das hat sich längst gelohnt.',
  'Ton in Ton ist eine schöne Idee: verschiedene Nuancen von {colour} und Creme.',
];

const DE_ANSWERS_HOME: readonly Answer[] = [
  'Die Farbe {colour} ist wirklich schön und passt gut zu Holz.',
  'Im Nordzimmer helfen warmweiße Leuchtmittel (2700 K) sehr.',
  'Wir haben das seit zwei Jahren und die Qualität ist top. Lohnt sich auch zum vollen Preis.',
  'Sieht toll aus! Der Flohmarkt in {city} ist immer einen Besuch wert.',
  'Schau es dir in {store} bei Tageslicht an, die Farbe ist in echt wärmer als online.',
];

const DE_ANSWERS_CARE: readonly Answer[] = [
  { only: ['wool'], text: 'Kalt von Hand mit Wollwaschmittel, in einem Handtuch ausdrücken und '
    + 'liegend trocknen. Das ist bei mir die beste Lösung.' },
  { only: ['linen'], text: 'Leinen mag 40 Grad und hasst den Trockner. Feucht aufhängen, dann '
    + 'verschwinden die meisten Falten.' },
  { only: ['leather'], text: 'Erst ausbürsten, dann einmal im Monat dünn eincremen. Bei '
    + 'Wildleder nur Bürste und Radiergummi, kein Wasser.' },
  { only: ['wood'], text: 'Feine Kratzer gehen mit etwas Hartwachsöl und einem weichen Tuch raus. '
    + 'Immer in Faserrichtung arbeiten.' },
  { only: ['iron'], text: 'Warmes Wasser und eine weiche Bürste, keine Spülmaschine. Danach auf '
    + 'dem Herd trocknen und dünn einölen.' },
  { only: ['wool', 'soft', 'cotton'], text: 'Ein bisschen Pilling am Anfang ist normal. Ein '
    + 'Fusselkamm ist schonender als ein Rasierer.' },
  'Das Reparatur-Café in {store} schaut sich das kostenlos an. Die Schneiderin ist großartig.',
  'Die [Pflegeanleitung]({link}) ist erstaunlich ausführlich und erklärt genau das.',
];

const DE_ANSWERS_DELIVERY: readonly Answer[] = [
  'Größere Artikel kommen aus einem anderen Lager, {days} Tage "in Vorbereitung" ist normal.',
  'Click & Collect in {store} hat bei mir zwei Tage gedauert. Man bekommt eine SMS.',
  'Im Konto unter Lieferoptionen kann man einen Ablageort angeben. Hat bei mir geklappt.',
  'Der Kundenservice im Chat hat bei mir in zehn Minuten geantwortet.',
];

const DE_ANSWERS_RETURNS: readonly Answer[] = [
  'Wenn es ungetragen ist, nehmen sie es meistens zurück. Etikett und Beleg mitbringen.',
  'Ja, Online-Bestellungen kann man in jedem Laden zurückgeben. Das Geld war sofort da.',
  'Bei mir hat die Erstattung fünf Werktage gedauert, nachdem das Paket angekommen war.',
  'Umtausch ist kostenlos und geht schneller als zurückschicken und neu bestellen.',
];

const DE_ANSWERS_DEALS: readonly Answer[] = [
  'Danke für den Tipp! Habe gerade die Variante in {colour} bestellt.',
  'Der Sale startet online meistens am zweiten Weihnachtstag.',
  'Innerhalb von 14 Tagen erstatten sie die Differenz, einfach nachfragen.',
  'In meiner Größe schon ausverkauft. Ich habe mir eine Benachrichtigung gesetzt.',
];

const DE_ANSWERS_SUSTAINABILITY: readonly Answer[] = [
  'In der [Lieferantenliste]({link}) steht die Fabrik für jedes Produkt.',
  'Die Rücknahme sortiert die Sachen für Wiederverkauf, Reparatur oder Recycling.',
  'Weniger kaufen und besser pflegen ist die nachhaltigste Lösung, egal welche Faser.',
  'Stimme zu, die Kartons sind oft viel zu groß. Ich habe das dem Kundenservice geschrieben.',
];

const DE_ANSWERS_IDEAS: readonly Answer[] = [
  'Unbedingt! Ich würde sofort zwei in {colour} kaufen.',
  '+1 von mir. Bei 1,88 m gebe ich bei Hosen immer auf.',
  'Stoffmuster würden so viele Rücksendungen sparen. Gute Idee!',
  'Ich gebe das an das Produktteam weiter. Die Reaktionen hier werden gelesen.',
];

const DE_ANSWERS_STORE: readonly Answer[] = [
  'Ich war letztes Mal dort und die Beratung ist klasse. Früh anmelden, es wird schnell voll!',
  'Die Teilnahme ist kostenlos, aber man muss sich auf der Veranstaltungsseite anmelden.',
  'Habe gerade nachgesehen: zwei in {colour} sind im Laden.',
  'Mit der S-Bahn ist es am Samstag viel entspannter als mit dem Auto.',
];

const DE_ANSWERS_PERKS: readonly Answer[] = [
  'Ich habe den Änderungsservice letzten Monat genutzt. Nach einer Woche fertig und perfekt.',
  'Mein Favorit aus der Vorschau ist auch {der_produkt}. Liegt schon im Warenkorb.',
  'Der Vorabzugang ist das beste Extra. Meine Größe ist immer noch da.',
];

const DE_ANSWERS_AMBASSADOR: readonly Answer[] = [
  'Muster ist heute angekommen, danke! Schönes Gewicht, und die Farbe {colour} stimmt genau.',
  'Ich markiere immer jemanden, der das Teil hat. Eine ehrliche Antwort ist besser als Raten.',
  'Meins hängt auch noch in {city} fest.',
  'Beim letzten Mal kam der kurze Vortrag gut an. Vielleicht noch eine Ecke für Größenfragen?',
];

/** Top-level comments by language and theme. */
export const ANSWERS: TemplateBook<Answer> = {
  en: {
    sizing: EN_ANSWERS_SIZING, styling: EN_ANSWERS_STYLING, home: EN_ANSWERS_HOME,
    care: EN_ANSWERS_CARE, delivery: EN_ANSWERS_DELIVERY, returns: EN_ANSWERS_RETURNS,
    deals: EN_ANSWERS_DEALS, sustainability: EN_ANSWERS_SUSTAINABILITY, ideas: EN_ANSWERS_IDEAS,
    store: EN_ANSWERS_STORE, perks: EN_ANSWERS_PERKS, ambassador: EN_ANSWERS_AMBASSADOR,
  },
  de: {
    sizing: DE_ANSWERS_SIZING, styling: DE_ANSWERS_STYLING, home: DE_ANSWERS_HOME,
    care: DE_ANSWERS_CARE, delivery: DE_ANSWERS_DELIVERY, returns: DE_ANSWERS_RETURNS,
    deals: DE_ANSWERS_DEALS, sustainability: DE_ANSWERS_SUSTAINABILITY, ideas: DE_ANSWERS_IDEAS,
    store: DE_ANSWERS_STORE, perks: DE_ANSWERS_PERKS, ambassador: DE_ANSWERS_AMBASSADOR,
  },
};

/* ------------------------------------------------------------------------------------------ */
/* Conversation                                                                               */
/* ------------------------------------------------------------------------------------------ */

/** Replies to another comment; `{mention}` is that comment's author, `{name}` a first name. */
export const REPLIES: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    '@{mention} thanks, that is really helpful.',
    'Same experience here, @{mention}.',
    '@{mention} did you size up in the end, or stay with your usual?',
    'Good shout, {name}. I had not thought of that.',
    '@{mention} where did you get yours? Online or in store?',
    'Seconding what {name} said, especially the bit about washing.',
    '@{mention} how has it held up after a few months?',
    'Ha, {name}, I did exactly the same thing last winter.',
    '@{mention} do you have a photo? Would love to see it.',
    'Thanks {name}! Ordered it this morning.',
  ],
  de: [
    'Danke @{mention}, das hilft mir sehr.',
    '@{mention} das ist bei mir genauso.',
    '@{mention} hast du am Ende eine Größe größer genommen?',
    'Guter Hinweis, {name}. Daran hatte ich gar nicht gedacht.',
    '@{mention} hast du online oder im Laden gekauft?',
    'Kann ich nur bestätigen, was {name} schreibt.',
    '@{mention} wie sieht es nach ein paar Monaten aus?',
    'Danke {name}! Habe es heute früh bestellt.',
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

/** Top-level comments that bring in another member; `{friend}` is their username. */
export const MENTIONS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    '@{friend} you had the {product}, what did you think?',
    'Tagging @{friend}, who knows far more about this than me.',
    '@{friend} this is the thread I told you about!',
    'I think @{friend} asked the same thing a while ago and got a good answer.',
  ],
  de: [
    '@{friend} du hattest doch {den_produkt}, wie ist dein Eindruck?',
    'Ich markiere mal @{friend}, die kennt sich damit viel besser aus.',
    '@{friend} das ist der Beitrag, von dem ich dir erzählt habe!',
  ],
};

/** Comments that fit any thread. */
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
  en: ['Hi all,', 'Hello everyone!', 'Morning all.', 'Quick one:', 'Long-time lurker, first post.',
    'Hi everyone, hope you are well.', '', '', ''],
  de: ['Hallo zusammen,', 'Hallo in die Runde!', 'Moin!', 'Kurze Frage:', 'Hallo ihr Lieben,',
    '', '', ''],
};

/** How questions may end. */
export const QUESTION_CLOSINGS: Readonly<Record<Lang, readonly string[]>> = {
  en: ['Thanks in advance!', 'Any tips welcome.', 'Cheers!', 'Thank you!',
    'Would really appreciate any experience.', '', ''],
  de: ['Danke schon mal!', 'Ich freue mich über Tipps.', 'Viele Grüße', 'Danke euch!', '', ''],
};

/** How other posts may end. */
export const POST_CLOSINGS: Readonly<Record<Lang, readonly string[]>> = {
  en: ['Curious what you all think.', 'Happy to answer questions.', 'That is all, carry on!',
    '', '', ''],
  de: ['Bin gespannt, was ihr sagt.', 'Fragen beantworte ich gern.', 'Schönes Wochenende!',
    '', ''],
};
