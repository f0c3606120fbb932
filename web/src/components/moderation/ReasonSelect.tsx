import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { reasonsFor, type ReviewDecision, type ReviewReason } from '../../api/moderation';
import { useCodeLabel } from './labels';

interface ReasonSelectProps {
  id: string;
  label: string;
  decision: ReviewDecision;
  value: ReviewReason | '';
  onChange: (reason: ReviewReason | '') => void;
  /** Offer an empty "Choose a reason" first, so a reason must be picked on purpose. */
  placeholder?: boolean;
  selectRef?: Ref<HTMLSelectElement>;
  describedBy?: string;
}

/** A labelled choice of the reason codes that go with `decision`. */
export function ReasonSelect(props: ReasonSelectProps) {
  const { id, label, decision, value, onChange, placeholder, selectRef, describedBy } = props;
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  const reasons = reasonsFor(decision);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        ref={selectRef}
        id={id}
        value={value}
        aria-describedby={describedBy}
        onChange={(event) => {
          const next = reasons.find((reason) => reason === event.target.value);
          onChange(next ?? '');
        }}
      >
        {placeholder ? <option value="">{t('moderation.decision.chooseReason')}</option> : null}
        {reasons.map((reason) => (
          <option key={reason} value={reason}>
            {codeLabel(reason)}
          </option>
        ))}
      </select>
    </div>
  );
}
