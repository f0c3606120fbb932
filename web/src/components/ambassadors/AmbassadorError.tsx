import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';

interface AmbassadorErrorProps {
  error: ApiError | null;
  onRetry?: () => void;
}

/**
 * An error of the ambassador or privacy API, shown beside the action that caused it: the
 * server's own message says exactly what went wrong (an illegal move and the moves allowed,
 * a stale notice, a missing reason), so it is the headline.
 */
export function AmbassadorError({ error, onRetry }: AmbassadorErrorProps) {
  const { t } = useTranslation();
  if (!error) {
    return null;
  }
  return (
    <div className="alert" role="alert">
      <p className="alert-title">{error.message || t('errors.generic')}</p>
      {error.requestId ? (
        <p className="muted small">{t('errors.reference', { id: error.requestId })}</p>
      ) : null}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {t('actions.retry')}
        </button>
      ) : null}
    </div>
  );
}
