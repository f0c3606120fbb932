import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMyPoints } from '../../api/gamification';
import {
  type CatalogItem,
  cancelRedemption,
  type Redemption,
  useCatalog,
  useMyRedemptions,
} from '../../api/rewards';
import { announce } from '../../components/announcer';
import { ConfirmButton } from '../../components/ConfirmButton';
import { GamificationError } from '../../components/gamification/GamificationError';
import { ProgramNav } from '../../components/gamification/ProgramNav';
import { RedeemAction } from '../../components/gamification/RedeemAction';
import { RedemptionStatus } from '../../components/gamification/RedemptionStatus';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormat } from '../../i18n/useFormat';

/** Why a reward cannot be redeemed now, or null when it can. */
function useBlocker() {
  const { t } = useTranslation();
  const format = useFormat();
  return (item: CatalogItem, spendable: number): string | null => {
    if (!item.eligible) {
      return item.ineligibleReason === 'min_lifetime_points' && item.minLifetimePoints !== null
        ? t('gamification.rewards.needsLifetime', {
            points: format.number(item.minLifetimePoints),
          })
        : t('gamification.rewards.notOpen');
    }
    if (!item.inStock) {
      return t('gamification.rewards.outOfStock');
    }
    if (item.redemptionsLeft === 0) {
      return t('gamification.rewards.limitReached');
    }
    if (!item.affordable) {
      return t('gamification.rewards.needMore', {
        points: format.number(Math.max(item.cost - spendable, 0)),
      });
    }
    return null;
  };
}

function CatalogCard({
  item,
  spendable,
  onRedeemed,
}: {
  item: CatalogItem;
  spendable: number;
  onRedeemed: (redemption: Redemption) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const blocker = useBlocker()(item, spendable);
  return (
    <article className="card reward-card" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>{item.name}</h3>
      {item.description ? <p>{item.description}</p> : null}
      <p className="meta">
        <span className="reward-cost">
          {t('gamification.rewards.cost', { points: format.number(item.cost) })}
        </span>
        <span>
          {item.stock === null
            ? t('gamification.rewards.unlimited')
            : t('gamification.rewards.stockLeft', {
                count: item.stock,
                formatted: format.number(item.stock),
              })}
        </span>
        {item.redemptionsLeft !== null ? (
          <span>
            {t('gamification.rewards.redemptionsLeft', {
              count: item.redemptionsLeft,
              formatted: format.number(item.redemptionsLeft),
            })}
          </span>
        ) : null}
        {item.visibleUntil ? (
          <span>{t('gamification.rewards.until', { date: format.date(item.visibleUntil) })}</span>
        ) : null}
        {item.approvalRequired ? <span>{t('gamification.rewards.approvalNeeded')}</span> : null}
        <span>
          {item.affordable
            ? t('gamification.rewards.affordable')
            : t('gamification.rewards.notAffordable')}
        </span>
      </p>
      {blocker ? (
        <p className="muted" id={`${id}-blocker`}>
          {blocker}
        </p>
      ) : null}
      <RedeemAction reward={item} disabled={blocker !== null} onRedeemed={onRedeemed} />
    </article>
  );
}

function RedemptionCard({
  redemption,
  onCancelled,
}: {
  redemption: Redemption;
  onCancelled: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const cancellable = redemption.status === 'pending_approval' || redemption.status === 'approved';
  const handleCancel = async () => {
    await cancelRedemption(redemption.id);
    announce(
      t('gamification.rewards.cancelled', {
        name: redemption.rewardName,
        points: format.number(redemption.cost),
      }),
    );
    onCancelled();
  };
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>{redemption.rewardName}</h3>
      <p className="meta">
        <RedemptionStatus status={redemption.status} />
        <span>{t('gamification.rewards.cost', { points: format.number(redemption.cost) })}</span>
        <span>{format.dateTime(redemption.createdAt)}</span>
      </p>
      {redemption.code ? (
        <p>
          {t('gamification.rewards.yourCode')} <code className="mono">{redemption.code}</code>
        </p>
      ) : null}
      {redemption.status === 'pending_approval' ? (
        <p className="muted">{t('gamification.rewards.waitingApproval')}</p>
      ) : null}
      {redemption.decisionNote ? (
        <p>
          {t('gamification.rewards.decisionNote')} {redemption.decisionNote}
        </p>
      ) : null}
      {redemption.fulfilmentNote ? (
        <p>
          {t('gamification.rewards.fulfilmentNote')} {redemption.fulfilmentNote}
        </p>
      ) : null}
      {cancellable ? (
        <ConfirmButton
          label={t('gamification.rewards.cancel')}
          question={t('gamification.rewards.cancelQuestion', {
            points: format.number(redemption.cost),
          })}
          confirmLabel={t('gamification.rewards.cancelYes')}
          run={handleCancel}
          danger
          small
        />
      ) : null}
    </article>
  );
}

/**
 * The reward catalog as the member sees it (what they can afford, stock, limits) with redeem,
 * and their own redemptions with status and cancel.
 */
export function RewardsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [affordableOnly, setAffordableOnly] = useState(false);
  const points = useMyPoints();
  const catalog = useCatalog(affordableOnly);
  const redemptions = useMyRedemptions();
  const spendable = points.data?.balances.spendable ?? 0;

  const refresh = () => {
    points.reload();
    catalog.reload();
    redemptions.reload();
  };

  const handleRedeemed = (redemption: Redemption) => {
    announce(
      redemption.status === 'pending_approval'
        ? t('gamification.rewards.redeemedWaiting', { name: redemption.rewardName })
        : t('gamification.rewards.redeemed', { name: redemption.rewardName }),
    );
    refresh();
  };

  return (
    <>
      <PageTitle title={t('gamification.rewards.title')} />
      <div className="page-head">
        <h1>{t('gamification.rewards.title')}</h1>
        <ProgramNav />
        {points.data ? (
          <p className="lead">
            {t('gamification.rewards.youHave', { points: format.number(spendable) })}
          </p>
        ) : null}
        <GamificationError error={points.error} onRetry={points.reload} />
      </div>
      <section className="page-section" aria-labelledby={`${id}-catalog`}>
        <h2 id={`${id}-catalog`}>{t('gamification.rewards.catalog')}</h2>
        <div className="checkbox-field">
          <input
            id={`${id}-affordable`}
            type="checkbox"
            checked={affordableOnly}
            onChange={(event) => setAffordableOnly(event.target.checked)}
          />
          <label htmlFor={`${id}-affordable`}>{t('gamification.rewards.affordableOnly')}</label>
        </div>
        {catalog.loading ? <Loading /> : null}
        {catalog.items.length === 0 ? (
          <GamificationError error={catalog.error} onRetry={catalog.reload} />
        ) : null}
        {!catalog.loading && !catalog.error && catalog.items.length === 0 ? (
          <p className="muted">
            {affordableOnly
              ? t('gamification.rewards.noneAffordable')
              : t('gamification.rewards.empty')}
          </p>
        ) : null}
        <div className="reward-grid">
          {catalog.items.map((item) => (
            <CatalogCard
              key={item.id}
              item={item}
              spendable={spendable}
              onRedeemed={handleRedeemed}
            />
          ))}
        </div>
        <LoadMore paged={catalog} />
      </section>
      <section className="page-section" aria-labelledby={`${id}-mine`}>
        <h2 id={`${id}-mine`}>{t('gamification.rewards.myRedemptions')}</h2>
        {redemptions.loading ? <Loading /> : null}
        {redemptions.items.length === 0 ? (
          <GamificationError error={redemptions.error} onRetry={redemptions.reload} />
        ) : null}
        {!redemptions.loading && !redemptions.error && redemptions.items.length === 0 ? (
          <p className="muted">{t('gamification.rewards.noRedemptions')}</p>
        ) : null}
        <ul className="plain-list" aria-label={t('gamification.rewards.myRedemptions')}>
          {redemptions.items.map((redemption) => (
            <li key={redemption.id}>
              <RedemptionCard redemption={redemption} onCancelled={refresh} />
            </li>
          ))}
        </ul>
        <LoadMore paged={redemptions} />
      </section>
    </>
  );
}
