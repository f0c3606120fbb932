/**
 * Levels: thresholds on a member's lifetime points, each unlocking named privileges. A
 * member's level is worked out from their balance (`point_balances.lifetime`) whenever it is
 * asked for, never stored, so it cannot disagree with the ledger: points reversed below a
 * threshold take the level (and its privileges) away at once. Privileges add up: a member has
 * those of every level they reached. The rest of Guild asks `memberPrivileges`.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { balancesFor } from '../ledger.js';
import { noticeAchievement } from './achievement-notices.js';

/** A tenant has at most this many active levels (they are listed in one page). */
export const MAX_LEVELS = 50;
export const PRIVILEGE_KEY = /^[a-z][a-z0-9_.:-]{0,63}$/;

export interface Level {
  id: string;
  /** 1 for the lowest active level. */
  number: number;
  name: string;
  minPoints: number;
  privileges: string[];
  archived: boolean;
  createdAt: Date;
}

export interface LevelInput {
  name: string;
  minPoints: number;
  privileges?: string[];
}

interface LevelRow {
  id: string;
  name: string;
  min_points: string | number;
  privileges: string[];
  archived_at: string | Date | null;
  created_at: string | Date;
  number: number | null;
}

function levelOf(row: LevelRow): Level {
  return {
    id: row.id,
    number: row.number ?? 0,
    name: row.name,
    minPoints: Number(row.min_points),
    privileges: row.privileges,
    archived: row.archived_at !== null,
    createdAt: new Date(row.created_at),
  };
}

const LEVEL_SELECT = sql`select l.id, l.name, l.min_points, l.privileges, l.archived_at,
    l.created_at,
    case when l.archived_at is null then
      (row_number() over (partition by l.archived_at is null order by l.min_points))::int
    end as number
  from levels l`;

/** The tenant's levels, lowest first (archived ones, numbered 0, only when asked). */
export async function listLevels(tx: Orm, includeArchived = false): Promise<Level[]> {
  const rows = await sqlRows<LevelRow>(
    tx,
    sql`select * from (${LEVEL_SELECT}) x
         where ${includeArchived} or archived_at is null
         order by archived_at is not null, min_points, created_at`,
  );
  return rows.map(levelOf);
}

async function getLevel(tx: Orm, levelId: string): Promise<Level> {
  const [row] = await sqlRows<LevelRow>(
    tx,
    sql`select * from (${LEVEL_SELECT}) x where id = ${levelId}`,
  );
  if (!row) {
    throw fail.notFound('No such level.');
  }
  return levelOf(row);
}

function checkPrivileges(privileges: string[]): string[] {
  const unique = [...new Set(privileges)];
  if (unique.length > 30) {
    throw fail.validation('A level unlocks at most 30 privileges.', { field: 'privileges' });
  }
  const bad = unique.find((key) => !PRIVILEGE_KEY.test(key));
  if (bad !== undefined) {
    throw fail.validation(
      `Privilege "${bad}" is not a key: lower-case letters, digits and _ . : - (up to 64).`,
      { field: 'privileges' },
    );
  }
  return unique.sort();
}

async function checkThresholdFree(tx: Orm, minPoints: number, except: string | null) {
  const rows = await sqlRows(
    tx,
    sql`select 1 from levels where min_points = ${minPoints} and archived_at is null
          and (${except}::uuid is null or id <> ${except}::uuid)`,
  );
  if (rows.length > 0) {
    throw fail.conflict('Another level starts at this many points.', { field: 'minPoints' });
  }
}

/** Adds a level. */
export async function createLevel(tx: Orm, tenantId: string, input: LevelInput): Promise<Level> {
  const privileges = checkPrivileges(input.privileges ?? []);
  await checkThresholdFree(tx, input.minPoints, null);
  const [count] = await sqlRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from levels where archived_at is null`,
  );
  if ((count?.n ?? 0) >= MAX_LEVELS) {
    throw fail.validation(`A community has at most ${MAX_LEVELS} levels.`);
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into levels (tenant_id, name, min_points, privileges)
        values (${tenantId}, ${input.name}, ${input.minPoints},
          ${`{${privileges.join(',')}}`}::text[])
        returning id`,
  );
  return getLevel(tx, row!.id);
}

/** Changes a level's name, threshold or privileges. */
export async function updateLevel(
  tx: Orm,
  levelId: string,
  patch: Partial<LevelInput>,
): Promise<Level> {
  const level = await getLevel(tx, levelId);
  if (level.archived) {
    throw fail.conflict('This level is archived.');
  }
  if (patch.minPoints !== undefined) {
    await checkThresholdFree(tx, patch.minPoints, levelId);
  }
  const privileges = patch.privileges ? checkPrivileges(patch.privileges) : null;
  await tx.execute(sql`update levels set
      name = coalesce(${patch.name ?? null}, name),
      min_points = coalesce(${patch.minPoints ?? null}::bigint, min_points),
      privileges = coalesce(${privileges ? `{${privileges.join(',')}}` : null}::text[], privileges),
      updated_at = now()
    where id = ${levelId}`);
  return getLevel(tx, levelId);
}

/** Archives a level: it no longer counts, and its privileges are no longer unlocked by it. */
export async function archiveLevel(tx: Orm, levelId: string): Promise<Level> {
  await getLevel(tx, levelId);
  await tx.execute(sql`update levels set archived_at = coalesce(archived_at, now()),
      updated_at = now() where id = ${levelId}`);
  return getLevel(tx, levelId);
}

export interface MemberLevel {
  userId: string;
  lifetimePoints: number;
  level: Level | null;
  next: (Level & { pointsToGo: number }) | null;
  privileges: string[];
}

/** The member's level, the next one and their privileges, from their lifetime points now. */
export async function memberLevel(tx: Orm, userId: string): Promise<MemberLevel> {
  const { lifetime } = await balancesFor(tx, userId);
  const levels = await listLevels(tx);
  const reached = levels.filter((l) => l.minPoints <= lifetime);
  const next = levels.find((l) => l.minPoints > lifetime) ?? null;
  return {
    userId,
    lifetimePoints: lifetime,
    level: reached.at(-1) ?? null,
    next: next ? { ...next, pointsToGo: next.minPoints - lifetime } : null,
    privileges: [...new Set(reached.flatMap((l) => l.privileges))].sort(),
  };
}

/**
 * The privilege keys the member has unlocked (sorted): those of every active level whose
 * threshold their lifetime points reach. One query; for any domain to check.
 */
export async function memberPrivileges(tx: Orm, userId: string): Promise<string[]> {
  const rows = await sqlRows<{ privilege: string }>(
    tx,
    sql`select distinct unnest(l.privileges) as privilege
          from levels l
         where l.archived_at is null
           and l.min_points <= coalesce((select lifetime from point_balances
                                          where user_id = ${userId}), 0)
         order by 1`,
  );
  return rows.map((r) => r.privilege);
}

/** True when the member has unlocked `privilege`. */
export async function memberHasPrivilege(
  tx: Orm,
  userId: string,
  privilege: string,
): Promise<boolean> {
  return (await memberPrivileges(tx, userId)).includes(privilege);
}

/**
 * Tells the member when they reach a level above the first threshold (0 points) for the first
 * time; each level is noticed once per member. Called after their points went up.
 */
export async function noticeLevels(tx: Orm, tenantId: string, userId: string): Promise<number> {
  const reached = await sqlRows<{ level_id: string }>(
    tx,
    sql`insert into user_level_notices (tenant_id, user_id, level_id)
        select ${tenantId}, ${userId}, l.id from levels l
         where l.archived_at is null and l.min_points > 0
           and l.min_points <= coalesce((select lifetime from point_balances
                                          where user_id = ${userId}), 0)
        on conflict (user_id, level_id) do nothing
        returning level_id`,
  );
  if (reached.length > 0) {
    // Several levels at once (a large award) make one notice.
    await noticeAchievement(tx, tenantId, userId, 'level_reached');
  }
  return reached.length;
}
