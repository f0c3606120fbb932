import { useTranslation } from 'react-i18next';
import { type SubmissionDetail, submitContent } from '../../api/content';
import { announce } from '../announcer';
import { ContentForm } from './ContentForm';

interface SubmitContentFormProps {
  /** The program the content is for; or the challenge (`challengeId`). */
  programId?: string;
  challengeId?: string;
  /** The assignment the content answers, when it answers one. */
  assignmentId?: string | null;
  onSubmitted: (detail: SubmissionDetail) => void;
}

/** Content for a program (an ambassador, optionally for an assignment) or for a challenge. */
export function SubmitContentForm({
  programId,
  challengeId,
  assignmentId,
  onSubmitted,
}: SubmitContentFormProps) {
  const { t } = useTranslation();
  return (
    <ContentForm
      label={t('content.form.newLabel')}
      submitLabel={t('content.form.submit')}
      onSubmit={async (input) => {
        const detail = await submitContent({
          ...input,
          ...(challengeId ? { challengeId } : { programId, assignmentId: assignmentId ?? null }),
        });
        announce(t('content.form.submitted'));
        onSubmitted(detail);
      }}
    />
  );
}
