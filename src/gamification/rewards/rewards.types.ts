/**
 * The words of the reward catalog: what a reward is, how it is fulfilled, how often a member
 * may redeem it, and the states a redemption goes through.
 */

export const REWARD_KINDS = [
  'physical',
  'digital_code',
  'discount',
  'donation',
  'experience',
] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

/** How a redemption is carried out. */
export const FULFILMENTS = ['code_pool', 'webhook', 'manual'] as const;
export type Fulfilment = (typeof FULFILMENTS)[number];

/** Which fulfilments each kind allows; the first is the default. */
export const FULFILMENTS_BY_KIND: Record<RewardKind, readonly Fulfilment[]> = {
  physical: ['manual', 'webhook'],
  digital_code: ['code_pool', 'webhook'],
  discount: ['code_pool', 'webhook'],
  donation: ['manual', 'webhook'],
  experience: ['manual', 'webhook'],
};

/** Calendar periods of a per-period limit, in the member's time zone. */
export const LIMIT_PERIODS = ['day', 'week', 'month', 'year'] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];

/**
 * pending_approval → approved → fulfilled, or rejected / cancelled (refunded) before it is
 * fulfilled. A code-pool or webhook redemption goes from approved to fulfilled in the same
 * transaction; a manual one waits for a manager.
 */
export const REDEMPTION_STATUSES = [
  'pending_approval',
  'approved',
  'fulfilled',
  'rejected',
  'cancelled',
] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

/** Why a redemption waits for a manager. */
export const APPROVAL_REASONS = ['reward', 'value', 'risk'] as const;
export type ApprovalReason = (typeof APPROVAL_REASONS)[number];

export interface Reward {
  id: string;
  name: string;
  description: string;
  kind: RewardKind;
  fulfilment: Fulfilment;
  cost: number;
  stock: number | null;
  limitLifetime: number | null;
  limitPerPeriod: number | null;
  limitPeriod: LimitPeriod | null;
  regionCodes: string[];
  segmentKeys: string[];
  minLifetimePoints: number | null;
  visibleFrom: Date | null;
  visibleUntil: Date | null;
  approvalRequired: boolean;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RewardRow {
  id: string;
  name: string;
  description: string;
  kind: RewardKind;
  fulfilment: Fulfilment;
  cost: number;
  stock: number | null;
  limit_lifetime: number | null;
  limit_per_period: number | null;
  limit_period: LimitPeriod | null;
  region_codes: string[];
  segment_keys: string[];
  min_lifetime_points: number | null;
  visible_from: string | Date | null;
  visible_until: string | Date | null;
  approval_required: boolean;
  archived_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

export function dateOrNull(value: string | Date | null): Date | null {
  return value === null ? null : new Date(value);
}

export function rewardOf(row: RewardRow): Reward {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    fulfilment: row.fulfilment,
    cost: Number(row.cost),
    stock: row.stock === null ? null : Number(row.stock),
    limitLifetime: row.limit_lifetime,
    limitPerPeriod: row.limit_per_period,
    limitPeriod: row.limit_period,
    regionCodes: row.region_codes,
    segmentKeys: row.segment_keys,
    minLifetimePoints: row.min_lifetime_points,
    visibleFrom: dateOrNull(row.visible_from),
    visibleUntil: dateOrNull(row.visible_until),
    approvalRequired: row.approval_required,
    archivedAt: dateOrNull(row.archived_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** True when members can see the reward at `now`: not archived and inside its window. */
export function isVisible(reward: Reward, now: Date): boolean {
  return (
    reward.archivedAt === null &&
    (reward.visibleFrom === null || reward.visibleFrom <= now) &&
    (reward.visibleUntil === null || now < reward.visibleUntil)
  );
}
