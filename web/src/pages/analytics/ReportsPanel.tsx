/**
 * The reports view of analytics (docs/REPORTS.md): the ROI and impact report for the page's
 * filter as HTML or PDF, the reports kept by schedules, and the schedules themselves.
 */
import type { AnalyticsFilter } from '../../api/analytics';
import { KeptReports } from '../../components/analytics/program/KeptReports';
import { RoiReportDownload } from '../../components/analytics/program/RoiReportDownload';
import { SchedulesSection } from '../../components/analytics/program/SchedulesSection';

export function ReportsPanel({ filter }: { filter: AnalyticsFilter }) {
  return (
    <>
      <RoiReportDownload filter={filter} />
      <KeptReports />
      <SchedulesSection filter={filter} />
    </>
  );
}
