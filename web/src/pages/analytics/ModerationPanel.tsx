/**
 * The moderation dashboard: items checked and who decided them, human reviews, the share
 * decided automatically, moderation cost reduction with the audit's precision, and the review
 * queue at each month's end with the items resolved after their due time.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type AnalyticsFilter, exportUrl, useKeyMetrics, useSupporting } from '../../api/analytics';
import { DataState } from '../../components/analytics/DataState';
import { TrendChart } from '../../components/analytics/TrendChart';
import { useAnalyticsFormat } from '../../components/analytics/useAnalyticsFormat';

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function ModerationPanel({ filter }: { filter: AnalyticsFilter }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const metrics = useKeyMetrics(filter);
  const supporting = useSupporting(filter);
  const suffix = `${filter.from}-${filter.to}`;

  return (
    <>
      <section className="page-section" aria-labelledby={`${id}-moderation`}>
        <h2 id={`${id}-moderation`}>{t('analytics.sections.moderation')}</h2>
        <DataState resource={metrics} isEmpty={(data) => data.months.length === 0}>
          {(data) => {
            const months = data.months.map((month) => month.month);
            const rows = data.months.map((month) => month.moderation);
            const last = rows[rows.length - 1];
            return (
              <>
                {last ? (
                  <>
                    <dl className="figures metrics-figures">
                      <div>
                        <dt>{t('analytics.metrics.moderationCostReduction')}</dt>
                        <dd>{af.rate(last.costReduction)}</dd>
                      </div>
                      <div>
                        <dt>{t('analytics.figures.items')}</dt>
                        <dd>{af.count(last.items)}</dd>
                      </div>
                      <div>
                        <dt>{t('analytics.figures.automaticShare')}</dt>
                        <dd>{af.rate(share(last.decidedAutomatically, last.items))}</dd>
                      </div>
                      <div>
                        <dt>{t('analytics.figures.humanReviews')}</dt>
                        <dd>{af.count(last.humanReviews)}</dd>
                      </div>
                      <div>
                        <dt>{t('analytics.figures.automaticPrecision')}</dt>
                        <dd>{af.rate(last.automaticPrecision)}</dd>
                      </div>
                    </dl>
                    <p className="small muted">
                      {t('analytics.cards.latestMonth', {
                        month: af.monthLong(data.months[data.months.length - 1].month),
                      })}{' '}
                      {t('analytics.moderation.costs', {
                        review: af.decimal(data.costs.costPerReview),
                        ai: af.decimal(data.costs.aiCostPerItem),
                      })}
                    </p>
                  </>
                ) : null}
                <p className="small">{t('analytics.definitions.moderationCostReduction')}</p>
                <div className="chart-grid">
                  <TrendChart
                    title={t('analytics.moderation.volumeChart')}
                    kind="bar"
                    months={months}
                    series={[
                      {
                        key: 'items',
                        label: t('analytics.figures.items'),
                        values: rows.map((row) => row.items),
                      },
                      {
                        key: 'decidedAutomatically',
                        label: t('analytics.figures.decidedAutomatically'),
                        values: rows.map((row) => row.decidedAutomatically),
                      },
                      {
                        key: 'decidedByPeople',
                        label: t('analytics.figures.decidedByPeople'),
                        values: rows.map((row) => row.decidedByPeople),
                      },
                      {
                        key: 'humanReviews',
                        label: t('analytics.figures.humanReviews'),
                        values: rows.map((row) => row.humanReviews),
                      },
                      {
                        key: 'auditSampled',
                        label: t('analytics.figures.auditSampled'),
                        values: rows.map((row) => row.auditSampled),
                      },
                    ]}
                    format={af.count}
                    filename={`moderation-volume-${suffix}`}
                    exportHref={exportUrl('metrics', filter)}
                  />
                  <TrendChart
                    title={t('analytics.moderation.ratesChart')}
                    kind="line"
                    months={months}
                    series={[
                      {
                        key: 'automaticShare',
                        label: t('analytics.figures.automaticShare'),
                        values: rows.map((row) => share(row.decidedAutomatically, row.items)),
                      },
                      {
                        key: 'costReduction',
                        label: t('analytics.metrics.moderationCostReduction'),
                        values: rows.map((row) => row.costReduction),
                      },
                      {
                        key: 'automaticPrecision',
                        label: t('analytics.figures.automaticPrecision'),
                        values: rows.map((row) => row.automaticPrecision),
                      },
                    ]}
                    format={af.rate}
                    filename={`moderation-rates-${suffix}`}
                  />
                </div>
              </>
            );
          }}
        </DataState>
      </section>
      <section className="page-section" aria-labelledby={`${id}-queue`}>
        <h2 id={`${id}-queue`}>{t('analytics.moderation.queue')}</h2>
        <p className="small">{t('analytics.definitions.reviewQueue')}</p>
        <DataState resource={supporting} isEmpty={(data) => data.months.length === 0}>
          {(data) => (
            <TrendChart
              title={t('analytics.moderation.queueChart')}
              kind="bar"
              months={data.months.map((month) => month.month)}
              series={[
                {
                  key: 'queueOpenAtEnd',
                  label: t('analytics.figures.queueOpenAtEnd'),
                  values: data.months.map((month) => month.queueOpenAtEnd),
                },
                {
                  key: 'slaBreaches',
                  label: t('analytics.figures.slaBreaches'),
                  values: data.months.map((month) => month.slaBreaches),
                },
              ]}
              format={af.count}
              filename={`review-queue-${suffix}`}
              exportHref={exportUrl('supporting', filter)}
            />
          )}
        </DataState>
      </section>
    </>
  );
}
