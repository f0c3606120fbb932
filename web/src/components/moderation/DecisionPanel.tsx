import { type FormEvent, type KeyboardEvent, type Ref, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApproveReason, RejectReason, ReviewReason } from '../../api/moderation';
import { ReasonSelect } from './ReasonSelect';

export interface DecisionDraft {
  approveReason: ApproveReason;
  rejectReason: RejectReason | '';
  note: string;
  rejectOpen: boolean;
}

interface DecisionPanelProps {
  draft: DecisionDraft;
  onChange: (draft: DecisionDraft) => void;
  pending: boolean;
  onApprove: () => void;
  onReject: () => void;
  onCancelReject: () => void;
  rejectSelectRef: Ref<HTMLSelectElement>;
  rejectOpenerRef: Ref<HTMLButtonElement>;
}

function isApproveReason(reason: ReviewReason | ''): reason is ApproveReason {
  return (
    reason === 'not_a_violation' ||
    reason === 'allowed_in_context' ||
    reason === 'false_positive' ||
    reason === 'fixed_by_author'
  );
}

/**
 * Approve with a reason (default "Not a violation"), or open the rejection step and pick a
 * reason there; an optional note goes with either. The page owns the state so its keyboard
 * shortcuts can act on it.
 */
export function DecisionPanel(props: DecisionPanelProps) {
  const { draft, onChange, pending, onApprove, onReject, onCancelReject } = props;
  const { t } = useTranslation();
  const id = useId();
  const [missingReason, setMissingReason] = useState(false);

  const handleReject = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (draft.rejectReason === '') {
      setMissingReason(true);
      document.getElementById(`${id}-reject-reason`)?.focus();
      return;
    }
    onReject();
  };

  const handleRejectKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      setMissingReason(false);
      onCancelReject();
    }
  };

  return (
    <div className="decision-panel stack">
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('moderation.decision.note')}</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          maxLength={2000}
          value={draft.note}
          aria-describedby={`${id}-note-hint`}
          onChange={(event) => onChange({ ...draft, note: event.target.value })}
        />
        <p id={`${id}-note-hint`} className="hint">
          {t('moderation.decision.noteHint')}
        </p>
      </div>
      <div className="decide-row">
        <ReasonSelect
          id={`${id}-approve-reason`}
          label={t('moderation.decision.approveReason')}
          decision="approve"
          value={draft.approveReason}
          onChange={(reason) =>
            onChange({
              ...draft,
              approveReason: isApproveReason(reason) ? reason : 'not_a_violation',
            })
          }
        />
        <button
          type="button"
          className="button primary"
          disabled={pending}
          aria-busy={pending}
          aria-keyshortcuts="a"
          onClick={onApprove}
        >
          {t('moderation.decision.approve')}
        </button>
        {draft.rejectOpen ? null : (
          <button
            ref={props.rejectOpenerRef}
            type="button"
            className="button danger-outline"
            disabled={pending}
            aria-keyshortcuts="r"
            aria-expanded={false}
            onClick={() => onChange({ ...draft, rejectOpen: true })}
          >
            {t('moderation.decision.reject')}
          </button>
        )}
      </div>
      {draft.rejectOpen ? (
        <form
          className="confirm"
          aria-label={t('moderation.decision.rejectStep')}
          noValidate
          onSubmit={handleReject}
          onKeyDown={handleRejectKeyDown}
        >
          <p>{t('moderation.decision.rejectQuestion')}</p>
          <div className="confirm-fields">
            <ReasonSelect
              id={`${id}-reject-reason`}
              label={t('moderation.decision.rejectReason')}
              decision="reject"
              value={draft.rejectReason}
              placeholder
              selectRef={props.rejectSelectRef}
              describedBy={missingReason ? `${id}-reject-error` : undefined}
              onChange={(reason) => {
                setMissingReason(false);
                onChange({
                  ...draft,
                  rejectReason: reason === '' || isApproveReason(reason) ? '' : reason,
                });
              }}
            />
            {missingReason ? (
              <p id={`${id}-reject-error`} className="field-error">
                {t('moderation.decision.reasonRequired')}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button danger" disabled={pending} aria-busy={pending}>
            {t('moderation.decision.confirmReject')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setMissingReason(false);
              onCancelReject();
            }}
          >
            {t('actions.cancel')}
          </button>
        </form>
      ) : null}
    </div>
  );
}
