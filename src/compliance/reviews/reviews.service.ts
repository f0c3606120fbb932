/**
 * Product reviews written by members, under the review rules of COMPLIANCE.md section 3:
 *
 * - REV-01: points for a review come from the rules engine's `review` event, which never sees
 *   the rating (rules may not depend on it), so a 1-star review earns what a 5-star one does.
 * - REV-02 / REV-03: a review carries a label when it earned points ("Received 20 points for
 *   reviewing") and when its author is an insider (an employee, a staff account, or someone in
 *   an employee's household), as the tie stood when it was written.
 * - REV-04: the gate moderates the text as it moderates any post, without the rating; removal
 *   takes a content-neutral reason (the moderation reasons: abuse, spam, personal data, off
 *   topic…), and the removal rate by star rating is reported, with a warning when it differs.
 * - REV-05: one review per member and product; written in person (a session), never through
 *   an API token or a script.
 * - REV-06: the hub's title says who runs it and never claims independence.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { recordActivity, withdrawActivity } from '../../gamification/activity.js';
import type { ModerationGate } from '../../moderation/gate.js';
import { REJECT_REASONS } from '../../moderation/review.service.js';
import { checkIndependenceClaim, reviewLabels } from '../brand-rules.js';

export type ReviewStatus = 'published' | 'held' | 'removed';
export type InsiderTie = 'employee' | 'staff' | 'household';

/** Reasons a review may be removed for: the moderation reasons, none of them about opinion. */
export const REVIEW_REMOVAL_REASONS = REJECT_REASONS;
/** Below this many reviews of a star rating, its removal rate is shown but not compared. */
export const MIN_REVIEWS_TO_COMPARE = 20;
/** Removal rates further apart than this factor are flagged (REV-04: "similar rates"). */
export const DISPARITY_LIMIT = 2;

const INSIDER_WORDS: Record<InsiderTie, string> = {
  employee: 'a store employee',
  staff: 'a member of staff',
  household: "someone in a store employee's household",
};

export interface Review {
  id: string;
  authorId: string | null;
  authorName: string;
  productSku: string;
  rating: number;
  title: string;
  body: string;
  status: ReviewStatus;
  insider: InsiderTie | null;
  removalReason: string | null;
  createdAt: Date;
  /** Points the author received for this review (REV-02). */
  pointsReceived: number;
  /** The labels shown with it (REV-02, REV-03). */
  labels: { ruleId: string; label: string }[];
}

interface ReviewRow {
  id: string;
  author_id: string | null;
  author_name: string | null;
  product_sku: string;
  rating: number;
  title: string;
  body: string;
  status: ReviewStatus;
  insider: InsiderTie | null;
  removal_reason: string | null;
  created_at: Date | string;
  points: number | string | null;
}

const SELECT = sql`select r.id, r.author_id, u.display_name as author_name, r.product_sku,
    r.rating, r.title, r.body, r.status, r.insider, r.removal_reason, r.created_at,
    (select coalesce(sum(e.amount), 0) from ledger_entries e
      where e.user_id = r.author_id and e.source_ref = 'review:' || r.id::text) as points
  from reviews r left join users u on u.id = r.author_id`;

function present(row: ReviewRow): Review {
  const points = Number(row.points ?? 0);
  return {
    id: row.id,
    authorId: row.author_id,
    authorName: row.author_name ?? 'Former member',
    productSku: row.product_sku,
    rating: row.rating,
    title: row.title,
    body: row.body,
    status: row.status,
    insider: row.insider,
    removalReason: row.removal_reason,
    createdAt: new Date(row.created_at),
    pointsReceived: points,
    labels: reviewLabels({
      incentivised: points > 0,
      incentive: `${points} points`,
      insider: row.insider !== null,
      relationship: row.insider ? INSIDER_WORDS[row.insider] : undefined,
    }),
  };
}

export async function getReview(tx: Orm, id: string): Promise<Review> {
  const [row] = await sqlRows<ReviewRow>(tx, sql`${SELECT} where r.id = ${id}`);
  if (!row) {
    throw fail.notFound('No such review.');
  }
  return present(row);
}

/** The insider tie of an author, if any: staff role, employee, or an employee's household. */
async function insiderTie(tx: Orm, userId: string): Promise<InsiderTie | null> {
  const [row] = await sqlRows<{ employee: boolean; staff: boolean; household: boolean }>(
    tx,
    sql`select u.employee, u.role in ('moderator', 'manager', 'admin') as staff,
          (u.household_key is not null and exists (
             select 1 from users o where o.household_key = u.household_key and o.id <> u.id
               and o.employee)) as household
        from users u where u.id = ${userId}`,
  );
  if (!row) {
    return null;
  }
  return row.employee ? 'employee' : row.staff ? 'staff' : row.household ? 'household' : null;
}

async function published(tx: Orm, tenantId: string, id: string): Promise<void> {
  const [row] = await sqlRows<{ author_id: string | null; created_at: Date; product_sku: string }>(
    tx,
    sql`select author_id, created_at, product_sku from reviews where id = ${id}`,
  );
  if (row?.author_id) {
    // The rating is never passed on: nothing downstream can score by it (REV-01).
    await recordActivity(tx, tenantId, {
      kind: 'review',
      userId: row.author_id,
      actorId: null,
      causeKey: `review:${id}`,
      occurredAt: new Date(row.created_at),
      properties: { productSku: row.product_sku },
    });
  }
}

export interface NewReview {
  productSku: string;
  rating: number;
  title: string;
  body: string;
}

/** Writes a member's review through the moderation gate; returns it as stored. */
export async function writeReview(
  tx: Orm,
  gate: ModerationGate,
  tenantId: string,
  authorId: string,
  input: NewReview,
): Promise<Review> {
  const [existing] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from reviews where author_id = ${authorId} and product_sku = ${input.productSku}`,
  );
  if (existing) {
    throw fail.conflict('You reviewed this product already; one review per product.', {
      reviewId: existing.id,
    });
  }
  const [id] = await sqlRows<{ id: string }>(tx, sql`select gen_random_uuid() as id`);
  const reviewId = id!.id;
  // The gate reads the words only: a rating never holds or removes a review (REV-04).
  const verdict = await gate.check(tx, tenantId, {
    itemType: 'review',
    itemId: reviewId,
    authorId,
    spaceId: null,
    text: `${input.title}\n\n${input.body}`,
    summary: input.title || input.body.slice(0, 120),
  });
  const status: ReviewStatus =
    verdict.state === 'published' ? 'published' : verdict.state === 'held' ? 'held' : 'removed';
  await tx.execute(
    sql`insert into reviews (id, tenant_id, author_id, product_sku, rating, title, body, status,
          insider, check_id, removal_reason, removed_at)
        values (${reviewId}, ${tenantId}, ${authorId}, ${input.productSku}, ${input.rating},
          ${input.title}, ${input.body}, ${status}, ${await insiderTie(tx, authorId)},
          ${verdict.checkId}, ${status === 'removed' ? verdict.reasonCode : null},
          ${status === 'removed' ? sql`now()` : null})`,
  );
  if (status === 'published') {
    await published(tx, tenantId, reviewId);
  }
  return getReview(tx, reviewId);
}

/**
 * A moderator's decision on a held review, or a removal of a published one: approve publishes,
 * reject removes with the (content-neutral) reason. Returns what changed.
 */
export async function decideReview(
  tx: Orm,
  tenantId: string,
  id: string,
  decision: { approve: boolean; reason: string; by: string },
): Promise<{ published: boolean; withdrawn: boolean }> {
  if (
    !decision.approve &&
    !(REVIEW_REMOVAL_REASONS as readonly string[]).includes(decision.reason)
  ) {
    throw fail.validation(
      `A review is removed only for what it says, never for its rating or opinion; use one of ` +
        `${REVIEW_REMOVAL_REASONS.join(', ')}.`,
      { field: 'reason' },
    );
  }
  const [row] = await sqlRows<{ status: ReviewStatus }>(
    tx,
    sql`select status from reviews where id = ${id} for update`,
  );
  if (!row) {
    throw fail.notFound('No such review.');
  }
  if (decision.approve) {
    if (row.status !== 'held') {
      return { published: false, withdrawn: false };
    }
    await tx.execute(sql`update reviews set status = 'published' where id = ${id}`);
    await published(tx, tenantId, id);
    return { published: true, withdrawn: false };
  }
  if (row.status === 'removed') {
    throw new GuildError('conflict', 'This review was removed already.');
  }
  await tx.execute(
    sql`update reviews set status = 'removed', removal_reason = ${decision.reason},
          removed_by = ${decision.by}, removed_at = now()
        where id = ${id}`,
  );
  await withdrawActivity(tx, tenantId, `review:${id}`, `review removed: ${decision.reason}`);
  return { published: false, withdrawn: row.status === 'published' };
}

export interface ReviewPage {
  hubTitle: string;
  items: Review[];
  averageRating: number | null;
  count: number;
}

/** A product's published reviews, newest first, with the hub's title. */
export async function productReviews(tx: Orm, sku: string, limit: number): Promise<ReviewPage> {
  const rows = await sqlRows<ReviewRow>(
    tx,
    sql`${SELECT} where r.product_sku = ${sku} and r.status = 'published'
        order by r.created_at desc, r.id desc limit ${limit}`,
  );
  const [stats] = await sqlRows<{ n: number | string; avg: number | string | null }>(
    tx,
    sql`select count(*) as n, avg(rating) as avg from reviews
        where product_sku = ${sku} and status = 'published'`,
  );
  return {
    hubTitle: await hubTitle(tx),
    items: rows.map(present),
    averageRating: stats?.avg === null || stats?.avg === undefined ? null : Number(stats.avg),
    count: Number(stats?.n ?? 0),
  };
}

export async function hubTitle(tx: Orm): Promise<string> {
  const [row] = await sqlRows<{ hub_title: string | null; brand: string }>(
    tx,
    sql`select s.hub_title, t.name as brand from tenants t
        left join review_settings s on s.tenant_id = t.id
        where t.id = guild_current_tenant()`,
  );
  const brand = row?.brand ?? 'the retailer';
  return row?.hub_title ?? `Reviews from ${brand} customers, hosted by ${brand}`;
}

/** Sets the hub's title; refuses one that claims independence (REV-06). */
export async function setHubTitle(tx: Orm, tenantId: string, title: string, by: string) {
  const findings = checkIndependenceClaim(title, true);
  if (findings.length > 0) {
    throw fail.validation(
      'A review hub the retailer runs cannot call itself independent (REV-06); say who hosts it.',
      { field: 'hubTitle', spans: findings.flatMap((finding) => finding.spans) },
    );
  }
  await tx.execute(
    sql`insert into review_settings (tenant_id, hub_title, updated_by)
        values (${tenantId}, ${title}, ${by})
        on conflict (tenant_id) do update set hub_title = excluded.hub_title,
          updated_by = excluded.updated_by, updated_at = date_trunc('milliseconds', now())`,
  );
}

export interface RemovalRates {
  byRating: {
    rating: number;
    reviews: number;
    removed: number;
    held: number;
    rate: number | null;
    byReason: Record<string, number>;
  }[];
  /** The highest rate over the lowest, among ratings with enough reviews to compare. */
  disparity: number | null;
  /** True when the rates differ by more than DISPARITY_LIMIT (REV-04 asks for similar rates). */
  warning: boolean;
}

/** REV-04: how often reviews of each star rating were removed, and why, in a period. */
export async function removalRates(tx: Orm, from: Date, to: Date): Promise<RemovalRates> {
  const rows = await sqlRows<{
    rating: number;
    status: ReviewStatus;
    reason: string | null;
    n: number | string;
  }>(
    tx,
    sql`select rating, status, removal_reason as reason, count(*) as n from reviews
        where created_at >= ${from} and created_at < ${to}
        group by rating, status, removal_reason`,
  );
  const byRating = [1, 2, 3, 4, 5].map((rating) => {
    const mine = rows.filter((row) => row.rating === rating);
    const count = (status: ReviewStatus) =>
      mine.filter((row) => row.status === status).reduce((sum, row) => sum + Number(row.n), 0);
    const reviews = mine.reduce((sum, row) => sum + Number(row.n), 0);
    const removed = count('removed');
    const byReason: Record<string, number> = {};
    for (const row of mine.filter((r) => r.status === 'removed')) {
      const reason = row.reason ?? 'unknown';
      byReason[reason] = (byReason[reason] ?? 0) + Number(row.n);
    }
    return {
      rating,
      reviews,
      removed,
      held: count('held'),
      rate: reviews === 0 ? null : removed / reviews,
      byReason,
    };
  });
  const comparable = byRating.filter((row) => row.reviews >= MIN_REVIEWS_TO_COMPARE);
  let disparity: number | null = null;
  if (comparable.length >= 2) {
    const rates = comparable.map((row) => row.rate ?? 0);
    const high = Math.max(...rates);
    const low = Math.min(...rates);
    disparity = high === 0 ? 1 : low === 0 ? Number.POSITIVE_INFINITY : high / low;
  }
  return {
    byRating,
    disparity: disparity === Number.POSITIVE_INFINITY ? null : disparity,
    warning: disparity !== null && disparity > DISPARITY_LIMIT,
  };
}
