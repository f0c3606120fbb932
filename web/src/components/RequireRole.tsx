import type { ReactNode } from 'react';
import { useSession } from '../api/session';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RequireMember } from './RequireMember';

interface RequireRoleProps {
  /** Whether the signed-in member's role may see the page. */
  allow: (role: string) => boolean;
  children: ReactNode;
}

/**
 * Renders its children for members whose role `allow`s it. A visitor is sent to sign in
 * first; any other member gets the not-found page. The API checks the role in any case.
 */
export function RequireRole({ allow, children }: RequireRoleProps) {
  const { user } = useSession();
  return (
    <RequireMember>{user && allow(user.role) ? <>{children}</> : <NotFoundPage />}</RequireMember>
  );
}
