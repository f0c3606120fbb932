import { useCallback, useState } from 'react';
import type { ApiError } from '../../api/client';
import { toApiError } from '../../api/useResource';

/**
 * One action's request state: `run` marks it busy, clears the last error, and keeps the
 * API's error for the alert beside the action. Answers true when the work succeeded.
 */
export function useAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async (work: () => Promise<unknown>): Promise<boolean> => {
    setPending(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (caught) {
      setError(toApiError(caught));
      return false;
    } finally {
      setPending(false);
    }
  }, []);
  return { pending, error, run, clear: () => setError(null) };
}
