/**
 * Community engagement by month (PRODUCT.md, "Community engagement rate"):
 *
 *   engagement rate = members with at least one contribution in the month
 *                     ÷ members who had joined by its end and were not removed by then
 *
 * with contributors (posts and comments only), DAU/MAU and the counts by kind beside it.
 *
 * `engagementByMonth` reads the rollups the database keeps current (migration 0033): a few
 * counter rows per month. `engagementFromEvents` computes the same figures from the activity
 * events and the members themselves; tests and the benchmark hold the two equal.
 */
import { sql, type SQL } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import {
  ALL_KEY,
  daysIn,
  firstDay,
  monthsOf,
  nextMonth,
  type MonthRange,
  type Scope,
} from './period.js';

export interface EngagementMonth {
  /** `YYYY-MM`. */
  month: string;
  /** Members who had joined by the end of the month and were not removed by then. */
  members: number;
  /** Members with at least one contribution in the month. */
  engaged: number;
  /** engaged ÷ members, 0..1 to 4 places; null with no members. */
  engagementRate: number | null;
  /** Members with a published post or comment in the month. */
  contributors: number;
  contributorRate: number | null;
  /** Members with a visit or a contribution in the month (MAU). */
  monthlyActive: number;
  /** Average over the month's days of members active that day (DAU). */
  dailyActive: number;
  /** DAU ÷ MAU, 0..1; null when nobody was active. */
  dauMau: number | null;
  posts: number;
  comments: number;
  reactions: number;
  answers: number;
  challengeSteps: number;
  joined: number;
  removed: number;
}

interface CountRow {
  month: string;
  engaged: number;
  contributors: number;
  monthly_active: number;
  active_member_days: number;
  posts: number;
  comments: number;
  reactions: number;
  answers: number;
  challenge_steps: number;
  joined: number;
  removed: number;
}

const ratio = (part: number, whole: number) =>
  whole > 0 ? Number((part / whole).toFixed(4)) : null;

/** The number of days of a month that count for DAU: all of them, or up to today. */
function daysCounted(month: string, today: string): number {
  if (today.slice(0, 7) === month) {
    return Number(today.slice(8, 10));
  }
  return daysIn(month);
}

/** Turns per-month counts (every month up to the range's end) into the range's figures. */
function figuresOf(rows: CountRow[], range: MonthRange, now: Date): EngagementMonth[] {
  const today = now.toISOString().slice(0, 10);
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  let members = 0;
  // Membership is cumulative: every earlier month's sign-ups and removals count.
  for (const row of rows) {
    if (row.month < range.from) {
      members += Number(row.joined) - Number(row.removed);
    }
  }
  return monthsOf(range).map((month) => {
    const row = byMonth.get(month);
    const n = (value: number | undefined) => Number(value ?? 0);
    members += n(row?.joined) - n(row?.removed);
    const engaged = n(row?.engaged);
    const contributors = n(row?.contributors);
    const monthlyActive = n(row?.monthly_active);
    const dailyActive = Number((n(row?.active_member_days) / daysCounted(month, today)).toFixed(2));
    return {
      month,
      members,
      engaged,
      engagementRate: ratio(engaged, members),
      contributors,
      contributorRate: ratio(contributors, members),
      monthlyActive,
      dailyActive,
      dauMau: monthlyActive > 0 ? Number((dailyActive / monthlyActive).toFixed(4)) : null,
      posts: n(row?.posts),
      comments: n(row?.comments),
      reactions: n(row?.reactions),
      answers: n(row?.answers),
      challengeSteps: n(row?.challenge_steps),
      joined: n(row?.joined),
      removed: n(row?.removed),
    };
  });
}

/** Engagement for each month of the range, from the rollups. */
export async function engagementByMonth(
  tx: Orm,
  range: MonthRange,
  scope: Scope,
  now = new Date(),
): Promise<EngagementMonth[]> {
  const rows = await sqlRows<CountRow>(
    tx,
    sql`select to_char(month, 'YYYY-MM') as month,
          sum(engaged)::int as engaged, sum(contributors)::int as contributors,
          sum(monthly_active)::int as monthly_active,
          sum(active_member_days)::float8 as active_member_days,
          sum(posts)::int as posts, sum(comments)::int as comments,
          sum(reactions)::int as reactions, sum(answers)::int as answers,
          sum(challenge_steps)::int as challenge_steps,
          sum(joined)::int as joined, sum(removed)::int as removed
        from analytics_month_counts
        where region_key = ${scope.regionId ?? ALL_KEY}
          and segment_key = ${scope.segmentId ?? ALL_KEY}
          and month < ${firstDay(nextMonth(range.to))}::date
        group by month order by month`,
  );
  return figuresOf(rows, range, now);
}

/** The scope's members as a filter on `u` (users). */
function memberFilter(scope: Scope): SQL {
  return sql`${scope.regionId ? sql`and u.region_id = ${scope.regionId}` : sql``}
    ${
      scope.segmentId
        ? sql`and exists (select 1 from user_segments s
                where s.user_id = u.id and s.segment_id = ${scope.segmentId})`
        : sql``
    }`;
}

/**
 * The same figures straight from `activity_events` and `users`, with no rollup: each member
 * counted under the region and segments they have now.
 */
export async function engagementFromEvents(
  tx: Orm,
  range: MonthRange,
  scope: Scope,
  now = new Date(),
): Promise<EngagementMonth[]> {
  const end = firstDay(nextMonth(range.to));
  const activity = await sqlRows<CountRow>(
    tx,
    sql`with days as (
          select x.member, x.day,
              count(*) filter (where x.kind = 'post_published') as posts,
              count(*) filter (where x.kind = 'comment_published') as comments,
              count(*) filter (where x.kind = 'reaction_received') as reactions,
              count(*) filter (where x.kind = 'answer_accepted') as answers,
              count(*) filter (where x.kind = 'challenge_step') as steps
            from (
              select e.kind, e.user_id as member, e.local_day as day
                from activity_events e
               where e.status = 'recorded'
                 and e.kind in ('daily_visit', 'post_published', 'comment_published',
                                'answer_accepted', 'challenge_step')
              union all
              select e.kind, e.actor_id, (e.occurred_at at time zone z.zone)::date
                from activity_events e
                join guild_analytics_zones(guild_current_tenant()) z on z.user_id = e.actor_id
               where e.status = 'recorded' and e.kind = 'reaction_received'
            ) x
           where x.day >= ${firstDay(range.from)}::date and x.day < ${end}::date
           group by x.member, x.day
        ), months as (
          select d.member, to_char(d.day, 'YYYY-MM') as month, count(*) as active_days,
              sum(d.posts + d.comments + d.reactions + d.answers + d.steps) as contributions,
              sum(d.posts + d.comments) as authored,
              sum(d.posts) as posts, sum(d.comments) as comments, sum(d.reactions) as reactions,
              sum(d.answers) as answers, sum(d.steps) as steps
            from days d join users u on u.id = d.member
           where true ${memberFilter(scope)}
           group by d.member, to_char(d.day, 'YYYY-MM')
        )
        select month,
            count(*) filter (where contributions > 0)::int as engaged,
            count(*) filter (where authored > 0)::int as contributors,
            count(*)::int as monthly_active, sum(active_days)::float8 as active_member_days,
            sum(posts)::int as posts, sum(comments)::int as comments,
            sum(reactions)::int as reactions, sum(answers)::int as answers,
            sum(steps)::int as challenge_steps, 0 as joined, 0 as removed
          from months group by month`,
  );
  const membership = await sqlRows<{ month: string; joined: number; removed: number }>(
    tx,
    sql`select m.month, sum(m.joined)::int as joined, sum(m.removed)::int as removed
          from (
            select to_char(u.created_at at time zone z.zone, 'YYYY-MM') as month, 1 as joined,
                0 as removed
              from users u
              join guild_analytics_zones(guild_current_tenant()) z on z.user_id = u.id
             where true ${memberFilter(scope)}
            union all
            select to_char(u.removed_at at time zone z.zone, 'YYYY-MM'), 0, 1
              from users u
              join guild_analytics_zones(guild_current_tenant()) z on z.user_id = u.id
             where u.removed_at is not null ${memberFilter(scope)}
          ) m
         where m.month < ${nextMonth(range.to)}
         group by m.month`,
  );
  const rows = new Map<string, CountRow>();
  for (const row of membership) {
    rows.set(row.month, { ...emptyRow(row.month), joined: row.joined, removed: row.removed });
  }
  for (const row of activity) {
    const known = rows.get(row.month);
    rows.set(row.month, { ...row, joined: known?.joined ?? 0, removed: known?.removed ?? 0 });
  }
  return figuresOf(
    [...rows.values()].sort((a, b) => a.month.localeCompare(b.month)),
    range,
    now,
  );
}

function emptyRow(month: string): CountRow {
  return {
    month,
    engaged: 0,
    contributors: 0,
    monthly_active: 0,
    active_member_days: 0,
    posts: 0,
    comments: 0,
    reactions: 0,
    answers: 0,
    challenge_steps: 0,
    joined: 0,
    removed: 0,
  };
}

/** Rebuilds the tenant's rollups from the events and members (after a bulk load). */
export async function rebuildRollups(tx: Orm, tenantId: string): Promise<void> {
  await tx.execute(sql`select guild_analytics_rebuild(${tenantId}::uuid)`);
}
