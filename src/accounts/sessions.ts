/**
 * Server-side sessions. The browser holds only a random token; the database holds its hash,
 * the CSRF token and the expiry. Every request re-reads the member's role and status, so a
 * demotion or a suspension takes effect on the very next request.
 */
import { and, eq, ne } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Database, Orm } from '../core/db/database.js';
import type { Actor, TenantRef } from '../core/http/request-context.js';
import { CALLER_COLUMNS, callerOf, isStale, type CallerRow } from './caller-row.js';
import { hashToken, newToken } from './credentials.js';
import { sessions } from './accounts.table.js';

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  tenant: TenantRef;
  actor: Actor;
}

interface SessionRow extends CallerRow {
  session_id: string;
  csrf_token: string;
  expires_at: Date | string;
  last_seen_at: Date | string;
}

/** Starts a session for `userId`; returns the token for the cookie. */
export async function startSession(
  db: Orm,
  input: {
    tenantId: string;
    userId: string;
    ip: string;
    userAgent: string | undefined;
    days: number;
  },
): Promise<{ token: string; csrfToken: string; sessionId: string }> {
  const { token, hash } = newToken('gs');
  const csrfToken = randomBytes(24).toString('base64url');
  const [row] = await db
    .insert(sessions)
    .values({
      tenantId: input.tenantId,
      userId: input.userId,
      tokenHash: hash,
      csrfToken,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + input.days * 86_400_000),
    })
    .returning({ id: sessions.id });
  return { token, csrfToken, sessionId: row!.id };
}

/**
 * Finds the live session for a cookie token, with its member and tenant; null when the token
 * is unknown, expired, or its member is no longer active.
 */
export async function resolveSession(
  db: Database,
  token: string,
  days: number,
): Promise<ResolvedSession | null> {
  const [row] = await db.query<SessionRow>(
    `SELECT s.id AS session_id, s.csrf_token, s.expires_at, s.last_seen_at, ${CALLER_COLUMNS}
       FROM sessions s
       JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id
       JOIN tenants t ON t.id = s.tenant_id
      WHERE s.token_hash = $1 AND s.expires_at > now() AND u.status = 'active'`,
    [hashToken(token)],
  );
  if (!row) {
    return null;
  }
  if (isStale(row.last_seen_at)) {
    await db.query(
      `UPDATE sessions SET last_seen_at = now(), expires_at = now() + make_interval(days => $2)
        WHERE id = $1`,
      [row.session_id, days],
    );
  }
  return { sessionId: row.session_id, csrfToken: row.csrf_token, ...callerOf(row) };
}

/** Ends one session. */
export async function endSession(db: Orm, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a member, except `keep` when given. */
export async function endSessionsOf(db: Orm, userId: string, keep?: string): Promise<void> {
  const mine = eq(sessions.userId, userId);
  await db.delete(sessions).where(keep ? and(mine, ne(sessions.id, keep)) : mine);
}

/** The member's live sessions, newest first. */
export function listSessions(db: Orm, userId: string) {
  return db
    .select({
      id: sessions.id,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(sessions.createdAt);
}
