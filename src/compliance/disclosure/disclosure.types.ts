/** The disclosure checker's input and result (disclosure.ts). */
import type { Language, Market } from './markets.js';

export type MediaKind = 'text' | 'image' | 'video' | 'live';
export type Severity = 'B' | 'W' | 'I';
export type RuleOutcome = 'passed' | 'failed' | 'not_applicable';
export type Decision = 'ok' | 'needs_fix' | 'review';

/** What Guild's data says about the author and the post (DISC-01 triggers). */
export interface KnownTriggers {
  ambassadorContract?: boolean;
  staffOrFamily?: boolean;
  /** A free or discounted product within the tenant's look-back window. */
  recentGift?: boolean;
  /** The post is an entry to a challenge or contest paying points, prizes or entries. */
  paidChallenge?: boolean;
}

/** The checker's input. */
export interface DisclosureInput {
  text: string;
  title?: string;
  market?: Market;
  /** Overrides every surface's cut (e.g. a platform's 125-character "more"). */
  previewChars?: number;
  /** Surface name → characters shown; defaults to DEFAULT_SURFACES. */
  surfaces?: Record<string, number>;
  triggers?: KnownTriggers;
  /** The composer's "contains paid or sponsored content" toggle (DSA 26(2)). */
  declaredPaid?: boolean;
  language?: Language;
  mediaKind?: MediaKind;
  /** Video and live: whether the label is on screen and spoken at the start. */
  onScreenLabel?: boolean;
  spokenLabel?: boolean;
  /** Live: whether the label is repeated during the stream. */
  repeatedLabel?: boolean;
  /** Image: whether the label is overlaid on the image. */
  imageOverlayLabel?: boolean;
  /** The author's profile text, to explain that a label there does not count (DISC-06). */
  profileBio?: string;
}

export interface Span {
  start: number;
  end: number;
  text: string;
  /** Where the span is; the post's text unless said otherwise. */
  field?: 'text' | 'title' | 'profileBio';
}

export interface RuleResult {
  id: string;
  outcome: RuleOutcome;
  severity: Severity;
  message: string;
  evidence: Span[];
}

export type TriggerName =
  | 'ambassador_contract'
  | 'staff_or_family'
  | 'recent_gift'
  | 'affiliate_link'
  | 'discount_code'
  | 'paid_challenge'
  | 'declared_paid';

export interface DisclosureResult {
  market: Market;
  language: Language;
  needed: { required: boolean; triggers: TriggerName[] };
  decision: Decision;
  disclosureFound: boolean;
  /** The best label is clear, upfront, visible on every surface and not buried. */
  disclosureProminent: boolean;
  /** Character offset of the best label in the text (null: none, or only in the title). */
  disclosurePosition: number | null;
  visibleBeforeTruncation: boolean;
  /** DISC-09: the post must carry the visible "Sponsored" badge. */
  badgeRequired: boolean;
  /** The messages of the failed rules, most severe first. */
  messages: string[];
  rules: RuleResult[];
}
