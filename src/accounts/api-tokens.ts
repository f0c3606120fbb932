/**
 * API tokens for integrations: created by an admin, shown once, stored as a hash, limited to
 * scopes, revocable. A token acts as the admin who made it, within its scopes.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database, Orm } from '../core/db/database.js';
import type { Role, TokenScope } from '../core/http/access.js';
import type { Actor, TenantRef } from '../core/http/request-context.js';
import { hashToken, newToken } from './credentials.js';
import { apiTokens } from './accounts.table.js';

export interface ResolvedToken {
  tokenId: string;
  scopes: TokenScope[];
  tenant: TenantRef;
  actor: Actor;
}

interface TokenRow extends Record<string, unknown> {
  token_id: string;
  scopes: TokenScope[];
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

/** Finds the live token and the member it acts for; null when unknown or revoked. */
export async function resolveApiToken(db: Database, token: string): Promise<ResolvedToken | null> {
  const [row] = await db.query<TokenRow>(
    `UPDATE api_tokens k SET last_used_at = now()
       FROM users u, tenants t
      WHERE k.token_hash = $1 AND k.revoked_at IS NULL
        AND u.id = k.created_by AND u.status = 'active' AND t.id = k.tenant_id
      RETURNING k.id AS token_id, k.scopes, u.id AS user_id, u.role, u.username,
                u.display_name, u.locale, t.id AS tenant_id, t.slug, t.name AS tenant_name,
                t.default_locale`,
    [hashToken(token)],
  );
  if (!row) {
    return null;
  }
  return {
    tokenId: row.token_id,
    scopes: row.scopes,
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

/** Creates a token; the secret is returned here and never again. */
export async function createApiToken(
  db: Orm,
  input: { tenantId: string; createdBy: string; name: string; scopes: TokenScope[] },
) {
  const { token, hash } = newToken('gld');
  const [row] = await db
    .insert(apiTokens)
    .values({ ...input, tokenHash: hash })
    .returning({ id: apiTokens.id, createdAt: apiTokens.createdAt });
  return { id: row!.id, name: input.name, scopes: input.scopes, createdAt: row!.createdAt, token };
}

/** The tenant's tokens, without secrets. */
export function listApiTokens(db: Orm) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes a token; false when there is no live token with that id in this tenant. */
export async function revokeApiToken(db: Orm, id: string): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length === 1;
}
