import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { toApiError } from '../../api/useResource';
import { fieldIssue } from './GamificationError';

/**
 * What every program form shares: problems found before sending (by field), the server's
 * refusal, and the words beside each field, whichever of the two named it.
 */
export function useProgramForm() {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [local, setLocal] = useState<Record<string, 'required' | 'number'>>({});

  const errorOf = (field: string): string | null => {
    const problem = local[field];
    if (problem) {
      return problem === 'required'
        ? t('gamification.form.required')
        : t('gamification.form.notANumber');
    }
    return fieldIssue(error, field);
  };

  /**
   * Submits: stops when `problems` names a field (focusing the first one, by `id-field`),
   * else runs `work`; a failure is kept for the alert and the fields.
   */
  const submit =
    (
      idPrefix: string,
      problems: () => Record<string, 'required' | 'number'>,
      work: () => Promise<void>,
    ) =>
    async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      setError(null);
      const found = problems();
      setLocal(found);
      const first = Object.keys(found)[0];
      if (first !== undefined) {
        document.getElementById(`${idPrefix}-${first}`)?.focus();
        return;
      }
      setPending(true);
      try {
        await work();
      } catch (caught) {
        setError(toApiError(caught));
      } finally {
        setPending(false);
      }
    };

  return { pending, error, setError, errorOf, submit };
}
