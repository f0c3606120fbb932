/**
 * The disclosure checker: pure functions that tell whether a post needs a disclosure
 * (COMPLIANCE.md DISC-01), whether it carries a clear one where every reader sees it
 * (DISC-02..08, and the market packs UK-01..04, IE-01..02, DE-01..02), what the platform must
 * show (DISC-09), and what else a sponsored post must not say (DISC-11, DISC-12). DISC-10 is a
 * rule about point rules, not posts: `checkIncentivisedReaction`.
 *
 * Every rule evaluated is listed in the result with its outcome, severity (B blocks, W sends to
 * review, I informs), a message saying what to change, and spans in the text as written.
 */
import {
  disc01,
  disc02,
  disc03,
  disc04,
  disc05,
  disc06,
  disc07,
  disc08,
  disc09,
  phraseRule,
} from './disc-rules.js';
import type {
  Decision,
  DisclosureInput,
  DisclosureResult,
  RuleResult,
  Severity,
} from './disclosure.types.js';
import { packRules, ukRules } from './market-rules.js';
import { CLAIM_KINDS, NOT_TRIED_PATTERNS } from './phrases.js';
import { anyLabel, read, upfront, type Reading } from './reading.js';
import { rule } from './rule-result.js';

export type * from './disclosure.types.js';

function decide(rules: RuleResult[]): Decision {
  const failed = rules.filter((x) => x.outcome === 'failed');
  if (failed.some((x) => x.severity === 'B')) {
    return 'needs_fix';
  }
  if (failed.some((x) => x.severity === 'W')) {
    return 'review';
  }
  return 'ok';
}

/**
 * Checks one post. Pure: everything the rules need is in `input`.
 *
 * @example
 * checkDisclosure({ text: 'Ad: my haul from Acme', triggers: { ambassadorContract: true } })
 *   .decision; // 'ok'
 */
export function checkDisclosure(input: DisclosureInput): DisclosureResult {
  const r = read(input);
  const rules = [...baselineRules(r), ...marketRules(r)];

  const view = r.base;
  const found = anyLabel(view);
  const visible = found && upfront(r, view);
  const order: Record<Severity, number> = { B: 0, W: 1, I: 2 };
  return {
    market: r.ladder.market,
    language: r.language,
    needed: { required: r.needed, triggers: r.triggers },
    decision: decide(rules),
    disclosureFound: found,
    disclosureProminent: visible && (view.best === null || !view.buried.has(view.best)),
    disclosurePosition: view.best?.start ?? null,
    visibleBeforeTruncation: visible,
    badgeRequired: r.needed,
    messages: rules
      .filter((x) => x.outcome === 'failed')
      .sort((a, b) => order[a.severity] - order[b.severity])
      .map((x) => `${x.id}: ${x.message}`),
    rules,
  };
}

/** DISC-01..12, in order. */
function baselineRules(r: Reading): RuleResult[] {
  return [
    disc01(r),
    disc02(r),
    disc03(r),
    disc04(r),
    disc05(r),
    disc06(r),
    disc07(r),
    disc08(r),
    disc09(r),
    rule(
      'DISC-10',
      'not_applicable',
      'W',
      'A rule for point rules: see checkIncentivisedReaction.',
    ),
    phraseRule(
      r,
      'DISC-11',
      NOT_TRIED_PATTERNS,
      'Endorse only what you have used: remove the not-yet-tried praise or try it first.',
    ),
    phraseRule(
      r,
      'DISC-12',
      CLAIM_KINDS.flatMap((k) => k.patterns),
      'This claim needs proof the brand holds: remove it or have it approved.',
    ),
  ];
}

/** The market's own pack on top of the baseline. */
function marketRules(r: Reading): RuleResult[] {
  switch (r.ladder.market) {
    case 'UK':
      return ukRules(r);
    case 'IE':
      return packRules(r, 'IE', "'Ad', '#ad', 'AD' or 'Advertisement'");
    case 'DE':
      return packRules(r, 'DE', "'Werbung' or 'Anzeige'");
    case 'US':
      return [];
  }
}

/** A point rule as DISC-10 sees it. */
export interface ReactionRuleConfig {
  /** What earns the points: 'like', 'reaction', 'share', 'post', 'review', … */
  action: string;
  /** Whether the target is the retailer's or a brand's own content. */
  targetIsBrandContent: boolean;
  points: number;
  /** Whether counts of these reactions show "Incentivised" next to them. */
  showsIncentivisedLabel?: boolean;
}

/** DISC-10: points for likes or shares of brand posts need an "Incentivised" mark on counts. */
export function checkIncentivisedReaction(config: ReactionRuleConfig): RuleResult {
  const silent = ['like', 'reaction', 'react', 'share', 'repost', 'follow'].includes(config.action);
  if (!config.targetIsBrandContent || !silent || config.points <= 0) {
    return rule('DISC-10', 'not_applicable', 'W', 'Not points for reactions to brand content.');
  }
  return config.showsIncentivisedLabel
    ? rule('DISC-10', 'passed', 'W', "Counts show 'Incentivised' next to them.")
    : rule(
        'DISC-10',
        'failed',
        'W',
        `Points for a ${config.action} of a brand post cannot carry a disclosure: show ` +
          "'Incentivised' next to the counts or award points only for labelled posts.",
      );
}
