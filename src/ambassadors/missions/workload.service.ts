/**
 * How loaded each ambassador of a program is, and the signs of burnout in words: load near the
 * cap, deadlines missed, answering less often than before. Managers read it before giving more.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { getProgram } from '../programs.service.js';

/** An assignment counts as answered when it was submitted or declined within this many days. */
export const ANSWER_DAYS = 7;
/** Load at or above this share of the cap is "near the cap". */
export const NEAR_CAP = 0.8;
/** Missed deadlines in the last 90 days from which it is a signal. */
export const MISSED_SIGNAL = 2;
/** A drop in the response rate of at least this many points is a signal... */
export const RESPONSE_DROP_POINTS = 30;
/** ...when each window holds at least this many assignments. */
export const RESPONSE_MIN_ASSIGNMENTS = 3;

export interface Rate {
  /** Assignments counted: answered, or older than the answering days. */
  assignments: number;
  answered: number;
  /** 0..100, or null without assignments. */
  percent: number | null;
}

export interface WorkloadFacts {
  open: number;
  cap: number;
  missed90Days: number;
  recent: Rate;
  before: Rate;
}

export interface WorkloadRow extends WorkloadFacts {
  ambassadorId: string;
  userId: string;
  username: string;
  displayName: string;
  state: 'active' | 'paused';
  /** Open assignments over the cap. */
  loadShare: number;
  /** This ambassador's share of the program's open assignments. */
  programShare: number;
  signals: string[];
}

export function rateOf(assignments: number, answered: number): Rate {
  return {
    assignments,
    answered,
    percent: assignments === 0 ? null : (100 * answered) / assignments,
  };
}

/** The burnout signals of one ambassador, in words. */
export function burnoutSignals(facts: WorkloadFacts): string[] {
  const signals: string[] = [];
  if (facts.cap > 0 && facts.open >= NEAR_CAP * facts.cap) {
    signals.push('load near the cap');
  }
  if (facts.missed90Days >= MISSED_SIGNAL) {
    signals.push(`missed ${facts.missed90Days} deadlines in 90 days`);
  }
  const { recent, before } = facts;
  if (
    recent.percent !== null &&
    before.percent !== null &&
    recent.assignments >= RESPONSE_MIN_ASSIGNMENTS &&
    before.assignments >= RESPONSE_MIN_ASSIGNMENTS &&
    before.percent - recent.percent >= RESPONSE_DROP_POINTS
  ) {
    signals.push(
      `responding less: ${Math.round(recent.percent)}% in the last 30 days against ${Math.round(
        before.percent,
      )}% before`,
    );
  }
  return signals;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Every active or paused ambassador of a program, the most signals first. */
export async function programWorkload(tx: Orm, programId: string): Promise<WorkloadRow[]> {
  const program = await getProgram(tx, programId);
  const answeredIn = sql.raw(`make_interval(days => ${ANSWER_DAYS})`);
  // counted: answered already, or its answering days are over
  const counted = sql`(g.answered_at is not null or g.assigned_at <= now() - ${answeredIn})`;
  const answered = sql`(g.answered_at is not null and g.answered_at <= g.assigned_at + ${answeredIn})`;
  const recent = sql`g.assigned_at > now() - interval '30 days'`;
  const before = sql`g.assigned_at > now() - interval '90 days' and g.assigned_at <= now() - interval '30 days'`;
  const rows = await sqlRows<{
    id: string;
    user_id: string;
    username: string;
    display_name: string;
    state: 'active' | 'paused';
    open: number;
    missed: number;
    recent_total: number;
    recent_answered: number;
    before_total: number;
    before_answered: number;
  }>(
    tx,
    sql`select a.id, a.user_id, u.username, u.display_name, a.state,
          count(g.id) filter (where g.status in ('assigned', 'submitted', 'changes_requested'))::int as open,
          count(g.id) filter (where g.status = 'missed' and g.due_at > now() - interval '90 days'
                                and g.due_at <= now())::int as missed,
          count(g.id) filter (where ${recent} and ${counted})::int as recent_total,
          count(g.id) filter (where ${recent} and ${counted} and ${answered})::int as recent_answered,
          count(g.id) filter (where ${before} and ${counted})::int as before_total,
          count(g.id) filter (where ${before} and ${counted} and ${answered})::int as before_answered
        from ambassadors a
        join users u on u.id = a.user_id
        left join ambassador_assignments g on g.ambassador_id = a.id
       where a.program_id = ${program.id} and a.state in ('active', 'paused')
       group by a.id, a.user_id, u.username, u.display_name, a.state`,
  );
  const programOpen = rows.reduce((sum, r) => sum + r.open, 0);
  const result = rows.map((r): WorkloadRow => {
    const facts: WorkloadFacts = {
      open: r.open,
      cap: program.workloadCap,
      missed90Days: r.missed,
      recent: rateOf(r.recent_total, r.recent_answered),
      before: rateOf(r.before_total, r.before_answered),
    };
    return {
      ambassadorId: r.id,
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      state: r.state,
      ...facts,
      loadShare: round2(r.open / program.workloadCap),
      programShare: programOpen === 0 ? 0 : round2(r.open / programOpen),
      signals: burnoutSignals(facts),
    };
  });
  return result.sort(
    (a, b) =>
      b.signals.length - a.signals.length ||
      b.loadShare - a.loadShare ||
      a.username.localeCompare(b.username),
  );
}
