import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import {
  decideRedemption,
  markFulfilled,
  type Redemption,
  REDEMPTION_STATUSES,
  type RedemptionStatus as Status,
  useRedemptions,
} from '../../api/rewards';
import { toApiError } from '../../api/useResource';
import { announce } from '../../components/announcer';
import { GamificationError } from '../../components/gamification/GamificationError';
import { ProgramNav } from '../../components/gamification/ProgramNav';
import { RedemptionStatus } from '../../components/gamification/RedemptionStatus';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormat } from '../../i18n/useFormat';

function DecisionCard({
  redemption,
  onDecided,
}: {
  redemption: Redemption;
  onDecided: (changed: Redemption) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const name = t('gamification.approvals.itemName', {
    name: redemption.rewardName,
    username: redemption.username,
  });

  const run = async (work: () => Promise<Redemption>, message: string) => {
    setPending(true);
    setError(null);
    try {
      const changed = await work();
      announce(message);
      setNote('');
      onDecided(changed);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const waiting = redemption.status === 'pending_approval';
  const toFulfil = redemption.status === 'approved' && redemption.fulfilment === 'manual';
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <h2 id={`${id}-name`}>{name}</h2>
      <p className="meta">
        <RedemptionStatus status={redemption.status} />
        <span>{t('gamification.rewards.cost', { points: format.number(redemption.cost) })}</span>
        <span>{format.dateTime(redemption.createdAt)}</span>
        {redemption.approvalReason ? (
          <span>{t(`gamification.approvals.reasons.${redemption.approvalReason}`)}</span>
        ) : null}
      </p>
      {redemption.memberNote ? (
        <p>
          {t('gamification.approvals.memberNote')} {redemption.memberNote}
        </p>
      ) : null}
      {redemption.decisionNote ? (
        <p>
          {t('gamification.rewards.decisionNote')} {redemption.decisionNote}
        </p>
      ) : null}
      {waiting || toFulfil ? (
        <div className="stack">
          <div className="field">
            <label htmlFor={`${id}-note`}>
              {toFulfil ? t('gamification.approvals.fulfilNote') : t('gamification.approvals.note')}
            </label>
            <input
              id={`${id}-note`}
              type="text"
              maxLength={2000}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
          </div>
          <div className="actions">
            {waiting ? (
              <>
                <button
                  type="button"
                  className="button primary"
                  disabled={pending}
                  onClick={() =>
                    void run(
                      () => decideRedemption(redemption.id, 'approve', note),
                      t('gamification.approvals.approved', { name }),
                    )
                  }
                >
                  {t('gamification.approvals.approve')}
                </button>
                <button
                  type="button"
                  className="button danger-outline"
                  disabled={pending}
                  onClick={() =>
                    void run(
                      () => decideRedemption(redemption.id, 'reject', note),
                      t('gamification.approvals.rejected', { name }),
                    )
                  }
                >
                  {t('gamification.approvals.reject')}
                </button>
              </>
            ) : (
              <button
                type="button"
                className="button primary"
                disabled={pending || note.trim() === ''}
                onClick={() =>
                  void run(
                    () => markFulfilled(redemption.id, note.trim()),
                    t('gamification.approvals.fulfilled', { name }),
                  )
                }
              >
                {t('gamification.approvals.markFulfilled')}
              </button>
            )}
          </div>
        </div>
      ) : null}
      <GamificationError error={error} />
    </article>
  );
}

function isStatus(value: string): value is Status {
  return (REDEMPTION_STATUSES as readonly string[]).includes(value);
}

/**
 * Redemption approvals (managers): the queue of redemptions waiting for a decision, oldest
 * first, with approve and reject; approved manual ones can be marked fulfilled; other
 * statuses can be listed too.
 */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const id = useId();
  const [status, setStatus] = useState<Status | ''>('pending_approval');
  const redemptions = useRedemptions(status);
  const handleDecided = (changed: Redemption) =>
    redemptions.setItems((items) =>
      status === '' || changed.status === status
        ? items.map((item) => (item.id === changed.id ? changed : item))
        : items.filter((item) => item.id !== changed.id),
    );
  return (
    <>
      <PageTitle title={t('gamification.approvals.title')} />
      <div className="page-head">
        <h1>{t('gamification.approvals.title')}</h1>
        <ProgramNav />
      </div>
      <div className="filter-bar">
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('common.status')}</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(event) => {
              const value = event.target.value;
              setStatus(isStatus(value) ? value : '');
            }}
          >
            <option value="">{t('common.allStatuses')}</option>
            {REDEMPTION_STATUSES.map((item) => (
              <option key={item} value={item}>
                {t(`gamification.redemptionStatus.${item}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button" onClick={redemptions.reload}>
          {t('common.refresh')}
        </button>
      </div>
      {redemptions.loading ? <Loading /> : null}
      {redemptions.items.length === 0 ? (
        <GamificationError error={redemptions.error} onRetry={redemptions.reload} />
      ) : null}
      {!redemptions.loading && !redemptions.error && redemptions.items.length === 0 ? (
        <p className="muted">
          {status === 'pending_approval'
            ? t('gamification.approvals.empty')
            : t('gamification.approvals.none')}
        </p>
      ) : null}
      <div className="stack">
        {redemptions.items.map((redemption) => (
          <DecisionCard key={redemption.id} redemption={redemption} onDecided={handleDecided} />
        ))}
      </div>
      <LoadMore paged={redemptions} />
    </>
  );
}
