import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useNavigate } from 'react-router-dom';
import { canManageAmbassadors } from '../api/ambassadors';
import type { ApiError } from '../api/client';
import { canReview } from '../api/moderation';
import { useUnreadCount } from '../api/notifications';
import { signOut, useSession } from '../api/session';
import { toApiError } from '../api/useResource';
import { useFormat } from '../i18n/useFormat';
import { announce } from './announcer';
import { ErrorAlert } from './ErrorAlert';

export function Header() {
  const { t } = useTranslation();
  const { user, tenant } = useSession();
  const unread = useUnreadCount();
  const format = useFormat();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError | null>(null);

  const handleSignOut = async () => {
    setError(null);
    try {
      await signOut();
      announce(t('auth.signedOut'));
      await navigate('/');
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link to="/" className="brand">
          {tenant?.name ?? t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')}>
          <ul className="nav-list">
            <li>
              <NavLink to="/" end>
                {t('nav.spaces')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/search">{t('nav.search')}</NavLink>
            </li>
            {user ? (
              <>
                <li>
                  <NavLink to="/notifications">
                    {t('nav.notifications')}
                    {unread > 0 ? (
                      <span className="count-badge">
                        <span aria-hidden="true">{format.number(unread)}</span>
                        <span className="visually-hidden">
                          {' '}
                          {t('nav.unread', { count: unread, formatted: format.number(unread) })}
                        </span>
                      </span>
                    ) : null}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/points">{t('gamification.nav.link')}</NavLink>
                </li>
                <li>
                  <NavLink to="/ambassador">{t('ambassadors.nav.link')}</NavLink>
                </li>
                {canManageAmbassadors(user.role) ? (
                  <li>
                    <NavLink to="/ambassadors/programs">{t('ambassadors.nav.manage')}</NavLink>
                  </li>
                ) : null}
                {canManageAmbassadors(user.role) ? (
                  <li>
                    <NavLink to="/analytics">{t('analytics.nav.link')}</NavLink>
                  </li>
                ) : null}
                <li>
                  <NavLink to="/settings/privacy">{t('privacy.nav')}</NavLink>
                </li>
                {canReview(user.role) ? (
                  <li>
                    <NavLink to="/moderation">{t('nav.moderation')}</NavLink>
                  </li>
                ) : null}
                {canReview(user.role) ? (
                  <li>
                    <NavLink to="/content/review">{t('content.page.title')}</NavLink>
                  </li>
                ) : null}
                {user.role === 'admin' ? (
                  <>
                    <li>
                      <NavLink to="/admin/integrations">{t('nav.integrations')}</NavLink>
                    </li>
                    <li>
                      <NavLink to="/admin/customers">{t('nav.customers')}</NavLink>
                    </li>
                    <li>
                      <NavLink to="/admin/privacy-requests">{t('auditLog.nav.label')}</NavLink>
                    </li>
                  </>
                ) : null}
                <li>
                  <NavLink to={`/u/${encodeURIComponent(user.username)}`}>
                    {user.displayName}
                  </NavLink>
                </li>
                <li>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void handleSignOut()}
                  >
                    {t('nav.signOut')}
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/sign-in">{t('nav.signIn')}</NavLink>
                </li>
                <li>
                  <NavLink to="/sign-up">{t('nav.signUp')}</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
      </div>
      {error ? (
        <div className="container">
          <ErrorAlert error={error} />
        </div>
      ) : null}
    </header>
  );
}
