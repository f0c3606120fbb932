/**
 * Notifications of achievements (a badge granted, a level reached, a challenge completed),
 * written in the same transaction as the achievement itself, so a member is told exactly once
 * for each one that happens.
 */
import { sql } from 'drizzle-orm';
import type { Orm } from '../../core/db/database.js';

export type AchievementNoticeKind = 'badge_granted' | 'level_reached' | 'challenge_completed';

/** Tells `userId` of an achievement; `actorId` is the manager who granted it, when one did. */
export async function noticeAchievement(
  tx: Orm,
  tenantId: string,
  userId: string,
  kind: AchievementNoticeKind,
  actorId: string | null = null,
): Promise<void> {
  await tx.execute(sql`insert into notifications (tenant_id, user_id, kind, actor_id)
    values (${tenantId}, ${userId}, ${kind}, ${actorId === userId ? null : actorId})`);
}
