/**
 * The market packs: UK-01..04 (COMPLIANCE.md section 2) and Guild's own reading for Ireland
 * (IE-01, IE-02) and Germany (DE-01, DE-02); docs/DISCLOSURE.md explains the choices.
 */
import type { RuleResult } from './disclosure.types.js';
import { upfront, type Reading } from './reading.js';
import { MOVE_TO_START, rule, span } from './rule-result.js';

export function ukRules(r: Reading): RuleResult[] {
  const always = r.pack.accepted.length + r.pack.titleLabels.length > 0;
  const uk01 = !r.needed
    ? rule('UK-01', 'not_applicable', 'B', 'No disclosure needed.')
    : always
      ? rule(
          'UK-01',
          'passed',
          'B',
          "An always-acceptable label ('Ad', 'Advert', 'Advertisement') is present.",
        )
      : rule(
          'UK-01',
          'failed',
          'B',
          "Use 'Ad', '#ad', 'Advert' or 'Advertisement': other words are not enough in the UK.",
          r.pack.conditional.map((h) => span(h)),
        );
  const uk02 =
    !r.needed || r.pack.conditional.length === 0
      ? rule(
          'UK-02',
          'not_applicable',
          'W',
          "No 'gifted', 'affiliate' or 'brand ambassador' wording.",
        )
      : always
        ? rule(
            'UK-02',
            'passed',
            'W',
            "'Gifted'/'affiliate' wording stands with 'Ad'.",
            r.pack.conditional.map((h) => span(h)),
          )
        : rule(
            'UK-02',
            'failed',
            'W',
            "'Gifted', 'sponsored', 'affiliate' or 'brand ambassador' alone is risky: add 'Ad'.",
            r.pack.conditional.map((h) => span(h)),
          );
  const uk03 =
    r.pack.never.length === 0
      ? rule('UK-03', 'passed', 'B', 'No never-acceptable wording.')
      : always
        ? rule(
            'UK-03',
            'passed',
            'B',
            "Never-acceptable wording is backed by 'Ad'.",
            r.pack.never.map((h) => span(h)),
          )
        : rule(
            'UK-03',
            'failed',
            'B',
            "'#sp', '#spon', 'in collaboration with', 'brought to you by' or 'thanks to' " +
              "is not a label: use 'Ad'.",
            r.pack.never.map((h) => span(h)),
          );
  const uk04 =
    !r.needed || !always
      ? rule('UK-04', 'not_applicable', 'B', 'No always-acceptable label to place.')
      : upfront(r, r.pack)
        ? rule('UK-04', 'passed', 'B', "The label is seen before 'see more'.")
        : rule(
            'UK-04',
            'failed',
            'B',
            `The label is hidden behind 'see more': ${MOVE_TO_START}.`,
            r.pack.best ? [span(r.pack.best)] : [],
          );
  return [uk01, uk02, uk03, uk04];
}

/** Ireland and Germany: a label from the market's own set, upfront. */
export function packRules(r: Reading, prefix: 'IE' | 'DE', words: string): RuleResult[] {
  const always = r.pack.accepted.length + r.pack.titleLabels.length > 0;
  const first = !r.needed
    ? rule(`${prefix}-01`, 'not_applicable', 'B', 'No disclosure needed.')
    : always
      ? rule(`${prefix}-01`, 'passed', 'B', `A label the market accepts (${words}) is present.`)
      : rule(
          `${prefix}-01`,
          'failed',
          r.pack.conditional.length > 0 ? 'W' : 'B',
          `Use ${words}.`,
          [...r.pack.conditional, ...r.pack.ambiguous].map((h) => span(h)),
        );
  const second =
    !r.needed || !always
      ? rule(`${prefix}-02`, 'not_applicable', 'B', 'No accepted label to place.')
      : upfront(r, r.pack)
        ? rule(`${prefix}-02`, 'passed', 'B', 'The label is upfront.')
        : rule(
            `${prefix}-02`,
            'failed',
            'B',
            `The label must come first: ${MOVE_TO_START}.`,
            r.pack.best ? [span(r.pack.best)] : [],
          );
  return [first, second];
}
