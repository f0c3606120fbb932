/** Drizzle definitions of the community tables (created by the first migration). */
import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const SPACE_VISIBILITIES = ['public', 'private'] as const;
export const SPACE_KINDS = ['topic', 'region', 'store', 'segment'] as const;
export const REACTION_KINDS = ['like', 'love', 'helpful', 'insightful'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];
/** Published: everyone who may see the space sees it; held and rejected: the author and moderators. */
export const MODERATION_STATES = ['published', 'held', 'rejected'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];
export const NOTIFICATION_KINDS = [
  'mention',
  'reply',
  'comment',
  'reaction',
  'accepted_answer',
  'follow',
  'moderation_decision',
  'moderation_escalation',
  'badge_granted',
  'level_reached',
  'challenge_completed',
  'ambassador_invitation',
  'mission_assigned',
  'mission_decision',
  'ambassador_survey',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

export const spaces = pgTable('spaces', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  visibility: text('visibility', { enum: SPACE_VISIBILITIES }).notNull().default('public'),
  kind: text('kind', { enum: SPACE_KINDS }).notNull().default('topic'),
  regionId: uuid('region_id'),
  segmentKeys: text('segment_keys').array().notNull().default([]),
  postCount: integer('post_count').notNull().default(0),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  archivedAt: timestamptz('archived_at'),
});

export const spaceMembers = pgTable(
  'space_members',
  {
    tenantId: uuid('tenant_id').notNull(),
    spaceId: uuid('space_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.spaceId, table.userId] })],
);

export const posts = pgTable('posts', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  spaceId: uuid('space_id').notNull(),
  authorId: uuid('author_id').notNull(),
  title: text('title').notNull(),
  bodyMd: text('body_md').notNull(),
  bodyHtml: text('body_html').notNull(),
  excerpt: text('excerpt').notNull().default(''),
  bodyText: text('body_text').notNull().default(''),
  tags: text('tags').array().notNull().default([]),
  acceptedCommentId: uuid('accepted_comment_id'),
  commentCount: integer('comment_count').notNull().default(0),
  reactionCount: integer('reaction_count').notNull().default(0),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  editedAt: timestamptz('edited_at'),
  deletedAt: timestamptz('deleted_at'),
  moderationState: text('moderation_state', { enum: MODERATION_STATES })
    .notNull()
    .default('published'),
});

export const postRevisions = pgTable('post_revisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  postId: uuid('post_id').notNull(),
  editorId: uuid('editor_id').notNull(),
  title: text('title').notNull(),
  bodyMd: text('body_md').notNull(),
  tags: text('tags').array().notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

export const comments = pgTable('comments', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  postId: uuid('post_id').notNull(),
  parentId: uuid('parent_id'),
  authorId: uuid('author_id').notNull(),
  bodyMd: text('body_md').notNull(),
  bodyHtml: text('body_html').notNull(),
  reactionCount: integer('reaction_count').notNull().default(0),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  editedAt: timestamptz('edited_at'),
  deletedAt: timestamptz('deleted_at'),
  moderationState: text('moderation_state', { enum: MODERATION_STATES })
    .notNull()
    .default('published'),
});

export const commentRevisions = pgTable('comment_revisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  commentId: uuid('comment_id').notNull(),
  editorId: uuid('editor_id').notNull(),
  bodyMd: text('body_md').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

export const reactions = pgTable(
  'reactions',
  {
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    targetType: text('target_type', { enum: ['post', 'comment'] }).notNull(),
    targetId: uuid('target_id').notNull(),
    kind: text('kind', { enum: REACTION_KINDS }).notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.targetType, table.targetId, table.userId, table.kind] }),
  ],
);

export const follows = pgTable(
  'follows',
  {
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    targetType: text('target_type', { enum: ['user', 'space', 'post'] }).notNull(),
    targetId: uuid('target_id').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.targetType, table.targetId] })],
);

export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  userId: uuid('user_id').notNull(),
  kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
  actorId: uuid('actor_id'),
  postId: uuid('post_id'),
  commentId: uuid('comment_id'),
  reviewItemId: uuid('review_item_id'),
  readAt: timestamptz('read_at'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});
