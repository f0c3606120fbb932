/**
 * Content submissions: an ambassador sends content for a program (optionally answering a
 * mission), every version is pre-checked and kept as written, and each version waits in the
 * one review queue (a `review_items` row of type `submission`) until a reviewer approves,
 * rejects or asks for changes. Asking for changes sends it back; the ambassador's edit is the
 * next version, pre-checked and queued again. The first final decision (approve or reject) is
 * kept for the content approval time.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { roleHas } from '../../core/http/access.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import type { Actor } from '../../core/http/request-context.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import { webAddress } from '../../ambassadors/missions/evidence.js';
import {
  knownTriggers,
  precheck,
  type Finding,
  type Hint,
  type MediaMeta,
  type Platform,
} from './precheck.js';
import { contentSettings } from './settings.service.js';

export const SUBMISSION_STATUSES = [
  'in_review',
  'changes_requested',
  'approved',
  'rejected',
] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const CONTENT_DECISIONS = ['approve', 'reject', 'request_changes'] as const;
export type ContentDecision = (typeof CONTENT_DECISIONS)[number];
/** Why a submission is rejected. */
export const CONTENT_REJECT_REASONS = [
  'disclosure',
  'brand_claim',
  'off_brief',
  'quality',
  'rights',
  'inappropriate',
  'other',
] as const;
export type ContentRejectReason = (typeof CONTENT_REJECT_REASONS)[number];

export const MAX_BODY = 10_000;
export const MAX_LINKS = 10;
export const MAX_MEDIA = 10;

export interface VersionInput {
  title?: string | null;
  body: string;
  links?: readonly string[];
  media?: readonly MediaMeta[];
  platforms: readonly Platform[];
  /** A region code; the author's region (or US) when left out. */
  market?: string | null;
  declaredPaid?: boolean;
}

export interface SubmissionInput extends VersionInput {
  /** The ambassador program the content is for; or a challenge (`challengeId`), not both. */
  programId?: string | null;
  challengeId?: string | null;
  missionId?: string | null;
  assignmentId?: string | null;
}

export interface Version {
  version: number;
  title: string | null;
  body: string;
  links: string[];
  media: MediaMeta[];
  platforms: Platform[];
  market: string;
  declaredPaid: boolean;
  findings: Finding[];
  hint: Hint;
  createdAt: Date;
}

export interface DecisionRecord {
  version: number;
  decision: ContentDecision;
  reasonCode: string | null;
  note: string | null;
  changes: { findingId: string; note: string }[];
  automatic: boolean;
  decidedBy: string | null;
  decidedAt: Date;
}

export interface Submission {
  id: string;
  programId: string | null;
  challengeId: string | null;
  /** The program's name, or the challenge's title. */
  programName: string;
  authorId: string | null;
  authorUsername: string | null;
  authorDisplayName: string | null;
  missionId: string | null;
  assignmentId: string | null;
  status: SubmissionStatus;
  currentVersion: number;
  firstSubmittedAt: Date;
  versionSubmittedAt: Date;
  dueAt: Date;
  escalated: boolean;
  breached: boolean;
  reviewItemId: string | null;
  firstDecision: 'approve' | 'reject' | null;
  firstDecidedAt: Date | null;
  firstDecisionAutomatic: boolean | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  missionOutcome: string | null;
  createdAt: Date;
  /** The current version's title and hint, for lists. */
  title: string | null;
  hint: Hint;
}

export interface SubmissionDetail extends Submission {
  versions: Version[];
  decisions: DecisionRecord[];
}

interface SubmissionRow {
  id: string;
  program_id: string | null;
  challenge_id: string | null;
  program_name: string;
  author_id: string | null;
  author_username: string | null;
  author_display_name: string | null;
  mission_id: string | null;
  assignment_id: string | null;
  status: SubmissionStatus;
  current_version: number;
  first_submitted_at: Date | string;
  version_submitted_at: Date | string;
  due_at: Date | string;
  escalated_version: number | null;
  breached_version: number | null;
  review_item_id: string | null;
  first_decision: 'approve' | 'reject' | null;
  first_decided_at: Date | string | null;
  first_decision_automatic: boolean | null;
  decided_by: string | null;
  decided_at: Date | string | null;
  mission_outcome: string | null;
  created_at: Date | string;
  title: string | null;
  hint: Hint;
}

const date = (value: Date | string) => new Date(value);
const maybeDate = (value: Date | string | null) => (value === null ? null : new Date(value));

const submissionOf = (row: SubmissionRow): Submission => ({
  id: row.id,
  programId: row.program_id,
  challengeId: row.challenge_id,
  programName: row.program_name,
  authorId: row.author_id,
  authorUsername: row.author_username,
  authorDisplayName: row.author_display_name,
  missionId: row.mission_id,
  assignmentId: row.assignment_id,
  status: row.status,
  currentVersion: row.current_version,
  firstSubmittedAt: date(row.first_submitted_at),
  versionSubmittedAt: date(row.version_submitted_at),
  dueAt: date(row.due_at),
  escalated: row.escalated_version === row.current_version,
  breached: row.breached_version === row.current_version,
  reviewItemId: row.review_item_id,
  firstDecision: row.first_decision,
  firstDecidedAt: maybeDate(row.first_decided_at),
  firstDecisionAutomatic: row.first_decision_automatic,
  decidedBy: row.decided_by,
  decidedAt: maybeDate(row.decided_at),
  missionOutcome: row.mission_outcome,
  createdAt: date(row.created_at),
  title: row.title,
  hint: row.hint,
});

const SELECT = sql`select s.*, coalesce(p.name, c.title) as program_name,
    u.username as author_username, u.display_name as author_display_name, v.title, v.hint
  from content_submissions s
  left join ambassador_programs p on p.id = s.program_id
  left join challenges c on c.id = s.challenge_id
  join content_versions v on v.submission_id = s.id and v.version = s.current_version
  left join users u on u.id = s.author_id`;

/** One submission (no access check); not_found when missing. */
export async function loadSubmission(tx: Orm, id: string): Promise<Submission> {
  const [row] = await sqlRows<SubmissionRow>(tx, sql`${SELECT} where s.id = ${id}`);
  if (!row) {
    throw fail.notFound('No such submission.');
  }
  return submissionOf(row);
}

interface VersionRow {
  version: number;
  title: string | null;
  body: string;
  links: string[];
  media: MediaMeta[];
  platforms: Platform[];
  market: string;
  declared_paid: boolean;
  findings: Finding[];
  hint: Hint;
  created_at: Date | string;
}

export async function versionsOf(tx: Orm, submissionId: string): Promise<Version[]> {
  const rows = await sqlRows<VersionRow>(
    tx,
    sql`select version, title, body, links, media, platforms, market, declared_paid, findings,
          hint, created_at
        from content_versions where submission_id = ${submissionId} order by version`,
  );
  return rows.map((row) => ({
    version: row.version,
    title: row.title,
    body: row.body,
    links: row.links,
    media: row.media,
    platforms: row.platforms,
    market: row.market,
    declaredPaid: row.declared_paid,
    findings: row.findings,
    hint: row.hint,
    createdAt: date(row.created_at),
  }));
}

async function decisionsOf(tx: Orm, submissionId: string): Promise<DecisionRecord[]> {
  const rows = await sqlRows<{
    version: number;
    decision: ContentDecision;
    reason_code: string | null;
    note: string | null;
    changes: { findingId: string; note: string }[];
    automatic: boolean;
    decided_by: string | null;
    decided_at: Date | string;
  }>(
    tx,
    sql`select version, decision, reason_code, note, changes, automatic, decided_by, decided_at
        from content_decisions where submission_id = ${submissionId} order by version`,
  );
  return rows.map((row) => ({
    version: row.version,
    decision: row.decision,
    reasonCode: row.reason_code,
    note: row.note,
    changes: row.changes,
    automatic: row.automatic,
    decidedBy: row.decided_by,
    decidedAt: date(row.decided_at),
  }));
}

/** A submission with its versions and decisions. */
export async function submissionDetail(tx: Orm, id: string): Promise<SubmissionDetail> {
  const submission = await loadSubmission(tx, id);
  return {
    ...submission,
    versions: await versionsOf(tx, id),
    decisions: await decisionsOf(tx, id),
  };
}

/**
 * A submission as `actor` may see it: its author, or a reviewer. Anyone else is told it does
 * not exist, the same answer as for an id that does not.
 */
export async function submissionFor(tx: Orm, actor: Actor, id: string): Promise<SubmissionDetail> {
  const detail = await submissionDetail(tx, id);
  if (detail.authorId !== actor.userId && !roleHas(actor.role, 'content:review')) {
    throw fail.notFound('No such submission.');
  }
  return detail;
}

function cleanVersion(input: VersionInput, fallbackMarket: string) {
  const title = plainTextLine(input.title ?? '').slice(0, 200);
  const body = input.body.normalize('NFC').trim();
  if (body === '') {
    throw fail.validation('Write the caption or text of the content.', { field: 'body' });
  }
  if (body.length > MAX_BODY) {
    throw fail.validation(`The text may be at most ${MAX_BODY} characters.`, { field: 'body' });
  }
  const links: string[] = [];
  for (const [i, raw] of (input.links ?? []).slice(0, MAX_LINKS).entries()) {
    const address = webAddress(raw);
    if (address === null) {
      throw fail.validation('Each link must be an http or https address.', { field: `links.${i}` });
    }
    if (!links.includes(address)) {
      links.push(address);
    }
  }
  const media: MediaMeta[] = (input.media ?? []).slice(0, MAX_MEDIA).map((m) => ({
    kind: m.kind,
    uploadId: m.uploadId ?? null,
    altText: plainTextLine(m.altText ?? '').slice(0, 500) || null,
    durationSeconds: m.kind === 'video' ? (m.durationSeconds ?? null) : null,
    onScreenLabel: m.kind === 'video' ? (m.onScreenLabel ?? false) : undefined,
    spokenLabel: m.kind === 'video' ? (m.spokenLabel ?? false) : undefined,
  }));
  const market = plainTextLine(input.market ?? '').toUpperCase() || fallbackMarket;
  return {
    title: title === '' ? null : title,
    body,
    links,
    media,
    platforms: [...new Set(input.platforms)],
    market,
    declaredPaid: input.declaredPaid ?? false,
  };
}

/** Uploads named by the media must be the author's own images. */
async function checkUploads(tx: Orm, authorId: string, media: readonly MediaMeta[]) {
  const ids = media.map((m) => m.uploadId).filter((id): id is string => !!id);
  if (ids.length === 0) {
    return;
  }
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`select id from content_uploads
         where id = any(${sql.param(ids)}::uuid[]) and owner_id = ${authorId}`,
  );
  const missing = ids.filter((id) => !rows.some((row) => row.id === id));
  if (missing.length > 0) {
    throw fail.validation('Attach only images you uploaded.', { field: 'media', missing });
  }
  if (media.some((m) => m.uploadId && m.kind !== 'image')) {
    throw fail.validation('An uploaded file is an image.', { field: 'media' });
  }
}

/** Severity of a submission's review item, from its pre-check hint. */
const SEVERITY: Record<Hint, number> = { block: 0.9, warn: 0.6, clean: 0.3 };

async function writeVersion(
  tx: Orm,
  tenantId: string,
  submission: {
    id: string;
    programId: string | null;
    challengeId: string | null;
    missionId: string | null;
    authorId: string;
  },
  version: number,
  input: ReturnType<typeof cleanVersion>,
): Promise<{ findings: Finding[]; hint: Hint }> {
  const settings = await contentSettings(tx, submission.programId);
  const triggers = await knownTriggers(tx, submission);
  const checked = await precheck(tx, {
    ...input,
    triggers,
    brand: settings.brandRules,
    missionId: submission.missionId,
  });
  await tx.execute(
    sql`insert into content_versions (tenant_id, submission_id, version, title, body, links,
          media, platforms, market, declared_paid, findings, hint, created_by)
        values (${tenantId}, ${submission.id}, ${version}, ${input.title}, ${input.body},
          ${sql.param(input.links)}::text[], ${JSON.stringify(input.media)}::jsonb,
          ${sql.param(input.platforms)}::text[], ${input.market}, ${input.declaredPaid},
          ${JSON.stringify(checked.findings)}::jsonb, ${checked.hint}, ${submission.authorId})`,
  );
  return checked;
}

/** Opens the submission's item in the one review queue and points the submission at it. */
async function queueForReview(
  tx: Orm,
  tenantId: string,
  submissionId: string,
  authorId: string,
  input: { title: string | null; body: string; version: number; hint: Hint; findings: number },
  dueAt: Date,
): Promise<void> {
  const [item] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into review_items (tenant_id, kind, item_type, item_id, author_id, severity,
          reason_code, summary, payload, due_at)
        values (${tenantId}, 'held', 'submission', ${submissionId}, ${authorId},
          ${SEVERITY[input.hint]},
          ${input.hint === 'clean' ? 'content_review' : `content_${input.hint}`},
          ${(input.title ?? input.body).slice(0, 280)},
          ${JSON.stringify({
            version: input.version,
            hint: input.hint,
            findings: input.findings,
            title: input.title,
            body: input.body,
          })}::jsonb,
          ${dueAt.toISOString()}::timestamptz)
        returning id`,
  );
  await tx.execute(
    sql`update content_submissions set review_item_id = ${item!.id} where id = ${submissionId}`,
  );
}

/** Whether `actor` may submit content to the program: an ambassador, or an active place. */
/**
 * Whether `actor` may submit content for the challenge: it is published and running, and they
 * joined it.
 */
async function assertMaySubmitToChallenge(tx: Orm, actor: Actor, challengeId: string) {
  const [challenge] = await sqlRows<{ joined: boolean; running: boolean }>(
    tx,
    sql`select exists (select 1 from challenge_participants p
                        where p.challenge_id = c.id and p.user_id = ${actor.userId}) as joined,
               c.status = 'published' and c.ends_local > now() at time zone 'UTC' as running
          from challenges c where c.id = ${challengeId}`,
  );
  if (!challenge) {
    throw fail.notFound('No such challenge.');
  }
  if (!challenge.running) {
    throw fail.conflict('This challenge is not running: it takes no content now.');
  }
  if (!challenge.joined) {
    throw fail.forbidden('Join the challenge before you submit content to it.');
  }
}

/** The program or challenge a submission is for: exactly one of them. */
function sourceOf(input: SubmissionInput): {
  programId: string | null;
  challengeId: string | null;
} {
  const programId = input.programId ?? null;
  const challengeId = input.challengeId ?? null;
  if ((programId === null) === (challengeId === null)) {
    throw fail.validation('Submit content for a program or for a challenge (one of them).', {
      field: programId === null ? 'programId' : 'challengeId',
    });
  }
  if (challengeId !== null && (input.missionId || input.assignmentId)) {
    throw fail.validation('Missions belong to programs: a challenge submission answers none.', {
      field: 'missionId',
    });
  }
  return { programId, challengeId };
}

async function assertMaySubmit(tx: Orm, actor: Actor, programId: string): Promise<void> {
  const [program] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from ambassador_programs where id = ${programId} and status = 'active'`,
  );
  if (!program) {
    throw fail.notFound('No such program.');
  }
  if (actor.role === 'ambassador') {
    return;
  }
  const [place] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from ambassadors
         where program_id = ${programId} and user_id = ${actor.userId} and state = 'active'`,
  );
  if (!place) {
    throw fail.forbidden("Only the program's ambassadors submit content to it.");
  }
}

/** The mission (and assignment) a submission answers, checked to be the author's. */
async function answers(
  tx: Orm,
  actor: Actor,
  input: SubmissionInput,
): Promise<{ missionId: string | null; assignmentId: string | null }> {
  if (input.assignmentId) {
    const [assignment] = await sqlRows<{ mission_id: string; program_id: string; status: string }>(
      tx,
      sql`select a.mission_id, m.program_id, a.status from ambassador_assignments a
            join ambassador_missions m on m.id = a.mission_id
           where a.id = ${input.assignmentId} and a.user_id = ${actor.userId}`,
    );
    if (!assignment || assignment.program_id !== input.programId) {
      throw fail.validation('Answer one of your own assignments of this program.', {
        field: 'assignmentId',
      });
    }
    if (!['assigned', 'submitted', 'changes_requested'].includes(assignment.status)) {
      throw fail.validation(
        `This assignment is ${assignment.status.replace('_', ' ')}: content can no longer answer it.`,
        { field: 'assignmentId', status: assignment.status },
      );
    }
    return { missionId: assignment.mission_id, assignmentId: input.assignmentId };
  }
  if (input.missionId) {
    const [mission] = await sqlRows<{ program_id: string }>(
      tx,
      sql`select program_id from ambassador_missions where id = ${input.missionId}`,
    );
    if (mission?.program_id !== input.programId) {
      throw fail.validation('Answer a mission of this program.', { field: 'missionId' });
    }
    return { missionId: input.missionId, assignmentId: null };
  }
  return { missionId: null, assignmentId: null };
}

async function regionOf(tx: Orm, userId: string): Promise<string> {
  const [row] = await sqlRows<{ code: string | null }>(
    tx,
    sql`select r.code from users u left join regions r on r.id = u.region_id
         where u.id = ${userId}`,
  );
  return row?.code ?? 'US';
}

const hoursLater = (from: Date, hours: number) => new Date(from.getTime() + hours * 3_600_000);

/** An ambassador submits content: version 1, pre-checked and queued for review. */
export async function createSubmission(
  tx: Orm,
  tenantId: string,
  actor: Actor,
  input: SubmissionInput,
): Promise<SubmissionDetail> {
  const source = sourceOf(input);
  if (source.programId !== null) {
    await assertMaySubmit(tx, actor, source.programId);
  } else {
    await assertMaySubmitToChallenge(tx, actor, source.challengeId!);
  }
  const link = await answers(tx, actor, input);
  const version = cleanVersion(input, await regionOf(tx, actor.userId));
  await checkUploads(tx, actor.userId, version.media);
  const settings = await contentSettings(tx, source.programId);
  const now = new Date();
  const dueAt = hoursLater(now, settings.slaHours);
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into content_submissions (tenant_id, program_id, challenge_id, author_id,
          mission_id, assignment_id, first_submitted_at, version_submitted_at, due_at)
        values (${tenantId}, ${source.programId}, ${source.challengeId}, ${actor.userId},
          ${link.missionId},
          ${link.assignmentId}, ${now.toISOString()}::timestamptz,
          ${now.toISOString()}::timestamptz, ${dueAt.toISOString()}::timestamptz)
        returning id`,
  );
  const id = row!.id;
  const checked = await writeVersion(
    tx,
    tenantId,
    { id, ...source, missionId: link.missionId, authorId: actor.userId },
    1,
    version,
  );
  await queueForReview(
    tx,
    tenantId,
    id,
    actor.userId,
    { ...version, version: 1, hint: checked.hint, findings: checked.findings.length },
    dueAt,
  );
  return submissionDetail(tx, id);
}

/** Locks a submission row for the transaction; not_found when missing. */
async function lockSubmission(tx: Orm, id: string): Promise<Submission> {
  const [locked] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from content_submissions where id = ${id} for update`,
  );
  if (!locked) {
    throw fail.notFound('No such submission.');
  }
  return loadSubmission(tx, id);
}

/** The author's edit after changes were asked for: the next version, checked and queued. */
export async function submitVersion(
  tx: Orm,
  tenantId: string,
  actor: Actor,
  id: string,
  input: VersionInput,
): Promise<{ before: Submission; after: SubmissionDetail }> {
  const before = await lockSubmission(tx, id);
  if (before.authorId !== actor.userId) {
    throw fail.notFound('No such submission.');
  }
  if (before.status !== 'changes_requested') {
    throw new GuildError('submission_not_editable', undefined, { status: before.status });
  }
  const version = cleanVersion(input, await regionOf(tx, actor.userId));
  await checkUploads(tx, actor.userId, version.media);
  const settings = await contentSettings(tx, before.programId);
  const next = before.currentVersion + 1;
  const now = new Date();
  const dueAt = hoursLater(now, settings.slaHours);
  const checked = await writeVersion(
    tx,
    tenantId,
    {
      id,
      programId: before.programId,
      challengeId: before.challengeId,
      missionId: before.missionId,
      authorId: actor.userId,
    },
    next,
    version,
  );
  await tx.execute(
    sql`update content_submissions set status = 'in_review', current_version = ${next},
          version_submitted_at = ${now.toISOString()}::timestamptz,
          due_at = ${dueAt.toISOString()}::timestamptz, updated_at = now()
        where id = ${id}`,
  );
  await queueForReview(
    tx,
    tenantId,
    id,
    actor.userId,
    { ...version, version: next, hint: checked.hint, findings: checked.findings.length },
    dueAt,
  );
  return { before, after: await submissionDetail(tx, id) };
}

export interface ListFilter {
  status?: SubmissionStatus;
  programId?: string;
  overdue?: boolean;
  limit: number;
  cursor?: string;
}

/**
 * Submissions for reviewers, soonest deadline first (so overdue ones lead), optionally by
 * status, program and whether overdue. Keyset pages on (due date, id).
 */
export async function listForReview(tx: Orm, filter: ListFilter) {
  const after = decodeCursor(filter.cursor);
  const rows = await sqlRows<SubmissionRow>(
    tx,
    sql`${SELECT}
        where true
          ${filter.status ? sql`and s.status = ${filter.status}` : sql``}
          ${filter.programId ? sql`and s.program_id = ${filter.programId}` : sql``}
          ${
            filter.overdue === undefined
              ? sql``
              : filter.overdue
                ? sql`and s.status = 'in_review' and s.due_at < now()`
                : sql`and not (s.status = 'in_review' and s.due_at < now())`
          }
          ${after ? sql`and (s.due_at, s.id) > (${after.at.toISOString()}::timestamptz, ${after.id})` : sql``}
        order by s.due_at, s.id
        limit ${filter.limit + 1}`,
  );
  return pageOf(rows.map(submissionOf), filter.limit, (s) => ({ at: s.dueAt, id: s.id }));
}

/** The author's own submissions, newest first. */
export async function listMine(tx: Orm, userId: string, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor);
  const rows = await sqlRows<SubmissionRow>(
    tx,
    sql`${SELECT}
        where s.author_id = ${userId}
          ${after ? sql`and (s.created_at, s.id) < (${after.at.toISOString()}::timestamptz, ${after.id})` : sql``}
        order by s.created_at desc, s.id desc
        limit ${page.limit + 1}`,
  );
  return pageOf(rows.map(submissionOf), page.limit, (s) => ({ at: s.createdAt, id: s.id }));
}
