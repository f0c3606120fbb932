import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { ErrorAlert } from '../ErrorAlert';

/** One problem the server named in a 400 answer: where, and what is wrong there. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * The issues of a `validation_failed` answer: the schema's list (`[{ path, message }]`) or the
 * one field a service named (`{ field }`, with the answer's message).
 */
export function validationIssues(error: ApiError | null): ValidationIssue[] {
  if (!error || error.code !== 'validation_failed') {
    return [];
  }
  const details: unknown = error.details;
  if (Array.isArray(details)) {
    return details.flatMap((entry: unknown) => {
      if (typeof entry !== 'object' || entry === null) {
        return [];
      }
      const { path, message } = entry as { path?: unknown; message?: unknown };
      return [
        {
          path: typeof path === 'string' ? path : '/',
          message: typeof message === 'string' ? message : error.message,
        },
      ];
    });
  }
  if (details && typeof details === 'object' && 'field' in details) {
    const field = (details as { field?: unknown }).field;
    if (typeof field === 'string') {
      return [{ path: `/${field}`, message: error.message }];
    }
  }
  return [];
}

/** Who holds a claimed item, from a `review_item_claimed` answer. */
export function claimedByOf(error: ApiError | null): string | null {
  const holder: unknown = error?.details?.claimedBy;
  return typeof holder === 'string' && holder !== '' ? holder : null;
}

const OWN_CODES = [
  'review_item_claimed',
  'review_item_resolved',
  'model_not_promotable',
  'already_appealed',
  'not_appealable',
] as const;
type OwnCode = (typeof OWN_CODES)[number];

function isOwnCode(code: string): code is OwnCode {
  return (OWN_CODES as readonly string[]).includes(code);
}

interface ModerationErrorProps {
  error: ApiError | null;
  onRetry?: () => void;
  /** Names the fields of a form in the issue list (API path → label). */
  fieldLabel?: (path: string) => string | null;
  /** Id of the alert, so invalid fields can point at it with aria-describedby. */
  id?: string;
}

/**
 * An error of the moderation API. Its own conflicts get their own words (and who holds a
 * claimed item, or why a version cannot be promoted); a refused form lists every problem the
 * server named; anything else is shown as everywhere else in Guild.
 */
export function ModerationError({ error, onRetry, fieldLabel, id }: ModerationErrorProps) {
  const { t } = useTranslation();
  if (!error) {
    return null;
  }
  const issues = validationIssues(error);
  if (!isOwnCode(error.code) && issues.length === 0) {
    return <ErrorAlert error={error} onRetry={onRetry} />;
  }
  let headline: string;
  let detail: string | null = null;
  if (error.code === 'review_item_claimed') {
    const holder = claimedByOf(error);
    headline = holder
      ? t('moderation.errors.claimedBy', { username: holder })
      : t('moderation.errors.claimed');
  } else if (isOwnCode(error.code)) {
    headline = t(`moderation.errors.${error.code}`);
    detail = error.code === 'model_not_promotable' ? error.message : null;
  } else {
    headline = t('moderation.errors.invalid');
  }
  return (
    <div className="alert" role="alert" id={id}>
      <p className="alert-title">{headline}</p>
      {detail ? <p>{detail}</p> : null}
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
