/**
 * Reads what the retention figures need from the database and hands it to the pure
 * computations (retention.ts, churn.ts); lists the program's alumni.
 *
 * Completed missions and approved submissions are read from `member_activity` rows of kind
 * `mission_approved` that were not withdrawn. Those rows name the member, not the program: a
 * member in two programs counts a completion in both.
 */
import { sql, type SQL } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { getProgram } from '../programs.service.js';
import { churnRiskOf, type ChurnRisk } from './churn.js';
import {
  retentionOf,
  type RetentionMember,
  type RetentionResult,
  type StateChange,
} from './retention.js';

const DAY_MS = 86_400_000;
const ts = (v: string | Date) => new Date(v);

/** The member activity that counts as a completed mission or an approved submission. */
export const COMPLETION_KIND = 'mission_approved';
/** The member activity that counts as community activity for churn risk. */
export const CONTRIBUTION_KINDS = ['post_published', 'comment_published'] as const;

/** The period of whole UTC days from `from` to `to`, both included. */
export function periodOf(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00.000Z`);
  const end = new Date(new Date(`${to}T00:00:00.000Z`).getTime() + DAY_MS - 1);
  return { start, end };
}

/**
 * What the retention rate needs of each ambassador place up to `until`: its member's region,
 * its transitions and the member's completions. All programs' places when `programId` is null.
 */
export async function retentionInputs(
  tx: Orm,
  programId: string | null,
  until: Date,
  narrow: {
    /** Completions before this moment are not needed (the earliest window's start). */
    completedSince?: Date;
    /** A further condition on the places `a` (ambassadors), e.g. their members' region. */
    places?: SQL;
  } = {},
): Promise<RetentionMember[]> {
  const inProgram = sql`${programId === null ? sql`` : sql`and a.program_id = ${programId}`}
    ${narrow.places ?? sql``}`;
  const places = await sqlRows<{ id: string; user_id: string; region_code: string | null }>(
    tx,
    // the region by a lookup per place: a join would scan every member of a large community
    sql`select a.id, a.user_id,
          (select r.code from users u join regions r on r.id = u.region_id where u.id = a.user_id)
            as region_code
          from ambassadors a
         where true ${inProgram}`,
  );
  const transitions = await sqlRows<{ ambassador_id: string; to_state: string; at: string | Date }>(
    tx,
    sql`select t.ambassador_id, t.to_state, t.at
          from ambassador_transitions t
         where t.ambassador_id = any(${sql.param(places.map((p) => p.id))}::uuid[])
           and t.at <= ${until.toISOString()}::timestamptz
         order by t.at, t.id`,
  );
  const completions = await sqlRows<{ user_id: string; occurred_at: string | Date }>(
    tx,
    sql`select m.user_id, m.occurred_at from member_activity m
         where m.kind = ${COMPLETION_KIND} and m.withdrawn_at is null
           and m.occurred_at <= ${until.toISOString()}::timestamptz
           ${
             narrow.completedSince
               ? sql`and m.occurred_at > ${narrow.completedSince.toISOString()}::timestamptz`
               : sql``
           }
           and m.user_id = any(${sql.param([...new Set(places.map((p) => p.user_id))])}::uuid[])`,
  );
  const byPlace = new Map<string, StateChange[]>();
  for (const t of transitions) {
    const list = byPlace.get(t.ambassador_id) ?? [];
    list.push({ toState: t.to_state, at: ts(t.at) });
    byPlace.set(t.ambassador_id, list);
  }
  const byUser = new Map<string, Date[]>();
  for (const c of completions) {
    const list = byUser.get(c.user_id) ?? [];
    list.push(ts(c.occurred_at));
    byUser.set(c.user_id, list);
  }
  return places.map((p) => ({
    ambassadorId: p.id,
    userId: p.user_id,
    regionCode: p.region_code,
    transitions: byPlace.get(p.id) ?? [],
    completions: byUser.get(p.user_id) ?? [],
  }));
}

export async function programRetention(
  tx: Orm,
  programId: string,
  period: { start: Date; end: Date },
): Promise<RetentionResult> {
  await getProgram(tx, programId);
  return retentionOf(await retentionInputs(tx, programId, period.end), period.start, period.end);
}

export interface ChurnRow extends ChurnRisk {
  ambassadorId: string;
  userId: string;
  username: string;
  displayName: string;
  regionCode: string | null;
  state: 'active' | 'paused';
  lastCompletionAt: Date | null;
  daysSinceCompletion: number | null;
  latestNps: number | null;
  contributionsLast30: number;
  contributionsPrevious60: number;
}

/** Churn risk of each active or paused ambassador of the program now, highest first. */
export async function churnRisks(tx: Orm, programId: string): Promise<ChurnRow[]> {
  await getProgram(tx, programId);
  const rows = await sqlRows<{
    id: string;
    user_id: string;
    username: string;
    display_name: string;
    region_code: string | null;
    state: 'active' | 'paused';
    last_completion: string | Date | null;
    days_since: number | null;
    latest_nps: number | null;
    last30: number;
    previous60: number;
  }>(
    tx,
    sql`select a.id, a.user_id, u.username, u.display_name, g.code as region_code, a.state,
               c.last_completion,
               floor(extract(epoch from (now() - c.last_completion)) / 86400)::int as days_since,
               (select r.nps from ambassador_survey_responses r
                  join ambassador_surveys s on s.id = r.survey_id
                 where s.program_id = a.program_id and r.user_id = a.user_id
                   and r.nps is not null
                 order by r.submitted_at desc limit 1) as latest_nps,
               coalesce(w.last30, 0)::int as last30, coalesce(w.previous60, 0)::int as previous60
          from ambassadors a
          join users u on u.id = a.user_id
          left join regions g on g.id = u.region_id
          left join lateral (
            select max(m.occurred_at) as last_completion from member_activity m
             where m.user_id = a.user_id and m.kind = ${COMPLETION_KIND}
               and m.withdrawn_at is null and m.occurred_at <= now()
          ) c on true
          left join lateral (
            select count(*) filter (where m.occurred_at > now() - interval '30 days') as last30,
                   count(*) filter (where m.occurred_at <= now() - interval '30 days') as previous60
              from member_activity m
             where m.user_id = a.user_id
               and m.kind = any(${sql.param([...CONTRIBUTION_KINDS])}::text[])
               and m.withdrawn_at is null
               and m.occurred_at > now() - interval '90 days' and m.occurred_at <= now()
          ) w on true
         where a.program_id = ${programId} and a.state in ('active', 'paused')`,
  );
  return rows
    .map((r) => {
      const input = {
        state: r.state,
        daysSinceCompletion: r.days_since === null ? null : Number(r.days_since),
        latestNps: r.latest_nps === null ? null : Number(r.latest_nps),
        contributionsLast30: Number(r.last30),
        contributionsPrevious60: Number(r.previous60),
      };
      return {
        ambassadorId: r.id,
        userId: r.user_id,
        username: r.username,
        displayName: r.display_name,
        regionCode: r.region_code,
        lastCompletionAt: r.last_completion === null ? null : ts(r.last_completion),
        ...input,
        state: r.state,
        ...churnRiskOf(input),
      };
    })
    .sort((a, b) => b.score - a.score || a.username.localeCompare(b.username));
}

export interface AlumnusRow {
  ambassadorId: string;
  userId: string;
  username: string;
  displayName: string;
  regionCode: string | null;
  /** The state they left from (active, paused or onboarding). */
  fromState: string | null;
  leftAt: Date;
  reason: string | null;
  /** Who ended the place: the member themselves or a manager. */
  actorKind: string;
  /** Where they are now (alumni, or identified again). */
  currentState: string;
}

/** Every departure from the program (each move into alumni), newest first. */
export async function alumniOf(
  tx: Orm,
  programId: string,
  period: { start: Date | null; end: Date | null },
): Promise<AlumnusRow[]> {
  await getProgram(tx, programId);
  const rows = await sqlRows<{
    id: string;
    user_id: string;
    username: string;
    display_name: string;
    region_code: string | null;
    from_state: string | null;
    at: string | Date;
    reason: string | null;
    actor_kind: string;
    state: string;
  }>(
    tx,
    sql`select a.id, a.user_id, u.username, u.display_name, g.code as region_code,
               t.from_state, t.at, t.reason, t.actor_kind, a.state
          from ambassador_transitions t
          join ambassadors a on a.id = t.ambassador_id
          join users u on u.id = a.user_id
          left join regions g on g.id = u.region_id
         where a.program_id = ${programId} and t.to_state = 'alumni'
           ${period.start ? sql`and t.at >= ${period.start.toISOString()}::timestamptz` : sql``}
           ${period.end ? sql`and t.at <= ${period.end.toISOString()}::timestamptz` : sql``}
         order by t.at desc, t.id desc`,
  );
  return rows.map((r) => ({
    ambassadorId: r.id,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    regionCode: r.region_code,
    fromState: r.from_state,
    leftAt: ts(r.at),
    reason: r.reason,
    actorKind: r.actor_kind,
    currentState: r.state,
  }));
}
