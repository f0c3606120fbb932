/**
 * Badges: configured by managers, earned from criteria over a member's activity (a count of
 * events, a streak of local days, a first event) in tiers, or given by hand.
 *
 * - A member holds a badge tier once: `user_badges` has one row per badge, tier and member, and
 *   a grant is one statement that either writes that row (or reopens a revoked one) or finds it
 *   held and writes nothing. Nothing else (points, notification) happens unless the row did.
 * - A tier's points go through the ledger under a key per badge, tier, member and grant, with
 *   the source reference `badge:<badge>:<tier>:<member>`; revoking reverses what that reference
 *   paid, once.
 * - Revocable badges are taken back when the criterion no longer holds (the counted answer was
 *   un-accepted); badges given by hand are only taken back by hand.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { ACTIVITY_KINDS, type ActivityEvent } from '../activity.types.js';
import { credit, MAX_ENTRY_POINTS, reverseSource } from '../ledger.js';
import { noticeAchievement } from './achievement-notices.js';
import { noticeLevels } from './levels.service.js';
import { activityCount, streakFor } from './streaks.service.js';

export const BADGE_TIERS = ['bronze', 'silver', 'gold'] as const;
export type BadgeTierName = (typeof BADGE_TIERS)[number];
export const BADGE_CRITERIA = ['count', 'streak', 'first', 'manual'] as const;
export type BadgeCriterion = (typeof BADGE_CRITERIA)[number];

export interface BadgeTier {
  tier: BadgeTierName;
  threshold: number;
  points: number;
}

export interface Badge {
  id: string;
  key: string;
  name: string;
  description: string;
  criterion: BadgeCriterion;
  activityKind: string | null;
  spaceId: string | null;
  revocable: boolean;
  visible: boolean;
  status: 'active' | 'archived';
  tiers: BadgeTier[];
  createdAt: Date;
  updatedAt: Date;
}

export interface BadgeInput {
  key: string;
  name: string;
  description?: string;
  criterion: BadgeCriterion;
  activityKind?: string | null;
  spaceId?: string | null;
  revocable?: boolean;
  visible?: boolean;
  tiers: BadgeTier[];
}

export type BadgePatch = Partial<
  Pick<BadgeInput, 'name' | 'description' | 'spaceId' | 'revocable' | 'visible' | 'tiers'>
>;

interface BadgeRow {
  id: string;
  key: string;
  name: string;
  description: string;
  criterion: BadgeCriterion;
  activity_kind: string | null;
  space_id: string | null;
  revocable: boolean;
  visible: boolean;
  status: 'active' | 'archived';
  tiers: BadgeTier[] | string | null;
  created_at: string | Date;
  updated_at: string | Date;
}

const BADGE_SELECT = sql`select b.id, b.key, b.name, b.description, b.criterion,
    b.activity_kind, b.space_id, b.revocable, b.visible, b.status, b.created_at, b.updated_at,
    coalesce((select json_agg(json_build_object('tier', t.tier, 'threshold', t.threshold,
        'points', t.points) order by t.threshold)
      from badge_tiers t where t.badge_id = b.id), '[]') as tiers
  from badges b`;

function badgeOf(row: BadgeRow): Badge {
  const tiers = typeof row.tiers === 'string' ? (JSON.parse(row.tiers) as BadgeTier[]) : row.tiers;
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    criterion: row.criterion,
    activityKind: row.activity_kind,
    spaceId: row.space_id,
    revocable: row.revocable,
    visible: row.visible,
    status: row.status,
    tiers: (tiers ?? []).map((t) => ({
      ...t,
      threshold: Number(t.threshold),
      points: Number(t.points),
    })),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** One badge of the tenant, or not_found. */
export async function getBadge(tx: Orm, badgeId: string): Promise<Badge> {
  const [row] = await sqlRows<BadgeRow>(tx, sql`${BADGE_SELECT} where b.id = ${badgeId}`);
  if (!row) {
    throw fail.notFound('No such badge.');
  }
  return badgeOf(row);
}

/** A page of the tenant's badges, newest first (archived ones only when asked). */
export async function listBadges(
  tx: Orm,
  options: { includeArchived: boolean; limit: number; cursor?: string },
): Promise<{ items: Badge[]; nextCursor: string | null }> {
  const after = decodeCursor(options.cursor);
  const rows = await sqlRows<BadgeRow>(
    tx,
    sql`${BADGE_SELECT}
       where (${options.includeArchived} or b.status = 'active')
         and (${after?.at.toISOString() ?? null}::timestamptz is null
              or (b.created_at, b.id) < (${after?.at.toISOString() ?? null}::timestamptz,
                                         ${after?.id ?? null}::uuid))
       order by b.created_at desc, b.id desc
       limit ${options.limit + 1}`,
  );
  const page = pageOf(rows.map(badgeOf), options.limit, (b) => ({ at: b.createdAt, id: b.id }));
  return page;
}

function checkTiers(criterion: BadgeCriterion, tiers: BadgeTier[]): BadgeTier[] {
  if (tiers.length === 0 || tiers.length > BADGE_TIERS.length) {
    throw fail.validation('A badge has one to three tiers (bronze, silver, gold).', {
      field: 'tiers',
    });
  }
  const sorted = [...tiers].sort(
    (a, b) => BADGE_TIERS.indexOf(a.tier) - BADGE_TIERS.indexOf(b.tier),
  );
  for (let i = 0; i < sorted.length; i += 1) {
    const tier = sorted[i]!;
    if (i > 0 && sorted[i - 1]!.tier === tier.tier) {
      throw fail.validation(`The ${tier.tier} tier is given twice.`, { field: 'tiers' });
    }
    if (i > 0 && tier.threshold <= sorted[i - 1]!.threshold && criterion !== 'manual') {
      throw fail.validation('Each higher tier needs a higher threshold (bronze < silver < gold).', {
        field: 'tiers',
        tier: tier.tier,
      });
    }
    if (!Number.isSafeInteger(tier.points) || tier.points < 0 || tier.points > MAX_ENTRY_POINTS) {
      throw fail.validation(`Tier points are a whole number from 0 to ${MAX_ENTRY_POINTS}.`, {
        field: 'tiers',
        tier: tier.tier,
      });
    }
  }
  if (criterion === 'first' && (sorted.length !== 1 || sorted[0]!.threshold !== 1)) {
    throw fail.validation('A first-event badge has one tier, with threshold 1.', {
      field: 'tiers',
    });
  }
  return sorted;
}

function checkActivityKind(criterion: BadgeCriterion, kind: string | null): void {
  if (criterion === 'manual' && kind !== null) {
    throw fail.validation('A badge given by hand counts no activity; leave activityKind out.', {
      field: 'activityKind',
    });
  }
  if ((criterion === 'count' || criterion === 'first') && kind === null) {
    throw fail.validation(`A ${criterion} badge needs the activityKind it counts.`, {
      field: 'activityKind',
    });
  }
  if (kind !== null && !(ACTIVITY_KINDS as readonly string[]).includes(kind)) {
    throw fail.validation(`Unknown activity kind "${kind}".`, {
      field: 'activityKind',
      allowed: ACTIVITY_KINDS,
    });
  }
}

async function checkSpace(tx: Orm, spaceId: string | null): Promise<void> {
  if (spaceId === null) {
    return;
  }
  const rows = await sqlRows(tx, sql`select 1 from spaces where id = ${spaceId}`);
  if (rows.length === 0) {
    throw fail.validation('No such space.', { field: 'spaceId' });
  }
}

async function writeTiers(tx: Orm, tenantId: string, badgeId: string, tiers: BadgeTier[]) {
  await tx.execute(sql`delete from badge_tiers where badge_id = ${badgeId}`);
  for (const tier of tiers) {
    await tx.execute(sql`insert into badge_tiers (tenant_id, badge_id, tier, threshold, points)
      values (${tenantId}, ${badgeId}, ${tier.tier}, ${tier.threshold}, ${tier.points})`);
  }
}

/** Creates a badge (active at once). */
export async function createBadge(
  tx: Orm,
  tenantId: string,
  input: BadgeInput,
  createdBy: string | null,
): Promise<Badge> {
  const activityKind = input.activityKind ?? null;
  checkActivityKind(input.criterion, activityKind);
  const tiers = checkTiers(input.criterion, input.tiers);
  if (input.criterion === 'streak' && input.spaceId) {
    throw fail.validation('A streak counts days, not spaces; leave spaceId out.', {
      field: 'spaceId',
    });
  }
  await checkSpace(tx, input.spaceId ?? null);
  const taken = await sqlRows(tx, sql`select 1 from badges where key = ${input.key}`);
  if (taken.length > 0) {
    throw fail.conflict('A badge with this key exists already.', { field: 'key' });
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into badges (tenant_id, key, name, description, criterion, activity_kind,
          space_id, revocable, visible, created_by)
        values (${tenantId}, ${input.key}, ${input.name}, ${input.description ?? ''},
          ${input.criterion}, ${activityKind}, ${input.spaceId ?? null},
          ${input.revocable ?? false}, ${input.visible ?? true}, ${createdBy})
        returning id`,
  );
  await writeTiers(tx, tenantId, row!.id, tiers);
  return getBadge(tx, row!.id);
}

/** Changes a badge's wording, space, revocability, visibility or tiers. */
export async function updateBadge(
  tx: Orm,
  tenantId: string,
  badgeId: string,
  patch: BadgePatch,
): Promise<Badge> {
  const badge = await getBadge(tx, badgeId);
  if (patch.spaceId !== undefined) {
    if (badge.criterion === 'streak' && patch.spaceId !== null) {
      throw fail.validation('A streak counts days, not spaces; leave spaceId out.', {
        field: 'spaceId',
      });
    }
    await checkSpace(tx, patch.spaceId);
  }
  const tiers = patch.tiers ? checkTiers(badge.criterion, patch.tiers) : null;
  await tx.execute(sql`update badges set
      name = coalesce(${patch.name ?? null}, name),
      description = coalesce(${patch.description ?? null}, description),
      space_id = case when ${patch.spaceId !== undefined} then ${patch.spaceId ?? null}::uuid
                 else space_id end,
      revocable = coalesce(${patch.revocable ?? null}::boolean, revocable),
      visible = coalesce(${patch.visible ?? null}::boolean, visible),
      updated_at = now()
    where id = ${badgeId}`);
  if (tiers) {
    await writeTiers(tx, tenantId, badgeId, tiers);
  }
  return getBadge(tx, badgeId);
}

/** Archives a badge: no new grants; members keep what they hold. */
export async function archiveBadge(tx: Orm, badgeId: string): Promise<Badge> {
  await getBadge(tx, badgeId);
  await tx.execute(
    sql`update badges set status = 'archived', updated_at = now() where id = ${badgeId}`,
  );
  return getBadge(tx, badgeId);
}

function sourceRefOf(badgeId: string, tier: BadgeTierName, userId: string): string {
  return `badge:${badgeId}:${tier}:${userId}`;
}

interface GrantOptions {
  source: 'automatic' | 'manual';
  grantedBy: string | null;
}

/**
 * Grants one tier: writes the member's row (or reopens a revoked one), then pays the tier's
 * points and tells the member. Returns false, having written nothing, when the member holds it.
 */
async function grantTier(
  tx: Orm,
  tenantId: string,
  badge: Badge,
  tier: BadgeTier,
  userId: string,
  options: GrantOptions,
): Promise<boolean> {
  const [row] = await sqlRows<{ grant_number: number }>(
    tx,
    sql`insert into user_badges as ub (tenant_id, badge_id, tier, user_id, source, granted_by)
        values (${tenantId}, ${badge.id}, ${tier.tier}, ${userId}, ${options.source},
          ${options.grantedBy})
        on conflict (badge_id, tier, user_id) do update set
          revoked_at = null, revoked_by = null, revoke_reason = null,
          grant_number = ub.grant_number + 1, granted_at = date_trunc('milliseconds', now()),
          source = excluded.source, granted_by = excluded.granted_by
          where ub.revoked_at is not null
        returning grant_number`,
  );
  if (!row) {
    return false;
  }
  if (tier.points > 0) {
    await credit(tx, tenantId, {
      userId,
      amount: tier.points,
      reason: `Badge: ${badge.name} (${tier.tier})`,
      source: 'program',
      sourceRef: sourceRefOf(badge.id, tier.tier, userId),
      idempotencyKey: `${sourceRefOf(badge.id, tier.tier, userId)}:grant-${row.grant_number}`,
      createdBy: options.grantedBy,
    });
  }
  await noticeAchievement(tx, tenantId, userId, 'badge_granted', options.grantedBy);
  return true;
}

/** Revokes one held tier and reverses its points once; false when it was not held. */
async function revokeTier(
  tx: Orm,
  tenantId: string,
  badge: Badge,
  tier: BadgeTierName,
  userId: string,
  options: { revokedBy: string | null; reason: string },
): Promise<boolean> {
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`update user_badges set revoked_at = now(), revoked_by = ${options.revokedBy},
           revoke_reason = ${options.reason}
         where badge_id = ${badge.id} and tier = ${tier} and user_id = ${userId}
           and revoked_at is null
        returning id`,
  );
  if (rows.length === 0) {
    return false;
  }
  await reverseSource(
    tx,
    tenantId,
    sourceRefOf(badge.id, tier, userId),
    `Badge revoked: ${badge.name} (${tier})`,
    { userId, createdBy: options.revokedBy },
  );
  return true;
}

async function assertMember(tx: Orm, userId: string): Promise<void> {
  const rows = await sqlRows(
    tx,
    sql`select 1 from users where id = ${userId} and status <> 'deleted'`,
  );
  if (rows.length === 0) {
    throw fail.notFound('No such member.');
  }
}

/** A manager gives a member a badge tier (the lowest when none is named). */
export async function grantBadge(
  tx: Orm,
  tenantId: string,
  input: { badgeId: string; userId: string; tier?: BadgeTierName; grantedBy: string },
): Promise<{ tier: BadgeTierName }> {
  const badge = await getBadge(tx, input.badgeId);
  if (badge.status !== 'active') {
    throw fail.conflict('This badge is archived and is not granted any more.');
  }
  await assertMember(tx, input.userId);
  const tier = input.tier ? badge.tiers.find((t) => t.tier === input.tier) : badge.tiers[0];
  if (!tier) {
    throw fail.validation(`This badge has no ${input.tier} tier.`, { field: 'tier' });
  }
  const granted = await grantTier(tx, tenantId, badge, tier, input.userId, {
    source: 'manual',
    grantedBy: input.grantedBy,
  });
  if (!granted) {
    throw new GuildError('badge_already_granted', undefined, {
      badgeId: badge.id,
      tier: tier.tier,
      userId: input.userId,
    });
  }
  await noticeLevels(tx, tenantId, input.userId);
  return { tier: tier.tier };
}

/** A manager takes a badge (one tier, or every tier held) from a member, points and all. */
export async function revokeBadge(
  tx: Orm,
  tenantId: string,
  input: {
    badgeId: string;
    userId: string;
    tier?: BadgeTierName;
    revokedBy: string;
    reason: string;
  },
): Promise<{ revoked: BadgeTierName[] }> {
  const badge = await getBadge(tx, input.badgeId);
  const tiers = input.tier ? [input.tier] : BADGE_TIERS;
  const revoked: BadgeTierName[] = [];
  for (const tier of tiers) {
    if (await revokeTier(tx, tenantId, badge, tier, input.userId, input)) {
      revoked.push(tier);
    }
  }
  if (revoked.length === 0) {
    throw fail.notFound('This member does not hold this badge.');
  }
  return { revoked };
}

/** What the criterion measures for the member now (a count, or the longest streak). */
async function measure(tx: Orm, badge: Badge, userId: string): Promise<number> {
  if (badge.criterion === 'streak') {
    return (await streakFor(tx, userId, { kind: badge.activityKind })).longest;
  }
  if (badge.criterion === 'manual' || badge.activityKind === null) {
    return 0;
  }
  return activityCount(tx, userId, badge.activityKind, badge.spaceId);
}

export interface Evaluation {
  granted: number;
  revoked: number;
}

/**
 * Brings one member's tiers of one badge in line with the criterion: grants the tiers reached
 * and not held; for a revocable badge, revokes the automatic grants no longer reached.
 */
export async function evaluateBadgeFor(
  tx: Orm,
  tenantId: string,
  badge: Badge,
  userId: string,
): Promise<Evaluation> {
  const result = { granted: 0, revoked: 0 };
  if (badge.criterion === 'manual') {
    return result;
  }
  const value = await measure(tx, badge, userId);
  const held = await sqlRows<{ tier: BadgeTierName; source: string }>(
    tx,
    sql`select tier, source from user_badges
         where badge_id = ${badge.id} and user_id = ${userId} and revoked_at is null`,
  );
  for (const tier of badge.tiers) {
    const holds = held.find((h) => h.tier === tier.tier);
    if (value >= tier.threshold && !holds && badge.status === 'active') {
      const granted = await grantTier(tx, tenantId, badge, tier, userId, {
        source: 'automatic',
        grantedBy: null,
      });
      result.granted += granted ? 1 : 0;
    } else if (value < tier.threshold && holds?.source === 'automatic' && badge.revocable) {
      const revoked = await revokeTier(tx, tenantId, badge, tier.tier, userId, {
        revokedBy: null,
        reason: 'The criterion no longer holds.',
      });
      result.revoked += revoked ? 1 : 0;
    }
  }
  return result;
}

/** Re-evaluates the badges an event may touch, for the event's member. */
export async function evaluateBadgesForEvent(
  tx: Orm,
  tenantId: string,
  event: ActivityEvent,
): Promise<Evaluation> {
  const own = event.actorId === null || event.actorId === event.userId;
  const rows = await sqlRows<BadgeRow>(
    tx,
    sql`${BADGE_SELECT}
       where b.status = 'active'
         and ((b.criterion in ('count', 'first') and b.activity_kind = ${event.kind})
           or (b.criterion = 'streak' and ${own}
               and (b.activity_kind is null or b.activity_kind = ${event.kind})))
       order by b.created_at, b.id`,
  );
  const total = { granted: 0, revoked: 0 };
  for (const row of rows) {
    const result = await evaluateBadgeFor(tx, tenantId, badgeOf(row), event.userId);
    total.granted += result.granted;
    total.revoked += result.revoked;
  }
  return total;
}

/**
 * Re-evaluates one badge for every member it may concern: those with activity it counts and
 * those holding it (the backfill after a badge is created or changed). Safe to run again: a
 * tier already held is not granted twice.
 */
export async function evaluateBadge(
  tx: Orm,
  tenantId: string,
  badgeId: string,
): Promise<Evaluation & { members: number }> {
  const badge = await getBadge(tx, badgeId);
  const members = await sqlRows<{ user_id: string }>(
    tx,
    sql`select user_id from member_activity
         where withdrawn_at is null
           and ((${badge.criterion} in ('count', 'first') and kind = ${badge.activityKind})
             or (${badge.criterion} = 'streak' and own
                 and (${badge.activityKind}::text is null or kind = ${badge.activityKind})))
        union
        select user_id from user_badges where badge_id = ${badgeId} and revoked_at is null
        order by 1`,
  );
  const total = { granted: 0, revoked: 0, members: members.length };
  for (const { user_id: userId } of members) {
    const result = await evaluateBadgeFor(tx, tenantId, badge, userId);
    total.granted += result.granted;
    total.revoked += result.revoked;
    if (result.granted > 0) {
      await noticeLevels(tx, tenantId, userId);
    }
  }
  return total;
}

export interface HeldBadge {
  id: string;
  badge: { id: string; key: string; name: string; description: string };
  tier: BadgeTierName;
  source: 'automatic' | 'manual';
  grantedAt: Date;
}

/** A page of the badges a member holds, newest first; only visible ones to other members. */
export async function listMemberBadges(
  tx: Orm,
  userId: string,
  options: { includeHidden: boolean; limit: number; cursor?: string },
): Promise<{ items: HeldBadge[]; nextCursor: string | null }> {
  await assertMember(tx, userId);
  const after = decodeCursor(options.cursor);
  const rows = await sqlRows<{
    id: string;
    badge_id: string;
    key: string;
    name: string;
    description: string;
    tier: BadgeTierName;
    source: 'automatic' | 'manual';
    granted_at: string | Date;
  }>(
    tx,
    sql`select ub.id, b.id as badge_id, b.key, b.name, b.description, ub.tier, ub.source,
               ub.granted_at
          from user_badges ub join badges b on b.id = ub.badge_id
         where ub.user_id = ${userId} and ub.revoked_at is null
           and (${options.includeHidden} or b.visible)
           and (${after?.at.toISOString() ?? null}::timestamptz is null
                or (ub.granted_at, ub.id) < (${after?.at.toISOString() ?? null}::timestamptz,
                                             ${after?.id ?? null}::uuid))
         order by ub.granted_at desc, ub.id desc
         limit ${options.limit + 1}`,
  );
  const held = rows.map((row) => ({
    id: row.id,
    badge: { id: row.badge_id, key: row.key, name: row.name, description: row.description },
    tier: row.tier,
    source: row.source,
    grantedAt: new Date(row.granted_at),
  }));
  return pageOf(held, options.limit, (h) => ({ at: h.grantedAt, id: h.id }));
}
