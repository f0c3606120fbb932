import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import type { ReviewDecision, ReviewReason } from '../../api/moderation';
import { useFormat } from '../../i18n/useFormat';
import { ModerationError } from './ModerationError';
import { ReasonSelect } from './ReasonSelect';

interface BulkDecisionFormProps {
  selectedCount: number;
  pending: boolean;
  error: ApiError | null;
  /** What the last bulk decision did, e.g. "2 decided, 1 not decided."; focused when it comes. */
  result: string | null;
  onDecide: (decision: ReviewDecision, reason: ReviewReason) => void;
}

/** Approve or reject every selected item with one reason. */
export function BulkDecisionForm(props: BulkDecisionFormProps) {
  const { selectedCount, pending, error, result, onDecide } = props;
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [decision, setDecision] = useState<ReviewDecision>('approve');
  const [reason, setReason] = useState<ReviewReason | ''>('not_a_violation');
  const [missingReason, setMissingReason] = useState(false);
  const resultRef = useRef<HTMLParagraphElement>(null);

  // The submit button is disabled once nothing is selected: keep focus on the result.
  useEffect(() => {
    if (result) {
      resultRef.current?.focus();
    }
  }, [result]);

  const handleDecision = (next: ReviewDecision) => {
    setDecision(next);
    // A reason of the other decision does not fit; approving has a safe default.
    setReason(next === 'approve' ? 'not_a_violation' : '');
    setMissingReason(false);
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reason === '') {
      setMissingReason(true);
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    onDecide(decision, reason);
  };

  return (
    <form className="bulk-form" aria-labelledby={`${id}-title`} noValidate onSubmit={handleSubmit}>
      <h3 id={`${id}-title`}>{t('moderation.bulk.title')}</h3>
      <p className="small" aria-live="polite">
        {t('moderation.bulk.selected', {
          count: selectedCount,
          formatted: format.number(selectedCount),
        })}
      </p>
      <div className="filter-bar">
        <div className="field">
          <label htmlFor={`${id}-decision`}>{t('moderation.bulk.decision')}</label>
          <select
            id={`${id}-decision`}
            value={decision}
            onChange={(event) =>
              handleDecision(event.target.value === 'reject' ? 'reject' : 'approve')
            }
          >
            <option value="approve">{t('moderation.decision.approve')}</option>
            <option value="reject">{t('moderation.decision.reject')}</option>
          </select>
        </div>
        <ReasonSelect
          id={`${id}-reason`}
          label={t('moderation.bulk.reason')}
          decision={decision}
          value={reason}
          placeholder={decision === 'reject'}
          describedBy={missingReason ? `${id}-reason-error` : undefined}
          onChange={(next) => {
            setReason(next);
            setMissingReason(false);
          }}
        />
        <button
          type="submit"
          className="button primary"
          disabled={pending || selectedCount === 0}
          aria-busy={pending}
        >
          {t('moderation.bulk.submit')}
        </button>
      </div>
      {missingReason ? (
        <p id={`${id}-reason-error`} className="field-error">
          {t('moderation.decision.reasonRequired')}
        </p>
      ) : null}
      {result ? (
        <p ref={resultRef} tabIndex={-1} className="notice bulk-result">
          {result}
        </p>
      ) : null}
      <ModerationError error={error} />
    </form>
  );
}
