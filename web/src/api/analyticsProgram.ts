// The program layer and the ROI report of analytics (managers and admins): goals with KPIs read
// against live data, the maturity assessment, the rollout plan, expansion to a new region or
// segment (`/analytics/program`, docs/PROGRAM.md), and the ROI report with its kept files and
// schedules (`/analytics/reports`, `/analytics/report-schedules`, docs/REPORTS.md). Shapes follow
// src/analytics/program/program.routes.ts and src/analytics/report/report.routes.ts.
import { type AnalyticsFilter, useLiveResource } from './analytics';
import { API_BASE, apiDelete, apiGet, apiPatch, apiPost, apiPut, seg, withQuery } from './client';
import type { Profile } from './types';
import { type Resource, useResource } from './useResource';

const PROGRAM = '/analytics/program';
const ANALYTICS = '/analytics';

interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------------------------------------
// goals and KPIs

export const GOAL_STATUSES = ['planned', 'in_progress', 'achieved', 'missed', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const DIRECTIONS = ['at_least', 'at_most'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export type MetricUnit = 'fraction' | 'ratio' | 'count' | 'hours';

export interface KpiMetric {
  metric: string;
  label: string;
  unit: MetricUnit;
  keyMetric: boolean;
  /** True when a KPI on it may name a region or segment. */
  scoped: boolean;
  monthly: boolean;
  definition: string;
}

export interface Reading {
  month: string;
  value: number | null;
  met: boolean;
}

export interface Kpi {
  id: string;
  metric: string;
  label: string;
  unit: MetricUnit;
  keyMetric: boolean;
  definition: string;
  direction: Direction;
  target: number;
  region: string | null;
  segment: string | null;
  current: Reading;
  trend: Reading[];
  change: number | null;
}

export interface Goal {
  id: string;
  title: string;
  description: string;
  owner: { id: string; username: string; displayName: string } | null;
  dueOn: string;
  status: GoalStatus;
  kpis: Kpi[];
  kpisMet: number;
  createdAt: string;
  updatedAt: string;
}

export interface KpiInput {
  metric: string;
  direction: Direction;
  target: number;
  region?: string | null;
  segment?: string | null;
}

export interface NewGoal {
  title: string;
  description?: string;
  ownerId: string;
  dueOn: string;
  status?: GoalStatus;
  kpis: KpiInput[];
}

/** What a stored KPI is when sent back (e.g. to keep it beside a new one). */
export function kpiInputOf(kpi: Kpi): KpiInput {
  return {
    metric: kpi.metric,
    direction: kpi.direction,
    target: kpi.target,
    region: kpi.region,
    segment: kpi.segment,
  };
}

export function useKpiMetrics(): Resource<{ items: KpiMetric[] }> {
  return useResource<{ items: KpiMetric[] }>(`${PROGRAM}/metrics`);
}

/** The goals with live KPI values, read again on every live update of the figures. */
export function useGoals(): Resource<Paged<Goal>> {
  return useLiveResource<Paged<Goal>>(withQuery(`${PROGRAM}/goals`, { limit: 50 }));
}

export function createGoal(goal: NewGoal): Promise<Goal> {
  return apiPost<Goal>(`${PROGRAM}/goals`, goal);
}

export function updateGoal(
  id: string,
  change: Partial<Omit<NewGoal, 'kpis'>> & { kpis?: KpiInput[] },
): Promise<Goal> {
  return apiPatch<Goal>(`${PROGRAM}/goals/${seg(id)}`, change);
}

export function deleteGoal(id: string): Promise<void> {
  return apiDelete(`${PROGRAM}/goals/${seg(id)}`);
}

/** A member by username (for an owner or a recipient), or the API's not_found. */
export function findMember(username: string): Promise<Profile> {
  return apiGet<Profile>(`/users/${seg(username.trim().replace(/^@/, ''))}`);
}

export const STAFF_ROLES = ['moderator', 'manager', 'admin'];

// ---------------------------------------------------------------------------------------------
// maturity assessment

export const DIMENSIONS = [
  'strategy',
  'community',
  'moderation',
  'gamification',
  'ambassadors',
  'compliance',
  'data',
  'measurement',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Question {
  id: string;
  dimension: Dimension;
  text: string;
  /** What 0, 1, 2, 3 and 4 mean. */
  scale: string[];
}

export interface Questionnaire {
  version: number;
  dimensions: { key: Dimension; name: string }[];
  levels: { from: number; name: string }[];
  questions: Question[];
}

export interface Assessment {
  id: string;
  answers: Record<string, number>;
  note: string;
  submittedBy: string | null;
  submittedAt: string;
  overall: { score: number; percent: number; level: string };
  dimensions: {
    dimension: Dimension;
    name: string;
    score: number;
    percent: number;
    level: string;
  }[];
  gaps: Dimension[];
  recommendations: { dimension: Dimension; questionId: string; answer: number; text: string }[];
  change: {
    previousId: string;
    previousSubmittedAt: string;
    overall: number;
    dimensions: Record<string, number>;
  } | null;
}

export function useQuestionnaire(): Resource<Questionnaire> {
  return useResource<Questionnaire>(`${PROGRAM}/assessment/questionnaire`);
}

/**
 * The newest assessment as a page of one (empty while there is none): `/assessments/latest`
 * answers 404 then, which the browser would log as a failed load.
 */
export function useLatestAssessment(): Resource<Paged<Assessment>> {
  return useResource<Paged<Assessment>>(withQuery(`${PROGRAM}/assessments`, { limit: 1 }));
}

export function submitAssessment(answers: Record<string, number>, note = ''): Promise<Assessment> {
  return apiPost<Assessment>(`${PROGRAM}/assessments`, { answers, note });
}

/** The translation key of a level name the API sends ("Ad hoc" → "adHoc"), or null. */
export function levelKey(
  name: string,
): 'adHoc' | 'emerging' | 'defined' | 'managed' | 'optimising' | null {
  switch (name) {
    case 'Ad hoc':
      return 'adHoc';
    case 'Emerging':
      return 'emerging';
    case 'Defined':
      return 'defined';
    case 'Managed':
      return 'managed';
    case 'Optimising':
      return 'optimising';
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// rollout plan

export interface Criterion {
  key: string;
  kind: 'measured' | 'manual';
  title: string;
  measure: string;
  comparison: Direction | null;
  unit: MetricUnit | null;
  target: number | null;
  defaultTarget: number | null;
  observed: number | null;
  met: boolean;
  checkedBy: string | null;
  checkedAt: string | null;
  note: string;
}

export interface Phase {
  key: string;
  name: string;
  deliverables: string[];
  criteria: Criterion[];
  met: number;
  complete: boolean;
}

export interface Plan {
  asOf: string;
  currentPhase: string | null;
  complete: boolean;
  phases: Phase[];
}

export const PHASES = ['discovery', 'integration', 'recruitment', 'engagement', 'scaling'] as const;

/** The plan as of the last whole month, read again on every live update of the figures. */
export function usePlan(): Resource<Plan> {
  return useLiveResource<Plan>(`${PROGRAM}/plan`);
}

export function checkCriterion(key: string, checked: boolean, note = ''): Promise<Criterion> {
  return apiPut<Criterion>(`${PROGRAM}/plan/criteria/${seg(key)}/check`, { checked, note });
}

// ---------------------------------------------------------------------------------------------
// expansion

export interface ExpansionRequest {
  from: { region?: string; segment?: string };
  to: { code: string; name: string; currency?: string; locale?: string; timezone?: string };
  dryRun: boolean;
}

export interface Expansion {
  id: string | null;
  dryRun: boolean;
  kind: 'region' | 'segment';
  source: { code: string; name: string };
  target: {
    code: string;
    name: string;
    currency: string | null;
    locale: string | null;
    timezone: string | null;
  };
  disclosureMarket: string | null;
  copied: {
    spaces: number;
    moderationPolicies: number;
    pointRules: number;
    challenges: number;
    contractTemplates: number;
  };
  notCopied: { type: string; name: string; reason: string }[];
  notes: string[];
  createdAt: string | null;
}

export const COPIED_KINDS = [
  'spaces',
  'moderationPolicies',
  'pointRules',
  'challenges',
  'contractTemplates',
] as const;

export function expandProgram(request: ExpansionRequest): Promise<Expansion> {
  return apiPost<Expansion>(`${PROGRAM}/expansions`, request);
}

export function useExpansions(): Resource<Paged<Expansion>> {
  return useResource<Paged<Expansion>>(withQuery(`${PROGRAM}/expansions`, { limit: 20 }));
}

// ---------------------------------------------------------------------------------------------
// the ROI report

export const REPORT_FORMATS = ['html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const CADENCES = ['monthly', 'quarterly'] as const;
export type Cadence = (typeof CADENCES)[number];

export interface StoredReport {
  id: string;
  scheduleId: string | null;
  from: string;
  to: string;
  region: string | null;
  segment: string | null;
  locale: string;
  format: ReportFormat;
  fileName: string;
  bytes: number;
  generatedAt: string;
  downloads: number;
}

export interface Schedule {
  id: string;
  cadence: Cadence;
  format: ReportFormat;
  locale: string;
  region: string | null;
  segment: string | null;
  recipients: string[];
  lastPeriodTo: string;
  createdAt: string;
}

export interface NewSchedule {
  cadence: Cadence;
  format: ReportFormat;
  locale?: string;
  region?: string;
  segment?: string;
  recipients: string[];
}

/** The address of the ROI report made now for the filter, as a file. */
export function roiReportUrl(
  filter: AnalyticsFilter,
  format: ReportFormat,
  locale: string,
): string {
  return `${API_BASE}${withQuery(`${ANALYTICS}/reports/roi`, {
    from: filter.from,
    to: filter.to,
    region: filter.region,
    segment: filter.segment,
    format,
    locale,
  })}`;
}

export function reportFileUrl(id: string): string {
  return `${API_BASE}${ANALYTICS}/reports/${seg(id)}/file`;
}

export function useReports(): Resource<Paged<StoredReport>> {
  return useResource<Paged<StoredReport>>(withQuery(`${ANALYTICS}/reports`, { limit: 50 }));
}

export function useSchedules(): Resource<{ items: Schedule[] }> {
  return useResource<{ items: Schedule[] }>(`${ANALYTICS}/report-schedules`);
}

export function createSchedule(schedule: NewSchedule): Promise<Schedule> {
  return apiPost<Schedule>(`${ANALYTICS}/report-schedules`, schedule);
}

export function deleteSchedule(id: string): Promise<Schedule> {
  return apiDelete<Schedule>(`${ANALYTICS}/report-schedules/${seg(id)}`);
}
