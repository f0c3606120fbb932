/**
 * The overview: the six key metrics as cards (the latest month of the period, or the period
 * for the retention lift and ROI), each with a small trend and its definition, then the
 * trends of the monthly ones as charts with their tables.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AnalyticsFilter,
  bandKey,
  exportUrl,
  type KeyMonth,
  type RoiReport,
  useKeyMetrics,
  useRoi,
} from '../../api/analytics';
import type { Resource } from '../../api/useResource';
import { DataState } from '../../components/analytics/DataState';
import { MetricCard } from '../../components/analytics/MetricCard';
import { TrendChart } from '../../components/analytics/TrendChart';
import { useAnalyticsFormat } from '../../components/analytics/useAnalyticsFormat';
import { ErrorAlert } from '../../components/ErrorAlert';

function LiftAndRoiCards({ roi, period }: { roi: Resource<RoiReport>; period: string }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  if (roi.error) {
    return <ErrorAlert error={roi.error} onRetry={roi.reload} />;
  }
  const report = roi.data;
  const lift = report?.lift ?? null;
  const estimate = report?.roi.estimate ?? null;
  const band = report?.benchmark.placement?.band;
  return (
    <>
      <MetricCard
        title={t('analytics.metrics.customerRetentionLift')}
        value={lift ? af.rate(lift.lift) : af.none}
        period={
          lift
            ? t('analytics.cards.cohort', {
                from: af.date(lift.cohortFrom),
                to: af.date(lift.cohortTo),
              })
            : period
        }
        detail={
          lift ? (
            <p>
              {t('analytics.cards.interval', {
                low: af.rate(lift.liftLow),
                high: af.rate(lift.liftHigh),
              })}{' '}
              {t('analytics.cards.matched', { count: lift.matchedMembers })}
            </p>
          ) : (
            <p>{report ? t('analytics.cards.noLift') : t('common.loading')}</p>
          )
        }
        definition={t('analytics.definitions.customerRetentionLift')}
      />
      <MetricCard
        title={t('analytics.metrics.programRoi')}
        value={af.rate(estimate)}
        period={period}
        detail={
          report && estimate !== null ? (
            <p>
              {t('analytics.cards.interval', {
                low: af.rate(report.roi.low),
                high: af.rate(report.roi.high),
              })}{' '}
              {band ? t(`analytics.bands.${bandKey(band)}`) : null}
            </p>
          ) : (
            <p>{report ? t('analytics.cards.noRoi') : t('common.loading')}</p>
          )
        }
        definition={t('analytics.definitions.programRoi')}
      />
    </>
  );
}

function MonthlyCards({ months }: { months: KeyMonth[] }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const last = months[months.length - 1];
  if (!last) {
    return null;
  }
  const period = af.monthLong(last.month);
  const { engagement, ambassadorRetention, contentApproval, moderation } = last;
  return (
    <>
      <MetricCard
        title={t('analytics.metrics.engagementRate')}
        value={af.rate(engagement.engagementRate)}
        period={period}
        detail={
          <p>
            {t('analytics.cards.engaged', {
              engaged: af.count(engagement.engaged),
              members: af.count(engagement.members),
            })}{' '}
            {t('analytics.cards.contributorsAndDauMau', {
              contributors: af.count(engagement.contributors),
              dauMau: af.rate(engagement.dauMau),
            })}
          </p>
        }
        definition={t('analytics.definitions.engagementRate')}
        trend={months.map((month) => month.engagement.engagementRate)}
      />
      <MetricCard
        title={t('analytics.metrics.ambassadorRetention')}
        value={af.rate(ambassadorRetention.rate)}
        period={period}
        detail={
          <p>
            {t('analytics.cards.retained', {
              retained: af.count(ambassadorRetention.retained),
              active: af.count(ambassadorRetention.activeAtStart),
            })}
          </p>
        }
        definition={t('analytics.definitions.ambassadorRetention')}
        trend={months.map((month) => month.ambassadorRetention.rate)}
      />
      <MetricCard
        title={t('analytics.metrics.contentApprovalTime')}
        value={af.hours(contentApproval.medianHours)}
        period={period}
        detail={
          <p>
            {t('analytics.cards.approval', {
              p90: af.hours(contentApproval.p90Hours),
              automatic: af.hours(contentApproval.automaticMedianHours),
              human: af.hours(contentApproval.humanMedianHours),
            })}
          </p>
        }
        definition={t('analytics.definitions.contentApprovalTime')}
        trend={months.map((month) => month.contentApproval.medianHours)}
      />
      <MetricCard
        title={t('analytics.metrics.moderationCostReduction')}
        value={af.rate(moderation.costReduction)}
        period={period}
        detail={
          <p>
            {t('analytics.cards.moderation', {
              items: af.count(moderation.items),
              precision: af.rate(moderation.automaticPrecision),
            })}
          </p>
        }
        definition={t('analytics.definitions.moderationCostReduction')}
        trend={months.map((month) => month.moderation.costReduction)}
      />
    </>
  );
}

export function OverviewPanel({ filter }: { filter: AnalyticsFilter }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const metrics = useKeyMetrics(filter);
  const roi = useRoi(filter);
  const periodText = t('analytics.cards.period', {
    from: af.month(filter.from),
    to: af.month(filter.to),
  });
  const exportHref = exportUrl('metrics', filter);

  return (
    <>
      <section className="page-section" aria-labelledby={`${id}-cards`}>
        <h2 id={`${id}-cards`}>{t('analytics.overview.keyMetrics')}</h2>
        <DataState resource={metrics} isEmpty={(data) => data.months.length === 0}>
          {(data) => (
            <div className="metric-grid" aria-busy={metrics.loading}>
              <MonthlyCards months={data.months} />
              <LiftAndRoiCards roi={roi} period={periodText} />
            </div>
          )}
        </DataState>
      </section>
      {metrics.data && metrics.data.months.length > 0 ? (
        <section className="page-section" aria-labelledby={`${id}-trends`}>
          <h2 id={`${id}-trends`}>{t('analytics.overview.trends')}</h2>
          <div className="chart-grid">
            <TrendChart
              title={t('analytics.overview.ratesChart')}
              kind="line"
              months={metrics.data.months.map((month) => month.month)}
              series={[
                {
                  key: 'engagementRate',
                  label: t('analytics.metrics.engagementRate'),
                  values: metrics.data.months.map((month) => month.engagement.engagementRate),
                },
                {
                  key: 'ambassadorRetention',
                  label: t('analytics.metrics.ambassadorRetention'),
                  values: metrics.data.months.map((month) => month.ambassadorRetention.rate),
                },
                {
                  key: 'costReduction',
                  label: t('analytics.metrics.moderationCostReduction'),
                  values: metrics.data.months.map((month) => month.moderation.costReduction),
                },
              ]}
              format={af.rate}
              filename={`key-rates-${filter.from}-${filter.to}`}
              exportHref={exportHref}
            />
            <TrendChart
              title={t('analytics.metrics.contentApprovalTime')}
              kind="line"
              months={metrics.data.months.map((month) => month.month)}
              series={[
                {
                  key: 'median',
                  label: t('analytics.figures.medianHours'),
                  values: metrics.data.months.map((month) => month.contentApproval.medianHours),
                },
                {
                  key: 'p90',
                  label: t('analytics.figures.p90Hours'),
                  values: metrics.data.months.map((month) => month.contentApproval.p90Hours),
                },
              ]}
              format={af.hours}
              filename={`approval-time-${filter.from}-${filter.to}`}
              exportHref={exportHref}
            />
          </div>
        </section>
      ) : null}
    </>
  );
}
