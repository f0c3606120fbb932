// Data-subject requests (`/api/v1/privacy`): the member files requests, follows their own and
// downloads their data; admins work the board sorted by due date, move requests through their
// states, record the identity check and the one extension, and prepare archives.
// Shapes follow src/privacy/requests/requests.routes.ts.
import { useEffect } from 'react';
import { API_BASE, apiPost, seg, withQuery } from './client';
import { type Paged, usePaged } from './usePaged';

export const REQUEST_KINDS = [
  'access',
  'portability',
  'erasure',
  'rectification',
  'objection',
  'restriction',
  'know',
  'delete',
  'correct',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** What a member may file themselves; Guild renames a kind for the member's regime. */
export const MEMBER_KINDS: readonly RequestKind[] = [
  'access',
  'portability',
  'rectification',
  'erasure',
  'objection',
  'restriction',
];

export const REQUEST_STATUSES = [
  'received',
  'acknowledged',
  'in_progress',
  'completed',
  'refused',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const OPEN_STATUSES: readonly RequestStatus[] = ['received', 'acknowledged', 'in_progress'];

/** How an admin checked the member's identity (a signed-in session counts on its own). */
export const IDENTITY_METHODS = ['email_match', 'document', 'knowledge_check', 'other'] as const;
export type IdentityMethod = (typeof IDENTITY_METHODS)[number];

/** Kinds answered with an archive of the member's data. */
export const EXPORT_KINDS: readonly RequestKind[] = ['access', 'portability', 'know'];
/** Kinds answered by erasing the member. */
export const ERASURE_KINDS: readonly RequestKind[] = ['erasure', 'delete'];

export type Regime = 'gdpr' | 'ccpa';

export const REQUEST_CHANNELS = [
  'privacy_centre',
  'email',
  'phone',
  'post',
  'in_person',
  'other',
] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

export interface PrivacyRequest {
  id: string;
  userId: string | null;
  username: string | null;
  regime: Regime;
  kind: RequestKind;
  status: RequestStatus;
  channel: RequestChannel;
  note: string | null;
  receivedAt: string;
  firstDueAt: string;
  dueAt: string;
  ackDueAt: string | null;
  acknowledgedAt: string | null;
  extendedAt: string | null;
  extensionNoticeAt: string | null;
  extensionReason: string | null;
  identityVerifiedAt: string | null;
  identityMethod: 'signed_in_session' | IdentityMethod | null;
  refusalReason: string | null;
  closedAt: string | null;
  daysLeft: number | null;
  overdue: boolean;
  ackOverdue: boolean;
  answeredLate: boolean;
  exportId: string | null;
}

export interface PrivacyExport {
  id: string;
  requestId: string;
  sha256: string;
  bytes: number;
  files: { file: string; rows: number }[];
  createdAt: string;
  expiresAt: string;
  downloads: number;
}

function useReloadOn<T>(paged: Paged<T>, version: number): Paged<T> {
  const { reload } = paged;
  useEffect(() => {
    if (version > 0) {
      reload();
    }
  }, [version, reload]);
  return paged;
}

// ---- the member's side ---------------------------------------------------------------

export function useMyRequests(version: number): Paged<PrivacyRequest> {
  return useReloadOn(usePaged<PrivacyRequest>('/privacy/me/requests?limit=50'), version);
}

export function fileRequest(kind: RequestKind, note: string): Promise<PrivacyRequest> {
  return apiPost<PrivacyRequest>('/privacy/requests', note.trim() ? { kind, note } : { kind });
}

/** "Download my data": an access request answered at once with an archive. */
export function exportMyData(): Promise<{ request: PrivacyRequest; export: PrivacyExport }> {
  return apiPost('/privacy/me/export');
}

/** Where the member's browser downloads one of their archives. */
export function myExportUrl(id: string): string {
  return `${API_BASE}/privacy/me/exports/${seg(id)}/download`;
}

// ---- the board (admins) --------------------------------------------------------------

export interface BoardFilters {
  status: RequestStatus | '';
  kind: RequestKind | '';
  overdue: '' | 'true' | 'false';
}

export function useRequestBoard(filters: BoardFilters, version: number): Paged<PrivacyRequest> {
  return useReloadOn(
    usePaged<PrivacyRequest>(withQuery('/privacy/requests', { ...filters, limit: 20 })),
    version,
  );
}

export type MoveAction = 'acknowledge' | 'start' | 'complete' | 'refuse';

export function moveRequest(
  id: string,
  action: MoveAction,
  reason?: string,
): Promise<PrivacyRequest> {
  return apiPost<PrivacyRequest>(
    `/privacy/requests/${seg(id)}/${action}`,
    reason ? { reason } : {},
  );
}

export function verifyIdentity(id: string, method: IdentityMethod): Promise<PrivacyRequest> {
  return apiPost<PrivacyRequest>(`/privacy/requests/${seg(id)}/verify-identity`, { method });
}

/** Extends once; without `noticeSentAt` Guild e-mails the notice to the member itself. */
export function extendRequest(
  id: string,
  reason: string,
  noticeSentAt?: string,
): Promise<PrivacyRequest> {
  return apiPost<PrivacyRequest>(
    `/privacy/requests/${seg(id)}/extend`,
    noticeSentAt ? { reason, noticeSentAt } : { reason },
  );
}

export function prepareRequestExport(id: string): Promise<PrivacyExport> {
  return apiPost<PrivacyExport>(`/privacy/requests/${seg(id)}/export`);
}

/** Where an admin downloads a member's archive. */
export function adminExportUrl(id: string): string {
  return `${API_BASE}/privacy/exports/${seg(id)}/download`;
}
