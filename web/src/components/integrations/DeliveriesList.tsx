import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { canReplayDelivery, replayDelivery } from '../../api/integrations';
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus } from '../../api/types';
import type { Paged } from '../../api/usePaged';
import { toApiError } from '../../api/useResource';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';
import { Loading } from '../Loading';
import { LoadMore } from '../LoadMore';
import { RelativeTime } from '../RelativeTime';
import { StatusBadge } from '../StatusBadge';
import { topicLabel } from './EndpointForm';
import { DELIVERY_TONES } from './statusTones';

function isDeliveryStatus(value: string): value is DeliveryStatus {
  return (DELIVERY_STATUSES as readonly string[]).includes(value);
}

interface DeliveriesListProps {
  deliveries: Paged<Delivery>;
  status: DeliveryStatus | '';
  onStatus: (status: DeliveryStatus | '') => void;
}

/** Recent deliveries of webhooks and loyalty calls, filtered by status, with replay. */
export function DeliveriesList({ deliveries, status, onStatus }: DeliveriesListProps) {
  const { t } = useTranslation();
  const id = useId();
  const { setItems } = deliveries;

  const handleReplayed = (delivery: Delivery) => {
    setItems((items) => items.map((item) => (item.id === delivery.id ? delivery : item)));
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
              onStatus(isDeliveryStatus(event.target.value) ? event.target.value : '')
            }
          >
            <option value="">{t('common.allStatuses')}</option>
            {DELIVERY_STATUSES.map((item) => (
              <option key={item} value={item}>
                {t(`deliveries.status.${item}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button" onClick={deliveries.reload}>
          {t('common.refresh')}
        </button>
      </div>
      {deliveries.loading ? <Loading /> : null}
      {deliveries.items.length === 0 ? (
        <ErrorAlert error={deliveries.error} onRetry={deliveries.reload} />
      ) : null}
      {!deliveries.loading && !deliveries.error && deliveries.items.length === 0 ? (
        <p>{t('deliveries.empty')}</p>
      ) : null}
      <ol className="plain-list" aria-label={t('deliveries.title')}>
        {deliveries.items.map((delivery) => (
          <li key={delivery.id}>
            <DeliveryItem delivery={delivery} onReplayed={handleReplayed} />
          </li>
        ))}
      </ol>
      <LoadMore paged={deliveries} />
    </>
  );
}

function DeliveryItem({
  delivery,
  onReplayed,
}: {
  delivery: Delivery;
  onReplayed: (delivery: Delivery) => void;
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
      onReplayed(await replayDelivery(delivery.id));
      announce(t('deliveries.replayed', { destination: delivery.destination }));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const lastAnswer =
    delivery.lastStatus !== null
      ? t('deliveries.httpStatus', { status: delivery.lastStatus })
      : null;

  return (
    <article className="card compact" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>
        {topicLabel(delivery.topic, t)} <span className="mono small muted">({delivery.topic})</span>
      </h4>
      <p className="small">
        {t(delivery.target === 'loyalty' ? 'deliveries.toLoyalty' : 'deliveries.toWebhook')}{' '}
        <span className="mono">{delivery.destination}</span>
      </p>
      <p className="meta">
        <StatusBadge
          tone={DELIVERY_TONES[delivery.status]}
          text={t(`deliveries.status.${delivery.status}`)}
        />
        <span>
          {t('deliveries.attempts', {
            count: delivery.attempts,
            formatted: format.number(delivery.attempts),
          })}
        </span>
        {lastAnswer ? (
          <span>
            {t('deliveries.lastAnswer')} {lastAnswer}
            {delivery.lastDurationMs !== null
              ? ` (${t('deliveries.duration', { ms: format.number(delivery.lastDurationMs) })})`
              : ''}
          </span>
        ) : null}
        <span>
          {t('deliveries.created')} <RelativeTime value={delivery.createdAt} />
        </span>
        {delivery.deliveredAt ? (
          <span>
            {t('deliveries.delivered')} <RelativeTime value={delivery.deliveredAt} />
          </span>
        ) : null}
        {delivery.nextAttemptAt && delivery.status === 'pending' ? (
          <span>
            {t('deliveries.nextAttempt')} <RelativeTime value={delivery.nextAttemptAt} />
          </span>
        ) : null}
      </p>
      {delivery.lastError ? (
        <p className="failure small">
          <strong>{t('common.lastError')}</strong> {delivery.lastError}
        </p>
      ) : null}
      {canReplayDelivery(delivery) ? (
        <div className="actions">
          <button
            type="button"
            className="button small"
            disabled={pending}
            aria-busy={pending}
            onClick={() => void handleReplay()}
          >
            {t('deliveries.replay')}
          </button>
        </div>
      ) : null}
      <ErrorAlert error={error} />
    </article>
  );
}
