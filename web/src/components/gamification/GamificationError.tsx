import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { ErrorAlert } from '../ErrorAlert';
import { validationIssues } from '../moderation/ModerationError';

/** Error codes of the points and rewards API with their own words. */
const OWN_CODES = [
  'idempotency_key_required',
  'idempotency_key_reused',
  'request_in_progress',
  'insufficient_points',
  'out_of_stock',
  'redemption_limit_reached',
  'reward_not_eligible',
  'badge_already_granted',
  'challenge_not_open',
  'redemption_not_cancellable',
  'disclosure_reminder_required',
  'sentiment_condition_refused',
] as const;
type OwnCode = (typeof OWN_CODES)[number];

function isOwnCode(code: string): code is OwnCode {
  return (OWN_CODES as readonly string[]).includes(code);
}

/** The server's message about one field (`/points` or `points`), for the text beside it. */
export function fieldIssue(error: ApiError | null, field: string): string | null {
  const path = `/${field}`;
  const issue = validationIssues(error).find(
    (item) => item.path === path || item.path.startsWith(`${path}/`),
  );
  return issue ? issue.message : null;
}

interface GamificationErrorProps {
  error: ApiError | null;
  onRetry?: () => void;
  /** Names the fields of a form in the list of problems (API path → label). */
  fieldLabel?: (path: string) => string | null;
  id?: string;
}

/**
 * An error of the points and rewards API, from its `{error:{code,message,details}}` body: its
 * own codes in the member's language with the server's explanation, a refused form as the list
 * of every field the server named, anything else as everywhere in Guild.
 */
export function GamificationError({ error, onRetry, fieldLabel, id }: GamificationErrorProps) {
  const { t } = useTranslation();
  if (!error) {
    return null;
  }
  const issues = validationIssues(error);
  if (!isOwnCode(error.code) && issues.length === 0) {
    return <ErrorAlert error={error} onRetry={onRetry} />;
  }
  const headline = isOwnCode(error.code)
    ? t(`gamification.errors.${error.code}`)
    : t('gamification.errors.invalid');
  const detail = isOwnCode(error.code) && error.message ? error.message : null;
  return (
    <div className="alert" role="alert" id={id}>
      <p className="alert-title">{headline}</p>
      {detail && detail !== headline ? <p>{detail}</p> : null}
      {issues.length > 0 ? (
        <ul className="compact-list">
          {issues.map((issue, index) => {
            const label = fieldLabel?.(issue.path) ?? null;
            return (
              <li key={`${issue.path}-${index}`}>
                {label ? <strong>{label}: </strong> : <code>{issue.path}</code>} {issue.message}
              </li>
            );
          })}
        </ul>
      ) : null}
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
