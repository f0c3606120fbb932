import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { toApiError } from '../api/useResource';
import { announce } from './announcer';
import { ErrorAlert } from './ErrorAlert';

interface FollowButtonProps {
  /**
   * Stable accessible name, e.g. "Follow space"; the state is in aria-pressed. While following,
   * the visible text says "Following".
   */
  label: string;
  following: boolean;
  save: (following: boolean) => Promise<void>;
}

/** A toggle button for following a space, post or member. */
export function FollowButton({ label, following, save }: FollowButtonProps) {
  const { t } = useTranslation();
  const [pressed, setPressed] = useState(following);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => setPressed(following), [following]);

  const handleClick = async () => {
    const next = !pressed;
    setPending(true);
    setError(null);
    try {
      await save(next);
      setPressed(next);
      announce(next ? t('follow.on') : t('follow.off'));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <span className="follow">
      <button
        type="button"
        className="button toggle"
        aria-label={label}
        aria-pressed={pressed}
        disabled={pending}
        onClick={() => void handleClick()}
      >
        <span className="toggle-mark" aria-hidden="true">
          {pressed ? '✓' : '+'}
        </span>
        {pressed ? t('follow.following') : label}
      </button>
      <ErrorAlert error={error} />
    </span>
  );
}
