/**
 * What a moderator's decision does to a post or comment: publishing a held (or appealed) item
 * exactly once — counted and announced then, never twice — and withdrawing a published one.
 * Moderation calls these; they run in its transaction.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import { comments, posts } from './community.table.js';
import { notifyAboutComment } from './comments.service.js';
import { renderBody } from './mentions.js';
import { notify } from './notifications.service.js';
import { contentPublished, contentWithdrawn } from '../gamification/rules/community-activity.js';

export type ContentType = 'post' | 'comment';

/**
 * Publishes a held or rejected item. Returns false (and changes nothing) when it is already
 * published or was deleted, so a second approval cannot count or announce it again.
 */
export async function publishContent(db: Orm, type: ContentType, id: string): Promise<boolean> {
  if (type === 'post') {
    const [post] = await db
      .update(posts)
      .set({ moderationState: 'published' })
      .where(and(eq(posts.id, id), ne(posts.moderationState, 'published'), sql`deleted_at IS NULL`))
      .returning();
    if (!post) {
      return false;
    }
    await db.execute(sql`UPDATE spaces SET post_count = post_count + 1 WHERE id = ${post.spaceId}`);
    await contentPublished(db, 'post', post.id, { reinstate: true });
    const rendered = await renderBody(db, post.bodyMd);
    await notify(db, rendered.mentionedIds, {
      tenantId: post.tenantId,
      actorId: post.authorId,
      kind: 'mention',
      postId: post.id,
    });
    return true;
  }
  const [comment] = await db
    .update(comments)
    .set({ moderationState: 'published' })
    .where(
      and(eq(comments.id, id), ne(comments.moderationState, 'published'), sql`deleted_at IS NULL`),
    )
    .returning();
  if (!comment) {
    return false;
  }
  await db.execute(
    sql`UPDATE posts SET comment_count = comment_count + 1 WHERE id = ${comment.postId}`,
  );
  await contentPublished(db, 'comment', comment.id, { reinstate: true });
  let parentAuthor: string | null = null;
  if (comment.parentId) {
    const [parent] = await db
      .select({ authorId: comments.authorId })
      .from(comments)
      .where(eq(comments.id, comment.parentId));
    parentAuthor = parent?.authorId ?? null;
  }
  const rendered = await renderBody(db, comment.bodyMd);
  await notifyAboutComment(
    db,
    comment.authorId,
    { id: comment.postId, tenantId: comment.tenantId },
    comment.id,
    parentAuthor,
    rendered.mentionedIds,
  );
  return true;
}

/**
 * Marks an item rejected. A published one leaves its feed and its count; returns false when
 * it was already rejected or deleted.
 */
export async function withdrawContent(db: Orm, type: ContentType, id: string): Promise<boolean> {
  const table = type === 'post' ? posts : comments;
  const [before] = await db
    .select({ state: table.moderationState })
    .from(table)
    .where(and(eq(table.id, id), sql`deleted_at IS NULL`))
    .for('update');
  if (!before || before.state === 'rejected') {
    return false;
  }
  const [row] = await db
    .update(table)
    .set({ moderationState: 'rejected' })
    .where(eq(table.id, id))
    .returning();
  if (before.state === 'published' && row) {
    await contentWithdrawn(db, type, id, 'Removed by moderation');
    if (type === 'post') {
      await db.execute(sql`UPDATE spaces SET post_count = greatest(post_count - 1, 0)
        WHERE id = (SELECT space_id FROM posts WHERE id = ${id})`);
    } else {
      await db.execute(sql`UPDATE posts SET comment_count = greatest(comment_count - 1, 0)
        WHERE id = (SELECT post_id FROM comments WHERE id = ${id})`);
    }
  }
  return true;
}

/** The item's author and text, for the review queue; null when it is gone. */
export async function contentForReview(db: Orm, type: ContentType, id: string) {
  if (type === 'post') {
    const [post] = await db.select().from(posts).where(eq(posts.id, id));
    return post
      ? {
          authorId: post.authorId,
          state: post.moderationState,
          deleted: post.deletedAt !== null,
          title: post.title,
          body: post.bodyMd,
          postId: post.id,
        }
      : null;
  }
  const [comment] = await db.select().from(comments).where(eq(comments.id, id));
  return comment
    ? {
        authorId: comment.authorId,
        state: comment.moderationState,
        deleted: comment.deletedAt !== null,
        title: null,
        body: comment.bodyMd,
        postId: comment.postId,
      }
    : null;
}
