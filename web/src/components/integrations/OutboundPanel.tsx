import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createEndpoint, useDeliveries, useEndpoints, withoutSecret } from '../../api/integrations';
import type {
  DeliveryStatus,
  EndpointInput,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '../../api/types';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';
import { Loading } from '../Loading';
import { LoadMore } from '../LoadMore';
import { SecretPanel, type ShownSecret } from '../SecretPanel';
import { DeliveriesList } from './DeliveriesList';
import { EndpointForm } from './EndpointForm';
import { EndpointItem } from './EndpointItem';

/** The Outbound webhooks tab: endpoints Guild posts events to, and recent deliveries. */
export function OutboundPanel() {
  const { t } = useTranslation();
  const endpoints = useEndpoints();
  const { setItems } = endpoints;
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const deliveries = useDeliveries(status);
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  const handleCreate = async (input: EndpointInput) => {
    const created = await createEndpoint(input);
    setItems((items) => [withoutSecret(created), ...items]);
    setShown({ owner: created.url, secret: created.secret });
    announce(t('endpoints.created'));
  };
  const handleRotated = (rotated: WebhookEndpointWithSecret) => {
    const endpoint = withoutSecret(rotated);
    setItems((items) => items.map((item) => (item.id === endpoint.id ? endpoint : item)));
    setShown({ owner: rotated.url, secret: rotated.secret });
  };
  const handleChange = (endpoint: WebhookEndpoint) => {
    setItems((items) => items.map((item) => (item.id === endpoint.id ? endpoint : item)));
  };
  const handleDeleted = (endpoint: WebhookEndpoint) => {
    setItems((items) => items.filter((item) => item.id !== endpoint.id));
    deliveries.reload();
    listHeading.current?.focus();
  };
  const handlePinged = () => deliveries.reload();
  const handleDismiss = () => {
    setShown(null);
    listHeading.current?.focus();
  };

  return (
    <>
      <h2>{t('endpoints.title')}</h2>
      <p className="muted">{t('endpoints.intro')}</p>
      <section aria-labelledby="endpoints-add-heading">
        <h3 id="endpoints-add-heading">{t('endpoints.addTitle')}</h3>
        <EndpointForm submitLabel={t('endpoints.add')} save={handleCreate} />
      </section>
      {shown ? <SecretPanel shown={shown} headingLevel={3} onDismiss={handleDismiss} /> : null}
      <section aria-labelledby="endpoints-list-heading">
        <h3 id="endpoints-list-heading" ref={listHeading} tabIndex={-1}>
          {t('endpoints.listTitle')}
        </h3>
        {endpoints.loading ? <Loading /> : null}
        {endpoints.items.length === 0 ? (
          <ErrorAlert error={endpoints.error} onRetry={endpoints.reload} />
        ) : null}
        {!endpoints.loading && !endpoints.error && endpoints.items.length === 0 ? (
          <p>{t('endpoints.empty')}</p>
        ) : null}
        <ul className="plain-list" aria-label={t('endpoints.listTitle')}>
          {endpoints.items.map((endpoint) => (
            <li key={endpoint.id}>
              <EndpointItem
                endpoint={endpoint}
                onChange={handleChange}
                onRotated={handleRotated}
                onDeleted={handleDeleted}
                onPinged={handlePinged}
              />
            </li>
          ))}
        </ul>
        <LoadMore paged={endpoints} />
      </section>
      <section aria-labelledby="deliveries-heading">
        <h3 id="deliveries-heading">{t('deliveries.title')}</h3>
        <DeliveriesList deliveries={deliveries} status={status} onStatus={setStatus} />
      </section>
    </>
  );
}
