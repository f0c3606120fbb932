import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import {
  deleteEndpoint,
  pingEndpoint,
  rotateEndpointSecret,
  updateEndpoint,
} from '../../api/integrations';
import type {
  Delivery,
  EndpointInput,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '../../api/types';
import { toApiError } from '../../api/useResource';
import { announce } from '../announcer';
import { ConfirmButton } from '../ConfirmButton';
import { DeleteButton } from '../DeleteButton';
import { ErrorAlert } from '../ErrorAlert';
import { RelativeTime } from '../RelativeTime';
import { StatusBadge } from '../StatusBadge';
import { EndpointForm, topicLabel } from './EndpointForm';

interface EndpointItemProps {
  endpoint: WebhookEndpoint;
  onChange: (endpoint: WebhookEndpoint) => void;
  onRotated: (endpoint: WebhookEndpointWithSecret) => void;
  onDeleted: (endpoint: WebhookEndpoint) => void;
  onPinged: (delivery: Delivery) => void;
}

/** One webhook endpoint: address, topics, state; edit, ping, rotate, switch, delete. */
export function EndpointItem({
  endpoint,
  onChange,
  onRotated,
  onDeleted,
  onPinged,
}: EndpointItemProps) {
  const { t } = useTranslation();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [pending, setPending] = useState<'ping' | 'toggle' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const act = async (which: 'ping' | 'toggle', work: () => Promise<void>) => {
    setPending(which);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(null);
    }
  };

  const handlePing = () =>
    act('ping', async () => {
      onPinged(await pingEndpoint(endpoint.id));
      announce(t('endpoints.pinged', { url: endpoint.url }));
    });
  const handleToggle = () =>
    act('toggle', async () => {
      const changed = await updateEndpoint(endpoint.id, { enabled: !endpoint.enabled });
      onChange(changed);
      announce(
        t(changed.enabled ? 'endpoints.enabledNow' : 'endpoints.disabledNow', {
          url: endpoint.url,
        }),
      );
    });
  const handleSave = async (input: EndpointInput) => {
    onChange(await updateEndpoint(endpoint.id, input));
    setEditing(false);
    announce(t('endpoints.saved'));
  };
  const handleRotate = async () => {
    onRotated(await rotateEndpointSecret(endpoint.id));
  };
  const handleDelete = async () => {
    await deleteEndpoint(endpoint.id);
    onDeleted(endpoint);
    announce(t('endpoints.deleted', { url: endpoint.url }));
  };

  return (
    <article className="card" aria-labelledby={`${id}-url`}>
      <h4 id={`${id}-url`} className="mono">
        {endpoint.url}
      </h4>
      {endpoint.description ? <p>{endpoint.description}</p> : null}
      <p className="meta">
        <StatusBadge
          tone={endpoint.enabled ? 'good' : 'neutral'}
          text={endpoint.enabled ? t('common.enabled') : t('common.disabled')}
        />
        <span>
          {t('common.added')} <RelativeTime value={endpoint.createdAt} />
        </span>
      </p>
      <p className="small">
        <strong>{t('endpoints.topics')}:</strong>{' '}
        {endpoint.topics.map((topic) => topicLabel(topic, t)).join(', ')}
      </p>
      {editing ? (
        <section aria-labelledby={`${id}-edit`} className="edit-box">
          <h5 id={`${id}-edit`}>{t('endpoints.editTitle')}</h5>
          <EndpointForm
            initial={endpoint}
            submitLabel={t('endpoints.save')}
            save={handleSave}
            onCancel={() => setEditing(false)}
          />
        </section>
      ) : (
        <div className="actions">
          <button type="button" className="button small" onClick={() => setEditing(true)}>
            {t('endpoints.edit')}
          </button>
          <button
            type="button"
            className="button small"
            disabled={pending !== null || !endpoint.enabled}
            aria-busy={pending === 'ping'}
            onClick={() => void handlePing()}
          >
            {t('endpoints.ping')}
          </button>
          <button
            type="button"
            className="button small"
            disabled={pending !== null}
            aria-busy={pending === 'toggle'}
            onClick={() => void handleToggle()}
          >
            {endpoint.enabled ? t('endpoints.disable') : t('endpoints.enable')}
          </button>
          <ConfirmButton
            label={t('endpoints.rotate')}
            question={t('endpoints.rotateQuestion')}
            confirmLabel={t('secret.confirmRotate')}
            run={handleRotate}
            small
          />
          <DeleteButton
            label={t('endpoints.delete')}
            question={t('endpoints.deleteQuestion')}
            remove={handleDelete}
            small
          />
        </div>
      )}
      <ErrorAlert error={error} />
    </article>
  );
}
