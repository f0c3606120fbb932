/** Drizzle definition of the audit log (created by the first migration, chained by 0021). */
import { bigint, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditLog = pgTable('audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  tenantId: uuid('tenant_id').notNull(),
  actorId: uuid('actor_id'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  requestId: text('request_id'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  /** Personal values (a changed date of birth, say), blanked by retention and erasure. */
  personal: jsonb('personal').$type<Record<string, unknown>>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  // Set by the database's chaining trigger, which overwrites whatever an insert gives.
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  prevHash: text('prev_hash').notNull().default(''),
  hash: text('hash').notNull().default(''),
  piiSalt: text('pii_salt'),
  piiDigest: text('pii_digest'),
});
