/** Member profiles as other members see them. */
import { and, eq, sql } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import { fail } from '../core/errors/errors.js';
import type { Actor } from '../core/http/request-context.js';
import { canonicalUsername } from '../accounts/username.js';
import { users } from '../accounts/accounts.table.js';
import { presentRegion } from '../tenancy/tenancy.service.js';
import { regions } from '../tenancy/tenancy.table.js';

/** Finds an active member by username (any look-alike spelling resolves); 404 otherwise. */
export async function findMemberId(db: Orm, username: string): Promise<string> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.usernameKey, canonicalUsername(username)), eq(users.status, 'active')));
  if (!row) {
    throw fail.notFound('No member with that username.');
  }
  return row.id;
}

/** A member's public profile. */
export async function getProfile(db: Orm, actor: Actor | null, username: string) {
  const id = await findMemberId(db, username);
  const [row] = await db
    .select({
      user: users,
      region: regions,
      postCount: sql<number>`(SELECT count(*)::int FROM posts p
        WHERE p.author_id = ${users.id} AND p.deleted_at IS NULL
          AND p.moderation_state = 'published')`,
      following: actor
        ? sql<boolean>`EXISTS (SELECT 1 FROM follows f WHERE f.user_id = ${actor.userId}
            AND f.target_type = 'user' AND f.target_id = ${users.id})`
        : sql<boolean>`false`,
    })
    .from(users)
    .leftJoin(regions, eq(regions.id, users.regionId))
    .where(eq(users.id, id));
  const { user, region } = row!;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    bio: user.bio,
    role: user.role,
    region: presentRegion(region),
    createdAt: user.createdAt.toISOString(),
    postCount: row!.postCount,
    following: row!.following,
  };
}
