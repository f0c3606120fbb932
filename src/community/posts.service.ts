/**
 * Posts: feeds, reading, writing with revisions, soft deletion and accepted answers. Every
 * function runs inside the caller's tenant transaction and checks visibility through the
 * post's space.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { sqlRows, type Orm } from '../core/db/database.js';
import { fail } from '../core/errors/errors.js';
import { plainTextLine } from '../core/text/plain-text.js';
import { roleHas } from '../core/http/access.js';
import { decodeCursor, pageOf } from '../core/http/pagination.js';
import type { Actor } from '../core/http/request-context.js';
import { users } from '../accounts/accounts.table.js';
import type { GateVerdict, ModerationGate } from '../moderation/gate.js';
import { assertCanChange, canChange, shownContent, visibleSpaces } from './access.js';
import {
  comments,
  postRevisions,
  posts,
  reactions,
  spaces,
  type ReactionKind,
} from './community.table.js';
import { assertDisclosed, checkPostDisclosure, saveDisclosure } from './disclosure.js';
import { renderBody } from './mentions.js';
import { assertNewAccountMayWrite } from './new-account-sandbox.js';
import { notify } from './notifications.service.js';
import {
  acceptedAnswerChanged,
  contentPublished,
  contentWithdrawn,
} from '../gamification/rules/community-activity.js';

const tableSummaryColumns = {
  id: posts.id,
  title: posts.title,
  excerpt: posts.excerpt,
  tags: posts.tags,
  createdAt: posts.createdAt,
  commentCount: posts.commentCount,
  reactionCount: posts.reactionCount,
  acceptedCommentId: posts.acceptedCommentId,
  authorId: users.id,
  authorUsername: users.username,
  authorDisplayName: users.displayName,
  spaceSlug: spaces.slug,
  spaceName: spaces.name,
};

/** The disclosure label's columns (src/community/disclosure.ts), read with every post. */
const sponsoredColumns = {
  sponsored: sql<boolean>`"posts"."sponsored"`,
  sponsorLabel: sql<string | null>`"posts"."sponsor_label"`,
};

export const summaryColumns = { ...tableSummaryColumns, ...sponsoredColumns };

/** What a table column reads as: its data type, or null as well where it may be null. */
type ColumnValue<C> = C extends { _: { data: infer D; notNull: infer N } }
  ? N extends true
    ? D
    : D | null
  : never;

type SummaryRow = {
  [K in keyof typeof tableSummaryColumns]: ColumnValue<(typeof tableSummaryColumns)[K]>;
} & { sponsored: boolean; sponsorLabel: string | null };

/** Shapes a feed row as the API's PostSummary. */
export function presentSummary(row: SummaryRow) {
  return {
    id: row.id,
    title: row.title,
    excerpt: row.excerpt,
    tags: row.tags,
    author: { id: row.authorId, username: row.authorUsername, displayName: row.authorDisplayName },
    space: { slug: row.spaceSlug, name: row.spaceName },
    createdAt: row.createdAt.toISOString(),
    commentCount: row.commentCount,
    reactionCount: row.reactionCount,
    hasAcceptedAnswer: row.acceptedCommentId !== null,
    sponsored: row.sponsored,
    sponsorLabel: row.sponsorLabel,
  };
}

function newerFirstAfter(cursor: string | undefined) {
  const after = decodeCursor(cursor);
  return after
    ? or(lt(posts.createdAt, after.at), and(eq(posts.createdAt, after.at), lt(posts.id, after.id)))
    : undefined;
}

/** One page of a feed, newest first; `where` narrows it (a space, an author). */
export async function listPosts(
  db: Orm,
  actor: Actor | null,
  where: ReturnType<typeof eq>,
  page: { limit: number; cursor?: string },
) {
  const rows = await db
    .select(summaryColumns)
    .from(posts)
    .innerJoin(spaces, eq(spaces.id, posts.spaceId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(
      and(
        where,
        isNull(posts.deletedAt),
        eq(posts.moderationState, 'published'),
        visibleSpaces(actor),
        newerFirstAfter(page.cursor),
      ),
    )
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(page.limit + 1);
  const { items, nextCursor } = pageOf(rows, page.limit, (row) => ({
    at: row.createdAt,
    id: row.id,
  }));
  return { items: items.map(presentSummary), nextCursor };
}

/** Loads a post the actor may see, with its space; 404 otherwise. */
export async function loadVisiblePost(db: Orm, actor: Actor | null, postId: string) {
  const [row] = await db
    .select(visiblePostColumns)
    .from(posts)
    .innerJoin(spaces, eq(spaces.id, posts.spaceId))
    .where(visiblePost(actor, postId));
  if (!row) {
    throw fail.notFound('This post does not exist or was removed.');
  }
  return row;
}

const visiblePostColumns = {
  post: posts,
  spaceSlug: spaces.slug,
  spaceName: spaces.name,
  ...sponsoredColumns,
  paidDeclared: sql<boolean>`"posts"."paid_declared"`,
};

function visiblePost(actor: Actor | null, postId: string) {
  return and(
    eq(posts.id, postId),
    isNull(posts.deletedAt),
    visibleSpaces(actor),
    shownContent(posts, actor),
  );
}

interface ReactionKindRow {
  kind: ReactionKind;
  n: number;
  mine: boolean;
}

/**
 * The reactions on each row's target as one column of the row's own select (no second round
 * trip): a count per kind, and whether the actor gave it.
 */
export function reactionsColumn(
  actor: Actor | null,
  targetType: 'post' | 'comment',
  targetId: AnyPgColumn,
) {
  return sql<ReactionKindRow[] | null>`(
    select json_agg(json_build_object('kind', r.kind, 'n', r.n, 'mine', r.mine))
      from (select kind, count(*)::int as n,
                   ${actor ? sql`bool_or(user_id = ${actor.userId})` : sql`false`} as mine
              from reactions
             where target_type = ${targetType} and target_id = ${targetId}
             group by kind) r)`;
}

/** What `reactionsColumn` read, as the API shows it. */
export function readReactions(rows: ReactionKindRow[] | null) {
  const counts: Partial<Record<ReactionKind, number>> = {};
  const mine: ReactionKind[] = [];
  for (const row of rows ?? []) {
    counts[row.kind] = row.n;
    if (row.mine) {
      mine.push(row.kind);
    }
  }
  return { counts, mine };
}

/** Reaction counts by kind and the actor's own reactions on one target. */
export async function reactionSummary(
  db: Orm,
  actor: Actor | null,
  targetType: 'post' | 'comment',
  targetIds: string[],
) {
  const counts = new Map<string, Partial<Record<ReactionKind, number>>>();
  const mine = new Map<string, ReactionKind[]>();
  if (targetIds.length === 0) {
    return { counts, mine };
  }
  const rows = await db
    .select({
      targetId: reactions.targetId,
      kind: reactions.kind,
      n: sql<number>`count(*)::int`,
      mine: actor
        ? sql<boolean>`bool_or(${reactions.userId} = ${actor.userId})`
        : sql<boolean>`false`,
    })
    .from(reactions)
    .where(and(eq(reactions.targetType, targetType), inArray(reactions.targetId, targetIds)))
    .groupBy(reactions.targetId, reactions.kind);
  for (const row of rows) {
    counts.set(row.targetId, { ...counts.get(row.targetId), [row.kind]: row.n });
    if (row.mine) {
      mine.set(row.targetId, [...(mine.get(row.targetId) ?? []), row.kind]);
    }
  }
  return { counts, mine };
}

/** The full post as the API shows it: the post, its author, reactions and follow in one read. */
export async function presentPost(db: Orm, actor: Actor | null, postId: string) {
  const [row] = await db
    .select({
      ...visiblePostColumns,
      author: { id: users.id, username: users.username, displayName: users.displayName },
      reactions: reactionsColumn(actor, 'post', posts.id),
      following: actor
        ? sql<boolean>`exists (select 1 from follows f where f.user_id = ${actor.userId}
            and f.target_type = 'post' and f.target_id = "posts"."id")`
        : sql<boolean>`false`,
    })
    .from(posts)
    .innerJoin(spaces, eq(spaces.id, posts.spaceId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(visiblePost(actor, postId));
  if (!row) {
    throw fail.notFound('This post does not exist or was removed.');
  }
  const { post, spaceSlug, spaceName, author, following, reactions: kinds, ...disclosure } = row;
  const { counts, mine } = readReactions(kinds);

  return {
    id: post.id,
    title: post.title,
    excerpt: post.excerpt,
    tags: post.tags,
    author,
    space: { slug: spaceSlug, name: spaceName },
    createdAt: post.createdAt.toISOString(),
    editedAt: post.editedAt?.toISOString() ?? null,
    commentCount: post.commentCount,
    reactionCount: post.reactionCount,
    hasAcceptedAnswer: post.acceptedCommentId !== null,
    acceptedCommentId: post.acceptedCommentId,
    sponsored: disclosure.sponsored,
    sponsorLabel: disclosure.sponsorLabel,
    paidDeclared: disclosure.paidDeclared,
    bodyHtml: post.bodyHtml,
    bodyMarkdown: post.bodyMd,
    reactions: counts,
    myReactions: mine,
    following,
    canEdit: canChange(actor, post.authorId),
    moderation: await moderationNotice(db, 'post', post.id, post.moderationState),
  };
}

/**
 * What the author (or a moderator) reads about an item that is not published: its state and
 * the reason of its latest check. Null for published items.
 */
export async function moderationNotice(
  db: Orm,
  itemType: 'post' | 'comment',
  itemId: string,
  state: 'published' | 'held' | 'rejected',
) {
  if (state === 'published') {
    return null;
  }
  const [check] = await sqlRows<{
    id: string;
    reason_code: string | null;
    author_message: string | null;
  }>(
    db,
    // the latest check that did not clear the item says why it is not published (a clean
    // re-check of an edit does not publish a held item by itself)
    sql`SELECT id, reason_code, author_message FROM moderation_checks
      WHERE item_type = ${itemType} AND item_id = ${itemId}
      ORDER BY (decision <> 'allow') DESC, created_at DESC LIMIT 1`,
  );
  return {
    state,
    reasonCode: check?.reason_code ?? null,
    message: check?.author_message ?? null,
    checkId: check?.id ?? null,
  };
}

/** The notice shown with an item just written, from the gate's verdict. */
export function noticeOf(verdict: GateVerdict) {
  return verdict.state === 'published'
    ? null
    : {
        state: verdict.state,
        reasonCode: verdict.reasonCode,
        message: verdict.message,
        checkId: verdict.checkId,
      };
}

/**
 * Splits text the gate censored back into the parts it was joined from: the gate masks
 * characters one for one, so every part keeps its length.
 */
export function splitCensored(censored: string, parts: readonly string[], separator: string) {
  const out: string[] = [];
  let at = 0;
  for (const part of parts) {
    out.push(censored.slice(at, at + part.length));
    at += part.length + separator.length;
  }
  return out;
}

export interface PostInput {
  title: string;
  body: string;
  tags?: string[];
  /** The author's "contains paid or sponsored content" declaration (DSA 26(2)). */
  paidDeclared?: boolean;
}

function cleanTags(tags: string[] | undefined): string[] {
  const cleaned = (tags ?? [])
    .map((tag) => plainTextLine(tag.normalize('NFKC')).toLowerCase().replace(/\s+/g, '-'))
    .filter((tag) => /^[\p{L}\p{N}][\p{L}\p{N}-]{0,31}$/u.test(tag));
  return [...new Set(cleaned)].slice(0, 8);
}

function cleanTitle(title: string): string {
  const cleaned = plainTextLine(title);
  if (cleaned.length < 3) {
    throw fail.validation('The title needs at least 3 characters.', { field: 'title' });
  }
  return cleaned;
}

function cleanBody(body: string): string {
  const cleaned = body.normalize('NFC').trim();
  if (cleaned === '') {
    throw fail.validation('Write something first.', { field: 'body' });
  }
  return cleaned;
}

/**
 * Creates a post in a space the author may see and returns it as the API shows it, built
 * from what was just written rather than read back. The moderation gate checks it first: a
 * held or rejected post is stored but shown only to its author and moderators, and is counted
 * and announced (mentions) only when it is published. The space's counter is bumped last, so
 * the lock on that shared row is held only for the commit.
 */
export async function createPost(
  db: Orm,
  actor: Actor,
  tenantId: string,
  space: { id: string; slug: string; name: string },
  input: PostInput,
  gate: ModerationGate,
) {
  let title = cleanTitle(input.title);
  let body = cleanBody(input.body);
  await assertNewAccountMayWrite(db, actor, body);
  const postId = randomUUID();
  const disclosure = await checkPostDisclosure(db, {
    authorId: actor.userId,
    spaceId: space.id,
    title,
    body,
    paidDeclared: input.paidDeclared ?? false,
  });
  assertDisclosed(disclosure);
  const verdict = await gate.check(db, tenantId, {
    itemType: 'post',
    itemId: postId,
    authorId: actor.userId,
    spaceId: space.id,
    text: `${title}\n\n${body}`,
    summary: title,
  });
  if (verdict.censored !== null) {
    [title, body] = splitCensored(verdict.censored, [title, body], '\n\n') as [string, string];
  }
  const rendered = await renderBody(db, body);
  const [post] = await db
    .insert(posts)
    .values({
      id: postId,
      tenantId,
      spaceId: space.id,
      authorId: actor.userId,
      title,
      bodyMd: body,
      bodyHtml: rendered.html,
      excerpt: rendered.excerpt,
      bodyText: rendered.text,
      tags: cleanTags([...(input.tags ?? []), ...verdict.tags]),
      moderationState: verdict.state,
    })
    .returning();
  await saveDisclosure(db, postId, disclosure);

  const published = verdict.state === 'published';
  if (published) {
    await notify(db, rendered.mentionedIds, {
      tenantId,
      actorId: actor.userId,
      kind: 'mention',
      postId,
    });
  }
  if (published) {
    await contentPublished(db, 'post', postId, {
      known: {
        tenant_id: tenantId,
        author_id: actor.userId,
        space_id: space.id,
        post_id: postId,
        created_at: post!.createdAt,
      },
    });
  }
  // The author follows their post, and the space counts it once it is published: one round
  // trip, last, so the lock on the space's shared row is held only for the commit.
  await db.execute(sql`WITH followed AS (
      INSERT INTO follows (tenant_id, user_id, target_type, target_id)
      VALUES (${tenantId}, ${actor.userId}, 'post', ${postId}) ON CONFLICT DO NOTHING)
    UPDATE spaces SET post_count = post_count + ${published ? 1 : 0} WHERE id = ${space.id}`);

  return {
    id: postId,
    title: post!.title,
    excerpt: post!.excerpt,
    tags: post!.tags,
    author: { id: actor.userId, username: actor.username, displayName: actor.displayName },
    space: { slug: space.slug, name: space.name },
    createdAt: post!.createdAt.toISOString(),
    editedAt: null,
    commentCount: 0,
    reactionCount: 0,
    hasAcceptedAnswer: false,
    acceptedCommentId: null,
    sponsored: disclosure.sponsored,
    sponsorLabel: disclosure.sponsorLabel,
    paidDeclared: disclosure.paidDeclared,
    bodyHtml: post!.bodyHtml,
    bodyMarkdown: post!.bodyMd,
    reactions: {},
    myReactions: [],
    following: true,
    canEdit: true,
    moderation: noticeOf(verdict),
  };
}

/**
 * Edits a post, keeping the previous version as a revision. The disclosure check runs again on
 * every edit (the author's ties may have changed since), and refuses the edit as it would a new
 * post.
 */
export async function editPost(
  db: Orm,
  actor: Actor,
  postId: string,
  change: Partial<PostInput>,
  gate: ModerationGate,
): Promise<void> {
  const { post, paidDeclared } = await loadVisiblePost(db, actor, postId);
  assertCanChange(actor, post.authorId);
  let body = change.body === undefined ? post.bodyMd : cleanBody(change.body);
  if (change.body !== undefined) {
    await assertNewAccountMayWrite(db, actor, body);
  }
  let title = change.title === undefined ? post.title : cleanTitle(change.title);
  const disclosure = await checkPostDisclosure(db, {
    authorId: post.authorId,
    spaceId: post.spaceId,
    title,
    body,
    paidDeclared: change.paidDeclared ?? paidDeclared,
  });
  assertDisclosed(disclosure);

  await db.insert(postRevisions).values({
    tenantId: post.tenantId,
    postId,
    editorId: actor.userId,
    title: post.title,
    bodyMd: post.bodyMd,
    tags: post.tags,
  });
  // A changed text is checked again; a published post the check now holds leaves the feeds.
  let state = post.moderationState;
  let extraTags: string[] = [];
  if (body !== post.bodyMd || title !== post.title) {
    const verdict = await gate.check(db, post.tenantId, {
      itemType: 'post',
      itemId: postId,
      authorId: post.authorId,
      spaceId: post.spaceId,
      text: `${title}\n\n${body}`,
      summary: title,
    });
    if (verdict.censored !== null) {
      [title, body] = splitCensored(verdict.censored, [title, body], '\n\n') as [string, string];
    }
    extraTags = verdict.tags;
    if (state === 'published' && verdict.state !== 'published') {
      state = verdict.state;
      await contentWithdrawn(db, 'post', postId, 'Post held again after an edit');
      await db
        .update(spaces)
        .set({ postCount: sql`greatest(${spaces.postCount} - 1, 0)` })
        .where(eq(spaces.id, post.spaceId));
    }
  }
  const rendered = await renderBody(db, body);
  await db
    .update(posts)
    .set({
      title,
      moderationState: state,
      bodyMd: body,
      bodyHtml: rendered.html,
      excerpt: rendered.excerpt,
      bodyText: rendered.text,
      tags: cleanTags([...(change.tags ?? post.tags), ...extraTags]),
      editedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(eq(posts.id, postId));
  await saveDisclosure(db, postId, disclosure);
}

/** Soft-deletes a post: it leaves every list, its revisions stay for moderators. */
export async function deletePost(db: Orm, actor: Actor, postId: string): Promise<void> {
  const { post } = await loadVisiblePost(db, actor, postId);
  assertCanChange(actor, post.authorId);
  await db.update(posts).set({ deletedAt: new Date() }).where(eq(posts.id, postId));
  if (post.moderationState === 'published') {
    await contentWithdrawn(db, 'post', postId, 'Post deleted');
    await db
      .update(spaces)
      .set({ postCount: sql`greatest(${spaces.postCount} - 1, 0)` })
      .where(eq(spaces.id, post.spaceId));
  }
}

/** The earlier versions of a post, oldest first. */
export async function listRevisions(db: Orm, actor: Actor, postId: string) {
  const { post } = await loadVisiblePost(db, actor, postId);
  assertCanChange(actor, post.authorId);
  const rows = await db
    .select({
      id: postRevisions.id,
      title: postRevisions.title,
      bodyMarkdown: postRevisions.bodyMd,
      tags: postRevisions.tags,
      createdAt: postRevisions.createdAt,
      editorId: users.id,
      editorUsername: users.username,
      editorDisplayName: users.displayName,
    })
    .from(postRevisions)
    .innerJoin(users, eq(users.id, postRevisions.editorId))
    .where(eq(postRevisions.postId, postId))
    .orderBy(postRevisions.createdAt);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    bodyMarkdown: row.bodyMarkdown,
    tags: row.tags,
    editor: { id: row.editorId, username: row.editorUsername, displayName: row.editorDisplayName },
    createdAt: row.createdAt.toISOString(),
  }));
}

/**
 * Marks (or with null clears) the accepted answer of a question. Only the post's author or a
 * moderator may; the comment must belong to the post and be live.
 */
export async function setAcceptedAnswer(
  db: Orm,
  actor: Actor,
  postId: string,
  commentId: string | null,
): Promise<void> {
  const { post } = await loadVisiblePost(db, actor, postId);
  if (post.authorId !== actor.userId && !roleHas(actor.role, 'community:moderate')) {
    throw fail.forbidden('Only the author of the question or a moderator can accept an answer.');
  }
  const answerChange = { tenantId: post.tenantId, postId, previous: post.acceptedCommentId };
  if (commentId === null) {
    await db.update(posts).set({ acceptedCommentId: null }).where(eq(posts.id, postId));
    await acceptedAnswerChanged(db, { ...answerChange, next: null, actorId: actor.userId });
    return;
  }
  const [answer] = await db
    .select({ authorId: comments.authorId })
    .from(comments)
    .where(
      and(
        eq(comments.id, commentId),
        eq(comments.postId, postId),
        isNull(comments.deletedAt),
        // only a published comment can be the answer everyone sees
        eq(comments.moderationState, 'published'),
      ),
    );
  if (!answer) {
    throw fail.validation('That comment is not an answer on this post.', { field: 'commentId' });
  }
  await db.update(posts).set({ acceptedCommentId: commentId }).where(eq(posts.id, postId));
  await acceptedAnswerChanged(db, { ...answerChange, next: commentId, actorId: actor.userId });
  await notify(db, [answer.authorId], {
    tenantId: post.tenantId,
    actorId: actor.userId,
    kind: 'accepted_answer',
    postId,
    commentId,
  });
}
