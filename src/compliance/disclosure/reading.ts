/**
 * One reading of a post for the disclosure rules: its normalised text, the labels found and how
 * the market ranks them, the triggers, the best label and where the surfaces cut the text.
 * Done once per check; every rule reads from it.
 */
import { normalizeText, type NormalizedText } from '../../moderation/text/normalize.js';
import type { DisclosureInput, TriggerName } from './disclosure.types.js';
import {
  findAffiliateDisclosures,
  findLabelWords,
  findThanksAndBrandTags,
  findTieSentences,
  tokenize,
  type LabelHit,
} from './labels.js';
import { guessLanguage } from './language.js';
import {
  DEFAULT_SURFACES,
  LABEL_WINDOW,
  MARKET_LADDERS,
  type Language,
  type MarketLadder,
} from './markets.js';
import { findTextTriggers } from './triggers.js';

/** The labels of a post as one ladder ranks them. */
export interface LabelView {
  accepted: LabelHit[];
  conditional: LabelHit[];
  ambiguous: LabelHit[];
  never: LabelHit[];
  /** Accepted labels in the title (shown whole on every surface). */
  titleLabels: LabelHit[];
  /** The earliest accepted label not buried in trailing hashtags (else the earliest). */
  best: LabelHit | null;
  buried: Set<LabelHit>;
}

/**
 * Everything found in the text once, shared by the rules: `base` ranks the labels by the US
 * baseline every market shares (the DISC rules), `pack` by the market's own ladder (UK, IE, DE).
 */
export interface Reading {
  input: DisclosureInput;
  n: NormalizedText;
  ladder: MarketLadder;
  language: Language;
  triggers: TriggerName[];
  needed: boolean;
  base: LabelView;
  pack: LabelView;
  cut: number;
}

/** Sorts label hits by the ladder of the market. */
export function classify(n: NormalizedText, ladder: MarketLadder) {
  const words = (list: readonly string[]) => findLabelWords(n, list);
  const ties = [...findTieSentences(n), ...findAffiliateDisclosures(n)];
  const tags = findThanksAndBrandTags(n);
  const thanks = tags.filter((hit) => hit.kind === 'thanks');
  const brandTags = tags.filter((hit) => hit.kind === 'brand_tag');
  const neverWords = words(ladder.never);
  const thanksAreNever = ladder.never.includes('thanks to');
  return {
    accepted: [...words(ladder.accepted), ...(ladder.tieSentenceAccepted ? ties : [])],
    conditional: [...words(ladder.conditional), ...(ladder.tieSentenceAccepted ? [] : ties)],
    ambiguous: [...words(ladder.ambiguous), ...brandTags, ...(thanksAreNever ? [] : thanks)],
    never: [...neverWords, ...(thanksAreNever ? thanks : [])],
  };
}

/** Hashtags that are part of a run of three or more at the very end of the text. */
function trailingHashtagRun(n: NormalizedText): { start: number; count: number } {
  const tokens = tokenize(n.text);
  let count = 0;
  let start = n.original.length;
  for (let i = tokens.length - 1; i >= 0; i -= 1) {
    const token = tokens[i]!;
    const after = n.text.slice(token.end, i + 1 < tokens.length ? tokens[i + 1]!.start : undefined);
    if (!token.hashtag || /[\p{L}\p{N}]/u.test(after)) {
      break;
    }
    count += 1;
    start = n.origin[token.start] ?? start;
  }
  return { start, count };
}

function surfaceCut(input: DisclosureInput): number {
  if (input.previewChars !== undefined) {
    return input.previewChars;
  }
  return Math.min(...Object.values(input.surfaces ?? DEFAULT_SURFACES));
}

function triggersOf(input: DisclosureInput): TriggerName[] {
  const known = input.triggers ?? {};
  const found = new Set<TriggerName>();
  if (known.ambassadorContract) {
    found.add('ambassador_contract');
  }
  if (known.staffOrFamily) {
    found.add('staff_or_family');
  }
  if (known.recentGift) {
    found.add('recent_gift');
  }
  if (known.paidChallenge) {
    found.add('paid_challenge');
  }
  for (const trigger of findTextTriggers(input.text)) {
    found.add(trigger.kind);
  }
  if (input.declaredPaid) {
    found.add('declared_paid');
  }
  return [...found];
}

function viewOf(
  n: NormalizedText,
  title: NormalizedText | null,
  ladder: MarketLadder,
  run: { start: number; count: number },
): LabelView {
  const found = classify(n, ladder);
  const buried = new Set(
    found.accepted.filter(
      (hit) => run.count >= 3 && hit.start >= run.start && hit.text.startsWith('#'),
    ),
  );
  const byPosition = [...found.accepted].sort((a, b) => a.start - b.start);
  return {
    ...found,
    titleLabels: title === null ? [] : classify(title, ladder).accepted,
    best: byPosition.find((hit) => !buried.has(hit)) ?? byPosition[0] ?? null,
    buried,
  };
}

export function read(input: DisclosureInput): Reading {
  const ladder = MARKET_LADDERS[input.market ?? 'US'];
  const n = normalizeText(input.text);
  const title = input.title === undefined ? null : normalizeText(input.title);
  const run = trailingHashtagRun(n);
  const base = viewOf(n, title, MARKET_LADDERS.US, run);
  const triggers = triggersOf(input);
  return {
    input,
    n,
    ladder,
    language: input.language ?? guessLanguage(n.text),
    triggers,
    needed: triggers.length > 0,
    base,
    pack: ladder.market === 'US' ? base : viewOf(n, title, ladder, run),
    cut: surfaceCut(input),
  };
}

/** Whether the best label (or one in the title) is seen before every cut and the window. */
export function upfront(r: Reading, view: LabelView): boolean {
  if (view.titleLabels.length > 0) {
    return true;
  }
  return view.best !== null && view.best.start < LABEL_WINDOW && view.best.end <= r.cut;
}

/** Whether the view has an accepted label in the text or the title. */
export function anyLabel(view: LabelView): boolean {
  return view.accepted.length + view.titleLabels.length > 0;
}
