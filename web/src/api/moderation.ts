// The moderation API (`/api/v1/moderation`): the review queue, members' flags and appeals,
// policies, model versions and figures. Shapes follow src/moderation/moderation.routes.ts.
import { apiDelete, apiPost, apiPut, seg, withQuery } from './client';
import { createStore, useStore } from './store';
import type { Comment, Post } from './types';
import { type Paged, usePaged } from './usePaged';
import { type Resource, useResource } from './useResource';

const BASE = '/moderation';

// Roles

/** Roles that work the review queue. */
const REVIEW_ROLES = ['moderator', 'manager', 'admin'];
/** Roles that also see the senior queue and configure policies, models and figures. */
const CONFIGURE_ROLES = ['manager', 'admin'];

export function canReview(role: string | undefined): boolean {
  return role !== undefined && REVIEW_ROLES.includes(role);
}

export function canConfigure(role: string | undefined): boolean {
  return role !== undefined && CONFIGURE_ROLES.includes(role);
}

// The author's side: notices on their own items, flags, appeals

export const MODERATION_STATES = ['published', 'held', 'rejected'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

/** What the author (or a moderator) reads with an item that is held or was rejected. */
export interface ModerationNotice {
  state: ModerationState;
  reasonCode: string | null;
  /** The sentence written for the author, in the server's words. */
  message: string | null;
  checkId: string | null;
}

/** The moderation fields the server adds to a post. */
export type ModeratedPost = Post & { moderation?: ModerationNotice | null };

/** The moderation fields the server adds to a comment (the notice only on a new one). */
export type ModeratedComment = Comment & {
  moderationState?: ModerationState;
  moderation?: ModerationNotice | null;
};

/** The notice of a post, or null when it is published. */
export function postNotice(post: Post): ModerationNotice | null {
  return (post as ModeratedPost).moderation ?? null;
}

/**
 * The notice of a comment: the full one when the server sent it (a comment just written),
 * else one built from its state alone (the thread lists only the state).
 */
export function commentNotice(comment: Comment): ModerationNotice | null {
  const moderated = comment as ModeratedComment;
  if (moderated.moderation) {
    return moderated.moderation;
  }
  const state = moderated.moderationState ?? 'published';
  return state === 'published' ? null : { state, reasonCode: null, message: null, checkId: null };
}

/** `GET /moderation/checks/:id`: the author's view of one check. */
export interface CheckView {
  id: string;
  itemType: string;
  itemId: string;
  state: ModerationState;
  reasonCode: string | null;
  message: string | null;
  automatic: boolean;
  createdAt: string;
  decidedAt: string | null;
  appeal: { status: string; decision: string | null } | null;
  canAppeal: boolean;
}

export function useCheck(checkId: string | null): Resource<CheckView> {
  return useResource<CheckView>(checkId === null ? null : `${BASE}/checks/${seg(checkId)}`);
}

export function appealCheck(checkId: string, message: string): Promise<{ reviewItemId: string }> {
  return apiPost(`${BASE}/checks/${seg(checkId)}/appeal`, { message });
}

export type FlaggableType = 'post' | 'comment';

export function flagContent(
  itemType: FlaggableType,
  itemId: string,
  reason: string,
): Promise<{ reviewItemId: string; flagCount: number }> {
  return apiPost(`${BASE}/flags`, { itemType, itemId, reason });
}

// The review queue

export const REVIEW_KINDS = ['held', 'flag', 'appeal', 'audit'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const QUEUES = ['standard', 'senior'] as const;
export type Queue = (typeof QUEUES)[number];
export const REVIEW_DECISIONS = ['approve', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const APPROVE_REASONS = [
  'not_a_violation',
  'allowed_in_context',
  'false_positive',
  'fixed_by_author',
] as const;
export const REJECT_REASONS = [
  'toxicity',
  'insult',
  'harassment',
  'hate',
  'threat',
  'sexual',
  'self_harm',
  'spam',
  'scam',
  'personal_data',
  'off_topic',
  'other',
] as const;
export type ApproveReason = (typeof APPROVE_REASONS)[number];
export type RejectReason = (typeof REJECT_REASONS)[number];
export type ReviewReason = ApproveReason | RejectReason;

export function reasonsFor(decision: ReviewDecision): readonly ReviewReason[] {
  return decision === 'approve' ? APPROVE_REASONS : REJECT_REASONS;
}

export function isReviewKind(value: string): value is ReviewKind {
  return (REVIEW_KINDS as readonly string[]).includes(value);
}

export function isQueue(value: string): value is Queue {
  return (QUEUES as readonly string[]).includes(value);
}

export interface ReviewItem {
  id: string;
  kind: ReviewKind;
  itemType: string;
  itemId: string;
  checkId: string | null;
  queue: Queue;
  status: 'open' | 'resolved';
  priority: number;
  severity: number;
  reach: number;
  reasonCode: string | null;
  summary: string;
  flagCount: number;
  dueAt: string;
  overdue: boolean;
  author: { id: string; username: string; displayName: string } | null;
  claimedBy: { id: string; username: string } | null;
  claimedAt: string | null;
  decision: ReviewDecision | null;
  decisionReason: string | null;
  decisionNote: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

/** One stretch of the checked text (UTF-16 offsets) that caused a score. */
export interface Span {
  start: number;
  end: number;
  category: string;
  rule: string;
}

export interface ReviewCheck {
  id: string;
  decision: string;
  reasonCode: string | null;
  scores: Record<string, number>;
  spans: Span[];
  suspicion: number;
  modelVersion: string;
  provider: string | null;
  providerError: string | null;
  shadow: Record<string, unknown> | null;
  createdAt: string;
}

export interface AuthorHistory {
  memberSince: string | null;
  emailVerified: boolean;
  role: string | null;
  published: number;
  waiting: number;
  rejected: number;
  flagged: number;
  recent: {
    id: string;
    itemType: string;
    itemId: string;
    decision: string;
    finalDecision: string | null;
    reasonCode: string | null;
    createdAt: string;
  }[];
}

export interface ReviewItemDetail extends ReviewItem {
  content: {
    title: string | null;
    body: string;
    state: string;
    deleted: boolean;
    postId: string | null;
  } | null;
  appealMessage: string | null;
  flagReasons: string[];
  check: ReviewCheck | null;
  authorHistory: AuthorHistory | null;
}

export interface QueueFilter {
  queue: Queue | '';
  kind: ReviewKind | '';
}

/** Open review items, highest priority first, 20 a page. */
export function useQueue(filter: QueueFilter): Paged<ReviewItem> {
  return usePaged<ReviewItem>(
    withQuery(`${BASE}/queue`, { queue: filter.queue, kind: filter.kind, limit: 20 }),
  );
}

export function useReviewItem(id: string): Resource<ReviewItemDetail> {
  return useResource<ReviewItemDetail>(`${BASE}/queue/${seg(id)}`);
}

export function claimItem(id: string): Promise<void> {
  return apiPost<void>(`${BASE}/queue/${seg(id)}/claim`);
}

export function releaseItem(id: string): Promise<void> {
  return apiDelete(`${BASE}/queue/${seg(id)}/claim`);
}

export interface DecisionInput {
  decision: ReviewDecision;
  reason: ReviewReason;
  note?: string;
}

export interface DecisionResult {
  id: string;
  ok: boolean;
  published?: boolean;
  withdrawn?: boolean;
  error?: { code: string; message: string };
}

export function decideItem(id: string, input: DecisionInput): Promise<DecisionResult> {
  return apiPost<DecisionResult>(`${BASE}/queue/${seg(id)}/decision`, input);
}

export async function decideItems(
  ids: readonly string[],
  input: DecisionInput,
): Promise<DecisionResult[]> {
  const answer = await apiPost<{ results: DecisionResult[] }>(`${BASE}/queue/decisions`, {
    ...input,
    ids,
  });
  return answer.results;
}

/**
 * The order of the queue the moderator last looked at, so the item view can step to the next
 * and previous item (`j` / `k`) without reading the list again.
 */
const queueOrderStore = createStore<readonly string[]>([]);

export function rememberQueueOrder(ids: readonly string[]): void {
  const current = queueOrderStore.get();
  if (current.length !== ids.length || current.some((id, index) => id !== ids[index])) {
    queueOrderStore.set(ids);
  }
}

export function useQueueOrder(): readonly string[] {
  return useStore(queueOrderStore);
}

// Policies

export const POLICY_SCOPES = ['tenant', 'region', 'space'] as const;
export type PolicyScope = (typeof POLICY_SCOPES)[number];
export const POLICY_MODES = ['enforce', 'shadow'] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

/** Categories a policy sets thresholds for. */
export const THRESHOLD_CATEGORIES = [
  'toxicity',
  'profanity',
  'insult',
  'harassment',
  'hate',
  'threat',
  'sexual',
  'self_harm',
  'spam',
  'scam',
  'personal_data',
] as const;
export type ThresholdCategory = (typeof THRESHOLD_CATEGORIES)[number];

export const WATCHED_ACTIONS = ['block', 'hold', 'tag', 'censor'] as const;
export type WatchedAction = (typeof WATCHED_ACTIONS)[number];

export interface WatchedWord {
  word: string;
  action: WatchedAction;
  tag?: string;
}

/** What a policy sets; a missing field inherits from the broader scope or Guild's default. */
export interface PolicySettings {
  thresholds?: Partial<Record<ThresholdCategory, { hold: number; reject: number }>>;
  newMemberStrictness?: number;
  autoRejectCap?: number;
  auditSampleRate?: number;
  watchedWords?: WatchedWord[];
  allowedWords?: string[];
  trustedDomains?: string[];
  languages?: string[];
  reviewMinutes?: { standard?: number; senior?: number };
}

export interface Policy {
  id: string;
  scope: PolicyScope;
  spaceSlug: string | null;
  regionCode: string | null;
  mode: PolicyMode;
  settings: PolicySettings;
  updatedAt: string;
}

export interface PolicyInput {
  scope: PolicyScope;
  spaceSlug?: string;
  regionCode?: string;
  mode: PolicyMode;
  /**
   * Sent as the form holds it: a number field that is not a number goes to the server as it
   * was typed, so the server's validation names it.
   */
  settings: Record<string, unknown>;
}

export function usePolicies(): Resource<{ items: Policy[] }> {
  return useResource<{ items: Policy[] }>(`${BASE}/policies`);
}

export function savePolicy(input: PolicyInput): Promise<Policy> {
  return apiPut<Policy>(`${BASE}/policies`, input);
}

export function deletePolicy(id: string): Promise<void> {
  return apiDelete(`${BASE}/policies/${seg(id)}`);
}

// Model versions

export interface HeadMetrics {
  n: number;
  positives?: number;
  threshold: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  auc: number | null;
  balancedAccuracy: number | null;
  confusion: { tp: number; fp: number; tn: number; fn: number };
}

export const MODEL_STATUSES = ['candidate', 'shadow', 'live', 'retired', 'refused'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

export interface ModelVersion {
  version: string;
  status: ModelStatus;
  trainingRows: number;
  evaluationRows: number;
  metrics: Record<string, HeadMetrics>;
  baseline: Record<string, HeadMetrics>;
  biasPassed: boolean;
  biasMaxGap: number;
  createdAt: string;
  promotedAt: string | null;
}

export interface ModelList {
  live: string;
  items: ModelVersion[];
}

export interface TrainAnswer {
  version: string;
  better: boolean;
  biasPassed: boolean;
  trainingRows: number;
  evaluationRows: number;
}

export function useModels(): Resource<ModelList> {
  return useResource<ModelList>(`${BASE}/models`);
}

export function trainModel(): Promise<TrainAnswer> {
  return apiPost<TrainAnswer>(`${BASE}/models`);
}

export function promoteModel(version: string): Promise<{ version: string; status: string }> {
  return apiPost(`${BASE}/models/${seg(version)}/promote`, { mode: 'live' });
}

// Figures

export interface Percentiles {
  p50: number | null;
  p90: number | null;
}

export interface MetricsReport {
  from: string;
  to: string;
  items: number;
  decidedAutomatically: number;
  decidedByPeople: number;
  waiting: number;
  automaticShare: number | null;
  secondsToDecision: { automatic: Percentiles; human: Percentiles };
  audit: { sampled: number; precision: number | null; rejectionPrecision: number | null };
  humanReviews: number;
  moderatorHours: number;
  providerFailures: number;
  cost: {
    costPerReview: number;
    aiCostPerItem: number;
    withoutGuild: number;
    withGuild: number;
    moderationCostReduction: number | null;
  };
}

export interface MetricsQuery {
  from?: string;
  to?: string;
  costPerReview?: number;
  aiCostPerItem?: number;
}

/** The figures for a period; a null query fetches nothing. */
export function useMetrics(query: MetricsQuery | null): Resource<MetricsReport> {
  return useResource<MetricsReport>(
    query === null ? null : withQuery(`${BASE}/metrics`, { ...query }),
  );
}
