// The gamification API (`/api/v1/points`, `/api/v1/gamification`): points and their history,
// levels, badges, streaks, challenges, leaderboards, and for managers the point rules, manual
// awards and the reconciliation report. Shapes follow src/gamification/**/*.routes.ts.
import { apiGet, apiPatch, apiPost, apiPut, seg, withQuery } from './client';
import { postWithKey } from './idempotent';
import { type Paged, usePaged } from './usePaged';
import { type Resource, useResource } from './useResource';

const POINTS = '/points';
const GAMIFICATION = '/gamification';

// Roles

/** Roles that manage points, rules, badges, challenges and rewards (the API checks too). */
const PROGRAM_ROLES = ['manager', 'admin'];

export function canManageProgram(role: string | undefined): boolean {
  return role !== undefined && PROGRAM_ROLES.includes(role);
}

// Points

export interface Balances {
  lifetime: number;
  spendable: number;
  pending: number;
  tierQualifying: number;
}

export interface PointsSummary {
  userId: string;
  balances: Balances;
  /** Lots that expire, soonest first. */
  expiring: { points: number; expiresAt: string }[];
  /** Pending points and when they become spendable. */
  releases: { points: number; availableAt: string }[];
  timezone: string;
}

export const ENTRY_KINDS = [
  'award',
  'reversal',
  'adjustment',
  'redemption',
  'refund',
  'expiry',
  'release',
  'conversion',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface LedgerEntry {
  id: string;
  kind: EntryKind;
  bucket: 'spendable' | 'pending';
  amount: number;
  tierQualifying: boolean;
  reason: string;
  source: string;
  sourceRef: string | null;
  ruleId: string | null;
  ruleVersion: number | null;
  reversesEntryId: string | null;
  availableAt: string | null;
  expiresAt: string | null;
  createdAt: string;
}

export function useMyPoints(): Resource<PointsSummary> {
  return useResource<PointsSummary>(`${POINTS}/me`);
}

export function useMyEntries(): Paged<LedgerEntry> {
  return usePaged<LedgerEntry>(withQuery(`${POINTS}/me/entries`, { limit: 10 }));
}

export function useMemberPoints(userId: string | null): Resource<PointsSummary> {
  return useResource<PointsSummary>(userId ? `${POINTS}/members/${seg(userId)}` : null);
}

export interface ManualChange {
  userId: string;
  points: number;
  reason: string;
  /** Awards only: days until the points expire (null: never). */
  expiresInDays?: number | null;
  /** Adjustments only: allow the spendable balance to go below zero. */
  allowNegative?: boolean;
}

export interface ChangeResult {
  entry: LedgerEntry;
  balances: Balances;
}

/** Awards (positive) or adjusts (either sign) a member's points under one Idempotency-Key. */
export function changePoints(
  kind: 'award' | 'adjustment',
  change: ManualChange,
  key: string,
): Promise<ChangeResult> {
  return postWithKey<ChangeResult>(
    kind === 'award' ? `${POINTS}/awards` : `${POINTS}/adjustments`,
    change,
    key,
  );
}

export interface Reconciliation {
  membersChecked: number;
  entriesChecked: number;
  drift: { userId: string; field: string; recorded: number; fromEntries: number }[];
  checkedAt: string;
}

export function runReconciliation(): Promise<Reconciliation> {
  return apiGet<Reconciliation>(`${POINTS}/reconciliation`);
}

// Levels, streak, badges

export interface Level {
  id: string;
  number: number;
  name: string;
  minPoints: number;
  privileges: string[];
  archived: boolean;
  createdAt: string;
}

export interface MemberLevel {
  userId: string;
  lifetimePoints: number;
  level: Level | null;
  next: (Level & { pointsToGo: number }) | null;
  privileges: string[];
}

export function useMyLevel(): Resource<MemberLevel> {
  return useResource<MemberLevel>(`${GAMIFICATION}/me/level`);
}

export function useLevels(): Resource<{ items: Level[] }> {
  return useResource<{ items: Level[] }>(`${GAMIFICATION}/levels`);
}

export interface Streak {
  current: number;
  longest: number;
  lastActiveDay: string | null;
  today: string;
  activeToday: boolean;
  timezone: string;
}

export function useMyStreak(): Resource<Streak> {
  return useResource<Streak>(`${GAMIFICATION}/me/streak`);
}

export const BADGE_TIERS = ['bronze', 'silver', 'gold'] as const;
export type BadgeTier = (typeof BADGE_TIERS)[number];
export const BADGE_CRITERIA = ['count', 'streak', 'first', 'manual'] as const;
export type BadgeCriterion = (typeof BADGE_CRITERIA)[number];

export interface HeldBadge {
  id: string;
  badge: { id: string; key: string; name: string; description: string };
  tier: BadgeTier;
  source: 'automatic' | 'manual';
  grantedAt: string;
}

export function useMyBadges(): Paged<HeldBadge> {
  return usePaged<HeldBadge>(`${GAMIFICATION}/me/badges`);
}

export interface BadgeTierRule {
  tier: BadgeTier;
  threshold: number;
  points: number;
}

export interface Badge {
  id: string;
  key: string;
  name: string;
  description: string;
  criterion: BadgeCriterion;
  activityKind: string | null;
  spaceId: string | null;
  revocable: boolean;
  visible: boolean;
  status: 'active' | 'archived';
  tiers: BadgeTierRule[];
  createdAt: string;
  updatedAt: string;
}

export function useBadges(includeArchived: boolean): Paged<Badge> {
  return usePaged<Badge>(withQuery(`${GAMIFICATION}/badges`, { includeArchived }));
}

export interface BadgeInput {
  key: string;
  name: string;
  description?: string;
  criterion: BadgeCriterion;
  activityKind?: string | null;
  revocable?: boolean;
  visible?: boolean;
  tiers: BadgeTierRule[];
}

export function createBadge(input: BadgeInput): Promise<Badge> {
  return apiPost<Badge>(`${GAMIFICATION}/badges`, input);
}

export function archiveBadge(id: string): Promise<Badge> {
  return apiPost<Badge>(`${GAMIFICATION}/badges/${seg(id)}/archive`);
}

// Challenges

export const STEP_KINDS = ['online', 'in_store', 'purchase'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface ChallengeStep {
  id: string;
  position: number;
  title: string;
  kind: StepKind;
  activityKind: string;
  spaceId: string | null;
  storeId: string | null;
  minAmount: number | null;
  requiredCount: number;
}

export interface Disclosure {
  required: boolean;
  rule: string;
  /** The words a member must add when posting about the challenge (DISC-01). */
  reminder: string;
  custom: boolean;
}

export interface Challenge {
  id: string;
  title: string;
  description: string;
  status: 'draft' | 'published' | 'archived';
  state: 'draft' | 'upcoming' | 'running' | 'ended' | 'archived';
  timezone: string;
  startsAtLocal: string;
  endsAtLocal: string;
  startsAt: string;
  endsAt: string;
  steps: ChallengeStep[];
  regionIds: string[];
  segmentIds: string[];
  prizePoints: number | null;
  rewardId: string | null;
  disclosure: Disclosure | null;
  publishedAt: string | null;
  createdAt: string;
}

export interface MemberChallenge extends Challenge {
  progress: {
    joined: boolean;
    joinedAt: string | null;
    completedAt: string | null;
    steps: { stepId: string; done: number; required: number; complete: boolean }[];
  };
}

export function useOpenChallenges(): Paged<MemberChallenge> {
  return usePaged<MemberChallenge>(`${GAMIFICATION}/challenges`);
}

export function joinChallenge(id: string): Promise<MemberChallenge> {
  return apiPost<MemberChallenge>(`${GAMIFICATION}/challenges/${seg(id)}/join`);
}

export function useManagedChallenges(): Paged<Challenge> {
  return usePaged<Challenge>(`${GAMIFICATION}/manage/challenges`);
}

export interface ChallengeInput {
  title: string;
  description?: string;
  /** Local date and time in the community's time zone, `YYYY-MM-DDTHH:mm`. */
  startsAt: string;
  endsAt: string;
  steps: {
    title: string;
    kind: StepKind;
    activityKind?: string;
    requiredCount?: number;
  }[];
  prizePoints?: number | null;
  disclosureText?: string | null;
}

export function createChallenge(input: ChallengeInput): Promise<Challenge> {
  return apiPost<Challenge>(`${GAMIFICATION}/challenges`, input);
}

export function challengeAction(id: string, action: 'publish' | 'archive'): Promise<Challenge> {
  return apiPost<Challenge>(`${GAMIFICATION}/challenges/${seg(id)}/${action}`);
}

// Leaderboards

export const BOARDS = ['points', 'rising', 'reputation'] as const;
export type Board = (typeof BOARDS)[number];
export const PERIODS = ['week', 'month', 'all'] as const;
export type Period = (typeof PERIODS)[number];

export interface LeaderboardQuery {
  board: Board;
  period: Period;
  spaceId: string;
  segment: string;
}

export interface Leaderboard {
  board: Board;
  period: string;
  from: string | null;
  to: string | null;
  items: {
    rank: number;
    member: { id: string; username: string; displayName: string };
    points: number;
  }[];
  me: { rank: number | null; points: number; note: string | null } | null;
  freshness: {
    foldedThroughId: string;
    foldedAt: string;
    behindEntries: number;
    behindSeconds: number;
  };
}

export function useLeaderboard(query: LeaderboardQuery): Resource<Leaderboard> {
  return useResource<Leaderboard>(
    withQuery(`${GAMIFICATION}/leaderboards`, {
      board: query.board,
      period: query.period,
      spaceId: query.spaceId,
      segment: query.segment.trim(),
      limit: 20,
    }),
  );
}

export function useLeaderboardPreferences(): Resource<{ optedOut: boolean }> {
  return useResource<{ optedOut: boolean }>(`${GAMIFICATION}/leaderboards/preferences`);
}

export function setLeaderboardOptOut(optedOut: boolean): Promise<{ optedOut: boolean }> {
  return apiPut<{ optedOut: boolean }>(`${GAMIFICATION}/leaderboards/preferences`, { optedOut });
}

// Point rules

const RULES = `${GAMIFICATION}/rules`;

export const ACTIVITY_KINDS = [
  'post_published',
  'comment_published',
  'reaction_received',
  'answer_accepted',
  'daily_visit',
  'purchase',
  'review',
  'store_visit',
  'referral_converted',
  'challenge_step',
  'mission_approved',
  'loyalty_event',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const RULE_SCOPES = ['tenant', 'region', 'space'] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

export interface Cap {
  count: number | null;
  points: number | null;
}

export interface RuleSettings {
  points: number | null;
  pointsPerCurrencyUnit: number | null;
  minorUnitsPerCurrencyUnit: number;
  dailyCap: Cap | null;
  weeklyCap: Cap | null;
  lifetimeCap: Cap | null;
  cooldownSeconds: number | null;
  diminishing: { afterCount: number; step: number } | null;
  eligibility: { roles: string[]; segments: string[]; minAccountAgeDays: number | null };
  conditions: Record<string, string | number | boolean>;
  returnWindowDays: number | null;
  expiryDays: number | null;
  tierQualifying: boolean;
}

export interface Rule {
  id: string;
  version: number;
  name: string;
  eventKind: ActivityKind;
  scope: RuleScope;
  regionCode: string | null;
  spaceSlug: string | null;
  bonus: boolean;
  active: boolean;
  settings: RuleSettings;
  createdAt: string;
  updatedAt: string;
}

/** What the rule form sends; left-out fields keep their defaults (or their current value). */
export interface RuleInput {
  name: string;
  eventKind: ActivityKind;
  scope: RuleScope;
  regionCode?: string | null;
  spaceSlug?: string | null;
  bonus?: boolean;
  active?: boolean;
  points?: number | null;
  pointsPerCurrencyUnit?: number | null;
  dailyCap?: { count?: number; points?: number } | null;
  cooldownSeconds?: number | null;
  returnWindowDays?: number | null;
  expiryDays?: number | null;
  tierQualifying?: boolean;
}

export function useRules(): Paged<Rule> {
  return usePaged<Rule>(RULES);
}

export function createRule(input: RuleInput): Promise<Rule> {
  return apiPost<Rule>(RULES, input);
}

export function updateRule(id: string, change: Partial<RuleInput>): Promise<Rule> {
  return apiPatch<Rule>(`${RULES}/${seg(id)}`, change);
}

export function deactivateRule(id: string): Promise<Rule> {
  return apiPost<Rule>(`${RULES}/${seg(id)}/deactivate`);
}

export function installDefaultRules(): Promise<{ items: Rule[] }> {
  return apiPost<{ items: Rule[] }>(`${RULES}/defaults`);
}

export interface RuleVersion {
  /** Used as the list key; the version number is unique per rule. */
  id: string;
  version: number;
  change: string;
  definition: Record<string, unknown>;
  changedBy: string | null;
  createdAt: string;
}

interface RawRuleVersion {
  version: number;
  change: string;
  definition: Record<string, unknown>;
  changedBy: string | null;
  createdAt: string;
}

export async function ruleVersions(id: string): Promise<RuleVersion[]> {
  const page = await apiGet<{ items: RawRuleVersion[] }>(
    withQuery(`${RULES}/${seg(id)}/versions`, { limit: 50 }),
  );
  return page.items.map((item) => ({ ...item, id: String(item.version) }));
}

export interface Backfill {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  adjusted: number;
  pointsDelta: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function startBackfill(): Promise<Backfill> {
  return apiPost<Backfill>(`${RULES}/backfill`);
}

export function getBackfill(id: string): Promise<Backfill> {
  return apiGet<Backfill>(`${RULES}/backfill/${seg(id)}`);
}
