/**
 * A tenant's leaderboard settings: the reputation half-life and the rising board's window.
 * A new half-life restarts the reputation units at a new epoch and rebuilds the tenant's
 * reputation boards from the ledger, under the fold's lock so that no pass runs meanwhile.
 */
import { sql } from 'drizzle-orm';
import type { Orm } from '../../core/db/database.js';
import { DEFAULT_REPUTATION_EPOCH, lockFold, rebuildReputation } from './fold.service.js';
import { leaderboardSettings, type LeaderboardSettings } from './leaderboards.service.js';

/**
 * Changes the settings (fields left out stay as they are). `system` is the owner's handle:
 * the rebuild writes the boards, which the application role may only read.
 * @returns the settings before and after, and whether the reputation boards were rebuilt
 */
export async function updateSettings(
  system: Orm,
  tenantId: string,
  input: Partial<LeaderboardSettings>,
): Promise<{ before: LeaderboardSettings; after: LeaderboardSettings; rebuilt: boolean }> {
  return system.transaction(async (tx) => {
    await lockFold(tx);
    const before = await leaderboardSettings(tx, tenantId);
    const after: LeaderboardSettings = {
      halfLifeDays: input.halfLifeDays ?? before.halfLifeDays,
      risingDays: input.risingDays ?? before.risingDays,
    };
    const rebuilt = after.halfLifeDays !== before.halfLifeDays;
    await tx.execute(sql`insert into leaderboard_settings as s (tenant_id, half_life_days,
          rising_days, reputation_epoch)
        values (${tenantId}, ${after.halfLifeDays}, ${after.risingDays},
          case when ${rebuilt} then now() else ${DEFAULT_REPUTATION_EPOCH}::timestamptz end)
        on conflict (tenant_id) do update set
          half_life_days = excluded.half_life_days,
          rising_days = excluded.rising_days,
          reputation_epoch = case when ${rebuilt} then now() else s.reputation_epoch end,
          updated_at = now()`);
    if (rebuilt) {
      await rebuildReputation(tx, tenantId);
    }
    return { before, after, rebuilt };
  });
}
