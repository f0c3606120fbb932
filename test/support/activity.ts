/**
 * Activity events written as the rules engine records them (the member's local day included),
 * at a moment the test chooses: what the analytics rollups count.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/core/db/database.js';

let serial = 0;

/** Records one activity event; returns its cause key (to withdraw it later). */
export async function recordTestActivity(
  db: Database,
  tenantId: string,
  event: { kind: string; userId: string; at: string; actorId?: string | null },
): Promise<string> {
  serial += 1;
  const causeKey = `test:${serial}`;
  await db.tenant(tenantId, (tx) =>
    tx.execute(sql`insert into activity_events (tenant_id, kind, cause_key, user_id, actor_id,
        occurred_at, local_day)
      values (${tenantId}, ${event.kind}, ${causeKey}, ${event.userId}, ${event.actorId ?? null},
        ${event.at}::timestamptz,
        (${event.at}::timestamptz at time zone guild_member_timezone(${event.userId}))::date)`),
  );
  return causeKey;
}
