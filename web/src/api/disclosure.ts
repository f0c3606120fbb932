// The disclosure checker (POST /compliance/disclosure/check, docs/DISCLOSURE.md) as the
// composer asks it about a draft.
import { apiPost } from './client';

export type DisclosureMarket = 'US' | 'UK' | 'IE' | 'DE';

export interface DisclosureRule {
  id: string;
  outcome: 'passed' | 'failed' | 'not_applicable';
  /** B blocks publishing, W sends to review, I informs. */
  severity: 'B' | 'W' | 'I';
  message: string;
  evidence: { start: number; end: number; text: string; field?: string }[];
}

export interface DisclosureResult {
  market: DisclosureMarket;
  language: string;
  needed: { required: boolean; triggers: string[] };
  decision: 'ok' | 'needs_fix' | 'review';
  disclosureFound: boolean;
  disclosureProminent: boolean;
  /** Offset of the best label in the text; null when there is none or it is only in the title. */
  disclosurePosition: number | null;
  visibleBeforeTruncation: boolean;
  badgeRequired: boolean;
  messages: string[];
  rules: DisclosureRule[];
}

export interface DisclosureDraft {
  text: string;
  title?: string;
  market: DisclosureMarket;
  declaredPaid: boolean;
}

/** Where a feed card cuts a post's text (docs/DISCLOSURE.md, "How a post is read"). */
export const FEED_CARD_CHARS = 125;

const MARKET_OF_REGION: Record<string, DisclosureMarket> = {
  UK: 'UK',
  GB: 'UK',
  IE: 'IE',
  DE: 'DE',
};

/** The market a member's posts are checked for, as the server reads it from their region. */
export function marketOfRegion(code: string | null | undefined): DisclosureMarket {
  return (code && MARKET_OF_REGION[code.toUpperCase()]) || 'US';
}

export function checkDisclosureDraft(draft: DisclosureDraft): Promise<DisclosureResult> {
  return apiPost<DisclosureResult>('/compliance/disclosure/check', draft);
}

/** The check result a refused post carries in its error details, when it has one. */
export function disclosureOfError(details: Record<string, unknown> | undefined) {
  const value = details?.disclosure;
  if (typeof value !== 'object' || value === null || !('rules' in value)) {
    return null;
  }
  return value as DisclosureResult;
}
