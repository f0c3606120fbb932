// Ambassador contracts (`/api/v1/ambassadors`): for managers a program's contract templates
// (write, check the clauses CON-01..10, publish, retire) and the contracts offered on them
// (offer, end); for ambassadors their own contracts and the click-through signature.
// Shapes follow src/compliance/contracts/contracts.routes.ts.
import { useEffect } from 'react';
import type { Place, State } from './ambassadors';
import { apiGet, apiPatch, apiPost, seg, withQuery } from './client';
import type { Page } from './types';
import { type Paged, usePaged } from './usePaged';
import { type Resource, useResource } from './useResource';

const BASE = '/ambassadors';

export const CLAUSE_IDS = [
  'CON-01',
  'CON-02',
  'CON-03',
  'CON-04',
  'CON-05',
  'CON-06',
  'CON-07',
  'CON-08',
  'CON-09',
  'CON-10',
] as const;
export type ClauseId = (typeof CLAUSE_IDS)[number];

export const TEMPLATE_STATUSES = ['draft', 'published', 'retired'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export const CONTRACT_STATUSES = [
  'offered',
  'signed',
  'withdrawn',
  'terminated',
  'expired',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Places that may be offered a contract: taken on, not yet gone. */
export const OFFERABLE_STATES: readonly State[] = ['accepted', 'onboarding', 'active', 'paused'];

export interface ClauseProblem {
  clause: ClauseId;
  /** B blocks publishing; W only warns. */
  severity: 'B' | 'W';
  problem: string;
}

export interface ClauseCheck {
  publishable: boolean;
  missing: ClauseProblem[];
  warnings: ClauseProblem[];
  clauses: { clause: ClauseId; severity: 'B' | 'W'; title: string; present: boolean }[];
}

export interface ContractTemplate {
  id: string;
  programId: string;
  status: TemplateStatus;
  version: number;
  title: string;
  body: string;
  sha256: string;
  markets: string[];
  allMarkets: boolean;
  createdAt: string;
  updatedAt: string;
  versionCreatedAt: string;
  publishedAt: string | null;
  retiredAt: string | null;
}

export interface TemplateInput {
  title: string;
  body: string;
  markets: string[];
  allMarkets: boolean;
}

export interface Contract {
  id: string;
  programId: string;
  ambassadorId: string;
  userId: string;
  username: string;
  displayName: string;
  templateId: string;
  version: number;
  title: string;
  markets: string[];
  allMarkets: boolean;
  sha256: string;
  status: ContractStatus;
  startsAt: string;
  endsAt: string;
  offeredBy: string | null;
  offeredAt: string;
  signedBy: string | null;
  signedAt: string | null;
  signedVersion: number | null;
  signedSha256: string | null;
  signedIp: string | null;
  signedUserAgent: string | null;
  endedAt: string | null;
  endReason: string | null;
}

export interface ContractWithText extends Contract {
  body: string;
}

// ---- templates (managers) ------------------------------------------------------------

/** Reloads `paged` whenever `version` goes up (after a change elsewhere on the page). */
function useReloadOn<T>(paged: Paged<T>, version: number): Paged<T> {
  const { reload } = paged;
  useEffect(() => {
    if (version > 0) {
      reload();
    }
  }, [version, reload]);
  return paged;
}

export function useContractTemplates(programId: string, version: number): Paged<ContractTemplate> {
  return useReloadOn(
    usePaged<ContractTemplate>(
      withQuery(`${BASE}/programs/${seg(programId)}/contract-templates`, { limit: 50 }),
    ),
    version,
  );
}

export function useContractTemplate(
  id: string | null,
): Resource<ContractTemplate & { check: ClauseCheck }> {
  return useResource<ContractTemplate & { check: ClauseCheck }>(
    id === null ? null : `${BASE}/contract-templates/${seg(id)}`,
  );
}

export function createContractTemplate(
  programId: string,
  input: TemplateInput,
): Promise<ContractTemplate> {
  return apiPost<ContractTemplate>(`${BASE}/programs/${seg(programId)}/contract-templates`, input);
}

/** Writes the template's next version (a published one's must pass the clause check). */
export function updateContractTemplate(
  id: string,
  input: Partial<TemplateInput>,
): Promise<ContractTemplate> {
  return apiPatch<ContractTemplate>(`${BASE}/contract-templates/${seg(id)}`, input);
}

/** Checks an unsaved text against the required clauses. */
export function checkContractText(body: string): Promise<ClauseCheck> {
  return apiPost<ClauseCheck>(`${BASE}/contract-templates/check`, { body });
}

export function publishContractTemplate(
  id: string,
): Promise<{ template: ContractTemplate; warnings: ClauseProblem[] }> {
  return apiPost(`${BASE}/contract-templates/${seg(id)}/publish`);
}

export function retireContractTemplate(id: string): Promise<ContractTemplate> {
  return apiPost<ContractTemplate>(`${BASE}/contract-templates/${seg(id)}/retire`);
}

// ---- contracts (managers) ------------------------------------------------------------

export function useProgramContracts(
  programId: string,
  status: ContractStatus | '',
  version: number,
): Paged<Contract> {
  return useReloadOn(
    usePaged<Contract>(withQuery(`${BASE}/contracts`, { programId, status, limit: 20 })),
    version,
  );
}

export function offerContract(input: {
  templateId: string;
  ambassadorId: string;
  startsAt: string;
  endsAt: string;
}): Promise<Contract> {
  return apiPost<Contract>(`${BASE}/contracts`, input);
}

/** Withdraws an offer or terminates a signed contract, saying why. */
export function endContract(id: string, reason: string): Promise<Contract> {
  return apiPost<Contract>(`${BASE}/contracts/${seg(id)}/terminate`, { reason });
}

/** The program's places that may be offered a contract, by name (up to 100 per state). */
export async function loadOfferablePlaces(programId: string): Promise<Place[]> {
  const pages = await Promise.all(
    OFFERABLE_STATES.map((state) =>
      apiGet<Page<Place>>(
        withQuery(`${BASE}/programs/${seg(programId)}/pipeline`, { state, limit: 100 }),
      ),
    ),
  );
  return pages
    .flatMap((page) => page.items)
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

// ---- the ambassador's own ------------------------------------------------------------

export function useMyContracts(version: number): Paged<Contract> {
  return useReloadOn(usePaged<Contract>(withQuery(`${BASE}/me/contracts`, { limit: 20 })), version);
}

export function useMyContract(id: string): Resource<ContractWithText> {
  return useResource<ContractWithText>(`${BASE}/me/contracts/${seg(id)}`);
}

export function signContract(id: string): Promise<ContractWithText> {
  return apiPost<ContractWithText>(`${BASE}/me/contracts/${seg(id)}/sign`);
}

/**
 * The clauses a contract text holds, in order: each heading tagged `{#CON-xx}` with its
 * title (the tag left out). A clause tagged twice is listed once.
 */
export function clauseHeadings(body: string): { clause: ClauseId; title: string }[] {
  const found = new Map<ClauseId, string>();
  for (const line of body.split('\n')) {
    const match = /^#{1,6}\s+(.*?)\s*\{#(CON-\d\d)\}\s*$/.exec(line.trim());
    const clause = CLAUSE_IDS.find((id) => id === match?.[2]);
    if (match && clause && !found.has(clause)) {
      found.set(clause, match[1] ?? '');
    }
  }
  return [...found].map(([clause, title]) => ({ clause, title }));
}
