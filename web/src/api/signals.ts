// The gaming signals API (`/api/v1/gamification/signals`, managers): fatigue of the community
// with its warnings, and farming findings with detection and clearing. Shapes follow
// src/gamification/signals/signals.routes.ts.
import { apiPost, seg, withQuery } from './client';
import { type Paged, usePaged } from './usePaged';
import { type Resource, useResource } from './useResource';

const BASE = '/gamification/signals';

export interface Trend {
  counts: number[];
  total: number;
  slope: number;
  recentAverage: number;
  baselineAverage: number;
  /** Recent against baseline, e.g. -0.4 for a 40 % drop; null without a baseline. */
  change: number | null;
  decaying: boolean;
}

export interface FatigueWarning {
  subjectType: 'challenge' | 'reward' | 'tenant';
  subjectId: string | null;
  subjectName: string;
  metric: 'participation' | 'completions' | 'redemptions' | 'active_members';
  change: number;
  message: string;
}

export interface FatigueOverview {
  timezone: string;
  /** The first day of each week counted, oldest first. */
  weeks: string[];
  activeMembers: Trend;
  warnings: FatigueWarning[];
  warningCount: number;
}

export function useFatigue(): Resource<FatigueOverview> {
  return useResource<FatigueOverview>(`${BASE}/fatigue`);
}

export const FINDING_KINDS = ['post_delete_loop', 'reaction_toggling', 'reaction_ring'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export const FINDING_STATUSES = ['open', 'cleared'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface Finding {
  id: string;
  kind: FindingKind;
  status: FindingStatus;
  members: {
    userId: string;
    username: string;
    role: 'member' | 'beneficiary';
    riskFlagId: string | null;
    flagged: boolean;
    clearedAt: string | null;
  }[];
  evidence: Record<string, number>;
  summary: string;
  firstSeenAt: string;
  lastSeenAt: string;
  detectedAt: string;
  updatedAt: string;
  clearedAt: string | null;
  clearedBy: string | null;
  clearNote: string | null;
}

export function useFindings(status: FindingStatus | ''): Paged<Finding> {
  return usePaged<Finding>(withQuery(`${BASE}/findings`, { status }));
}

export interface Detection {
  raised: Finding[];
  updated: number;
  skipped: number;
  flagged: number;
}

export function detectNow(): Promise<Detection> {
  return apiPost<Detection>(`${BASE}/detect`, {});
}

/** Clears a finding, or only one member's part of it, and the risk flags it raised. */
export function clearFinding(id: string, note: string, userId?: string): Promise<Finding> {
  return apiPost<Finding>(`${BASE}/findings/${seg(id)}/clear`, {
    ...(note.trim() ? { note: note.trim() } : {}),
    ...(userId ? { userId } : {}),
  });
}
