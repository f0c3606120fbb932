/**
 * The gamification dashboard: points issued and redeemed, challenge participation and
 * completion by month, and the fatigue warnings (participation or completion decaying).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type AnalyticsFilter, exportUrl, useSupporting } from '../../api/analytics';
import { CsvDownload } from '../../components/analytics/CsvDownload';
import { DataState } from '../../components/analytics/DataState';
import { TrendChart } from '../../components/analytics/TrendChart';
import { useAnalyticsFormat } from '../../components/analytics/useAnalyticsFormat';

export function GamificationPanel({ filter }: { filter: AnalyticsFilter }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const supporting = useSupporting(filter);
  const suffix = `${filter.from}-${filter.to}`;
  const exportHref = exportUrl('supporting', filter);

  return (
    <section className="page-section" aria-labelledby={`${id}-gamification`}>
      <h2 id={`${id}-gamification`}>{t('analytics.sections.gamification')}</h2>
      <DataState resource={supporting}>
        {(data) => {
          const months = data.months.map((month) => month.month);
          return (
            <>
              <dl className="definitions small">
                <dt>{t('analytics.figures.pointsIssued')}</dt>
                <dd>{t('analytics.definitions.pointsIssued')}</dd>
                <dt>{t('analytics.figures.pointsRedeemed')}</dt>
                <dd>{t('analytics.definitions.pointsRedeemed')}</dd>
                <dt>{t('analytics.gamification.participation')}</dt>
                <dd>{t('analytics.definitions.challengeParticipation')}</dd>
              </dl>
              {data.months.length === 0 ? (
                <p className="muted">{t('analytics.common.empty')}</p>
              ) : (
                <div className="chart-grid">
                  <TrendChart
                    title={t('analytics.gamification.pointsChart')}
                    kind="bar"
                    months={months}
                    series={[
                      {
                        key: 'pointsIssued',
                        label: t('analytics.figures.pointsIssued'),
                        values: data.months.map((month) => month.pointsIssued),
                      },
                      {
                        key: 'pointsRedeemed',
                        label: t('analytics.figures.pointsRedeemed'),
                        values: data.months.map((month) => month.pointsRedeemed),
                      },
                    ]}
                    format={af.count}
                    filename={`points-${suffix}`}
                    exportHref={exportHref}
                  />
                  <TrendChart
                    title={t('analytics.gamification.challengesChart')}
                    kind="bar"
                    months={months}
                    series={[
                      {
                        key: 'challengeJoined',
                        label: t('analytics.figures.challengeJoined'),
                        values: data.months.map((month) => month.challengeJoined),
                      },
                      {
                        key: 'challengeCompleted',
                        label: t('analytics.figures.challengeCompleted'),
                        values: data.months.map((month) => month.challengeCompleted),
                      },
                    ]}
                    format={af.count}
                    filename={`challenges-${suffix}`}
                    exportHref={exportHref}
                  />
                </div>
              )}
              <h3>{t('analytics.gamification.fatigue')}</h3>
              {data.fatigueWarnings.length === 0 ? (
                <p className="muted">{t('analytics.gamification.noFatigue')}</p>
              ) : (
                <>
                  <div className="table-wrap">
                    <table>
                      <caption className="visually-hidden">
                        {t('analytics.gamification.fatigue')}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('analytics.gamification.subject')}</th>
                          <th scope="col">{t('analytics.gamification.metric')}</th>
                          <th scope="col" className="number">
                            {t('analytics.gamification.change')}
                          </th>
                          <th scope="col">{t('analytics.gamification.message')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {data.fatigueWarnings.map((warning, index) => (
                          <tr key={`${warning.subjectName}-${warning.metric}-${index}`}>
                            <th scope="row">{warning.subjectName}</th>
                            <td>{warning.metric}</td>
                            <td className="number">{af.rate(warning.change)}</td>
                            <td>{warning.message}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  <p className="actions">
                    <CsvDownload
                      title={t('analytics.gamification.fatigue')}
                      filename={`fatigue-warnings-${suffix}`}
                      csv={() => ({
                        header: [
                          t('analytics.gamification.subject'),
                          t('analytics.gamification.metric'),
                          t('analytics.gamification.change'),
                          t('analytics.gamification.message'),
                        ],
                        rows: data.fatigueWarnings.map((warning) => [
                          warning.subjectName,
                          warning.metric,
                          warning.change,
                          warning.message,
                        ]),
                      })}
                    />
                  </p>
                </>
              )}
            </>
          );
        }}
      </DataState>
    </section>
  );
}
