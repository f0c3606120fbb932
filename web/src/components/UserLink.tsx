import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { UserRef } from '../api/types';

/** Links to a member's profile; a removed member shows as plain text. */
export function UserLink({ user }: { user: UserRef | null }) {
  const { t } = useTranslation();
  if (!user) {
    return <span className="muted">{t('common.deletedMember')}</span>;
  }
  return <Link to={`/u/${encodeURIComponent(user.username)}`}>{user.displayName}</Link>;
}
