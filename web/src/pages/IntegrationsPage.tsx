import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ImportsPanel } from '../components/integrations/ImportsPanel';
import { OutboundPanel } from '../components/integrations/OutboundPanel';
import { SourcesPanel } from '../components/integrations/SourcesPanel';
import { PageTitle } from '../components/PageTitle';
import { type TabItem, Tabs } from '../components/Tabs';

const TAB_KEYS = ['imports', 'sources', 'webhooks'] as const;
type TabKey = (typeof TAB_KEYS)[number];

function isTabKey(value: string | null): value is TabKey {
  return (TAB_KEYS as readonly (string | null)[]).includes(value);
}

/**
 * Admins connect Guild with the retailer's systems here: imports, partner sources that send
 * webhooks, and the webhooks Guild sends. `?tab=` keeps the open tab across reloads.
 */
export function IntegrationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const selected: TabKey = isTabKey(raw) ? raw : 'imports';

  const tabs: TabItem<TabKey>[] = [
    { key: 'imports', label: t('integrations.tabs.imports'), render: () => <ImportsPanel /> },
    { key: 'sources', label: t('integrations.tabs.sources'), render: () => <SourcesPanel /> },
    { key: 'webhooks', label: t('integrations.tabs.webhooks'), render: () => <OutboundPanel /> },
  ];

  const handleSelect = (key: TabKey) => {
    setParams(key === 'imports' ? {} : { tab: key }, { replace: true });
  };

  return (
    <>
      <PageTitle title={t('integrations.title')} />
      <div className="page-head">
        <h1>{t('integrations.title')}</h1>
        <p className="muted">{t('integrations.intro')}</p>
      </div>
      <Tabs
        label={t('integrations.title')}
        tabs={tabs}
        selected={selected}
        onSelect={handleSelect}
      />
    </>
  );
}
