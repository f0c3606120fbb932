import { type FormEvent, useState } from 'react';
import type { ApiError } from './client';
import { toApiError } from './useResource';

/**
 * The submit handling every account form shares: prevent the browser's own submit, mark the
 * form busy, clear the last error, run `action`. A failure is kept for the form's alert and
 * frees the form again; a success leaves it busy, because the page moves on or changes view.
 */
export function useFormAction(action: () => Promise<void>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(toApiError(caught));
      setPending(false);
    }
  };

  return { pending, error, handleSubmit };
}
