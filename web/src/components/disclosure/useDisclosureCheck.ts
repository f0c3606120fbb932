import { useEffect, useState } from 'react';
import {
  checkDisclosureDraft,
  type DisclosureDraft,
  type DisclosureResult,
} from '../../api/disclosure';

/** How long typing must pause before the draft is checked. */
const DEBOUNCE_MS = 400;

/**
 * Checks the draft once typing pauses and keeps the latest answer. A draft with no text is not
 * checked; an answer to an older draft is dropped. A failed check keeps the previous answer:
 * the server checks again on publishing, so nothing is let through by a missed check.
 */
export function useDisclosureCheck(draft: DisclosureDraft): DisclosureResult | null {
  const [result, setResult] = useState<DisclosureResult | null>(null);
  const { text, title, market, declaredPaid } = draft;

  useEffect(() => {
    if (!text.trim()) {
      setResult(null);
      return;
    }
    let current = true;
    const timer = window.setTimeout(() => {
      checkDisclosureDraft({ text, title, market, declaredPaid }).then(
        (answer) => {
          if (current) {
            setResult(answer);
          }
        },
        () => undefined,
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [text, title, market, declaredPaid]);

  return result;
}
