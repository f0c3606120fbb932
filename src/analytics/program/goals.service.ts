/**
 * Program goals and their KPIs (docs/PROGRAM.md): a goal has a title, an owner on the staff, a
 * due date and a status; each KPI names a metric of the catalogue, a direction, a target and
 * optionally a region or segment. Reading a goal adds each KPI's live value for a month, whether
 * it meets its target, and its values over the months before.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import { scopeOf, type Scope } from '../metrics/period.js';
import {
  KPI_METRICS,
  meets,
  metricSpec,
  monthsEndingAt,
  targetProblem,
  type KpiMetric,
  type MetricReader,
  type MetricUnit,
} from './kpi-metrics.js';

export const GOAL_STATUSES = ['planned', 'in_progress', 'achieved', 'missed', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const DIRECTIONS = ['at_least', 'at_most'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** KPIs one goal may hold. */
export const MAX_KPIS = 10;

export interface KpiInput {
  metric: KpiMetric;
  direction: Direction;
  target: number;
  /** A region code. */
  region?: string | null;
  /** A segment key. */
  segment?: string | null;
}

export interface GoalInput {
  title: string;
  description?: string;
  ownerId: string;
  /** YYYY-MM-DD. */
  dueOn: string;
  status?: GoalStatus;
  kpis: KpiInput[];
}

export interface Kpi {
  id: string;
  metric: KpiMetric;
  direction: Direction;
  target: number;
  region: string | null;
  regionId: string | null;
  segment: string | null;
  segmentId: string | null;
}

export interface Goal {
  id: string;
  title: string;
  description: string;
  owner: { id: string; username: string; displayName: string } | null;
  dueOn: string;
  status: GoalStatus;
  kpis: Kpi[];
  createdBy: string | null;
  createdAt: Date;
  updatedBy: string | null;
  updatedAt: Date;
}

interface GoalRow {
  id: string;
  title: string;
  description: string;
  owner_id: string | null;
  owner_username: string | null;
  owner_name: string | null;
  due_on: string | Date;
  status: GoalStatus;
  created_by: string | null;
  created_at: string | Date;
  updated_by: string | null;
  updated_at: string | Date;
}

interface KpiRow {
  id: string;
  goal_id: string;
  metric: KpiMetric;
  direction: Direction;
  target: number | string;
  region_id: string | null;
  region_code: string | null;
  segment_id: string | null;
  segment_key: string | null;
}

const GOAL_SELECT = sql`select g.id, g.title, g.description, g.owner_id,
    o.username as owner_username, o.display_name as owner_name,
    to_char(g.due_on, 'YYYY-MM-DD') as due_on, g.status, g.created_by, g.created_at,
    g.updated_by, g.updated_at
  from program_goals g left join users o on o.id = g.owner_id`;

const dayOf = (value: string | Date) =>
  typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

async function kpisOf(tx: Orm, goalIds: string[]): Promise<Map<string, Kpi[]>> {
  const byGoal = new Map<string, Kpi[]>(goalIds.map((id) => [id, []]));
  if (goalIds.length === 0) {
    return byGoal;
  }
  const rows = await sqlRows<KpiRow>(
    tx,
    sql`select k.id, k.goal_id, k.metric, k.direction, k.target, k.region_id,
          r.code as region_code, k.segment_id, s.key as segment_key
        from program_kpis k
        left join regions r on r.id = k.region_id
        left join segments s on s.id = k.segment_id
        where k.goal_id = any(${sql.param(goalIds)}::uuid[])
        order by k.goal_id, k.position`,
  );
  for (const row of rows) {
    byGoal.get(row.goal_id)?.push({
      id: row.id,
      metric: row.metric,
      direction: row.direction,
      target: Number(row.target),
      region: row.region_code,
      regionId: row.region_id,
      segment: row.segment_key,
      segmentId: row.segment_id,
    });
  }
  return byGoal;
}

function goalOf(row: GoalRow, kpis: Kpi[]): Goal {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    owner:
      row.owner_id === null
        ? null
        : { id: row.owner_id, username: row.owner_username!, displayName: row.owner_name! },
    dueOn: dayOf(row.due_on),
    status: row.status,
    kpis,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at),
  };
}

export async function getGoal(tx: Orm, id: string): Promise<Goal> {
  const [row] = await sqlRows<GoalRow>(tx, sql`${GOAL_SELECT} where g.id = ${id}`);
  if (!row) {
    throw fail.notFound('No such program goal.');
  }
  return goalOf(row, (await kpisOf(tx, [id])).get(id) ?? []);
}

export interface GoalFilter {
  status?: GoalStatus;
  ownerId?: string;
}

/** One page of goals, newest first. */
export async function listGoals(
  tx: Orm,
  filter: GoalFilter,
  page: { limit: number; cursor?: string },
): Promise<{ items: Goal[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const rows = await sqlRows<GoalRow>(
    tx,
    sql`${GOAL_SELECT} where true
          ${filter.status ? sql`and g.status = ${filter.status}` : sql``}
          ${filter.ownerId ? sql`and g.owner_id = ${filter.ownerId}` : sql``}
          ${
            after
              ? sql`and (g.created_at, g.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
              : sql``
          }
        order by g.created_at desc, g.id desc
        limit ${page.limit + 1}`,
  );
  const kpis = await kpisOf(
    tx,
    rows.map((row) => row.id),
  );
  const goals = rows.map((row) => goalOf(row, kpis.get(row.id) ?? []));
  return pageOf(goals, page.limit, (goal) => ({ at: goal.createdAt, id: goal.id }));
}

// ---------------------------------------------------------------------------------------------
// checks

function cleanTitle(raw: string): string {
  const title = plainTextLine(raw).slice(0, 200);
  if (title.length < 3) {
    throw fail.validation('Give the goal a title of 3 characters or more.', { field: 'title' });
  }
  return title;
}

function checkDay(value: string): string {
  const date = new Date(`${value}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime())) {
    throw fail.validation('dueOn is a date written YYYY-MM-DD.', { field: 'dueOn' });
  }
  if (date.toISOString().slice(0, 10) !== value) {
    throw fail.validation('dueOn is not a day of the calendar.', { field: 'dueOn' });
  }
  return value;
}

/** The owner must be an active staff member of the tenant. */
async function checkOwner(tx: Orm, ownerId: string): Promise<void> {
  const [row] = await sqlRows<{ role: string; status: string }>(
    tx,
    sql`select role, status from users where id = ${ownerId}`,
  );
  if (!row || row.status !== 'active' || !['moderator', 'manager', 'admin'].includes(row.role)) {
    throw fail.validation('The owner must be an active staff member (moderator, manager, admin).', {
      field: 'ownerId',
    });
  }
}

interface CheckedKpi extends KpiInput {
  scope: Scope;
}

async function checkKpis(tx: Orm, kpis: KpiInput[]): Promise<CheckedKpi[]> {
  if (kpis.length > MAX_KPIS) {
    throw fail.validation(`A goal has at most ${MAX_KPIS} KPIs.`, { field: 'kpis' });
  }
  const checked: CheckedKpi[] = [];
  for (const [index, kpi] of kpis.entries()) {
    const field = `kpis/${index}`;
    if (!(kpi.metric in KPI_METRICS)) {
      throw fail.validation(`Unknown metric "${kpi.metric}".`, { field: `${field}/metric` });
    }
    const problem = targetProblem(kpi.metric, kpi.target);
    if (problem) {
      throw fail.validation(problem, { field: `${field}/target` });
    }
    if (!metricSpec(kpi.metric).scoped && (kpi.region || kpi.segment)) {
      throw fail.validation(
        `${metricSpec(kpi.metric).label} is computed for the whole community: name no region or segment.`,
        { field: `${field}/${kpi.region ? 'region' : 'segment'}` },
      );
    }
    let scope: Scope;
    try {
      scope = await scopeOf(tx, {
        region: kpi.region ?? undefined,
        segment: kpi.segment ?? undefined,
      });
    } catch (error) {
      if (!(error instanceof GuildError)) {
        throw error;
      }
      throw fail.validation(error.message, {
        field: `${field}/${error.details?.field === 'segment' ? 'segment' : 'region'}`,
      });
    }
    checked.push({ ...kpi, scope });
  }
  return checked;
}

async function writeKpis(tx: Orm, tenantId: string, goalId: string, kpis: CheckedKpi[]) {
  await tx.execute(sql`delete from program_kpis where goal_id = ${goalId}`);
  for (const [index, kpi] of kpis.entries()) {
    await tx.execute(
      sql`insert into program_kpis (tenant_id, goal_id, position, metric, direction, target,
            region_id, segment_id)
          values (${tenantId}, ${goalId}, ${index + 1}, ${kpi.metric}, ${kpi.direction},
            ${kpi.target}, ${kpi.scope.regionId}, ${kpi.scope.segmentId})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// changes

export async function createGoal(
  tx: Orm,
  tenantId: string,
  input: GoalInput,
  by: string,
): Promise<Goal> {
  const title = cleanTitle(input.title);
  const dueOn = checkDay(input.dueOn);
  await checkOwner(tx, input.ownerId);
  const kpis = await checkKpis(tx, input.kpis);
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into program_goals (tenant_id, title, description, owner_id, due_on, status,
          created_by, updated_by)
        values (${tenantId}, ${title}, ${(input.description ?? '').trim()}, ${input.ownerId},
          ${dueOn}::date, ${input.status ?? 'planned'}, ${by}, ${by})
        returning id`,
  );
  await writeKpis(tx, tenantId, row!.id, kpis);
  return getGoal(tx, row!.id);
}

export type GoalChange = Partial<GoalInput>;

/** Changes the fields sent; `kpis`, when sent, replaces the goal's KPIs. */
export async function updateGoal(
  tx: Orm,
  tenantId: string,
  id: string,
  change: GoalChange,
  by: string,
): Promise<Goal> {
  const [locked] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from program_goals where id = ${id} for update`,
  );
  if (!locked) {
    throw fail.notFound('No such program goal.');
  }
  const title = change.title === undefined ? undefined : cleanTitle(change.title);
  const dueOn = change.dueOn === undefined ? undefined : checkDay(change.dueOn);
  if (change.ownerId !== undefined) {
    await checkOwner(tx, change.ownerId);
  }
  const kpis = change.kpis === undefined ? undefined : await checkKpis(tx, change.kpis);
  await tx.execute(
    sql`update program_goals set
          title = coalesce(${title ?? null}, title),
          description = coalesce(${change.description?.trim() ?? null}, description),
          owner_id = coalesce(${change.ownerId ?? null}::uuid, owner_id),
          due_on = coalesce(${dueOn ?? null}::date, due_on),
          status = coalesce(${change.status ?? null}, status),
          updated_by = ${by}, updated_at = date_trunc('milliseconds', now())
        where id = ${id}`,
  );
  if (kpis) {
    await writeKpis(tx, tenantId, id, kpis);
  }
  return getGoal(tx, id);
}

export async function deleteGoal(tx: Orm, id: string): Promise<Goal> {
  const goal = await getGoal(tx, id);
  await tx.execute(sql`delete from program_goals where id = ${id}`);
  return goal;
}

/** What the audit log keeps of a goal: no names, ids and values only. */
export function goalValues(goal: Goal): Record<string, unknown> {
  return {
    title: goal.title,
    ownerId: goal.owner?.id ?? null,
    dueOn: goal.dueOn,
    status: goal.status,
    kpis: goal.kpis.map((k) => ({
      metric: k.metric,
      direction: k.direction,
      target: k.target,
      region: k.region,
      segment: k.segment,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// live values

export interface KpiReading {
  month: string;
  value: number | null;
  met: boolean;
}

export interface KpiView extends Kpi {
  label: string;
  unit: MetricUnit;
  keyMetric: boolean;
  definition: string;
  /** The value for the month asked for (the newest run's lift for the retention lift). */
  current: KpiReading;
  /** The months up to and including that month, oldest first (empty for the lift). */
  trend: KpiReading[];
  /** Newest value − oldest value of the trend that has one; null with fewer than two. */
  change: number | null;
}

export interface GoalView extends Omit<Goal, 'kpis'> {
  kpis: KpiView[];
  kpisMet: number;
}

const round = (value: number | null) => (value === null ? null : Number(value.toFixed(6)));

async function readKpi(
  reader: MetricReader,
  kpi: Kpi,
  asOf: string,
  trendMonths: number,
): Promise<KpiView> {
  const spec = metricSpec(kpi.metric);
  const scope: Scope = {
    regionId: kpi.regionId,
    regionCode: kpi.region,
    segmentId: kpi.segmentId,
    segmentKey: kpi.segment,
  };
  const series = spec.monthly
    ? await reader.series(kpi.metric, scope, monthsEndingAt(asOf, trendMonths))
    : [];
  const trend = series.map((point) => ({
    month: point.month,
    value: point.value,
    met: meets(point.value, kpi.direction, kpi.target),
  }));
  const value = spec.monthly
    ? (series.at(-1)?.value ?? null)
    : await reader.value(kpi.metric, scope, asOf);
  const known = trend.filter((point) => point.value !== null);
  return {
    ...kpi,
    label: spec.label,
    unit: spec.unit,
    keyMetric: spec.key,
    definition: spec.definition,
    current: { month: asOf, value, met: meets(value, kpi.direction, kpi.target) },
    trend,
    change: known.length >= 2 ? round(known.at(-1)!.value! - known[0]!.value!) : null,
  };
}

/** The goal with each KPI's live value for `asOf` and its trend. */
export async function readGoal(
  reader: MetricReader,
  goal: Goal,
  asOf: string,
  trendMonths: number,
): Promise<GoalView> {
  const kpis: KpiView[] = [];
  for (const kpi of goal.kpis) {
    kpis.push(await readKpi(reader, kpi, asOf, trendMonths));
  }
  return { ...goal, kpis, kpisMet: kpis.filter((k) => k.current.met).length };
}
