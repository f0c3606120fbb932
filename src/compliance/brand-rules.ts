/**
 * A tenant's brand rules for ambassador posts and submissions (COMPLIANCE.md CON-05 and
 * section 3): banned claims, competitor names, the links or codes a mission requires; and the
 * review rules that are about labels and incentives (REV-01, REV-02, REV-03, REV-06). REV-01
 * reuses the checks the point rules and review missions already apply, so the three places
 * refuse the same conditions. REV-04 and REV-05 live with moderation and reactions.
 */
import { sentimentCondition } from '../ambassadors/missions/sentiment.js';
import { normalizeText, toOriginalRange } from '../moderation/text/normalize.js';
import { sentimentConditions } from '../gamification/rules/engine.js';
import { CLAIM_KINDS, type ClaimKind } from './disclosure/phrases.js';

export interface BrandSpan {
  start: number;
  end: number;
  text: string;
}

export interface BrandFinding {
  ruleId: string;
  severity: 'B' | 'W' | 'I';
  message: string;
  spans: BrandSpan[];
}

/** A tenant's brand rules. */
export interface BrandRulesConfig {
  /** Claim kinds refused without approval; defaults to health, efficacy, earnings, guarantees. */
  bannedClaims?: readonly ClaimKind['id'][];
  /** Extra banned phrases of the tenant's own, matched as whole words. */
  bannedPhrases?: readonly string[];
  competitors?: readonly string[];
  /** Per mission id: links and codes a post for it must carry. */
  missions?: Readonly<Record<string, { requiredLinks?: string[]; requiredCodes?: string[] }>>;
}

export const DEFAULT_BANNED_CLAIMS: readonly ClaimKind['id'][] = [
  'health',
  'weight_loss',
  'cure',
  'clinical',
  'efficacy',
  'earnings',
  'guarantee',
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole-word occurrences of `phrase` in `text`, robust to case, accents and look-alikes. */
function occurrences(text: string, phrase: string): BrandSpan[] {
  const n = normalizeText(text);
  const needle = normalizeText(phrase).text.trim();
  if (needle === '') {
    return [];
  }
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(needle)}(?![\\p{L}\\p{N}])`, 'gu');
  return [...n.text.matchAll(pattern)].map((m) => {
    const range = toOriginalRange(n, m.index, m.index + m[0].length);
    return { ...range, text: text.slice(range.start, range.end) };
  });
}

function claimSpans(text: string, kinds: readonly ClaimKind['id'][]): BrandSpan[] {
  const n = normalizeText(text);
  const spans: BrandSpan[] = [];
  for (const kind of CLAIM_KINDS.filter((k) => kinds.includes(k.id))) {
    for (const pattern of kind.patterns) {
      for (const m of n.text.matchAll(pattern)) {
        const range = toOriginalRange(n, m.index, m.index + m[0].length);
        spans.push({ ...range, text: text.slice(range.start, range.end) });
      }
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * Checks a post against the tenant's brand rules: BRAND-01 banned claims, BRAND-02 competitor
 * names, BRAND-03 required links and BRAND-04 required codes of the mission it answers.
 */
export function checkBrandRules(
  text: string,
  config: BrandRulesConfig,
  missionId?: string,
): BrandFinding[] {
  const findings: BrandFinding[] = [];
  const claims = [
    ...claimSpans(text, config.bannedClaims ?? DEFAULT_BANNED_CLAIMS),
    ...(config.bannedPhrases ?? []).flatMap((phrase) => occurrences(text, phrase)),
  ];
  if (claims.length > 0) {
    findings.push({
      ruleId: 'BRAND-01',
      severity: 'W',
      message: 'Claims the brand must approve first: remove them or ask for written approval.',
      spans: claims,
    });
  }

  const rivals = (config.competitors ?? []).flatMap((name) => occurrences(text, name));
  if (rivals.length > 0) {
    findings.push({
      ruleId: 'BRAND-02',
      severity: 'W',
      message: 'The post names a competitor: comparisons need the brand’s approval.',
      spans: rivals,
    });
  }

  const mission = missionId === undefined ? undefined : config.missions?.[missionId];
  const lower = text.toLowerCase();
  const missingLinks = (mission?.requiredLinks ?? []).filter(
    (l) => !lower.includes(l.toLowerCase()),
  );
  if (missingLinks.length > 0) {
    findings.push({
      ruleId: 'BRAND-03',
      severity: 'B',
      message: `Add the mission's link: ${missingLinks.join(', ')}.`,
      spans: [],
    });
  }
  const missingCodes = (mission?.requiredCodes ?? []).filter(
    (code) => occurrences(text, code).length === 0,
  );
  if (missingCodes.length > 0) {
    findings.push({
      ruleId: 'BRAND-04',
      severity: 'B',
      message: `Add the mission's code: ${missingCodes.join(', ')}.`,
      spans: [],
    });
  }
  return findings;
}

/** A reward or challenge offered for reviews, as REV-01 reads it. */
export interface ReviewIncentiveConfig {
  /** Conditions of a point rule (keys and values). */
  conditions?: Record<string, unknown>;
  /** Title, brief and incentive text shown to members. */
  texts?: readonly string[];
}

/** REV-01: no points, prizes or entries conditioned on a rating or a sentiment. */
export function checkReviewIncentive(config: ReviewIncentiveConfig): BrandFinding[] {
  const keys = sentimentConditions(config.conditions ?? {});
  const phrases = (config.texts ?? [])
    .map((text) => sentimentCondition(text))
    .filter((phrase): phrase is string => phrase !== null);
  if (keys.length + phrases.length === 0) {
    return [];
  }
  const spans = (config.texts ?? []).flatMap((text) =>
    phrases.flatMap((phrase) => {
      const at = text.indexOf(phrase);
      return at === -1 ? [] : [{ start: at, end: at + phrase.length, text: phrase }];
    }),
  );
  return [
    {
      ruleId: 'REV-01',
      severity: 'B',
      message:
        'Rewards may ask for an honest review, never a rating or sentiment; remove: ' +
        `${[...keys, ...phrases].join(', ')}.`,
      spans,
    },
  ];
}

/** Who wrote a review, as REV-02 and REV-03 need it. */
export interface ReviewerTie {
  incentivised: boolean;
  /** Points or reward given, for the label's wording. */
  incentive?: string;
  /** Staff, managers, their family, agencies. */
  insider: boolean;
  /** The relationship in words ("an Acme store employee"). */
  relationship?: string;
}

/** REV-02 / REV-03: the labels a review or post must carry on display. */
export function reviewLabels(tie: ReviewerTie): { ruleId: string; label: string }[] {
  const labels: { ruleId: string; label: string }[] = [];
  if (tie.incentivised) {
    labels.push({
      ruleId: 'REV-02',
      label: `Received ${tie.incentive ?? 'a reward'} for reviewing`,
    });
  }
  if (tie.insider) {
    labels.push({ ruleId: 'REV-03', label: `Written by ${tie.relationship ?? 'an insider'}` });
  }
  return labels;
}

const INDEPENDENCE = new RegExp(
  String.raw`\b(?:independent|impartial|unbiased|neutral|third[- ]party|objective)\s+` +
    String.raw`(?:customer\s+)?(?:reviews?|ratings?|testimonials?|review\s+site)\b`,
  'g',
);

/** REV-06: a company-run review hub must not call itself independent. */
export function checkIndependenceClaim(text: string, companyControlled: boolean): BrandFinding[] {
  if (!companyControlled) {
    return [];
  }
  const n = normalizeText(text);
  const spans = [...n.text.matchAll(INDEPENDENCE)].map((m) => {
    const range = toOriginalRange(n, m.index, m.index + m[0].length);
    return { ...range, text: text.slice(range.start, range.end) };
  });
  return spans.length === 0
    ? []
    : [
        {
          ruleId: 'REV-06',
          severity: 'W',
          message:
            "The hub is run by the retailer: say 'Reviews from our customers, hosted by us'.",
          spans,
        },
      ];
}
