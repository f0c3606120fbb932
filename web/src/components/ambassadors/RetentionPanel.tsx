import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type RetentionFigures,
  useAlumni,
  useChurnRisk,
  useRetention,
} from '../../api/ambassadorWork';
import { useFormat } from '../../i18n/useFormat';
import { Loading } from '../Loading';
import { AmbassadorError } from './AmbassadorError';

const day = (date: Date) => date.toISOString().slice(0, 10);

function Figures({ figures }: { figures: RetentionFigures }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      {figures.rate === null ? t('ambassadors.retention.noRate') : format.percent(figures.rate)}{' '}
      <span className="muted">
        {t('ambassadors.retention.fraction', {
          numerator: figures.numerator,
          denominator: figures.denominator,
        })}
      </span>
    </>
  );
}

function RetentionRate({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [from, setFrom] = useState(() => day(new Date(Date.now() - 90 * 86_400_000)));
  const [to, setTo] = useState(() => day(new Date()));
  const [period, setPeriod] = useState<{ from: string; to: string }>({ from, to });
  const retention = useRetention(programId, period);
  const data = retention.data;
  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('ambassadors.retention.rateTitle')}</h3>
      <form
        className="filter-bar"
        onSubmit={(event) => {
          event.preventDefault();
          setPeriod({ from, to });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('ambassadors.retention.from')}</label>
          <input
            id={`${id}-from`}
            type="date"
            required
            value={from}
            onChange={(event) => setFrom(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('ambassadors.retention.to')}</label>
          <input
            id={`${id}-to`}
            type="date"
            required
            value={to}
            onChange={(event) => setTo(event.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={retention.loading}>
          {t('ambassadors.retention.show')}
        </button>
      </form>
      {retention.loading ? <Loading /> : null}
      <AmbassadorError error={retention.error} />
      {data ? (
        <>
          <p className="lead">
            {t('ambassadors.retention.rate')} <Figures figures={data} />
          </p>
          <p className="hint">{data.definition}</p>
          {data.regions && data.regions.length > 0 ? (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('ambassadors.retention.byRegion')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('ambassadors.retention.region')}</th>
                    <th scope="col">{t('ambassadors.retention.rate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.regions.map((region) => (
                    <tr key={region.regionCode ?? '-'}>
                      <th scope="row">
                        {region.regionCode ?? t('ambassadors.retention.noRegion')}
                      </th>
                      <td>
                        <Figures figures={region} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function ChurnList({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const churn = useChurnRisk(programId);
  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('ambassadors.retention.churnTitle')}</h3>
      {churn.loading ? <Loading /> : null}
      <AmbassadorError error={churn.error} onRetry={churn.reload} />
      {churn.data && churn.data.items.length === 0 ? (
        <p className="muted">{t('ambassadors.retention.noChurn')}</p>
      ) : null}
      <div className="stack">
        {churn.data?.items.map((row) => (
          <article key={row.ambassadorId} className="card" aria-label={row.displayName}>
            <div className="head-row">
              <h4>{row.displayName}</h4>
              <span className="badge">
                {t('ambassadors.retention.level', {
                  level: t(`ambassadors.retention.levels.${row.level}`),
                  score: row.score,
                })}
              </span>
            </div>
            <p className="meta">
              <span>@{row.username}</span>
              <span>{row.regionCode ?? t('ambassadors.retention.noRegion')}</span>
              <span>{t(`ambassadors.states.${row.state}`)}</span>
            </p>
            {row.reasons.length === 0 ? (
              <p className="muted small">{t('ambassadors.retention.noReasons')}</p>
            ) : (
              <ul className="compact-list" aria-label={t('ambassadors.retention.reasons')}>
                {row.reasons.map((reason) => (
                  <li key={reason.signal}>{reason.text}</li>
                ))}
              </ul>
            )}
          </article>
        ))}
      </div>
    </section>
  );
}

function AlumniList({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const alumni = useAlumni(programId);
  return (
    <section className="page-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('ambassadors.retention.alumniTitle')}</h3>
      {alumni.loading ? <Loading /> : null}
      <AmbassadorError error={alumni.error} onRetry={alumni.reload} />
      {alumni.data && alumni.data.items.length === 0 ? (
        <p className="muted">{t('ambassadors.retention.noAlumni')}</p>
      ) : null}
      {alumni.data && alumni.data.items.length > 0 ? (
        <ul className="plain-list">
          {alumni.data.items.map((row) => (
            <li key={`${row.ambassadorId}-${row.leftAt}`}>
              {t('ambassadors.retention.alumnusLine', {
                name: row.displayName,
                date: format.date(row.leftAt),
                actor: row.actorKind,
                reason: row.reason ?? t('ambassadors.retention.noReason'),
              })}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The retention tab: the rate over a chosen period, churn risk, and who left. */
export function RetentionPanel({ programId }: { programId: string }) {
  return (
    <>
      <RetentionRate programId={programId} />
      <ChurnList programId={programId} />
      <AlumniList programId={programId} />
    </>
  );
}
