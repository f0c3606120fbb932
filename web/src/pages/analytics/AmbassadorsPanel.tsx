/**
 * The ambassadors dashboard: ambassador retention by month (active at the start, still active
 * at the end) and the time from a submission to its first decision, automatic and human.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type AnalyticsFilter, exportUrl, useKeyMetrics } from '../../api/analytics';
import { DataState } from '../../components/analytics/DataState';
import { TrendChart } from '../../components/analytics/TrendChart';
import { useAnalyticsFormat } from '../../components/analytics/useAnalyticsFormat';

export function AmbassadorsPanel({ filter }: { filter: AnalyticsFilter }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const metrics = useKeyMetrics(filter);
  const suffix = `${filter.from}-${filter.to}`;
  const exportHref = exportUrl('metrics', filter);

  return (
    <DataState resource={metrics} isEmpty={(data) => data.months.length === 0}>
      {(data) => {
        const months = data.months.map((month) => month.month);
        const retention = data.months.map((month) => month.ambassadorRetention);
        const approval = data.months.map((month) => month.contentApproval);
        return (
          <>
            <section className="page-section" aria-labelledby={`${id}-retention`}>
              <h2 id={`${id}-retention`}>{t('analytics.metrics.ambassadorRetention')}</h2>
              <p className="small">{t('analytics.definitions.ambassadorRetention')}</p>
              <div className="chart-grid">
                <TrendChart
                  title={t('analytics.ambassadors.retentionChart')}
                  kind="line"
                  months={months}
                  series={[
                    {
                      key: 'rate',
                      label: t('analytics.metrics.ambassadorRetention'),
                      values: retention.map((row) => row.rate),
                    },
                  ]}
                  format={af.rate}
                  filename={`ambassador-retention-${suffix}`}
                  exportHref={exportHref}
                />
                <TrendChart
                  title={t('analytics.ambassadors.activeChart')}
                  kind="bar"
                  months={months}
                  series={[
                    {
                      key: 'activeAtStart',
                      label: t('analytics.figures.activeAtStart'),
                      values: retention.map((row) => row.activeAtStart),
                    },
                    {
                      key: 'retained',
                      label: t('analytics.figures.retained'),
                      values: retention.map((row) => row.retained),
                    },
                  ]}
                  format={af.count}
                  filename={`ambassadors-active-${suffix}`}
                  exportHref={exportHref}
                />
              </div>
            </section>
            <section className="page-section" aria-labelledby={`${id}-approval`}>
              <h2 id={`${id}-approval`}>{t('analytics.metrics.contentApprovalTime')}</h2>
              <p className="small">{t('analytics.definitions.contentApprovalTime')}</p>
              <div className="chart-grid">
                <TrendChart
                  title={t('analytics.ambassadors.approvalChart')}
                  kind="line"
                  months={months}
                  series={[
                    {
                      key: 'medianHours',
                      label: t('analytics.figures.medianHours'),
                      values: approval.map((row) => row.medianHours),
                    },
                    {
                      key: 'p90Hours',
                      label: t('analytics.figures.p90Hours'),
                      values: approval.map((row) => row.p90Hours),
                    },
                    {
                      key: 'automaticMedianHours',
                      label: t('analytics.figures.automaticMedianHours'),
                      values: approval.map((row) => row.automaticMedianHours),
                    },
                    {
                      key: 'humanMedianHours',
                      label: t('analytics.figures.humanMedianHours'),
                      values: approval.map((row) => row.humanMedianHours),
                    },
                  ]}
                  format={af.hours}
                  filename={`approval-time-${suffix}`}
                  exportHref={exportHref}
                />
                <TrendChart
                  title={t('analytics.ambassadors.decisionsChart')}
                  kind="bar"
                  months={months}
                  series={[
                    {
                      key: 'automatic',
                      label: t('analytics.figures.automaticDecisions'),
                      values: approval.map((row) => row.automatic),
                    },
                    {
                      key: 'human',
                      label: t('analytics.figures.humanDecisions'),
                      values: approval.map((row) => row.human),
                    },
                  ]}
                  format={af.count}
                  filename={`approval-decisions-${suffix}`}
                  exportHref={exportHref}
                />
              </div>
            </section>
          </>
        );
      }}
    </DataState>
  );
}
