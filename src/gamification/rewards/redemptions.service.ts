/**
 * Redeeming a reward, and what happens to a redemption afterwards.
 *
 * A redemption is one transaction that does everything or nothing: it takes a unit of stock
 * with a conditional update (never below zero), locks the member's balance row (which makes one
 * member's redemptions happen one after the other), checks the member's limits, debits the
 * points (refused when they do not cover the cost), writes the redemption, reserves a code for
 * a code-pool reward, and fulfils it when no approval is needed. Several processes on one
 * database can redeem at once: the row locks, not the process, keep them apart.
 *
 * Locks are always taken in the same order (reward, code, balance; a redemption's own row
 * before those when it changes state), so two of these transactions never wait on each other
 * in a circle.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { credit, debit, holdBalance } from '../ledger.js';
import { fulfilAutomatically } from './reward-fulfilment.js';
import { releaseCode, reserveCode } from './reward-codes.service.js';
import {
  assertRedeemable,
  findReward,
  memberStanding,
  redemptionsLeft,
  rewardSettings,
  usageSql,
} from './rewards.service.js';
import { isFlagged } from './risk-flags.service.js';
import {
  dateOrNull,
  type ApprovalReason,
  type Fulfilment,
  type RedemptionStatus,
  type Reward,
  type RewardKind,
} from './rewards.types.js';

export interface Redemption {
  id: string;
  rewardId: string;
  rewardName: string;
  rewardKind: RewardKind;
  userId: string;
  username: string;
  status: RedemptionStatus;
  cost: number;
  fulfilment: Fulfilment;
  approvalReason: ApprovalReason | null;
  memberNote: string | null;
  /** The digital code, once the redemption is fulfilled from a code pool. */
  code: string | null;
  fulfilmentNote: string | null;
  decisionNote: string | null;
  decidedAt: Date | null;
  fulfilledAt: Date | null;
  createdAt: Date;
}

interface RedemptionRow {
  id: string;
  reward_id: string;
  reward_name: string;
  reward_kind: RewardKind;
  user_id: string;
  username: string;
  status: RedemptionStatus;
  cost: number;
  fulfilment: Fulfilment;
  approval_reason: ApprovalReason | null;
  member_note: string | null;
  code: string | null;
  fulfilment_note: string | null;
  decision_note: string | null;
  decided_at: string | Date | null;
  fulfilled_at: string | Date | null;
  created_at: string | Date;
}

function redemptionOf(row: RedemptionRow): Redemption {
  return {
    id: row.id,
    rewardId: row.reward_id,
    rewardName: row.reward_name,
    rewardKind: row.reward_kind,
    userId: row.user_id,
    username: row.username,
    status: row.status,
    cost: Number(row.cost),
    fulfilment: row.fulfilment,
    approvalReason: row.approval_reason,
    memberNote: row.member_note,
    code: row.status === 'fulfilled' ? row.code : null,
    fulfilmentNote: row.fulfilment_note,
    decisionNote: row.decision_note,
    decidedAt: dateOrNull(row.decided_at),
    fulfilledAt: dateOrNull(row.fulfilled_at),
    createdAt: new Date(row.created_at),
  };
}

const SELECT_REDEMPTIONS = sql`select x.id, x.reward_id, r.name as reward_name,
    r.kind as reward_kind, x.user_id, u.username, x.status, x.cost, x.fulfilment,
    x.approval_reason, x.member_note, c.code, x.fulfilment_note, x.decision_note, x.decided_at, x.fulfilled_at,
    x.created_at
  from reward_redemptions x
  join rewards r on r.id = x.reward_id
  join users u on u.id = x.user_id
  left join reward_codes c on c.redemption_id = x.id`;

/** One redemption as the API shows it. */
export async function getRedemption(tx: Orm, id: string): Promise<Redemption> {
  const [row] = await sqlRows<RedemptionRow>(tx, sql`${SELECT_REDEMPTIONS} where x.id = ${id}`);
  if (!row) {
    throw fail.notFound('No such redemption.');
  }
  return redemptionOf(row);
}

/** Takes one unit of a stocked reward; false when none is left. */
async function takeStock(tx: Orm, reward: Reward): Promise<boolean> {
  if (reward.stock === null) {
    return false;
  }
  const taken = await sqlRows<{ stock: number }>(
    tx,
    sql`update rewards set stock = stock - 1, updated_at = now()
         where id = ${reward.id} and stock > 0 returning stock`,
  );
  if (taken.length > 0) {
    return true;
  }
  // None left, unless a manager has just made the reward unlimited.
  const current = await findReward(tx, reward.id);
  if (current.stock !== null) {
    throw new GuildError('out_of_stock', undefined, { rewardId: reward.id });
  }
  return false;
}

/** Refuses a redemption the member's limits do not allow; the caller holds their lock. */
async function checkLimits(tx: Orm, reward: Reward, userId: string): Promise<void> {
  if (reward.limitLifetime === null && reward.limitPerPeriod === null) {
    return;
  }
  const [usage] = await sqlRows<{
    used_lifetime: string | number;
    used_in_period: string | number;
  }>(tx, sql`select ${usageSql(userId)} from rewards r where r.id = ${reward.id}`);
  const left = redemptionsLeft(
    reward,
    Number(usage?.used_lifetime ?? 0),
    Number(usage?.used_in_period ?? 0),
  );
  if (left === 0) {
    throw new GuildError('redemption_limit_reached', undefined, {
      limitLifetime: reward.limitLifetime,
      limitPerPeriod: reward.limitPerPeriod,
      limitPeriod: reward.limitPeriod,
    });
  }
}

async function approvalReason(
  tx: Orm,
  reward: Reward,
  userId: string,
): Promise<ApprovalReason | null> {
  if (reward.approvalRequired) {
    return 'reward';
  }
  const { approvalAbovePoints } = await rewardSettings(tx);
  if (approvalAbovePoints !== null && reward.cost > approvalAbovePoints) {
    return 'value';
  }
  return (await isFlagged(tx, userId)) ? 'risk' : null;
}

/**
 * Redeems a reward for a member, in the caller's tenant transaction; see the file comment.
 * @throws not_found, reward_not_eligible, out_of_stock, redemption_limit_reached,
 *   insufficient_points — and then nothing is written
 */
export async function redeem(
  tx: Orm,
  tenantId: string,
  input: { rewardId: string; userId: string; note: string | null },
): Promise<Redemption> {
  const reward = await findReward(tx, input.rewardId);
  assertRedeemable(reward, await memberStanding(tx, input.userId), new Date());

  const tookStock = await takeStock(tx, reward);
  await holdBalance(tx, tenantId, input.userId);
  await checkLimits(tx, reward, input.userId);

  const id = randomUUID();
  const ref = `redemption:${id}`;
  const { entry } = await debit(tx, tenantId, {
    userId: input.userId,
    amount: reward.cost,
    kind: 'redemption',
    requireFunds: true,
    reason: `Reward: ${reward.name}`,
    source: 'reward',
    sourceRef: ref,
    idempotencyKey: ref,
    createdBy: input.userId,
  });
  const waitFor = await approvalReason(tx, reward, input.userId);
  await tx.execute(sql`insert into reward_redemptions (id, tenant_id, reward_id, user_id, status,
      cost, fulfilment, approval_reason, took_stock, member_note, debit_entry_id)
    values (${id}, ${tenantId}, ${reward.id}, ${input.userId},
      ${waitFor ? 'pending_approval' : 'approved'}, ${reward.cost}, ${reward.fulfilment},
      ${waitFor}, ${tookStock}, ${input.note}, ${entry.id}::bigint)`);
  if (reward.fulfilment === 'code_pool' && !(await reserveCode(tx, reward.id, id))) {
    throw new GuildError('out_of_stock', 'Every code of this reward has been given out.', {
      rewardId: reward.id,
    });
  }
  if (!waitFor) {
    await fulfilAutomatically(tx, tenantId, id);
  }
  return getRedemption(tx, id);
}

interface LockedRedemption {
  id: string;
  reward_id: string;
  user_id: string;
  status: RedemptionStatus;
  cost: number;
  fulfilment: Fulfilment;
  took_stock: boolean;
}

/** Locks a redemption's row for a change of state. */
async function lockRedemption(tx: Orm, id: string): Promise<LockedRedemption> {
  const [row] = await sqlRows<LockedRedemption>(
    tx,
    sql`select id, reward_id, user_id, status, cost, fulfilment, took_stock
          from reward_redemptions where id = ${id} for update`,
  );
  if (!row) {
    throw fail.notFound('No such redemption.');
  }
  return row;
}

/**
 * Ends a redemption that was not fulfilled: the stock unit and any reserved code go back, and
 * the points are refunded once (the refund is keyed by the redemption, and the state change
 * under the row lock happens once).
 */
async function giveBack(
  tx: Orm,
  tenantId: string,
  redemption: LockedRedemption,
  outcome: { status: 'rejected' | 'cancelled'; by: string; note: string | null },
): Promise<void> {
  if (redemption.took_stock) {
    await tx.execute(sql`update rewards set stock = stock + 1, updated_at = now()
                          where id = ${redemption.reward_id} and stock is not null`);
  }
  if (redemption.fulfilment === 'code_pool') {
    await releaseCode(tx, redemption.id);
  }
  const ref = `redemption:${redemption.id}`;
  const { entry } = await credit(tx, tenantId, {
    userId: redemption.user_id,
    amount: Number(redemption.cost),
    kind: 'refund',
    reason: outcome.status === 'rejected' ? 'Redemption rejected' : 'Redemption cancelled',
    source: 'reward',
    sourceRef: ref,
    idempotencyKey: `refund:${redemption.id}`,
    createdBy: outcome.by,
  });
  const rejected = outcome.status === 'rejected';
  await tx.execute(sql`update reward_redemptions set status = ${outcome.status},
      refund_entry_id = ${entry.id}::bigint,
      decided_by = ${rejected ? outcome.by : null}, decided_at = ${rejected ? sql`now()` : sql`null`},
      decision_note = ${rejected ? outcome.note : null},
      cancelled_by = ${rejected ? null : outcome.by}, updated_at = now()
    where id = ${redemption.id}`);
}

/** Approves a redemption waiting for a manager, and fulfils it when that is automatic. */
export async function approveRedemption(
  tx: Orm,
  tenantId: string,
  id: string,
  by: string,
  note: string | null,
): Promise<Redemption> {
  const redemption = await lockRedemption(tx, id);
  if (redemption.status !== 'pending_approval') {
    throw fail.conflict('Only a redemption waiting for approval can be approved.', {
      status: redemption.status,
    });
  }
  await tx.execute(sql`update reward_redemptions set status = 'approved', decided_by = ${by},
      decided_at = now(), decision_note = ${note}, updated_at = now() where id = ${id}`);
  await fulfilAutomatically(tx, tenantId, id);
  return getRedemption(tx, id);
}

/** Rejects a redemption waiting for a manager: points refunded, stock returned. */
export async function rejectRedemption(
  tx: Orm,
  tenantId: string,
  id: string,
  by: string,
  note: string | null,
): Promise<Redemption> {
  const redemption = await lockRedemption(tx, id);
  if (redemption.status !== 'pending_approval') {
    throw fail.conflict('Only a redemption waiting for approval can be rejected.', {
      status: redemption.status,
    });
  }
  await giveBack(tx, tenantId, redemption, { status: 'rejected', by, note });
  return getRedemption(tx, id);
}

/**
 * Cancels a redemption that is not fulfilled yet: points refunded, stock returned. A member
 * may cancel their own; a manager (`asManager`) anyone's.
 */
export async function cancelRedemption(
  tx: Orm,
  tenantId: string,
  id: string,
  by: { userId: string; asManager: boolean },
): Promise<Redemption> {
  const redemption = await lockRedemption(tx, id);
  if (!by.asManager && redemption.user_id !== by.userId) {
    throw fail.notFound('No such redemption.');
  }
  if (redemption.status !== 'pending_approval' && redemption.status !== 'approved') {
    throw new GuildError('redemption_not_cancellable', undefined, { status: redemption.status });
  }
  await giveBack(tx, tenantId, redemption, { status: 'cancelled', by: by.userId, note: null });
  return getRedemption(tx, id);
}

/** A manager records that they fulfilled a redemption by hand; it happens once. */
export async function markFulfilled(
  tx: Orm,
  id: string,
  by: string,
  note: string,
): Promise<Redemption> {
  const redemption = await lockRedemption(tx, id);
  if (redemption.status === 'fulfilled') {
    throw fail.conflict('This redemption was fulfilled already.', { status: redemption.status });
  }
  if (redemption.status !== 'approved' || redemption.fulfilment !== 'manual') {
    throw fail.conflict('Only an approved redemption fulfilled by hand can be marked fulfilled.', {
      status: redemption.status,
      fulfilment: redemption.fulfilment,
    });
  }
  await tx.execute(sql`update reward_redemptions set status = 'fulfilled', fulfilled_at = now(),
      fulfilled_by = ${by}, fulfilment_note = ${note}, updated_at = now() where id = ${id}`);
  return getRedemption(tx, id);
}

export interface RedemptionFilter {
  userId?: string;
  rewardId?: string;
  status?: RedemptionStatus;
  limit: number;
  cursor?: string;
}

/**
 * Redemptions, newest first; the approval queue (`status: pending_approval`) oldest first, so
 * that whoever waited longest is seen first.
 */
export async function listRedemptions(
  tx: Orm,
  filter: RedemptionFilter,
): Promise<{ items: Redemption[]; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor);
  const oldestFirst = filter.status === 'pending_approval';
  const position = after
    ? sql`and (x.created_at, x.id) ${sql.raw(oldestFirst ? '>' : '<')}
            (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
    : sql``;
  const rows = await sqlRows<RedemptionRow>(
    tx,
    sql`${SELECT_REDEMPTIONS}
       where true
         ${filter.userId ? sql`and x.user_id = ${filter.userId}` : sql``}
         ${filter.rewardId ? sql`and x.reward_id = ${filter.rewardId}` : sql``}
         ${filter.status ? sql`and x.status = ${filter.status}` : sql``}
         ${position}
       order by x.created_at ${sql.raw(oldestFirst ? 'asc' : 'desc')},
                x.id ${sql.raw(oldestFirst ? 'asc' : 'desc')}
       limit ${filter.limit + 1}`,
  );
  const page = pageOf(rows, filter.limit, (row) => ({ at: new Date(row.created_at), id: row.id }));
  return { items: page.items.map(redemptionOf), nextCursor: page.nextCursor };
}
