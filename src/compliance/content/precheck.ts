/**
 * The pre-check every version of a submission passes before it reaches a reviewer: the
 * moderation pipeline (the tenant's policy, the live shipped model), the disclosure checker for
 * the market with each target platform's cut-off, and the program's brand rules. Each finding
 * names its source, rule, severity (B blocks, W warns, I informs), a message and the spans it
 * points at in the version's text. The pure part (`precheckText`) is unit-tested; `precheck`
 * gathers what Guild's data says (a valid contract, a paid mission, the tenant's policy).
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { analyseItem, ORDINARY_AUTHOR, prepareText } from '../../moderation/analyse.js';
import { loadShippedModel } from '../../moderation/model/shipped.js';
import type { ModerationModel } from '../../moderation/model/classifier.js';
import type { Category } from '../../moderation/moderation.types.js';
import {
  resolvePolicy,
  type PolicySettings,
  type ResolvedPolicy,
} from '../../moderation/policy.js';
import { checkBrandRules, type BrandRulesConfig } from '../brand-rules.js';
import { hasValidContract } from '../contracts/validity.js';
import { checkDisclosure } from '../disclosure/disclosure.js';
import type { KnownTriggers, MediaKind } from '../disclosure/disclosure.types.js';
import type { Market } from '../disclosure/markets.js';

export const PLATFORMS = [
  'instagram',
  'tiktok',
  'youtube',
  'facebook',
  'x',
  'blog',
  'community',
] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * Characters each platform shows before its "more" (or in full, for X): a label has to start
 * before the shortest cut of the platforms a version targets.
 */
export const PLATFORM_CUTOFFS: Readonly<Record<Platform, number>> = {
  instagram: 125,
  tiktok: 80,
  youtube: 100,
  facebook: 125,
  x: 280,
  blog: 300,
  community: 125,
};

export type FindingSource = 'moderation' | 'disclosure' | 'brand';
export type FindingSeverity = 'B' | 'W' | 'I';

export interface FindingSpan {
  start: number;
  end: number;
  text: string;
}

export interface Finding {
  /** Stable within a version: `f1`, `f2`, … (what a reviewer's change request points at). */
  id: string;
  source: FindingSource;
  ruleId: string;
  severity: FindingSeverity;
  message: string;
  spans: FindingSpan[];
}

/** What the findings suggest: `block` (a B finding), `warn` (a W finding) or `clean`. */
export type Hint = 'clean' | 'warn' | 'block';

export interface MediaMeta {
  kind: 'image' | 'video';
  uploadId?: string | null;
  altText?: string | null;
  durationSeconds?: number | null;
  onScreenLabel?: boolean;
  spokenLabel?: boolean;
}

export interface PrecheckInput {
  title: string | null;
  body: string;
  links: readonly string[];
  media: readonly MediaMeta[];
  platforms: readonly Platform[];
  /** The region code the content is for. */
  market: string;
  declaredPaid: boolean;
  triggers: KnownTriggers;
  brand: BrandRulesConfig;
  missionId?: string | null;
}

/** The disclosure market a region code falls under (the US baseline for any other). */
export function marketOf(region: string): Market {
  switch (region.toUpperCase()) {
    case 'UK':
    case 'GB':
      return 'UK';
    case 'IE':
      return 'IE';
    case 'DE':
    case 'AT':
      return 'DE';
    default:
      return 'US';
  }
}

function moderationFindings(
  body: string,
  policy: ResolvedPolicy,
  model: ModerationModel,
): Omit<Finding, 'id'>[] {
  const analysis = analyseItem(prepareText(body), {
    policy,
    author: ORDINARY_AUTHOR,
    model,
  });
  const found: Omit<Finding, 'id'>[] = [];
  for (const [name, raw] of Object.entries(analysis.scores)) {
    const category = name as Category;
    const score = raw ?? 0;
    const pair = category === 'watched' ? undefined : policy.thresholds[category];
    const spans = analysis.spans
      .filter((span) => span.category === category)
      .map((span) => ({
        start: span.start,
        end: span.end,
        text: body.slice(span.start, span.end),
      }));
    const watchedBlock = category === 'watched' && analysis.watched.actions.includes('block');
    const watchedHold = category === 'watched' && analysis.watched.actions.includes('hold');
    const blocks = watchedBlock || (pair !== undefined && pair.reject <= 1 && score >= pair.reject);
    const holds = watchedHold || (pair !== undefined && score >= pair.hold);
    if (!blocks && !holds) {
      continue;
    }
    found.push({
      source: 'moderation',
      ruleId: `MOD-${category}`,
      severity: blocks ? 'B' : 'W',
      message: blocks
        ? `The text reads as ${category.replace('_', ' ')}: it cannot be published like this.`
        : `The text may read as ${category.replace('_', ' ')}: a reviewer should look.`,
      spans,
    });
  }
  return found;
}

function disclosureFindings(input: PrecheckInput): Omit<Finding, 'id'>[] {
  // links count as part of what readers see (an affiliate link triggers a disclosure); they
  // are read after the body, so spans inside the body keep their offsets
  const text = input.links.length > 0 ? `${input.body}\n\n${input.links.join('\n')}` : input.body;
  const video = input.media.find((m) => m.kind === 'video');
  const mediaKind: MediaKind = video ? 'video' : input.media.length > 0 ? 'image' : 'text';
  const surfaces = Object.fromEntries(input.platforms.map((p) => [p, PLATFORM_CUTOFFS[p]]));
  const result = checkDisclosure({
    text,
    title: input.title ?? undefined,
    market: marketOf(input.market),
    surfaces,
    triggers: input.triggers,
    declaredPaid: input.declaredPaid,
    mediaKind,
    onScreenLabel: video?.onScreenLabel,
    spokenLabel: video?.spokenLabel,
  });
  return result.rules
    .filter((rule) => rule.outcome === 'failed')
    .map((rule) => ({
      source: 'disclosure' as const,
      ruleId: rule.id,
      severity: rule.severity,
      message: rule.message,
      spans: rule.evidence
        .filter((span) => (span.field ?? 'text') === 'text' && span.end <= input.body.length)
        .map((span) => ({ start: span.start, end: span.end, text: span.text })),
    }));
}

const ORDER: Record<FindingSeverity, number> = { B: 0, W: 1, I: 2 };

/** Spans in text order, each stretch once (two rules of a check may find the same words). */
function distinct(spans: readonly FindingSpan[]): FindingSpan[] {
  const seen = new Set<string>();
  return [...spans]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .filter((span) => {
      const key = `${span.start}:${span.end}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}

/** The whole pre-check on one version's content. Pure. */
export function precheckText(
  input: PrecheckInput,
  policy: ResolvedPolicy,
  model: ModerationModel,
): { findings: Finding[]; hint: Hint } {
  const brand = checkBrandRules(input.body, input.brand, input.missionId ?? undefined).map(
    (finding) => ({ source: 'brand' as const, ...finding }),
  );
  const all = [
    ...moderationFindings(input.body, policy, model),
    ...disclosureFindings(input),
    ...brand,
  ]
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity])
    .map((finding, i) => ({ id: `f${i + 1}`, ...finding, spans: distinct(finding.spans) }));
  const hint: Hint = all.some((f) => f.severity === 'B')
    ? 'block'
    : all.some((f) => f.severity === 'W')
      ? 'warn'
      : 'clean';
  return { findings: all, hint };
}

let shipped: ModerationModel | null = null;

async function tenantPolicy(tx: Orm): Promise<ResolvedPolicy> {
  const rows = await sqlRows<{ settings: PolicySettings }>(
    tx,
    sql`select settings from moderation_policies where scope = 'tenant' and mode = 'enforce'`,
  );
  return resolvePolicy(rows.map((row) => row.settings));
}

/** What Guild's data says about the author and the mission (DISC-01 triggers). */
export async function knownTriggers(
  tx: Orm,
  input: {
    authorId: string;
    programId: string | null;
    challengeId?: string | null;
    missionId: string | null;
  },
): Promise<KnownTriggers> {
  if (input.programId === null) {
    // Content for a challenge: its prize, if any, is the material connection (DISC-01).
    const [challenge] = await sqlRows<{ paid: boolean }>(
      tx,
      sql`select (prize_points is not null or reward_id is not null) as paid
            from challenges where id = ${input.challengeId ?? null}`,
    );
    return {
      ambassadorContract: await hasValidContract(tx, input.authorId),
      paidChallenge: challenge?.paid ?? false,
    };
  }
  const contract = await hasValidContract(tx, input.authorId, undefined, input.programId);
  let incentive = false;
  if (input.missionId) {
    const [mission] = await sqlRows<{ paid: boolean }>(
      tx,
      sql`select (incentive_points > 0 or coalesce(incentive_text, '') <> '') as paid
            from ambassador_missions where id = ${input.missionId}`,
    );
    incentive = mission?.paid ?? false;
  }
  return { ambassadorContract: contract, paidChallenge: incentive };
}

/** Runs the pre-check with the tenant's moderation policy and the shipped model. */
export async function precheck(
  tx: Orm,
  input: PrecheckInput,
): Promise<{ findings: Finding[]; hint: Hint }> {
  shipped ??= loadShippedModel();
  return precheckText(input, await tenantPolicy(tx), shipped);
}
