/** The tenants an operator's command works on: one by slug, or all of them. */
import type { Database } from '../core/db/database.js';

export interface TenantRef {
  id: string;
  slug: string;
}

/**
 * `slug`'s tenant, or every tenant by slug. Says so on stderr and sets exit status 2 when
 * there is none, returning an empty list.
 */
export async function tenantsFor(db: Database, slug: string | undefined): Promise<TenantRef[]> {
  const tenants = await db.query<{ id: string; slug: string }>(
    slug
      ? 'SELECT id, slug FROM tenants WHERE slug = $1'
      : 'SELECT id, slug FROM tenants ORDER BY slug',
    slug ? [slug] : [],
  );
  if (tenants.length === 0) {
    console.error(slug ? `No tenant "${slug}".` : 'No tenants.');
    process.exitCode = 2;
  }
  return tenants;
}
