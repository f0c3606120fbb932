import { useTranslation } from 'react-i18next';
import type {
  Hint,
  RejectReason,
  RightsChannel,
  Severity,
  SubmissionStatus,
} from '../../api/content';
import type { StatusTone } from '../StatusBadge';

export const STATUS_TONES: Record<SubmissionStatus, StatusTone> = {
  in_review: 'busy',
  changes_requested: 'warn',
  approved: 'good',
  rejected: 'bad',
};

export const HINT_TONES: Record<Hint, StatusTone> = {
  clean: 'good',
  warn: 'warn',
  block: 'bad',
};

/** Words for the content codes the page shows. */
export function useContentLabels() {
  const { t } = useTranslation();
  return {
    status: (status: SubmissionStatus) => t(`content.status.${status}`),
    hint: (hint: Hint) => t(`content.hint.${hint}`),
    severity: (severity: Severity) => t(`content.severity.${severity}`),
    reason: (reason: RejectReason) => t(`content.reason.${reason}`),
    channel: (channel: RightsChannel) => t(`content.channel.${channel}`),
  };
}
