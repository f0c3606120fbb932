import type { Span } from '../../api/moderation';

/** A stretch of text and the categories of the spans that cover all of it (none: plain text). */
export interface Segment {
  start: number;
  end: number;
  text: string;
  categories: string[];
}

/**
 * Cuts `text.slice(from, to)` into segments at every span boundary inside it. Offsets are
 * UTF-16 indexes into the whole `text`, as the check reports them; spans reaching outside the
 * slice are clipped to it, empty or reversed ones are ignored, and overlapping spans give a
 * segment with both categories. Neighbouring segments with the same categories are joined.
 */
export function segmentText(
  text: string,
  spans: readonly Span[],
  from = 0,
  to = text.length,
): Segment[] {
  const lower = Math.max(0, Math.min(from, text.length));
  const upper = Math.max(lower, Math.min(to, text.length));
  const inside = spans
    .map((span) => ({
      start: Math.max(lower, Math.trunc(span.start)),
      end: Math.min(upper, Math.trunc(span.end)),
      category: span.category,
    }))
    .filter((span) => Number.isFinite(span.start) && span.start < span.end);
  const cuts = new Set<number>([lower, upper]);
  for (const span of inside) {
    cuts.add(span.start);
    cuts.add(span.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let index = 0; index + 1 < points.length; index += 1) {
    const start = points[index];
    const end = points[index + 1];
    const categories = [
      ...new Set(
        inside.filter((span) => span.start <= start && span.end >= end).map((s) => s.category),
      ),
    ].sort();
    const last = segments.at(-1);
    if (last && last.categories.join() === categories.join()) {
      last.end = end;
      last.text = text.slice(last.start, end);
    } else {
      segments.push({ start, end, text: text.slice(start, end), categories });
    }
  }
  return segments.filter((segment) => segment.text.length > 0);
}
