/**
 * The review queue: one list for held items, member flags, appeals and audit samples, ordered
 * by priority (severity × reach × how far into its deadline the item is). Moderators claim an
 * item so two of them do not collide, decide with a reason code, and every decision becomes a
 * label for training. A decided item is never reopened: a later flag opens a new one.
 *
 * A decision always says what should become of the content: `approve` = it may be shown,
 * `reject` = it may not. Each kind reads that in its own way (a flag approved is dismissed; an
 * audit approved confirms an automatic allow, or overturns an automatic rejection).
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { sqlRows, withSavepoint, type Orm } from '../core/db/database.js';
import { fail, GuildError } from '../core/errors/errors.js';
import { roleHas } from '../core/http/access.js';
import { decodeCursor, encodeCursor } from '../core/http/pagination.js';
import type { Actor } from '../core/http/request-context.js';
import { updateProfile } from '../accounts/accounts.service.js';
import { users } from '../accounts/accounts.table.js';
import { notify } from '../community/notifications.service.js';
import {
  contentForReview,
  publishContent,
  withdrawContent,
} from '../community/moderation-effects.js';
import { loadVisiblePost } from '../community/posts.service.js';
import { authorMessage } from './policy.js';
import {
  moderationChecks,
  moderationLabels,
  reviewItems,
  type ItemType,
  type Queue,
  type ReviewDecision,
  type ReviewKind,
} from './moderation.table.js';

/** Reason codes a moderator may give, by decision. */
export const APPROVE_REASONS = [
  'not_a_violation',
  'allowed_in_context',
  'false_positive',
  'fixed_by_author',
] as const;
export const REJECT_REASONS = [
  'toxicity',
  'insult',
  'harassment',
  'hate',
  'threat',
  'sexual',
  'self_harm',
  'spam',
  'scam',
  'personal_data',
  'off_topic',
  'other',
] as const;
export type ReviewReason = (typeof APPROVE_REASONS)[number] | (typeof REJECT_REASONS)[number];

/** How long a claim holds before another moderator may take the item over. */
const CLAIM_MINUTES = 30;

/** The SQL priority of a review item as of `asOf`. */
function priorityAt(asOf: Date) {
  return sql`(review_items.severity * review_items.reach * (1 + greatest(extract(epoch FROM (${asOf.toISOString()}::timestamptz - review_items.created_at)), 0)
    / greatest(extract(epoch FROM (review_items.due_at - review_items.created_at)), 60)))`;
}

/** Which queues `actor` may work. */
export function queuesOf(actor: Actor): Queue[] {
  return roleHas(actor.role, 'moderation:senior') ? ['standard', 'senior'] : ['standard'];
}

function assertQueue(actor: Actor, queue: Queue, what = 'This item is'): void {
  if (!queuesOf(actor).includes(queue)) {
    throw fail.forbidden(`${what} in the senior queue, which managers and admins work.`);
  }
}

export interface QueueFilter {
  queue?: Queue;
  kind?: ReviewKind;
  limit: number;
  cursor?: string;
}

/**
 * One page of open items, highest priority first. The cursor remembers the moment the first
 * page was read, so priorities (which grow with age) stay comparable across pages.
 */
export async function listQueue(db: Orm, actor: Actor, filter: QueueFilter) {
  const queues = filter.queue ? [filter.queue] : queuesOf(actor);
  queues.forEach((queue) => assertQueue(actor, queue, 'These items are'));
  const after = decodeCursor(filter.cursor);
  const asOf = after?.at ?? new Date();
  const priority = priorityAt(asOf);
  const rows = await sqlRows<ReviewRow & { priority: number }>(
    db,
    sql`SELECT review_items.*, ${priority} AS priority, u.username AS author_username,
        u.display_name AS author_display_name, c.username AS claimed_by_username
      FROM review_items
      LEFT JOIN users u ON u.id = review_items.author_id
      LEFT JOIN users c ON c.id = review_items.claimed_by
      WHERE review_items.status = 'open'
        AND review_items.queue = ANY(${sql.param(queues)}::text[])
        ${filter.kind ? sql`AND review_items.kind = ${filter.kind}` : sql``}
        ${
          after
            ? sql`AND (${priority}, review_items.id) < (
                SELECT ${priority}, review_items.id FROM review_items WHERE review_items.id = ${after.id})`
            : sql``
        }
      ORDER BY ${priority} DESC, review_items.id DESC
      LIMIT ${filter.limit + 1}`,
  );
  const items = rows.slice(0, filter.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => presentReviewItem(row, row.priority)),
    nextCursor: rows.length > filter.limit && last ? encodeCursor({ at: asOf, id: last.id }) : null,
  };
}

interface ReviewRow {
  id: string;
  kind: ReviewKind;
  item_type: ItemType;
  item_id: string;
  check_id: string | null;
  author_id: string | null;
  space_id: string | null;
  queue: Queue;
  severity: number;
  reach: number;
  reason_code: string | null;
  summary: string;
  payload: Record<string, unknown>;
  flag_count: number;
  due_at: Date | string;
  claimed_by: string | null;
  claimed_at: Date | string | null;
  status: 'open' | 'resolved';
  decision: ReviewDecision | null;
  decision_reason: string | null;
  decision_note: string | null;
  resolved_at: Date | string | null;
  created_at: Date | string;
  author_username: string | null;
  author_display_name: string | null;
  claimed_by_username: string | null;
}

const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

function presentReviewItem(row: ReviewRow, priority: number) {
  const due = new Date(row.due_at);
  return {
    id: row.id,
    kind: row.kind,
    itemType: row.item_type,
    itemId: row.item_id,
    checkId: row.check_id,
    queue: row.queue,
    status: row.status,
    priority: Number(priority.toFixed(4)),
    severity: row.severity,
    reach: row.reach,
    reasonCode: row.reason_code,
    summary: row.summary,
    flagCount: row.flag_count,
    dueAt: due.toISOString(),
    overdue: row.status === 'open' && due.getTime() < Date.now(),
    author: row.author_id
      ? {
          id: row.author_id,
          username: row.author_username ?? '',
          displayName: row.author_display_name ?? '',
        }
      : null,
    claimedBy: row.claimed_by
      ? { id: row.claimed_by, username: row.claimed_by_username ?? '' }
      : null,
    claimedAt: iso(row.claimed_at),
    decision: row.decision,
    decisionReason: row.decision_reason,
    decisionNote: row.decision_note,
    resolvedAt: iso(row.resolved_at),
    createdAt: iso(row.created_at)!,
  };
}

async function loadRow(db: Orm, id: string): Promise<ReviewRow> {
  const [row] = await sqlRows<ReviewRow>(
    db,
    sql`SELECT review_items.*, u.username AS author_username,
        u.display_name AS author_display_name, c.username AS claimed_by_username
      FROM review_items
      LEFT JOIN users u ON u.id = review_items.author_id
      LEFT JOIN users c ON c.id = review_items.claimed_by
      WHERE review_items.id = ${id}`,
  );
  if (!row) {
    throw fail.notFound('This review item does not exist.');
  }
  return row;
}

/**
 * One item with everything a moderator needs beside it: the content, the check (scores and
 * the spans that caused them), the appeal's message, and the author's history.
 */
export async function getReviewItem(db: Orm, actor: Actor, id: string) {
  const row = await loadRow(db, id);
  assertQueue(actor, row.queue);
  const priority = await sqlRows<{ p: number }>(
    db,
    sql`SELECT ${priorityAt(new Date())} AS p FROM review_items WHERE id = ${id}`,
  );
  const content =
    row.item_type === 'post' || row.item_type === 'comment'
      ? await contentForReview(db, row.item_type, row.item_id)
      : null;
  const [check] = row.check_id
    ? await db.select().from(moderationChecks).where(eq(moderationChecks.id, row.check_id))
    : [];
  return {
    ...presentReviewItem(row, priority[0]?.p ?? 0),
    content: content
      ? {
          title: content.title,
          body: content.body,
          state: content.state,
          deleted: content.deleted,
          postId: content.postId,
        }
      : row.item_type === 'submission'
        ? {
            title: typeof row.payload.title === 'string' ? row.payload.title : null,
            body: typeof row.payload.body === 'string' ? row.payload.body : row.summary,
            state: row.status === 'open' ? 'held' : 'resolved',
            deleted: false,
            postId: null,
          }
        : row.item_type === 'profile'
          ? {
              title: null,
              body: JSON.stringify(row.payload),
              state: 'held',
              deleted: false,
              postId: null,
            }
          : null,
    appealMessage:
      row.kind === 'appeal' && typeof row.payload.message === 'string' ? row.payload.message : null,
    flagReasons: row.kind === 'flag' ? ((row.payload.reasons as string[] | undefined) ?? []) : [],
    check: check
      ? {
          id: check.id,
          decision: check.decision,
          reasonCode: check.reasonCode,
          scores: check.scores,
          spans: check.spans,
          suspicion: check.suspicion,
          modelVersion: check.modelVersion,
          provider: check.provider,
          providerError: check.providerError,
          shadow: check.shadow,
          createdAt: check.createdAt.toISOString(),
        }
      : null,
    authorHistory: row.author_id ? await authorHistory(db, row.author_id) : null,
  };
}

/** The author's record beside an item: age, counts and their latest checks. */
export async function authorHistory(db: Orm, authorId: string) {
  const [user] = await db
    .select({ createdAt: users.createdAt, verified: users.emailVerifiedAt, role: users.role })
    .from(users)
    .where(eq(users.id, authorId));
  const [counts] = await sqlRows<{
    published: number;
    held: number;
    rejected: number;
    flagged: number;
  }>(
    db,
    sql`SELECT
        count(*) FILTER (WHERE final_decision = 'allow')::int AS published,
        count(*) FILTER (WHERE final_decision IS NULL)::int AS held,
        count(*) FILTER (WHERE final_decision = 'reject')::int AS rejected,
        (SELECT count(*)::int FROM review_items r WHERE r.author_id = ${authorId} AND r.kind = 'flag') AS flagged
      FROM moderation_checks WHERE author_id = ${authorId}`,
  );
  const recent = await db
    .select({
      id: moderationChecks.id,
      itemType: moderationChecks.itemType,
      itemId: moderationChecks.itemId,
      decision: moderationChecks.decision,
      finalDecision: moderationChecks.finalDecision,
      reasonCode: moderationChecks.reasonCode,
      createdAt: moderationChecks.createdAt,
    })
    .from(moderationChecks)
    .where(eq(moderationChecks.authorId, authorId))
    .orderBy(desc(moderationChecks.createdAt))
    .limit(10);
  return {
    memberSince: user?.createdAt.toISOString() ?? null,
    emailVerified: user?.verified != null,
    role: user?.role ?? null,
    published: counts?.published ?? 0,
    waiting: counts?.held ?? 0,
    rejected: counts?.rejected ?? 0,
    flagged: counts?.flagged ?? 0,
    recent: recent.map((check) => ({ ...check, createdAt: check.createdAt.toISOString() })),
  };
}

/** Claims an item for `actor`; a claim older than 30 minutes may be taken over. */
export async function claimReviewItem(db: Orm, actor: Actor, id: string) {
  const row = await loadRow(db, id);
  assertQueue(actor, row.queue);
  if (row.status === 'resolved') {
    throw new GuildError('review_item_resolved');
  }
  const [claimed] = await sqlRows<{ id: string }>(
    db,
    sql`UPDATE review_items SET claimed_by = ${actor.userId}, claimed_at = now()
      WHERE id = ${id} AND status = 'open'
        AND (claimed_by IS NULL OR claimed_by = ${actor.userId}
             OR claimed_at < now() - make_interval(mins => ${CLAIM_MINUTES}))
      RETURNING id`,
  );
  if (!claimed) {
    throw new GuildError('review_item_claimed', undefined, {
      claimedBy: row.claimed_by_username,
    });
  }
}

/** Releases `actor`'s claim (a senior moderator may release anyone's). */
export async function releaseReviewItem(db: Orm, actor: Actor, id: string) {
  const row = await loadRow(db, id);
  assertQueue(actor, row.queue);
  if (
    row.claimed_by &&
    row.claimed_by !== actor.userId &&
    !roleHas(actor.role, 'moderation:senior')
  ) {
    throw new GuildError('review_item_claimed', undefined, { claimedBy: row.claimed_by_username });
  }
  await db
    .update(reviewItems)
    .set({ claimedBy: null, claimedAt: null })
    .where(and(eq(reviewItems.id, id), eq(reviewItems.status, 'open')));
}

export interface DecisionRequest {
  decision: ReviewDecision;
  reason: ReviewReason;
  note?: string;
}

/**
 * Decides a content submission's item. Submissions belong to compliance/content, which sets
 * this at start-up: a moderator's decision in the shared queue then decides the submission
 * (and resolves its item) there.
 */
export type SubmissionDecider = (
  db: Orm,
  actor: Actor,
  input: { tenantId: string; submissionId: string } & DecisionRequest,
) => Promise<void>;

let submissionDecider: SubmissionDecider | null = null;

export function setSubmissionDecider(decider: SubmissionDecider): void {
  submissionDecider = decider;
}

/**
 * What a decision does to an item that lives in another domain (a product review): approving
 * publishes it, rejecting removes it. That domain registers its effect at start-up.
 */
export type ItemEffect = (
  db: Orm,
  itemId: string,
  actor: Actor,
  request: DecisionRequest,
) => Promise<{ published: boolean; withdrawn: boolean }>;

const itemEffects = new Map<ItemType, ItemEffect>();

export function setItemEffect(itemType: ItemType, effect: ItemEffect): void {
  itemEffects.set(itemType, effect);
}

/** Heads a decision teaches the model, from its reason. */
function labelsOf(request: DecisionRequest): Record<string, 0 | 1> | null {
  if (request.decision === 'approve') {
    return { toxic: 0, hate: 0, spam: 0 };
  }
  switch (request.reason) {
    case 'hate':
      return { toxic: 1, hate: 1 };
    case 'toxicity':
    case 'insult':
    case 'harassment':
    case 'threat':
    case 'sexual':
      return { toxic: 1 };
    case 'spam':
    case 'scam':
      return { spam: 1 };
    // these say nothing the model's heads learn
    case 'self_harm':
    case 'personal_data':
    case 'off_topic':
    case 'other':
    case 'not_a_violation':
    case 'allowed_in_context':
    case 'false_positive':
    case 'fixed_by_author':
      return null;
  }
}

/**
 * Decides an item. The decision lands once: the update that resolves the item is the one
 * that applies its effect, so a second click (or a second moderator) gets a clear conflict
 * and publishes nothing twice.
 */
export async function decideReviewItem(
  db: Orm,
  actor: Actor,
  id: string,
  request: DecisionRequest,
) {
  const row = await loadRow(db, id);
  assertQueue(actor, row.queue);
  const allowed: readonly string[] =
    request.decision === 'approve' ? APPROVE_REASONS : REJECT_REASONS;
  if (!allowed.includes(request.reason)) {
    throw fail.validation(
      `"${request.reason}" is not a reason to ${request.decision}; use one of ${allowed.join(', ')}.`,
      { field: 'reason' },
    );
  }
  if (row.status === 'resolved') {
    throw new GuildError('review_item_resolved');
  }
  if (row.claimed_by && row.claimed_by !== actor.userId) {
    const [stale] = await sqlRows<{ stale: boolean }>(
      db,
      sql`SELECT ${row.claimed_at}::timestamptz < now() - make_interval(mins => ${CLAIM_MINUTES}) AS stale`,
    );
    if (!stale?.stale) {
      throw new GuildError('review_item_claimed', undefined, {
        claimedBy: row.claimed_by_username,
      });
    }
  }
  if (row.item_type === 'submission' && submissionDecider) {
    const tenantId = await tenantOf(db, row.id);
    await submissionDecider(db, actor, { tenantId, submissionId: row.item_id, ...request });
    return { id, decision: request.decision, published: false, withdrawn: false };
  }
  const [resolved] = await db
    .update(reviewItems)
    .set({
      status: 'resolved',
      decision: request.decision,
      decisionReason: request.reason,
      decisionNote: request.note ?? null,
      resolvedBy: actor.userId,
      resolvedAt: new Date(),
      claimedBy: actor.userId,
      claimedAt: sql`coalesce(${reviewItems.claimedAt}, now())`,
    })
    .where(and(eq(reviewItems.id, id), eq(reviewItems.status, 'open')))
    .returning({ id: reviewItems.id });
  if (!resolved) {
    throw new GuildError('review_item_resolved');
  }

  const external = itemEffects.get(row.item_type);
  const effect = external
    ? await external(db, row.item_id, actor, request)
    : await applyDecision(db, row, request);
  const tenantId = await tenantOf(db, row.id);
  if (row.check_id && row.kind === 'held') {
    // the first final decision of a held item is this one
    await db
      .update(moderationChecks)
      .set({
        finalDecision: request.decision === 'approve' ? 'allow' : 'reject',
        decidedAt: new Date(),
        decidedBy: actor.userId,
        // what the author reads now is the moderator's decision and reason, not the hold
        ...(request.decision === 'approve'
          ? { authorMessage: null }
          : {
              reasonCode: request.reason,
              authorMessage: authorMessage(row.item_type, 'reject', request.reason, 'moderator'),
            }),
      })
      .where(eq(moderationChecks.id, row.check_id));
  } else if (row.check_id && row.kind === 'appeal') {
    // the first decision stays on record for the figures; the author reads the appeal's outcome
    await db
      .update(moderationChecks)
      .set({
        authorMessage:
          request.decision === 'approve'
            ? null
            : `A moderator looked at your appeal and kept the decision: ${authorMessage(row.item_type, 'reject', request.reason, 'moderator').replace(/ If you think.*$/, '')}`,
      })
      .where(eq(moderationChecks.id, row.check_id));
  } else if (effect.withdrawn && row.author_id) {
    // a published item taken down after a flag or an audit: a check of its own, which the
    // author reads and can appeal like any other rejection
    await recordModeratorRejection(db, tenantId, row, actor, request);
  }
  const labels = labelsOf(request);
  const text = await textOf(db, row);
  if (labels && text) {
    await db.insert(moderationLabels).values({
      tenantId,
      text,
      labels,
      source: 'decision',
      reviewItemId: row.id,
      createdBy: actor.userId,
    });
  }
  if (row.author_id && (row.kind === 'held' || row.kind === 'appeal' || effect.withdrawn)) {
    const content =
      row.item_type === 'post' || row.item_type === 'comment'
        ? await contentForReview(db, row.item_type, row.item_id)
        : null;
    await notify(db, [row.author_id], {
      tenantId,
      actorId: actor.userId,
      kind: 'moderation_decision',
      postId: content?.postId ?? null,
      commentId: row.item_type === 'comment' ? row.item_id : null,
    });
  }
  return { id, decision: request.decision, ...effect };
}

/** Records a moderator's removal of a published item as a check the author can appeal. */
async function recordModeratorRejection(
  db: Orm,
  tenantId: string,
  row: ReviewRow,
  actor: Actor,
  request: DecisionRequest,
): Promise<void> {
  const now = new Date();
  await db.insert(moderationChecks).values({
    tenantId,
    itemType: row.item_type,
    itemId: row.item_id,
    authorId: row.author_id,
    spaceId: row.space_id,
    fingerprint: '',
    scores: {},
    decision: 'reject',
    policyDecision: 'reject',
    reasonCode: request.reason,
    authorMessage: authorMessage(row.item_type, 'reject', request.reason, 'moderator'),
    modelVersion: 'moderator',
    latencyMs: 0,
    finalDecision: 'reject',
    decidedAt: now,
    decidedBy: actor.userId,
  });
}

async function tenantOf(db: Orm, reviewItemId: string): Promise<string> {
  const [row] = await db
    .select({ tenantId: reviewItems.tenantId })
    .from(reviewItems)
    .where(eq(reviewItems.id, reviewItemId));
  return row!.tenantId;
}

async function textOf(db: Orm, row: ReviewRow): Promise<string | null> {
  if (row.item_type === 'post' || row.item_type === 'comment') {
    const content = await contentForReview(db, row.item_type, row.item_id);
    return content ? [content.title, content.body].filter(Boolean).join('\n\n') : null;
  }
  return row.summary || null;
}

/** What the decision does to the content. */
async function applyDecision(
  db: Orm,
  row: ReviewRow,
  request: DecisionRequest,
): Promise<{ published: boolean; withdrawn: boolean }> {
  if (row.item_type === 'profile') {
    // a held or appealed profile change is applied when approved; a refused one is dropped
    if (request.decision === 'approve' && (row.kind === 'held' || row.kind === 'appeal')) {
      const [check] = row.check_id
        ? await db
            .select({ payload: moderationChecks.payload })
            .from(moderationChecks)
            .where(eq(moderationChecks.id, row.check_id))
        : [];
      const change = check?.payload as { displayName?: string; bio?: string } | null | undefined;
      if (change) {
        await updateProfile(db, row.item_id, change);
        return { published: true, withdrawn: false };
      }
    }
    return { published: false, withdrawn: false };
  }
  if (row.item_type !== 'post' && row.item_type !== 'comment') {
    return { published: false, withdrawn: false };
  }
  if (request.decision === 'approve') {
    // a flag approved is dismissed: the item stays as it is
    const published =
      row.kind === 'flag' ? false : await publishContent(db, row.item_type, row.item_id);
    return { published, withdrawn: false };
  }
  const withdrawn = await withdrawContent(db, row.item_type, row.item_id);
  return { published: false, withdrawn };
}

export interface BulkResult {
  id: string;
  ok: boolean;
  error?: { code: string; message: string };
  published?: boolean;
  withdrawn?: boolean;
}

/**
 * Decides many items; each in its own savepoint, so one failure (already decided, claimed by
 * someone else) is reported for that item and the others still land.
 */
export async function decideMany(
  db: Orm,
  actor: Actor,
  ids: readonly string[],
  request: DecisionRequest,
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const id of ids) {
    try {
      const outcome = await withSavepoint(db, () => decideReviewItem(db, actor, id, request));
      results.push({ id, ok: true, published: outcome.published, withdrawn: outcome.withdrawn });
    } catch (error) {
      if (!(error instanceof GuildError)) {
        throw error;
      }
      results.push({ id, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  return results;
}

/**
 * A member flags a post or comment they can see. An open flag item collects further flags;
 * once decided, the next flag opens a new one.
 */
export async function flagContent(
  db: Orm,
  actor: Actor,
  tenantId: string,
  input: { itemType: 'post' | 'comment'; itemId: string; reason: string },
) {
  const content = await contentForReview(db, input.itemType, input.itemId);
  // held and rejected items are already with the moderators, and invisible to other members:
  // flagging one answers as for anything that does not exist
  if (!content || content.deleted || content.state !== 'published') {
    throw fail.notFound('This item does not exist or was removed.');
  }
  await assertVisible(db, actor, content.postId);
  const [space] = await sqlRows<{ space_id: string }>(
    db,
    sql`SELECT space_id FROM posts WHERE id = ${content.postId}`,
  );
  const flagger = { by: actor.userId, reason: input.reason.slice(0, 500) };
  const [row] = await sqlRows<{ id: string; flag_count: number }>(
    db,
    sql`INSERT INTO review_items (tenant_id, kind, item_type, item_id, author_id, space_id,
        severity, reach, reason_code, summary, payload, flag_count, due_at)
      VALUES (${tenantId}, 'flag', ${input.itemType}, ${input.itemId}, ${content.authorId},
        ${space?.space_id ?? null}, 0.3,
        1 + log(1 + (SELECT count(*) FROM follows
          WHERE target_type = 'space' AND target_id = ${space?.space_id ?? null}::uuid)), 'flag',
        ${(content.title ?? content.body).slice(0, 280)},
        ${JSON.stringify({ reasons: [flagger.reason], flaggers: [flagger.by] })}::jsonb, 1,
        now() + interval '1 day')
      ON CONFLICT (item_type, item_id, kind) WHERE status = 'open' DO UPDATE SET
        flag_count = review_items.flag_count
          + CASE WHEN review_items.payload->'flaggers' ? ${actor.userId} THEN 0 ELSE 1 END,
        severity = least(1, review_items.severity
          + CASE WHEN review_items.payload->'flaggers' ? ${actor.userId} THEN 0 ELSE 0.1 END),
        payload = CASE WHEN review_items.payload->'flaggers' ? ${actor.userId}
          THEN review_items.payload
          ELSE jsonb_set(jsonb_set(review_items.payload, '{flaggers}',
              (review_items.payload->'flaggers') || to_jsonb(${actor.userId}::text)),
            '{reasons}', (review_items.payload->'reasons') || to_jsonb(${flagger.reason}::text))
          END
      RETURNING id, flag_count`,
  );
  return { reviewItemId: row!.id, flagCount: row!.flag_count };
}

/** Throws not_found unless `actor` may see the post (its space). */
async function assertVisible(db: Orm, actor: Actor, postId: string): Promise<void> {
  await loadVisiblePost(db, actor, postId);
}

/** The author's view of one of their checks: what was decided, why, and the appeal's state. */
export async function myCheck(db: Orm, actor: Actor, checkId: string) {
  const [check] = await db.select().from(moderationChecks).where(eq(moderationChecks.id, checkId));
  if (!check || (check.authorId !== actor.userId && !roleHas(actor.role, 'moderation:review'))) {
    throw fail.notFound('This check does not exist.');
  }
  const [appeal] = await db
    .select({ status: reviewItems.status, decision: reviewItems.decision })
    .from(reviewItems)
    .where(and(eq(reviewItems.checkId, checkId), eq(reviewItems.kind, 'appeal')));
  const state: 'held' | 'published' | 'rejected' =
    check.finalDecision === null
      ? 'held'
      : check.finalDecision === 'allow' || appeal?.decision === 'approve'
        ? 'published'
        : 'rejected';
  return {
    id: check.id,
    itemType: check.itemType,
    itemId: check.itemId,
    state,
    reasonCode: check.reasonCode,
    message: check.authorMessage,
    automatic: check.decidedBy === null,
    createdAt: check.createdAt.toISOString(),
    decidedAt: check.decidedAt?.toISOString() ?? null,
    appeal: appeal ? { status: appeal.status, decision: appeal.decision } : null,
    canAppeal: check.finalDecision === 'reject' && !appeal && check.authorId === actor.userId,
  };
}

/** The author appeals a rejection: one appeal per decision, into the queue. */
export async function appealCheck(
  db: Orm,
  actor: Actor,
  tenantId: string,
  checkId: string,
  message: string,
) {
  const [check] = await db.select().from(moderationChecks).where(eq(moderationChecks.id, checkId));
  if (!check || check.authorId !== actor.userId) {
    throw fail.notFound('This check does not exist.');
  }
  if (check.finalDecision !== 'reject') {
    throw new GuildError('not_appealable');
  }
  const [row] = await db
    .insert(reviewItems)
    .values({
      tenantId,
      kind: 'appeal',
      itemType: check.itemType,
      itemId: check.itemId,
      checkId,
      authorId: actor.userId,
      spaceId: check.spaceId,
      // an author waiting on an appeal outranks a routine hold of the same age
      severity: 1,
      reasonCode: check.reasonCode,
      summary: message.slice(0, 280),
      payload: { message: message.slice(0, 2000) },
      dueAt: new Date(Date.now() + 2 * 24 * 60 * 60_000),
    })
    .onConflictDoNothing()
    .returning({ id: reviewItems.id });
  if (!row) {
    throw new GuildError('already_appealed');
  }
  return { reviewItemId: row.id };
}
