/**
 * Members' places in ambassador programs and every move between states (workflow.ts says which
 * moves are legal). Each move locks the member's row, checks the move, updates the row and
 * appends the transition with who made it and why, in the caller's transaction; the route
 * records the audit entry beside it.
 */
import { sql } from 'drizzle-orm';
import { setAmbassadorRole } from '../accounts/accounts.service.js';
import { recheckRecentPosts } from '../community/disclosure.js';
import { sqlRows, type Orm } from '../core/db/database.js';
import { GuildError, fail } from '../core/errors/errors.js';
import { decodeCursor, pageOf } from '../core/http/pagination.js';
import { plainTextLine } from '../core/text/plain-text.js';
import { consentInForce } from '../privacy/consents.service.js';
import { isOptedOut } from './candidates.service.js';
import { getProgram, type Program } from './programs.service.js';
import { EXCLUSION_TEXT, exclusionsOf, type Exclusion } from './scoring/exclusions.js';
import { checkTransition, type ActorKind, type State } from './workflow.js';

export interface Ambassador {
  id: string;
  programId: string;
  userId: string;
  username: string;
  displayName: string;
  state: State;
  source: 'scoring' | 'application' | 'manual';
  scoreAtIdentification: number | null;
  applicationMessage: string | null;
  invitedAt: Date | null;
  invitationExpiresAt: Date | null;
  respondedAt: Date | null;
  activatedAt: Date | null;
  stateChangedAt: Date;
  createdAt: Date;
}

export interface Transition {
  id: number;
  fromState: State | null;
  toState: State;
  actorId: string | null;
  actorKind: ActorKind;
  reason: string | null;
  at: Date;
}

export interface Mover {
  kind: ActorKind;
  /** The member or manager; null for the system. */
  userId: string | null;
}

interface AmbassadorRow {
  id: string;
  program_id: string;
  user_id: string;
  username: string;
  display_name: string;
  state: State;
  source: Ambassador['source'];
  score_at_identification: number | null;
  application_message: string | null;
  invited_at: string | Date | null;
  invitation_expires_at: string | Date | null;
  responded_at: string | Date | null;
  activated_at: string | Date | null;
  state_changed_at: string | Date;
  created_at: string | Date;
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

function ambassadorOf(row: AmbassadorRow): Ambassador {
  return {
    id: row.id,
    programId: row.program_id,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    state: row.state,
    source: row.source,
    scoreAtIdentification: row.score_at_identification,
    applicationMessage: row.application_message,
    invitedAt: date(row.invited_at),
    invitationExpiresAt: date(row.invitation_expires_at),
    respondedAt: date(row.responded_at),
    activatedAt: date(row.activated_at),
    stateChangedAt: new Date(row.state_changed_at),
    createdAt: new Date(row.created_at),
  };
}

const SELECT = sql`select a.id, a.program_id, a.user_id, u.username, u.display_name, a.state,
    a.source, a.score_at_identification, a.application_message, a.invited_at,
    a.invitation_expires_at, a.responded_at, a.activated_at, a.state_changed_at, a.created_at
  from ambassadors a join users u on u.id = a.user_id`;

export async function getAmbassador(tx: Orm, id: string): Promise<Ambassador> {
  const [row] = await sqlRows<AmbassadorRow>(tx, sql`${SELECT} where a.id = ${id}`);
  if (!row) {
    throw fail.notFound('No such ambassador.');
  }
  return ambassadorOf(row);
}

/** A member's places in every program. */
export async function placesOf(tx: Orm, userId: string): Promise<Ambassador[]> {
  const rows = await sqlRows<AmbassadorRow>(
    tx,
    sql`${SELECT} where a.user_id = ${userId} order by a.created_at`,
  );
  return rows.map(ambassadorOf);
}

/** A program's pipeline, newest move first, optionally in one state. */
export async function listPipeline(
  tx: Orm,
  programId: string,
  options: { state?: State; limit: number; cursor?: string },
): Promise<{ items: Ambassador[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const rows = await sqlRows<AmbassadorRow>(
    tx,
    sql`${SELECT} where a.program_id = ${programId}
          ${options.state ? sql`and a.state = ${options.state}` : sql``}
          ${after ? sql`and (a.state_changed_at, a.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
        order by a.state_changed_at desc, a.id desc limit ${options.limit + 1}`,
  );
  return pageOf(rows.map(ambassadorOf), options.limit, (a) => ({ at: a.stateChangedAt, id: a.id }));
}

/** How many members are in each state of a program. */
export async function stateCounts(tx: Orm, programId: string): Promise<Record<string, number>> {
  const rows = await sqlRows<{ state: State; n: number }>(
    tx,
    sql`select state, count(*)::int as n from ambassadors where program_id = ${programId}
         group by state`,
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

export async function transitionsOf(tx: Orm, ambassadorId: string): Promise<Transition[]> {
  const rows = await sqlRows<{
    id: string | number;
    from_state: State | null;
    to_state: State;
    actor_id: string | null;
    actor_kind: ActorKind;
    reason: string | null;
    at: string | Date;
  }>(
    tx,
    sql`select id, from_state, to_state, actor_id, actor_kind, reason, at
          from ambassador_transitions where ambassador_id = ${ambassadorId} order by id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    fromState: r.from_state,
    toState: r.to_state,
    actorId: r.actor_id,
    actorKind: r.actor_kind,
    reason: r.reason,
    at: new Date(r.at),
  }));
}

async function record(
  tx: Orm,
  tenantId: string,
  ambassadorId: string,
  from: State | null,
  to: State,
  mover: Mover,
  reason: string | null,
): Promise<void> {
  await tx.execute(
    sql`insert into ambassador_transitions (tenant_id, ambassador_id, from_state, to_state,
          actor_id, actor_kind, reason)
        values (${tenantId}, ${ambassadorId}, ${from}, ${to}, ${mover.userId}, ${mover.kind},
                ${reason})`,
  );
}

const cleanReason = (reason: string | null | undefined) => {
  const clean = plainTextLine(reason ?? '').slice(0, 500);
  return clean === '' ? null : clean;
};

/** Keeps the member's role in step with whether they hold an active place anywhere. */
async function syncRole(tx: Orm, userId: string): Promise<void> {
  const [row] = await sqlRows<{ active: boolean }>(
    tx,
    sql`select exists (select 1 from ambassadors where user_id = ${userId}
                         and state in ('active', 'paused')) as active`,
  );
  if (await setAmbassadorRole(tx, userId, row?.active === true)) {
    // Their ties changed, so do the disclosures their recent posts need (DISC-01, DISC-09).
    await recheckRecentPosts(tx, userId);
  }
}

export interface MoveInput {
  ambassadorId: string;
  to: State;
  mover: Mover;
  reason?: string | null;
  /** Fields to set with the move (invitation times). */
  invitation?: { expiresAt: Date };
}

/** Moves one member; throws `illegal_transition` when the workflow does not allow it. */
export async function move(tx: Orm, tenantId: string, input: MoveInput): Promise<Ambassador> {
  const [locked] = await sqlRows<{
    state: State;
    user_id: string;
    program_id: string;
    expired: boolean;
  }>(
    tx,
    sql`select state, user_id, program_id,
               coalesce(invitation_expires_at <= now(), false) as expired
          from ambassadors where id = ${input.ambassadorId}
         for update`,
  );
  if (!locked) {
    throw fail.notFound('No such ambassador.');
  }
  if (locked.state === 'invited' && input.to === 'accepted' && locked.expired) {
    throw new GuildError('invitation_expired');
  }
  const reason = cleanReason(input.reason);
  checkTransition(locked.state, input.to, input.mover.kind, reason);
  if ((input.to === 'invited' || input.to === 'accepted') && input.mover.kind !== 'member') {
    // a member who opted out is never invited or taken on, whatever was pending
    if (await isOptedOut(tx, locked.user_id)) {
      throw fail.conflict('This member asked not to be considered for ambassador programs.');
    }
  }
  if (input.to === 'identified' && locked.state === 'declined' && input.mover.kind !== 'manager') {
    // the system re-identifies only after the program's quiet period
    const program = await getProgram(tx, locked.program_id);
    await quietPeriodOver(tx, input.ambassadorId, program);
  }
  await tx.execute(
    sql`update ambassadors set state = ${input.to},
          state_changed_at = date_trunc('milliseconds', clock_timestamp()),
          invited_at = ${input.to === 'invited' ? sql`now()` : sql`invited_at`},
          invitation_expires_at = ${
            input.invitation ? input.invitation.expiresAt.toISOString() : sql`invitation_expires_at`
          },
          responded_at = ${
            locked.state === 'invited' || locked.state === 'applied'
              ? sql`now()`
              : sql`responded_at`
          },
          activated_at = ${input.to === 'active' ? sql`coalesce(activated_at, now())` : sql`activated_at`}
        where id = ${input.ambassadorId}`,
  );
  await record(tx, tenantId, input.ambassadorId, locked.state, input.to, input.mover, reason);
  if (input.to === 'accepted') {
    // accepting starts onboarding at once
    await tx.execute(
      sql`update ambassadors set state = 'onboarding',
            state_changed_at = date_trunc('milliseconds', clock_timestamp())
          where id = ${input.ambassadorId}`,
    );
    await record(
      tx,
      tenantId,
      input.ambassadorId,
      'accepted',
      'onboarding',
      {
        kind: 'system',
        userId: null,
      },
      null,
    );
  }
  if (['active', 'paused', 'alumni'].includes(input.to)) {
    await syncRole(tx, locked.user_id);
  }
  return getAmbassador(tx, input.ambassadorId);
}

async function quietPeriodOver(tx: Orm, ambassadorId: string, program: Program): Promise<void> {
  const [row] = await sqlRows<{ over: boolean }>(
    tx,
    sql`select coalesce(responded_at, state_changed_at)
                 <= now() - make_interval(days => ${program.reinviteAfterDays}) as over
          from ambassadors where id = ${ambassadorId}`,
  );
  if (!row?.over) {
    throw new GuildError(
      'illegal_transition',
      `This member declined less than ${program.reinviteAfterDays} days ago; they are left alone until then.`,
      { reinviteAfterDays: program.reinviteAfterDays },
    );
  }
}

export interface IdentifyResult {
  identified: Ambassador[];
  skipped: { userId: string; reason: string }[];
}

/**
 * Puts scored candidates into a program's pipeline as `identified`. Only members with a score
 * in the program qualify (they consented and no exclusion applies); members already in the
 * pipeline are skipped, except those who declined long enough ago or are alumni, who are
 * identified again.
 */
export async function identify(
  tx: Orm,
  tenantId: string,
  input: { programId: string; userIds: readonly string[]; mover: Mover },
): Promise<IdentifyResult> {
  const program = await getProgram(tx, input.programId);
  if (program.status !== 'active') {
    throw fail.conflict('An archived program takes no new candidates.');
  }
  const userIds = [...new Set(input.userIds)];
  const scores = await sqlRows<{ user_id: string; score: number | null }>(
    tx,
    sql`select s.user_id, s.score from ambassador_scores s
         where s.program_id = ${program.id} and s.user_id = any(${sql.param(userIds)}::uuid[])
           and ${consentInForce(sql`s.user_id`, 'ambassador_scoring')}`,
  );
  const scoreOf = new Map(scores.map((s) => [s.user_id, s.score]));
  const excluded = await exclusionsOf(tx, userIds, {
    minAge: program.minAge,
    strikeWindowDays: program.strikeWindowDays,
  });
  const existing = new Map(
    (
      await sqlRows<{ id: string; user_id: string; state: State }>(
        tx,
        sql`select id, user_id, state from ambassadors
             where program_id = ${program.id} and user_id = any(${sql.param(userIds)}::uuid[])`,
      )
    ).map((r) => [r.user_id, r]),
  );
  const result: IdentifyResult = { identified: [], skipped: [] };
  for (const userId of userIds) {
    const exclusions = excluded.get(userId);
    if (exclusions) {
      result.skipped.push({ userId, reason: exclusionSentence(exclusions) });
      continue;
    }
    if (!scoreOf.has(userId) || scoreOf.get(userId) === null) {
      result.skipped.push({
        userId,
        reason: 'has no score in this program (no scoring consent, or not scored yet)',
      });
      continue;
    }
    const place = existing.get(userId);
    if (place) {
      if (place.state !== 'declined' && place.state !== 'alumni') {
        result.skipped.push({ userId, reason: `is in the program already (${place.state})` });
        continue;
      }
      try {
        const again = await move(tx, tenantId, {
          ambassadorId: place.id,
          to: 'identified',
          mover: input.mover,
        });
        result.identified.push(again);
      } catch (error) {
        if (error instanceof GuildError && error.code === 'illegal_transition') {
          result.skipped.push({ userId, reason: error.message });
          continue;
        }
        throw error;
      }
      continue;
    }
    checkTransition(null, 'identified', input.mover.kind, null);
    const [row] = await sqlRows<{ id: string }>(
      tx,
      sql`insert into ambassadors (tenant_id, program_id, user_id, state, source,
            score_at_identification)
          values (${tenantId}, ${program.id}, ${userId}, 'identified', 'scoring',
                  ${scoreOf.get(userId) ?? null})
          returning id`,
    );
    await record(tx, tenantId, row!.id, null, 'identified', input.mover, null);
    result.identified.push(await getAmbassador(tx, row!.id));
  }
  return result;
}

export function exclusionSentence(exclusions: readonly Exclusion[]): string {
  return `is excluded: ${exclusions.map((e) => EXCLUSION_TEXT[e]).join('; ')}`;
}

/** A member asks to join a program. */
export async function applyToProgram(
  tx: Orm,
  tenantId: string,
  input: { programId: string; userId: string; message: string },
): Promise<Ambassador> {
  const program = await getProgram(tx, input.programId);
  if (program.status !== 'active' || !program.acceptsApplications) {
    throw fail.conflict('This program does not take applications.');
  }
  const excluded = (
    await exclusionsOf(tx, [input.userId], {
      minAge: program.minAge,
      strikeWindowDays: program.strikeWindowDays,
    })
  ).get(input.userId);
  if (excluded?.includes('opted_out')) {
    throw fail.conflict(
      'You asked not to be considered for ambassador programs; turn that off first.',
    );
  }
  if (excluded) {
    throw new GuildError(
      'forbidden',
      `You cannot apply: this account ${exclusionSentence(excluded).replace('is excluded: ', '')}.`,
      {
        exclusions: excluded,
      },
    );
  }
  const [existing] = await sqlRows<{ id: string; state: State }>(
    tx,
    sql`select id, state from ambassadors where program_id = ${program.id}
         and user_id = ${input.userId}`,
  );
  if (existing) {
    throw fail.conflict(`You are in this program already (${existing.state}).`, {
      state: existing.state,
    });
  }
  const message = (input.message ?? '').trim().slice(0, 2000);
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into ambassadors (tenant_id, program_id, user_id, state, source, application_message)
        values (${tenantId}, ${program.id}, ${input.userId}, 'applied', 'application', ${message})
        returning id`,
  );
  await record(
    tx,
    tenantId,
    row!.id,
    null,
    'applied',
    { kind: 'member', userId: input.userId },
    null,
  );
  return getAmbassador(tx, row!.id);
}
