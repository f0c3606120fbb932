/**
 * The activity log badges and streaks count from, and streaks themselves. Each activity event
 * is kept once by its kind and cause key, with the day it happened on in the member's own time
 * zone (`guild_member_timezone`): a streak is a run of consecutive local days with activity of
 * the member's own, so 22:26 in New York extends yesterday's New York streak even though it is
 * tomorrow in UTC, and 23:30 and 00:15 in Kolkata are two days.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import type { ActivityEvent, ActivityKind } from '../activity.types.js';

/** Kinds where someone else acts for the member; the member doing it to themselves counts not. */
const RECEIVED_KINDS: readonly ActivityKind[] = [
  'reaction_received',
  'answer_accepted',
  'referral_converted',
];

/** True when the event counts for the member at all (not self-dealt). */
export function countsForMember(event: ActivityEvent): boolean {
  return !(RECEIVED_KINDS.includes(event.kind) && event.actorId === event.userId);
}

/**
 * Records (or withdraws) the event in the activity log.
 * @returns true when the log changed: a new or re-recorded event, or one withdrawn now; a
 * replay of what is there already changes nothing
 */
export async function logActivity(
  tx: Orm,
  tenantId: string,
  event: ActivityEvent,
  change: 'recorded' | 'withdrawn',
): Promise<boolean> {
  if (change === 'withdrawn') {
    const rows = await sqlRows<{ id: string }>(
      tx,
      sql`update member_activity set withdrawn_at = now()
           where kind = ${event.kind} and cause_key = ${event.causeKey}
             and user_id = ${event.userId} and withdrawn_at is null
         returning id`,
    );
    return rows.length > 0;
  }
  const own = event.actorId === null || event.actorId === event.userId;
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`insert into member_activity as a (tenant_id, user_id, kind, cause_key, own, occurred_at,
          local_day, space_id)
        values (${tenantId}, ${event.userId}, ${event.kind}, ${event.causeKey}, ${own},
          ${event.occurredAt.toISOString()}::timestamptz,
          (${event.occurredAt.toISOString()}::timestamptz
            at time zone guild_member_timezone(${event.userId}))::date,
          ${event.spaceId ?? null})
        on conflict (tenant_id, kind, cause_key) do update set withdrawn_at = null
          where a.withdrawn_at is not null and a.user_id = excluded.user_id
        returning id`,
  );
  return rows.length > 0;
}

/** How many of the member's events of `kind` count now (optionally in one space). */
export async function activityCount(
  tx: Orm,
  userId: string,
  kind: string,
  spaceId: string | null = null,
): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from member_activity
         where user_id = ${userId} and kind = ${kind} and withdrawn_at is null
           and (${spaceId}::uuid is null or space_id = ${spaceId}::uuid)`,
  );
  return row?.n ?? 0;
}

export interface Streak {
  /** Consecutive local days up to today or yesterday (0 once a day is missed). */
  current: number;
  /** The longest run of consecutive local days ever. */
  longest: number;
  /** The member's last local day with activity (YYYY-MM-DD). */
  lastActiveDay: string | null;
  /** Today in the member's time zone (YYYY-MM-DD). */
  today: string;
  /** True when today has activity already; false means today still extends `current`. */
  activeToday: boolean;
  timezone: string;
}

interface StreakRow {
  timezone: string;
  today: string;
  last_day: string | null;
  last_run: number | null;
  longest: number | null;
}

/**
 * The member's streak as of `asOf` (now by default), over their own activity of any kind or of
 * `kind` only.
 */
export async function streakFor(
  tx: Orm,
  userId: string,
  options: { kind?: string | null; asOf?: Date } = {},
): Promise<Streak> {
  const asOf = (options.asOf ?? new Date()).toISOString();
  const kind = options.kind ?? null;
  const [row] = await sqlRows<StreakRow>(
    tx,
    sql`with days as (
        select distinct local_day from member_activity
         where user_id = ${userId} and own and withdrawn_at is null
           and (${kind}::text is null or kind = ${kind}::text)
           and occurred_at <= ${asOf}::timestamptz
      ), runs as (
        select local_day - (row_number() over (order by local_day))::int as run, local_day
          from days
      ), lengths as (
        select max(local_day) as last_day, count(*)::int as days from runs group by run
      )
      select z.timezone,
             ((${asOf}::timestamptz at time zone z.timezone)::date)::text as today,
             (select max(last_day)::text from lengths) as last_day,
             (select days from lengths order by last_day desc limit 1) as last_run,
             (select max(days) from lengths) as longest
        from (select guild_member_timezone(${userId}) as timezone) z`,
  );
  const today = row?.today ?? '';
  const lastDay = row?.last_day ?? null;
  const gap = lastDay === null ? Infinity : daysBetween(lastDay, today);
  return {
    current: gap <= 1 ? (row?.last_run ?? 0) : 0,
    longest: row?.longest ?? 0,
    lastActiveDay: lastDay,
    today,
    activeToday: gap === 0,
    timezone: row?.timezone ?? 'UTC',
  };
}

/** Whole days from one YYYY-MM-DD to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
