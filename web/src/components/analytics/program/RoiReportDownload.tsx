/**
 * The ROI and impact report for the page's filter (docs/REPORTS.md), made by the server when the
 * link is followed: one link for HTML and one for PDF, in the page's language.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsFilter } from '../../../api/analytics';
import { REPORT_FORMATS, roiReportUrl } from '../../../api/analyticsProgram';
import { useAnalyticsFormat } from '../useAnalyticsFormat';

/** The report's locale: the page's one when its language is English or German. */
export function reportLocale(locale: string): string {
  return /^(en|de)(-|$)/i.test(locale) ? locale : 'en-GB';
}

export function RoiReportDownload({ filter }: { filter: AnalyticsFilter }) {
  const { t } = useTranslation();
  const af = useAnalyticsFormat();
  const id = useId();
  const locale = reportLocale(af.locale);
  const scope = [filter.region, filter.segment].filter(Boolean).join(' · ');
  return (
    <section className="page-section" aria-labelledby={`${id}-roi`}>
      <h2 id={`${id}-roi`}>{t('analyticsProgram.reports.roiHeading')}</h2>
      <p>
        {t('analyticsProgram.reports.roiIntro', {
          from: af.monthLong(filter.from),
          to: af.monthLong(filter.to),
          scope: scope || t('analyticsProgram.reports.wholeCommunity'),
        })}
      </p>
      <p className="actions">
        {REPORT_FORMATS.map((format) => (
          <a key={format} className="button" href={roiReportUrl(filter, format, locale)} download>
            {t(`analyticsProgram.reports.download.${format}`)}
          </a>
        ))}
      </p>
    </section>
  );
}
