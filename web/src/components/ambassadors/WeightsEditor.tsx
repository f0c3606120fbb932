import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type Feature, FEATURES } from '../../api/ambassadors';

interface WeightsEditorProps {
  /** The weight of each feature as typed (empty: Guild's default). */
  values: Record<Feature, string>;
  onChange: (feature: Feature, value: string) => void;
  disabled?: boolean;
}

/** One number field (0–100) per scoring feature, with the sum of those filled in. */
export function WeightsEditor({ values, onChange, disabled }: WeightsEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const total = FEATURES.reduce((sum, feature) => {
    const value = Number(values[feature]);
    return values[feature].trim() !== '' && Number.isFinite(value) ? sum + value : sum;
  }, 0);
  return (
    <fieldset className="stack">
      <legend>{t('ambassadors.programs.weights')}</legend>
      <p className="hint">{t('ambassadors.programs.weightsHint')}</p>
      <div className="field-row">
        {FEATURES.map((feature) => (
          <div className="field" key={feature}>
            <label htmlFor={`${id}-${feature}`}>{t(`ambassadors.features.${feature}`)}</label>
            <input
              id={`${id}-${feature}`}
              type="number"
              min={0}
              max={100}
              step="any"
              inputMode="decimal"
              disabled={disabled}
              value={values[feature]}
              onChange={(event) => onChange(feature, event.target.value)}
            />
          </div>
        ))}
      </div>
      <p className="muted small">{t('ambassadors.programs.weightsTotal', { total })}</p>
    </fieldset>
  );
}
