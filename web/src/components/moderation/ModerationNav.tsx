import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { canConfigure } from '../../api/moderation';
import { useSession } from '../../api/session';

/** Links between the moderation pages; policies, models and figures for managers and admins. */
export function ModerationNav() {
  const { t } = useTranslation();
  const { user } = useSession();
  const configure = canConfigure(user?.role);
  return (
    <nav aria-label={t('moderation.nav.label')} className="sub-nav">
      <ul className="nav-list">
        <li>
          <NavLink to="/moderation" end>
            {t('moderation.nav.queue')}
          </NavLink>
        </li>
        {configure ? (
          <>
            <li>
              <NavLink to="/moderation/policies">{t('moderation.nav.policies')}</NavLink>
            </li>
            <li>
              <NavLink to="/moderation/models">{t('moderation.nav.models')}</NavLink>
            </li>
            <li>
              <NavLink to="/moderation/metrics">{t('moderation.nav.metrics')}</NavLink>
            </li>
          </>
        ) : null}
      </ul>
    </nav>
  );
}
