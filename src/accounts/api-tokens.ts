/**
 * API tokens for integrations: created by an admin, shown once, stored as a hash, limited to
 * scopes, revocable. A token acts as the admin who made it, within its scopes.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database, Orm } from '../core/db/database.js';
import type { TokenScope } from '../core/http/access.js';
import type { Actor, TenantRef } from '../core/http/request-context.js';
import { CALLER_COLUMNS, callerOf, isStale, type CallerRow } from './caller-row.js';
import { hashToken, newToken } from './credentials.js';
import { apiTokens } from './accounts.table.js';

export interface ResolvedToken {
  tokenId: string;
  scopes: TokenScope[];
  tenant: TenantRef;
  actor: Actor;
}

interface TokenRow extends CallerRow {
  token_id: string;
  scopes: TokenScope[];
  last_used_at: Date | string | null;
}

/** Finds the live token and the member it acts for; null when unknown or revoked. */
export async function resolveApiToken(db: Database, token: string): Promise<ResolvedToken | null> {
  const [row] = await db.query<TokenRow>(
    `SELECT k.id AS token_id, k.scopes, k.last_used_at, ${CALLER_COLUMNS}
       FROM api_tokens k
       JOIN users u ON u.id = k.created_by AND u.status = 'active'
       JOIN tenants t ON t.id = k.tenant_id
      WHERE k.token_hash = $1 AND k.revoked_at IS NULL`,
    [hashToken(token)],
  );
  if (!row) {
    return null;
  }
  // Integrations call often; "last used" is kept to within a few minutes, not written per call.
  if (isStale(row.last_used_at)) {
    await db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [row.token_id]);
  }
  return { tokenId: row.token_id, scopes: row.scopes, ...callerOf(row) };
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
