/**
 * Report schedules (docs/REPORTS.md): the list with "Stop schedule", and the form that adds one
 * with its cadence, format, locale, scope (the page's region and segment) and recipients, who
 * are staff named by username (comma-separated) and sent to the API by id.
 */
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsFilter } from '../../../api/analytics';
import {
  type Cadence,
  CADENCES,
  createSchedule,
  deleteSchedule,
  findMember,
  REPORT_FORMATS,
  type ReportFormat,
  useSchedules,
} from '../../../api/analyticsProgram';
import type { ApiError } from '../../../api/client';
import { toApiError } from '../../../api/useResource';
import { announce } from '../../announcer';
import { ConfirmButton } from '../../ConfirmButton';
import { ErrorAlert } from '../../ErrorAlert';
import { DataState } from '../DataState';
import { useAnalyticsFormat } from '../useAnalyticsFormat';
import { reportLocale } from './RoiReportDownload';

const LOCALES = ['en-GB', 'en-US', 'de-DE', 'de-AT', 'de-CH'];

function usernamesOf(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((name) => name.trim().replace(/^@/, ''))
    .filter(Boolean);
}

function ScheduleForm({ filter, onAdded }: { filter: AnalyticsFilter; onAdded: () => void }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const [cadence, setCadence] = useState<Cadence>('monthly');
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [locale, setLocale] = useState(() => reportLocale(af.locale));
  const [recipients, setRecipients] = useState('');
  const [unknown, setUnknown] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const locales = LOCALES.includes(locale) ? LOCALES : [locale, ...LOCALES];

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setUnknown([]);
    try {
      const names = usernamesOf(recipients);
      const found = await Promise.allSettled(names.map((name) => findMember(name)));
      const missing = names.filter((_, index) => found[index]?.status === 'rejected');
      if (missing.length > 0) {
        setUnknown(missing);
        return;
      }
      const ids = found.flatMap((item) => (item.status === 'fulfilled' ? [item.value.id] : []));
      await createSchedule({
        cadence,
        format,
        locale,
        region: filter.region || undefined,
        segment: filter.segment || undefined,
        recipients: ids,
      });
      setRecipients('');
      announce(t('analyticsProgram.schedules.added'));
      onAdded();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const scope = [filter.region, filter.segment].filter(Boolean).join(' · ');
  return (
    <form
      className="program-form"
      aria-label={t('analyticsProgram.schedules.form')}
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
    >
      <h3>{t('analyticsProgram.schedules.form')}</h3>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={`${id}-cadence`}>{t('analyticsProgram.schedules.cadence')}</label>
          <select
            id={`${id}-cadence`}
            value={cadence}
            onChange={(event) => setCadence(event.target.value as Cadence)}
          >
            {CADENCES.map((key) => (
              <option key={key} value={key}>
                {t(`analyticsProgram.schedules.cadences.${key}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-format`}>{t('analyticsProgram.reports.format')}</label>
          <select
            id={`${id}-format`}
            value={format}
            onChange={(event) => setFormat(event.target.value as ReportFormat)}
          >
            {REPORT_FORMATS.map((key) => (
              <option key={key} value={key}>
                {t(`analyticsProgram.reports.formats.${key}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-locale`}>{t('analyticsProgram.schedules.locale')}</label>
          <select id={`${id}-locale`} value={locale} onChange={(e) => setLocale(e.target.value)}>
            {locales.map((key) => (
              <option key={key} value={key}>
                {key}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-recipients`}>{t('analyticsProgram.schedules.recipients')}</label>
          <input
            id={`${id}-recipients`}
            type="text"
            value={recipients}
            aria-invalid={unknown.length > 0 || undefined}
            aria-describedby={unknown.length > 0 ? `${id}-recipients-error` : undefined}
            onChange={(event) => setRecipients(event.target.value)}
          />
          {unknown.length > 0 ? (
            <p id={`${id}-recipients-error`} className="field-error">
              {t('analyticsProgram.schedules.unknown', { names: unknown.join(', ') })}
            </p>
          ) : null}
        </div>
      </div>
      <p className="small muted">
        {t('analyticsProgram.schedules.scope', {
          scope: scope || t('analyticsProgram.reports.wholeCommunity'),
        })}
      </p>
      <p className="actions">
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
          {t('analyticsProgram.schedules.add')}
        </button>
      </p>
      <ErrorAlert error={error} />
    </form>
  );
}

export function SchedulesSection({ filter }: { filter: AnalyticsFilter }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const schedules = useSchedules();

  return (
    <section className="page-section" aria-labelledby={`${id}-schedules`}>
      <h2 id={`${id}-schedules`}>{t('analyticsProgram.schedules.heading')}</h2>
      <p className="muted">{t('analyticsProgram.schedules.intro')}</p>
      <DataState resource={schedules}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">{t('analyticsProgram.schedules.none')}</p>
          ) : (
            <ul className="schedule-list">
              {data.items.map((schedule) => {
                const name = t('analyticsProgram.schedules.name', {
                  cadence: t(`analyticsProgram.schedules.cadences.${schedule.cadence}`),
                  format: t(`analyticsProgram.reports.formats.${schedule.format}`),
                  locale: schedule.locale,
                });
                return (
                  <li key={schedule.id} className="card compact">
                    <strong>{name}</strong>
                    <span className="small muted">
                      {' '}
                      {t('analyticsProgram.schedules.details', {
                        scope:
                          [schedule.region, schedule.segment].filter(Boolean).join(' · ') ||
                          t('analyticsProgram.reports.wholeCommunity'),
                        count: schedule.recipients.length,
                        month: af.monthLong(schedule.lastPeriodTo),
                      })}
                    </span>{' '}
                    <ConfirmButton
                      label={t('analyticsProgram.schedules.delete', { name })}
                      question={t('analyticsProgram.schedules.deleteQuestion')}
                      confirmLabel={t('analyticsProgram.schedules.deleteConfirm')}
                      danger
                      small
                      run={async () => {
                        await deleteSchedule(schedule.id);
                        announce(t('analyticsProgram.schedules.deleted'));
                        schedules.reload();
                      }}
                    />
                  </li>
                );
              })}
            </ul>
          )
        }
      </DataState>
      <ScheduleForm filter={filter} onAdded={schedules.reload} />
    </section>
  );
}
