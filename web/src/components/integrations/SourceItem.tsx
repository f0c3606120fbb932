import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import {
  deleteSource,
  inboundWebhookUrl,
  rotateSourceSecret,
  setSourceEnabled,
} from '../../api/integrations';
import type { IntegrationSource, IntegrationSourceWithSecret } from '../../api/types';
import { toApiError } from '../../api/useResource';
import { useFormat } from '../../i18n/useFormat';
import { announce } from '../announcer';
import { ConfirmButton } from '../ConfirmButton';
import { CopyButton } from '../CopyButton';
import { DeleteButton } from '../DeleteButton';
import { ErrorAlert } from '../ErrorAlert';
import { RelativeTime } from '../RelativeTime';
import { StatusBadge } from '../StatusBadge';

interface SourceItemProps {
  source: IntegrationSource;
  onChange: (source: IntegrationSource) => void;
  onRotated: (source: IntegrationSourceWithSecret) => void;
  onDeleted: (source: IntegrationSource) => void;
}

/** One source: its kind, state and webhook address, and what an admin can do with it. */
export function SourceItem({ source, onChange, onRotated, onDeleted }: SourceItemProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const address = inboundWebhookUrl(source);

  const handleToggle = async () => {
    setPending(true);
    setError(null);
    try {
      const changed = await setSourceEnabled(source.id, !source.enabled);
      onChange(changed);
      announce(
        t(changed.enabled ? 'sources.enabledNow' : 'sources.disabledNow', { name: source.name }),
      );
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const handleRotate = async () => {
    onRotated(await rotateSourceSecret(source.id));
  };
  const handleDelete = async () => {
    await deleteSource(source.id);
    onDeleted(source);
    announce(t('sources.deleted', { name: source.name }));
  };

  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <h4 id={`${id}-name`}>{source.name}</h4>
      <p className="meta">
        <StatusBadge
          tone={source.enabled ? 'good' : 'neutral'}
          text={source.enabled ? t('common.enabled') : t('common.disabled')}
        />
        <span>{t(`sources.kinds.${source.kind}`)}</span>
        <span className="mono">{source.slug}</span>
        <span>
          {t('common.added')} <RelativeTime value={source.createdAt} />
        </span>
      </p>
      <dl className="details">
        <div>
          <dt>{t('sources.webhookAddress')}</dt>
          <dd>
            <code>{address}</code> <CopyButton text={address} label={t('sources.copyAddress')} />
          </dd>
        </div>
        <div>
          <dt>{t('sources.apiUrl')}</dt>
          <dd>{source.apiUrl ? <code>{source.apiUrl}</code> : t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('sources.apiKey')}</dt>
          <dd>{source.hasApiKey ? t('sources.apiKeySaved') : t('common.none')}</dd>
        </div>
        {source.previousSecretExpiresAt ? (
          <div>
            <dt>{t('sources.previousSecret')}</dt>
            <dd>
              {t('sources.previousSecretUntil', {
                time: format.dateTime(source.previousSecretExpiresAt),
              })}
            </dd>
          </div>
        ) : null}
      </dl>
      <div className="actions">
        <button
          type="button"
          className="button small"
          disabled={pending}
          aria-busy={pending}
          onClick={() => void handleToggle()}
        >
          {source.enabled ? t('sources.disable') : t('sources.enable')}
        </button>
        <ConfirmButton
          label={t('sources.rotate')}
          question={t('sources.rotateQuestion', { name: source.name })}
          confirmLabel={t('secret.confirmRotate')}
          run={handleRotate}
          small
        />
        <DeleteButton
          label={t('sources.delete')}
          question={t('sources.deleteQuestion', { name: source.name })}
          remove={handleDelete}
          small
        />
      </div>
      <ErrorAlert error={error} />
    </article>
  );
}
