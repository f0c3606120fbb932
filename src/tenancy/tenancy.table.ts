/** Drizzle definitions of the tenancy tables (created by the first migration). */
import { boolean, char, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  defaultLocale: text('default_locale').notNull(),
  isDemo: boolean('is_demo').notNull(),
  /** The community's own time zone: challenge and leaderboard periods start at its midnight. */
  timezone: text('timezone').notNull().default('UTC'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const regions = pgTable('regions', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  locale: text('locale').notNull(),
  timezone: text('timezone').notNull(),
});

export const segments = pgTable('segments', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  key: text('key').notNull(),
  name: text('name').notNull(),
});

export const userSegments = pgTable(
  'user_segments',
  {
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    segmentId: uuid('segment_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.segmentId] })],
);
