import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';

/** Links between the managers' ambassador pages: programs and review requests. */
export function AmbassadorNav() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('ambassadors.nav.label')} className="sub-nav">
      <ul className="nav-list">
        <li>
          <NavLink to="/ambassadors/programs">{t('ambassadors.nav.programs')}</NavLink>
        </li>
        <li>
          <NavLink to="/ambassadors/reviews">{t('ambassadors.nav.reviews')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
