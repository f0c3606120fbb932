/**
 * How badges, streaks and challenges hear of activity: the rules engine calls this in the
 * transaction that records (or withdraws) an event, after the event's points are written.
 *
 * The event goes into the activity log once by its kind and cause key; only an event that
 * changed the log (new, re-recorded, or withdrawn now) moves anything, so a replay is harmless.
 * Then the badges it may touch are re-evaluated (granting tiers reached, revoking revocable ones
 * no longer held), its challenge steps counted or taken back, and the member told of a level
 * reached for the first time.
 */
import type { Orm } from '../../core/db/database.js';
import type { ActivityEvent } from '../activity.types.js';
import { holdBalance } from '../ledger.js';
import { evaluateBadgesForEvent } from './badges.service.js';
import { progressChallenges } from './challenges.service.js';
import { noticeLevels } from './levels.service.js';
import { countsForMember, logActivity } from './streaks.service.js';

export async function updateAchievements(
  tx: Orm,
  tenantId: string,
  event: ActivityEvent,
  change: 'recorded' | 'withdrawn',
): Promise<void> {
  if (!countsForMember(event)) {
    return;
  }
  // One member's achievements are settled one event at a time (the rules engine holds this
  // lock already; taking it again in the same transaction costs nothing), so two events that
  // finish a challenge's last two steps at once cannot both miss the completion.
  await holdBalance(tx, tenantId, event.userId);
  if (!(await logActivity(tx, tenantId, event, change))) {
    return;
  }
  await evaluateBadgesForEvent(tx, tenantId, event);
  await progressChallenges(tx, tenantId, event, change);
  if (change === 'recorded') {
    await noticeLevels(tx, tenantId, event.userId);
  }
}
