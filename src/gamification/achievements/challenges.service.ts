/**
 * Challenges: time-boxed, multi-step goals members join. The time box is written in the
 * community's local time and read in `tenants.timezone`, so "1 March 00:00" starts at midnight
 * where the community is. Steps are online (an activity kind, optionally in one space), in-store
 * (store visits, optionally of one store) or purchases (optionally from an amount); each counts
 * the member's events inside the time box once per cause key. Completion happens once and pays
 * the prize through the ledger once; an event withdrawn so the steps no longer hold undoes the
 * completion and takes the prize back (and a later completion pays it again, so a member never
 * holds more than one prize for a challenge).
 *
 * Compliance (DISC-01): posts made for a challenge that pays points or prizes need an "Ad"
 * disclosure, so every challenge with a prize carries a disclosure reminder in what it shows,
 * and one cannot be published without the reminder text.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { ACTIVITY_KINDS, type ActivityEvent } from '../activity.types.js';
import { credit, MAX_ENTRY_POINTS, reverseSource } from '../ledger.js';
import { noticeAchievement } from './achievement-notices.js';

export const STEP_KINDS = ['online', 'in_store', 'purchase'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export const CHALLENGE_STATUSES = ['draft', 'published', 'archived'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];
export const CHALLENGE_STATES = ['draft', 'upcoming', 'running', 'ended', 'archived'] as const;
export type ChallengeState = (typeof CHALLENGE_STATES)[number];

/** Activity kinds an online step may count. */
export const ONLINE_KINDS = ACTIVITY_KINDS.filter(
  (kind) => !['store_visit', 'purchase', 'challenge_step'].includes(kind),
);

/** Shown when a challenge with a prize has no reminder text of its own yet (drafts). */
export const DEFAULT_DISCLOSURE_REMINDER =
  'This challenge pays points or prizes: start every post you make for it with "Ad:" (or #ad) ' +
  'so readers know.';

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export interface StepInput {
  title: string;
  kind: StepKind;
  activityKind?: string;
  spaceId?: string | null;
  storeId?: string | null;
  minAmount?: number | null;
  requiredCount?: number;
}

export interface Step {
  id: string;
  position: number;
  title: string;
  kind: StepKind;
  activityKind: string;
  spaceId: string | null;
  storeId: string | null;
  minAmount: number | null;
  requiredCount: number;
}

export interface ChallengeInput {
  title: string;
  description?: string;
  /** Local date and time in the community's time zone: YYYY-MM-DDTHH:MM. */
  startsAt: string;
  endsAt: string;
  steps: StepInput[];
  regionIds?: string[];
  segmentIds?: string[];
  prizePoints?: number | null;
  rewardId?: string | null;
  disclosureText?: string | null;
}

export interface Disclosure {
  required: true;
  rule: 'DISC-01';
  reminder: string;
  /** False while the reminder is Guild's default (a draft without its own text). */
  custom: boolean;
}

export interface Challenge {
  id: string;
  title: string;
  description: string;
  status: ChallengeStatus;
  state: ChallengeState;
  timezone: string;
  startsAtLocal: string;
  endsAtLocal: string;
  startsAt: Date;
  endsAt: Date;
  steps: Step[];
  regionIds: string[];
  segmentIds: string[];
  prizePoints: number | null;
  rewardId: string | null;
  disclosure: Disclosure | null;
  publishedAt: Date | null;
  createdAt: Date;
}

export interface StepProgress {
  stepId: string;
  done: number;
  required: number;
  complete: boolean;
}

export interface Progress {
  joined: boolean;
  joinedAt: Date | null;
  completedAt: Date | null;
  steps: StepProgress[];
}

interface ChallengeRow {
  id: string;
  title: string;
  description: string;
  status: ChallengeStatus;
  timezone: string;
  starts_local: string;
  ends_local: string;
  starts_at: string | Date;
  ends_at: string | Date;
  prize_points: number | null;
  reward_id: string | null;
  disclosure_text: string | null;
  published_at: string | Date | null;
  created_at: string | Date;
  steps: unknown;
  region_ids: unknown;
  segment_ids: unknown;
}

const CHALLENGE_SELECT = sql`select c.id, c.title, c.description, c.status, t.timezone,
    to_char(c.starts_local, 'YYYY-MM-DD"T"HH24:MI') as starts_local,
    to_char(c.ends_local, 'YYYY-MM-DD"T"HH24:MI') as ends_local,
    (c.starts_local at time zone t.timezone) as starts_at,
    (c.ends_local at time zone t.timezone) as ends_at,
    c.prize_points, c.reward_id, c.disclosure_text, c.published_at, c.created_at,
    coalesce((select json_agg(json_build_object('id', s.id, 'position', s.position,
        'title', s.title, 'kind', s.kind, 'activityKind', s.activity_kind,
        'spaceId', s.space_id, 'storeId', s.store_id, 'minAmount', s.min_amount,
        'requiredCount', s.required_count) order by s.position)
      from challenge_steps s where s.challenge_id = c.id), '[]'::json) as steps,
    coalesce((select json_agg(r.region_id order by r.region_id) from challenge_regions r
      where r.challenge_id = c.id), '[]'::json) as region_ids,
    coalesce((select json_agg(g.segment_id order by g.segment_id) from challenge_segments g
      where g.challenge_id = c.id), '[]'::json) as segment_ids
  from challenges c join tenants t on t.id = c.tenant_id`;

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function dateOrNull(value: string | Date | null): Date | null {
  return value === null ? null : new Date(value);
}

function disclosureOf(row: ChallengeRow): Disclosure | null {
  if (row.prize_points === null && row.reward_id === null) {
    return null;
  }
  const text = row.disclosure_text?.trim() ?? '';
  return {
    required: true,
    rule: 'DISC-01',
    reminder: text === '' ? DEFAULT_DISCLOSURE_REMINDER : text,
    custom: text !== '',
  };
}

function challengeOf(row: ChallengeRow, now: Date): Challenge {
  const startsAt = new Date(row.starts_at);
  const endsAt = new Date(row.ends_at);
  let state: ChallengeState = row.status === 'published' ? 'running' : row.status;
  if (state === 'running') {
    state = now < startsAt ? 'upcoming' : now >= endsAt ? 'ended' : 'running';
  }
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    state,
    timezone: row.timezone,
    startsAtLocal: row.starts_local,
    endsAtLocal: row.ends_local,
    startsAt,
    endsAt,
    steps: json<Step[]>(row.steps).map((s) => ({
      ...s,
      minAmount: s.minAmount === null ? null : Number(s.minAmount),
    })),
    regionIds: json<string[]>(row.region_ids),
    segmentIds: json<string[]>(row.segment_ids),
    prizePoints: row.prize_points,
    rewardId: row.reward_id,
    disclosure: disclosureOf(row),
    publishedAt: dateOrNull(row.published_at),
    createdAt: new Date(row.created_at),
  };
}

/** One challenge, whatever its status (managers), or not_found. */
export async function getChallenge(
  tx: Orm,
  challengeId: string,
  now = new Date(),
): Promise<Challenge> {
  const [row] = await sqlRows<ChallengeRow>(
    tx,
    sql`${CHALLENGE_SELECT} where c.id = ${challengeId}`,
  );
  if (!row) {
    throw fail.notFound('No such challenge.');
  }
  return challengeOf(row, now);
}

/** A page of the tenant's challenges for managers, newest first. */
export async function listChallenges(
  tx: Orm,
  options: { status?: ChallengeStatus; limit: number; cursor?: string },
): Promise<{ items: Challenge[]; nextCursor: string | null }> {
  const after = decodeCursor(options.cursor);
  const rows = await sqlRows<ChallengeRow>(
    tx,
    sql`${CHALLENGE_SELECT}
       where (${options.status ?? null}::text is null or c.status = ${options.status ?? null})
         and (${after?.at.toISOString() ?? null}::timestamptz is null
              or (c.created_at, c.id) < (${after?.at.toISOString() ?? null}::timestamptz,
                                         ${after?.id ?? null}::uuid))
       order by c.created_at desc, c.id desc
       limit ${options.limit + 1}`,
  );
  const now = new Date();
  return pageOf(
    rows.map((row) => challengeOf(row, now)),
    options.limit,
    (c) => ({ at: c.createdAt, id: c.id }),
  );
}

function checkLocalTime(value: string, field: string): void {
  const match = LOCAL_TIME.exec(value);
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0] = match ? match.slice(1).map(Number) : [];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  const valid =
    match !== null &&
    y >= 2000 &&
    y <= 2999 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi;
  if (!valid) {
    throw fail.validation(
      `"${field}" is a local date and time in the community's time zone: YYYY-MM-DDTHH:MM.`,
      { field },
    );
  }
}

function checkWindow(startsAt: string, endsAt: string): void {
  checkLocalTime(startsAt, 'startsAt');
  checkLocalTime(endsAt, 'endsAt');
  if (endsAt <= startsAt) {
    throw fail.validation('A challenge ends after it starts.', { field: 'endsAt' });
  }
}

async function checkSteps(tx: Orm, steps: StepInput[]): Promise<void> {
  if (steps.length === 0 || steps.length > 10) {
    throw fail.validation('A challenge has one to ten steps.', { field: 'steps' });
  }
  for (const [index, step] of steps.entries()) {
    const field = `steps/${index}`;
    const wanted =
      step.kind === 'in_store' ? 'store_visit' : step.kind === 'purchase' ? 'purchase' : null;
    if (wanted !== null && step.activityKind !== undefined && step.activityKind !== wanted) {
      throw fail.validation(`A ${step.kind} step counts ${wanted} events.`, { field });
    }
    if (wanted === null && !(ONLINE_KINDS as readonly string[]).includes(step.activityKind ?? '')) {
      throw fail.validation('An online step names the activityKind it counts.', {
        field,
        allowed: ONLINE_KINDS,
      });
    }
    if (step.storeId && step.kind !== 'in_store') {
      throw fail.validation('Only an in-store step names a store.', { field });
    }
    if (step.minAmount && step.kind !== 'purchase') {
      throw fail.validation('Only a purchase step has a minimum amount.', { field });
    }
    if (step.spaceId && step.kind !== 'online') {
      throw fail.validation('Only an online step is limited to a space.', { field });
    }
    if (step.spaceId) {
      const found = await sqlRows(tx, sql`select 1 from spaces where id = ${step.spaceId}`);
      if (found.length === 0) {
        throw fail.validation('No such space.', { field });
      }
    }
  }
}

async function checkIds(tx: Orm, table: 'regions' | 'segments', ids: string[]): Promise<void> {
  for (const id of ids) {
    const found = await sqlRows(tx, sql`select 1 from ${sql.identifier(table)} where id = ${id}`);
    if (found.length === 0) {
      throw fail.validation(`No such ${table === 'regions' ? 'region' : 'segment'}: ${id}.`, {
        field: table === 'regions' ? 'regionIds' : 'segmentIds',
      });
    }
  }
}

function checkPrize(points: number | null | undefined): void {
  if (points !== null && points !== undefined) {
    if (!Number.isSafeInteger(points) || points < 1 || points > MAX_ENTRY_POINTS) {
      throw fail.validation(`Prize points are a whole number from 1 to ${MAX_ENTRY_POINTS}.`, {
        field: 'prizePoints',
      });
    }
  }
}

async function writeSteps(tx: Orm, tenantId: string, challengeId: string, steps: StepInput[]) {
  await tx.execute(sql`delete from challenge_steps where challenge_id = ${challengeId}`);
  for (const [index, step] of steps.entries()) {
    const activityKind =
      step.kind === 'in_store'
        ? 'store_visit'
        : step.kind === 'purchase'
          ? 'purchase'
          : step.activityKind!;
    await tx.execute(sql`insert into challenge_steps (tenant_id, challenge_id, position, title,
        kind, activity_kind, space_id, store_id, min_amount, required_count)
      values (${tenantId}, ${challengeId}, ${index + 1}, ${step.title}, ${step.kind},
        ${activityKind}, ${step.spaceId ?? null}, ${step.storeId ?? null},
        ${step.minAmount ?? null}, ${step.requiredCount ?? 1})`);
  }
}

async function writeAudience(
  tx: Orm,
  tenantId: string,
  challengeId: string,
  regionIds: string[] | undefined,
  segmentIds: string[] | undefined,
) {
  if (regionIds) {
    await tx.execute(sql`delete from challenge_regions where challenge_id = ${challengeId}`);
    for (const id of new Set(regionIds)) {
      await tx.execute(sql`insert into challenge_regions (tenant_id, challenge_id, region_id)
        values (${tenantId}, ${challengeId}, ${id})`);
    }
  }
  if (segmentIds) {
    await tx.execute(sql`delete from challenge_segments where challenge_id = ${challengeId}`);
    for (const id of new Set(segmentIds)) {
      await tx.execute(sql`insert into challenge_segments (tenant_id, challenge_id, segment_id)
        values (${tenantId}, ${challengeId}, ${id})`);
    }
  }
}

/** Creates a challenge as a draft. */
export async function createChallenge(
  tx: Orm,
  tenantId: string,
  input: ChallengeInput,
  createdBy: string | null,
): Promise<Challenge> {
  checkWindow(input.startsAt, input.endsAt);
  await checkSteps(tx, input.steps);
  checkPrize(input.prizePoints);
  await checkIds(tx, 'regions', input.regionIds ?? []);
  await checkIds(tx, 'segments', input.segmentIds ?? []);
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into challenges (tenant_id, title, description, starts_local, ends_local,
          prize_points, reward_id, disclosure_text, created_by)
        values (${tenantId}, ${input.title}, ${input.description ?? ''},
          ${input.startsAt}::timestamp, ${input.endsAt}::timestamp, ${input.prizePoints ?? null},
          ${input.rewardId ?? null}, ${input.disclosureText ?? null}, ${createdBy})
        returning id`,
  );
  await writeSteps(tx, tenantId, row!.id, input.steps);
  await writeAudience(tx, tenantId, row!.id, input.regionIds ?? [], input.segmentIds ?? []);
  return getChallenge(tx, row!.id);
}

const PUBLISHED_CHANGES = ['title', 'description', 'disclosureText', 'endsAt'];

/**
 * Changes a challenge. A draft can change in every way; a published one only its wording,
 * disclosure text and end (members are working on its steps and prize).
 */
export async function updateChallenge(
  tx: Orm,
  tenantId: string,
  challengeId: string,
  patch: Partial<ChallengeInput>,
): Promise<Challenge> {
  const current = await getChallenge(tx, challengeId);
  if (current.status === 'archived') {
    throw fail.conflict('This challenge is archived.');
  }
  if (current.status === 'published') {
    const locked = Object.keys(patch).filter(
      (key) => !PUBLISHED_CHANGES.includes(key) && patch[key as keyof ChallengeInput] !== undefined,
    );
    if (locked.length > 0) {
      throw fail.conflict(
        'Only the title, description, disclosure text and end of a published challenge change.',
        { fields: locked },
      );
    }
    if (current.disclosure && patch.disclosureText !== undefined && !patch.disclosureText?.trim()) {
      throw new GuildError('disclosure_reminder_required');
    }
  }
  checkWindow(patch.startsAt ?? current.startsAtLocal, patch.endsAt ?? current.endsAtLocal);
  if (patch.steps) {
    await checkSteps(tx, patch.steps);
  }
  checkPrize(patch.prizePoints);
  await checkIds(tx, 'regions', patch.regionIds ?? []);
  await checkIds(tx, 'segments', patch.segmentIds ?? []);
  const has = (key: keyof ChallengeInput) => patch[key] !== undefined;
  await tx.execute(sql`update challenges set
      title = coalesce(${patch.title ?? null}, title),
      description = coalesce(${patch.description ?? null}, description),
      starts_local = coalesce(${patch.startsAt ?? null}::timestamp, starts_local),
      ends_local = coalesce(${patch.endsAt ?? null}::timestamp, ends_local),
      prize_points = case when ${has('prizePoints')} then ${patch.prizePoints ?? null}::int
                     else prize_points end,
      reward_id = case when ${has('rewardId')} then ${patch.rewardId ?? null}::uuid
                  else reward_id end,
      disclosure_text = case when ${has('disclosureText')} then ${patch.disclosureText ?? null}
                        else disclosure_text end,
      updated_at = now()
    where id = ${challengeId}`);
  if (patch.steps) {
    await writeSteps(tx, tenantId, challengeId, patch.steps);
  }
  await writeAudience(tx, tenantId, challengeId, patch.regionIds, patch.segmentIds);
  return getChallenge(tx, challengeId);
}

/**
 * Publishes a draft: members it is open to can see and join it. A challenge with a prize needs
 * its disclosure reminder text first (DISC-01), and one that has ended cannot be published.
 */
export async function publishChallenge(
  tx: Orm,
  challengeId: string,
  now = new Date(),
): Promise<Challenge> {
  const challenge = await getChallenge(tx, challengeId, now);
  if (challenge.status !== 'draft') {
    throw fail.conflict(`This challenge is ${challenge.status} already.`);
  }
  if (challenge.disclosure && !challenge.disclosure.custom) {
    throw new GuildError('disclosure_reminder_required', undefined, { field: 'disclosureText' });
  }
  if (challenge.endsAt <= now) {
    throw fail.validation('This challenge has ended; move its end before publishing it.', {
      field: 'endsAt',
    });
  }
  await tx.execute(sql`update challenges set status = 'published', published_at = now(),
      updated_at = now() where id = ${challengeId}`);
  return getChallenge(tx, challengeId, now);
}

/** Archives a challenge: hidden from members, no more progress or completions. */
export async function archiveChallenge(tx: Orm, challengeId: string): Promise<Challenge> {
  await getChallenge(tx, challengeId);
  await tx.execute(sql`update challenges set status = 'archived', updated_at = now()
      where id = ${challengeId}`);
  return getChallenge(tx, challengeId);
}

/** SQL: the member may take part in challenge `c` (its regions and segments, when it has any). */
function openTo(userId: string) {
  return sql`(not exists (select 1 from challenge_regions r where r.challenge_id = c.id)
      or exists (select 1 from challenge_regions r join users u on u.region_id = r.region_id
                  where r.challenge_id = c.id and u.id = ${userId}))
    and (not exists (select 1 from challenge_segments g where g.challenge_id = c.id)
      or exists (select 1 from challenge_segments g
                   join user_segments us on us.segment_id = g.segment_id
                  where g.challenge_id = c.id and us.user_id = ${userId}))`;
}

/** The member's progress in each of `challenges`. */
async function progressOf(
  tx: Orm,
  userId: string,
  challenges: Challenge[],
): Promise<Map<string, Progress>> {
  const ids = challenges.map((c) => c.id);
  const result = new Map<string, Progress>();
  if (ids.length === 0) {
    return result;
  }
  const idList = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const joined = await sqlRows<{
    challenge_id: string;
    joined_at: string | Date;
    completed_at: string | Date | null;
  }>(
    tx,
    sql`select challenge_id, joined_at, completed_at from challenge_participants
         where user_id = ${userId} and challenge_id in (${idList})`,
  );
  const counts = await sqlRows<{ step_id: string; n: number }>(
    tx,
    sql`select step_id, count(*)::int as n from challenge_step_progress
         where user_id = ${userId} and challenge_id in (${idList}) group by step_id`,
  );
  for (const challenge of challenges) {
    const participant = joined.find((j) => j.challenge_id === challenge.id);
    result.set(challenge.id, {
      joined: participant !== undefined,
      joinedAt: participant ? new Date(participant.joined_at) : null,
      completedAt: participant ? dateOrNull(participant.completed_at) : null,
      steps: challenge.steps.map((step) => {
        const done = counts.find((c) => c.step_id === step.id)?.n ?? 0;
        return {
          stepId: step.id,
          done: Math.min(done, step.requiredCount),
          required: step.requiredCount,
          complete: done >= step.requiredCount,
        };
      }),
    });
  }
  return result;
}

export type ChallengeForMember = Challenge & { progress: Progress };

/**
 * The challenges open to the member (published, not ended, their region and segments), ending
 * soonest first, with their progress.
 */
export async function listOpenChallenges(
  tx: Orm,
  userId: string,
  options: { limit: number; cursor?: string; now?: Date },
): Promise<{ items: ChallengeForMember[]; nextCursor: string | null }> {
  const now = options.now ?? new Date();
  const after = decodeCursor(options.cursor);
  const rows = await sqlRows<ChallengeRow>(
    tx,
    sql`select * from (${CHALLENGE_SELECT}
         where c.status = 'published' and ${openTo(userId)}) x
       where x.ends_at > ${now.toISOString()}::timestamptz
         and (${after?.at.toISOString() ?? null}::timestamptz is null
              or (x.ends_at, x.id) > (${after?.at.toISOString() ?? null}::timestamptz,
                                      ${after?.id ?? null}::uuid))
       order by x.ends_at, x.id
       limit ${options.limit + 1}`,
  );
  const page = pageOf(
    rows.map((row) => challengeOf(row, now)),
    options.limit,
    (c) => ({ at: c.endsAt, id: c.id }),
  );
  const progress = await progressOf(tx, userId, page.items);
  return {
    items: page.items.map((c) => ({ ...c, progress: progress.get(c.id)! })),
    nextCursor: page.nextCursor,
  };
}

/** One published challenge the member may see (open to them, or joined), with progress. */
export async function challengeForMember(
  tx: Orm,
  userId: string,
  challengeId: string,
  now = new Date(),
): Promise<ChallengeForMember> {
  const [row] = await sqlRows<ChallengeRow>(
    tx,
    sql`${CHALLENGE_SELECT}
       where c.id = ${challengeId} and c.status = 'published'
         and (${openTo(userId)} or exists (select 1 from challenge_participants p
                                            where p.challenge_id = c.id and p.user_id = ${userId}))`,
  );
  if (!row) {
    throw fail.notFound('No such challenge.');
  }
  const challenge = challengeOf(row, now);
  const progress = await progressOf(tx, userId, [challenge]);
  return { ...challenge, progress: progress.get(challenge.id)! };
}

/** The member joins a challenge open to them that has not ended (joining twice is harmless). */
export async function joinChallenge(
  tx: Orm,
  tenantId: string,
  userId: string,
  challengeId: string,
  now = new Date(),
): Promise<ChallengeForMember> {
  const [row] = await sqlRows<{ status: string; ended: boolean; open: boolean }>(
    tx,
    sql`select c.status, (c.ends_local at time zone t.timezone) <= ${now.toISOString()}::timestamptz
               as ended, ${openTo(userId)} as open
          from challenges c join tenants t on t.id = c.tenant_id where c.id = ${challengeId}`,
  );
  if (!row || row.status !== 'published') {
    throw fail.notFound('No such challenge.');
  }
  if (!row.open) {
    throw new GuildError(
      'challenge_not_open',
      'This challenge is not open to your region or group.',
      {
        reason: 'audience',
      },
    );
  }
  if (row.ended) {
    throw new GuildError('challenge_not_open', 'This challenge has ended.', { reason: 'ended' });
  }
  await tx.execute(sql`insert into challenge_participants (tenant_id, challenge_id, user_id,
      joined_at) values (${tenantId}, ${challengeId}, ${userId}, ${now.toISOString()}::timestamptz)
    on conflict (challenge_id, user_id) do nothing`);
  return challengeForMember(tx, userId, challengeId, now);
}

function prizeRef(challengeId: string, userId: string): string {
  return `challenge:${challengeId}:${userId}`;
}

/**
 * Marks the member's completion when every step holds (paying the prize once), or undoes it
 * when a step no longer holds (taking the prize back once).
 * @returns 'completed', 'undone' or null when nothing changed
 */
async function settleCompletion(
  tx: Orm,
  tenantId: string,
  challengeId: string,
  userId: string,
): Promise<'completed' | 'undone' | null> {
  const [state] = await sqlRows<{ complete: boolean; title: string; prize: number | null }>(
    tx,
    sql`select c.title, c.prize_points as prize, not exists (
          select 1 from challenge_steps s
           where s.challenge_id = c.id
             and (select count(*) from challenge_step_progress p
                   where p.step_id = s.id and p.user_id = ${userId}) < s.required_count
        ) as complete
        from challenges c where c.id = ${challengeId}`,
  );
  if (!state) {
    return null;
  }
  if (state.complete) {
    const [done] = await sqlRows<{ completion_number: number }>(
      tx,
      sql`update challenge_participants
             set completed_at = now(), completion_number = completion_number + 1
           where challenge_id = ${challengeId} and user_id = ${userId} and completed_at is null
          returning completion_number`,
    );
    if (!done) {
      return null;
    }
    if (state.prize !== null) {
      await credit(tx, tenantId, {
        userId,
        amount: state.prize,
        reason: `Challenge completed: ${state.title}`,
        source: 'program',
        sourceRef: prizeRef(challengeId, userId),
        idempotencyKey: `${prizeRef(challengeId, userId)}:completion-${done.completion_number}`,
      });
    }
    await noticeAchievement(tx, tenantId, userId, 'challenge_completed');
    return 'completed';
  }
  const undone = await sqlRows(
    tx,
    sql`update challenge_participants set completed_at = null
         where challenge_id = ${challengeId} and user_id = ${userId} and completed_at is not null
        returning user_id`,
  );
  if (undone.length === 0) {
    return null;
  }
  await reverseSource(
    tx,
    tenantId,
    prizeRef(challengeId, userId),
    `Challenge no longer completed: ${state.title}`,
    { userId },
  );
  return 'undone';
}

/**
 * Counts an event towards the steps it matches in the challenges the member joined (inside each
 * time box, after joining, once per cause key), or takes a withdrawn event back out; then
 * settles completion. Returns how many challenges were completed now.
 */
export async function progressChallenges(
  tx: Orm,
  tenantId: string,
  event: ActivityEvent,
  change: 'recorded' | 'withdrawn',
): Promise<number> {
  let touched: { challenge_id: string }[];
  if (change === 'recorded') {
    const at = event.occurredAt.toISOString();
    const store = event.properties?.storeId;
    touched = await sqlRows<{ challenge_id: string }>(
      tx,
      sql`insert into challenge_step_progress (tenant_id, challenge_id, step_id, user_id,
            cause_key, occurred_at)
          select ${tenantId}, c.id, s.id, ${event.userId}, ${event.causeKey}, ${at}::timestamptz
            from challenge_steps s
            join challenges c on c.id = s.challenge_id
            join tenants t on t.id = c.tenant_id
            join challenge_participants p on p.challenge_id = c.id and p.user_id = ${event.userId}
           where s.activity_kind = ${event.kind} and c.status = 'published'
             and ${at}::timestamptz >= (c.starts_local at time zone t.timezone)
             and ${at}::timestamptz < (c.ends_local at time zone t.timezone)
             and ${at}::timestamptz >= p.joined_at
             and (s.space_id is null or s.space_id = ${event.spaceId ?? null}::uuid)
             and (s.store_id is null
                  or s.store_id = ${store === undefined || store === null ? null : String(store)})
             and (s.min_amount is null or coalesce(${event.quantity ?? null}::bigint, 0) >= s.min_amount)
          on conflict do nothing
          returning challenge_id`,
    );
  } else {
    touched = await sqlRows<{ challenge_id: string }>(
      tx,
      sql`delete from challenge_step_progress p
           using challenge_steps s
           where s.id = p.step_id and s.activity_kind = ${event.kind}
             and p.user_id = ${event.userId} and p.cause_key = ${event.causeKey}
          returning p.challenge_id`,
    );
  }
  let completed = 0;
  for (const challengeId of new Set(touched.map((t) => t.challenge_id))) {
    if ((await settleCompletion(tx, tenantId, challengeId, event.userId)) === 'completed') {
      completed += 1;
    }
  }
  return completed;
}
