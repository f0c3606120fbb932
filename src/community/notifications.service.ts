/**
 * Notifications: written in the same transaction as what caused them, never to the member
 * who caused them, at most once per member for one event.
 */
import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import { decodeCursor, pageOf } from '../core/http/pagination.js';
import { users } from '../accounts/accounts.table.js';
import { notifications, posts, type NotificationKind } from './community.table.js';

export interface NotificationEvent {
  tenantId: string;
  /** Who caused it; null when no member did (the program, a sweeper) or the member did. */
  actorId: string | null;
  kind: NotificationKind;
  postId?: string | null;
  commentId?: string | null;
}

/** Notifies each of `recipients` (deduplicated, without the actor) of `event`. */
export async function notify(
  db: Orm,
  recipients: Iterable<string>,
  event: NotificationEvent,
): Promise<void> {
  const unique = [...new Set(recipients)].filter((id) => id !== event.actorId);
  if (unique.length === 0) {
    return;
  }
  await db.insert(notifications).values(
    unique.map((userId) => ({
      tenantId: event.tenantId,
      userId,
      kind: event.kind,
      actorId: event.actorId,
      postId: event.postId ?? null,
      commentId: event.commentId ?? null,
    })),
  );
}

/** One page of a member's notifications, newest first, with the unread count. */
export async function listNotifications(
  db: Orm,
  userId: string,
  page: { limit: number; cursor?: string },
) {
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      commentId: notifications.commentId,
      postId: posts.id,
      postTitle: posts.title,
      actorId: users.id,
      actorUsername: users.username,
      actorDisplayName: users.displayName,
    })
    .from(notifications)
    .leftJoin(posts, and(eq(posts.id, notifications.postId), isNull(posts.deletedAt)))
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(
      and(
        eq(notifications.userId, userId),
        after
          ? or(
              lt(notifications.createdAt, after.at),
              and(eq(notifications.createdAt, after.at), lt(notifications.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(page.limit + 1);

  const { items, nextCursor } = pageOf(rows, page.limit, (row) => ({
    at: row.createdAt,
    id: row.id,
  }));
  return {
    items: items.map((row) => ({
      id: row.id,
      kind: row.kind,
      actor: row.actorId
        ? { id: row.actorId, username: row.actorUsername!, displayName: row.actorDisplayName! }
        : null,
      post: row.postId ? { id: row.postId, title: row.postTitle! } : null,
      commentId: row.commentId,
      readAt: row.readAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor,
    unreadCount: await unreadCount(db, userId),
  };
}

/** Marks some (or all) of a member's notifications read; returns the unread count left. */
export async function markRead(db: Orm, userId: string, ids?: string[]): Promise<number> {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids ? inArray(notifications.id, ids) : undefined,
      ),
    );
  return unreadCount(db, userId);
}

/** How many of a member's notifications are unread. */
async function unreadCount(db: Orm, userId: string): Promise<number> {
  const [unread] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return unread?.n ?? 0;
}
