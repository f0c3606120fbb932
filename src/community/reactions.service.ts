/**
 * Reactions on posts and comments. Adding is idempotent (one reaction of a kind per member
 * and target), removing undoes it exactly, and the cached counts move with the rows.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import type { Actor } from '../core/http/request-context.js';
import { comments, posts, reactions, type ReactionKind } from './community.table.js';
import { loadVisibleComment } from './comments.service.js';
import { notify } from './notifications.service.js';
import { reactionChanged } from '../gamification/rules/community-activity.js';
import { loadVisiblePost, reactionSummary } from './posts.service.js';

async function target(db: Orm, actor: Actor, type: 'post' | 'comment', id: string) {
  if (type === 'post') {
    const { post } = await loadVisiblePost(db, actor, id);
    return { tenantId: post.tenantId, authorId: post.authorId, postId: post.id, commentId: null };
  }
  const { comment } = await loadVisibleComment(db, actor, id);
  return {
    tenantId: comment.tenantId,
    authorId: comment.authorId,
    postId: comment.postId,
    commentId: comment.id,
  };
}

async function bump(db: Orm, type: 'post' | 'comment', id: string, delta: number) {
  const table = type === 'post' ? posts : comments;
  await db
    .update(table)
    .set({ reactionCount: sql`greatest(${table.reactionCount} + ${delta}, 0)` })
    .where(eq(table.id, id));
}

/** Adds or removes the actor's reaction; returns the target's counts afterwards. */
export async function setReaction(
  db: Orm,
  actor: Actor,
  input: { type: 'post' | 'comment'; id: string; kind: ReactionKind; on: boolean },
) {
  const found = await target(db, actor, input.type, input.id);
  const key = and(
    eq(reactions.targetType, input.type),
    eq(reactions.targetId, input.id),
    eq(reactions.userId, actor.userId),
    eq(reactions.kind, input.kind),
  );

  const pointsChange = {
    tenantId: found.tenantId,
    type: input.type,
    targetId: input.id,
    authorId: found.authorId,
    actorId: actor.userId,
    kind: input.kind,
  };
  if (input.on) {
    const added = await db
      .insert(reactions)
      .values({
        tenantId: found.tenantId,
        userId: actor.userId,
        targetType: input.type,
        targetId: input.id,
        kind: input.kind,
      })
      .onConflictDoNothing()
      .returning({ kind: reactions.kind });
    if (added.length === 1) {
      await bump(db, input.type, input.id, 1);
      await reactionChanged(db, { ...pointsChange, on: true });
      await notify(db, [found.authorId], {
        tenantId: found.tenantId,
        actorId: actor.userId,
        kind: 'reaction',
        postId: found.postId,
        commentId: found.commentId,
      });
    }
  } else {
    const removed = await db.delete(reactions).where(key).returning({ kind: reactions.kind });
    if (removed.length === 1) {
      await bump(db, input.type, input.id, -1);
      await reactionChanged(db, { ...pointsChange, on: false });
    }
  }

  const { counts, mine } = await reactionSummary(db, actor, input.type, [input.id]);
  return { reactions: counts.get(input.id) ?? {}, myReactions: mine.get(input.id) ?? [] };
}
