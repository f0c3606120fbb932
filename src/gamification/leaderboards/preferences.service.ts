/**
 * A member's choice to stay off the leaderboards. Opted-out members never appear on a board,
 * and see their own rank as null; their points keep counting, so opting back in shows them
 * at once where they stand.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';

export interface LeaderboardPreferences {
  optedOut: boolean;
}

/** The member's preference (opted in when never set). */
export async function preferencesOf(tx: Orm, userId: string): Promise<LeaderboardPreferences> {
  const [row] = await sqlRows<{ opted_out: boolean }>(
    tx,
    sql`select opted_out from leaderboard_preferences where user_id = ${userId}`,
  );
  return { optedOut: row?.opted_out ?? false };
}

/** Sets the member's preference; returns it. */
export async function setPreferences(
  tx: Orm,
  tenantId: string,
  userId: string,
  preferences: LeaderboardPreferences,
): Promise<LeaderboardPreferences> {
  await tx.execute(sql`insert into leaderboard_preferences (tenant_id, user_id, opted_out)
      values (${tenantId}, ${userId}, ${preferences.optedOut})
      on conflict (user_id) do update set opted_out = excluded.opted_out, updated_at = now()`);
  return preferencesOf(tx, userId);
}
