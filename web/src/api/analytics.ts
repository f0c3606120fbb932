// The analytics API (`/api/v1/analytics`, managers and admins): the key metrics by month, the
// supporting figures, program costs, settings, lift runs and ROI; CSV exports; the live stream
// that says when the tenant's figures changed. Shapes follow src/analytics/metrics/
// metrics.routes.ts and src/analytics/roi/roi.routes.ts (docs/ANALYTICS.md, docs/ROI.md).
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { currencyDigits } from '../i18n/format';
import { API_BASE, apiDelete, apiPost, apiPut, withQuery } from './client';
import { type Resource, useResource } from './useResource';

const BASE = '/analytics';

// ---------------------------------------------------------------------------------------------
// filters and months

/** What every dashboard is filtered by; '' leaves a region or segment out. */
export interface AnalyticsFilter {
  /** First month, `YYYY-MM`. */
  from: string;
  /** Last month, included, `YYYY-MM`. */
  to: string;
  region: string;
  segment: string;
}

/** The longest period the API answers. */
export const MAX_MONTHS = 60;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string | null | undefined): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

/** `YYYY-MM` of a moment, in UTC (the months of the API are UTC months). */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The month `count` months after `month` (before it when negative). */
export function addMonths(month: string, count: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) + count;
  const nextYear = Math.floor(index / 12);
  return `${String(nextYear).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** How many months `from`–`to` holds, both included. */
export function monthCount(from: string, to: string): number {
  const [fromYear, fromMonth] = from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = to.split('-').map(Number) as [number, number];
  return (toYear - fromYear) * 12 + (toMonth - fromMonth) + 1;
}

/** The last twelve months, the current one included. */
export function defaultPeriod(now: Date): { from: string; to: string } {
  const to = monthOf(now);
  return { from: addMonths(to, -11), to };
}

/** The filter a page address asks for; a missing or malformed period is the default one. */
export function filterFromParams(params: URLSearchParams, now: Date): AnalyticsFilter {
  const fallback = defaultPeriod(now);
  const from = params.get('from');
  const to = params.get('to');
  const period =
    isMonth(from) && isMonth(to) && from <= to && monthCount(from, to) <= MAX_MONTHS
      ? { from, to }
      : fallback;
  return {
    ...period,
    region: (params.get('region') ?? '').trim(),
    segment: (params.get('segment') ?? '').trim(),
  };
}

/** The query of a page address for `filter` (empty fields left out). */
export function paramsOfFilter(filter: AnalyticsFilter): Record<string, string> {
  const params: Record<string, string> = { from: filter.from, to: filter.to };
  if (filter.region) {
    params.region = filter.region;
  }
  if (filter.segment) {
    params.segment = filter.segment;
  }
  return params;
}

/** What is wrong with a period typed into the filter form, or null when it is fine. */
export function periodProblem(
  from: string,
  to: string,
): 'fromInvalid' | 'toInvalid' | 'reversed' | 'tooLong' | null {
  if (!isMonth(from)) {
    return 'fromInvalid';
  }
  if (!isMonth(to)) {
    return 'toInvalid';
  }
  if (from > to) {
    return 'reversed';
  }
  return monthCount(from, to) > MAX_MONTHS ? 'tooLong' : null;
}

const scopeQuery = (filter: AnalyticsFilter) => ({
  from: filter.from,
  to: filter.to,
  region: filter.region,
  segment: filter.segment,
});

// ---------------------------------------------------------------------------------------------
// shapes

export interface Scope {
  from: string;
  to: string;
  region: string | null;
  segment: string | null;
}

export interface EngagementMonth {
  month: string;
  members: number;
  engaged: number;
  engagementRate: number | null;
  contributors: number;
  contributorRate: number | null;
  monthlyActive: number;
  dailyActive: number;
  dauMau: number | null;
  posts: number;
  comments: number;
  reactions: number;
  answers: number;
  challengeSteps: number;
  joined: number;
  removed: number;
}

export interface RetentionMonth {
  activeAtStart: number;
  retained: number;
  rate: number | null;
}

export interface ApprovalMonth {
  decisions: number;
  automatic: number;
  human: number;
  medianHours: number | null;
  p90Hours: number | null;
  automaticMedianHours: number | null;
  humanMedianHours: number | null;
}

export interface ModerationMonth {
  items: number;
  decidedAutomatically: number;
  decidedByPeople: number;
  humanReviews: number;
  auditSampled: number;
  automaticPrecision: number | null;
  costReduction: number | null;
}

export interface KeyMonth {
  month: string;
  engagement: EngagementMonth;
  ambassadorRetention: RetentionMonth;
  contentApproval: ApprovalMonth;
  moderation: ModerationMonth;
}

export type Definitions = Record<string, string>;

export interface MetricsAnswer {
  scope: Scope;
  costs: { costPerReview: number; aiCostPerItem: number };
  definitions: Definitions;
  months: KeyMonth[];
}

export interface EngagementAnswer {
  scope: Scope;
  definitions: Definitions;
  months: EngagementMonth[];
}

export interface SupportingMonth {
  month: string;
  firstResponseMedianHours: number | null;
  postsAnswered: number;
  pointsIssued: number;
  pointsRedeemed: number;
  challengeJoined: number;
  challengeCompleted: number;
  queueOpenAtEnd: number;
  slaBreaches: number;
}

export interface FatigueWarning {
  subjectName: string;
  metric: string;
  change: number;
  message: string;
}

export interface SupportingAnswer {
  definitions: Definitions;
  months: SupportingMonth[];
  fatigueWarnings: FatigueWarning[];
}

export const COST_CATEGORIES = [
  'platform',
  'staff',
  'rewards',
  'incentives',
  'moderation',
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];
export type ByCategory = Record<CostCategory, number>;

export interface AnalyticsSettings {
  currency: string;
  grossMargin: number;
  costPerReview: number;
  aiCostPerItem: number;
  referralValue: number;
  ugcValue: number;
  liftWindowDays: number;
  minGroupSize: number;
  saved: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

export type SettingsChange = Partial<
  Pick<
    AnalyticsSettings,
    | 'currency'
    | 'grossMargin'
    | 'costPerReview'
    | 'aiCostPerItem'
    | 'referralValue'
    | 'ugcValue'
    | 'liftWindowDays'
    | 'minGroupSize'
  >
>;

export interface ProgramCost {
  id: string;
  month: string;
  category: CostCategory;
  amountMinor: number;
  currency: string;
  note: string;
  createdBy: string | null;
  createdAt: string;
  removedAt: string | null;
  removedBy: string | null;
}

export interface CostPage {
  items: ProgramCost[];
  nextCursor: string | null;
  totals: {
    from: string | null;
    to: string | null;
    currency: string;
    byCategoryMinor: ByCategory;
    totalMinor: number;
    otherCurrencyEntries: number;
  };
}

export interface NewCost {
  month: string;
  category: CostCategory;
  amountMinor: number;
  note?: string;
}

export interface LiftRun {
  id: string;
  cohortFrom: string;
  cohortTo: string;
  windowDays: number;
  windowEnd: string;
  windowComplete: boolean;
  region: string | null;
  segmentId: string | null;
  status: 'ok' | 'insufficient';
  reason: string | null;
  minGroupSize: number;
  memberRate: number | null;
  controlRate: number | null;
  lift: number | null;
  ci: { low: number; high: number; level: number } | null;
  sizes: {
    members: number;
    controls: number;
    matchedMembers: number;
    unmatchedMembers: number;
    unmatchedNoControlInRegion: number;
    unmatchedOutsideCaliper: number;
    distinctControls: number;
  };
  createdAt: string;
}

export interface NewLiftRun {
  cohortFrom: string;
  cohortTo: string;
  windowDays?: number;
  region?: string;
}

interface Range {
  estimate: number;
  low: number;
  high: number;
}

export type Band = 'below p25' | 'p25–median' | 'median–p75' | 'above p75';

export interface Placement {
  percentile: number;
  band: Band;
  programsBelow: number;
}

export interface RoiReport {
  from: string;
  to: string;
  months: number;
  currency: string;
  liftRunId: string | null;
  cost: { byCategory: ByCategory; total: number };
  benefits: {
    retentionLift: Range;
    referrals: { converted: number; valueEach: number; value: number };
    ugc: { approved: number; valueEach: number; value: number };
    total: Range;
  };
  lift: {
    runId: string;
    cohortFrom: string;
    cohortTo: string;
    windowDays: number;
    matchedMembers: number;
    memberRate: number;
    controlRate: number;
    lift: number;
    liftLow: number;
    liftHigh: number;
  } | null;
  roi: { estimate: number | null; low: number | null; high: number | null; reason: string | null };
  benchmark: {
    p25: number;
    median: number;
    p75: number;
    programs: number;
    placement: Placement | null;
    low: Placement | null;
    high: Placement | null;
  };
  notes: string[];
  definitions: Definitions;
}

/** The translation key of a benchmark band. */
export function bandKey(band: Band): 'belowP25' | 'p25Median' | 'medianP75' | 'aboveP75' {
  switch (band) {
    case 'below p25':
      return 'belowP25';
    case 'p25–median':
      return 'p25Median';
    case 'median–p75':
      return 'medianP75';
    case 'above p75':
      return 'aboveP75';
  }
}

interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------------------------------------
// live updates

export type LiveStatus = 'connecting' | 'live' | 'offline';

export interface LiveState {
  status: LiveStatus;
  /** Grows by one whenever the figures should be read again. */
  version: number;
  /** When the figures were last read again because of a change (ISO), or null. */
  updatedAt: string | null;
}

/** While the stream is down, the figures are still read again this often. */
export const FALLBACK_POLL_MS = 15_000;

export const LiveContext = createContext<LiveState>({
  status: 'offline',
  version: 0,
  updatedAt: null,
});

/**
 * Listens to `GET /analytics/live` (server-sent events): each `metrics` event bumps the
 * version, which makes every dashboard read its figures again. When the stream cannot be
 * opened or is closed for good, the figures are read again every FALLBACK_POLL_MS instead, so
 * the page keeps working. The stream is closed when the page goes away.
 */
export function useLiveUpdates(): LiveState {
  const [state, setState] = useState<LiveState>({
    status: 'connecting',
    version: 0,
    updatedAt: null,
  });

  useEffect(() => {
    const bump = () =>
      setState((current) => ({
        ...current,
        version: current.version + 1,
        updatedAt: new Date().toISOString(),
      }));
    const setStatus = (status: LiveStatus) =>
      setState((current) => (current.status === status ? current : { ...current, status }));
    let poll: number | undefined;
    const startPolling = () => {
      if (poll === undefined) {
        poll = window.setInterval(bump, FALLBACK_POLL_MS);
      }
    };
    const stopPolling = () => {
      window.clearInterval(poll);
      poll = undefined;
    };
    if (typeof EventSource === 'undefined') {
      setStatus('offline');
      startPolling();
      return stopPolling;
    }
    const source = new EventSource(`${API_BASE}${BASE}/live`, { withCredentials: true });
    source.onopen = () => {
      stopPolling();
      setStatus('live');
    };
    source.addEventListener('metrics', bump);
    source.onerror = () => {
      // CONNECTING: the browser retries by itself; CLOSED: it has given up (e.g. a 404).
      setStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
      startPolling();
    };
    return () => {
      source.close();
      stopPolling();
    };
  }, []);

  return state;
}

/** Like useResource, and read again (keeping what is shown meanwhile) on every live update. */
export function useLiveResource<T>(path: string | null): Resource<T> {
  const resource = useResource<T>(path);
  const { version } = useContext(LiveContext);
  const seen = useRef(version);
  const { reload } = resource;
  useEffect(() => {
    if (version !== seen.current) {
      seen.current = version;
      reload();
    }
  }, [version, reload]);
  return resource;
}

// ---------------------------------------------------------------------------------------------
// reading

export function useKeyMetrics(filter: AnalyticsFilter): Resource<MetricsAnswer> {
  return useLiveResource<MetricsAnswer>(withQuery(`${BASE}/metrics`, scopeQuery(filter)));
}

export function useEngagement(filter: AnalyticsFilter): Resource<EngagementAnswer> {
  return useLiveResource<EngagementAnswer>(withQuery(`${BASE}/engagement`, scopeQuery(filter)));
}

export function useSupporting(filter: AnalyticsFilter): Resource<SupportingAnswer> {
  return useLiveResource<SupportingAnswer>(withQuery(`${BASE}/supporting`, scopeQuery(filter)));
}

/** ROI for the period (the ROI has no region or segment: costs are the whole program's). */
export function useRoi(filter: AnalyticsFilter, liftRunId = ''): Resource<RoiReport> {
  return useLiveResource<RoiReport>(
    withQuery(`${BASE}/roi`, { from: filter.from, to: filter.to, liftRunId }),
  );
}

/** The regions and segments the figures can be filtered by. */
export interface Scopes {
  regions: { code: string; name: string }[];
  segments: { key: string; name: string }[];
}

export function useScopes(): Resource<Scopes> {
  return useResource<Scopes>(`${BASE}/scopes`);
}

export function useAnalyticsSettings(): Resource<AnalyticsSettings> {
  return useResource<AnalyticsSettings>(`${BASE}/settings`);
}

/** The first page of cost entries of the period (newest first) with the period's totals. */
export function useCosts(filter: AnalyticsFilter): Resource<CostPage> {
  return useLiveResource<CostPage>(
    withQuery(`${BASE}/costs`, { from: filter.from, to: filter.to, limit: 100 }),
  );
}

export function useLiftRuns(): Resource<Paged<LiftRun>> {
  return useResource<Paged<LiftRun>>(withQuery(`${BASE}/lift-runs`, { limit: 50 }));
}

// ---------------------------------------------------------------------------------------------
// changing

export function saveAnalyticsSettings(change: SettingsChange): Promise<AnalyticsSettings> {
  return apiPut<AnalyticsSettings>(`${BASE}/settings`, change);
}

/** A decimal amount typed by a person ("12.50", "12,50") in minor units of `currency`, or null. */
export function minorUnits(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) {
    return null;
  }
  const digits = currencyDigits(currency);
  return Math.round(Number(cleaned) * 10 ** digits);
}

export function addProgramCost(cost: NewCost): Promise<ProgramCost> {
  return apiPost<ProgramCost>(`${BASE}/costs`, cost);
}

export function removeProgramCost(id: string): Promise<ProgramCost> {
  return apiDelete<ProgramCost>(`${BASE}/costs/${encodeURIComponent(id)}`);
}

export function startLiftRun(run: NewLiftRun): Promise<LiftRun> {
  return apiPost<LiftRun>(`${BASE}/lift-runs`, run);
}

// ---------------------------------------------------------------------------------------------
// CSV

export type ExportTable = 'metrics' | 'engagement' | 'supporting' | 'costs';

/** The download address of one table as CSV, made by the server for the filter. */
export function exportUrl(table: ExportTable, filter: AnalyticsFilter): string {
  return `${API_BASE}${withQuery(`${BASE}/export`, { table, ...scopeQuery(filter) })}`;
}

/**
 * One CSV cell: quoted when it holds a separator, quote or line break; text that a spreadsheet
 * would read as a formula (starting with = + - @, a tab or a carriage return) gets a leading
 * single quote first. Numbers are written as they are, negative ones included.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : '';
  }
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV document (CRLF line ends) of a header row and data rows. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
