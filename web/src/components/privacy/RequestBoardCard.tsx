import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  adminExportUrl,
  EXPORT_KINDS,
  extendRequest,
  IDENTITY_METHODS,
  type IdentityMethod,
  moveRequest,
  OPEN_STATUSES,
  type PrivacyRequest,
  prepareRequestExport,
  type RequestStatus,
  verifyIdentity,
} from '../../api/privacyRequests';
import { useFormat } from '../../i18n/useFormat';
import { AmbassadorError } from '../ambassadors/AmbassadorError';
import { useAction } from '../ambassadors/useAction';
import { announce } from '../announcer';
import { ConfirmButton } from '../ConfirmButton';
import { StatusBadge } from '../StatusBadge';
import { RequestStatusBadge } from './RequestStatusBadge';

/** The one move forward from each open status (refusing is offered apart). */
const NEXT_MOVE: Partial<Record<RequestStatus, 'acknowledge' | 'start' | 'complete'>> = {
  received: 'acknowledge',
  acknowledged: 'start',
  in_progress: 'complete',
};

/** The clock of one request: received, due (and the first due date once extended), days left. */
function Clock({ request }: { request: PrivacyRequest }) {
  const { t } = useTranslation();
  const format = useFormat();
  const open = OPEN_STATUSES.includes(request.status);
  return (
    <dl className="figures">
      <div>
        <dt>{t('requestsBoard.regime')}</dt>
        <dd>{t(`requestsBoard.regimes.${request.regime}`)}</dd>
      </div>
      <div>
        <dt>{t('requestsBoard.received')}</dt>
        <dd>{format.dateTime(request.receivedAt)}</dd>
      </div>
      <div>
        <dt>{t('requestsBoard.due')}</dt>
        <dd>
          {format.dateTime(request.dueAt)}
          {request.extendedAt ? (
            <span className="muted small">
              {' '}
              {t('requestsBoard.firstDue', { date: format.date(request.firstDueAt) })}
            </span>
          ) : null}
        </dd>
      </div>
      {request.ackDueAt ? (
        <div>
          <dt>{t('requestsBoard.ackDue')}</dt>
          <dd>
            {format.dateTime(request.ackDueAt)}
            {request.acknowledgedAt ? (
              <span className="muted small">
                {' '}
                {t('requestsBoard.acknowledgedAt', {
                  date: format.dateTime(request.acknowledgedAt),
                })}
              </span>
            ) : null}
          </dd>
        </div>
      ) : null}
      {open && request.daysLeft !== null ? (
        <div>
          <dt>{t('requestsBoard.daysLeft')}</dt>
          <dd>{t('requestsBoard.daysLeftValue', { count: request.daysLeft })}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t('requestsBoard.identity')}</dt>
        <dd>
          {request.identityMethod
            ? t(`requestsBoard.identityMethods.${request.identityMethod}`)
            : t('requestsBoard.identityMissing')}
        </dd>
      </div>
    </dl>
  );
}

/** The moves the API offers for an open request, each with the fields it needs. */
function Actions({
  request,
  onChanged,
}: {
  request: PrivacyRequest;
  onChanged: (changed: PrivacyRequest) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const [method, setMethod] = useState<IdentityMethod>('email_match');
  const [reason, setReason] = useState('');
  const [extendReason, setExtendReason] = useState('');
  const [noticeDate, setNoticeDate] = useState('');
  const [exportId, setExportId] = useState<string | null>(request.exportId);
  const kind = t(`privacyCentre.kinds.${request.kind}`);

  const run = (work: () => Promise<PrivacyRequest>, message: string) =>
    void action.run(async () => {
      const changed = await work();
      announce(message);
      onChanged(changed);
    });

  const nextMove = NEXT_MOVE[request.status];
  return (
    <>
      <div className="actions">
        {nextMove ? (
          <button
            type="button"
            className="button primary"
            disabled={action.pending}
            onClick={() =>
              run(
                () => moveRequest(request.id, nextMove),
                t(`requestsBoard.done.${nextMove}`, { kind }),
              )
            }
          >
            {t(`requestsBoard.actions.${nextMove}`)}
          </button>
        ) : null}
        {EXPORT_KINDS.includes(request.kind) && request.userId !== null ? (
          <button
            type="button"
            className="button"
            disabled={action.pending}
            onClick={() =>
              void action.run(async () => {
                const prepared = await prepareRequestExport(request.id);
                setExportId(prepared.id);
                announce(t('requestsBoard.done.export'));
              })
            }
          >
            {t('requestsBoard.actions.export')}
          </button>
        ) : null}
        {exportId ? (
          <a href={adminExportUrl(exportId)} download>
            {t('requestsBoard.downloadExport')}
          </a>
        ) : null}
      </div>
      {request.identityVerifiedAt === null ? (
        <div className="inline-form">
          <div className="field">
            <label htmlFor={`${id}-method`}>{t('requestsBoard.identityMethod')}</label>
            <select
              id={`${id}-method`}
              value={method}
              onChange={(event) => setMethod(event.target.value as IdentityMethod)}
            >
              {IDENTITY_METHODS.map((item) => (
                <option key={item} value={item}>
                  {t(`requestsBoard.identityMethods.${item}`)}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button"
            disabled={action.pending}
            onClick={() =>
              run(
                () => verifyIdentity(request.id, method),
                t('requestsBoard.done.verify', { kind }),
              )
            }
          >
            {t('requestsBoard.actions.verify')}
          </button>
        </div>
      ) : null}
      <div className="actions">
        {request.extendedAt === null ? (
          <ConfirmButton
            label={t('requestsBoard.actions.extend')}
            question={t('requestsBoard.extendQuestion')}
            confirmLabel={t('requestsBoard.actions.confirmExtend')}
            confirmDisabled={extendReason.trim() === ''}
            run={async () => {
              const changed = await extendRequest(
                request.id,
                extendReason.trim(),
                noticeDate ? new Date(`${noticeDate}T12:00:00Z`).toISOString() : undefined,
              );
              announce(t('requestsBoard.done.extend', { kind }));
              onChanged(changed);
            }}
          >
            <div className="field">
              <label htmlFor={`${id}-extend`}>{t('requestsBoard.extendReason')}</label>
              <input
                id={`${id}-extend`}
                required
                maxLength={2000}
                value={extendReason}
                onChange={(event) => setExtendReason(event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-notice`}>{t('requestsBoard.noticeSentAt')}</label>
              <input
                id={`${id}-notice`}
                type="date"
                aria-describedby={`${id}-notice-hint`}
                value={noticeDate}
                onChange={(event) => setNoticeDate(event.target.value)}
              />
              <p id={`${id}-notice-hint`} className="hint">
                {t('requestsBoard.noticeHint')}
              </p>
            </div>
          </ConfirmButton>
        ) : null}
        <ConfirmButton
          label={t('requestsBoard.actions.refuse')}
          question={t('requestsBoard.refuseQuestion')}
          confirmLabel={t('requestsBoard.actions.confirmRefuse')}
          danger
          confirmDisabled={reason.trim() === ''}
          run={async () => {
            const changed = await moveRequest(request.id, 'refuse', reason.trim());
            announce(t('requestsBoard.done.refuse', { kind }));
            onChanged(changed);
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('requestsBoard.refuseReason')}</label>
            <input
              id={`${id}-reason`}
              required
              maxLength={2000}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
        </ConfirmButton>
      </div>
      <AmbassadorError error={action.error} />
    </>
  );
}

/**
 * One request on the board: who and what, the regime and its clock, overdue marks, and the
 * moves still open to it.
 */
export function RequestBoardCard({
  request,
  onChanged,
}: {
  request: PrivacyRequest;
  onChanged: (changed: PrivacyRequest) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const open = OPEN_STATUSES.includes(request.status);
  const name = t('requestsBoard.name', {
    kind: t(`privacyCentre.kinds.${request.kind}`),
    member: request.username ? `@${request.username}` : t('requestsBoard.formerMember'),
  });
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <div className="head-row">
        <h2 id={`${id}-name`}>{name}</h2>
        <RequestStatusBadge status={request.status} />
        {request.overdue ? <StatusBadge tone="bad" text={t('requestsBoard.overdue')} /> : null}
        {request.ackOverdue ? (
          <StatusBadge tone="bad" text={t('requestsBoard.ackOverdue')} />
        ) : null}
        {request.answeredLate ? (
          <StatusBadge tone="warn" text={t('requestsBoard.answeredLate')} />
        ) : null}
      </div>
      <p className="meta">
        <span>{t(`requestsBoard.channels.${request.channel}`)}</span>
      </p>
      <Clock request={request} />
      {request.note ? <p className="review-text">{request.note}</p> : null}
      {request.extensionReason ? (
        <p className="hint">
          {t('privacyCentre.requests.extended', { reason: request.extensionReason })}
        </p>
      ) : null}
      {request.refusalReason ? (
        <p>{t('privacyCentre.requests.refused', { reason: request.refusalReason })}</p>
      ) : null}
      {open ? <Actions request={request} onChanged={onChanged} /> : null}
    </article>
  );
}
