/**
 * Gamification fatigue: participation and completions of each challenge, redemptions of each
 * reward, and members with activity in the whole community, counted by week in the tenant's
 * time zone over the last complete weeks, each with its trend and, when it decays, a warning
 * in a plain sentence (method in trend.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { trendOf, warningSentence, type FatigueOptions, type Trend } from './trend.js';

export type FatigueMetric = 'participation' | 'completions' | 'redemptions' | 'active_members';

export interface FatigueWarning {
  subjectType: 'challenge' | 'reward' | 'tenant';
  subjectId: string | null;
  subjectName: string;
  metric: FatigueMetric;
  change: number;
  message: string;
}

export interface Window {
  timezone: string;
  /** Monday of each week shown, oldest first (local dates, YYYY-MM-DD). */
  weeks: string[];
}

export interface ChallengeFatigue {
  id: string;
  title: string;
  status: string;
  participation: Trend;
  completions: Trend;
  warnings: FatigueWarning[];
}

export interface RewardFatigue {
  id: string;
  name: string;
  archived: boolean;
  redemptions: Trend;
  warnings: FatigueWarning[];
}

/** Checks the options a manager sent; the recent and baseline weeks must fit in the window. */
export function checkFatigueOptions(options: FatigueOptions): FatigueOptions {
  if (options.recentWeeks + options.baselineWeeks > options.weeks) {
    throw fail.validation('recentWeeks and baselineWeeks together must fit within weeks.', {
      field: 'weeks',
    });
  }
  return options;
}

/** The last `weeks` complete weeks (Monday to Sunday) in the tenant's time zone. */
export async function fatigueWindow(
  tx: Orm,
  tenantId: string,
  weeks: number,
): Promise<Window & { start: string; end: string }> {
  const [row] = await sqlRows<{ timezone: string; this_week: string | Date }>(
    tx,
    sql`select timezone,
        date_trunc('week', now() at time zone timezone)::date::text as this_week
      from tenants where id = ${tenantId}`,
  );
  if (!row) {
    throw fail.notFound('No such community.');
  }
  const end = String(row.this_week).slice(0, 10);
  const endDay = Date.parse(`${end}T00:00:00Z`);
  const list: string[] = [];
  for (let i = weeks; i >= 1; i -= 1) {
    list.push(new Date(endDay - i * 7 * 86_400_000).toISOString().slice(0, 10));
  }
  return { timezone: row.timezone, weeks: list, start: list[0]!, end };
}

type Bounds = Window & { start: string; end: string };

/**
 * Runs `query` (rows of key, week start, count) and folds it into one series per key. `query`
 * receives the window's bounds as timestamptz SQL and the local week of a timestamp.
 */
async function weekly(
  tx: Orm,
  bounds: Bounds,
  query: (parts: { from: SQL; to: SQL; week: (at: SQL) => SQL }) => SQL,
): Promise<Map<string, number[]>> {
  const tz = bounds.timezone;
  const parts = {
    from: sql`(${bounds.start}::timestamp at time zone ${tz})`,
    to: sql`(${bounds.end}::timestamp at time zone ${tz})`,
    week: (at: SQL) => sql`date_trunc('week', ${at} at time zone ${tz})::date::text`,
  };
  const rows = await sqlRows<{ key: string; week: string; n: string | number }>(tx, query(parts));
  const index = new Map(bounds.weeks.map((week, i) => [week, i]));
  const series = new Map<string, number[]>();
  for (const row of rows) {
    const at = index.get(String(row.week).slice(0, 10));
    if (at === undefined) {
      continue;
    }
    let counts = series.get(row.key);
    if (!counts) {
      counts = bounds.weeks.map(() => 0);
      series.set(row.key, counts);
    }
    counts[at] = Number(row.n);
  }
  return series;
}

const zeros = (bounds: Bounds) => bounds.weeks.map(() => 0);

function idFilter(column: SQL, ids: readonly string[] | null): SQL {
  return ids === null ? sql`` : sql`and ${column} = any(${sql.param([...ids])}::uuid[])`;
}

/** Members who joined or made progress each week, and completions, per challenge. */
async function challengeSeries(tx: Orm, bounds: Bounds, ids: readonly string[] | null) {
  const participation = await weekly(
    tx,
    bounds,
    ({ from, to, week }) => sql`
      select challenge_id::text as key, week, count(distinct user_id) as n from (
        select challenge_id, user_id, ${week(sql`joined_at`)} as week
          from challenge_participants
         where joined_at >= ${from} and joined_at < ${to} ${idFilter(sql`challenge_id`, ids)}
        union all
        select challenge_id, user_id, ${week(sql`occurred_at`)} as week
          from challenge_step_progress
         where occurred_at >= ${from} and occurred_at < ${to} ${idFilter(sql`challenge_id`, ids)}
      ) seen group by challenge_id, week`,
  );
  const completions = await weekly(
    tx,
    bounds,
    ({ from, to, week }) => sql`
      select challenge_id::text as key, ${week(sql`completed_at`)} as week, count(*) as n
        from challenge_participants
       where completed_at >= ${from} and completed_at < ${to} ${idFilter(sql`challenge_id`, ids)}
       group by 1, 2`,
  );
  return { participation, completions };
}

async function rewardSeries(tx: Orm, bounds: Bounds, ids: readonly string[] | null) {
  return weekly(
    tx,
    bounds,
    ({ from, to, week }) => sql`
      select reward_id::text as key, ${week(sql`created_at`)} as week, count(*) as n
        from reward_redemptions
       where created_at >= ${from} and created_at < ${to} ${idFilter(sql`reward_id`, ids)}
       group by 1, 2`,
  );
}

function warning(
  subject: Pick<FatigueWarning, 'subjectType' | 'subjectId' | 'subjectName' | 'metric'>,
  what: string,
  trend: Trend,
  options: FatigueOptions,
): FatigueWarning[] {
  const message = warningSentence(what, trend, options);
  return message === null || trend.change === null
    ? []
    : [{ ...subject, change: trend.change, message }];
}

interface ChallengeRow {
  id: string;
  title: string;
  status: string;
  created_at: string | Date;
}

function challengeFatigue(
  row: ChallengeRow,
  series: Awaited<ReturnType<typeof challengeSeries>>,
  bounds: Bounds,
  options: FatigueOptions,
): ChallengeFatigue {
  const participation = trendOf(series.participation.get(row.id) ?? zeros(bounds), options);
  const completions = trendOf(series.completions.get(row.id) ?? zeros(bounds), options);
  const subject = { subjectType: 'challenge' as const, subjectId: row.id, subjectName: row.title };
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    participation,
    completions,
    warnings: [
      ...warning(
        { ...subject, metric: 'participation' },
        `Participation in ${row.title}`,
        participation,
        options,
      ),
      ...warning(
        { ...subject, metric: 'completions' },
        `Completions of ${row.title}`,
        completions,
        options,
      ),
    ],
  };
}

interface RewardRow {
  id: string;
  name: string;
  archived_at: string | Date | null;
  created_at: string | Date;
}

function rewardFatigue(
  row: RewardRow,
  series: Map<string, number[]>,
  bounds: Bounds,
  options: FatigueOptions,
): RewardFatigue {
  const redemptions = trendOf(series.get(row.id) ?? zeros(bounds), options);
  return {
    id: row.id,
    name: row.name,
    archived: row.archived_at !== null,
    redemptions,
    warnings: warning(
      { subjectType: 'reward', subjectId: row.id, subjectName: row.name, metric: 'redemptions' },
      `Redemptions of ${row.name}`,
      redemptions,
      options,
    ),
  };
}

/** Published and archived challenges, newest first, each with its weekly series. */
export async function challengeFatiguePage(
  tx: Orm,
  tenantId: string,
  options: FatigueOptions,
  page: { limit: number; cursor?: string },
): Promise<Window & { items: ChallengeFatigue[]; nextCursor: string | null }> {
  const bounds = await fatigueWindow(tx, tenantId, options.weeks);
  const after = decodeCursor(page.cursor);
  const rows = await sqlRows<ChallengeRow>(
    tx,
    sql`select id, title, status, created_at from challenges
      where status <> 'draft'
        ${after ? sql`and (created_at, id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
      order by created_at desc, id desc limit ${page.limit + 1}`,
  );
  const paged = pageOf(rows, page.limit, (row) => ({ at: new Date(row.created_at), id: row.id }));
  const series = await challengeSeries(
    tx,
    bounds,
    paged.items.map((row) => row.id),
  );
  return {
    timezone: bounds.timezone,
    weeks: bounds.weeks,
    items: paged.items.map((row) => challengeFatigue(row, series, bounds, options)),
    nextCursor: paged.nextCursor,
  };
}

/** Rewards of the catalog (archived ones too), newest first, each with its weekly series. */
export async function rewardFatiguePage(
  tx: Orm,
  tenantId: string,
  options: FatigueOptions,
  page: { limit: number; cursor?: string },
): Promise<Window & { items: RewardFatigue[]; nextCursor: string | null }> {
  const bounds = await fatigueWindow(tx, tenantId, options.weeks);
  const after = decodeCursor(page.cursor);
  const rows = await sqlRows<RewardRow>(
    tx,
    sql`select id, name, archived_at, created_at from rewards
      where true
        ${after ? sql`and (created_at, id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
      order by created_at desc, id desc limit ${page.limit + 1}`,
  );
  const paged = pageOf(rows, page.limit, (row) => ({ at: new Date(row.created_at), id: row.id }));
  const series = await rewardSeries(
    tx,
    bounds,
    paged.items.map((row) => row.id),
  );
  return {
    timezone: bounds.timezone,
    weeks: bounds.weeks,
    items: paged.items.map((row) => rewardFatigue(row, series, bounds, options)),
    nextCursor: paged.nextCursor,
  };
}

/** How many warnings the overview lists at most (the worst falls first). */
const OVERVIEW_WARNINGS = 50;

/**
 * The community's overview: members with activity each week (who acted themselves: authors,
 * reactors, acceptors, buyers) with its trend, and the worst fatigue warnings of every
 * challenge and reward with activity in the window.
 */
export async function fatigueOverview(
  tx: Orm,
  tenantId: string,
  options: FatigueOptions,
): Promise<Window & { activeMembers: Trend; warnings: FatigueWarning[]; warningCount: number }> {
  const bounds = await fatigueWindow(tx, tenantId, options.weeks);
  const members = await weekly(
    tx,
    bounds,
    ({ from, to, week }) => sql`
      select 'tenant' as key, ${week(sql`occurred_at`)} as week,
             count(distinct coalesce(actor_id, user_id)) as n
        from activity_events
       where occurred_at >= ${from} and occurred_at < ${to}
       group by 2`,
  );
  const activeMembers = trendOf(members.get('tenant') ?? zeros(bounds), options);
  const warnings = warning(
    {
      subjectType: 'tenant',
      subjectId: null,
      subjectName: 'the community',
      metric: 'active_members',
    },
    'Members taking part in the community',
    activeMembers,
    options,
  );

  const challenges = await challengeSeries(tx, bounds, null);
  const seen = [...new Set([...challenges.participation.keys(), ...challenges.completions.keys()])];
  if (seen.length > 0) {
    const rows = await sqlRows<ChallengeRow>(
      tx,
      sql`select id, title, status, created_at from challenges
        where id = any(${sql.param(seen)}::uuid[]) and status <> 'draft'`,
    );
    for (const row of rows) {
      warnings.push(...challengeFatigue(row, challenges, bounds, options).warnings);
    }
  }
  const rewards = await rewardSeries(tx, bounds, null);
  if (rewards.size > 0) {
    const rows = await sqlRows<RewardRow>(
      tx,
      sql`select id, name, archived_at, created_at from rewards
        where id = any(${sql.param([...rewards.keys()])}::uuid[])`,
    );
    for (const row of rows) {
      warnings.push(...rewardFatigue(row, rewards, bounds, options).warnings);
    }
  }
  warnings.sort((a, b) => a.change - b.change || a.message.localeCompare(b.message));
  return {
    timezone: bounds.timezone,
    weeks: bounds.weeks,
    activeMembers,
    warnings: warnings.slice(0, OVERVIEW_WARNINGS),
    warningCount: warnings.length,
  };
}
