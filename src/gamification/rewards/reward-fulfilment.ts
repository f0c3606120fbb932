/**
 * Fulfilment of approved redemptions that need no person: a code from the reward's pool is
 * revealed, or a `reward.redeemed` event goes into the outbox for the partner who fulfils
 * (delivered at least once; the redemption id is the idempotency key the partner de-duplicates
 * on). It runs in the transaction that approves the redemption, so an approved redemption and
 * its fulfilment commit together.
 *
 * Should one ever be left approved and unfulfilled all the same (a pool emptied by hand, a
 * fulfilment that failed and was retried later), the sweeper finds it: each run fulfils, under
 * the redemption's row lock, the approved code-pool and webhook redemptions that have waited
 * longer than a grace period. A redemption is fulfilled once however many sweepers run,
 * because fulfilling is a state change made under that lock.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Database, type Orm } from '../../core/db/database.js';
import { repeatEvery } from '../../core/jobs/repeat.js';
import type { GuildLogger } from '../../core/logging/logger.js';
import { emitEvent } from '../../integrations/outbound/outbox.js';
import { reserveCode } from './reward-codes.service.js';
import type { Fulfilment, RedemptionStatus } from './rewards.types.js';

interface FulfilmentRow {
  id: string;
  reward_id: string;
  reward_name: string;
  reward_kind: string;
  user_id: string;
  username: string;
  status: RedemptionStatus;
  fulfilment: Fulfilment;
  cost: number;
  member_note: string | null;
  created_at: string | Date;
  has_code: boolean;
}

/** The payload of `reward.redeemed`. */
export interface RewardRedeemedPayload {
  /** The redemption, and the key a receiver de-duplicates deliveries on. */
  redemptionId: string;
  idempotencyKey: string;
  reward: { id: string; name: string; kind: string };
  member: { id: string; username: string };
  cost: number;
  memberNote: string | null;
  redeemedAt: string;
}

/**
 * Fulfils an approved code-pool or webhook redemption, in the caller's transaction.
 * @returns true when it is fulfilled now; false when it was not approved, is fulfilled by
 *   hand, or (code pool) no code could be had
 */
export async function fulfilAutomatically(
  tx: Orm,
  tenantId: string,
  redemptionId: string,
): Promise<boolean> {
  const [row] = await sqlRows<FulfilmentRow>(
    tx,
    sql`select x.id, x.reward_id, r.name as reward_name, r.kind as reward_kind, x.user_id,
          u.username, x.status, x.fulfilment, x.cost, x.member_note, x.created_at,
          exists (select 1 from reward_codes c where c.redemption_id = x.id) as has_code
        from reward_redemptions x
        join rewards r on r.id = x.reward_id
        join users u on u.id = x.user_id
       where x.id = ${redemptionId}
       for update of x`,
  );
  if (!row || row.status !== 'approved' || row.fulfilment === 'manual') {
    return false;
  }
  if (row.fulfilment === 'code_pool') {
    if (!row.has_code && !(await reserveCode(tx, row.reward_id, row.id))) {
      return false;
    }
    await markDone(tx, row.id, null);
    return true;
  }
  const payload: RewardRedeemedPayload = {
    redemptionId: row.id,
    idempotencyKey: row.id,
    reward: { id: row.reward_id, name: row.reward_name, kind: row.reward_kind },
    member: { id: row.user_id, username: row.username },
    cost: Number(row.cost),
    memberNote: row.member_note,
    redeemedAt: new Date(row.created_at).toISOString(),
  };
  const eventId = await emitEvent(tx, tenantId, 'reward.redeemed', { ...payload });
  await markDone(tx, row.id, eventId);
  return true;
}

async function markDone(tx: Orm, id: string, eventId: string | null): Promise<void> {
  await tx.execute(sql`update reward_redemptions set status = 'fulfilled', fulfilled_at = now(),
      fulfilment_event_id = ${eventId}, updated_at = now() where id = ${id}`);
}

const SWEEP_BATCH = 100;

/**
 * Fulfils approved code-pool and webhook redemptions unchanged for `graceSeconds` or more,
 * oldest first, at most 100 per run; returns how many it fulfilled. It reads across tenants (as
 * the owner) only to learn which redemptions of which tenant to look at; each is then
 * fulfilled inside its tenant.
 */
export async function sweepUnfulfilled(db: Database, graceSeconds = 30): Promise<number> {
  const rows = await db.query<{ id: string; tenant_id: string }>(
    `SELECT id, tenant_id FROM reward_redemptions
      WHERE status = 'approved' AND fulfilment <> 'manual'
        AND updated_at <= now() - $1::int * interval '1 second'
      ORDER BY updated_at LIMIT ${SWEEP_BATCH}`,
    [graceSeconds],
  );
  let fulfilled = 0;
  for (const row of rows) {
    if (await db.tenant(row.tenant_id, (tx) => fulfilAutomatically(tx, row.tenant_id, row.id))) {
      fulfilled += 1;
    }
  }
  return fulfilled;
}

/** Sweeps every `seconds` until the returned function is called (it waits for a sweep). */
export function startFulfilmentSweeper(
  db: Database,
  logger: GuildLogger,
  seconds = 30,
): () => Promise<void> {
  return repeatEvery(
    () => seconds,
    async () => {
      const count = await sweepUnfulfilled(db, seconds);
      if (count > 0) {
        logger.warn({ category: 'job', count }, 'left-over reward redemptions fulfilled');
      }
    },
    (error) => logger.error({ category: 'job', err: error }, 'reward fulfilment sweep failed'),
  );
}
