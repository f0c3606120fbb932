// The content API (`/api/v1/content`): ambassadors' submissions, their pre-check findings,
// reviewers' decisions and usage rights. Shapes follow src/compliance/content/content.routes.ts.
import { apiPost, seg, withQuery } from './client';
import { type Paged, usePaged } from './usePaged';
import { type Resource, useResource } from './useResource';

const BASE = '/content';

export const SUBMISSION_STATUSES = [
  'in_review',
  'changes_requested',
  'approved',
  'rejected',
] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export function isSubmissionStatus(value: string): value is SubmissionStatus {
  return (SUBMISSION_STATUSES as readonly string[]).includes(value);
}

export const REJECT_REASONS = [
  'disclosure',
  'brand_claim',
  'off_brief',
  'quality',
  'rights',
  'inappropriate',
  'other',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const RIGHTS_CHANNELS = [
  'instagram',
  'tiktok',
  'youtube',
  'facebook',
  'x',
  'blog',
  'community',
  'website',
  'email',
  'print',
  'in_store',
] as const;
export type RightsChannel = (typeof RIGHTS_CHANNELS)[number];

export type Severity = 'B' | 'W' | 'I';
export type Hint = 'clean' | 'warn' | 'block';

export interface FindingSpan {
  start: number;
  end: number;
  text: string;
}

export interface Finding {
  id: string;
  source: 'moderation' | 'disclosure' | 'brand';
  ruleId: string;
  severity: Severity;
  message: string;
  spans: FindingSpan[];
}

export interface Submission {
  id: string;
  /** Null for a challenge's submission (then `challengeId` is set). */
  programId: string | null;
  challengeId: string | null;
  /** The program's name, or the challenge's title. */
  programName: string;
  author: { id: string; username: string; displayName: string } | null;
  missionId: string | null;
  assignmentId: string | null;
  status: SubmissionStatus;
  currentVersion: number;
  title: string | null;
  hint: Hint;
  firstSubmittedAt: string;
  versionSubmittedAt: string;
  dueAt: string;
  overdue: boolean;
  escalated: boolean;
  breached: boolean;
  reviewItemId: string | null;
  firstDecision: 'approve' | 'reject' | null;
  firstDecidedAt: string | null;
  firstDecisionAutomatic: boolean | null;
  decidedAt: string | null;
  missionOutcome: string | null;
  createdAt: string;
}

export interface Version {
  version: number;
  title: string | null;
  body: string;
  links: string[];
  media: {
    kind: 'image' | 'video';
    uploadId: string | null;
    altText: string | null;
    durationSeconds: number | null;
  }[];
  platforms: string[];
  market: string;
  declaredPaid: boolean;
  findings: Finding[];
  hint: Hint;
  createdAt: string;
}

export interface DecisionRecord {
  version: number;
  decision: 'approve' | 'reject' | 'request_changes';
  reasonCode: string | null;
  note: string | null;
  changes: { findingId: string; note: string }[];
  automatic: boolean;
  decidedBy: string | null;
  decidedAt: string;
}

export interface SubmissionDetail extends Submission {
  versions: Version[];
  decisions: DecisionRecord[];
}

export interface Rights {
  id: string;
  submissionId: string;
  uploadId: string | null;
  channels: RightsChannel[];
  startsAt: string;
  endsAt: string;
  paidUse: boolean;
  feeNote: string | null;
  state: 'upcoming' | 'active' | 'expired';
  createdAt: string;
  uses: { channel: string; paid: boolean; usedOn: string }[];
}

export interface ReviewFilter {
  status: SubmissionStatus | '';
  overdue: boolean;
}

/** Submissions for reviewers, soonest deadline (overdue) first. */
export function useReviewList(filter: ReviewFilter): Paged<Submission> {
  return usePaged<Submission>(
    withQuery(`${BASE}/submissions`, {
      status: filter.status,
      overdue: filter.overdue ? true : undefined,
      limit: 25,
    }),
  );
}

export function useSubmission(id: string | null): Resource<SubmissionDetail> {
  return useResource<SubmissionDetail>(id ? `${BASE}/submissions/${seg(id)}` : null);
}

export function useRights(id: string | null): Resource<{ items: Rights[] }> {
  return useResource<{ items: Rights[] }>(id ? `${BASE}/submissions/${seg(id)}/rights` : null);
}

export type DecisionInput =
  | { decision: 'approve'; note?: string }
  | { decision: 'reject'; reason: RejectReason; note?: string }
  | {
      decision: 'request_changes';
      changes: { findingId: string; note: string }[];
      note?: string;
    };

export function decideSubmission(id: string, input: DecisionInput): Promise<SubmissionDetail> {
  return apiPost<SubmissionDetail>(`${BASE}/submissions/${seg(id)}/decision`, input);
}

export interface RightsInput {
  uploadId?: string | null;
  channels: RightsChannel[];
  startsAt: string;
  endsAt: string;
  paidUse: boolean;
  feeNote?: string;
}

export function grantRights(id: string, input: RightsInput): Promise<Rights> {
  return apiPost<Rights>(`${BASE}/submissions/${seg(id)}/rights`, input);
}

/** The address of an uploaded image (served by the API with its detected type). */
export function uploadUrl(uploadId: string): string {
  return `/api/v1${BASE}/uploads/${seg(uploadId)}`;
}

// The ambassador's side

export const PLATFORMS = [
  'instagram',
  'tiktok',
  'youtube',
  'facebook',
  'x',
  'blog',
  'community',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface VersionInput {
  title?: string | null;
  body: string;
  links?: string[];
  media?: { kind: 'image' | 'video'; uploadId?: string | null; altText?: string | null }[];
  platforms: Platform[];
  market?: string | null;
  declaredPaid?: boolean;
}

export interface Upload {
  id: string;
  mediaType: string;
  byteSize: number;
  width: number;
  height: number;
  displayName: string;
}

/** The member's own submissions, newest first. */
export function useMySubmissions(): Paged<Submission> {
  return usePaged<Submission>(withQuery(`${BASE}/submissions/mine`, { limit: 20 }));
}

export function submitContent(
  input: VersionInput & {
    programId?: string;
    challengeId?: string;
    missionId?: string | null;
    assignmentId?: string | null;
  },
): Promise<SubmissionDetail> {
  return apiPost<SubmissionDetail>(`${BASE}/submissions`, input);
}

export function sendVersion(id: string, input: VersionInput): Promise<SubmissionDetail> {
  return apiPost<SubmissionDetail>(`${BASE}/submissions/${seg(id)}/versions`, input);
}

function base64Of(bytes: ArrayBuffer): string {
  let binary = '';
  const view = new Uint8Array(bytes);
  for (let index = 0; index < view.length; index += 0x8000) {
    binary += String.fromCharCode(...view.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}

/** Uploads an image file; the server judges it by its bytes. */
export async function uploadImage(file: File): Promise<Upload> {
  return apiPost<Upload>(`${BASE}/uploads`, {
    filename: file.name,
    data: base64Of(await file.arrayBuffer()),
  });
}
