/**
 * Reading the leaderboards: the top N of a board and a member's own rank and points.
 *
 * Boards are pre-aggregated by the fold (fold.service.ts) per period and scope. What can
 * change without a new ledger entry is applied here, when a board is read: staff roles and
 * inactive accounts are left out, as are members who opted out; a segment filters by current
 * membership; the rising board keeps members who joined within the tenant's rising window.
 *
 * - Top N walks the board's (score desc) index and stops after N eligible members.
 * - A member's rank on an unfiltered points board is one plus the members holding a higher
 *   score, summed over the distinct scores above theirs (leaderboard_score_counts), minus the
 *   excluded members above them (few: staff, inactive, opted out). It never walks the board.
 * - With a segment or on the rising board, the rank counts the eligible members of that set
 *   above the member; on the reputation board it counts higher scores through the index.
 * - A custom period (from/to, local days) is summed from the ledger itself, read by id range
 *   through the per-day id bounds the fold records; it covers at most 366 days.
 *
 * Ranks are competition ranks: members with equal points share a rank.
 */
import { sql, type SQL } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import {
  DEFAULT_HALF_LIFE_DAYS,
  DEFAULT_REPUTATION_EPOCH,
  DEFAULT_RISING_DAYS,
  REPUTATION_BUCKETS_PER_DOUBLING,
  reputationBucket,
} from './fold.service.js';

export const PERIODS = ['week', 'month', 'all', 'custom'] as const;
export type Period = (typeof PERIODS)[number];
export const BOARDS = ['points', 'rising', 'reputation'] as const;
export type BoardKind = (typeof BOARDS)[number];
/** Roles that run the community and so are not ranked. */
export const STAFF_ROLES = ['moderator', 'manager', 'admin'] as const;
export const MAX_LIMIT = 100;
export const MAX_CUSTOM_DAYS = 366;

export interface BoardQuery {
  period: Period;
  /** Local days (YYYY-MM-DD), both included; only with `period: 'custom'`. */
  from?: string;
  to?: string;
  spaceId?: string;
  regionId?: string;
  /** A segment's key. */
  segment?: string;
  board: BoardKind;
  limit: number;
  /** The instant whose week or month is shown, and from which the rising window counts. */
  at?: Date;
}

export interface RankedMember {
  rank: number;
  userId: string;
  username: string;
  displayName: string;
  points: number;
}

export interface Standing {
  userId: string;
  /** Null when the member is not ranked (opted out, staff, inactive, or not in the set). */
  rank: number | null;
  points: number;
  note: string | null;
}

export interface Freshness {
  /** The newest ledger id the boards include (every older one too, but for open holes). */
  foldedThroughId: string;
  foldedAt: string;
  /** Entries of this community written but not yet on the boards (counted up to 10,000). */
  behindEntries: number;
  /** Age of the oldest entry not yet on the boards, in seconds (0 when none). */
  behindSeconds: number;
}

export interface Leaderboard {
  board: BoardKind;
  period: Period;
  from: string | null;
  to: string | null;
  items: RankedMember[];
  me: Standing | null;
  freshness: Freshness;
}

export interface LeaderboardSettings {
  halfLifeDays: number;
  risingDays: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STAFF = sql.raw(STAFF_ROLES.map((role) => `'${role}'`).join(', '));

interface Context {
  tenantId: string;
  timezone: string;
  halfLifeDays: number;
  risingDays: number;
  epoch: Date;
  at: Date;
}

/** A resolved query: where the scores come from and which members count. */
interface Resolved {
  ctx: Context;
  query: BoardQuery;
  /** The pre-aggregated board (null for custom periods, or a board nobody scored on yet). */
  boardId: string | null;
  segmentId: string | null;
  /** Members who joined at or after this instant (rising board). */
  joinedSince: Date | null;
  from: string | null;
  to: string | null;
  /** Custom periods: the ledger id range and the local days' instants. */
  custom: { lo: string; hi: string } | null;
}

function invalid(message: string, details?: Record<string, unknown>): GuildError {
  return new GuildError('validation_failed', message, details);
}

/** The tenant's settings, with defaults for a tenant that never changed them. */
export async function leaderboardSettings(tx: Orm, tenantId: string): Promise<LeaderboardSettings> {
  const ctx = await contextOf(tx, tenantId, new Date());
  return { halfLifeDays: ctx.halfLifeDays, risingDays: ctx.risingDays };
}

async function contextOf(tx: Orm, tenantId: string, at: Date): Promise<Context> {
  const [row] = await sqlRows<{
    timezone: string;
    half_life_days: number | null;
    rising_days: number | null;
    reputation_epoch: string | Date | null;
  }>(
    tx,
    sql`select t.timezone, s.half_life_days, s.rising_days, s.reputation_epoch
          from tenants t left join leaderboard_settings s on s.tenant_id = t.id
         where t.id = ${tenantId}`,
  );
  if (!row) {
    throw new GuildError('tenant_not_found');
  }
  return {
    tenantId,
    timezone: row.timezone,
    halfLifeDays: row.half_life_days ?? DEFAULT_HALF_LIFE_DAYS,
    risingDays: row.rising_days ?? DEFAULT_RISING_DAYS,
    epoch: new Date(row.reputation_epoch ?? DEFAULT_REPUTATION_EPOCH),
    at,
  };
}

function checkQuery(query: BoardQuery): void {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_LIMIT) {
    throw invalid(`limit must be a whole number from 1 to ${MAX_LIMIT}.`);
  }
  if (query.spaceId !== undefined && query.regionId !== undefined) {
    throw invalid('A board is of one space or one region: send spaceId or regionId, not both.');
  }
  for (const [name, value] of [
    ['spaceId', query.spaceId],
    ['regionId', query.regionId],
  ] as const) {
    if (value !== undefined && !UUID.test(value)) {
      throw invalid(`${name} must be a UUID.`, { field: name });
    }
  }
  if (query.board === 'reputation' && query.period !== 'all') {
    throw invalid('Reputation decays over all time: use period=all with board=reputation.');
  }
  if (query.period === 'custom') {
    if (!query.from || !query.to || !DAY.test(query.from) || !DAY.test(query.to)) {
      throw invalid('A custom period needs from and to as local days (YYYY-MM-DD).');
    }
    const from = Date.parse(`${query.from}T00:00:00Z`);
    const to = Date.parse(`${query.to}T00:00:00Z`);
    const real = (day: string, time: number) =>
      !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
    if (!real(query.from, from) || !real(query.to, to) || to < from) {
      throw invalid('from must be a valid day on or before to.');
    }
    if ((to - from) / 86_400_000 + 1 > MAX_CUSTOM_DAYS) {
      throw invalid(`A custom period covers at most ${MAX_CUSTOM_DAYS} days.`);
    }
  } else if (query.from !== undefined || query.to !== undefined) {
    throw invalid('from and to go with period=custom only.');
  }
}

interface ResolveRow {
  timezone: string;
  half_life_days: number | null;
  rising_days: number | null;
  reputation_epoch: string | Date | null;
  segment_id: string | null;
  start: string | null;
  end: string | null;
  board_id: string | number | null;
  lo: string | number | null;
  hi: string | number | null;
}

/** Everything a read needs to know about the board, in one round trip. */
async function resolve(tx: Orm, tenantId: string, query: BoardQuery): Promise<Resolved> {
  checkQuery(query);
  const at = (query.at ?? new Date()).toISOString();
  const custom = query.period === 'custom';
  const scope = query.spaceId ? 'space' : query.regionId ? 'region' : 'all';
  const scopeId = query.spaceId ?? query.regionId ?? tenantId;
  const period = query.board === 'reputation' ? 'reputation' : query.period;
  const [row] = await sqlRows<ResolveRow>(
    tx,
    sql`with c as (
        select t.timezone, s.half_life_days, s.rising_days, s.reputation_epoch,
               case ${period}
                 when 'week' then date_trunc('week', ${at}::timestamptz at time zone t.timezone)::date
                 when 'month' then date_trunc('month', ${at}::timestamptz at time zone t.timezone)::date
                 else date '1970-01-01' end as start
          from tenants t left join leaderboard_settings s on s.tenant_id = t.id
         where t.id = ${tenantId}
      )
      select c.timezone, c.half_life_days, c.rising_days, c.reputation_epoch,
             (select g.id from segments g
               where g.tenant_id = ${tenantId} and g.key = ${query.segment ?? null}) as segment_id,
             c.start::text as start,
             case ${period}
               when 'week' then (c.start + 6)::text
               when 'month' then ((c.start + interval '1 month')::date - 1)::text
             end as "end",
             (select b.id from leaderboard_boards b
               where not ${custom} and b.tenant_id = ${tenantId} and b.period = ${period}
                 and b.period_start = c.start and b.scope = ${scope}
                 and b.scope_id = ${scopeId}::uuid) as board_id,
             d.lo, d.hi
        from c
        left join lateral (
          select min(first_id) as lo, max(last_id) as hi from leaderboard_days
           where ${custom} and tenant_id = ${tenantId}
             and day between ${query.from ?? null}::date and ${query.to ?? null}::date
        ) d on true`,
  );
  if (!row) {
    throw new GuildError('tenant_not_found');
  }
  if (query.segment !== undefined && row.segment_id === null) {
    throw invalid('No segment has this key.', { segment: query.segment });
  }
  const ctx: Context = {
    tenantId,
    timezone: row.timezone,
    halfLifeDays: row.half_life_days ?? DEFAULT_HALF_LIFE_DAYS,
    risingDays: row.rising_days ?? DEFAULT_RISING_DAYS,
    epoch: new Date(row.reputation_epoch ?? DEFAULT_REPUTATION_EPOCH),
    at: new Date(at),
  };
  const joinedSince =
    query.board === 'rising' ? new Date(ctx.at.getTime() - ctx.risingDays * 86_400_000) : null;
  const periodic = query.period === 'week' || query.period === 'month';
  return {
    ctx,
    query,
    segmentId: row.segment_id,
    joinedSince,
    boardId: row.board_id === null ? null : String(row.board_id),
    from: custom ? (query.from ?? null) : periodic ? row.start : null,
    to: custom ? (query.to ?? null) : periodic ? row.end : null,
    custom:
      custom && row.lo !== null && row.hi !== null
        ? { lo: String(row.lo), hi: String(row.hi) }
        : null,
  };
}

/** Members who may appear: not staff, active, not opted out, and in the set asked for. */
function eligible(r: Resolved): SQL {
  return sql`u.role not in (${STAFF}) and u.status = 'active'
    and not exists (select 1 from leaderboard_preferences lp
                     where lp.user_id = u.id and lp.opted_out)
    ${r.segmentId ? sql`and exists (select 1 from user_segments us where us.user_id = u.id and us.segment_id = ${r.segmentId}::uuid)` : sql``}
    ${r.joinedSince ? sql`and u.created_at >= ${r.joinedSince.toISOString()}::timestamptz` : sql``}`;
}

/** The scale that turns stored reputation units into today's decayed value. */
function decayFactor(ctx: Context): number {
  const halfLives = (ctx.at.getTime() - ctx.epoch.getTime()) / (ctx.halfLifeDays * 86_400_000);
  return 2 ** -halfLives;
}

function shown(r: Resolved, score: number): number {
  if (r.query.board === 'reputation') {
    return Math.round(score * decayFactor(r.ctx) * 100) / 100;
  }
  return score;
}

/** Scores summed from the ledger for a custom period: (user_id, score). */
function customScores(r: Resolved): SQL {
  const custom = r.custom ?? { lo: '0', hi: '-1' };
  const q = r.query;
  return sql`select e.user_id, sum(e.amount)::float8 as score
      from ledger_entries e
     where e.id between ${custom.lo}::bigint and ${custom.hi}::bigint
       and e.kind in ('award', 'reversal', 'adjustment')
       and e.created_at >= (${q.from}::date::timestamp at time zone ${r.ctx.timezone})
       and e.created_at < ((${q.to}::date + 1)::timestamp at time zone ${r.ctx.timezone})
       ${q.spaceId ? sql`and e.space_id = ${q.spaceId}::uuid` : sql``}
       ${q.regionId ? sql`and e.region_id = ${q.regionId}::uuid` : sql``}
     group by e.user_id`;
}

/** The board's scores as (user_id, score) rows. */
function scoresOf(r: Resolved): SQL {
  if (r.query.period === 'custom') {
    return customScores(r);
  }
  return sql`select user_id, score from leaderboard_scores where board_id = ${r.boardId}::bigint`;
}

interface TopRow {
  user_id: string;
  username: string;
  display_name: string;
  score: number | string;
  rank: number | string;
}

async function topOf(tx: Orm, r: Resolved): Promise<RankedMember[]> {
  if (r.boardId === null && r.query.period !== 'custom') {
    return [];
  }
  // On a pre-aggregated board the scores are read in index order, straight from the table,
  // and the walk stops after `limit` eligible members.
  const [source, onBoard] =
    r.query.period === 'custom'
      ? [sql`(${customScores(r)}) s`, sql``]
      : [sql`leaderboard_scores s`, sql`and s.board_id = ${r.boardId}::bigint`];
  const rows = await sqlRows<TopRow>(
    tx,
    sql`select t.*, rank() over (order by t.score desc) as rank from (
        select s.user_id, s.score, u.username, u.display_name
          from ${source}
          join users u on u.id = s.user_id
         where s.score > 0 ${onBoard} and ${eligible(r)}
         order by s.score desc, s.user_id
         limit ${r.query.limit}
      ) t order by t.score desc, t.user_id`,
  );
  return rows.map((row) => ({
    rank: Number(row.rank),
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    points: shown(r, Number(row.score)),
  }));
}

/** The member's own score on the board, as SQL over the member `u`. */
function ownScore(r: Resolved): SQL {
  if (r.query.period === 'custom') {
    if (r.custom === null) {
      return sql`0::float8`;
    }
    const q = r.query;
    return sql`(select coalesce(sum(e.amount), 0)::float8 from ledger_entries e
       where e.user_id = u.id and e.id between ${r.custom.lo}::bigint and ${r.custom.hi}::bigint
         and e.kind in ('award', 'reversal', 'adjustment')
         and e.created_at >= (${q.from}::date::timestamp at time zone ${r.ctx.timezone})
         and e.created_at < ((${q.to}::date + 1)::timestamp at time zone ${r.ctx.timezone})
         ${q.spaceId ? sql`and e.space_id = ${q.spaceId}::uuid` : sql``}
         ${q.regionId ? sql`and e.region_id = ${q.regionId}::uuid` : sql``})`;
  }
  if (r.boardId === null) {
    return sql`0::float8`;
  }
  return sql`coalesce((select sc.score from leaderboard_scores sc
     where sc.board_id = ${r.boardId}::bigint and sc.user_id = u.id), 0)`;
}

/** The member's score, and why they are not ranked (null when they are). */
async function ownStanding(
  tx: Orm,
  r: Resolved,
  userId: string,
): Promise<{ score: number; note: string | null }> {
  const [row] = await sqlRows<{
    role: string;
    status: string;
    opted_out: boolean | null;
    created_at: string | Date;
    in_segment: boolean;
    score: number | string;
  }>(
    tx,
    sql`with me as (
        select u.role, u.status, u.created_at, lp.opted_out, ${ownScore(r)} as score,
               (${r.segmentId}::uuid is null or exists (select 1 from user_segments us
                 where us.user_id = u.id and us.segment_id = ${r.segmentId}::uuid)) as in_segment
          from users u left join leaderboard_preferences lp on lp.user_id = u.id
         where u.id = ${userId}
      )
      select me.* from me`,
  );
  if (!row) {
    throw new GuildError('not_found');
  }
  const score = Number(row.score);
  const note = (text: string) => ({ score, note: text });
  if (row.opted_out) {
    return note('You chose to stay off the leaderboards; opt back in to see your rank.');
  }
  if ((STAFF_ROLES as readonly string[]).includes(row.role)) {
    return note('Staff are not ranked on the leaderboards.');
  }
  if (row.status !== 'active') {
    return note('Inactive accounts are not ranked.');
  }
  if (!row.in_segment) {
    return note('You are not in this segment.');
  }
  if (r.joinedSince && new Date(row.created_at) < r.joinedSince) {
    return note(`The rising board is for members who joined in the last ${r.ctx.risingDays} days.`);
  }
  return { score, note: null };
}

function isPlain(r: Resolved): boolean {
  return r.segmentId === null && r.joinedSince === null && r.query.period !== 'custom';
}

/**
 * Eligible members above the score `mine` (an SQL expression, at least 0) on a plain board:
 * everyone above, from the per-score counts (per bucket for reputation), less the excluded
 * members above, looked up one by one (they are few).
 */
function plainAbove(r: Resolved, mine: SQL): SQL {
  const board = sql`${r.boardId}::bigint`;
  const everyone =
    r.query.board !== 'reputation'
      ? sql`(select coalesce(sum(members), 0) from leaderboard_score_counts
              where board_id = ${board} and score > ${mine})`
      : // Whole buckets above the member's, then the members in their own bucket above them.
        sql`(case when ${mine} <= 0
              then (select coalesce(sum(members), 0) from leaderboard_score_counts
                     where board_id = ${board})
              else (select coalesce(sum(members), 0) from leaderboard_score_counts
                     where board_id = ${board} and score > ${reputationBucket(mine)})
                 + (select count(*) from leaderboard_scores
                     where board_id = ${board} and score > ${mine}
                       and score < power(2::float8, (${reputationBucket(mine)} + 1)
                         / ${REPUTATION_BUCKETS_PER_DOUBLING}) * 1.000001
                       and ${reputationBucket(sql`score`)} = ${reputationBucket(mine)})
            end)`;
  // Probed member by member (the lateral with a limit keeps the planner from scanning the
  // board instead).
  const excluded = sql`(select count(*) from (
        select u.id from users u
         where u.tenant_id = ${r.ctx.tenantId}
           and (u.role in (${STAFF}) or u.status <> 'active')
        union
        select lp.user_id from leaderboard_preferences lp
         where lp.tenant_id = ${r.ctx.tenantId} and lp.opted_out
      ) x
      cross join lateral (select 1 from leaderboard_scores s
         where s.board_id = ${board} and s.user_id = x.id and s.score > ${mine} limit 1) hit)`;
  return sql`(${everyone} - ${excluded})`;
}

/**
 * Eligible members above `score`. The score goes in as a constant, so that the planner sees
 * how narrow the index range above it is.
 */
async function above(tx: Orm, r: Resolved, score: number): Promise<number> {
  const floor = Math.max(score, 0);
  if (r.boardId === null && r.query.period !== 'custom') {
    return 0;
  }
  const count = isPlain(r)
    ? sql`select ${plainAbove(r, sql`${floor}::float8`)} as n`
    : sql`select count(*) as n from (${scoresOf(r)}) s join users u on u.id = s.user_id
           where s.score > ${floor} and ${eligible(r)}`;
  const [row] = await sqlRows<{ n: string | number }>(tx, count);
  return Number(row?.n ?? 0);
}

async function standingOf(tx: Orm, r: Resolved, userId: string): Promise<Standing> {
  const { score, note } = await ownStanding(tx, r, userId);
  if (note !== null) {
    return { userId, rank: null, points: shown(r, score), note };
  }
  const higher = await above(tx, r, score);
  return { userId, rank: higher + 1, points: shown(r, score), note: null };
}

/** The top `limit` members of a board. */
export async function topOfBoard(
  tx: Orm,
  tenantId: string,
  query: BoardQuery,
): Promise<RankedMember[]> {
  return topOf(tx, await resolve(tx, tenantId, query));
}

/** A member's own rank and points on a board, wherever they stand. */
export async function standingOnBoard(
  tx: Orm,
  tenantId: string,
  query: BoardQuery,
  userId: string,
): Promise<Standing> {
  return standingOf(tx, await resolve(tx, tenantId, query), userId);
}

/** How far the boards trail the ledger, as this tenant sees it. */
export async function freshness(tx: Orm): Promise<Freshness> {
  const [row] = await sqlRows<{
    last_id: string | number;
    folded_at: string | Date;
    behind: string | number;
    oldest: string | Date | null;
  }>(
    tx,
    sql`select st.last_id, st.folded_at,
           (select count(*) from (select 1 from ledger_entries e where e.id > st.last_id
              limit 10000) x) as behind,
           (select e.created_at from ledger_entries e where e.id > st.last_id
             order by e.id limit 1) as oldest
      from leaderboard_fold_state st where st.id = 1`,
  );
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
  return {
    foldedThroughId: String(row?.last_id ?? 0),
    foldedAt: new Date(row?.folded_at ?? 0).toISOString(),
    behindEntries: Number(row?.behind ?? 0),
    behindSeconds: oldest === null ? 0 : Math.max(0, Math.round((Date.now() - oldest) / 1000)),
  };
}

/** A board as the API shows it: the top N, the viewer's standing, and how fresh it is. */
export async function leaderboard(
  tx: Orm,
  tenantId: string,
  query: BoardQuery,
  viewerId: string | null,
): Promise<Leaderboard> {
  const r = await resolve(tx, tenantId, query);
  const items = await topOf(tx, r);
  const me = viewerId === null ? null : await standingOf(tx, r, viewerId);
  return {
    board: query.board,
    period: query.period,
    from: r.from,
    to: r.to,
    items,
    me,
    freshness: await freshness(tx),
  };
}
