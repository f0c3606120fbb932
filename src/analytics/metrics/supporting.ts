/**
 * The supporting figures by UTC month for a region and segment (docs/ANALYTICS.md): time to
 * first response, points issued and redeemed, challenge participation, the review queue and
 * its SLA breaches, and the current fatigue warnings of challenges and rewards. These read
 * indexed ranges of their own tables; engagement counts by kind are in engagement.ts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fatigueOverview } from '../../gamification/signals/fatigue.service.js';
import { DEFAULT_FATIGUE } from '../../gamification/signals/trend.js';
import { memberInScope, monthsOf, utcBounds, type MonthRange, type Scope } from './period.js';

export interface SupportingMonth {
  month: string;
  /** Median hours from a post to the first published comment by someone else. */
  firstResponseMedianHours: number | null;
  /** Posts of the month that got such a comment, and all posts of the month. */
  postsAnswered: number;
  postsPublished: number;
  /** Points awarded less reversals; points spent on rewards less refunds. */
  pointsIssued: number;
  pointsRedeemed: number;
  challengeJoined: number;
  challengeCompleted: number;
  /** Review items open at the month's end. */
  queueOpenAtEnd: number;
  /** Review items due in the month and not resolved by their due time. */
  slaBreaches: number;
}

export interface FatigueNote {
  subjectName: string;
  metric: string;
  change: number;
  message: string;
}

const hours = (value: number | null | undefined) =>
  value === null || value === undefined ? null : Number(Number(value).toFixed(2));

/** The supporting figures of each month of the range. */
export async function supportingByMonth(
  tx: Orm,
  range: MonthRange,
  scope: Scope,
): Promise<SupportingMonth[]> {
  const start = utcBounds(range.from).start.toISOString();
  const end = utcBounds(range.to).end.toISOString();
  const month = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM')`;

  const responses = await sqlRows<{
    month: string;
    posts: number;
    answered: number;
    median: number | null;
  }>(
    tx,
    sql`select ${month(sql`p.created_at`)} as month, count(*)::int as posts,
          count(r.first_at)::int as answered,
          percentile_cont(0.5) within group (order by extract(epoch from r.first_at - p.created_at) / 3600.0)
            filter (where r.first_at is not null) as median
        from posts p
        left join lateral (
          select min(c.created_at) as first_at from comments c
           where c.post_id = p.id and c.author_id <> p.author_id and c.deleted_at is null
             and c.moderation_state = 'published'
        ) r on true
        where p.created_at >= ${start}::timestamptz and p.created_at < ${end}::timestamptz
          and p.deleted_at is null and p.moderation_state = 'published'
          ${memberInScope(sql`p.author_id`, scope)}
        group by 1`,
  );
  const points = await sqlRows<{ month: string; issued: number; redeemed: number }>(
    tx,
    sql`select ${month(sql`created_at`)} as month,
          coalesce(sum(amount) filter (where kind in ('award', 'reversal')), 0)::float8 as issued,
          coalesce(-sum(amount) filter (where kind in ('redemption', 'refund')), 0)::float8
            as redeemed
        from ledger_entries
        where created_at >= ${start}::timestamptz and created_at < ${end}::timestamptz
          ${memberInScope(sql`user_id`, scope)}
        group by 1`,
  );
  const challenges = await sqlRows<{ month: string; joined: number; completed: number }>(
    tx,
    sql`select m.month, sum(m.joined)::int as joined, sum(m.completed)::int as completed
        from (
          select ${month(sql`joined_at`)} as month, 1 as joined, 0 as completed
            from challenge_participants
           where joined_at >= ${start}::timestamptz and joined_at < ${end}::timestamptz
             ${memberInScope(sql`user_id`, scope)}
          union all
          select ${month(sql`completed_at`)}, 0, 1
            from challenge_participants
           where completed_at >= ${start}::timestamptz and completed_at < ${end}::timestamptz
             ${memberInScope(sql`user_id`, scope)}
        ) m
        group by 1`,
  );
  // One month after another: statements on one connection go one at a time.
  const queue: (readonly [string, { open: number; breaches: number } | undefined])[] = [];
  for (const name of monthsOf(range)) {
    const bounds = utcBounds(name);
    const [row] = await sqlRows<{ open: number; breaches: number }>(
      tx,
      sql`select
          count(*) filter (where created_at < ${bounds.end.toISOString()}::timestamptz
            and (resolved_at is null or resolved_at >= ${bounds.end.toISOString()}::timestamptz))::int
            as open,
          count(*) filter (where due_at >= ${bounds.start.toISOString()}::timestamptz
            and due_at < ${bounds.end.toISOString()}::timestamptz
            and (resolved_at is null or resolved_at > due_at))::int as breaches
        from review_items
        where created_at < ${bounds.end.toISOString()}::timestamptz
          and (resolved_at is null or resolved_at >= ${bounds.start.toISOString()}::timestamptz
               or due_at >= ${bounds.start.toISOString()}::timestamptz)
          ${memberInScope(sql`author_id`, scope)}`,
    );
    queue.push([name, row] as const);
  }

  const byMonth = <T extends { month: string }>(rows: T[]) =>
    new Map(rows.map((row) => [row.month, row]));
  const responsesBy = byMonth(responses);
  const pointsBy = byMonth(points);
  const challengesBy = byMonth(challenges);
  const queueBy = new Map(queue);
  return monthsOf(range).map((name) => ({
    month: name,
    firstResponseMedianHours: hours(responsesBy.get(name)?.median),
    postsAnswered: responsesBy.get(name)?.answered ?? 0,
    postsPublished: responsesBy.get(name)?.posts ?? 0,
    pointsIssued: Number(pointsBy.get(name)?.issued ?? 0),
    pointsRedeemed: Number(pointsBy.get(name)?.redeemed ?? 0),
    challengeJoined: challengesBy.get(name)?.joined ?? 0,
    challengeCompleted: challengesBy.get(name)?.completed ?? 0,
    queueOpenAtEnd: queueBy.get(name)?.open ?? 0,
    slaBreaches: queueBy.get(name)?.breaches ?? 0,
  }));
}

/** The community's current fatigue warnings (challenges, rewards, activity), worst first. */
export async function fatigueNotes(tx: Orm, tenantId: string): Promise<FatigueNote[]> {
  const overview = await fatigueOverview(tx, tenantId, DEFAULT_FATIGUE);
  return overview.warnings.map((warning) => ({
    subjectName: warning.subjectName,
    metric: warning.metric,
    change: warning.change,
    message: warning.message,
  }));
}
