/**
 * The analytics settings (docs/ROI.md): currency, gross margin, the unit costs of moderation,
 * what a referral and an approved submission are worth, and the lift run defaults. Saving
 * sends every field; the ROI is read again afterwards.
 */
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AnalyticsSettings,
  saveAnalyticsSettings,
  type SettingsChange,
} from '../../api/analytics';
import type { ApiError } from '../../api/client';
import { type Resource, toApiError } from '../../api/useResource';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';
import { DataState } from './DataState';

const FIELDS = [
  'currency',
  'grossMargin',
  'costPerReview',
  'aiCostPerItem',
  'referralValue',
  'ugcValue',
  'liftWindowDays',
  'minGroupSize',
] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

function valuesOf(settings: AnalyticsSettings): Values {
  return {
    currency: settings.currency,
    // The margin is entered as a percentage.
    grossMargin: String(Math.round(settings.grossMargin * 10_000) / 100),
    costPerReview: String(settings.costPerReview),
    aiCostPerItem: String(settings.aiCostPerItem),
    referralValue: String(settings.referralValue),
    ugcValue: String(settings.ugcValue),
    liftWindowDays: String(settings.liftWindowDays),
    minGroupSize: String(settings.minGroupSize),
  };
}

const decimal = (text: string) => {
  const cleaned = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : null;
};
const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);

/** The change to send, or the first field that is not valid. */
function changeOf(values: Values): { change: SettingsChange } | { invalid: Field } {
  const currency = values.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) {
    return { invalid: 'currency' };
  }
  const margin = decimal(values.grossMargin);
  if (margin === null || margin > 100) {
    return { invalid: 'grossMargin' };
  }
  const change: SettingsChange = { currency, grossMargin: margin / 100 };
  for (const field of ['costPerReview', 'aiCostPerItem', 'referralValue', 'ugcValue'] as const) {
    const value = decimal(values[field]);
    if (value === null) {
      return { invalid: field };
    }
    change[field] = value;
  }
  for (const field of ['liftWindowDays', 'minGroupSize'] as const) {
    const value = whole(values[field]);
    if (value === null || value < 1) {
      return { invalid: field };
    }
    change[field] = value;
  }
  return { change };
}

function Form({
  settings,
  onSaved,
}: {
  settings: AnalyticsSettings;
  onSaved: (settings: AnalyticsSettings) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [values, setValues] = useState<Values>(() => valuesOf(settings));
  const [invalid, setInvalid] = useState<Field | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setValues(valuesOf(settings)), [settings]);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = changeOf(values);
    if ('invalid' in result) {
      setInvalid(result.invalid);
      return;
    }
    setInvalid(null);
    setBusy(true);
    setError(null);
    try {
      const saved = await saveAnalyticsSettings(result.change);
      announce(t('analytics.settings.saved'));
      onSaved(saved);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="stack analytics-settings"
      aria-label={t('analytics.settings.title')}
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
    >
      <div className="field-grid">
        {FIELDS.map((field) => (
          <div className="field" key={field}>
            <label htmlFor={`${id}-${field}`}>{t(`analytics.settings.fields.${field}`)}</label>
            <input
              id={`${id}-${field}`}
              type="text"
              inputMode={field === 'currency' ? 'text' : 'decimal'}
              value={values[field]}
              aria-invalid={invalid === field || undefined}
              aria-describedby={invalid === field ? `${id}-${field}-error` : undefined}
              onChange={(event) =>
                setValues((current) => ({ ...current, [field]: event.target.value }))
              }
            />
            {invalid === field ? (
              <p id={`${id}-${field}-error`} className="field-error">
                {t(`analytics.settings.invalid.${field}`)}
              </p>
            ) : null}
          </div>
        ))}
      </div>
      <p className="hint">
        {settings.saved ? t('analytics.settings.savedBefore') : t('analytics.settings.defaults')}
      </p>
      <p className="actions">
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
          {t('analytics.settings.save')}
        </button>
      </p>
      <ErrorAlert error={error} />
    </form>
  );
}

export function SettingsForm({
  settings,
  onSaved,
}: {
  settings: Resource<AnalyticsSettings>;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="page-section" aria-labelledby={`${id}-settings`}>
      <h2 id={`${id}-settings`}>{t('analytics.settings.title')}</h2>
      <DataState resource={settings}>
        {(data) => (
          <Form
            settings={data}
            onSaved={(saved) => {
              settings.setData(saved);
              onSaved();
            }}
          />
        )}
      </DataState>
    </section>
  );
}
