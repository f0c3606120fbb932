/**
 * The audit trail of privileged actions: who did what to which object, from where. Written in
 * the same transaction as the action, so an action and its record stand or fall together.
 */
import type { FastifyRequest } from 'fastify';
import type { Orm } from '../db/database.js';
import { auditLog } from './audit.table.js';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** Records `entry` for the request's tenant and caller. */
export async function recordAudit(
  db: Orm,
  request: FastifyRequest,
  entry: AuditEntry,
): Promise<void> {
  await db.insert(auditLog).values({
    tenantId: request.guild.tenant.id,
    actorId: request.guild.actor?.userId ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    requestId: request.id,
    ip: request.ip,
    details: entry.details ?? {},
  });
}
