import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type Rate, useWorkload, type WorkloadRow } from '../../api/ambassadorWork';
import { useFormat } from '../../i18n/useFormat';
import { Loading } from '../Loading';
import { AmbassadorError } from './AmbassadorError';

function useRateText() {
  const { t } = useTranslation();
  return (rate: Rate): string =>
    rate.percent === null
      ? t('ambassadors.workload.noAssignments')
      : t('ambassadors.workload.rate', {
          percent: rate.percent,
          answered: rate.answered,
          assignments: rate.assignments,
        });
}

function WorkloadCard({ row }: { row: WorkloadRow }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const rateText = useRateText();
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <div className="head-row">
        <h4 id={`${id}-name`}>{row.displayName}</h4>
        <span className="badge">{t(`ambassadors.states.${row.state}`)}</span>
      </div>
      <p className="meta">
        <span>@{row.username}</span>
        <span>{t('ambassadors.workload.open', { open: row.open, cap: row.cap })}</span>
      </p>
      <meter
        className="score-meter"
        min={0}
        max={Math.max(row.cap, 1)}
        low={Math.max(row.cap, 1) * 0.5}
        high={Math.max(row.cap, 1) * 0.8}
        optimum={0}
        value={Math.min(row.open, Math.max(row.cap, 1))}
        aria-label={t('ambassadors.workload.load', { name: row.displayName })}
      >
        {format.percent(row.loadShare)}
      </meter>
      <dl className="figures">
        <div>
          <dt>{t('ambassadors.workload.loadShare')}</dt>
          <dd>{format.percent(row.loadShare)}</dd>
        </div>
        <div>
          <dt>{t('ambassadors.workload.missed')}</dt>
          <dd>{format.number(row.missed90Days)}</dd>
        </div>
        <div>
          <dt>{t('ambassadors.workload.last30')}</dt>
          <dd>{rateText(row.responseRate.last30Days)}</dd>
        </div>
        <div>
          <dt>{t('ambassadors.workload.previous60')}</dt>
          <dd>{rateText(row.responseRate.previous60Days)}</dd>
        </div>
      </dl>
      {row.signals.length === 0 ? (
        <p className="muted small">{t('ambassadors.workload.noSignals')}</p>
      ) : (
        <ul className="compact-list" aria-label={t('ambassadors.workload.signals')}>
          {row.signals.map((signal) => (
            <li key={signal}>{signal}</li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** The workload tab: each active or paused ambassador's load and burnout signals. */
export function WorkloadPanel({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const workload = useWorkload(programId);
  return (
    <section className="page-section">
      <p className="hint">{t('ambassadors.workload.intro')}</p>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={workload.loading}
          onClick={workload.reload}
        >
          {t('ambassadors.workload.refresh')}
        </button>
      </div>
      {workload.loading && !workload.data ? <Loading /> : null}
      <AmbassadorError error={workload.error} onRetry={workload.reload} />
      {workload.data && workload.data.items.length === 0 ? (
        <p className="muted">{t('ambassadors.workload.empty')}</p>
      ) : null}
      <div className="stack">
        {workload.data?.items.map((row) => (
          <WorkloadCard key={row.ambassadorId} row={row} />
        ))}
      </div>
    </section>
  );
}
