import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';

// Error codes with their own translated text; any other code shows the server's message.
const KNOWN_CODES = [
  'network_error',
  'unauthenticated',
  'forbidden',
  'not_found',
  'validation_failed',
  'csrf_failed',
  'rate_limited',
  'conflict',
  'invalid_credentials',
  'email_taken',
  'username_taken',
  'tenant_mismatch',
  'internal_error',
] as const;
type KnownCode = (typeof KNOWN_CODES)[number];

function isKnownCode(code: string): code is KnownCode {
  return (KNOWN_CODES as readonly string[]).includes(code);
}

interface ErrorAlertProps {
  error: ApiError | null;
  onRetry?: () => void;
}

/** Shows an API error to the member; role="alert" makes screen readers say it at once. */
export function ErrorAlert({ error, onRetry }: ErrorAlertProps) {
  const { t } = useTranslation();
  if (!error) {
    return null;
  }
  const known = isKnownCode(error.code);
  const headline = known ? t(`errors.${error.code}`) : t('errors.generic');
  const showServerText = !known || error.code === 'validation_failed';
  return (
    <div className="alert" role="alert">
      <p className="alert-title">{headline}</p>
      {showServerText && error.message ? <p>{error.message}</p> : null}
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
