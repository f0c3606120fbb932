// The rewards API (`/api/v1/rewards`): the catalog a member sees, redeeming (with an
// Idempotency-Key), a member's redemptions, and for managers the whole catalog, stock, code
// pools, approval settings and the approval queue. Shapes follow src/gamification/rewards/.
import { apiDelete, apiGet, apiPatch, apiPost, apiPut, seg, withQuery } from './client';
import { postWithKey } from './idempotent';
import type { Page } from './types';
import { type Paged, usePaged } from './usePaged';
import { type Resource, useResource } from './useResource';

const BASE = '/rewards';

export const REWARD_KINDS = [
  'physical',
  'digital_code',
  'discount',
  'donation',
  'experience',
] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

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

export const LIMIT_PERIODS = ['day', 'week', 'month', 'year'] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];

export const REDEMPTION_STATUSES = [
  'pending_approval',
  'approved',
  'fulfilled',
  'rejected',
  'cancelled',
] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

// The member's catalog

export interface CatalogItem {
  id: string;
  name: string;
  description: string;
  kind: RewardKind;
  cost: number;
  /** Units left; null is unlimited. */
  stock: number | null;
  visibleUntil: string | null;
  approvalRequired: boolean;
  eligible: boolean;
  ineligibleReason: 'region' | 'segment' | 'min_lifetime_points' | null;
  minLifetimePoints: number | null;
  affordable: boolean;
  inStock: boolean;
  /** Redemptions the member's limits still allow; null is no limit. */
  redemptionsLeft: number | null;
}

export interface CatalogPage extends Page<CatalogItem> {
  spendable: number;
}

export function useCatalog(affordableOnly: boolean, onPage?: (page: CatalogPage) => void) {
  return usePaged<CatalogItem, CatalogPage>(
    withQuery(BASE, { affordable: affordableOnly ? true : undefined }),
    onPage,
  );
}

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
  approvalReason: 'reward' | 'value' | 'risk' | null;
  memberNote: string | null;
  code: string | null;
  fulfilmentNote: string | null;
  decisionNote: string | null;
  decidedAt: string | null;
  fulfilledAt: string | null;
  createdAt: string;
}

/** Redeems one reward; `key` stays the same for every retry of the same click. */
export function redeemReward(rewardId: string, note: string, key: string): Promise<Redemption> {
  return postWithKey<Redemption>(
    `${BASE}/${seg(rewardId)}/redemptions`,
    note.trim() ? { note: note.trim() } : {},
    key,
  );
}

export function useMyRedemptions(): Paged<Redemption> {
  return usePaged<Redemption>(withQuery(`${BASE}/my-redemptions`, { limit: 10 }));
}

export function cancelRedemption(id: string): Promise<Redemption> {
  return apiPost<Redemption>(`${BASE}/redemptions/${seg(id)}/cancel`);
}

// Managers: redemptions

export function useRedemptions(status: RedemptionStatus | ''): Paged<Redemption> {
  return usePaged<Redemption>(withQuery(`${BASE}/redemptions`, { status }));
}

export function decideRedemption(
  id: string,
  decision: 'approve' | 'reject',
  note: string,
): Promise<Redemption> {
  return apiPost<Redemption>(
    `${BASE}/redemptions/${seg(id)}/${decision}`,
    note.trim() ? { note: note.trim() } : {},
  );
}

export function markFulfilled(id: string, note: string): Promise<Redemption> {
  return apiPost<Redemption>(`${BASE}/redemptions/${seg(id)}/fulfil`, { note });
}

// Managers: the catalog

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
  visibleFrom: string | null;
  visibleUntil: string | null;
  approvalRequired: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ManagedReward extends Reward {
  freeCodes: number;
}

export function useManagedRewards(archived: boolean): Paged<ManagedReward> {
  return usePaged<ManagedReward>(withQuery(`${BASE}/manage`, { archived: archived || undefined }));
}

export interface RewardInput {
  name: string;
  kind: RewardKind;
  cost: number;
  description?: string;
  fulfilment?: Fulfilment;
  stock?: number | null;
  limitLifetime?: number | null;
  limitPerPeriod?: number | null;
  limitPeriod?: LimitPeriod | null;
  approvalRequired?: boolean;
}

export function createReward(input: RewardInput): Promise<Reward> {
  return apiPost<Reward>(BASE, input);
}

export function updateReward(
  id: string,
  change: Partial<Omit<RewardInput, 'kind'>>,
): Promise<Reward> {
  return apiPatch<Reward>(`${BASE}/${seg(id)}`, change);
}

export function archiveReward(id: string): Promise<Reward> {
  return apiDelete<Reward>(`${BASE}/${seg(id)}`);
}

export interface CodeProblem {
  line: number;
  problem: 'blank' | 'duplicate' | 'already_in_pool' | 'invalid';
  firstLine?: number;
  message: string;
}

export interface CodePool {
  total: number;
  free: number;
  reserved: number;
  issued: number;
}

export interface UploadReport {
  added: number;
  lines: number;
  header: boolean;
  problems: CodeProblem[];
  pool: CodePool;
}

export function uploadCodes(
  rewardId: string,
  content: string,
  format: 'lines' | 'csv',
): Promise<UploadReport> {
  return apiPost<UploadReport>(`${BASE}/${seg(rewardId)}/codes`, { content, format });
}

export function codePool(rewardId: string): Promise<CodePool> {
  return apiGet<CodePool>(`${BASE}/${seg(rewardId)}/codes`);
}

export interface RewardSettings {
  approvalAbovePoints: number | null;
}

export function useRewardSettings(): Resource<RewardSettings> {
  return useResource<RewardSettings>(`${BASE}/settings`);
}

export function saveRewardSettings(settings: RewardSettings): Promise<RewardSettings> {
  return apiPut<RewardSettings>(`${BASE}/settings`, settings);
}

// Managers: members flagged as risky (their redemptions wait for approval)

export interface RiskFlag {
  id: string;
  userId: string;
  username: string;
  reason: string;
  source: string;
  createdAt: string;
  clearedAt: string | null;
}

export function useRiskFlags(): Paged<RiskFlag> {
  return usePaged<RiskFlag>(withQuery(`${BASE}/risk-flags`, { active: true }));
}

export function clearRiskFlag(id: string): Promise<RiskFlag> {
  return apiPost<RiskFlag>(`${BASE}/risk-flags/${seg(id)}/clear`);
}
