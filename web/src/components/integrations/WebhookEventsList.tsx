import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import {
  canReplayWebhookEvent,
  replayWebhookEvent,
  useWebhookEvents,
} from '../../api/integrations';
import {
  WEBHOOK_EVENT_STATUSES,
  type IntegrationSource,
  type WebhookEvent,
  type WebhookEventStatus,
} from '../../api/types';
import { toApiError } from '../../api/useResource';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';
import { Loading } from '../Loading';
import { LoadMore } from '../LoadMore';
import { RelativeTime } from '../RelativeTime';
import { StatusBadge } from '../StatusBadge';
import { WEBHOOK_EVENT_TONES } from './statusTones';

function isEventStatus(value: string): value is WebhookEventStatus {
  return (WEBHOOK_EVENT_STATUSES as readonly string[]).includes(value);
}

/**
 * Recent webhooks partner systems sent, filtered by status and source; failed or parked ones
 * can be processed again.
 */
export function WebhookEventsList({ sources }: { sources: readonly IntegrationSource[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [status, setStatus] = useState<WebhookEventStatus | ''>('');
  const [source, setSource] = useState('');
  const events = useWebhookEvents(status, source);

  const handleReplayed = (event: WebhookEvent) => {
    events.setItems((items) => items.map((item) => (item.id === event.id ? event : item)));
  };

  return (
    <>
      <div className="filter-bar">
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('common.status')}</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(event) =>
              setStatus(isEventStatus(event.target.value) ? event.target.value : '')
            }
          >
            <option value="">{t('common.allStatuses')}</option>
            {WEBHOOK_EVENT_STATUSES.map((item) => (
              <option key={item} value={item}>
                {t(`webhookEvents.status.${item}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-source`}>{t('webhookEvents.source')}</label>
          <select
            id={`${id}-source`}
            value={source}
            onChange={(event) => setSource(event.target.value)}
          >
            <option value="">{t('webhookEvents.allSources')}</option>
            {sources.map((item) => (
              <option key={item.id} value={item.slug}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button" onClick={events.reload}>
          {t('common.refresh')}
        </button>
      </div>
      {events.loading ? <Loading /> : null}
      {events.items.length === 0 ? (
        <ErrorAlert error={events.error} onRetry={events.reload} />
      ) : null}
      {!events.loading && !events.error && events.items.length === 0 ? (
        <p>{t('webhookEvents.empty')}</p>
      ) : null}
      <ol className="plain-list" aria-label={t('webhookEvents.title')}>
        {events.items.map((event) => (
          <li key={event.id}>
            <WebhookEventItem event={event} onReplayed={handleReplayed} />
          </li>
        ))}
      </ol>
      <LoadMore paged={events} />
    </>
  );
}

function WebhookEventItem({
  event,
  onReplayed,
}: {
  event: WebhookEvent;
  onReplayed: (event: WebhookEvent) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const handleReplay = async () => {
    setPending(true);
    setError(null);
    try {
      onReplayed(await replayWebhookEvent(event.id));
      announce(t('webhookEvents.replayed', { topic: event.topic }));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <article className="card compact" aria-labelledby={`${id}-topic`}>
      <h4 id={`${id}-topic`} className="mono">
        {event.topic}
      </h4>
      <p className="meta">
        <StatusBadge
          tone={WEBHOOK_EVENT_TONES[event.status]}
          text={t(`webhookEvents.status.${event.status}`)}
        />
        <span>
          {t('webhookEvents.from')} <span className="mono">{event.source}</span>
        </span>
        <span>
          {t('webhookEvents.attempts', {
            count: event.attempts,
            formatted: format.number(event.attempts),
          })}
        </span>
        <span>
          {t('webhookEvents.received')} <RelativeTime value={event.receivedAt} />
        </span>
        {event.processedAt ? (
          <span>
            {t('webhookEvents.processed')} <RelativeTime value={event.processedAt} />
          </span>
        ) : null}
      </p>
      <p className="small muted">
        {t('webhookEvents.eventId')} <span className="mono">{event.eventId}</span>
      </p>
      {event.waitingFor ? (
        <p className="small">
          {t('webhookEvents.waitingFor')} <code>{event.waitingFor}</code>
        </p>
      ) : null}
      {event.lastError ? (
        <p className="failure small">
          <strong>{t('common.lastError')}</strong> {event.lastError}
        </p>
      ) : null}
      {canReplayWebhookEvent(event) ? (
        <div className="actions">
          <button
            type="button"
            className="button small"
            disabled={pending}
            aria-busy={pending}
            onClick={() => void handleReplay()}
          >
            {t('webhookEvents.replay')}
          </button>
        </div>
      ) : null}
      <ErrorAlert error={error} />
    </article>
  );
}
