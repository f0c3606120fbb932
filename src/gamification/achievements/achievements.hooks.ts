/**
 * How badges, streaks and challenges hear of activity: the rules engine calls this in the
 * transaction that records (or withdraws) an event, after the event's points are written.
 */
import type { Orm } from '../../core/db/database.js';
import type { ActivityEvent } from '../activity.types.js';

export async function updateAchievements(
  tx: Orm,
  tenantId: string,
  event: ActivityEvent,
  change: 'recorded' | 'withdrawn',
): Promise<void> {
  // Filled in by the badges, streaks and challenges part.
  void tx;
  void tenantId;
  void event;
  void change;
  await Promise.resolve();
}
