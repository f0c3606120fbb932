import { useTranslation } from 'react-i18next';
import { ConfirmButton } from './ConfirmButton';

interface DeleteButtonProps {
  /** e.g. "Delete post" */
  label: string;
  /** e.g. "Delete this post?" */
  question: string;
  remove: () => Promise<void>;
  small?: boolean;
}

/** Asks once more before deleting: "Delete post" → "Yes, delete" / "Cancel". */
export function DeleteButton({ label, question, remove, small }: DeleteButtonProps) {
  const { t } = useTranslation();
  return (
    <ConfirmButton
      label={label}
      question={question}
      confirmLabel={t('actions.confirmDelete')}
      run={remove}
      danger
      small={small}
    />
  );
}
