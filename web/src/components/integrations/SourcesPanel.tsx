import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSources, withoutSecret } from '../../api/integrations';
import type { IntegrationSource, IntegrationSourceWithSecret } from '../../api/types';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';
import { Loading } from '../Loading';
import { LoadMore } from '../LoadMore';
import { SecretPanel, type ShownSecret } from '../SecretPanel';
import { SourceForm } from './SourceForm';
import { SourceItem } from './SourceItem';
import { WebhookEventsList } from './WebhookEventsList';

/** The Sources tab: partner systems that send webhooks, and the events they sent. */
export function SourcesPanel() {
  const { t } = useTranslation();
  const sources = useSources();
  const { setItems } = sources;
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  const handleCreated = (created: IntegrationSourceWithSecret) => {
    setItems((items) => [withoutSecret(created), ...items]);
    setShown({ owner: created.name, secret: created.secret });
    announce(t('sources.created', { name: created.name }));
  };
  const handleRotated = (rotated: IntegrationSourceWithSecret) => {
    const source = withoutSecret(rotated);
    setItems((items) => items.map((item) => (item.id === source.id ? source : item)));
    setShown({ owner: rotated.name, secret: rotated.secret });
  };
  const handleChange = (source: IntegrationSource) => {
    setItems((items) => items.map((item) => (item.id === source.id ? source : item)));
  };
  const handleDeleted = (source: IntegrationSource) => {
    setItems((items) => items.filter((item) => item.id !== source.id));
    listHeading.current?.focus();
  };
  const handleDismiss = () => {
    setShown(null);
    listHeading.current?.focus();
  };

  return (
    <>
      <h2>{t('sources.title')}</h2>
      <p className="muted">{t('sources.intro')}</p>
      <section aria-labelledby="sources-add-heading">
        <h3 id="sources-add-heading">{t('sources.addTitle')}</h3>
        <SourceForm onCreated={handleCreated} />
      </section>
      {shown ? <SecretPanel shown={shown} headingLevel={3} onDismiss={handleDismiss} /> : null}
      <section aria-labelledby="sources-list-heading">
        <h3 id="sources-list-heading" ref={listHeading} tabIndex={-1}>
          {t('sources.listTitle')}
        </h3>
        {sources.loading ? <Loading /> : null}
        {sources.items.length === 0 ? (
          <ErrorAlert error={sources.error} onRetry={sources.reload} />
        ) : null}
        {!sources.loading && !sources.error && sources.items.length === 0 ? (
          <p>{t('sources.empty')}</p>
        ) : null}
        <ul className="plain-list" aria-label={t('sources.listTitle')}>
          {sources.items.map((source) => (
            <li key={source.id}>
              <SourceItem
                source={source}
                onChange={handleChange}
                onRotated={handleRotated}
                onDeleted={handleDeleted}
              />
            </li>
          ))}
        </ul>
        <LoadMore paged={sources} />
      </section>
      <section aria-labelledby="sources-events-heading">
        <h3 id="sources-events-heading">{t('webhookEvents.title')}</h3>
        <WebhookEventsList sources={sources.items} />
      </section>
    </>
  );
}
