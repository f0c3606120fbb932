// The ambassador program after the pipeline (`/api/v1/ambassadors`): invitations, e-mail
// templates and the agreement, the onboarding checklist, missions with their evidence and the
// workload, surveys and the iteration log, retention. Shapes follow
// src/ambassadors/{onboarding,missions,feedback,retention}/*.routes.ts.
import { apiDelete, apiPatch, apiPost, apiPut, seg, withQuery } from './client';
import type { State } from './ambassadors';
import { type Resource, useResource } from './useResource';

const BASE = '/ambassadors';

// Invitations, templates, the agreement

export interface InvitedPlace {
  id: string;
  programId: string;
  userId: string;
  username: string;
  displayName: string;
  state: State;
  invitedAt: string | null;
  invitationExpiresAt: string | null;
  stateChangedAt: string;
}

export interface InviteResult {
  invited: InvitedPlace[];
  skipped: { ambassadorId: string; reason: string }[];
}

export function inviteMembers(programId: string, ambassadorIds: string[]): Promise<InviteResult> {
  return apiPost<InviteResult>(`${BASE}/programs/${seg(programId)}/invitations`, {
    ambassadorIds,
  });
}

export const TEMPLATE_KINDS = ['invitation', 'invitation_reminder', 'onboarding_reminder'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];
export const TEMPLATE_LOCALES = ['en-GB', 'en-US', 'de-DE', 'fr-FR'] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

export interface Template {
  kind: TemplateKind;
  locale: TemplateLocale;
  subject: string;
  body: string;
  overridden: boolean;
  placeholders: string[];
  required: string[];
  updatedAt: string | null;
}

const templatePath = (programId: string, kind: TemplateKind, locale: TemplateLocale) =>
  `${BASE}/programs/${seg(programId)}/templates/${seg(kind)}/${seg(locale)}`;

export function useTemplate(
  programId: string,
  kind: TemplateKind,
  locale: TemplateLocale,
): Resource<Template> {
  return useResource<Template>(templatePath(programId, kind, locale));
}

export function saveTemplate(
  programId: string,
  kind: TemplateKind,
  locale: TemplateLocale,
  template: { subject: string; body: string },
): Promise<Template> {
  return apiPut<Template>(templatePath(programId, kind, locale), template);
}

export function resetTemplate(
  programId: string,
  kind: TemplateKind,
  locale: TemplateLocale,
): Promise<void> {
  return apiDelete(templatePath(programId, kind, locale));
}

export interface Agreement {
  programId: string;
  version: number;
  body: string;
  sha256: string;
  publishedAt: string;
}

export function useAgreement(programId: string): Resource<Agreement> {
  return useResource<Agreement>(`${BASE}/programs/${seg(programId)}/agreement`);
}

export function publishAgreement(programId: string, body: string): Promise<Agreement> {
  return apiPut<Agreement>(`${BASE}/programs/${seg(programId)}/agreement`, { body });
}

// The onboarding checklist (the member's own)

export type ChecklistItemKey = 'agreement' | 'training' | 'profile';

export interface Checklist {
  place: InvitedPlace;
  complete: boolean;
  items: { key: ChecklistItemKey; done: boolean; doneAt: string | null; missing: string[] }[];
  agreement: Agreement;
  signedVersion: number | null;
  quiz: {
    passMark: number;
    attempts: number;
    passed: boolean;
    questions: { number: number; question: string; options: string[] }[];
  };
}

export function useChecklist(placeId: string): Resource<Checklist> {
  return useResource<Checklist>(`${BASE}/me/places/${seg(placeId)}/onboarding`);
}

export function signAgreement(placeId: string, version: number): Promise<Checklist> {
  return apiPost<Checklist>(`${BASE}/me/places/${seg(placeId)}/onboarding/agreement`, {
    version,
  });
}

export function answerQuiz(placeId: string, answers: number[]): Promise<Checklist> {
  return apiPost<Checklist>(`${BASE}/me/places/${seg(placeId)}/onboarding/training`, {
    answers,
  });
}

export function recheckProfile(placeId: string): Promise<Checklist> {
  return apiPost<Checklist>(`${BASE}/me/places/${seg(placeId)}/onboarding/profile`);
}

// Missions

export const MISSION_KINDS = ['post', 'review', 'ugc', 'event', 'referral'] as const;
export type MissionKind = (typeof MISSION_KINDS)[number];
export const MISSION_STATUSES = ['draft', 'open', 'closed'] as const;
export type MissionStatus = (typeof MISSION_STATUSES)[number];
export const EVIDENCE_KINDS = ['link', 'text', 'media'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export type Decision = 'approve' | 'reject' | 'request_changes';
export type AssignmentStatus =
  'assigned' | 'submitted' | 'changes_requested' | 'approved' | 'rejected' | 'declined' | 'missed';
export type SubmissionStatus = 'pending' | 'approved' | 'rejected' | 'changes_requested';
/** Assignments the ambassador can still act on. */
export const OPEN_ASSIGNMENT: readonly AssignmentStatus[] = [
  'assigned',
  'submitted',
  'changes_requested',
];

export interface Mission {
  id: string;
  programId: string;
  kind: MissionKind;
  title: string;
  brief: string;
  incentivePoints: number;
  incentiveText: string | null;
  dueAt: string;
  evidenceRequired: EvidenceKind[];
  markets: string[];
  effectiveMarkets: string[];
  status: MissionStatus;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  openedAt: string | null;
  closedAt: string | null;
}

export interface MissionInput {
  kind: MissionKind;
  title: string;
  brief: string;
  incentivePoints: number;
  incentiveText: string | null;
  dueAt: string;
  evidenceRequired: EvidenceKind[];
  markets: string[];
  status?: MissionStatus;
}

export interface Media {
  url: string;
  kind: 'image' | 'video';
  width?: number | null;
  height?: number | null;
  altText?: string | null;
}

export interface Submission {
  id: string;
  assignmentId: string;
  version: number;
  text: string | null;
  links: string[];
  media: Media[];
  status: SubmissionStatus;
  submittedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  secondsToDecision: number | null;
}

export interface Assignment {
  id: string;
  missionId: string;
  missionTitle: string;
  missionKind: MissionKind;
  programId: string;
  ambassadorId: string;
  userId: string;
  username: string;
  displayName: string;
  status: AssignmentStatus;
  source: 'manager' | 'self';
  assignedBy: string | null;
  dueAt: string;
  incentivePoints: number;
  declineReason: string | null;
  assignedAt: string;
  answeredAt: string | null;
  closedAt: string | null;
  submissions: Submission[];
}

export function useMissions(
  programId: string,
  status: MissionStatus | '',
): Resource<{ items: Mission[]; nextCursor: string | null }> {
  return useResource<{ items: Mission[]; nextCursor: string | null }>(
    withQuery(`${BASE}/programs/${seg(programId)}/missions`, {
      status,
      limit: 100,
    }),
  );
}

export function createMission(programId: string, input: MissionInput): Promise<Mission> {
  return apiPost<Mission>(`${BASE}/programs/${seg(programId)}/missions`, input);
}

export function updateMission(id: string, change: Partial<MissionInput>): Promise<Mission> {
  return apiPatch<Mission>(`${BASE}/missions/${seg(id)}`, change);
}

export interface AssignResult {
  assigned: Omit<Assignment, 'submissions'>[];
  skipped: { ambassadorId: string; code: string; reason: string }[];
}

export function assignMission(missionId: string, ambassadorIds: string[]): Promise<AssignResult> {
  return apiPost<AssignResult>(`${BASE}/missions/${seg(missionId)}/assignments`, {
    ambassadorIds,
  });
}

export function useAssignments(
  missionId: string,
): Resource<{ items: Assignment[]; nextCursor: string | null }> {
  return useResource<{ items: Assignment[]; nextCursor: string | null }>(
    withQuery(`${BASE}/missions/${seg(missionId)}/assignments`, {
      limit: 100,
    }),
  );
}

export function decideSubmission(
  submissionId: string,
  decision: Decision,
  reason: string,
): Promise<{ pointsCredited: number }> {
  return apiPost<{ pointsCredited: number }>(`${BASE}/submissions/${seg(submissionId)}/decision`, {
    decision,
    ...(reason ? { reason } : {}),
  });
}

export interface Rate {
  assignments: number;
  answered: number;
  percent: number | null;
}

export interface WorkloadRow {
  ambassadorId: string;
  userId: string;
  username: string;
  displayName: string;
  state: 'active' | 'paused';
  open: number;
  cap: number;
  loadShare: number;
  programShare: number;
  missed90Days: number;
  responseRate: { last30Days: Rate; previous60Days: Rate };
  signals: string[];
}

export function useWorkload(programId: string): Resource<{ items: WorkloadRow[] }> {
  return useResource<{ items: WorkloadRow[] }>(`${BASE}/programs/${seg(programId)}/workload`);
}

export interface OpenMission extends Mission {
  programName: string;
  canTake: boolean;
  whyNot: string | null;
}

export interface MyMissions {
  openMissions: OpenMission[];
  assignments: Assignment[];
  incentivesEarned: number;
}

export function useMyMissions(): Resource<MyMissions> {
  return useResource<MyMissions>(`${BASE}/me/missions`);
}

export function takeMission(missionId: string): Promise<unknown> {
  return apiPost(`${BASE}/me/missions/${seg(missionId)}/take`);
}

export function declineAssignment(assignmentId: string, reason: string): Promise<unknown> {
  return apiPost(`${BASE}/me/assignments/${seg(assignmentId)}/decline`, { reason });
}

export interface Evidence {
  text: string | null;
  links: string[];
  media: Media[];
}

export function submitEvidence(assignmentId: string, evidence: Evidence): Promise<unknown> {
  return apiPost(`${BASE}/me/assignments/${seg(assignmentId)}/submissions`, evidence);
}

// Surveys and the iteration log

export type QuestionKind = 'nps' | 'scale' | 'choice' | 'text';

export interface Question {
  id: string;
  kind: QuestionKind;
  prompt: string;
  options: string[];
  required: boolean;
}

export interface QuestionInput {
  kind: 'scale' | 'choice' | 'text';
  prompt: string;
  options?: string[];
  required?: boolean;
}

export interface Nps {
  score: number | null;
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
}

export interface SurveySummary {
  id: string;
  programId: string;
  title: string;
  intro: string;
  anonymous: boolean;
  questions: Question[];
  status: 'draft' | 'open' | 'closed';
  createdAt: string;
  openedAt: string | null;
  closedAt: string | null;
  invited: number;
  responded: number;
  responseRate: number | null;
  nps: Nps;
}

export interface QuestionResult {
  questionId: string;
  kind: QuestionKind;
  prompt: string;
  answers: number;
  average: number | null;
  distribution: { value: string; count: number }[];
  sentiment: {
    positive: number;
    neutral: number;
    negative: number;
    shares: { positive: number; neutral: number; negative: number };
  } | null;
  examples: {
    text: string;
    label: 'positive' | 'neutral' | 'negative';
    score: number;
    author: { username: string } | null;
  }[];
}

export interface ResultGroup {
  invited: number;
  responded: number;
  responseRate: number | null;
  suppressed: boolean;
  nps: Nps | null;
  questions: QuestionResult[];
}

export interface SurveyResults {
  survey: SurveySummary;
  total: ResultGroup;
  regions: (ResultGroup & { regionCode: string | null })[];
}

export function useSurveys(programId: string): Resource<{ items: SurveySummary[] }> {
  return useResource<{ items: SurveySummary[] }>(`${BASE}/programs/${seg(programId)}/surveys`);
}

export function createSurvey(
  programId: string,
  input: {
    title: string;
    intro: string;
    npsPrompt: string;
    anonymous: boolean;
    questions: QuestionInput[];
  },
): Promise<SurveySummary> {
  return apiPost<SurveySummary>(`${BASE}/programs/${seg(programId)}/surveys`, input);
}

export function openSurvey(id: string): Promise<{ invited: number; emailed: number }> {
  return apiPost<{ invited: number; emailed: number }>(`${BASE}/surveys/${seg(id)}/open`);
}

export function closeSurvey(id: string): Promise<unknown> {
  return apiPost(`${BASE}/surveys/${seg(id)}/close`);
}

export function useSurveyResults(id: string | null): Resource<SurveyResults> {
  return useResource<SurveyResults>(id ? `${BASE}/surveys/${seg(id)}/results` : null);
}

export interface MemberSurvey {
  id: string;
  programId: string;
  programName: string;
  title: string;
  intro: string;
  anonymous: boolean;
  questions: Question[];
  status: string;
  responded: boolean;
  openedAt: string | null;
}

export function useMySurveys(): Resource<{ items: MemberSurvey[] }> {
  return useResource<{ items: MemberSurvey[] }>(`${BASE}/me/surveys`);
}

export function answerSurvey(
  id: string,
  answers: Record<string, number | string>,
): Promise<unknown> {
  return apiPost(`${BASE}/me/surveys/${seg(id)}/responses`, { answers });
}

export interface Iteration {
  id: string;
  programId: string;
  title: string;
  change: string;
  surveyIds: string[];
  on: string;
  author: { username: string; displayName: string } | null;
  createdAt: string;
}

export function useIterations(programId: string): Resource<{ items: Iteration[] }> {
  return useResource<{ items: Iteration[] }>(`${BASE}/programs/${seg(programId)}/iterations`);
}

export function addIteration(
  programId: string,
  input: { title: string; change: string; surveyIds: string[]; on?: string },
): Promise<Iteration> {
  return apiPost<Iteration>(`${BASE}/programs/${seg(programId)}/iterations`, input);
}

// Retention

export interface RetentionFigures {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface Retention extends RetentionFigures {
  programId: string;
  from: string;
  to: string;
  definition: string;
  completionWindowDays: number;
  regions?: (RetentionFigures & { regionCode: string | null })[];
}

export function useRetention(
  programId: string,
  period: { from: string; to: string } | null,
): Resource<Retention> {
  return useResource<Retention>(
    period
      ? withQuery(`${BASE}/programs/${seg(programId)}/retention`, {
          from: period.from,
          to: period.to,
          byRegion: true,
        })
      : null,
  );
}

export interface ChurnRisk {
  ambassadorId: string;
  username: string;
  displayName: string;
  regionCode: string | null;
  state: 'active' | 'paused';
  score: number;
  level: 'low' | 'medium' | 'high';
  reasons: { signal: string; points: number; text: string }[];
  daysSinceCompletion: number | null;
  latestNps: number | null;
}

export function useChurnRisk(programId: string): Resource<{ items: ChurnRisk[] }> {
  return useResource<{ items: ChurnRisk[] }>(`${BASE}/programs/${seg(programId)}/churn-risk`);
}

export interface Alumnus {
  ambassadorId: string;
  username: string;
  displayName: string;
  regionCode: string | null;
  fromState: string | null;
  leftAt: string;
  reason: string | null;
  actorKind: string;
  currentState: string;
}

export function useAlumni(programId: string): Resource<{ items: Alumnus[] }> {
  return useResource<{ items: Alumnus[] }>(`${BASE}/programs/${seg(programId)}/alumni`);
}
