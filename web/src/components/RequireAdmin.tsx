import type { ReactNode } from 'react';
import { useSession } from '../api/session';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RequireMember } from './RequireMember';

/**
 * Renders its children for an admin. A visitor is sent to sign in first; any other member
 * gets the not-found page, as if the page did not exist.
 */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { user } = useSession();
  return (
    <RequireMember>{user?.role === 'admin' ? <>{children}</> : <NotFoundPage />}</RequireMember>
  );
}
