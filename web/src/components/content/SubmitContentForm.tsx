import { useTranslation } from 'react-i18next';
import { type SubmissionDetail, submitContent } from '../../api/content';
import { announce } from '../announcer';
import { ContentForm } from './ContentForm';

interface SubmitContentFormProps {
  programId: string;
  /** The assignment the content answers, when it answers one. */
  assignmentId?: string | null;
  onSubmitted: (detail: SubmissionDetail) => void;
}

/** An ambassador submits content to a program (optionally for an assignment). */
export function SubmitContentForm({
  programId,
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
          programId,
          assignmentId: assignmentId ?? null,
        });
        announce(t('content.form.submitted'));
        onSubmitted(detail);
      }}
    />
  );
}
