import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';

// Error codes with their own translated text; any other code shows the server's message.
const KNOWN_CODES = [
  'network_error',
  'validation_failed',
  'bad_cursor',
  'verification_link_invalid',
  'unauthenticated',
  'invalid_credentials',
  'reauthentication_required',
  'forbidden',
  'csrf_failed',
  'tenant_mismatch',
  'account_suspended',
  'not_found',
  'tenant_not_found',
  'conflict',
  'email_taken',
  'username_taken',
  'slug_taken',
  'email_already_verified',
  'customer_already_linked',
  'endpoint_disabled',
  'delivery_pending',
  'webhook_event_not_replayable',
  'payload_too_large',
  'unsupported_media_type',
  'weak_password',
  'invalid_username',
  'import_request_invalid',
  'endpoint_url_refused',
  'disclosure_required',
  'age_requirement_not_met',
  'rate_limited',
  'internal_error',
  'service_unavailable',
] as const;
type KnownCode = (typeof KNOWN_CODES)[number];

// For these the server's message says exactly what to change, so it is shown as well.
const SPECIFIC_CODES = new Set([
  'validation_failed',
  'weak_password',
  'invalid_username',
  'import_request_invalid',
  'unsupported_media_type',
  'disclosure_required',
  'age_requirement_not_met',
]);

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
  const showServerText = !known || SPECIFIC_CODES.has(error.code);
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
