import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { toApiError } from '../api/useResource';
import { ErrorAlert } from './ErrorAlert';

interface DeleteButtonProps {
  /** e.g. "Delete post" */
  label: string;
  /** e.g. "Delete this post?" */
  question: string;
  remove: () => Promise<void>;
}

/** Asks once more before deleting: "Delete post" → "Yes, delete" / "Cancel". */
export function DeleteButton({ label, question, remove }: DeleteButtonProps) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
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

  const handleAsk = () => {
    setError(null);
    setAsking(true);
  };
  const handleCancel = () => {
    returnFocus.current = true;
    setAsking(false);
  };
  const handleConfirm = async () => {
    setPending(true);
    setError(null);
    try {
      await remove();
    } catch (caught) {
      setError(toApiError(caught));
      setPending(false);
    }
  };

  if (!asking) {
    return (
      <button ref={openerRef} type="button" className="button danger-outline" onClick={handleAsk}>
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={label}>
      <p>{question}</p>
      <button
        type="button"
        className="button danger"
        disabled={pending}
        onClick={() => void handleConfirm()}
      >
        {t('actions.confirmDelete')}
      </button>
      <button ref={cancelRef} type="button" className="button" onClick={handleCancel}>
        {t('actions.cancel')}
      </button>
      <ErrorAlert error={error} />
    </div>
  );
}
