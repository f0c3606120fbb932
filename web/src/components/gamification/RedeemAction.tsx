import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { isRetryable, newIdempotencyKey } from '../../api/idempotent';
import { type CatalogItem, type Redemption, redeemReward } from '../../api/rewards';
import { toApiError } from '../../api/useResource';
import { useFormat } from '../../i18n/useFormat';
import { GamificationError } from './GamificationError';

interface RedeemActionProps {
  reward: CatalogItem;
  disabled: boolean;
  onRedeemed: (redemption: Redemption) => void;
}

/**
 * "Redeem", then a second step with an optional note and "Yes, redeem". One Idempotency-Key is
 * made per redemption the member asks for: when the request fails on the way (no answer, a
 * server fault, the first attempt still running) "Yes, redeem" sends the same key again, so
 * the server redeems at most once. A final refusal (not enough points, out of stock) drops the
 * key; asking again is a new redemption.
 */
export function RedeemAction({ reward, disabled, onRedeemed }: RedeemActionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const keyRef = useRef<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (asking) {
      cancelRef.current?.focus();
    } else if (returnFocus.current) {
      returnFocus.current = false;
      openerRef.current?.focus();
    }
  }, [asking]);

  const handleConfirm = async () => {
    keyRef.current ??= newIdempotencyKey();
    setPending(true);
    setError(null);
    try {
      const redemption = await redeemReward(reward.id, note, keyRef.current);
      keyRef.current = null;
      setPending(false);
      setNote('');
      setAsking(false);
      onRedeemed(redemption);
    } catch (caught) {
      const apiError = toApiError(caught);
      if (!isRetryable(apiError)) {
        keyRef.current = null;
      }
      setError(apiError);
      setPending(false);
    }
  };

  const handleCancel = () => {
    keyRef.current = null;
    setError(null);
    returnFocus.current = true;
    setAsking(false);
  };

  if (!asking) {
    return (
      <button
        ref={openerRef}
        type="button"
        className="button primary"
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {t('gamification.rewards.redeem')}
        <span className="visually-hidden"> {reward.name}</span>
      </button>
    );
  }
  const retrying = keyRef.current !== null && error !== null;
  return (
    <div
      className="confirm confirm-neutral"
      role="group"
      aria-label={t('gamification.rewards.redeemGroup', { name: reward.name })}
    >
      <p>
        {t('gamification.rewards.redeemQuestion', {
          name: reward.name,
          points: format.number(reward.cost),
        })}
      </p>
      {reward.approvalRequired ? (
        <p className="muted">{t('gamification.rewards.needsApproval')}</p>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('gamification.rewards.note')}</label>
        <input
          id={`${id}-note`}
          type="text"
          maxLength={500}
          value={note}
          disabled={retrying}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={pending}
          aria-busy={pending}
          onClick={() => void handleConfirm()}
        >
          {retrying ? t('gamification.rewards.redeemRetry') : t('gamification.rewards.redeemYes')}
        </button>
        <button ref={cancelRef} type="button" className="button" onClick={handleCancel}>
          {t('actions.cancel')}
        </button>
      </div>
      {retrying ? <p className="muted small">{t('gamification.rewards.retryNote')}</p> : null}
      <GamificationError error={error} />
    </div>
  );
}
