/**
 * The daily visit: a member's first sign-in or signed-in request of their local day records
 * `daily_visit` under `visit:<member>:<local date>`. The day is the member's time zone's. Each
 * process remembers until when a member's day is recorded, so only the first request of a
 * day reaches the database; a second process finds the event stored and does nothing.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Database } from '../../core/db/database.js';
import { recordActivity } from '../activity.js';

const recordedUntil = new Map<string, number>();
const MAX_REMEMBERED = 50_000;

/** Records the member's visit of today unless this process knows it is recorded already. */
export async function recordDailyVisit(
  db: Database,
  tenantId: string,
  userId: string,
  now: Date = new Date(),
): Promise<void> {
  const known = recordedUntil.get(userId);
  if (known !== undefined && known > now.getTime()) {
    return;
  }
  const until = await db.tenant(tenantId, async (tx) => {
    const [day] = await sqlRows<{ local_day: string; day_ends: string | Date }>(
      tx,
      sql`select to_char((${now.toISOString()}::timestamptz at time zone guild_member_timezone(u.id))::date,
            'YYYY-MM-DD') as local_day,
          guild_end_of_local_day(${now.toISOString()}::timestamptz, 0, guild_member_timezone(u.id))
            as day_ends
        from users u where u.id = ${userId} and u.status = 'active'`,
    );
    if (!day) {
      return null;
    }
    await recordActivity(tx, tenantId, {
      kind: 'daily_visit',
      userId,
      actorId: null,
      causeKey: `visit:${userId}:${day.local_day}`,
      occurredAt: now,
      properties: { day: day.local_day },
    });
    return new Date(day.day_ends).getTime();
  });
  if (until !== null) {
    if (recordedUntil.size >= MAX_REMEMBERED) {
      recordedUntil.clear();
    }
    recordedUntil.set(userId, until);
  }
}

/** Forgets what this process remembers (tests that move the clock). */
export function forgetDailyVisits(): void {
  recordedUntil.clear();
}
