// The ambassador program (`/api/v1/ambassadors`): for managers the programs, scoring runs,
// candidates with their reasons, the pipeline and its moves, and score reviews; for members
// their places, their scores with why, opting out, applying and asking for a human review.
// Shapes follow src/ambassadors/ambassadors.routes.ts.
import { useCallback, useEffect, useState } from 'react';
import { type ApiError, apiGet, apiPost, apiPut, isAbortError, seg, withQuery } from './client';
import { type Paged, usePaged } from './usePaged';
import { type Resource, toApiError, useResource } from './useResource';

const BASE = '/ambassadors';

/** Roles that run ambassador programs (the API checks `ambassadors:manage` too). */
const MANAGER_ROLES = ['manager', 'admin'];

export function canManageAmbassadors(role: string | undefined): boolean {
  return role !== undefined && MANAGER_ROLES.includes(role);
}

export const FEATURES = [
  'recency_days',
  'purchase_frequency',
  'spend',
  'product_breadth',
  'active_months',
  'tenure_days',
  'return_share',
  'loyalty_tier',
  'accepted_answers',
  'reactions_received',
  'contributions',
  'reviews',
  'social_reach',
  'mention_sentiment',
] as const;
export type Feature = (typeof FEATURES)[number];
export type Weights = Record<Feature, number>;

export const STATES = [
  'applied',
  'identified',
  'invited',
  'accepted',
  'declined',
  'onboarding',
  'active',
  'paused',
  'alumni',
] as const;
export type State = (typeof STATES)[number];

/** The moves a manager may make from each state (src/ambassadors/workflow.ts). */
export const MANAGER_MOVES: Record<State, readonly State[]> = {
  applied: ['accepted', 'declined'],
  identified: ['invited'],
  invited: [],
  accepted: ['onboarding'],
  declined: ['identified'],
  onboarding: ['active', 'alumni'],
  active: ['paused', 'alumni'],
  paused: ['active', 'alumni'],
  alumni: ['identified'],
};

/** The moves a member may make on their own place. */
export const MEMBER_MOVES: Record<State, readonly State[]> = {
  applied: [],
  identified: [],
  invited: ['accepted', 'declined'],
  accepted: [],
  declined: [],
  onboarding: ['alumni'],
  active: ['paused', 'alumni'],
  paused: ['active', 'alumni'],
  alumni: [],
};

/** Moves for which a manager must give a reason. */
export function needsReason(from: State, to: State): boolean {
  return (
    (from === 'applied' && to === 'declined') ||
    (to === 'alumni' && (from === 'active' || from === 'paused' || from === 'onboarding'))
  );
}

export interface Program {
  id: string;
  name: string;
  description: string;
  regionCode: string | null;
  segmentKey: string | null;
  weights: Weights;
  minAge: number;
  workloadCap: number;
  inviteDailyLimit: number;
  reinviteAfterDays: number;
  invitationValidDays: number;
  strikeWindowDays: number;
  rescoreEveryHours: number;
  acceptsApplications: boolean;
  status: 'active' | 'archived';
  createdAt: string;
  updatedAt: string;
}

export interface ProgramDetail extends Program {
  pipeline: Record<string, number>;
}

export interface ProgramInput {
  name: string;
  description?: string;
  regionCode?: string | null;
  segmentKey?: string | null;
  weights?: Partial<Weights>;
  minAge?: number;
  workloadCap?: number;
  inviteDailyLimit?: number;
  acceptsApplications?: boolean;
}

export interface ScoreRun {
  id: string;
  programId: string;
  trigger: 'schedule' | 'manual';
  asOf: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  membersTotal: number | null;
  membersDone: number;
  scored: number;
  excluded: number;
  notConsented: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Reason {
  feature: Feature;
  kind: 'strength' | 'limit';
  text: string;
}

export interface Candidate {
  userId: string;
  username: string;
  displayName: string;
  regionCode: string | null;
  score: number | null;
  reasons: Reason[];
  exclusions: string[];
  exclusionTexts: string[];
  state: State | null;
  asOf: string;
  computedAt: string;
}

export interface FeatureLine {
  feature: Feature;
  label: string;
  value: number | null;
  weight: number;
  weightBand: 'low' | 'medium' | 'high';
  points: number;
}

export interface ReviewLink {
  id: string;
  status: 'open' | 'resolved';
  outcome: string | null;
  response: string | null;
}

export interface Explanation extends Candidate {
  programId: string;
  programName: string;
  features: FeatureLine[];
  contest: string;
  review: ReviewLink | null;
}

export interface Place {
  id: string;
  programId: string;
  userId: string;
  username: string;
  displayName: string;
  state: State;
  source: 'scoring' | 'application' | 'manual';
  scoreAtIdentification: number | null;
  applicationMessage: string | null;
  invitedAt: string | null;
  invitationExpiresAt: string | null;
  respondedAt: string | null;
  activatedAt: string | null;
  stateChangedAt: string;
  createdAt: string;
}

export interface Transition {
  id: number;
  fromState: State | null;
  toState: State;
  actorId: string | null;
  actorKind: 'member' | 'manager' | 'system';
  reason: string | null;
  at: string;
}

export interface ScoreReview {
  id: string;
  programId: string;
  programName: string;
  userId: string;
  username: string;
  message: string;
  scoreSeen: number | null;
  exclusionsSeen: string[];
  status: 'open' | 'resolved';
  outcome: 'upheld' | 'changed' | null;
  response: string | null;
  requestedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface MyAmbassador {
  optedOut: boolean;
  places: Place[];
  scores: Explanation[];
  openPrograms: { id: string; name: string; description: string }[];
}

// Programs

export function usePrograms(): Resource<{ items: Program[] }> {
  return useResource<{ items: Program[] }>(`${BASE}/programs`);
}

export function useProgram(id: string): Resource<ProgramDetail> {
  return useResource<ProgramDetail>(`${BASE}/programs/${seg(id)}`);
}

export function createProgram(input: ProgramInput): Promise<Program> {
  return apiPost<Program>(`${BASE}/programs`, input);
}

// Scoring runs

export function startScoreRun(programId: string): Promise<ScoreRun> {
  return apiPost<ScoreRun>(`${BASE}/programs/${seg(programId)}/score-runs`, {});
}

export function getScoreRun(id: string): Promise<ScoreRun> {
  return apiGet<ScoreRun>(`${BASE}/score-runs/${seg(id)}`);
}

// Candidates

export interface CandidateFilters {
  regionCode: string;
  segmentKey: string;
  minScore: string;
  includeExcluded: boolean;
  notInPipeline: boolean;
}

export interface CandidateList {
  items: Candidate[];
  nextCursor: string | null;
  loading: boolean;
  error: ApiError | null;
  loadMore: () => void;
  reload: () => void;
}

/** Candidates best first under the filters; `loadMore` appends the next page. */
export function useCandidates(
  programId: string,
  filters: CandidateFilters,
  version: number,
): CandidateList {
  const path = withQuery(`${BASE}/programs/${seg(programId)}/candidates`, {
    limit: 50,
    regionCode: filters.regionCode.trim(),
    segmentKey: filters.segmentKey.trim(),
    minScore: filters.minScore.trim(),
    includeExcluded: filters.includeExcluded ? true : undefined,
    notInPipeline: filters.notInPipeline ? true : undefined,
  });
  const [items, setItems] = useState<Candidate[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    setCursor(null);
  }, [path, generation, version]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    const url = cursor ? `${path}&${withQuery('', { cursor }).slice(1)}` : path;
    apiGet<{ items: Candidate[]; nextCursor: string | null }>(url, controller.signal)
      .then((page) => {
        setItems((current) => (cursor ? [...current, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
        setLoading(false);
      })
      .catch((caught: unknown) => {
        if (isAbortError(caught)) {
          return;
        }
        setError(toApiError(caught));
        setLoading(false);
      });
    return () => controller.abort();
  }, [path, cursor, generation, version]);

  const loadMore = useCallback(() => {
    if (nextCursor) {
      setCursor(nextCursor);
    }
  }, [nextCursor]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { items, nextCursor, loading, error, loadMore, reload };
}

export function useCandidate(programId: string, userId: string): Resource<Explanation> {
  return useResource<Explanation>(`${BASE}/programs/${seg(programId)}/candidates/${seg(userId)}`);
}

// Pipeline

export interface IdentifyResult {
  identified: Place[];
  skipped: { userId: string; reason: string }[];
}

export function addToPipeline(programId: string, userIds: string[]): Promise<IdentifyResult> {
  return apiPost<IdentifyResult>(`${BASE}/programs/${seg(programId)}/pipeline`, { userIds });
}

export type PipelinePage = Paged<Place> & { counts: Record<string, number> };

/** One column of the pipeline board: the places in `state`, latest move first, and counts. */
export function usePipeline(programId: string, state: State, version: number): PipelinePage {
  const [counts, setCounts] = useState<Record<string, number>>({});
  const path = withQuery(`${BASE}/programs/${seg(programId)}/pipeline`, {
    state,
    limit: 20,
  });
  const paged = usePaged<
    Place,
    { items: Place[]; nextCursor: string | null; counts: Record<string, number> }
  >(path, (page) => setCounts(page.counts));
  const { reload } = paged;
  useEffect(() => {
    if (version > 0) {
      reload();
    }
  }, [version, reload]);
  return { ...paged, counts };
}

export function usePlace(id: string | null): Resource<Place & { transitions: Transition[] }> {
  return useResource<Place & { transitions: Transition[] }>(
    id ? `${BASE}/members/${seg(id)}` : null,
  );
}

export function moveMember(id: string, to: State, reason?: string): Promise<Place> {
  return apiPost<Place>(`${BASE}/members/${seg(id)}/transitions`, reason ? { to, reason } : { to });
}

// Score reviews

export function useScoreReviews(
  status: '' | 'open' | 'resolved',
): Resource<{ items: ScoreReview[] }> {
  return useResource<{ items: ScoreReview[] }>(
    withQuery(`${BASE}/score-reviews`, { status, limit: 100 }),
  );
}

export function resolveReview(
  id: string,
  outcome: 'upheld' | 'changed',
  response: string,
): Promise<ScoreReview> {
  return apiPost<ScoreReview>(`${BASE}/score-reviews/${seg(id)}/resolve`, { outcome, response });
}

// The member's own side

export function useMyAmbassador(): Resource<MyAmbassador> {
  return useResource<MyAmbassador>(`${BASE}/me`);
}

export function setOptOut(optedOut: boolean): Promise<{ optedOut: boolean }> {
  return apiPut<{ optedOut: boolean }>(`${BASE}/me/opt-out`, { optedOut });
}

export function requestReview(programId: string, message: string): Promise<ScoreReview> {
  return apiPost<ScoreReview>(`${BASE}/me/score-reviews`, { programId, message });
}

export function applyToProgram(programId: string, message: string): Promise<Place> {
  return apiPost<Place>(`${BASE}/programs/${seg(programId)}/applications`, { message });
}

export function movePlace(id: string, to: State): Promise<Place> {
  return apiPost<Place>(`${BASE}/me/places/${seg(id)}/transitions`, { to });
}
