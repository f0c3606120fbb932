/**
 * Who may see a space, and therefore its posts and comments. A space is visible when it is
 * public, when the member belongs to it, when one of the member's segments is among the
 * space's segments, or when the member is staff. Anything invisible answers 404, exactly
 * like something that does not exist.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { roleHas } from '../core/http/access.js';
import type { Actor } from '../core/http/request-context.js';
import { fail } from '../core/errors/errors.js';
import { spaces } from './community.table.js';

/** A SQL condition on `spaces` that holds for the spaces `actor` may see. */
export function visibleSpaces(actor: Actor | null): SQL {
  if (actor && roleHas(actor.role, 'community:moderate')) {
    return sql`true`;
  }
  if (!actor) {
    return sql`${spaces.visibility} = 'public'`;
  }
  return sql`(${spaces.visibility} = 'public'
    OR EXISTS (SELECT 1 FROM space_members m
                WHERE m.space_id = ${spaces.id} AND m.user_id = ${actor.userId})
    OR EXISTS (SELECT 1 FROM user_segments us JOIN segments sg ON sg.id = us.segment_id
                WHERE us.user_id = ${actor.userId} AND sg.key = ANY(${spaces.segmentKeys})))`;
}

/** True when `actor` may change content written by `authorId`. */
export function canChange(actor: Actor | null, authorId: string): boolean {
  return actor !== null && (actor.userId === authorId || roleHas(actor.role, 'community:moderate'));
}

/** Throws not_found unless `actor` may change content written by `authorId`. */
export function assertCanChange(actor: Actor | null, authorId: string): void {
  if (!canChange(actor, authorId)) {
    // Same answer as for something that does not exist: no hint that it does.
    throw fail.notFound();
  }
}

/**
 * A SQL condition on a post or comment table that holds when `actor` may see the row given
 * its moderation state: published rows for everyone; held and rejected rows only for their
 * author and for moderators.
 */
export function shownContent(
  table: { moderationState: AnyColumn; authorId: AnyColumn },
  actor: Actor | null,
): SQL {
  if (actor && roleHas(actor.role, 'community:moderate')) {
    return sql`true`;
  }
  if (!actor) {
    return sql`${table.moderationState} = 'published'`;
  }
  return sql`(${table.moderationState} = 'published' OR ${table.authorId} = ${actor.userId})`;
}
