import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fileRequest,
  MEMBER_KINDS,
  myExportUrl,
  type PrivacyRequest,
  type RequestKind,
} from '../../api/privacyRequests';
import type { Paged } from '../../api/usePaged';
import { useFormat } from '../../i18n/useFormat';
import { AmbassadorError } from '../ambassadors/AmbassadorError';
import { useAction } from '../ambassadors/useAction';
import { announce } from '../announcer';
import { Loading } from '../Loading';
import { LoadMore } from '../LoadMore';
import { RequestStatusBadge } from './RequestStatusBadge';

function MyRequest({ request }: { request: PrivacyRequest }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const closed = request.closedAt !== null;
  return (
    <article className="card" aria-labelledby={`${id}-kind`}>
      <div className="head-row">
        <h3 id={`${id}-kind`}>{t(`privacyCentre.kinds.${request.kind}`)}</h3>
        <RequestStatusBadge status={request.status} />
      </div>
      <p className="meta">
        <span>
          {t('privacyCentre.requests.received', { date: format.dateTime(request.receivedAt) })}
        </span>
        {closed && request.closedAt ? (
          <span>
            {t('privacyCentre.requests.closed', { date: format.dateTime(request.closedAt) })}
          </span>
        ) : (
          <span>{t('privacyCentre.requests.due', { date: format.date(request.dueAt) })}</span>
        )}
      </p>
      {request.note ? <p className="review-text">{request.note}</p> : null}
      {request.extensionReason ? (
        <p className="hint">
          {t('privacyCentre.requests.extended', { reason: request.extensionReason })}
        </p>
      ) : null}
      {request.refusalReason ? (
        <p>{t('privacyCentre.requests.refused', { reason: request.refusalReason })}</p>
      ) : null}
      {request.exportId && request.status === 'completed' ? (
        <p>
          <a href={myExportUrl(request.exportId)} download>
            {t('privacyCentre.requests.download')}
          </a>
        </p>
      ) : null}
    </article>
  );
}

/** The member's requests, soonest due first, and the form that files a new one. */
export function MyRequestsSection({
  requests,
  onFiled,
}: {
  requests: Paged<PrivacyRequest>;
  onFiled: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const [kind, setKind] = useState<RequestKind>('access');
  const [note, setNote] = useState('');

  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('privacyCentre.requests.heading')}</h2>
      {requests.loading ? <Loading /> : null}
      <AmbassadorError error={requests.error} onRetry={requests.reload} />
      {!requests.loading && requests.items.length === 0 ? (
        <p className="muted">{t('privacyCentre.requests.empty')}</p>
      ) : null}
      {requests.items.length > 0 ? (
        <div className="stack">
          {requests.items.map((request) => (
            <MyRequest key={request.id} request={request} />
          ))}
        </div>
      ) : null}
      <LoadMore paged={requests} />
      <form
        className="stack card"
        aria-label={t('privacyCentre.requests.form')}
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            await fileRequest(kind, note);
            announce(t('privacyCentre.requests.filed'));
            setNote('');
            onFiled();
          });
        }}
      >
        <h3>{t('privacyCentre.requests.form')}</h3>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('privacyCentre.requests.kind')}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            aria-describedby={`${id}-kind-hint`}
            onChange={(event) => setKind(event.target.value as RequestKind)}
          >
            {MEMBER_KINDS.map((item) => (
              <option key={item} value={item}>
                {t(`privacyCentre.kinds.${item}`)}
              </option>
            ))}
          </select>
          <p id={`${id}-kind-hint`} className="hint">
            {t(`privacyCentre.kindHints.${kind}`)}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>{t('privacyCentre.requests.note')}</label>
          <textarea
            id={`${id}-note`}
            rows={3}
            maxLength={2000}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
        <div className="actions">
          <button
            type="submit"
            className="button primary"
            disabled={action.pending}
            aria-busy={action.pending}
          >
            {t('privacyCentre.requests.submit')}
          </button>
        </div>
        <AmbassadorError error={action.error} />
      </form>
    </section>
  );
}
