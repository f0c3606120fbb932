import { useTranslation } from 'react-i18next';
import type { RequestStatus } from '../../api/privacyRequests';
import { type StatusTone, StatusBadge } from '../StatusBadge';

const TONES: Record<RequestStatus, StatusTone> = {
  received: 'warn',
  acknowledged: 'busy',
  in_progress: 'busy',
  completed: 'good',
  refused: 'bad',
};

/** A data-subject request's status in words. */
export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  const { t } = useTranslation();
  return <StatusBadge tone={TONES[status]} text={t(`privacyCentre.status.${status}`)} />;
}
