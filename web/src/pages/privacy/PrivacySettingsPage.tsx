import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ConsentState, setConsent, useConsents } from '../../api/privacy';
import { useMyRequests } from '../../api/privacyRequests';
import { AmbassadorError } from '../../components/ambassadors/AmbassadorError';
import { useAction } from '../../components/ambassadors/useAction';
import { announce } from '../../components/announcer';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { DataExportSection } from '../../components/privacy/DataExportSection';
import { DeleteAccountSection } from '../../components/privacy/DeleteAccountSection';
import { MyRequestsSection } from '../../components/privacy/MyRequestsSection';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../i18n/useFormat';

function ConsentCard({
  consent,
  onChanged,
}: {
  consent: ConsentState;
  onChanged: (changed: ConsentState) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const action = useAction();
  const name = t(`privacy.purposes.${consent.purpose}`);

  const handleToggle = () =>
    void action.run(async () => {
      const changed = await setConsent(consent.purpose, !consent.granted, consent.notice.version);
      onChanged(changed);
      announce(
        changed.granted
          ? t('privacy.grantedMessage', { purpose: name })
          : t('privacy.withdrawnMessage', { purpose: name }),
      );
    });

  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <div className="head-row">
        <h2 id={`${id}-name`}>{name}</h2>
        {consent.locked ? (
          <StatusBadge tone="neutral" text={t('privacy.locked')} />
        ) : (
          <StatusBadge
            tone={consent.granted ? 'good' : 'neutral'}
            text={consent.granted ? t('privacy.granted') : t('privacy.notGranted')}
          />
        )}
      </div>
      <p className="meta">
        <span>
          {t('privacy.noticeVersion', {
            version: consent.notice.version,
            date: format.date(consent.notice.publishedAt),
          })}
        </span>
        {consent.granted && consent.grantedAt ? (
          <span>{t('privacy.grantedAt', { date: format.dateTime(consent.grantedAt) })}</span>
        ) : null}
      </p>
      <p className="notice">{consent.notice.body}</p>
      {consent.noticeChanged ? (
        <p className="hint">
          {t('privacy.noticeChanged', {
            old: consent.grantedNoticeVersion ?? '?',
            version: consent.notice.version,
          })}
        </p>
      ) : null}
      {consent.locked ? (
        <p className="hint">
          {consent.purpose === 'ad_sharing' && navigatorSendsGpc()
            ? t('privacy.gpcHint')
            : t('privacy.lockedHint')}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className={consent.granted ? 'button' : 'button primary'}
          aria-pressed={consent.granted}
          aria-describedby={`${id}-state`}
          disabled={action.pending || (consent.locked && !consent.granted)}
          onClick={handleToggle}
        >
          {t('privacy.allow', { purpose: name })}
        </button>
        <span id={`${id}-state`} className="muted small">
          {consent.granted ? t('privacy.toWithdraw') : t('privacy.toGrant')}
        </span>
      </div>
      <AmbassadorError error={action.error} />
    </article>
  );
}

/**
 * The member's privacy centre. Consents: one toggle per purpose with the notice it grants
 * under, its version, a hint when the notice changed since, and "locked" under the consent age.
 * Then "Download my data", the member's data-subject requests with the form that files one,
 * and "Delete my account", which files an erasure request once the member confirms.
 */
export function PrivacySettingsPage() {
  const { t } = useTranslation();
  const consents = useConsents();
  const [requestsVersion, setRequestsVersion] = useState(0);
  const requests = useMyRequests(requestsVersion);
  const handleFiled = useCallback(() => setRequestsVersion((value) => value + 1), []);
  const handleChanged = (changed: ConsentState) =>
    consents.setData((previous) =>
      previous
        ? {
            items: previous.items.map((item) =>
              item.purpose === changed.purpose ? changed : item,
            ),
          }
        : previous,
    );
  return (
    <>
      <PageTitle title={t('privacy.title')} />
      <div className="page-head">
        <h1>{t('privacy.title')}</h1>
        <p className="lead">{t('privacy.intro')}</p>
      </div>
      {consents.loading ? <Loading /> : null}
      <AmbassadorError error={consents.error} onRetry={consents.reload} />
      {consents.data && consents.data.items.length === 0 ? (
        <p className="muted">{t('privacy.empty')}</p>
      ) : null}
      <div className="stack">
        {consents.data?.items.map((consent) => (
          <ConsentCard key={consent.purpose} consent={consent} onChanged={handleChanged} />
        ))}
      </div>
      <DataExportSection onExported={handleFiled} />
      <MyRequestsSection requests={requests} onFiled={handleFiled} />
      <DeleteAccountSection onFiled={handleFiled} />
    </>
  );
}

/** Whether this browser sends Global Privacy Control (the server locks ad sharing then). */
function navigatorSendsGpc(): boolean {
  return (
    (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true
  );
}
