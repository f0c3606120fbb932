/**
 * The community dashboard: engagement, contributors and DAU/MAU by month, members and active
 * members, contributions by kind, and the time to a first response.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type AnalyticsFilter, exportUrl, useEngagement, useSupporting } from '../../api/analytics';
import { DataState } from '../../components/analytics/DataState';
import { figureSeries, TrendChart } from '../../components/analytics/TrendChart';
import { useAnalyticsFormat } from '../../components/analytics/useAnalyticsFormat';

export function CommunityPanel({ filter }: { filter: AnalyticsFilter }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const engagement = useEngagement(filter);
  const supporting = useSupporting(filter);
  const engagementCsv = exportUrl('engagement', filter);
  const suffix = `${filter.from}-${filter.to}`;

  return (
    <>
      <section className="page-section" aria-labelledby={`${id}-engagement`}>
        <h2 id={`${id}-engagement`}>{t('analytics.sections.community')}</h2>
        <DataState resource={engagement} isEmpty={(data) => data.months.length === 0}>
          {(data) => {
            const months = data.months.map((month) => month.month);
            const last = data.months[data.months.length - 1];
            return (
              <>
                {last ? (
                  <dl className="figures metrics-figures">
                    <div>
                      <dt>{t('analytics.figures.members')}</dt>
                      <dd>{af.count(last.members)}</dd>
                    </div>
                    <div>
                      <dt>{t('analytics.figures.engaged')}</dt>
                      <dd>{af.count(last.engaged)}</dd>
                    </div>
                    <div>
                      <dt>{t('analytics.metrics.engagementRate')}</dt>
                      <dd>{af.rate(last.engagementRate)}</dd>
                    </div>
                    <div>
                      <dt>{t('analytics.figures.contributors')}</dt>
                      <dd>{af.count(last.contributors)}</dd>
                    </div>
                    <div>
                      <dt>{t('analytics.figures.dauMau')}</dt>
                      <dd>{af.rate(last.dauMau)}</dd>
                    </div>
                  </dl>
                ) : null}
                {last ? (
                  <p className="small muted">
                    {t('analytics.cards.latestMonth', { month: af.monthLong(last.month) })}
                  </p>
                ) : null}
                <dl className="definitions small">
                  <dt>{t('analytics.metrics.engagementRate')}</dt>
                  <dd>{t('analytics.definitions.engagementRate')}</dd>
                  <dt>{t('analytics.figures.contributors')}</dt>
                  <dd>{t('analytics.definitions.contributors')}</dd>
                  <dt>{t('analytics.figures.dauMau')}</dt>
                  <dd>{t('analytics.definitions.dauMau')}</dd>
                </dl>
                <div className="chart-grid">
                  <TrendChart
                    title={t('analytics.community.ratesChart')}
                    kind="line"
                    months={months}
                    series={[
                      {
                        key: 'engagementRate',
                        label: t('analytics.metrics.engagementRate'),
                        values: data.months.map((month) => month.engagementRate),
                      },
                      {
                        key: 'contributorRate',
                        label: t('analytics.figures.contributorRate'),
                        values: data.months.map((month) => month.contributorRate),
                      },
                      {
                        key: 'dauMau',
                        label: t('analytics.figures.dauMau'),
                        values: data.months.map((month) => month.dauMau),
                      },
                    ]}
                    format={af.rate}
                    filename={`engagement-rates-${suffix}`}
                    exportHref={engagementCsv}
                  />
                  <TrendChart
                    title={t('analytics.community.membersChart')}
                    kind="line"
                    months={months}
                    series={figureSeries(
                      data.months,
                      ['members', 'monthlyActive', 'dailyActive', 'joined', 'removed'],
                      (key) => t(`analytics.figures.${key}`),
                    )}
                    format={af.count}
                    filename={`members-${suffix}`}
                    exportHref={engagementCsv}
                  />
                  <TrendChart
                    title={t('analytics.community.kindsChart')}
                    kind="bar"
                    months={months}
                    series={figureSeries(
                      data.months,
                      ['posts', 'comments', 'reactions', 'answers', 'challengeSteps'],
                      (key) => t(`analytics.figures.${key}`),
                    )}
                    format={af.count}
                    filename={`contributions-${suffix}`}
                    exportHref={engagementCsv}
                  />
                </div>
              </>
            );
          }}
        </DataState>
      </section>
      <section className="page-section" aria-labelledby={`${id}-response`}>
        <h2 id={`${id}-response`}>{t('analytics.community.firstResponse')}</h2>
        <p className="small">{t('analytics.definitions.timeToFirstResponse')}</p>
        <DataState resource={supporting} isEmpty={(data) => data.months.length === 0}>
          {(data) => (
            <TrendChart
              title={t('analytics.community.firstResponseChart')}
              kind="line"
              months={data.months.map((month) => month.month)}
              series={[
                {
                  key: 'firstResponseMedianHours',
                  label: t('analytics.figures.firstResponseMedianHours'),
                  values: data.months.map((month) => month.firstResponseMedianHours),
                },
              ]}
              format={af.hours}
              filename={`first-response-${suffix}`}
              exportHref={exportUrl('supporting', filter)}
            />
          )}
        </DataState>
      </section>
    </>
  );
}
