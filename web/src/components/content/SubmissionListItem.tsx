import { useTranslation } from 'react-i18next';
import type { Submission } from '../../api/content';
import { RelativeTime } from '../RelativeTime';
import { StatusBadge } from '../StatusBadge';
import { HINT_TONES, STATUS_TONES, useContentLabels } from './labels';

interface SubmissionListItemProps {
  submission: Submission;
  selected: boolean;
  onOpen: (id: string) => void;
}

/** One submission in the reviewer's list: what, who, which program, and when it is due. */
export function SubmissionListItem({ submission, selected, onOpen }: SubmissionListItemProps) {
  const { t } = useTranslation();
  const labels = useContentLabels();
  const title = submission.title ?? t('content.list.untitled');
  return (
    <li className="review-item" aria-current={selected ? 'true' : undefined}>
      <div className="review-item-head">
        <button type="button" className="link-button" onClick={() => onOpen(submission.id)}>
          {title}
        </button>
        <StatusBadge
          tone={STATUS_TONES[submission.status]}
          text={labels.status(submission.status)}
        />
        <StatusBadge tone={HINT_TONES[submission.hint]} text={labels.hint(submission.hint)} />
        {submission.overdue ? (
          <StatusBadge tone="bad" text={t('content.list.overdue')} />
        ) : submission.escalated ? (
          <StatusBadge tone="warn" text={t('content.list.dueSoon')} />
        ) : null}
      </div>
      <p className="meta small">
        {t('content.list.meta', {
          author: submission.author?.displayName ?? t('content.list.unknownAuthor'),
          program: submission.programName,
          version: submission.currentVersion,
        })}
        {' · '}
        {submission.status === 'in_review' ? (
          <>
            {t('content.list.due')} <RelativeTime value={submission.dueAt} />
          </>
        ) : (
          <>
            {t('content.list.submitted')} <RelativeTime value={submission.firstSubmittedAt} />
          </>
        )}
      </p>
    </li>
  );
}
