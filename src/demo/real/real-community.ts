/**
 * The real-data demo's community: members made from imported customers (joined in 2011, after
 * a first purchase), linked to their customer records by the identity service, and the
 * clothing reviews posted, commented on and reacted to through the community services, so each
 * item passes the moderation gate and earns what the rules say.
 *
 * Back-dating: the services stamp the present. Right after each item is written, in the same
 * transaction, its rows are moved to the day it is meant to have happened (the item, its
 * moderation check and review item, its activity event, awards and achievement row), so the
 * gate's velocity and duplicate rules see the community's own rhythm and not the load's. The
 * ledger's entries are dated afterwards by the owner, as the synthetic demo does, and the
 * analytics rollups are rebuilt at the end.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Database, type Orm } from '../../core/db/database.js';
import type { Actor } from '../../core/http/request-context.js';
import { users } from '../../accounts/accounts.table.js';
import { canonicalUsername } from '../../accounts/username.js';
import { createComment } from '../../community/comments.service.js';
import { createPost } from '../../community/posts.service.js';
import { setReaction } from '../../community/reactions.service.js';
import type { ReactionKind } from '../../community/community.table.js';
import type { ModerationGate } from '../../moderation/gate.js';
import { linkExplicitly } from '../../integrations/identity/identity.service.js';
import { changeConsent } from '../../privacy/consents.service.js';
import { draw, regionOfCountry, type Review } from './real-data.js';

const DAY = 86_400_000;
/** Members join between these days (UTC), after their first purchase. */
export const JOIN_FROM = Date.UTC(2011, 1, 1);
export const JOIN_TO = Date.UTC(2011, 9, 31);
/** The last day of the orders file: community activity stops there. */
export const DATA_END = Date.UTC(2011, 11, 9);

export interface RealMember {
  id: string;
  username: string;
  customerId: string;
  joinedAt: Date;
  region: 'UK' | 'EU' | 'ROW';
}

interface CustomerHistory {
  id: string;
  external_id: string;
  country: string | null;
  first_at: string | Date;
  sales: { at: string; value: number }[] | string;
}

/** Progress lines for long steps. */
export type Progress = (done: number, total: number) => void;

/**
 * Picks `count` customers by a hash of their CustomerID, joins each on a day drawn between
 * their first purchase and the end of October 2011, and writes them as members (no password:
 * like imported customers who never signed in), with region, segments and consents.
 */
export async function writeMembers(
  db: Database,
  tenantId: string,
  count: number,
): Promise<RealMember[]> {
  return db.tenant(tenantId, async (tx) => {
    const customers = await sqlRows<CustomerHistory>(
      tx,
      sql`select c.id, c.external_id,
            (select o.country from orders o where o.customer_id = c.id and o.country is not null
              order by o.placed_at limit 1) as country,
            (select min(o.placed_at) from orders o where o.customer_id = c.id
              and o.kind = 'sale') as first_at,
            (select coalesce(json_agg(json_build_object('at', o.placed_at,
                      'value', coalesce(o.total_minor, 0)) order by o.placed_at), '[]'::json)
               from orders o where o.customer_id = c.id and o.kind = 'sale'
                and o.cancelled_at is null) as sales
          from customers c order by c.external_id`,
    );
    const eligible = customers
      .filter((c) => c.first_at !== null && new Date(c.first_at).getTime() < JOIN_TO - 7 * DAY)
      .sort(
        (a, b) =>
          draw(a.external_id, 'member') - draw(b.external_id, 'member') || (a.id < b.id ? -1 : 1),
      )
      .slice(0, count);
    const regionIds = new Map(
      (await sqlRows<{ id: string; code: string }>(tx, sql`select id, code from regions`)).map(
        (r) => [r.code, r.id],
      ),
    );
    const segmentIds = new Map(
      (await sqlRows<{ id: string; key: string }>(tx, sql`select id, key from segments`)).map(
        (s) => [s.key, s.id],
      ),
    );
    const members: RealMember[] = [];
    for (const customer of eligible) {
      const first = Math.max(new Date(customer.first_at).getTime() + DAY, JOIN_FROM);
      const joinedAt = new Date(first + draw(customer.external_id, 'joined') * (JOIN_TO - first));
      const region = regionOfCountry(customer.country);
      const username = `member-${customer.external_id.replace(/[^0-9A-Za-z]/g, '')}`;
      const [row] = await tx
        .insert(users)
        .values({
          tenantId,
          email: `${username}@customers.uk-gifts.example`,
          username,
          usernameKey: canonicalUsername(username),
          displayName: `Customer ${customer.external_id}`,
          bio: `Customer since ${monthName(new Date(customer.first_at))}, shopping from ${customer.country ?? 'abroad'}.`,
          role: 'member',
          locale: 'en-GB',
          regionId: regionIds.get(region) ?? null,
          emailVerifiedAt: joinedAt,
          createdAt: joinedAt,
          updatedAt: joinedAt,
        })
        .returning({ id: users.id });
      const sales = (
        typeof customer.sales === 'string' ? JSON.parse(customer.sales) : customer.sales
      ) as { at: string; value: number }[];
      const before = sales.filter((s) => new Date(s.at).getTime() < joinedAt.getTime());
      const spent = before.reduce((sum, s) => sum + Number(s.value), 0);
      const keys = [before.length >= 5 ? 'frequent' : 'occasional'];
      if (spent >= 200_000) {
        keys.push('high-value');
      }
      for (const key of keys) {
        await tx.execute(sql`insert into user_segments (tenant_id, user_id, segment_id)
          values (${tenantId}, ${row!.id}, ${segmentIds.get(key)!})`);
      }
      // Consents as members give them when joining: scoring by most, marketing e-mail by fewer.
      for (const [purpose, share] of [
        ['ambassador_scoring', 0.75],
        ['marketing_email', 0.6],
      ] as const) {
        if (draw(customer.external_id, purpose) < share) {
          await changeConsent(
            tx,
            tenantId,
            { userId: row!.id, purpose, granted: true, channel: 'web', method: 'checkbox' },
            new Date(joinedAt.getTime() + 60_000),
          );
        }
      }
      members.push({ id: row!.id, username, customerId: customer.id, joinedAt, region });
    }
    return members;
  });
}

function monthName(at: Date): string {
  return at.toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Joins each member to their customer record with the identity service (an admin's link). */
export async function linkMembers(
  db: Database,
  tenantId: string,
  members: RealMember[],
  adminId: string,
): Promise<number> {
  let linked = 0;
  for (let i = 0; i < members.length; i += 200) {
    await db.tenant(tenantId, async (tx) => {
      for (const member of members.slice(i, i + 200)) {
        // The service finds the member by username key; pass the key itself (see DEMO-REAL.md).
        const { link } = await linkExplicitly(
          tx,
          tenantId,
          member.customerId,
          canonicalUsername(member.username),
          { userId: adminId },
        );
        await tx.execute(
          sql`update member_customer_links set linked_at = ${member.joinedAt.toISOString()}
               where id = ${link.linkId}`,
        );
        linked += 1;
      }
    });
  }
  return linked;
}

export interface CommunityCounts {
  posts: { total: number; published: number; held: number; rejected: number };
  comments: { total: number; published: number; held: number; rejected: number };
  reactions: number;
}

function actorOf(member: RealMember): Actor {
  return {
    userId: member.id,
    role: 'member',
    username: member.username,
    displayName: member.username,
    locale: 'en-GB',
  };
}

/** Moves one item's rows to `at` (see the header). */
async function backdate(tx: Orm, causeKey: string, itemId: string | null, at: Date) {
  const when = at.toISOString();
  if (itemId !== null) {
    await tx.execute(sql`update moderation_checks set created_at = ${when},
        decided_at = case when decided_at is null then null else ${when}::timestamptz end
      where item_id = ${itemId}`);
    await tx.execute(sql`update review_items set created_at = ${when},
        due_at = ${when}::timestamptz + (due_at - created_at)
      where item_id = ${itemId}`);
  }
  await tx.execute(sql`with moved as (
      update activity_events e set occurred_at = ${when},
          local_day = (${when}::timestamptz at time zone coalesce(g.timezone, 'UTC'))::date
        from users u left join regions g on g.id = u.region_id
       where e.cause_key = ${causeKey} and u.id = e.user_id
      returning e.id, e.local_day)
    update activity_awards a set occurred_at = ${when}, local_day = m.local_day
      from moved m where a.event_id = m.id`);
  await tx.execute(sql`update member_activity m set occurred_at = ${when},
      local_day = (${when}::timestamptz at time zone coalesce(g.timezone, 'UTC'))::date
    from users u left join regions g on g.id = u.region_id
   where m.cause_key = ${causeKey} and u.id = m.user_id`);
}

const REACTIONS: ReactionKind[] = ['like', 'like', 'like', 'helpful', 'love'] as ReactionKind[];

/** The first sentence or two of a review, as a reply. */
function replyText(review: Review): string {
  const sentences = review.text.match(/[^.!?]+[.!?]*/g) ?? [review.text];
  let text = '';
  for (const sentence of sentences) {
    if (text.length > 0 && text.length + sentence.length > 240) {
      break;
    }
    text += sentence;
  }
  return text.trim() || review.text.slice(0, 240);
}

/**
 * Posts `postCount` reviews (drawn by their row) by members, each dated between its author's
 * joining and the end of the data; other members comment (with lines of other reviews of the
 * same product class) and react. Returns the counts by moderation outcome.
 */
export async function writeConversations(
  db: Database,
  tenantId: string,
  members: RealMember[],
  reviews: Review[],
  postCount: number,
  gate: ModerationGate,
  spaceOf: (review: Review) => { id: string; slug: string; name: string },
  progress: Progress,
): Promise<CommunityCounts> {
  const ordered = [...reviews].sort(
    (a, b) => draw(String(a.row), 'review') - draw(String(b.row), 'review') || a.row - b.row,
  );
  const chosen = ordered.slice(0, postCount);
  const replies = ordered.slice(postCount);
  const repliesByClass = new Map<string, Review[]>();
  for (const review of replies) {
    const list = repliesByClass.get(review.className) ?? [];
    list.push(review);
    repliesByClass.set(review.className, list);
  }
  const planned = chosen
    .map((review) => {
      const author = members[Math.floor(draw(String(review.row), 'author') * members.length)]!;
      const from = author.joinedAt.getTime() + DAY;
      const at = new Date(from + draw(String(review.row), 'posted') * (DATA_END - 14 * DAY - from));
      return { review, author, at };
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.review.row - b.review.row);

  const counts: CommunityCounts = {
    posts: { total: 0, published: 0, held: 0, rejected: 0 },
    comments: { total: 0, published: 0, held: 0, rejected: 0 },
    reactions: 0,
  };
  const tally = (bucket: CommunityCounts['posts'], state: string) => {
    bucket.total += 1;
    if (state === 'published') {
      bucket.published += 1;
    } else if (state === 'held') {
      bucket.held += 1;
    } else {
      bucket.rejected += 1;
    }
  };

  const BATCH = 50;
  for (let i = 0; i < planned.length; i += BATCH) {
    await db.tenant(tenantId, async (tx) => {
      for (const { review, author, at } of planned.slice(i, i + BATCH)) {
        const key = String(review.row);
        const title =
          review.title.length >= 3
            ? review.title
            : `${review.className || 'Review'}: ${review.rating} stars`;
        const post = await createPost(
          tx,
          actorOf(author),
          tenantId,
          spaceOf(review),
          { title, body: review.text, tags: [review.className].filter((t) => t !== '') },
          gate,
        );
        await tx.execute(
          sql`update posts set created_at = ${at.toISOString()}, updated_at = ${at.toISOString()}
               where id = ${post.id}`,
        );
        await backdate(tx, `post:${post.id}`, post.id, at);
        const state = post.moderation?.state ?? 'published';
        tally(counts.posts, state);
        if (state !== 'published') {
          continue;
        }
        // Others who had joined by then answer within a fortnight, and react.
        const others = (salt: string, n: number) => {
          const picked: RealMember[] = [];
          for (let k = 0; k < n * 4 && picked.length < n; k += 1) {
            const m = members[Math.floor(draw(`${key}:${k}`, salt) * members.length)]!;
            if (m.id !== author.id && m.joinedAt < at && !picked.includes(m)) {
              picked.push(m);
            }
          }
          return picked;
        };
        const pool = repliesByClass.get(review.className) ?? replies;
        const commenters = others('commenter', Math.floor(draw(key, 'comments') * 4));
        for (const [n, commenter] of commenters.entries()) {
          const source = pool[Math.floor(draw(`${key}:${n}`, 'reply') * pool.length)];
          if (source === undefined) {
            break;
          }
          const when = new Date(at.getTime() + (n + 1) * draw(`${key}:${n}`, 'later') * 3 * DAY);
          const comment = await createComment(
            tx,
            actorOf(commenter),
            post.id,
            { body: replyText(source) },
            gate,
          );
          await tx.execute(
            sql`update comments set created_at = ${when.toISOString()},
                  updated_at = ${when.toISOString()} where id = ${comment.id}`,
          );
          await backdate(tx, `comment:${comment.id}`, comment.id, when);
          tally(counts.comments, comment.moderationState);
        }
        for (const [n, reactor] of others(
          'reactor',
          Math.floor(draw(key, 'reactions') * 6),
        ).entries()) {
          const kind = REACTIONS[Math.floor(draw(`${key}:${n}`, 'kind') * REACTIONS.length)]!;
          const when = new Date(at.getTime() + (n + 1) * draw(`${key}:${n}`, 'seen') * 2 * DAY);
          await setReaction(tx, actorOf(reactor), { type: 'post', id: post.id, kind, on: true });
          await tx.execute(
            sql`update reactions set created_at = ${when.toISOString()}
                 where target_id = ${post.id} and user_id = ${reactor.id} and kind = ${kind}`,
          );
          await backdate(tx, `reaction:post:${post.id}:${reactor.id}:${kind}`, null, when);
          counts.reactions += 1;
        }
      }
    });
    progress(Math.min(i + BATCH, planned.length), planned.length);
  }
  return counts;
}

/** The members' region codes, for the summary. */
export function regionCounts(members: RealMember[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of members) {
    out[m.region] = (out[m.region] ?? 0) + 1;
  }
  return out;
}
