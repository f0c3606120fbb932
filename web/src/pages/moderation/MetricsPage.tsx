import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type MetricsQuery, type Percentiles, useMetrics } from '../../api/moderation';
import { Loading } from '../../components/Loading';
import { ModerationError } from '../../components/moderation/ModerationError';
import { ModerationNav } from '../../components/moderation/ModerationNav';
import { PageTitle } from '../../components/PageTitle';
import { type Formatters, useFormat } from '../../i18n/useFormat';

const DEFAULT_COST_PER_REVIEW = '0.5';
const DEFAULT_AI_COST = '0.0005';

/** The start of a day picked in a date field (the member's own midnight) as an ISO time. */
function startOfDay(day: string): string | undefined {
  if (!day) {
    return undefined;
  }
  const date = new Date(`${day}T00:00:00`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The end of a picked day: the next midnight, as the period is [from, to). */
function endOfDay(day: string): string | undefined {
  const start = startOfDay(day);
  if (!start) {
    return undefined;
  }
  const date = new Date(start);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
}

function cost(value: string): number | undefined {
  const parsed = Number(value.trim().replace(',', '.'));
  return value.trim() === '' || !Number.isFinite(parsed) ? undefined : parsed;
}

/** A duration in seconds in the largest fitting unit, e.g. "0.7 s", "12 min", "3.5 h". */
function duration(seconds: number | null, format: Formatters, none: string): string {
  if (seconds === null) {
    return none;
  }
  const round = (value: number) => format.number(Math.round(value * 10) / 10);
  if (seconds < 60) {
    return `${round(seconds)} s`;
  }
  if (seconds < 3600) {
    return `${round(seconds / 60)} min`;
  }
  return `${round(seconds / 3600)} h`;
}

/**
 * Moderation figures for a period (managers and admins): volume, the share decided
 * automatically, time to decision, the audit's precision, moderator work and Moderation Cost
 * Reduction for the two costs given.
 */
export function MetricsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [costPerReview, setCostPerReview] = useState(DEFAULT_COST_PER_REVIEW);
  const [aiCost, setAiCost] = useState(DEFAULT_AI_COST);
  const [query, setQuery] = useState<MetricsQuery>({
    costPerReview: Number(DEFAULT_COST_PER_REVIEW),
    aiCostPerItem: Number(DEFAULT_AI_COST),
  });
  const report = useMetrics(query);
  const none = t('moderation.metrics.none');

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setQuery({
      from: startOfDay(from),
      to: endOfDay(to),
      costPerReview: cost(costPerReview),
      aiCostPerItem: cost(aiCost),
    });
    // The same period and costs again: read the figures anew.
    report.reload();
  };

  const share = (value: number | null) => (value === null ? none : format.percent(value));
  const amount = (value: number) =>
    new Intl.NumberFormat(format.locale, { maximumFractionDigits: 2 }).format(value);
  const times = (value: Percentiles) => [
    duration(value.p50, format, none),
    duration(value.p90, format, none),
  ];
  const data = report.data;

  return (
    <>
      <PageTitle title={t('moderation.metrics.title')} />
      <div className="page-head">
        <h1>{t('moderation.metrics.title')}</h1>
        <ModerationNav />
        <p className="muted">{t('moderation.metrics.intro')}</p>
      </div>
      <form
        className="filter-bar"
        aria-label={t('moderation.metrics.form')}
        noValidate
        onSubmit={handleSubmit}
      >
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('moderation.metrics.from')}</label>
          <input
            id={`${id}-from`}
            type="date"
            value={from}
            onChange={(event) => setFrom(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('moderation.metrics.to')}</label>
          <input
            id={`${id}-to`}
            type="date"
            value={to}
            onChange={(event) => setTo(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-review`}>{t('moderation.metrics.costPerReview')}</label>
          <input
            id={`${id}-review`}
            type="text"
            inputMode="decimal"
            value={costPerReview}
            onChange={(event) => setCostPerReview(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-ai`}>{t('moderation.metrics.aiCostPerItem')}</label>
          <input
            id={`${id}-ai`}
            type="text"
            inputMode="decimal"
            value={aiCost}
            onChange={(event) => setAiCost(event.target.value)}
          />
        </div>
        <button type="submit" className="button primary">
          {t('moderation.metrics.show')}
        </button>
      </form>
      <p className="hint">{t('moderation.metrics.periodHint')}</p>
      {report.loading ? <Loading /> : null}
      <ModerationError
        error={report.error}
        onRetry={report.reload}
        fieldLabel={(path) =>
          path === '/from'
            ? t('moderation.metrics.from')
            : path === '/to'
              ? t('moderation.metrics.to')
              : null
        }
      />
      {data ? (
        <section
          className="page-section"
          aria-labelledby={`${id}-report`}
          aria-busy={report.loading}
        >
          <h2 id={`${id}-report`}>
            {t('moderation.metrics.period', {
              from: format.date(data.from),
              to: format.date(data.to),
            })}
          </h2>
          <dl className="figures metrics-figures">
            <div>
              <dt>{t('moderation.metrics.costReduction')}</dt>
              <dd>{share(data.cost.moderationCostReduction)}</dd>
            </div>
            <div>
              <dt>{t('moderation.metrics.items')}</dt>
              <dd>{format.number(data.items)}</dd>
            </div>
            <div>
              <dt>{t('moderation.metrics.automaticShare')}</dt>
              <dd>{share(data.automaticShare)}</dd>
            </div>
            <div>
              <dt>{t('moderation.metrics.decidedAutomatically')}</dt>
              <dd>{format.number(data.decidedAutomatically)}</dd>
            </div>
            <div>
              <dt>{t('moderation.metrics.decidedByPeople')}</dt>
              <dd>{format.number(data.decidedByPeople)}</dd>
            </div>
            <div>
              <dt>{t('moderation.metrics.waiting')}</dt>
              <dd>{format.number(data.waiting)}</dd>
            </div>
          </dl>

          <div className="table-wrap">
            <table>
              <caption>{t('moderation.metrics.timeToDecision')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('moderation.metrics.decidedBy')}</th>
                  <th scope="col" className="number">
                    {t('moderation.metrics.median')}
                  </th>
                  <th scope="col" className="number">
                    {t('moderation.metrics.p90')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {(
                  [
                    ['automatic', t('moderation.metrics.automatic')],
                    ['human', t('moderation.metrics.human')],
                  ] as const
                ).map(([key, label]) => {
                  const [p50, p90] = times(data.secondsToDecision[key]);
                  return (
                    <tr key={key}>
                      <th scope="row">{label}</th>
                      <td className="number">{p50}</td>
                      <td className="number">{p90}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          <h3>{t('moderation.metrics.quality')}</h3>
          <dl className="figures">
            <div>
              <dt>{t('moderation.metrics.auditSampled')}</dt>
              <dd>{format.number(data.audit.sampled)}</dd>
            </div>
            <div>
              <dt>{t('moderation.metrics.auditPrecision')}</dt>
              <dd>{share(data.audit.precision)}</dd>
            </div>
            <div>
              <dt>{t('moderation.metrics.rejectionPrecision')}</dt>
              <dd>{share(data.audit.rejectionPrecision)}</dd>
            </div>
            <div>
              <dt>{t('moderation.metrics.providerFailures')}</dt>
              <dd>{format.number(data.providerFailures)}</dd>
            </div>
          </dl>

          <h3>{t('moderation.metrics.work')}</h3>
          <dl className="figures">
            <div>
              <dt>{t('moderation.metrics.humanReviews')}</dt>
              <dd>{format.number(data.humanReviews)}</dd>
            </div>
            <div>
              <dt>{t('moderation.metrics.moderatorHours')}</dt>
              <dd>{amount(data.moderatorHours)}</dd>
            </div>
            <div>
              <dt>{t('moderation.metrics.withoutGuild')}</dt>
              <dd>{amount(data.cost.withoutGuild)}</dd>
            </div>
            <div>
              <dt>{t('moderation.metrics.withGuild')}</dt>
              <dd>{amount(data.cost.withGuild)}</dd>
            </div>
          </dl>
          <p className="hint">{t('moderation.metrics.costHint')}</p>
        </section>
      ) : null}
    </>
  );
}
