/**
 * Missions given to ambassadors, and the evidence they send back.
 *
 * - Giving a mission (a manager's bulk assignment, or an ambassador taking it) locks the
 *   ambassador's row before counting their open assignments, so parallel requests never take
 *   anyone past the program's workload cap.
 * - Evidence is kept in versions; one waits for a decision at a time. A manager approves,
 *   rejects or asks for changes. Approval completes the assignment, pays its points through
 *   the ledger once (keyed by the assignment) and records a `mission_approved` activity.
 * - No mission is given, and no approval pays, without a valid contract of the program for the
 *   ambassador's market (docs/CONTRACTS.md).
 * - The sweeper marks assignments past their due date without a submission as `missed`.
 */
import { sql } from 'drizzle-orm';
import { notify } from '../../community/notifications.service.js';
import { sqlRows, type Database, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import { hasValidContract, requireValidContract } from '../../compliance/contracts/contracts.js';
import { recordActivity } from '../../gamification/activity.js';
import { EARNING_KINDS, credit } from '../../gamification/ledger.js';
import { getProgram } from '../programs.service.js';
import { checkEvidence, type EvidenceInput, type MediaItem } from './evidence.js';
import {
  getMission,
  inMarkets,
  openMissionsOf,
  type Mission,
  type MissionKind,
} from './missions.service.js';

export const ASSIGNMENT_STATUSES = [
  'assigned',
  'submitted',
  'changes_requested',
  'approved',
  'rejected',
  'declined',
  'missed',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** The statuses the workload cap counts. */
export const OPEN_STATUSES: readonly AssignmentStatus[] = [
  'assigned',
  'submitted',
  'changes_requested',
];
const OPEN_SQL = sql.raw(`('assigned', 'submitted', 'changes_requested')`);

export const SUBMISSION_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'changes_requested',
] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const DECISIONS = ['approve', 'reject', 'request_changes'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Most ambassadors one bulk assignment may name. */
export const MAX_BULK = 200;

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
  dueAt: Date;
  incentivePoints: number;
  declineReason: string | null;
  assignedAt: Date;
  answeredAt: Date | null;
  closedAt: Date | null;
}

export interface Submission {
  id: string;
  assignmentId: string;
  version: number;
  text: string | null;
  links: string[];
  media: MediaItem[];
  status: SubmissionStatus;
  submittedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  secondsToDecision: number | null;
}

interface AssignmentRow {
  id: string;
  mission_id: string;
  mission_title: string;
  mission_kind: MissionKind;
  program_id: string;
  ambassador_id: string;
  user_id: string;
  username: string;
  display_name: string;
  status: AssignmentStatus;
  source: 'manager' | 'self';
  assigned_by: string | null;
  due_at: string | Date;
  incentive_points: number;
  decline_reason: string | null;
  assigned_at: string | Date;
  answered_at: string | Date | null;
  closed_at: string | Date | null;
}

interface SubmissionRow {
  id: string;
  assignment_id: string;
  version: number;
  text: string | null;
  links: string[];
  media: MediaItem[] | string;
  status: SubmissionStatus;
  submitted_at: string | Date;
  decided_by: string | null;
  decided_at: string | Date | null;
  decision_reason: string | null;
  seconds_to_decision: number | null;
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

function assignmentOf(row: AssignmentRow): Assignment {
  return {
    id: row.id,
    missionId: row.mission_id,
    missionTitle: row.mission_title,
    missionKind: row.mission_kind,
    programId: row.program_id,
    ambassadorId: row.ambassador_id,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    status: row.status,
    source: row.source,
    assignedBy: row.assigned_by,
    dueAt: new Date(row.due_at),
    incentivePoints: row.incentive_points,
    declineReason: row.decline_reason,
    assignedAt: new Date(row.assigned_at),
    answeredAt: date(row.answered_at),
    closedAt: date(row.closed_at),
  };
}

function submissionOf(row: SubmissionRow): Submission {
  return {
    id: row.id,
    assignmentId: row.assignment_id,
    version: row.version,
    text: row.text,
    links: row.links ?? [],
    media: typeof row.media === 'string' ? (JSON.parse(row.media) as MediaItem[]) : row.media,
    status: row.status,
    submittedAt: new Date(row.submitted_at),
    decidedBy: row.decided_by,
    decidedAt: date(row.decided_at),
    decisionReason: row.decision_reason,
    secondsToDecision: row.seconds_to_decision,
  };
}

const ASSIGNMENT_SELECT = sql`select g.id, g.mission_id, m.title as mission_title,
    m.kind as mission_kind, m.program_id, g.ambassador_id, g.user_id, u.username, u.display_name,
    g.status, g.source, g.assigned_by, g.due_at, g.incentive_points, g.decline_reason,
    g.assigned_at, g.answered_at, g.closed_at
  from ambassador_assignments g
  join ambassador_missions m on m.id = g.mission_id
  join users u on u.id = g.user_id`;

const SUBMISSION_SELECT = sql`select id, assignment_id, version, text, links, media, status,
    submitted_at, decided_by, decided_at, decision_reason, seconds_to_decision
  from ambassador_submissions`;

/** The cause key of an assignment's approval: its activity and the points paid for it. */
export const missionCauseKey = (assignmentId: string) => `mission:${assignmentId}`;
/** The ledger key of an assignment's incentive: paid once, whatever happens. */
export const incentiveKey = (assignmentId: string) => `mission-incentive:${assignmentId}`;

export async function getAssignment(tx: Orm, id: string): Promise<Assignment> {
  const [row] = await sqlRows<AssignmentRow>(tx, sql`${ASSIGNMENT_SELECT} where g.id = ${id}`);
  if (!row) {
    throw fail.notFound('No such assignment.');
  }
  return assignmentOf(row);
}

export async function getSubmission(tx: Orm, id: string): Promise<Submission> {
  const [row] = await sqlRows<SubmissionRow>(tx, sql`${SUBMISSION_SELECT} where id = ${id}`);
  if (!row) {
    throw fail.notFound('No such submission.');
  }
  return submissionOf(row);
}

/** The submissions of the given assignments, by assignment, oldest version first. */
export async function submissionsOf(
  tx: Orm,
  assignmentIds: readonly string[],
): Promise<Map<string, Submission[]>> {
  const result = new Map<string, Submission[]>();
  if (assignmentIds.length === 0) {
    return result;
  }
  const rows = await sqlRows<SubmissionRow>(
    tx,
    sql`${SUBMISSION_SELECT} where assignment_id = any(${sql.param([...assignmentIds])}::uuid[])
        order by assignment_id, version`,
  );
  for (const row of rows) {
    const list = result.get(row.assignment_id) ?? [];
    list.push(submissionOf(row));
    result.set(row.assignment_id, list);
  }
  return result;
}

/** A mission's assignments, newest first, optionally in one status. */
export async function listAssignments(
  tx: Orm,
  missionId: string,
  options: { status?: AssignmentStatus; limit: number; cursor?: string },
): Promise<{ items: Assignment[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const rows = await sqlRows<AssignmentRow>(
    tx,
    sql`${ASSIGNMENT_SELECT} where g.mission_id = ${missionId}
          ${options.status ? sql`and g.status = ${options.status}` : sql``}
          ${after ? sql`and (g.assigned_at, g.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
        order by g.assigned_at desc, g.id desc limit ${options.limit + 1}`,
  );
  return pageOf(rows.map(assignmentOf), options.limit, (a) => ({ at: a.assignedAt, id: a.id }));
}

async function notice(
  tx: Orm,
  tenantId: string,
  userId: string,
  kind: 'mission_assigned' | 'mission_decision',
  actorId: string | null,
): Promise<void> {
  // the member's own step (taking a mission) still tells them, without naming them as actor
  await notify(tx, [userId], { tenantId, kind, actorId: actorId === userId ? null : actorId });
}

/** Locks a mission for the rest of the transaction and checks it can be given now. */
async function lockOpenMission(tx: Orm, missionId: string): Promise<Mission> {
  const [locked] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from ambassador_missions where id = ${missionId} for share`,
  );
  if (!locked) {
    throw fail.notFound('No such mission.');
  }
  const mission = await getMission(tx, missionId);
  if (mission.status !== 'open') {
    throw new GuildError('mission_closed', `This mission is ${mission.status}, not open.`, {
      status: mission.status,
    });
  }
  if (mission.dueAt.getTime() <= Date.now()) {
    throw new GuildError('mission_closed', 'This mission is past its due date.');
  }
  return mission;
}

interface Giver {
  source: 'manager' | 'self';
  /** The manager, or the ambassador taking the mission. */
  userId: string;
}

/**
 * Gives `mission` (locked and open) to one ambassador. Locks the ambassador's row first, so
 * the open assignments counted against the cap cannot change until this transaction ends.
 * Throws a GuildError saying why the ambassador cannot have it.
 */
async function give(
  tx: Orm,
  tenantId: string,
  mission: Mission,
  workloadCap: number,
  ambassadorId: string,
  giver: Giver,
): Promise<Assignment> {
  const [place] = await sqlRows<{
    id: string;
    state: string;
    program_id: string;
    user_id: string;
    region_code: string | null;
  }>(
    tx,
    sql`select a.id, a.state, a.program_id, a.user_id,
               (select r.code from users u join regions r on r.id = u.region_id
                 where u.id = a.user_id) as region_code
          from ambassadors a where a.id = ${ambassadorId}
         for update`,
  );
  if (!place || place.program_id !== mission.programId) {
    throw fail.notFound('is not an ambassador of this mission’s program');
  }
  if (place.state !== 'active') {
    throw new GuildError('forbidden', `is not active in the program (${place.state})`, {
      state: place.state,
    });
  }
  if (!inMarkets(mission, place.region_code)) {
    throw new GuildError(
      'forbidden',
      `is not in this mission’s markets (${mission.effectiveMarkets.join(', ')})`,
      { markets: mission.effectiveMarkets, region: place.region_code },
    );
  }
  await requireValidContract(tx, place.user_id, {
    programId: mission.programId,
    message: 'has no signed, current contract of the program for their market',
  });
  const [existing] = await sqlRows<{ status: AssignmentStatus }>(
    tx,
    sql`select status from ambassador_assignments
         where mission_id = ${mission.id} and ambassador_id = ${ambassadorId}`,
  );
  if (existing) {
    throw fail.conflict(`has this mission already (${existing.status})`, {
      status: existing.status,
    });
  }
  const [load] = await sqlRows<{ open: number }>(
    tx,
    sql`select count(*)::int as open from ambassador_assignments
         where ambassador_id = ${ambassadorId} and status in ${OPEN_SQL}`,
  );
  if ((load?.open ?? 0) >= workloadCap) {
    throw new GuildError(
      'workload_cap_reached',
      `holds ${load?.open ?? 0} open missions, the program’s cap of ${workloadCap}`,
      { open: load?.open ?? 0, cap: workloadCap },
    );
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into ambassador_assignments (tenant_id, mission_id, ambassador_id, user_id,
          source, assigned_by, due_at, incentive_points)
        values (${tenantId}, ${mission.id}, ${ambassadorId}, ${place.user_id}, ${giver.source},
          ${giver.userId}, ${mission.dueAt.toISOString()}, ${mission.incentivePoints})
        returning id`,
  );
  if (giver.source === 'manager') {
    await notice(tx, tenantId, place.user_id, 'mission_assigned', giver.userId);
  }
  return getAssignment(tx, row!.id);
}

export interface AssignResult {
  assigned: Assignment[];
  skipped: { ambassadorId: string; code: string; reason: string }[];
}

/** A manager gives an open mission to up to 200 ambassadors; those who cannot have it are skipped. */
export async function assignMission(
  tx: Orm,
  tenantId: string,
  input: { missionId: string; ambassadorIds: readonly string[]; managerId: string },
): Promise<AssignResult> {
  const ids = [...new Set(input.ambassadorIds)];
  if (ids.length === 0 || ids.length > MAX_BULK) {
    throw fail.validation(`Name 1 to ${MAX_BULK} ambassadors.`, { field: 'ambassadorIds' });
  }
  const mission = await lockOpenMission(tx, input.missionId);
  const program = await getProgram(tx, mission.programId);
  const result: AssignResult = { assigned: [], skipped: [] };
  // a fixed order of row locks, so two bulk assignments never wait on each other in a circle
  for (const ambassadorId of [...ids].sort()) {
    try {
      result.assigned.push(
        await give(tx, tenantId, mission, program.workloadCap, ambassadorId, {
          source: 'manager',
          userId: input.managerId,
        }),
      );
    } catch (error) {
      if (!(error instanceof GuildError)) {
        throw error;
      }
      result.skipped.push({ ambassadorId, code: error.code, reason: error.message });
    }
  }
  return result;
}

/** An active ambassador takes an open mission of their program for themselves. */
export async function takeMission(
  tx: Orm,
  tenantId: string,
  input: { missionId: string; userId: string },
): Promise<Assignment> {
  const mission = await lockOpenMission(tx, input.missionId);
  const [place] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from ambassadors where program_id = ${mission.programId}
         and user_id = ${input.userId}`,
  );
  if (!place) {
    throw fail.notFound('No such mission.');
  }
  const program = await getProgram(tx, mission.programId);
  try {
    return await give(tx, tenantId, mission, program.workloadCap, place.id, {
      source: 'self',
      userId: input.userId,
    });
  } catch (error) {
    if (error instanceof GuildError && error.code !== 'not_found') {
      throw new GuildError(
        error.code,
        `You cannot take this mission: this account ${error.message}.`,
        error.details,
      );
    }
    throw error;
  }
}

/** Locks an assignment of `userId`'s (or anyone's, for a manager) for the transaction. */
async function lockAssignment(tx: Orm, id: string, ownerId: string | null): Promise<Assignment> {
  const [locked] = await sqlRows<{ user_id: string }>(
    tx,
    sql`select user_id from ambassador_assignments where id = ${id} for update`,
  );
  if (!locked || (ownerId !== null && locked.user_id !== ownerId)) {
    throw fail.notFound('No such assignment.');
  }
  return getAssignment(tx, id);
}

function cleanReason(raw: string | null | undefined): string | null {
  const reason = plainTextLine(raw ?? '').slice(0, 500);
  return reason === '' ? null : reason;
}

/** The ambassador declines an assignment they have not finished, saying why. */
export async function declineAssignment(
  tx: Orm,
  input: { assignmentId: string; userId: string; reason: string },
): Promise<Assignment> {
  const reason = cleanReason(input.reason);
  if (reason === null) {
    throw fail.validation('Say why you decline.', { field: 'reason' });
  }
  const assignment = await lockAssignment(tx, input.assignmentId, input.userId);
  if (assignment.status !== 'assigned' && assignment.status !== 'changes_requested') {
    throw new GuildError('mission_closed', `This assignment is ${assignment.status}.`, {
      status: assignment.status,
    });
  }
  await tx.execute(
    sql`update ambassador_assignments set status = 'declined', decline_reason = ${reason},
          answered_at = coalesce(answered_at, now()), closed_at = now()
        where id = ${assignment.id}`,
  );
  return getAssignment(tx, assignment.id);
}

/** The ambassador sends evidence (the next version) for an assignment of theirs. */
export async function submitEvidence(
  tx: Orm,
  tenantId: string,
  input: { assignmentId: string; userId: string; evidence: EvidenceInput },
): Promise<{ submission: Submission; assignment: Assignment }> {
  const assignment = await lockAssignment(tx, input.assignmentId, input.userId);
  if (assignment.status === 'submitted') {
    throw fail.conflict(
      'Your evidence is waiting for a decision; send more once changes are asked for.',
    );
  }
  if (assignment.status !== 'assigned' && assignment.status !== 'changes_requested') {
    throw new GuildError('mission_closed', `This assignment is ${assignment.status}.`, {
      status: assignment.status,
    });
  }
  if (assignment.status === 'assigned' && assignment.dueAt.getTime() <= Date.now()) {
    throw new GuildError('mission_closed', 'This assignment is past its due date.');
  }
  const mission = await getMission(tx, assignment.missionId);
  const evidence = checkEvidence(input.evidence, mission.evidenceRequired);
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into ambassador_submissions (tenant_id, assignment_id, version, text, links, media)
        values (${tenantId}, ${assignment.id},
          (select coalesce(max(version), 0) + 1 from ambassador_submissions
            where assignment_id = ${assignment.id}),
          ${evidence.text}, ${sql.param(evidence.links)}::text[],
          ${JSON.stringify(evidence.media)}::jsonb)
        returning id`,
  );
  await tx.execute(
    sql`update ambassador_assignments set status = 'submitted',
          answered_at = coalesce(answered_at, now())
        where id = ${assignment.id}`,
  );
  return {
    submission: await getSubmission(tx, row!.id),
    assignment: await getAssignment(tx, assignment.id),
  };
}

const DECIDED: Record<Decision, SubmissionStatus> = {
  approve: 'approved',
  reject: 'rejected',
  request_changes: 'changes_requested',
};

export interface DecisionResult {
  submission: Submission;
  assignment: Assignment;
  /** True when the same decision was made before: nothing changed now. */
  replayed: boolean;
  /** Points of the incentive written to the ledger now (0 on a replay). */
  pointsCredited: number;
}

/**
 * A manager decides a submission waiting for review. Approval completes the assignment, pays
 * its points once (the ledger key is the assignment's) and records `mission_approved`. The
 * same decision again is a replay; a different one on a decided submission is a conflict.
 */
export async function decideSubmission(
  tx: Orm,
  tenantId: string,
  input: { submissionId: string; decision: Decision; reason?: string | null; managerId: string },
): Promise<DecisionResult> {
  const reason = cleanReason(input.reason);
  if (input.decision !== 'approve' && reason === null) {
    throw fail.validation('Rejecting or asking for changes needs a reason.', { field: 'reason' });
  }
  const [found] = await sqlRows<{ assignment_id: string }>(
    tx,
    sql`select assignment_id from ambassador_submissions where id = ${input.submissionId}`,
  );
  if (!found) {
    throw fail.notFound('No such submission.');
  }
  const assignment = await lockAssignment(tx, found.assignment_id, null);
  const before = await getSubmission(tx, input.submissionId);
  const status = DECIDED[input.decision];
  if (before.status !== 'pending') {
    if (before.status === status) {
      return { submission: before, assignment, replayed: true, pointsCredited: 0 };
    }
    throw fail.conflict(`This submission was decided already (${before.status}).`, {
      status: before.status,
    });
  }
  if (input.decision === 'approve') {
    // no incentive is paid to an ambassador without a valid contract
    await requireValidContract(tx, assignment.userId, {
      programId: assignment.programId,
      message: `${assignment.displayName} has no signed, current contract of the program for their market; approve once one is signed.`,
    });
  }
  await tx.execute(
    sql`update ambassador_submissions set status = ${status}, decided_by = ${input.managerId},
          decided_at = date_trunc('milliseconds', clock_timestamp()),
          decision_reason = ${reason},
          seconds_to_decision = greatest(0, round(extract(epoch from
            date_trunc('milliseconds', clock_timestamp()) - submitted_at)))::int
        where id = ${before.id}`,
  );
  const submission = await getSubmission(tx, before.id);
  const next: AssignmentStatus =
    input.decision === 'approve'
      ? 'approved'
      : input.decision === 'reject'
        ? 'rejected'
        : 'changes_requested';
  await tx.execute(
    sql`update ambassador_assignments set status = ${next},
          closed_at = ${next === 'changes_requested' ? null : sql`now()`}
        where id = ${assignment.id}`,
  );
  let pointsCredited = 0;
  if (input.decision === 'approve') {
    const causeKey = missionCauseKey(assignment.id);
    if (assignment.incentivePoints > 0) {
      const posted = await credit(tx, tenantId, {
        userId: assignment.userId,
        amount: assignment.incentivePoints,
        reason: `Mission: ${assignment.missionTitle}`.slice(0, 200),
        source: 'program',
        // its own reference, apart from the activity's cause key: a rules backfill nets the
        // entries of a cause against what the rules give, and must not take the incentive back
        sourceRef: incentiveKey(assignment.id),
        idempotencyKey: incentiveKey(assignment.id),
        createdBy: input.managerId,
      });
      pointsCredited = posted.replayed ? 0 : posted.entry.amount;
    }
    await recordActivity(tx, tenantId, {
      kind: 'mission_approved',
      userId: assignment.userId,
      actorId: null,
      causeKey,
      occurredAt: submission.decidedAt ?? new Date(),
      properties: { missionId: assignment.missionId, missionKind: assignment.missionKind },
    });
  }
  await notice(tx, tenantId, assignment.userId, 'mission_decision', input.managerId);
  return {
    submission,
    assignment: await getAssignment(tx, assignment.id),
    replayed: false,
    pointsCredited,
  };
}

/**
 * Marks every assignment past its due date without a submission as `missed`, in every tenant.
 * @returns how many were marked
 */
export async function sweepMissedDeadlines(db: Database, at: Date = new Date()): Promise<number> {
  const tenants = await db.query<{ tenant_id: string }>(
    `SELECT DISTINCT tenant_id FROM ambassador_assignments
      WHERE status = 'assigned' AND due_at <= $1`,
    [at.toISOString()],
  );
  let marked = 0;
  for (const { tenant_id: tenantId } of tenants) {
    const rows = await db.tenant(tenantId, (tx) =>
      sqlRows<{ id: string }>(
        tx,
        sql`update ambassador_assignments set status = 'missed', closed_at = now()
             where status = 'assigned' and due_at <= ${at.toISOString()}::timestamptz
           returning id`,
      ),
    );
    marked += rows.length;
  }
  return marked;
}

// ---- the ambassador's own view -------------------------------------------------------------

export interface MyMissions {
  openMissions: (Mission & { programName: string; canTake: boolean; whyNot: string | null })[];
  assignments: (Assignment & { submissions: Submission[] })[];
  incentivesEarned: number;
}

/** What an ambassador sees: missions they may take, their assignments and evidence, and points earned. */
export async function myMissions(tx: Orm, userId: string): Promise<MyMissions> {
  const places = await sqlRows<{
    id: string;
    program_id: string;
    program_name: string;
    state: string;
    workload_cap: number;
    open: number;
  }>(
    tx,
    sql`select a.id, a.program_id, p.name as program_name, a.state, p.workload_cap,
               (select count(*)::int from ambassador_assignments g
                 where g.ambassador_id = a.id and g.status in ${OPEN_SQL}) as open
          from ambassadors a join ambassador_programs p on p.id = a.program_id
         where a.user_id = ${userId} and a.state = 'active' and p.status = 'active'`,
  );
  const [me] = await sqlRows<{ region_code: string | null }>(
    tx,
    sql`select r.code as region_code from users u left join regions r on r.id = u.region_id
         where u.id = ${userId}`,
  );
  const rows = await sqlRows<AssignmentRow>(
    tx,
    sql`${ASSIGNMENT_SELECT} where g.user_id = ${userId} order by g.assigned_at desc, g.id desc
        limit 200`,
  );
  const assignments = rows.map(assignmentOf);
  const taken = new Set(assignments.map((a) => a.missionId));
  const open = await openMissionsOf(
    tx,
    places.map((p) => p.program_id),
  );
  const contracted = new Set<string>();
  for (const place of places) {
    if (await hasValidContract(tx, userId, undefined, place.program_id)) {
      contracted.add(place.program_id);
    }
  }
  const openMissions = open
    .filter((m) => !taken.has(m.id) && inMarkets(m, me?.region_code ?? null))
    .map((m) => {
      const place = places.find((p) => p.program_id === m.programId)!;
      const full = place.open >= place.workload_cap;
      const whyNot = !contracted.has(place.program_id)
        ? 'You have no signed, current contract of the program; sign the one offered to you.'
        : full
          ? `You hold ${place.open} open missions, the program’s cap of ${place.workload_cap}.`
          : null;
      return { ...m, programName: place.program_name, canTake: whyNot === null, whyNot };
    });
  const submissions = await submissionsOf(
    tx,
    assignments.map((a) => a.id),
  );
  // the incentive (its own reference) and whatever the point rules gave for the approval
  const approvedKeys = assignments
    .filter((a) => a.status === 'approved')
    .flatMap((a) => [incentiveKey(a.id), missionCauseKey(a.id)]);
  let incentivesEarned = 0;
  if (approvedKeys.length > 0) {
    const [sum] = await sqlRows<{ total: string | number | null }>(
      tx,
      sql`select coalesce(sum(amount), 0) as total from ledger_entries
           where user_id = ${userId} and source_ref = any(${sql.param(approvedKeys)}::text[])
             and kind = any(${sql.param([...EARNING_KINDS])}::text[])`,
    );
    incentivesEarned = Number(sum?.total ?? 0);
  }
  return {
    openMissions,
    assignments: assignments.map((a) => ({ ...a, submissions: submissions.get(a.id) ?? [] })),
    incentivesEarned,
  };
}
