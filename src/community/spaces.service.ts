/** Spaces: the rooms of the community, by topic, region, store or segment. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Orm } from '../core/db/database.js';
import { uniqueViolation } from '../core/db/db-errors.js';
import { GuildError, fail } from '../core/errors/errors.js';
import type { Actor } from '../core/http/request-context.js';
import { regions } from '../tenancy/tenancy.table.js';
import { visibleSpaces } from './access.js';
import type { SPACE_KINDS, SPACE_VISIBILITIES } from './community.table.js';
import { follows, spaces } from './community.table.js';

export interface SpaceInput {
  slug: string;
  name: string;
  description?: string;
  visibility: (typeof SPACE_VISIBILITIES)[number];
  kind: (typeof SPACE_KINDS)[number];
  regionCode?: string;
  segments?: string[];
}

function followingExpression(actor: Actor | null) {
  return actor
    ? sql<boolean>`EXISTS (SELECT 1 FROM follows f WHERE f.user_id = ${actor.userId}
        AND f.target_type = 'space' AND f.target_id = ${spaces.id})`
    : sql<boolean>`false`;
}

const spaceColumns = (actor: Actor | null) => ({
  id: spaces.id,
  slug: spaces.slug,
  name: spaces.name,
  description: spaces.description,
  visibility: spaces.visibility,
  kind: spaces.kind,
  segments: spaces.segmentKeys,
  postCount: spaces.postCount,
  following: followingExpression(actor),
  regionCode: regions.code,
  regionName: regions.name,
  regionCurrency: regions.currency,
  regionLocale: regions.locale,
  regionTimezone: regions.timezone,
});

type SpaceRow = Awaited<ReturnType<typeof selectSpaces>>[number];

function selectSpaces(db: Orm, actor: Actor | null, slug?: string) {
  return db
    .select(spaceColumns(actor))
    .from(spaces)
    .leftJoin(regions, eq(regions.id, spaces.regionId))
    .where(
      and(
        visibleSpaces(actor),
        sql`${spaces.archivedAt} IS NULL`,
        slug === undefined ? undefined : eq(spaces.slug, slug),
      ),
    )
    .orderBy(asc(spaces.kind), asc(spaces.name));
}

function present(row: SpaceRow) {
  const { regionCode, regionName, regionCurrency, regionLocale, regionTimezone, ...space } = row;
  return {
    ...space,
    region:
      regionCode === null
        ? null
        : {
            code: regionCode,
            name: regionName!,
            currency: regionCurrency!,
            locale: regionLocale!,
            timezone: regionTimezone!,
          },
  };
}

/** Every space the actor may see. */
export async function listSpaces(db: Orm, actor: Actor | null) {
  return (await selectSpaces(db, actor)).map(present);
}

/** One space by slug, if the actor may see it; 404 otherwise. */
export async function getSpace(db: Orm, actor: Actor | null, slug: string) {
  const [row] = await selectSpaces(db, actor, slug);
  if (!row) {
    throw fail.notFound('This space does not exist.');
  }
  return present(row);
}

/** Creates a space; returns it. */
export async function createSpace(db: Orm, actor: Actor, tenantId: string, input: SpaceInput) {
  let regionId: string | null = null;
  if (input.regionCode !== undefined) {
    const [region] = await db
      .select({ id: regions.id })
      .from(regions)
      .where(eq(regions.code, input.regionCode));
    if (!region) {
      throw fail.validation(`Unknown region "${input.regionCode}".`, { field: 'regionCode' });
    }
    regionId = region.id;
  }
  try {
    await db.insert(spaces).values({
      tenantId,
      slug: input.slug,
      name: input.name.trim(),
      description: input.description?.trim() ?? '',
      visibility: input.visibility,
      kind: input.kind,
      regionId,
      segmentKeys: input.segments ?? [],
    });
  } catch (error) {
    if (uniqueViolation(error) !== null) {
      throw new GuildError('slug_taken');
    }
    throw error;
  }
  return getSpace(db, actor, input.slug);
}

/** Follows or unfollows a target; idempotent. */
export async function setFollow(
  db: Orm,
  input: {
    tenantId: string;
    userId: string;
    targetType: 'user' | 'space' | 'post';
    targetId: string;
    on: boolean;
  },
): Promise<boolean> {
  const { tenantId, userId, targetType, targetId } = input;
  if (!input.on) {
    await db
      .delete(follows)
      .where(
        and(
          eq(follows.userId, userId),
          eq(follows.targetType, targetType),
          eq(follows.targetId, targetId),
        ),
      );
    return false;
  }
  const inserted = await db
    .insert(follows)
    .values({ tenantId, userId, targetType, targetId })
    .onConflictDoNothing()
    .returning({ userId: follows.userId });
  return inserted.length === 1;
}

/** The id and name of a space the actor may see, found by slug; 404 otherwise. */
export async function findVisibleSpace(db: Orm, actor: Actor | null, slug: string) {
  const [space] = await db
    .select({ id: spaces.id, slug: spaces.slug, name: spaces.name })
    .from(spaces)
    .where(and(eq(spaces.slug, slug), visibleSpaces(actor), sql`${spaces.archivedAt} IS NULL`));
  if (!space) {
    throw fail.notFound('This space does not exist.');
  }
  return space;
}
