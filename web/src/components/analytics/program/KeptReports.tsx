/** The reports kept by schedules (docs/REPORTS.md), newest first, each with a download link. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { reportFileUrl, useReports } from '../../../api/analyticsProgram';
import { DataState } from '../DataState';
import { useAnalyticsFormat } from '../useAnalyticsFormat';

export function KeptReports() {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const reports = useReports();
  return (
    <section className="page-section" aria-labelledby={`${id}-kept`}>
      <h2 id={`${id}-kept`}>{t('analyticsProgram.reports.keptHeading')}</h2>
      <DataState resource={reports}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">{t('analyticsProgram.reports.noneKept')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">
                  {t('analyticsProgram.reports.keptHeading')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('analyticsProgram.reports.period')}</th>
                    <th scope="col">{t('analyticsProgram.reports.scope')}</th>
                    <th scope="col">{t('analyticsProgram.reports.format')}</th>
                    <th scope="col">{t('analyticsProgram.reports.generatedAt')}</th>
                    <th scope="col" className="number">
                      {t('analyticsProgram.reports.downloads')}
                    </th>
                    <th scope="col">{t('analyticsProgram.reports.file')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((report) => (
                    <tr key={report.id}>
                      <th scope="row">
                        {af.month(report.from)} – {af.month(report.to)}
                      </th>
                      <td>
                        {[report.region, report.segment].filter(Boolean).join(' · ') ||
                          t('analyticsProgram.reports.wholeCommunity')}
                      </td>
                      <td>
                        {t(`analyticsProgram.reports.formats.${report.format}`)} ({report.locale})
                      </td>
                      <td>{af.date(report.generatedAt)}</td>
                      <td className="number">{af.count(report.downloads)}</td>
                      <td>
                        <a
                          href={reportFileUrl(report.id)}
                          download={report.fileName}
                          aria-label={t('analyticsProgram.reports.downloadNamed', {
                            name: report.fileName,
                          })}
                        >
                          {t('analyticsProgram.reports.downloadShort')}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </DataState>
    </section>
  );
}
