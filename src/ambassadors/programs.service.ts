/**
 * Ambassador programs: who they draw candidates from (region, segment), how candidates are
 * scored (weights), and the limits that protect members (minimum age, workload cap, invitation
 * pace, how long a member who declined is left alone). Archived, never deleted.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';
import { fail } from '../core/errors/errors.js';
import { uniqueViolation } from '../core/db/db-errors.js';
import { plainTextLine } from '../core/text/plain-text.js';
import { DEFAULT_WEIGHTS, FEATURES, checkWeights, type Weights } from './scoring/features.js';

export interface Program {
  id: string;
  name: string;
  description: string;
  regionId: string | null;
  regionCode: string | null;
  segmentId: string | null;
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
  createdAt: Date;
  updatedAt: Date;
}

/** The settings a manager may give or change. */
export interface ProgramInput {
  name?: string;
  description?: string;
  regionCode?: string | null;
  segmentKey?: string | null;
  weights?: Partial<Weights>;
  minAge?: number;
  workloadCap?: number;
  inviteDailyLimit?: number;
  reinviteAfterDays?: number;
  invitationValidDays?: number;
  strikeWindowDays?: number;
  rescoreEveryHours?: number;
  acceptsApplications?: boolean;
  status?: 'active' | 'archived';
}

interface ProgramRow {
  id: string;
  name: string;
  description: string;
  region_id: string | null;
  region_code: string | null;
  segment_id: string | null;
  segment_key: string | null;
  weights: Partial<Weights>;
  min_age: number;
  workload_cap: number;
  invite_daily_limit: number;
  reinvite_after_days: number;
  invitation_valid_days: number;
  strike_window_days: number;
  rescore_every_hours: number;
  accepts_applications: boolean;
  status: 'active' | 'archived';
  created_at: string | Date;
  updated_at: string | Date;
}

function programOf(row: ProgramRow): Program {
  const weights = { ...DEFAULT_WEIGHTS };
  for (const feature of FEATURES) {
    const value = row.weights[feature];
    weights[feature] = typeof value === 'number' ? value : 0;
  }
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    regionId: row.region_id,
    regionCode: row.region_code,
    segmentId: row.segment_id,
    segmentKey: row.segment_key,
    weights,
    minAge: row.min_age,
    workloadCap: row.workload_cap,
    inviteDailyLimit: row.invite_daily_limit,
    reinviteAfterDays: row.reinvite_after_days,
    invitationValidDays: row.invitation_valid_days,
    strikeWindowDays: row.strike_window_days,
    rescoreEveryHours: row.rescore_every_hours,
    acceptsApplications: row.accepts_applications,
    status: row.status,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

const SELECT = sql`select p.id, p.name, p.description, p.region_id, r.code as region_code,
    p.segment_id, s.key as segment_key, p.weights, p.min_age, p.workload_cap,
    p.invite_daily_limit, p.reinvite_after_days, p.invitation_valid_days, p.strike_window_days,
    p.rescore_every_hours, p.accepts_applications, p.status, p.created_at, p.updated_at
  from ambassador_programs p
  left join regions r on r.id = p.region_id
  left join segments s on s.id = p.segment_id`;

export async function getProgram(tx: Orm, id: string): Promise<Program> {
  const [row] = await sqlRows<ProgramRow>(tx, sql`${SELECT} where p.id = ${id}`);
  if (!row) {
    throw fail.notFound('No such ambassador program.');
  }
  return programOf(row);
}

export async function listPrograms(
  tx: Orm,
  options: { includeArchived?: boolean } = {},
): Promise<Program[]> {
  const rows = await sqlRows<ProgramRow>(
    tx,
    sql`${SELECT} ${options.includeArchived ? sql`` : sql`where p.status = 'active'`}
        order by p.created_at, p.id`,
  );
  return rows.map(programOf);
}

async function regionId(tx: Orm, code: string | null | undefined): Promise<string | null> {
  if (!code) {
    return null;
  }
  const [row] = await sqlRows<{ id: string }>(tx, sql`select id from regions where code = ${code}`);
  if (!row) {
    throw fail.validation(`No region has the code "${code}".`, { field: 'regionCode' });
  }
  return row.id;
}

async function segmentId(tx: Orm, key: string | null | undefined): Promise<string | null> {
  if (!key) {
    return null;
  }
  const [row] = await sqlRows<{ id: string }>(tx, sql`select id from segments where key = ${key}`);
  if (!row) {
    throw fail.validation(`No segment has the key "${key}".`, { field: 'segmentKey' });
  }
  return row.id;
}

function mergedWeights(base: Weights, change: Partial<Weights> | undefined): Weights {
  const weights = { ...base, ...(change ?? {}) };
  const problem = checkWeights(weights);
  if (problem) {
    throw fail.validation(problem, { field: 'weights' });
  }
  return weights;
}

function cleanName(name: string | undefined): string | undefined {
  if (name === undefined) {
    return undefined;
  }
  const clean = plainTextLine(name);
  if (clean.length < 2 || clean.length > 80) {
    throw fail.validation('A program name has 2 to 80 characters.', { field: 'name' });
  }
  return clean;
}

async function saved<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (uniqueViolation(error)) {
      throw fail.conflict('Another program has this name.', { field: 'name' });
    }
    throw error;
  }
}

export async function createProgram(
  tx: Orm,
  tenantId: string,
  input: ProgramInput & { name: string },
  createdBy: string,
): Promise<Program> {
  const name = cleanName(input.name)!;
  const weights = mergedWeights(DEFAULT_WEIGHTS, input.weights);
  const region = await regionId(tx, input.regionCode);
  const segment = await segmentId(tx, input.segmentKey);
  const [row] = await saved(() =>
    sqlRows<{ id: string }>(
      tx,
      sql`insert into ambassador_programs (tenant_id, name, description, region_id, segment_id,
            weights, min_age, workload_cap, invite_daily_limit, reinvite_after_days,
            invitation_valid_days, strike_window_days, rescore_every_hours, accepts_applications,
            created_by)
          values (${tenantId}, ${name}, ${input.description?.trim() ?? ''}, ${region}, ${segment},
            ${JSON.stringify(weights)}::jsonb, ${input.minAge ?? 18}, ${input.workloadCap ?? 3},
            ${input.inviteDailyLimit ?? 50}, ${input.reinviteAfterDays ?? 180},
            ${input.invitationValidDays ?? 14}, ${input.strikeWindowDays ?? 90},
            ${input.rescoreEveryHours ?? 24}, ${input.acceptsApplications ?? true}, ${createdBy})
          returning id`,
    ),
  );
  return getProgram(tx, row!.id);
}

export async function updateProgram(tx: Orm, id: string, input: ProgramInput): Promise<Program> {
  const current = await getProgram(tx, id);
  const name = cleanName(input.name) ?? current.name;
  const weights = mergedWeights(current.weights, input.weights);
  const region =
    input.regionCode === undefined ? current.regionId : await regionId(tx, input.regionCode);
  const segment =
    input.segmentKey === undefined ? current.segmentId : await segmentId(tx, input.segmentKey);
  await saved(() =>
    tx.execute(
      sql`update ambassador_programs set
            name = ${name},
            description = ${input.description?.trim() ?? current.description},
            region_id = ${region}, segment_id = ${segment},
            weights = ${JSON.stringify(weights)}::jsonb,
            min_age = ${input.minAge ?? current.minAge},
            workload_cap = ${input.workloadCap ?? current.workloadCap},
            invite_daily_limit = ${input.inviteDailyLimit ?? current.inviteDailyLimit},
            reinvite_after_days = ${input.reinviteAfterDays ?? current.reinviteAfterDays},
            invitation_valid_days = ${input.invitationValidDays ?? current.invitationValidDays},
            strike_window_days = ${input.strikeWindowDays ?? current.strikeWindowDays},
            rescore_every_hours = ${input.rescoreEveryHours ?? current.rescoreEveryHours},
            accepts_applications = ${input.acceptsApplications ?? current.acceptsApplications},
            status = ${input.status ?? current.status},
            updated_at = now()
          where id = ${id}`,
    ),
  );
  return getProgram(tx, id);
}
