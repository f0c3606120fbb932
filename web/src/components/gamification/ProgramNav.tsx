import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { canManageProgram } from '../../api/gamification';
import { useSession } from '../../api/session';

/**
 * Links between the points and rewards pages; managers and admins also get the program's
 * settings (rules, badges and challenges, the catalog, approvals, awards, fatigue and gaming).
 */
export function ProgramNav() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <>
      <nav aria-label={t('gamification.nav.label')} className="sub-nav">
        <ul className="nav-list">
          <li>
            <NavLink to="/points" end>
              {t('gamification.nav.points')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/rewards" end>
              {t('gamification.nav.rewards')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/points/challenges">{t('gamification.nav.challenges')}</NavLink>
          </li>
          <li>
            <NavLink to="/points/leaderboards">{t('gamification.nav.leaderboards')}</NavLink>
          </li>
        </ul>
      </nav>
      {canManageProgram(user?.role) ? (
        <nav aria-label={t('gamification.nav.manageLabel')} className="sub-nav">
          <ul className="nav-list">
            <li>
              <NavLink to="/program/approvals">{t('gamification.nav.approvals')}</NavLink>
            </li>
            <li>
              <NavLink to="/program/catalog">{t('gamification.nav.catalog')}</NavLink>
            </li>
            <li>
              <NavLink to="/program/rules">{t('gamification.nav.rules')}</NavLink>
            </li>
            <li>
              <NavLink to="/program/achievements">{t('gamification.nav.achievements')}</NavLink>
            </li>
            <li>
              <NavLink to="/program/points">{t('gamification.nav.awards')}</NavLink>
            </li>
            <li>
              <NavLink to="/program/signals">{t('gamification.nav.signals')}</NavLink>
            </li>
          </ul>
        </nav>
      ) : null}
    </>
  );
}
