/**
 * The audit trail of privileged actions: who did what to which object, when, from where, and
 * what it was before and after. Written in the same transaction as the action, so an action
 * and its record stand or fall together. The database chains each tenant's entries by hash
 * (migration 0021, docs/AUDIT.md); `chain.ts` verifies the chain.
 */
import type { FastifyRequest } from 'fastify';
import type { Orm } from '../db/database.js';
import { auditLog } from './audit.table.js';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  /** The object's state before and after the action (no personal values: see `personal`). */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /**
   * Personal values the entry must show (a date of birth, a household key). Kept apart so
   * retention and erasure can blank them without breaking the chain.
   */
  personal?: Record<string, unknown>;
}

/** Where an entry was made from and by whom, when there is no request (jobs, the CLI). */
export interface AuditOrigin {
  tenantId: string;
  actorId: string | null;
  requestId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** Who is acting and from where, as a request shows it. */
export function auditOrigin(request: FastifyRequest): AuditOrigin {
  const userAgent = request.headers['user-agent'];
  return {
    tenantId: request.guild.tenant.id,
    actorId: request.guild.actor?.userId ?? null,
    requestId: request.id,
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 500) : null,
  };
}

/** Records `entry` for the request's tenant and caller. */
export async function recordAudit(
  db: Orm,
  request: FastifyRequest,
  entry: AuditEntry,
): Promise<void> {
  await recordAuditAs(db, auditOrigin(request), entry);
}

/** Records `entry` from `origin`: a job, a sweeper or an operator's command. */
export async function recordAuditAs(
  db: Orm,
  origin: AuditOrigin,
  entry: AuditEntry,
): Promise<void> {
  const details: Record<string, unknown> = { ...(entry.details ?? {}) };
  if (entry.before !== undefined) {
    details.before = entry.before;
  }
  if (entry.after !== undefined) {
    details.after = entry.after;
  }
  await db.insert(auditLog).values({
    tenantId: origin.tenantId,
    actorId: origin.actorId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    requestId: origin.requestId ?? null,
    ip: origin.ip ?? null,
    userAgent: origin.userAgent ?? null,
    details,
    personal: entry.personal ?? null,
  });
}
