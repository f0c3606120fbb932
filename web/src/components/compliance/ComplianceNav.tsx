import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';

/** Links between the admins' privacy and audit pages: the requests board and the audit log. */
export function ComplianceNav() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('auditLog.nav.label')} className="sub-nav">
      <ul className="nav-list">
        <li>
          <NavLink to="/admin/privacy-requests">{t('auditLog.nav.requests')}</NavLink>
        </li>
        <li>
          <NavLink to="/admin/audit">{t('auditLog.nav.audit')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
