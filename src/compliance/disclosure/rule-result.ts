/** Small builders for rule results shared by the disclosure rules. */
import type { RuleOutcome, RuleResult, Severity, Span } from './disclosure.types.js';

export const MOVE_TO_START = "move the disclosure to the start (e.g. 'Ad:' or '#ad' first)";

export function span(
  hit: { start: number; end: number; text: string },
  field?: Span['field'],
): Span {
  return field === undefined
    ? { start: hit.start, end: hit.end, text: hit.text }
    : { start: hit.start, end: hit.end, text: hit.text, field };
}

export function rule(
  id: string,
  outcome: RuleOutcome,
  severity: Severity,
  message: string,
  evidence: Span[] = [],
): RuleResult {
  return { id, outcome, severity, message, evidence };
}
