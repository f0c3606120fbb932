/** Drizzle definitions of the moderation tables (created by migration 0007). */
import {
  customType,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Category, Span } from './moderation.types.js';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const ITEM_TYPES = ['post', 'comment', 'profile', 'submission', 'review'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export const DECISIONS = ['allow', 'hold', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];
export const REVIEW_KINDS = ['held', 'flag', 'appeal', 'audit'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const QUEUES = ['standard', 'senior'] as const;
export type Queue = (typeof QUEUES)[number];
export const REVIEW_DECISIONS = ['approve', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const MODEL_STATUSES = ['candidate', 'shadow', 'live', 'retired', 'refused'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

export const moderationPolicies = pgTable('moderation_policies', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  scope: text('scope', { enum: ['tenant', 'space', 'region'] }).notNull(),
  spaceId: uuid('space_id'),
  regionId: uuid('region_id'),
  mode: text('mode', { enum: ['enforce', 'shadow'] })
    .notNull()
    .default('enforce'),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

export const moderationChecks = pgTable('moderation_checks', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  itemType: text('item_type', { enum: ITEM_TYPES }).notNull(),
  itemId: uuid('item_id').notNull(),
  authorId: uuid('author_id'),
  spaceId: uuid('space_id'),
  fingerprint: text('fingerprint').notNull(),
  scores: jsonb('scores').$type<Partial<Record<Category, number>>>().notNull(),
  spans: jsonb('spans').$type<Span[]>().notNull().default([]),
  suspicion: real('suspicion').notNull().default(0),
  decision: text('decision', { enum: DECISIONS }).notNull(),
  reasonCode: text('reason_code'),
  authorMessage: text('author_message'),
  policyDecision: text('policy_decision', { enum: DECISIONS }).notNull(),
  shadow: jsonb('shadow').$type<Record<string, unknown> | null>(),
  modelVersion: text('model_version').notNull(),
  provider: text('provider'),
  providerError: text('provider_error'),
  latencyMs: real('latency_ms').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown> | null>(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  finalDecision: text('final_decision', { enum: ['allow', 'reject'] }),
  decidedAt: timestamptz('decided_at'),
  decidedBy: uuid('decided_by'),
});

export const reviewItems = pgTable('review_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  kind: text('kind', { enum: REVIEW_KINDS }).notNull(),
  itemType: text('item_type', { enum: ITEM_TYPES }).notNull(),
  itemId: uuid('item_id').notNull(),
  checkId: uuid('check_id'),
  authorId: uuid('author_id'),
  spaceId: uuid('space_id'),
  queue: text('queue', { enum: QUEUES }).notNull().default('standard'),
  severity: real('severity').notNull(),
  reach: real('reach').notNull().default(1),
  reasonCode: text('reason_code'),
  summary: text('summary').notNull().default(''),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  flagCount: integer('flag_count').notNull().default(0),
  dueAt: timestamptz('due_at').notNull(),
  claimedBy: uuid('claimed_by'),
  claimedAt: timestamptz('claimed_at'),
  status: text('status', { enum: ['open', 'resolved'] })
    .notNull()
    .default('open'),
  decision: text('decision', { enum: REVIEW_DECISIONS }),
  decisionReason: text('decision_reason'),
  decisionNote: text('decision_note'),
  resolvedBy: uuid('resolved_by'),
  resolvedAt: timestamptz('resolved_at'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

export const moderationLabels = pgTable('moderation_labels', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  text: text('text').notNull(),
  labels: jsonb('labels').$type<Record<string, 0 | 1>>().notNull(),
  source: text('source', { enum: ['decision', 'import'] }).notNull(),
  reviewItemId: uuid('review_item_id'),
  createdBy: uuid('created_by'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

export const moderationModels = pgTable('moderation_models', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  version: integer('version').notNull(),
  status: text('status', { enum: MODEL_STATUSES }).notNull().default('candidate'),
  artifact: bytea('artifact').notNull(),
  snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
  metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull(),
  baseline: jsonb('baseline').$type<Record<string, unknown> | null>(),
  bias: jsonb('bias').$type<Record<string, unknown>>().notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  promotedBy: uuid('promoted_by'),
  promotedAt: timestamptz('promoted_at'),
});
