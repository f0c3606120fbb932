/**
 * The analytics dashboards (managers and admins): the six key metrics of PRODUCT.md with their
 * definitions, and sub-dashboards for the community, moderation, gamification, ambassadors and
 * ROI under /analytics/<section>, with the program (goals, maturity, plan, expansion) and the
 * ROI report's downloads and schedules beside them. The filter (period, region, segment) lives in the query, so
 * a view can be shared; the live stream makes every figure follow changes without a reload.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useSearchParams } from 'react-router-dom';
import {
  type AnalyticsFilter,
  filterFromParams,
  LiveContext,
  paramsOfFilter,
  useLiveUpdates,
} from '../../api/analytics';
import { AnalyticsNav } from '../../components/analytics/AnalyticsNav';
import { FilterBar } from '../../components/analytics/FilterBar';
import { LiveIndicator } from '../../components/analytics/LiveIndicator';
import { PageTitle } from '../../components/PageTitle';
import { NotFoundPage } from '../NotFoundPage';
import { AmbassadorsPanel } from './AmbassadorsPanel';
import { CommunityPanel } from './CommunityPanel';
import { GamificationPanel } from './GamificationPanel';
import { ModerationPanel } from './ModerationPanel';
import { OverviewPanel } from './OverviewPanel';
import { ProgramPanel } from './ProgramPanel';
import { ReportsPanel } from './ReportsPanel';
import { RoiPanel } from './RoiPanel';

export function AnalyticsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  // The default period is the last twelve months as of when the page was opened.
  const filter = useMemo(() => filterFromParams(new URLSearchParams(query), new Date()), [query]);
  const live = useLiveUpdates();

  const handleApply = (next: AnalyticsFilter) => {
    setParams(paramsOfFilter(next));
  };

  const panels = (
    <Routes>
      <Route index element={<OverviewPanel filter={filter} />} />
      <Route path="community" element={<CommunityPanel filter={filter} />} />
      <Route path="moderation" element={<ModerationPanel filter={filter} />} />
      <Route path="gamification" element={<GamificationPanel filter={filter} />} />
      <Route path="ambassadors" element={<AmbassadorsPanel filter={filter} />} />
      <Route path="roi" element={<RoiPanel filter={filter} />} />
      <Route path="program" element={<ProgramPanel />} />
      <Route path="reports" element={<ReportsPanel filter={filter} />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );

  return (
    <LiveContext.Provider value={live}>
      <PageTitle title={t('analytics.title')} />
      <div className="page-head">
        <h1>{t('analytics.title')}</h1>
        <AnalyticsNav />
        <p className="muted">{t('analytics.intro')}</p>
      </div>
      <div className="analytics-toolbar">
        <FilterBar filter={filter} onApply={handleApply} />
        <LiveIndicator />
      </div>
      {panels}
    </LiveContext.Provider>
  );
}
