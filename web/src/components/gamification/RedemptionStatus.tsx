import { useTranslation } from 'react-i18next';
import type { RedemptionStatus as Status } from '../../api/rewards';
import { StatusBadge, type StatusTone } from '../StatusBadge';

const TONES: Record<Status, StatusTone> = {
  pending_approval: 'busy',
  approved: 'neutral',
  fulfilled: 'good',
  rejected: 'bad',
  cancelled: 'warn',
};

/** A redemption's status in words, with a colour for the tone. */
export function RedemptionStatus({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <StatusBadge tone={TONES[status]} text={t(`gamification.redemptionStatus.${status}`)} />;
}
