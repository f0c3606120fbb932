/**
 * The ROI dashboard (docs/ROI.md): the ROI for the period with its interval and benchmark,
 * program costs with the form to enter and remove them, the analytics settings, and the
 * retention lift runs with the form to run one. The ROI and costs are the whole program's:
 * the region and segment of the filter do not apply to them.
 */
import { useTranslation } from 'react-i18next';
import {
  type AnalyticsFilter,
  useAnalyticsSettings,
  useCosts,
  useLiftRuns,
  useRoi,
} from '../../api/analytics';
import { CostsSection } from '../../components/analytics/CostsSection';
import { DataState } from '../../components/analytics/DataState';
import { LiftRunsSection } from '../../components/analytics/LiftRunsSection';
import { RoiSummary } from '../../components/analytics/RoiSummary';
import { SettingsForm } from '../../components/analytics/SettingsForm';

export function RoiPanel({ filter }: { filter: AnalyticsFilter }) {
  const { t } = useTranslation();
  const roi = useRoi(filter);
  const costs = useCosts(filter);
  const settings = useAnalyticsSettings();
  const runs = useLiftRuns();

  return (
    <>
      {filter.region || filter.segment ? (
        <p className="notice">{t('analytics.roi.wholeProgram')}</p>
      ) : null}
      <DataState resource={roi}>{(report) => <RoiSummary report={report} />}</DataState>
      <CostsSection
        filter={filter}
        costs={costs}
        onChange={() => {
          costs.reload();
          roi.reload();
        }}
      />
      <SettingsForm
        settings={settings}
        onSaved={() => {
          roi.reload();
          costs.reload();
        }}
      />
      <LiftRunsSection
        runs={runs}
        onRun={() => {
          runs.reload();
          roi.reload();
        }}
      />
    </>
  );
}
