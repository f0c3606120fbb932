/** Drizzle definitions of the integration tables (created by migration 0004). */
import {
  bigint,
  boolean,
  char,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const money = (name: string) => bigint(name, { mode: 'bigint' });

export const LINE_KINDS = ['product', 'postage', 'fee', 'adjustment', 'voucher', 'manual'] as const;
export const ORDER_KINDS = ['sale', 'return', 'adjustment'] as const;
export const IMPORT_KINDS = ['orders', 'customers', 'mentions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const SOURCE_KINDS = ['shop', 'crm', 'loyalty', 'social'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const WEBHOOK_EVENT_STATUSES = [
  'queued',
  'processed',
  'parked',
  'failed',
  'ignored',
] as const;
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'dead'] as const;
export const LINK_RULES = ['verified_email', 'loyalty_id', 'explicit'] as const;
export type LinkRule = (typeof LINK_RULES)[number];

export const stores = pgTable('stores', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  externalId: text('external_id').notNull(),
  name: text('name').notNull(),
  regionCode: text('region_code'),
  country: text('country'),
  createdAt: createdAt(),
});

export const customers = pgTable('customers', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  externalId: text('external_id').notNull(),
  email: text('email'),
  emailKey: text('email_key'),
  firstName: text('first_name'),
  lastName: text('last_name'),
  regionCode: text('region_code'),
  country: text('country'),
  consentEmail: boolean('consent_email'),
  consentSms: boolean('consent_sms'),
  loyaltyId: text('loyalty_id'),
  homeStoreId: uuid('home_store_id'),
  source: text('source').notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const products = pgTable('products', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  sku: text('sku').notNull(),
  description: text('description'),
  kind: text('kind', { enum: LINE_KINDS }).notNull(),
  createdAt: createdAt(),
});

export const orders = pgTable('orders', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  externalId: text('external_id').notNull(),
  customerId: uuid('customer_id'),
  storeId: uuid('store_id'),
  kind: text('kind', { enum: ORDER_KINDS }).notNull(),
  financialStatus: text('financial_status'),
  reversesOrderId: uuid('reverses_order_id'),
  reversesExternalId: text('reverses_external_id'),
  placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  currency: char('currency', { length: 3 }).notNull(),
  country: text('country'),
  subtotalMinor: money('subtotal_minor'),
  shippingMinor: money('shipping_minor'),
  taxesMinor: money('taxes_minor'),
  discountMinor: money('discount_minor'),
  totalMinor: money('total_minor'),
  refundedMinor: money('refunded_minor'),
  source: text('source').notNull(),
  createdAt: createdAt(),
});

export const orderLines = pgTable(
  'order_lines',
  {
    tenantId: uuid('tenant_id').notNull(),
    orderId: uuid('order_id').notNull(),
    lineKey: bigint('line_key', { mode: 'bigint' }).notNull(),
    sourceLine: integer('source_line'),
    sku: text('sku').notNull(),
    description: text('description'),
    lineKind: text('line_kind', { enum: LINE_KINDS }).notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: numeric('unit_price', { precision: 20, scale: 6 }).notNull(),
    unitPriceMinor: money('unit_price_minor').notNull(),
    discountMinor: money('discount_minor'),
    reversesOrderId: uuid('reverses_order_id'),
    duplicateOf: bigint('duplicate_of', { mode: 'bigint' }),
  },
  (table) => [primaryKey({ columns: [table.orderId, table.lineKey] })],
);

export const loyaltyTiers = pgTable('loyalty_tiers', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  rank: integer('rank').notNull().default(0),
  minPoints: bigint('min_points', { mode: 'number' }),
});

export const loyaltyAccounts = pgTable('loyalty_accounts', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  externalId: text('external_id').notNull(),
  customerId: uuid('customer_id'),
  tierCode: text('tier_code'),
  pointsBalance: bigint('points_balance', { mode: 'number' }).notNull().default(0),
  enrolledAt: timestamp('enrolled_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const loyaltyEvents = pgTable('loyalty_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  accountId: uuid('account_id').notNull(),
  externalId: text('external_id').notNull(),
  kind: text('kind', { enum: ['earn', 'redeem', 'adjust', 'expire', 'reverse'] }).notNull(),
  points: bigint('points', { mode: 'number' }).notNull(),
  orderExternalId: text('order_external_id'),
  reason: text('reason'),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
});

export const socialProfiles = pgTable('social_profiles', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  platform: text('platform').notNull(),
  handle: text('handle').notNull(),
  handleKey: text('handle_key').notNull(),
  followers: integer('followers'),
  customerId: uuid('customer_id'),
  userId: uuid('user_id'),
  createdAt: createdAt(),
});

export const mentions = pgTable('mentions', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  platform: text('platform').notNull(),
  externalId: text('external_id').notNull(),
  profileId: uuid('profile_id'),
  authorHandle: text('author_handle'),
  brand: text('brand'),
  body: text('body').notNull(),
  reach: integer('reach'),
  sentiment: text('sentiment', { enum: ['negative', 'neutral', 'positive'] }),
  postedAt: timestamp('posted_at', { withTimezone: true }).notNull(),
  source: text('source').notNull(),
  createdAt: createdAt(),
});

export const importJobs = pgTable('import_jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  kind: text('kind', { enum: IMPORT_KINDS }).notNull(),
  preset: text('preset').notNull(),
  mapping: jsonb('mapping').$type<Record<string, unknown>>(),
  origin: text('origin', { enum: ['cli', 'upload'] }).notNull(),
  fileName: text('file_name').notNull(),
  filePath: text('file_path'),
  fileBytes: bigint('file_bytes', { mode: 'number' }),
  fileFingerprint: text('file_fingerprint'),
  dryRun: boolean('dry_run').notNull().default(false),
  status: text('status', { enum: IMPORT_STATUSES }).notNull().default('queued'),
  bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
  rowsRead: integer('rows_read').notNull().default(0),
  rowsImported: integer('rows_imported').notNull().default(0),
  rowsUnchanged: integer('rows_unchanged').notNull().default(0),
  rowsSkipped: integer('rows_skipped').notNull().default(0),
  checkpointLine: bigint('checkpoint_line', { mode: 'number' }).notNull().default(0),
  summary: jsonb('summary').$type<Record<string, unknown>>(),
  errorCount: integer('error_count').notNull().default(0),
  errorReportPath: text('error_report_path'),
  failure: text('failure'),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const integrationSources = pgTable('integration_sources', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
  apiUrl: text('api_url'),
  apiKey: text('api_key'),
  enabled: boolean('enabled').notNull().default(true),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
});

export const webhookEvents = pgTable('webhook_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  sourceId: uuid('source_id').notNull(),
  eventId: text('event_id').notNull(),
  topic: text('topic').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  status: text('status', { enum: WEBHOOK_EVENT_STATUSES }).notNull().default('queued'),
  waitingFor: text('waiting_for'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  processedAt: timestamp('processed_at', { withTimezone: true }),
});

export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  secret: text('secret').notNull(),
  topics: text('topics').array().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  /** An advertising partner: events about a member only with their `ad_sharing` consent. */
  advertising: boolean('advertising').notNull().default(false),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
});

export const outboxEvents = pgTable('outbox_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  topic: text('topic').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
});

export const deliveries = pgTable('deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  eventId: uuid('event_id').notNull(),
  target: text('target', { enum: ['webhook', 'loyalty'] }).notNull(),
  endpointId: uuid('endpoint_id'),
  sourceId: uuid('source_id'),
  status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  lastStatus: integer('last_status'),
  lastError: text('last_error'),
  lastDurationMs: integer('last_duration_ms'),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const memberCustomerLinks = pgTable('member_customer_links', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  userId: uuid('user_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  rule: text('rule', { enum: LINK_RULES }).notNull(),
  linkedBy: uuid('linked_by'),
  linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
  unlinkedBy: uuid('unlinked_by'),
  unlinkedAt: timestamp('unlinked_at', { withTimezone: true }),
  unlinkReason: text('unlink_reason'),
});
