/**
 * Phrase patterns the disclosure checker reads, written for the normalised text (lower case,
 * accents stripped, look-alikes folded; see src/moderation/text). Every pattern is global so
 * that each occurrence yields its own span. They describe kinds of sentences, never particular
 * posts: an affiliate disclosure, a sentence naming a relationship, an endorsement of
 * something not yet used (DISC-11), a claim that needs substantiation (DISC-12).
 */

const CHANNEL = String.raw`(?:me|us|the (?:channel|show)|this (?:channel|show)|my (?:channel|uploads)|our channel)`;
const SHOPPING = String.raw`(?:shop\w*|links?|amazon|purchas\w*|buy\w*|order\w*)`;

/** Sentences that disclose affiliate links or ask for support through purchases. */
export const AFFILIATE_PATTERNS: readonly RegExp[] = [
  // "affiliate links", "affiliate program", "(affiliate link)", "amazon affiliate"
  /\baffiliate\s+(?:links?|urls?|programs?|programmes?|partners?|codes?|commissions?|payments?|system|advertising|tracking|disclaimer|disclosure)\b/g,
  /\baffiliate-?links?\b/g,
  /\bamazon\s+affiliates?\b/g,
  /\baffiliated\s+links?\b/g,
  // "links above are affiliate links", "some links may be affiliated"
  /\b(?:links?|urls?)\b[^.!?\n]{0,40}\b(?:are|is|be|contains?|include)\s+(?:\w+\s+){0,2}affiliat(?:e|es|ed)\b/g,
  // "(affiliate)", "affiliates: …" as a heading, "i am a book shop affiliate"
  /\(\s*affiliate\s*\)/g,
  /^\W*affiliates?\b/gm,
  /\b(?:i['’]?m|i am|we are|am|as)\s+(?:an?\s+)?(?:\w+\s+){0,3}affiliate\b/g,
  // "i earn a small commission", "commission if you buy"
  /\b(?:earn|earns|receive|get|make|makes|paid|pay|gives?|small|tiny)\b[^.!?\n]{0,40}\bcommiss?ions?\b/g,
  /\bcommiss?ions?\b[^.!?\n]{0,40}\b(?:if|when)\s+you\b/g,
  /\bamazon\s+(?:services\s+llc\s+)?associates?\b/g,
  /\bassociates?\s+program/g,
  /\b(?:small|tiny)\s+(?:percentage|cut|kickback)\b/g,
  /\bkickbacks?\b/g,
  /\breferral\s+links?\b/g,
  /\bat\s+no\s+(?:extra|additional)\s+cost\s+to\s+you\b/g,
  /\b(?:a\s+)?(?:few|some)\s+pennies\b/g,
  // "support the channel by shopping through this link", "support us via amazon"
  new RegExp(
    String.raw`\bsupport\w*\b.{0,50}?\b(?:by|when|while|through|via|using|with)\s+(?:[\w'’.-]+\s+){0,4}?${SHOPPING}`,
    'g',
  ),
  // "buying through these links helps the channel", "shop at amazon and support us"
  new RegExp(
    String.raw`\b${SHOPPING}\b[^!?\n]{0,50}\b(?:support|supports|helps?)\s+(?:out\s+)?${CHANNEL}`,
    'g',
  ),
  /\b(?:shop|shopping|purchas\w*|buy\w*)\b[^.!?\n]{0,30}(?:&|\band)\s+support\b/g,
  // "bookmark this link for your shopping", "use this amazon link before shopping"
  /\b(?:use|bookmark)\s+(?:this|my|our|the)\s+(?:\w+\s+)?link\b[^.!?\n]{0,30}\bshop/g,
  /\blink\s+(?:before|when|while)\s+(?:shopping|you\s+shop)/g,
  // German: "Affiliate-Links", "Partnerprogramm", "Provision"
  /\bpartnerprogramm/g,
  /\b(?:erhalte|bekomme|verdiene)\b[^.!?\n]{0,40}\bprovision\b/g,
];

/** A sentence about affiliate marketing as a subject, not a disclosure of one's own links. */
export const AFFILIATE_TOPIC =
  /affiliate\s+marketing|\b(?:join|make\s+money|earn\s+money)\b[^.!?\n]{0,40}\b(?:affiliate|associates)|\bhow\s+to\b[^.!?\n]{0,40}\b(?:affiliate|associates)/;

/** Plain sentences naming the tie: payment, gifts, employment, ambassadorship (DISC-02). */
export const TIE_PATTERNS: readonly RegExp[] = [
  /\b(?:pays|paid|paying|sponsors|sponsored)\s+me\b/g,
  /\bi['’]?m\s+(?:being\s+)?paid\b/g,
  /\b(?:i['’]?m|i am|as)\s+(?:an?\s+)?(?:paid\s+)?(?:\w+\s+){0,2}(?:ambassador|brand partner)\b(?!\s+tag)/g,
  /\bsent\s+(?:me|us)\s+(?:this|these|it|them|a|an|the)\b/g,
  /\b(?:gifted|given|sent|provided)\s+(?:to\s+me\s+)?by\b/g,
  /\b(?:i|we)\s+(?:got|received|was\s+given|were\s+given)\s+(?:this|these|it|them)\s+(?:for\s+)?free\b/g,
  /\b(?:i|we)\s+(?:work|worked)\s+(?:for|at)\b/g,
  /\bmy\s+employer\b/g,
  /\bin\s+exchange\s+for\b/g,
  /\bfree\s+gift\s+from\b/g,
  /\bon\s+loan\s+from\b/g,
];

/** DISC-11: endorsements of something the member has not yet used. */
export const NOT_TRIED_PATTERNS: readonly RegExp[] = [
  /\b(?:haven['’]?t|have\s+not|hasn['’]?t|didn['’]?t|did\s+not|not)\s+(?:even\s+)?(?:tried|used|opened|tested|worn|tasted|unboxed|worn)\b(?:\s+(?:it|them|this|these))?(?:\s+(?:yet|so\s+far))?/g,
  /\bnot\s+(?:tried|used|opened|tested)\s+(?:it\s+)?yet\b/g,
  /\b(?:yet\s+to|still\s+need\s+to)\s+(?:try|use|open|test)\b/g,
  /\bnoch\s+nicht\s+(?:ausprobiert|getestet|benutzt|geoffnet)\b/g,
  /\b(?:todavia|aun)\s+no\s+(?:lo|la|los|las)?\s*(?:he\s+)?(?:probado|usado|abierto)\b/g,
  /\bpas\s+encore\s+(?:essaye|teste|utilise|ouvert)\b/g,
];

/** One kind of claim that needs substantiation, and its patterns. */
export interface ClaimKind {
  id: 'health' | 'weight_loss' | 'earnings' | 'clinical' | 'cure' | 'guarantee' | 'efficacy';
  label: string;
  patterns: readonly RegExp[];
}

/** DISC-12 and the default banned claims of BRAND-01. */
export const CLAIM_KINDS: readonly ClaimKind[] = [
  {
    id: 'weight_loss',
    label: 'weight-loss claim',
    patterns: [
      /\b(?:lose|lost|losing|drop|dropped|shed|shedding)\s+(?:\d+\s*(?:kg|kilos?|lbs?|pounds?|stone)|weight|fat|belly\s+fat)\b/g,
      /\b(?:fat\s+burn\w*|weight\s+loss|slimming|abnehmen)\b/g,
    ],
  },
  {
    id: 'health',
    label: 'health claim',
    patterns: [
      /\b(?:boosts?|strengthens?)\s+(?:your\s+)?(?:immune\s+system|immunity|metabolism)\b/g,
      /\b(?:detox\w*|lowers?\s+(?:blood\s+pressure|cholesterol)|prevents?\s+(?:cancer|disease|illness|colds?))\b/g,
      /\b(?:heals?|treats?)\s+(?:your\s+)?(?:acne|eczema|anxiety|depression|arthritis|pain|diabetes)\b/g,
    ],
  },
  {
    id: 'cure',
    label: 'cure claim',
    patterns: [/\b(?:cures?|cured|curing|heilt)\b/g],
  },
  {
    id: 'clinical',
    label: 'clinical claim',
    patterns: [
      /\b(?:clinically|scientifically|medically|dermatologically)\s+(?:proven|tested|shown)\b/g,
      /\bklinisch\s+(?:bewiesen|getestet)\b/g,
    ],
  },
  {
    id: 'earnings',
    label: 'earnings claim',
    patterns: [
      /\b(?:earn|make|made|making)\s+(?:\$|£|€)?\s*\d[\d,.]*\s*(?:k\b)?\s*(?:\$|£|€|dollars|pounds|euros)?\s*(?:a|per|every)\s+(?:day|week|month|year)\b/g,
      /\b(?:passive\s+income|get\s+rich|financial\s+freedom|quit\s+your\s+(?:day\s+)?job)\b/g,
    ],
  },
  {
    id: 'guarantee',
    label: 'guarantee',
    patterns: [/\b(?:guaranteed?|garantiert|garantizado|garanti)\b/g],
  },
  {
    id: 'efficacy',
    label: 'efficacy claim',
    patterns: [
      /\b(?:100\s*%|works\s+every\s+time|instant\s+results|miracle|permanent(?:ly)?\s+(?:removes?|results))\b/g,
    ],
  },
];
