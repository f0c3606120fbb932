/**
 * The columns every credential look-up (session or API token) selects about the member and
 * the tenant, and how they become the request's tenant and actor.
 */
import type { Role } from '../core/http/access.js';
import type { Actor, TenantRef } from '../core/http/request-context.js';

/** SQL select list; the query must join `users u` and `tenants t`. */
export const CALLER_COLUMNS = `u.id AS user_id, u.role, u.username, u.display_name, u.locale,
  t.id AS tenant_id, t.slug, t.name AS tenant_name, t.default_locale`;

export interface CallerRow extends Record<string, unknown> {
  user_id: string;
  role: Role;
  username: string;
  display_name: string;
  locale: string;
  tenant_id: string;
  slug: string;
  tenant_name: string;
  default_locale: string;
}

/** The tenant and actor a credential row stands for. */
export function callerOf(row: CallerRow): { tenant: TenantRef; actor: Actor } {
  return {
    tenant: {
      id: row.tenant_id,
      slug: row.slug,
      name: row.tenant_name,
      defaultLocale: row.default_locale,
    },
    actor: {
      userId: row.user_id,
      role: row.role,
      username: row.username,
      displayName: row.display_name,
      locale: row.locale,
    },
  };
}

/** How often the "last seen / last used" time of a credential is written. */
const TOUCH_EVERY_MS = 5 * 60_000;

/** True when a credential's last-use time is unset or older than the touch interval. */
export function isStale(lastUsed: Date | string | null): boolean {
  return lastUsed === null || Date.now() - new Date(lastUsed).getTime() > TOUCH_EVERY_MS;
}
