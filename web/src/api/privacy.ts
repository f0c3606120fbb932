// The member's consents (`/api/v1/privacy`): one toggle per purpose, each granted or
// withdrawn in one call. Shapes follow src/privacy/privacy.routes.ts.
import { apiPut, seg } from './client';
import { type Resource, useResource } from './useResource';

export const CONSENT_PURPOSES = [
  'marketing_email',
  'ambassador_scoring',
  'social_import',
  'cookies',
  'loyalty_program',
  'ad_sharing',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export interface ConsentNotice {
  id: string;
  purpose: ConsentPurpose;
  version: number;
  body: string;
  sha256: string;
  publishedAt: string;
}

export interface ConsentState {
  purpose: ConsentPurpose;
  granted: boolean;
  grantedAt: string | null;
  grantedNoticeVersion: number | null;
  /** A newer notice was published since the member granted. */
  noticeChanged: boolean;
  /** Under the consent age: this purpose cannot be granted (PRV-10). */
  locked: boolean;
  notice: ConsentNotice;
}

export function useConsents(): Resource<{ items: ConsentState[] }> {
  return useResource<{ items: ConsentState[] }>('/privacy/consents');
}

/** Grants (with the notice version the member read) or withdraws one purpose. */
export function setConsent(
  purpose: ConsentPurpose,
  granted: boolean,
  noticeVersion: number,
): Promise<ConsentState> {
  return apiPut<ConsentState>(
    `/privacy/consents/${seg(purpose)}`,
    granted ? { granted, noticeVersion } : { granted },
  );
}
