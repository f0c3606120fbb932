/** Links between the analytics dashboards; each keeps the filter (the page's query). */
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router-dom';

export const SECTIONS = [
  { path: '', key: 'overview' },
  { path: 'community', key: 'community' },
  { path: 'moderation', key: 'moderation' },
  { path: 'gamification', key: 'gamification' },
  { path: 'ambassadors', key: 'ambassadors' },
  { path: 'roi', key: 'roi' },
  { path: 'program', key: 'program' },
  { path: 'reports', key: 'reports' },
] as const;

export type SectionKey = (typeof SECTIONS)[number]['key'];

export function AnalyticsNav() {
  const { t } = useTranslation();
  const { search } = useLocation();
  return (
    <nav aria-label={t('analytics.nav.sections')} className="sub-nav">
      <ul className="nav-list">
        {SECTIONS.map((section) => (
          <li key={section.key}>
            <NavLink
              to={{ pathname: `/analytics${section.path ? `/${section.path}` : ''}`, search }}
              end
            >
              {section.key === 'program' || section.key === 'reports'
                ? t(`analyticsProgram.sections.${section.key}`)
                : t(`analytics.sections.${section.key}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
