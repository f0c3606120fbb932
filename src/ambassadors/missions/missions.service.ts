/**
 * Missions of an ambassador program: what to do (a post, a review, content, an event, a
 * referral), the brief, what it pays, by when, the evidence it needs and the markets it is for.
 * draft → open → closed; a mission is never deleted. A review mission may not tie its brief or
 * its reward to a rating or a sentiment (REV-01, sentiment.ts).
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import { getProgram, type Program } from '../programs.service.js';
import { EVIDENCE_KINDS, type EvidenceKind } from './evidence.js';
import { sentimentCondition } from './sentiment.js';

export const MISSION_KINDS = ['post', 'review', 'ugc', 'event', 'referral'] as const;
export type MissionKind = (typeof MISSION_KINDS)[number];

export const MISSION_STATUSES = ['draft', 'open', 'closed'] as const;
export type MissionStatus = (typeof MISSION_STATUSES)[number];

/** The moves a mission's status may make. */
const STATUS_MOVES: Record<MissionStatus, readonly MissionStatus[]> = {
  draft: ['open', 'closed'],
  open: ['closed'],
  closed: [],
};

export const MAX_INCENTIVE_POINTS = 1_000_000;
export const MAX_BRIEF = 20_000;

export interface Mission {
  id: string;
  programId: string;
  kind: MissionKind;
  title: string;
  brief: string;
  incentivePoints: number;
  incentiveText: string | null;
  dueAt: Date;
  evidenceRequired: EvidenceKind[];
  /** As set; empty means the program's region (or everywhere). */
  markets: string[];
  /** Where it may be given: the markets, else the program's region; empty means everywhere. */
  effectiveMarkets: string[];
  status: MissionStatus;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
}

export interface MissionInput {
  kind?: MissionKind;
  title?: string;
  brief?: string;
  incentivePoints?: number;
  incentiveText?: string | null;
  dueAt?: Date;
  evidenceRequired?: readonly EvidenceKind[];
  markets?: readonly string[];
  status?: MissionStatus;
}

interface MissionRow {
  id: string;
  program_id: string;
  kind: MissionKind;
  title: string;
  brief: string;
  incentive_points: number;
  incentive_text: string | null;
  due_at: string | Date;
  evidence_required: EvidenceKind[];
  markets: string[];
  program_region: string | null;
  status: MissionStatus;
  created_by: string | null;
  created_at: string | Date;
  updated_at: string | Date;
  opened_at: string | Date | null;
  closed_at: string | Date | null;
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

function missionOf(row: MissionRow): Mission {
  const markets = row.markets ?? [];
  return {
    id: row.id,
    programId: row.program_id,
    kind: row.kind,
    title: row.title,
    brief: row.brief,
    incentivePoints: row.incentive_points,
    incentiveText: row.incentive_text,
    dueAt: new Date(row.due_at),
    evidenceRequired: EVIDENCE_KINDS.filter((k) => (row.evidence_required ?? []).includes(k)),
    markets,
    effectiveMarkets:
      markets.length > 0 ? markets : row.program_region === null ? [] : [row.program_region],
    status: row.status,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    openedAt: date(row.opened_at),
    closedAt: date(row.closed_at),
  };
}

export const MISSION_SELECT = sql`select m.id, m.program_id, m.kind, m.title, m.brief,
    m.incentive_points, m.incentive_text, m.due_at, m.evidence_required, m.markets,
    r.code as program_region, m.status, m.created_by, m.created_at, m.updated_at, m.opened_at,
    m.closed_at
  from ambassador_missions m
  join ambassador_programs p on p.id = m.program_id
  left join regions r on r.id = p.region_id`;

export async function getMission(tx: Orm, id: string): Promise<Mission> {
  const [row] = await sqlRows<MissionRow>(tx, sql`${MISSION_SELECT} where m.id = ${id}`);
  if (!row) {
    throw fail.notFound('No such mission.');
  }
  return missionOf(row);
}

/** Missions by id (those that exist). */
export async function missionsByIds(tx: Orm, ids: readonly string[]): Promise<Mission[]> {
  if (ids.length === 0) {
    return [];
  }
  const rows = await sqlRows<MissionRow>(
    tx,
    sql`${MISSION_SELECT} where m.id = any(${sql.param([...ids])}::uuid[])`,
  );
  return rows.map(missionOf);
}

/** A program's missions, newest first, optionally in one status. */
export async function listMissions(
  tx: Orm,
  programId: string,
  options: { status?: MissionStatus; limit: number; cursor?: string },
): Promise<{ items: Mission[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const rows = await sqlRows<MissionRow>(
    tx,
    sql`${MISSION_SELECT} where m.program_id = ${programId}
          ${options.status ? sql`and m.status = ${options.status}` : sql``}
          ${after ? sql`and (m.created_at, m.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
        order by m.created_at desc, m.id desc limit ${options.limit + 1}`,
  );
  return pageOf(rows.map(missionOf), options.limit, (m) => ({ at: m.createdAt, id: m.id }));
}

/** Open missions of the given programs, soonest due first. */
export async function openMissionsOf(tx: Orm, programIds: readonly string[]): Promise<Mission[]> {
  if (programIds.length === 0) {
    return [];
  }
  const rows = await sqlRows<MissionRow>(
    tx,
    sql`${MISSION_SELECT} where m.program_id = any(${sql.param([...programIds])}::uuid[])
          and m.status = 'open' and m.due_at > now()
        order by m.due_at, m.id`,
  );
  return rows.map(missionOf);
}

/** True when a member of `regionCode` may be given a mission for `markets` (effective). */
export function inMarkets(mission: Pick<Mission, 'effectiveMarkets'>, regionCode: string | null) {
  return (
    mission.effectiveMarkets.length === 0 ||
    (regionCode !== null && mission.effectiveMarkets.includes(regionCode))
  );
}

function cleanTitle(raw: string): string {
  const title = plainTextLine(raw).slice(0, 120);
  if (title.length < 3) {
    throw fail.validation('A mission needs a title of at least 3 characters.', { field: 'title' });
  }
  return title;
}

function cleanBrief(raw: string): string {
  // kept as written (plain text or Markdown), without control characters other than newlines
  // eslint-disable-next-line no-control-regex
  const brief = raw.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  if (brief.length > MAX_BRIEF) {
    throw fail.validation(`A brief may be at most ${MAX_BRIEF} characters.`, { field: 'brief' });
  }
  return brief.trim();
}

function cleanIncentiveText(raw: string | null | undefined): string | null {
  const text = plainTextLine(raw ?? '').slice(0, 300);
  return text === '' ? null : text;
}

function checkPoints(points: number): number {
  if (!Number.isInteger(points) || points < 0 || points > MAX_INCENTIVE_POINTS) {
    throw fail.validation(
      `Incentive points must be a whole number from 0 to ${MAX_INCENTIVE_POINTS}.`,
      {
        field: 'incentivePoints',
      },
    );
  }
  return points;
}

async function cleanMarkets(tx: Orm, raw: readonly string[]): Promise<string[]> {
  const codes = [...new Set(raw.map((code) => code.trim().toUpperCase()))].filter((c) => c !== '');
  if (codes.length === 0) {
    return [];
  }
  const known = await sqlRows<{ code: string }>(
    tx,
    sql`select code from regions where code = any(${sql.param(codes)}::text[])`,
  );
  const unknown = codes.filter((code) => !known.some((k) => k.code === code));
  if (unknown.length > 0) {
    throw fail.validation(`Unknown region codes: ${unknown.join(', ')}.`, {
      field: 'markets',
      unknown,
    });
  }
  return codes.sort();
}

/** Refuses a review mission whose title, brief or incentive asks for a rating (REV-01). */
export function checkReviewNeutral(mission: {
  kind: MissionKind;
  title: string;
  brief: string;
  incentiveText: string | null;
}): void {
  if (mission.kind !== 'review') {
    return;
  }
  const fields = {
    title: mission.title,
    brief: mission.brief,
    incentiveText: mission.incentiveText,
  };
  const refused = Object.entries(fields)
    .map(([field, text]) => ({ field, phrase: sentimentCondition(text) }))
    .filter((f): f is { field: string; phrase: string } => f.phrase !== null);
  if (refused.length > 0) {
    throw new GuildError(
      'sentiment_condition_refused',
      `A review mission may ask for an honest review, never for a rating or a sentiment (REV-01); remove: ${refused
        .map((f) => `"${f.phrase}" (${f.field})`)
        .join(', ')}.`,
      { fields: refused.map((f) => f.field), phrases: refused.map((f) => f.phrase) },
    );
  }
}

function checkDueForOpen(dueAt: Date): void {
  if (dueAt.getTime() <= Date.now()) {
    throw fail.validation('An open mission needs a due date in the future.', { field: 'dueAt' });
  }
}

export async function createMission(
  tx: Orm,
  tenantId: string,
  programId: string,
  input: MissionInput & { kind: MissionKind; title: string; dueAt: Date },
  createdBy: string,
): Promise<Mission> {
  const program: Program = await getProgram(tx, programId);
  if (program.status !== 'active') {
    throw fail.conflict('An archived program takes no new missions.');
  }
  const status = input.status ?? 'draft';
  if (status === 'closed') {
    throw fail.validation('A new mission is a draft or open.', { field: 'status' });
  }
  const fields = {
    kind: input.kind,
    title: cleanTitle(input.title),
    brief: cleanBrief(input.brief ?? ''),
    incentivePoints: checkPoints(input.incentivePoints ?? 0),
    incentiveText: cleanIncentiveText(input.incentiveText),
    dueAt: input.dueAt,
    evidenceRequired: EVIDENCE_KINDS.filter((k) => (input.evidenceRequired ?? []).includes(k)),
    markets: await cleanMarkets(tx, input.markets ?? []),
  };
  checkReviewNeutral(fields);
  if (Number.isNaN(fields.dueAt.getTime())) {
    throw fail.validation('A mission needs a due date.', { field: 'dueAt' });
  }
  if (status === 'open') {
    checkDueForOpen(fields.dueAt);
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into ambassador_missions (tenant_id, program_id, kind, title, brief,
          incentive_points, incentive_text, due_at, evidence_required, markets, status,
          created_by, opened_at)
        values (${tenantId}, ${program.id}, ${fields.kind}, ${fields.title}, ${fields.brief},
          ${fields.incentivePoints}, ${fields.incentiveText}, ${fields.dueAt.toISOString()},
          ${sql.param(fields.evidenceRequired)}::text[], ${sql.param(fields.markets)}::text[],
          ${status}, ${createdBy}, ${status === 'open' ? sql`now()` : null})
        returning id`,
  );
  return getMission(tx, row!.id);
}

/**
 * Changes a mission. A draft or open mission may be edited; a closed one may not
 * (`mission_closed`). Points promised to assignments already given do not change.
 */
export async function updateMission(tx: Orm, id: string, input: MissionInput): Promise<Mission> {
  const [locked] = await sqlRows<{ status: MissionStatus }>(
    tx,
    sql`select status from ambassador_missions where id = ${id} for update`,
  );
  if (!locked) {
    throw fail.notFound('No such mission.');
  }
  const before = await getMission(tx, id);
  if (before.status === 'closed') {
    throw new GuildError('mission_closed', 'A closed mission cannot be changed.');
  }
  if (input.kind !== undefined && input.kind !== before.kind && before.status !== 'draft') {
    throw fail.conflict('The kind of an open mission cannot change.', { field: 'kind' });
  }
  const after = {
    kind: input.kind ?? before.kind,
    title: input.title === undefined ? before.title : cleanTitle(input.title),
    brief: input.brief === undefined ? before.brief : cleanBrief(input.brief),
    incentivePoints:
      input.incentivePoints === undefined
        ? before.incentivePoints
        : checkPoints(input.incentivePoints),
    incentiveText:
      input.incentiveText === undefined
        ? before.incentiveText
        : cleanIncentiveText(input.incentiveText),
    dueAt: input.dueAt ?? before.dueAt,
    evidenceRequired:
      input.evidenceRequired === undefined
        ? before.evidenceRequired
        : EVIDENCE_KINDS.filter((k) => input.evidenceRequired!.includes(k)),
    markets: input.markets === undefined ? before.markets : await cleanMarkets(tx, input.markets),
    status: input.status ?? before.status,
  };
  checkReviewNeutral(after);
  if (after.status !== before.status && !STATUS_MOVES[before.status].includes(after.status)) {
    throw fail.conflict(`A mission cannot go from "${before.status}" to "${after.status}".`, {
      from: before.status,
      to: after.status,
      allowed: STATUS_MOVES[before.status],
    });
  }
  if (after.status === 'open' && (before.status === 'draft' || input.dueAt !== undefined)) {
    checkDueForOpen(after.dueAt);
  }
  await tx.execute(
    sql`update ambassador_missions set kind = ${after.kind}, title = ${after.title},
          brief = ${after.brief}, incentive_points = ${after.incentivePoints},
          incentive_text = ${after.incentiveText}, due_at = ${after.dueAt.toISOString()},
          evidence_required = ${sql.param(after.evidenceRequired)}::text[],
          markets = ${sql.param(after.markets)}::text[], status = ${after.status},
          opened_at = ${after.status === 'open' && before.status === 'draft' ? sql`now()` : sql`opened_at`},
          closed_at = ${after.status === 'closed' ? sql`now()` : sql`closed_at`},
          updated_at = now()
        where id = ${id}`,
  );
  return getMission(tx, id);
}

/** How many assignments of a mission are in each status. */
export async function assignmentCounts(
  tx: Orm,
  missionId: string,
): Promise<Record<string, number>> {
  const rows = await sqlRows<{ status: string; n: number }>(
    tx,
    sql`select status, count(*)::int as n from ambassador_assignments
         where mission_id = ${missionId} group by status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
