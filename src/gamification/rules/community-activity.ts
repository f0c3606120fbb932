/**
 * What the community reports to the rules engine: content published or withdrawn, reactions
 * given and taken back, answers accepted and changed. The community services call these in
 * their own transaction; each is a no-op when there is nothing to score.
 *
 * Cause keys: `post:<id>`, `comment:<id>`, `answer:<comment id>`,
 * `reaction:<post|comment>:<target id>:<actor id>:<reaction kind>`.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { recordActivity, withdrawActivity } from '../activity.js';

export type ContentType = 'post' | 'comment';

export interface ContentRow {
  tenant_id: string;
  author_id: string;
  space_id: string;
  post_id: string;
  created_at: string | Date;
}

async function contentRow(tx: Orm, type: ContentType, id: string): Promise<ContentRow | null> {
  const [row] = await sqlRows<ContentRow>(
    tx,
    type === 'post'
      ? sql`select tenant_id, author_id, space_id, id as post_id, created_at from posts
          where id = ${id}`
      : sql`select c.tenant_id, c.author_id, p.space_id, c.post_id, c.created_at
          from comments c join posts p on p.id = c.post_id where c.id = ${id}`,
  );
  return row ?? null;
}

/** Why reactions lost their points when the item they were on left view. */
const ITEM_GONE = 'The item reacted to was removed';

interface ReactionEventRow {
  cause_key: string;
  actor_id: string | null;
  properties: Record<string, string | number | boolean | null> | string;
}

/** The reaction events on one item in one state. */
function reactionEvents(
  tx: Orm,
  type: ContentType,
  id: string,
  status: 'recorded' | 'withdrawn',
): Promise<ReactionEventRow[]> {
  return sqlRows<ReactionEventRow>(
    tx,
    sql`select cause_key, actor_id, properties from activity_events
      where kind = 'reaction_received' and cause_key like ${`reaction:${type}:${id}:%`}
        and status = ${status}
        ${status === 'withdrawn' ? sql`and withdraw_reason = ${ITEM_GONE}` : sql``}
      order by created_at`,
  );
}

/**
 * A post or comment became visible: its author earns `post_published`/`comment_published`.
 * With `reinstate` (moderation publishing it again) a withdrawn item may earn once more.
 */
export async function contentPublished(
  tx: Orm,
  type: ContentType,
  id: string,
  options: { reinstate?: boolean; known?: ContentRow } = {},
): Promise<void> {
  // The service that just wrote the item passes what it knows, which saves reading it back.
  const row = options.known ?? (await contentRow(tx, type, id));
  if (!row) {
    return;
  }
  await recordActivity(
    tx,
    row.tenant_id,
    {
      kind: type === 'post' ? 'post_published' : 'comment_published',
      userId: row.author_id,
      actorId: null,
      causeKey: `${type}:${id}`,
      occurredAt: new Date(),
      spaceId: row.space_id,
      properties: { postId: row.post_id, ...(type === 'comment' ? { commentId: id } : {}) },
    },
    options,
  );
  if (options.reinstate) {
    // Reactions that lost their points only because the item was removed earn them again,
    // while the reaction is still there; one taken back by its giver stays taken back.
    for (const reaction of await reactionEvents(tx, type, id, 'withdrawn')) {
      const still = await sqlRows<{ one: number }>(
        tx,
        sql`select 1 as one from reactions where target_type = ${type} and target_id = ${id}
          and user_id = ${reaction.actor_id}
          and ${reaction.cause_key} = 'reaction:' || target_type || ':' || target_id || ':'
            || user_id || ':' || kind`,
      );
      if (still.length === 0 || reaction.actor_id === null) {
        continue;
      }
      await recordActivity(
        tx,
        row.tenant_id,
        {
          kind: 'reaction_received',
          userId: row.author_id,
          actorId: reaction.actor_id,
          causeKey: reaction.cause_key,
          occurredAt: new Date(),
          spaceId: row.space_id,
          properties:
            typeof reaction.properties === 'string'
              ? (JSON.parse(reaction.properties) as Record<string, string>)
              : reaction.properties,
        },
        { reinstate: true },
      );
    }
  }
}

/** A post or comment left view (deleted, rejected, held again): its points go back. */
export async function contentWithdrawn(
  tx: Orm,
  type: ContentType,
  id: string,
  reason: string,
): Promise<void> {
  const row = await contentRow(tx, type, id);
  if (!row) {
    return;
  }
  await withdrawActivity(tx, row.tenant_id, `${type}:${id}`, reason);
  // Reactions on an item that is gone earn nothing either (a liked spam post pays no one).
  for (const reaction of await reactionEvents(tx, type, id, 'recorded')) {
    await withdrawActivity(tx, row.tenant_id, reaction.cause_key, ITEM_GONE);
  }
  if (type === 'comment') {
    // An accepted answer that is removed no longer earns.
    await withdrawActivity(tx, row.tenant_id, `answer:${id}`, reason);
  }
}

/** The cause key of one member's reaction of one kind on one item. */
export function reactionCause(
  type: ContentType,
  targetId: string,
  actorId: string,
  kind: string,
): string {
  return `reaction:${type}:${targetId}:${actorId}:${kind}`;
}

/**
 * A reaction was added or removed. Adding one to someone else's item earns the author
 * `reaction_received`; removing it takes that back. A reaction taken back and given again
 * finds its withdrawn event and earns nothing (no farming by toggling).
 */
export async function reactionChanged(
  tx: Orm,
  change: {
    tenantId: string;
    type: ContentType;
    targetId: string;
    authorId: string;
    actorId: string;
    kind: string;
    on: boolean;
  },
): Promise<void> {
  const causeKey = reactionCause(change.type, change.targetId, change.actorId, change.kind);
  if (!change.on) {
    await withdrawActivity(tx, change.tenantId, causeKey, 'Reaction withdrawn');
    return;
  }
  if (change.authorId === change.actorId) {
    return; // no points for reacting to your own content
  }
  const row = await contentRow(tx, change.type, change.targetId);
  await recordActivity(tx, change.tenantId, {
    kind: 'reaction_received',
    userId: change.authorId,
    actorId: change.actorId,
    causeKey,
    occurredAt: new Date(),
    spaceId: row?.space_id ?? null,
    properties: { targetType: change.type, targetId: change.targetId, reaction: change.kind },
  });
}

/**
 * The accepted answer of a question changed from `previous` to `next` (either may be null).
 * The previous answer's points go back; the new answer's author earns `answer_accepted`
 * unless they accepted their own comment.
 */
export async function acceptedAnswerChanged(
  tx: Orm,
  change: {
    tenantId: string;
    postId: string;
    previous: string | null;
    next: string | null;
    actorId: string;
  },
): Promise<void> {
  if (change.previous === change.next) {
    return;
  }
  if (change.previous !== null) {
    await withdrawActivity(tx, change.tenantId, `answer:${change.previous}`, 'Answer unaccepted');
  }
  if (change.next === null) {
    return;
  }
  const row = await contentRow(tx, 'comment', change.next);
  if (!row || row.author_id === change.actorId) {
    return; // no points for accepting your own comment
  }
  await recordActivity(tx, change.tenantId, {
    kind: 'answer_accepted',
    userId: row.author_id,
    actorId: change.actorId,
    causeKey: `answer:${change.next}`,
    occurredAt: new Date(),
    spaceId: row.space_id,
    properties: { postId: change.postId, commentId: change.next },
  });
}
