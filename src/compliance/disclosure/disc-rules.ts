/**
 * The baseline rules DISC-01..09, DISC-11 and DISC-12 (COMPLIANCE.md section 1), each a
 * function of one reading of the post.
 */
import { normalizeText, toOriginalRange } from '../../moderation/text/normalize.js';
import type { RuleResult, Span, TriggerName } from './disclosure.types.js';
import { LABELS_BY_LANGUAGE, LABEL_WINDOW, UNIVERSAL_LABELS } from './markets.js';
import { anyLabel, classify, upfront, type Reading } from './reading.js';
import { MOVE_TO_START, rule, span } from './rule-result.js';
import { findTextTriggers } from './triggers.js';

const triggerWords: Record<TriggerName, string> = {
  ambassador_contract: 'an active ambassador contract',
  staff_or_family: 'a staff or family tie to the retailer',
  recent_gift: 'a recent free or discounted product',
  affiliate_link: 'an affiliate link in the text',
  discount_code: 'a personal discount code in the text',
  paid_challenge: 'a challenge paying points, prizes or entries',
  declared_paid: 'the "contains paid content" declaration',
};

export function disc01(r: Reading): RuleResult {
  if (!r.needed) {
    return rule('DISC-01', 'passed', 'B', 'No material connection is known: no disclosure needed.');
  }
  const why = r.triggers.map((t) => triggerWords[t]).join(', ');
  const labelled = anyLabel(r.base) || r.base.conditional.length + r.base.ambiguous.length > 0;
  const evidence = findTextTriggers(r.input.text).map((t) => span(t));
  return labelled
    ? rule(
        'DISC-01',
        'passed',
        'B',
        `A disclosure is needed (${why}) and one is present.`,
        evidence,
      )
    : rule(
        'DISC-01',
        'failed',
        'B',
        `A disclosure is needed (${why}): start the post with 'Ad:'.`,
        evidence,
      );
}

export function disc02(r: Reading): RuleResult {
  if (!r.needed) {
    return rule('DISC-02', 'not_applicable', 'B', 'No disclosure needed.');
  }
  if (anyLabel(r.base)) {
    return rule(
      'DISC-02',
      'passed',
      'B',
      'A clear label is present.',
      r.base.accepted.map((h) => span(h)),
    );
  }
  const unclear = [...r.base.conditional, ...r.base.ambiguous, ...r.base.never].map((h) => span(h));
  return rule(
    'DISC-02',
    'failed',
    'B',
    "Use a clear label such as 'Ad', '#ad' or 'Advertisement'.",
    unclear,
  );
}

/** How close (characters between them) an ambiguous tag must stand to a clear label. */
const NEXT_TO = 40;

function near(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return b.start - a.end <= NEXT_TO && a.start - b.end <= NEXT_TO;
}

export function disc03(r: Reading): RuleResult {
  if (!r.needed || r.base.ambiguous.length + r.base.never.length === 0) {
    return rule(
      'DISC-03',
      'not_applicable',
      'B',
      'No ambiguous tags in a post that needs a disclosure.',
    );
  }
  const tags = [...r.base.ambiguous, ...r.base.never];
  if (anyLabel(r.base)) {
    const apart = tags.filter((tag) => !r.base.accepted.some((label) => near(label, tag)));
    return apart.length === 0
      ? rule(
          'DISC-03',
          'passed',
          'B',
          'Ambiguous tags stand next to a clear label.',
          tags.map((h) => span(h)),
        )
      : rule(
          'DISC-03',
          'failed',
          'W',
          "Ambiguous tags far from the label read as unlabelled: put them next to 'Ad'.",
          apart.map((h) => span(h)),
        );
  }
  const evidence = tags.map((h) => span(h));
  const onlyBrandTag =
    r.base.never.length === 0 && r.base.ambiguous.every((h) => h.kind === 'brand_tag');
  return rule(
    'DISC-03',
    'failed',
    onlyBrandTag ? 'W' : 'B',
    "Tags like '#sp', '#collab' or 'Thanks @brand' are not enough: add 'Ad' next to them.",
    evidence,
  );
}

export function disc04(r: Reading): RuleResult {
  if (!r.needed || !anyLabel(r.base)) {
    return rule('DISC-04', 'not_applicable', 'B', 'No label to place.');
  }
  const evidence = r.base.best === null ? [] : [span(r.base.best)];
  return upfront(r, r.base)
    ? rule(
        'DISC-04',
        'passed',
        'B',
        'The label is seen before every surface cuts the text.',
        evidence,
      )
    : rule(
        'DISC-04',
        'failed',
        'B',
        `The label is cut off on some surfaces (first ${Math.min(r.cut, LABEL_WINDOW)} ` +
          `characters): ${MOVE_TO_START}.`,
        evidence,
      );
}

export function disc05(r: Reading): RuleResult {
  if (!r.needed || r.base.accepted.length === 0) {
    return rule('DISC-05', 'not_applicable', 'W', 'No label in the text.');
  }
  if (r.base.best !== null && !r.base.buried.has(r.base.best)) {
    return rule('DISC-05', 'passed', 'W', 'The label is not buried among hashtags.', [
      span(r.base.best),
    ]);
  }
  return rule(
    'DISC-05',
    'failed',
    'W',
    `The label is lost in a cluster of hashtags at the end: ${MOVE_TO_START}.`,
    [...r.base.buried].map((h) => span(h)),
  );
}

export function disc06(r: Reading): RuleResult {
  if (!r.needed) {
    return rule('DISC-06', 'not_applicable', 'B', 'No disclosure needed.');
  }
  if (anyLabel(r.base)) {
    return rule('DISC-06', 'passed', 'B', 'The post carries its own label.');
  }
  const bio = r.input.profileBio;
  const inBio =
    bio === undefined ? [] : Object.values(classify(normalizeText(bio), r.ladder)).flat();
  return rule(
    'DISC-06',
    'failed',
    'B',
    inBio.length > 0
      ? 'The profile says it, but a profile label does not count: label this post itself.'
      : 'Each post needs its own label; a profile badge or bio is not enough.',
    inBio.map((h) => span(h, 'profileBio')),
  );
}

export function disc07(r: Reading): RuleResult {
  const kind = r.input.mediaKind ?? 'text';
  if (!r.needed || kind === 'text') {
    return rule('DISC-07', 'not_applicable', 'B', 'Text only: the caption rules apply.');
  }
  if (kind === 'image') {
    return r.input.imageOverlayLabel || upfront(r, r.base)
      ? rule(
          'DISC-07',
          'passed',
          'B',
          'The image post is labelled on the image or at the caption start.',
        )
      : rule(
          'DISC-07',
          'failed',
          'B',
          'Put the label on the image or at the start of the caption.',
        );
  }
  const missing: string[] = [];
  if (!r.input.onScreenLabel) {
    missing.push('on screen');
  }
  if (!r.input.spokenLabel) {
    missing.push('spoken');
  }
  if (kind === 'live' && !r.input.repeatedLabel) {
    missing.push('repeated during the stream');
  }
  return missing.length === 0
    ? rule('DISC-07', 'passed', 'B', `The ${kind} carries the label on screen and spoken.`)
    : rule(
        'DISC-07',
        'failed',
        'B',
        `A label in the description is not enough: the ${kind} needs it ` +
          `${missing.join(', ')} at the start.`,
      );
}

export function disc08(r: Reading): RuleResult {
  if (!r.needed || !anyLabel(r.base)) {
    return rule('DISC-08', 'not_applicable', 'W', 'No label to read.');
  }
  const local = new Set([...UNIVERSAL_LABELS, ...LABELS_BY_LANGUAGE[r.language]]);
  const fitting = [...r.base.accepted, ...r.base.titleLabels].filter(
    (h) =>
      local.has(h.label) || (r.language === 'en' && (h.kind === 'tie' || h.kind === 'affiliate')),
  );
  return fitting.length > 0
    ? rule(
        'DISC-08',
        'passed',
        'W',
        `The label reads in the post's language (${r.language}) or is 'Ad'.`,
        fitting.map((h) => span(h)),
      )
    : rule(
        'DISC-08',
        'failed',
        'W',
        `Write the label in the post's language (${r.language}) or use 'Ad'.`,
        r.base.accepted.map((h) => span(h)),
      );
}

export function disc09(r: Reading): RuleResult {
  if (!r.needed) {
    return rule('DISC-09', 'not_applicable', 'B', 'No badge needed.');
  }
  return rule(
    'DISC-09',
    'passed',
    'B',
    "Show the 'Sponsored' badge on this post wherever it is rendered.",
  );
}

export function phraseRule(
  r: Reading,
  id: string,
  patterns: readonly RegExp[],
  message: string,
): RuleResult {
  if (!r.needed) {
    return rule(id, 'not_applicable', 'W', 'Not a sponsored or incentivised post.');
  }
  const evidence: Span[] = [];
  for (const pattern of patterns) {
    for (const m of r.n.text.matchAll(pattern)) {
      const range = toOriginalRange(r.n, m.index, m.index + m[0].length);
      evidence.push({ ...range, text: r.input.text.slice(range.start, range.end) });
    }
  }
  return evidence.length === 0
    ? rule(id, 'passed', 'W', 'Nothing found.')
    : rule(
        id,
        'failed',
        'W',
        message,
        evidence.sort((a, b) => a.start - b.start),
      );
}
