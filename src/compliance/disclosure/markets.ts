/**
 * The label ladders of the markets Guild checks (COMPLIANCE.md sections 1 and 2, plus Guild's
 * own reading for Ireland and Germany). Each market sorts the words a member may write into:
 *
 * - `accepted`: a clear label on its own (DISC-02, UK-01);
 * - `conditional`: acceptable only when the tie is explained or an accepted label is also there
 *   ("Gifted", "Brand Ambassador", "affiliate": UK-02);
 * - `ambiguous`: never enough alone, tolerated next to an accepted label (DISC-03);
 * - `never`: not a label at all in that market (UK-03).
 *
 * Labels are written here as a member would type them; the matcher compares them with the
 * normalised text, so case, accents, look-alike letters and invisible characters do not matter.
 */

export const MARKETS = ['US', 'UK', 'IE', 'DE'] as const;
export type Market = (typeof MARKETS)[number];

export const LANGUAGES = ['en', 'de', 'es', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** How a label stands in a market's ladder. */
export type LabelStanding = 'accepted' | 'conditional' | 'ambiguous' | 'never';

/** One market's ladder: label words by standing, and the languages its labels may be in. */
export interface MarketLadder {
  market: Market;
  /** Who the rules come from, in a few words. */
  authority: string;
  accepted: readonly string[];
  conditional: readonly string[];
  ambiguous: readonly string[];
  never: readonly string[];
  /** Whether a plain sentence naming the tie ("Acme pays me") is a clear label alone. */
  tieSentenceAccepted: boolean;
}

/** Label words that read the same in every language Guild checks (DISC-08). */
export const UNIVERSAL_LABELS: readonly string[] = ['ad', '#ad'];

/** Labels in each language; a label in the post's language, or a universal one, passes DISC-08. */
export const LABELS_BY_LANGUAGE: Readonly<Record<Language, readonly string[]>> = {
  en: [
    'advert',
    'advertising',
    'advertisement',
    'sponsored',
    'paid partnership',
    'paid promotion',
    'paid ad',
  ],
  de: ['werbung', 'anzeige', 'reklame', 'bezahlte partnerschaft', 'gesponsert'],
  es: ['publicidad', 'anuncio', 'patrocinado', 'colaboracion pagada', 'contenido patrocinado'],
  fr: ['publicite', 'sponsorise', 'partenariat remunere', 'contenu sponsorise', 'annonce'],
};

const US_ACCEPTED = [
  'ad',
  'advert',
  'advertising',
  'advertisement',
  'sponsored',
  'paid partnership',
  'paid promotion',
  'paid ad',
];
const FOREIGN_LABELS = [
  ...LABELS_BY_LANGUAGE.de,
  ...LABELS_BY_LANGUAGE.es,
  ...LABELS_BY_LANGUAGE.fr,
].filter((label) => label !== 'gesponsert' && label !== 'annonce');

const COMMON_AMBIGUOUS = [
  'sp',
  'spon',
  'collab',
  'partner',
  'ambassador',
  'brandpartner',
  'brand partner',
  'gifted',
  'in collaboration with',
  'brought to you by',
  'thanks to',
  'client',
];

export const MARKET_LADDERS: Readonly<Record<Market, MarketLadder>> = {
  US: {
    market: 'US',
    authority: 'FTC Endorsement Guides (16 CFR 255) and the FTC influencer guidance',
    accepted: [...US_ACCEPTED, ...FOREIGN_LABELS],
    conditional: [],
    ambiguous: COMMON_AMBIGUOUS,
    never: [],
    tieSentenceAccepted: true,
  },
  UK: {
    market: 'UK',
    authority: 'ASA/CAP Code section 2 and the CMA influencer guidance',
    accepted: ['ad', 'advert', 'advertising', 'advertisement'],
    conditional: [
      'paid promotion',
      'paid partnership',
      'brand ambassador',
      'free gift from',
      'on loan from',
      'sponsored',
      'gifted',
      'pr product',
      'affiliate',
    ],
    ambiguous: ['collab', 'partner', 'ambassador', 'brandpartner', 'brand partner'],
    never: ['sp', 'spon', 'brought to you by', 'in collaboration with', 'thanks to', 'client'],
    tieSentenceAccepted: false,
  },
  IE: {
    market: 'IE',
    authority: 'ASAI Code (obviously identifiable) and the CCPC influencer guidance',
    accepted: ['ad', 'advert', 'advertising', 'advertisement'],
    conditional: ['paid partnership', 'sponsored', 'gifted', 'affiliate', 'brand ambassador'],
    ambiguous: ['collab', 'partner', 'ambassador', 'brandpartner', 'brand partner'],
    never: ['sp', 'spon', 'brought to you by', 'in collaboration with', 'thanks to', 'client'],
    tieSentenceAccepted: false,
  },
  DE: {
    market: 'DE',
    authority: 'UWG section 5a(4), MStV section 22 and the Landesmedienanstalten guidance',
    accepted: ['werbung', 'anzeige', 'reklame', 'bezahlte partnerschaft'],
    conditional: ['ad', 'advertisement', 'sponsored', 'gesponsert', 'paid partnership'],
    ambiguous: [...COMMON_AMBIGUOUS, 'kooperation', 'in kooperation mit', 'pr sample', 'dank an'],
    never: ['sp', 'spon'],
    tieSentenceAccepted: false,
  },
};

/** The surfaces that cut a post short, and where (characters of the post's text). */
export const DEFAULT_SURFACES: Readonly<Record<string, number>> = {
  feed_card: 125,
  notification: 90,
  email_digest: 140,
  share_preview: 110,
};

/** DISC-04: a label must start within this many characters whatever the surfaces. */
export const LABEL_WINDOW = 100;
