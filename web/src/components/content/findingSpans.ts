import type { Span } from '../../api/moderation';
import type { Finding } from '../../api/content';

/**
 * The findings' spans in the shape the highlighter reads: the rule id stands for the category
 * (so a mark says "DISC-01"), the finding's id for the rule. Only `selected` findings when
 * given, so a reviewer can show the stretches of one finding at a time.
 */
export function findingSpans(findings: readonly Finding[], selected?: ReadonlySet<string>): Span[] {
  return findings
    .filter((finding) => !selected || selected.size === 0 || selected.has(finding.id))
    .flatMap((finding) =>
      finding.spans.map((span) => ({
        start: span.start,
        end: span.end,
        category: finding.ruleId,
        rule: finding.id,
      })),
    );
}
