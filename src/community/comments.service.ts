/**
 * Comments on posts: threaded by `parentId`, oldest first, edited with revisions, removed
 * softly (the thread keeps its shape; the text is gone).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import { fail } from '../core/errors/errors.js';
import { decodeCursor, pageOf } from '../core/http/pagination.js';
import type { Actor } from '../core/http/request-context.js';
import { users } from '../accounts/accounts.table.js';
import type { ModerationGate } from '../moderation/gate.js';
import { assertCanChange, canChange, shownContent } from './access.js';
import { commentRevisions, comments, follows, posts } from './community.table.js';
import { renderBody } from './mentions.js';
import { assertNewAccountMayWrite } from './new-account-sandbox.js';
import { notify } from './notifications.service.js';
import { contentPublished, contentWithdrawn } from '../gamification/rules/community-activity.js';
import {
  loadVisiblePost,
  moderationNotice,
  noticeOf,
  reactionSummary,
  reactionsColumn,
  readReactions,
} from './posts.service.js';

function cleanBody(body: string): string {
  const cleaned = body.normalize('NFC').trim();
  if (cleaned === '') {
    throw fail.validation('Write something first.', { field: 'body' });
  }
  return cleaned;
}

/** One page of a post's comments, oldest first. */
export async function listComments(
  db: Orm,
  actor: Actor | null,
  postId: string,
  page: { limit: number; cursor?: string },
) {
  const { post } = await loadVisiblePost(db, actor, postId);
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select({
      comment: comments,
      username: users.username,
      displayName: users.displayName,
      reactions: reactionsColumn(actor, 'comment', comments.id),
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(
      and(
        eq(comments.postId, postId),
        shownContent(comments, actor),
        after
          ? or(
              gt(comments.createdAt, after.at),
              and(eq(comments.createdAt, after.at), gt(comments.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(page.limit + 1);
  const { items, nextCursor } = pageOf(rows, page.limit, (row) => ({
    at: row.comment.createdAt,
    id: row.comment.id,
  }));
  // only the author and moderators see unpublished comments; they read why with them
  const notices = new Map<string, Awaited<ReturnType<typeof moderationNotice>>>();
  for (const { comment } of items) {
    if (comment.moderationState !== 'published') {
      notices.set(
        comment.id,
        await moderationNotice(db, 'comment', comment.id, comment.moderationState),
      );
    }
  }

  return {
    items: items.map(({ comment, username, displayName, reactions }) => {
      const deleted = comment.deletedAt !== null;
      const { counts, mine } = readReactions(reactions);
      return {
        id: comment.id,
        postId: comment.postId,
        parentId: comment.parentId,
        author: deleted ? null : { id: comment.authorId, username, displayName },
        bodyHtml: deleted ? '' : comment.bodyHtml,
        bodyMarkdown: deleted ? '' : comment.bodyMd,
        createdAt: comment.createdAt.toISOString(),
        editedAt: comment.editedAt?.toISOString() ?? null,
        deleted,
        reactions: counts,
        myReactions: mine,
        accepted: post.acceptedCommentId === comment.id,
        canEdit: !deleted && canChange(actor, comment.authorId),
        moderationState: comment.moderationState,
        moderation: notices.get(comment.id) ?? null,
      };
    }),
    nextCursor,
  };
}

/** Loads one comment with its post, if the actor may see the post. */
export async function loadVisibleComment(db: Orm, actor: Actor | null, commentId: string) {
  const [comment] = await db
    .select()
    .from(comments)
    .where(
      and(eq(comments.id, commentId), isNull(comments.deletedAt), shownContent(comments, actor)),
    );
  if (!comment) {
    throw fail.notFound('This comment does not exist or was removed.');
  }
  const { post } = await loadVisiblePost(db, actor, comment.postId);
  return { comment, post };
}

/**
 * Adds a comment (a reply when `parentId` is given) after the moderation gate has checked it.
 * A published comment notifies the post's followers, the author of the comment replied to,
 * and everyone mentioned, and is counted; a held or rejected one waits silently. Returns the
 * comment as the API shows it.
 */
export async function createComment(
  db: Orm,
  actor: Actor,
  postId: string,
  input: { body: string; parentId?: string | null },
  gate: ModerationGate,
) {
  const { post } = await loadVisiblePost(db, actor, postId);
  let body = cleanBody(input.body);
  await assertNewAccountMayWrite(db, actor, body);
  let parentAuthor: string | null = null;
  if (input.parentId) {
    const [parent] = await db
      .select({ authorId: comments.authorId })
      .from(comments)
      .where(
        and(
          eq(comments.id, input.parentId),
          eq(comments.postId, postId),
          shownContent(comments, actor),
        ),
      );
    if (!parent) {
      throw fail.validation('The comment replied to is not on this post.', { field: 'parentId' });
    }
    parentAuthor = parent.authorId;
  }

  const commentId = randomUUID();
  const verdict = await gate.check(db, post.tenantId, {
    itemType: 'comment',
    itemId: commentId,
    authorId: actor.userId,
    spaceId: post.spaceId,
    text: body,
    summary: body.slice(0, 280),
  });
  body = verdict.censored ?? body;
  const rendered = await renderBody(db, body);
  const [row] = await db
    .insert(comments)
    .values({
      id: commentId,
      tenantId: post.tenantId,
      postId,
      parentId: input.parentId ?? null,
      authorId: actor.userId,
      bodyMd: body,
      bodyHtml: rendered.html,
      moderationState: verdict.state,
    })
    .returning();
  const comment = row!;
  const published = verdict.state === 'published';
  if (published) {
    await notifyAboutComment(
      db,
      actor.userId,
      post,
      comment.id,
      parentAuthor,
      rendered.mentionedIds,
    );
  }
  if (published) {
    await contentPublished(db, 'comment', comment.id, {
      known: {
        tenant_id: post.tenantId,
        author_id: actor.userId,
        space_id: post.spaceId,
        post_id: postId,
        created_at: comment.createdAt,
      },
    });
  }
  // The commenter follows the post, and the post counts the comment once it is published: one
  // round trip, last, so the lock on the post's shared row is held only for the commit.
  await db.execute(sql`WITH followed AS (
      INSERT INTO follows (tenant_id, user_id, target_type, target_id)
      VALUES (${post.tenantId}, ${actor.userId}, 'post', ${postId}) ON CONFLICT DO NOTHING)
    UPDATE posts SET comment_count = comment_count + ${published ? 1 : 0} WHERE id = ${postId}`);

  return {
    id: comment.id,
    postId,
    parentId: comment.parentId,
    author: { id: actor.userId, username: actor.username, displayName: actor.displayName },
    bodyHtml: comment.bodyHtml,
    bodyMarkdown: comment.bodyMd,
    createdAt: comment.createdAt.toISOString(),
    editedAt: null,
    deleted: false,
    reactions: {},
    myReactions: [],
    accepted: false,
    canEdit: true,
    moderationState: verdict.state,
    moderation: noticeOf(verdict),
  };
}

/** Tells the people a newly published comment concerns; also used when a held one is approved. */
export async function notifyAboutComment(
  db: Orm,
  authorId: string,
  post: { id: string; tenantId: string },
  commentId: string,
  parentAuthor: string | null,
  mentioned: string[],
): Promise<void> {
  const event = { tenantId: post.tenantId, actorId: authorId, postId: post.id, commentId };
  const told = new Set<string>([authorId]);
  const tell = async (ids: string[], kind: 'mention' | 'reply' | 'comment') => {
    const fresh = ids.filter((id) => !told.has(id));
    fresh.forEach((id) => told.add(id));
    await notify(db, fresh, { ...event, kind });
  };

  await tell(mentioned, 'mention');
  await tell(parentAuthor ? [parentAuthor] : [], 'reply');
  const followers = await db
    .select({ userId: follows.userId })
    .from(follows)
    .where(and(eq(follows.targetType, 'post'), eq(follows.targetId, post.id)));
  await tell(
    followers.map((f) => f.userId),
    'comment',
  );
}

/** Edits a comment, keeping the previous text as a revision. */
export async function editComment(
  db: Orm,
  actor: Actor,
  commentId: string,
  body: string,
  gate: ModerationGate,
): Promise<void> {
  const { comment } = await loadVisibleComment(db, actor, commentId);
  assertCanChange(actor, comment.authorId);
  let cleaned = cleanBody(body);
  await assertNewAccountMayWrite(db, actor, cleaned);
  let state = comment.moderationState;
  if (cleaned !== comment.bodyMd) {
    const { post } = await loadVisiblePost(db, actor, comment.postId);
    const verdict = await gate.check(db, comment.tenantId, {
      itemType: 'comment',
      itemId: commentId,
      authorId: comment.authorId,
      spaceId: post.spaceId,
      text: cleaned,
      summary: cleaned.slice(0, 280),
    });
    cleaned = verdict.censored ?? cleaned;
    // a published comment the check now holds leaves the thread and its count
    if (state === 'published' && verdict.state !== 'published') {
      state = verdict.state;
      await contentWithdrawn(db, 'comment', commentId, 'Comment held again after an edit');
      await db
        .update(posts)
        .set({ commentCount: sql`greatest(${posts.commentCount} - 1, 0)` })
        .where(eq(posts.id, comment.postId));
    }
  }
  await db.insert(commentRevisions).values({
    tenantId: comment.tenantId,
    commentId,
    editorId: actor.userId,
    bodyMd: comment.bodyMd,
  });
  const rendered = await renderBody(db, cleaned);
  await db
    .update(comments)
    .set({
      bodyMd: cleaned,
      bodyHtml: rendered.html,
      moderationState: state,
      editedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(eq(comments.id, commentId));
}

/** Soft-deletes a comment; an accepted answer that is deleted stops being accepted. */
export async function deleteComment(db: Orm, actor: Actor, commentId: string): Promise<void> {
  const { comment, post } = await loadVisibleComment(db, actor, commentId);
  assertCanChange(actor, comment.authorId);
  await db.update(comments).set({ deletedAt: new Date() }).where(eq(comments.id, commentId));
  const counted = comment.moderationState === 'published';
  await contentWithdrawn(db, 'comment', commentId, 'Comment deleted');
  await db
    .update(posts)
    .set({
      commentCount: sql`greatest(${posts.commentCount} - ${counted ? 1 : 0}, 0)`,
      ...(post.acceptedCommentId === commentId ? { acceptedCommentId: null } : {}),
    })
    .where(eq(posts.id, post.id));
}

/** Comments by id that the caller may see, for presenting one after a write. */
export async function presentComment(db: Orm, actor: Actor, commentId: string) {
  const { comment, post } = await loadVisibleComment(db, actor, commentId);
  const [author] = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [comment.authorId]));
  const { counts, mine } = await reactionSummary(db, actor, 'comment', [commentId]);
  return {
    id: comment.id,
    postId: comment.postId,
    parentId: comment.parentId,
    author: author!,
    bodyHtml: comment.bodyHtml,
    bodyMarkdown: comment.bodyMd,
    createdAt: comment.createdAt.toISOString(),
    editedAt: comment.editedAt?.toISOString() ?? null,
    deleted: false,
    reactions: counts.get(commentId) ?? {},
    myReactions: mine.get(commentId) ?? [],
    accepted: post.acceptedCommentId === commentId,
    canEdit: true,
    moderationState: comment.moderationState,
    moderation: await moderationNotice(db, 'comment', commentId, comment.moderationState),
  };
}
