import type { Span } from '../../api/moderation';
import { segmentText } from './highlight';
import { useCodeLabel } from './labels';

interface HighlightedTextProps {
  /** The whole text the spans' offsets point into. */
  text: string;
  spans: readonly Span[];
  /** The part of `text` to show, [from, to). */
  from?: number;
  to?: number;
}

/**
 * Plain text with the stretches the check found marked. Everything is React text: nothing the
 * member wrote is ever read as HTML. Each mark also says its category in words, for screen
 * readers (which do not announce <mark> on their own).
 */
export function HighlightedText({ text, spans, from = 0, to = text.length }: HighlightedTextProps) {
  const codeLabel = useCodeLabel();
  return (
    <>
      {segmentText(text, spans, from, to).map((segment) => {
        if (segment.categories.length === 0) {
          return <span key={segment.start}>{segment.text}</span>;
        }
        const what = segment.categories.map(codeLabel).join(', ');
        return (
          <mark key={segment.start} className="span-mark" title={what}>
            {segment.text}
            <span className="visually-hidden"> ({what})</span>
          </mark>
        );
      })}
    </>
  );
}
