/**
 * The program view of analytics (docs/PROGRAM.md): goals with their KPIs read against live
 * data, the maturity assessment, the rollout plan and expansion to a new region or segment.
 * These read the last whole month, not the page's period filter.
 */
import { useTranslation } from 'react-i18next';
import { AssessmentSection } from '../../components/analytics/program/AssessmentSection';
import { ExpansionSection } from '../../components/analytics/program/ExpansionSection';
import { GoalsSection } from '../../components/analytics/program/GoalsSection';
import { PlanSection } from '../../components/analytics/program/PlanSection';

export function ProgramPanel() {
  const { t } = useTranslation();
  return (
    <>
      <p className="notice">{t('analyticsProgram.lastWholeMonth')}</p>
      <GoalsSection />
      <AssessmentSection />
      <PlanSection />
      <ExpansionSection />
    </>
  );
}
