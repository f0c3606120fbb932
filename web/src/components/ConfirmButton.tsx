import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { toApiError } from '../api/useResource';
import { ErrorAlert } from './ErrorAlert';

interface ConfirmButtonProps {
  /** The opener's text, also the name of the confirmation group, e.g. "Rotate secret". */
  label: string;
  /** e.g. "Give this endpoint a new secret?" */
  question: string;
  /** e.g. "Yes, rotate" */
  confirmLabel: string;
  run: () => Promise<void>;
  /** Red buttons, for steps that remove something. */
  danger?: boolean;
  small?: boolean;
  disabled?: boolean;
  /** Fields the second step needs (e.g. a reason); shown above its buttons. */
  children?: ReactNode;
  /** Keeps the confirm button disabled (e.g. until a required reason is given). */
  confirmDisabled?: boolean;
}

/**
 * Asks once more before an action: the opener shows a group with the question, the confirm
 * button and "Cancel"; focus moves to "Cancel" and back to the opener when the step closes.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  run,
  danger = false,
  small = false,
  disabled = false,
  children,
  confirmDisabled = false,
}: ConfirmButtonProps) {
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
      await run();
      // Often the component is gone by now (the item was removed); if not, close the step.
      setPending(false);
      returnFocus.current = true;
      setAsking(false);
    } catch (caught) {
      setError(toApiError(caught));
      setPending(false);
    }
  };

  const size = small ? ' small' : '';
  if (!asking) {
    return (
      <button
        ref={openerRef}
        type="button"
        className={`button${size}${danger ? ' danger-outline' : ''}`}
        disabled={disabled}
        onClick={handleAsk}
      >
        {label}
      </button>
    );
  }
  return (
    <div className={`confirm${danger ? '' : ' confirm-neutral'}`} role="group" aria-label={label}>
      <p>{question}</p>
      {children ? <div className="confirm-fields">{children}</div> : null}
      <button
        type="button"
        className={`button${size} ${danger ? 'danger' : 'primary'}`}
        disabled={pending || confirmDisabled}
        aria-busy={pending}
        onClick={() => void handleConfirm()}
      >
        {confirmLabel}
      </button>
      <button ref={cancelRef} type="button" className={`button${size}`} onClick={handleCancel}>
        {t('actions.cancel')}
      </button>
      <ErrorAlert error={error} />
    </div>
  );
}
