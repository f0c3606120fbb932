import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import {
  type DecisionInput,
  decideSubmission,
  REJECT_REASONS,
  type RejectReason,
  type SubmissionDetail,
} from '../../api/content';
import { toApiError } from '../../api/useResource';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';
import { useContentLabels } from './labels';

interface ContentDecisionFormProps {
  detail: SubmissionDetail;
  /** Findings ticked for a change request, each with what to change. */
  picked: ReadonlyMap<string, string>;
  onDecided: (detail: SubmissionDetail) => void;
}

/**
 * Approve; reject with a reason; or ask for changes to the ticked findings (and a note). The
 * server refuses a second decision on the same version, which shows as an error here.
 */
export function ContentDecisionForm({ detail, picked, onDecided }: ContentDecisionFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const labels = useContentLabels();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState<RejectReason | ''>('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const send = async (input: DecisionInput) => {
    setPending(true);
    setError(null);
    setProblem(null);
    try {
      const decided = await decideSubmission(detail.id, input);
      announce(t(`content.decision.done.${input.decision}`));
      setNote('');
      onDecided(decided);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  const trimmed = note.trim();
  const handleReject = (event: FormEvent) => {
    event.preventDefault();
    if (reason === '') {
      setProblem(t('content.decision.reasonNeeded'));
      return;
    }
    void send({ decision: 'reject', reason, ...(trimmed ? { note: trimmed } : {}) });
  };
  const handleChanges = () => {
    const changes = [...picked].map(([findingId, what]) => ({ findingId, note: what.trim() }));
    if (changes.length === 0 && trimmed === '') {
      setProblem(t('content.decision.changesNeeded'));
      return;
    }
    void send({ decision: 'request_changes', changes, ...(trimmed ? { note: trimmed } : {}) });
  };

  return (
    <form className="decision-panel stack" onSubmit={handleReject} noValidate>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('content.decision.note')}</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          maxLength={2000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('content.decision.reason')}</label>
        <select
          id={`${id}-reason`}
          value={reason}
          onChange={(event) => setReason(event.target.value as RejectReason | '')}
        >
          <option value="">{t('content.decision.pickReason')}</option>
          {REJECT_REASONS.map((code) => (
            <option key={code} value={code}>
              {labels.reason(code)}
            </option>
          ))}
        </select>
      </div>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="decide-row">
        <button
          type="button"
          className="button primary"
          disabled={pending}
          aria-busy={pending}
          onClick={() => void send({ decision: 'approve', ...(trimmed ? { note: trimmed } : {}) })}
        >
          {t('content.decision.approve')}
        </button>
        <button type="button" className="button" disabled={pending} onClick={handleChanges}>
          {t('content.decision.requestChanges', { count: picked.size })}
        </button>
        <button type="submit" className="button danger-outline" disabled={pending}>
          {t('content.decision.reject')}
        </button>
      </div>
      <ErrorAlert error={error} />
    </form>
  );
}
