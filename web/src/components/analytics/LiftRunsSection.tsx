/**
 * Retention lift runs (docs/LIFT.md): the form that runs the estimator for a cohort, and the
 * stored runs, newest first, each with its lift and 95% interval or the reason it was refused,
 * and the group sizes.
 */
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LiftRun, startLiftRun } from '../../api/analytics';
import type { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { type Resource, toApiError } from '../../api/useResource';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';
import { CsvDownload } from './CsvDownload';
import { DataState } from './DataState';
import { useAnalyticsFormat } from './useAnalyticsFormat';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function RunForm({ onRun }: { onRun: () => void }) {
  const { t } = useTranslation();
  const { regions } = useSession();
  const id = useId();
  const [cohortFrom, setCohortFrom] = useState('');
  const [cohortTo, setCohortTo] = useState('');
  const [windowDays, setWindowDays] = useState('');
  const [region, setRegion] = useState('');
  const [invalid, setInvalid] = useState<'cohort' | 'window' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const days = windowDays.trim() === '' ? undefined : Number(windowDays.trim());
    if (!DAY.test(cohortFrom) || !DAY.test(cohortTo) || cohortTo <= cohortFrom) {
      setInvalid('cohort');
      return;
    }
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 730)) {
      setInvalid('window');
      return;
    }
    setInvalid(null);
    setBusy(true);
    setError(null);
    try {
      const run = await startLiftRun({
        cohortFrom,
        cohortTo,
        windowDays: days,
        region: region || undefined,
      });
      announce(
        run.status === 'ok' ? t('analytics.lift.ranOk') : t('analytics.lift.ranInsufficient'),
      );
      onRun();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="filter-bar"
      aria-label={t('analytics.lift.form')}
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
    >
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('analytics.lift.cohortFrom')}</label>
        <input
          id={`${id}-from`}
          type="date"
          value={cohortFrom}
          aria-invalid={invalid === 'cohort' || undefined}
          aria-describedby={invalid === 'cohort' ? `${id}-problem` : undefined}
          onChange={(event) => setCohortFrom(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('analytics.lift.cohortTo')}</label>
        <input
          id={`${id}-to`}
          type="date"
          value={cohortTo}
          aria-invalid={invalid === 'cohort' || undefined}
          aria-describedby={invalid === 'cohort' ? `${id}-problem` : undefined}
          onChange={(event) => setCohortTo(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-window`}>{t('analytics.lift.windowDays')}</label>
        <input
          id={`${id}-window`}
          type="text"
          inputMode="numeric"
          value={windowDays}
          aria-invalid={invalid === 'window' || undefined}
          aria-describedby={invalid === 'window' ? `${id}-problem` : `${id}-window-hint`}
          onChange={(event) => setWindowDays(event.target.value)}
        />
        <p id={`${id}-window-hint`} className="hint">
          {t('analytics.lift.windowHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-region`}>{t('analytics.filter.region')}</label>
        <select
          id={`${id}-region`}
          value={region}
          onChange={(event) => setRegion(event.target.value)}
        >
          <option value="">{t('analytics.filter.allRegions')}</option>
          {regions.map((item) => (
            <option key={item.code} value={item.code}>
              {item.name} ({item.code})
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
        {t('analytics.lift.run')}
      </button>
      {invalid ? (
        <p id={`${id}-problem`} className="field-error" role="alert">
          {t(`analytics.lift.invalid.${invalid}`)}
        </p>
      ) : null}
      <ErrorAlert error={error} />
    </form>
  );
}

export function LiftRunsSection({
  runs,
  onRun,
}: {
  runs: Resource<{ items: LiftRun[]; nextCursor: string | null }>;
  onRun: () => void;
}) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const header = [
    t('analytics.lift.created'),
    t('analytics.lift.cohort'),
    t('analytics.lift.windowDays'),
    t('analytics.filter.region'),
    t('analytics.lift.result'),
    t('analytics.lift.matched'),
  ];
  const result = (run: LiftRun) =>
    run.status === 'ok' && run.lift !== null
      ? run.ci
        ? t('analytics.lift.liftWithInterval', {
            lift: af.rate(run.lift),
            low: af.rate(run.ci.low),
            high: af.rate(run.ci.high),
          })
        : af.rate(run.lift)
      : t('analytics.lift.refused', { reason: run.reason ?? '' });
  const cohort = (run: LiftRun) =>
    t('analytics.cards.cohort', { from: af.date(run.cohortFrom), to: af.date(run.cohortTo) });

  return (
    <section className="page-section" aria-labelledby={`${id}-lift`}>
      <h2 id={`${id}-lift`}>{t('analytics.lift.title')}</h2>
      <p className="small">{t('analytics.definitions.customerRetentionLift')}</p>
      <RunForm onRun={onRun} />
      <DataState resource={runs}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">{t('analytics.lift.none')}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table>
                  <caption>{t('analytics.lift.runs')}</caption>
                  <thead>
                    <tr>
                      {header.map((text) => (
                        <th scope="col" key={text}>
                          {text}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((run) => (
                      <tr key={run.id}>
                        <th scope="row">{af.date(run.createdAt)}</th>
                        <td>{cohort(run)}</td>
                        <td>
                          {af.count(run.windowDays)}
                          {run.windowComplete ? null : ` (${t('analytics.lift.windowOpen')})`}
                        </td>
                        <td>{run.region ?? t('analytics.filter.allRegions')}</td>
                        <td>{result(run)}</td>
                        <td>
                          {t('analytics.lift.sizes', {
                            matched: run.sizes.matchedMembers,
                            members: run.sizes.members,
                            controls: run.sizes.distinctControls,
                          })}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="actions">
                <CsvDownload
                  title={t('analytics.lift.runs')}
                  filename="lift-runs"
                  csv={() => ({
                    header: [
                      'id',
                      'createdAt',
                      'cohortFrom',
                      'cohortTo',
                      'windowDays',
                      'region',
                      'status',
                      'reason',
                      'lift',
                      'liftLow',
                      'liftHigh',
                      'memberRate',
                      'controlRate',
                      'matchedMembers',
                      'members',
                      'distinctControls',
                    ],
                    rows: data.items.map((run) => [
                      run.id,
                      run.createdAt,
                      run.cohortFrom,
                      run.cohortTo,
                      run.windowDays,
                      run.region,
                      run.status,
                      run.reason,
                      run.lift,
                      run.ci?.low ?? null,
                      run.ci?.high ?? null,
                      run.memberRate,
                      run.controlRate,
                      run.sizes.matchedMembers,
                      run.sizes.members,
                      run.sizes.distinctControls,
                    ]),
                  })}
                />
              </p>
            </>
          )
        }
      </DataState>
    </section>
  );
}
