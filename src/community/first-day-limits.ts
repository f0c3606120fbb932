/**
 * What an account may write on its first day (SECURITY.md S23), as Discourse's defaults for a
 * new user: a few posts (topics), a few more comments (replies), and no more than a few
 * comments in a row on one post before someone else answers there. Staff are not limited.
 * Posts and comments count once written, whatever became of them (held, rejected or deleted),
 * so deleting and writing again gains nothing. A refusal is `rate_limited` with the seconds
 * until the account's first day ends, which the route sends as Retry-After.
 *
 * The check takes a per-member transaction lock first, so requests sent at once are counted
 * one after another and the limit holds under a flood.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';
import { GuildError } from '../core/errors/errors.js';
import { roleHas } from '../core/http/access.js';
import type { Actor } from '../core/http/request-context.js';

export interface FirstDayLimits {
  readonly topicsFirstDay: number;
  readonly repliesFirstDay: number;
  readonly repliesPerTopic: number;
}

/** Discourse's defaults, used when the caller passes none. */
export const DEFAULT_FIRST_DAY_LIMITS: FirstDayLimits = {
  topicsFirstDay: 3,
  repliesFirstDay: 10,
  repliesPerTopic: 3,
};

const DAY_SECONDS = 24 * 60 * 60;

/** A refusal: the error to throw and the seconds to send as Retry-After. */
export class FirstDayLimitReached extends GuildError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    limit: string,
  ) {
    super('rate_limited', message, { limit, retryAfterSeconds });
  }
}

/** Seconds left of the actor's first day, or null when it is over (or the actor is staff). */
async function firstDayLeft(tx: Orm, actor: Actor): Promise<number | null> {
  if (roleHas(actor.role, 'community:moderate')) {
    return null;
  }
  const [row] = await sqlRows<{ left: string | number | null }>(
    tx,
    sql`select ceil(extract(epoch from (created_at + interval '1 day' - now()))) as left
          from users where id = ${actor.userId}`,
  );
  const left = row?.left === null || row?.left === undefined ? 0 : Number(row.left);
  if (left <= 0 || left > DAY_SECONDS) {
    return null;
  }
  // Requests of one member are counted one after another (see the file's comment).
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`first-day\u001f${actor.userId}`}, 0))`,
  );
  return left;
}

async function count(tx: Orm, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await sqlRows<{ n: string | number }>(tx, query);
  return Number(row?.n ?? 0);
}

/** Throws `rate_limited` when a first-day account has started as many posts as it may. */
export async function assertMayStartTopic(
  tx: Orm,
  actor: Actor,
  limits: FirstDayLimits = DEFAULT_FIRST_DAY_LIMITS,
): Promise<void> {
  const left = await firstDayLeft(tx, actor);
  if (left === null) {
    return;
  }
  const started = await count(
    tx,
    sql`select count(*) as n from posts where author_id = ${actor.userId}`,
  );
  if (started >= limits.topicsFirstDay) {
    throw new FirstDayLimitReached(
      `New accounts can start ${limits.topicsFirstDay} posts on their first day; try again later.`,
      left,
      'topics_first_day',
    );
  }
}

/**
 * Throws `rate_limited` when a first-day account has written as many comments as it may, or
 * as many in a row on this post as it may before someone else comments there.
 */
export async function assertMayReply(
  tx: Orm,
  actor: Actor,
  postId: string,
  limits: FirstDayLimits = DEFAULT_FIRST_DAY_LIMITS,
): Promise<void> {
  const left = await firstDayLeft(tx, actor);
  if (left === null) {
    return;
  }
  const written = await count(
    tx,
    sql`select count(*) as n from comments where author_id = ${actor.userId}`,
  );
  if (written >= limits.repliesFirstDay) {
    throw new FirstDayLimitReached(
      `New accounts can write ${limits.repliesFirstDay} comments on their first day; try again later.`,
      left,
      'replies_first_day',
    );
  }
  const inARow = await count(
    tx,
    sql`select count(*) as n from comments mine
         where mine.post_id = ${postId} and mine.author_id = ${actor.userId}
           and mine.created_at > coalesce(
             (select max(other.created_at) from comments other
               where other.post_id = ${postId} and other.author_id <> ${actor.userId}
                 and other.deleted_at is null),
             '-infinity'::timestamptz)`,
  );
  if (inARow >= limits.repliesPerTopic) {
    throw new FirstDayLimitReached(
      `New accounts can write ${limits.repliesPerTopic} comments in a row on one post until someone else answers.`,
      left,
      'replies_per_topic',
    );
  }
}
