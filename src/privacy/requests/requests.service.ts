/**
 * Data-subject requests (COMPLIANCE.md PRV-04): filed by a member in their privacy centre or
 * logged by an admin for one received by e-mail, phone or post; their clock (clocks.ts), moves
 * received → acknowledged → in_progress → completed | refused, identity verification and the
 * one extension. Access requests are answered with an export (export.ts).
 *
 * Erasure requests (`erasure`, CCPA `delete`) are tracked here; starting one (identity
 * checked) erases the member at once through src/privacy/erasure, which then completes it.
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import {
  clockFor,
  daysLeft,
  extensionRefusal,
  isOverdue,
  regimeForRegion,
  type Regime,
} from './clocks.js';
import { buildExport, type ExportFile } from './export.js';

export const REQUEST_KINDS = [
  'access',
  'portability',
  'erasure',
  'rectification',
  'objection',
  'restriction',
  'know',
  'delete',
  'correct',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_STATUSES = [
  'received',
  'acknowledged',
  'in_progress',
  'completed',
  'refused',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const OPEN_STATUSES: readonly RequestStatus[] = ['received', 'acknowledged', 'in_progress'];

export const REQUEST_CHANNELS = [
  'privacy_centre',
  'email',
  'phone',
  'post',
  'in_person',
  'other',
] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

export const IDENTITY_METHODS = [
  'signed_in_session',
  'email_match',
  'document',
  'knowledge_check',
  'other',
] as const;
export type IdentityMethod = (typeof IDENTITY_METHODS)[number];

/** Kinds answered with an export of the member's data. */
export const EXPORT_KINDS: readonly RequestKind[] = ['access', 'portability', 'know'];
/** Kinds answered by erasing the member's data (another service's work). */
export const ERASURE_KINDS: readonly RequestKind[] = ['erasure', 'delete'];

/** How long an export can be downloaded. */
export const EXPORT_DAYS = 7;

/**
 * The same right under each regime's name: a CCPA member's access request is a request to
 * know, a GDPR member's request to delete is an erasure request.
 */
const ALIASES: Record<Regime, Partial<Record<RequestKind, RequestKind>>> = {
  gdpr: { know: 'access', delete: 'erasure', correct: 'rectification' },
  ccpa: { access: 'know', portability: 'know', erasure: 'delete', rectification: 'correct' },
};

export function kindUnder(regime: Regime, kind: RequestKind): RequestKind {
  return ALIASES[regime][kind] ?? kind;
}

export interface PrivacyRequest {
  id: string;
  userId: string | null;
  username: string | null;
  regime: Regime;
  kind: RequestKind;
  status: RequestStatus;
  channel: RequestChannel;
  note: string | null;
  receivedAt: Date;
  loggedBy: string | null;
  firstDueAt: Date;
  dueAt: Date;
  ackDueAt: Date | null;
  acknowledgedAt: Date | null;
  extendedAt: Date | null;
  extensionNoticeAt: Date | null;
  extensionReason: string | null;
  identityVerifiedAt: Date | null;
  identityMethod: IdentityMethod | null;
  refusalReason: string | null;
  closedAt: Date | null;
  exportId: string | null;
}

interface RequestRow {
  id: string;
  user_id: string | null;
  username: string | null;
  regime: Regime;
  kind: RequestKind;
  status: RequestStatus;
  channel: RequestChannel;
  note: string | null;
  received_at: string | Date;
  logged_by: string | null;
  first_due_at: string | Date;
  due_at: string | Date;
  ack_due_at: string | Date | null;
  acknowledged_at: string | Date | null;
  extended_at: string | Date | null;
  extension_notice_at: string | Date | null;
  extension_reason: string | null;
  identity_verified_at: string | Date | null;
  identity_method: IdentityMethod | null;
  refusal_reason: string | null;
  closed_at: string | Date | null;
  export_id: string | null;
}

const date = (value: string | Date) => new Date(value);
const dateOrNull = (value: string | Date | null) => (value === null ? null : new Date(value));

function requestOf(row: RequestRow): PrivacyRequest {
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    regime: row.regime,
    kind: row.kind,
    status: row.status,
    channel: row.channel,
    note: row.note,
    receivedAt: date(row.received_at),
    loggedBy: row.logged_by,
    firstDueAt: date(row.first_due_at),
    dueAt: date(row.due_at),
    ackDueAt: dateOrNull(row.ack_due_at),
    acknowledgedAt: dateOrNull(row.acknowledged_at),
    extendedAt: dateOrNull(row.extended_at),
    extensionNoticeAt: dateOrNull(row.extension_notice_at),
    extensionReason: row.extension_reason,
    identityVerifiedAt: dateOrNull(row.identity_verified_at),
    identityMethod: row.identity_method,
    refusalReason: row.refusal_reason,
    closedAt: dateOrNull(row.closed_at),
    exportId: row.export_id,
  };
}

const SELECT = sql`select r.*, u.username,
    (select e.id from privacy_exports e where e.request_id = r.id and e.expires_at > now()
      order by e.created_at desc limit 1) as export_id
  from privacy_requests r left join users u on u.id = r.user_id`;

/** Where a request stands against its clock at `now`. */
export function standing(request: PrivacyRequest, now: Date) {
  const open = OPEN_STATUSES.includes(request.status);
  return {
    open,
    daysLeft: open ? daysLeft(request.dueAt, now) : null,
    overdue: open && isOverdue(request.dueAt, now),
    ackOverdue:
      request.ackDueAt !== null &&
      request.acknowledgedAt === null &&
      open &&
      isOverdue(request.ackDueAt, now),
    answeredLate: !open && request.closedAt !== null && request.closedAt > request.dueAt,
  };
}

export async function getRequest(tx: Orm, id: string): Promise<PrivacyRequest> {
  const [row] = await sqlRows<RequestRow>(tx, sql`${SELECT} where r.id = ${id}`);
  if (!row) {
    throw fail.notFound('No such privacy request.');
  }
  return requestOf(row);
}

/** The regime of a member's requests: from their region, else the community's default. */
export async function regimeOf(tx: Orm, userId: string): Promise<Regime> {
  const [row] = await sqlRows<{ code: string | null; fallback: Regime | null }>(
    tx,
    sql`select r.code, (select default_regime from privacy_request_settings) as fallback
          from users u left join regions r on r.id = u.region_id where u.id = ${userId}`,
  );
  if (!row) {
    throw fail.notFound('No such member.');
  }
  return regimeForRegion(row.code, row.fallback ?? DEFAULT_REGIME);
}

/** The regime of members whose region names neither law, until an admin sets another. */
export const DEFAULT_REGIME: Regime = 'gdpr';

export async function requestSettings(tx: Orm): Promise<{ defaultRegime: Regime }> {
  const [row] = await sqlRows<{ default_regime: Regime }>(
    tx,
    sql`select default_regime from privacy_request_settings`,
  );
  return { defaultRegime: row?.default_regime ?? DEFAULT_REGIME };
}

export async function setRequestSettings(
  tx: Orm,
  tenantId: string,
  input: { defaultRegime: Regime; updatedBy: string },
): Promise<{ defaultRegime: Regime }> {
  await tx.execute(
    sql`insert into privacy_request_settings (tenant_id, default_regime, updated_by)
        values (${tenantId}, ${input.defaultRegime}, ${input.updatedBy})
        on conflict (tenant_id) do update set default_regime = excluded.default_regime,
          updated_by = excluded.updated_by, updated_at = now()`,
  );
  return requestSettings(tx);
}

export interface NewRequest {
  userId: string;
  kind: RequestKind;
  note: string | null;
  channel: RequestChannel;
  receivedAt: Date;
  loggedBy: string | null;
  /** Set when the member filed it while signed in: their session proves who they are. */
  identity?: { method: IdentityMethod; by: string | null };
}

/** Records a request and starts its clock under the member's regime. */
export async function fileRequest(
  tx: Orm,
  tenantId: string,
  input: NewRequest,
): Promise<PrivacyRequest> {
  const regime = await regimeOf(tx, input.userId);
  const clock = clockFor(regime, input.receivedAt);
  const identity = input.identity ?? null;
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into privacy_requests (tenant_id, user_id, regime, kind, channel, note,
          received_at, logged_by, first_due_at, due_at, ack_due_at, identity_verified_at,
          identity_method, identity_verified_by)
        values (${tenantId}, ${input.userId}, ${regime}, ${kindUnder(regime, input.kind)},
          ${input.channel}, ${input.note}, ${input.receivedAt.toISOString()}, ${input.loggedBy},
          ${clock.dueAt.toISOString()}, ${clock.dueAt.toISOString()},
          ${clock.ackDueAt?.toISOString() ?? null},
          ${identity ? sql`now()` : null}, ${identity?.method ?? null}, ${identity?.by ?? null})
        returning id`,
  );
  return getRequest(tx, row!.id);
}

export interface BoardFilters {
  status?: RequestStatus;
  kind?: RequestKind;
  regime?: Regime;
  overdue?: boolean;
  dueBefore?: Date;
  userId?: string;
  limit: number;
  cursor?: string;
}

/** Requests by due date (soonest first), filtered; a page and the cursor of the next. */
export async function listRequests(
  tx: Orm,
  filters: BoardFilters,
): Promise<{ items: PrivacyRequest[]; nextCursor: string | null }> {
  const after = decodeCursor(filters.cursor);
  const open = sql`r.status in ('received', 'acknowledged', 'in_progress')`;
  const conditions: SQL[] = [sql`true`];
  if (filters.status) {
    conditions.push(sql`r.status = ${filters.status}`);
  }
  if (filters.kind) {
    conditions.push(sql`r.kind = ${filters.kind}`);
  }
  if (filters.regime) {
    conditions.push(sql`r.regime = ${filters.regime}`);
  }
  if (filters.overdue !== undefined) {
    const overdue = sql`(${open} and r.due_at < now())`;
    conditions.push(filters.overdue ? overdue : sql`not ${overdue}`);
  }
  if (filters.dueBefore) {
    conditions.push(sql`r.due_at < ${filters.dueBefore.toISOString()}`);
  }
  if (filters.userId) {
    conditions.push(sql`r.user_id = ${filters.userId}`);
  }
  if (after) {
    conditions.push(sql`(r.due_at, r.id) > (${after.at.toISOString()}::timestamptz, ${after.id})`);
  }
  const rows = await sqlRows<RequestRow>(
    tx,
    sql`${SELECT} where ${sql.join(conditions, sql` and `)}
        order by r.due_at, r.id limit ${filters.limit + 1}`,
  );
  const page = pageOf(rows.map(requestOf), filters.limit, (r) => ({ at: r.dueAt, id: r.id }));
  return page;
}

export type RequestAction = 'acknowledge' | 'start' | 'complete' | 'refuse';

const MOVES: Record<RequestAction, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  acknowledge: { from: ['received'], to: 'acknowledged' },
  start: { from: ['acknowledged'], to: 'in_progress' },
  complete: { from: ['in_progress'], to: 'completed' },
  refuse: { from: OPEN_STATUSES, to: 'refused' },
};

/**
 * Closes an erasure (or CCPA delete) request once the erasure service has erased the member,
 * in the same transaction. Returns the request before and after.
 */
export async function completeErasureRequest(
  tx: Orm,
  id: string,
  by: string | null,
): Promise<{ before: PrivacyRequest; after: PrivacyRequest }> {
  const before = await lockRequest(tx, id);
  if (!ERASURE_KINDS.includes(before.kind) || before.status !== 'in_progress') {
    throw closedOrIllegal(before, 'complete');
  }
  await tx.execute(
    sql`update privacy_requests set status = 'completed', updated_at = now(), closed_at = now(),
          closed_by = ${by}
        where id = ${id}`,
  );
  return { before, after: await getRequest(tx, id) };
}

function closedOrIllegal(request: PrivacyRequest, action: RequestAction): GuildError {
  if (!OPEN_STATUSES.includes(request.status)) {
    return new GuildError('privacy_request_closed');
  }
  const next = (Object.keys(MOVES) as RequestAction[]).filter((name) =>
    MOVES[name].from.includes(request.status),
  );
  return fail.conflict(
    `A request that is ${request.status} cannot be moved with ${action}; ` +
      `from ${request.status} it can: ${next.join(', ')}.`,
    { status: request.status, action, allowed: next },
  );
}

/**
 * Moves a request one step; returns it before and after. Completing needs the member's
 * identity verified, and an access request its export; erasure requests are completed by the
 * erasure service only.
 */
export async function moveRequest(
  tx: Orm,
  id: string,
  action: RequestAction,
  input: { by: string | null; reason?: string },
): Promise<{ before: PrivacyRequest; after: PrivacyRequest }> {
  const before = await lockRequest(tx, id);
  const move = MOVES[action];
  if (!move.from.includes(before.status)) {
    throw closedOrIllegal(before, action);
  }
  if (action === 'refuse' && !input.reason?.trim()) {
    throw fail.validation('A refusal needs its reason.', { field: 'reason' });
  }
  if (action === 'complete') {
    checkCompletable(before);
  }
  if (action === 'start' && ERASURE_KINDS.includes(before.kind)) {
    if (before.identityVerifiedAt === null) {
      throw fail.conflict("Verify the member's identity before starting an erasure.");
    }
  }
  const closing = move.to === 'completed' || move.to === 'refused';
  await tx.execute(
    sql`update privacy_requests set status = ${move.to}, updated_at = now(),
          acknowledged_at = case when acknowledged_at is null and ${move.to} <> 'refused'
                                 then now() else acknowledged_at end,
          refusal_reason = ${action === 'refuse' ? input.reason!.trim() : null},
          closed_at = ${closing ? sql`now()` : null},
          closed_by = ${closing ? input.by : null}
        where id = ${id}`,
  );
  return { before, after: await getRequest(tx, id) };
}

function checkCompletable(request: PrivacyRequest): void {
  if (ERASURE_KINDS.includes(request.kind)) {
    throw fail.conflict('An erasure request is completed by the erasure service, once done.');
  }
  if (request.identityVerifiedAt === null) {
    throw fail.conflict("Verify the member's identity before completing the request.");
  }
  if (EXPORT_KINDS.includes(request.kind) && request.exportId === null) {
    throw fail.conflict('Prepare the export before completing an access request.');
  }
}

async function lockRequest(tx: Orm, id: string): Promise<PrivacyRequest> {
  await sqlRows(tx, sql`select id from privacy_requests where id = ${id} for update`);
  return getRequest(tx, id);
}

/** Records how the member's identity was checked. */
export async function verifyIdentity(
  tx: Orm,
  id: string,
  input: { method: IdentityMethod; by: string },
): Promise<{ before: PrivacyRequest; after: PrivacyRequest }> {
  const before = await lockRequest(tx, id);
  if (!OPEN_STATUSES.includes(before.status)) {
    throw new GuildError('privacy_request_closed');
  }
  await tx.execute(
    sql`update privacy_requests set identity_verified_at = now(),
          identity_method = ${input.method}, identity_verified_by = ${input.by},
          updated_at = now()
        where id = ${id}`,
  );
  return { before, after: await getRequest(tx, id) };
}

/**
 * Extends the deadline once, to the regime's longest, given notice sent at `noticeAt` (no
 * later than the first due date).
 */
export async function extendRequest(
  tx: Orm,
  id: string,
  input: { noticeAt: Date; reason: string },
): Promise<{ before: PrivacyRequest; after: PrivacyRequest }> {
  const before = await lockRequest(tx, id);
  if (!OPEN_STATUSES.includes(before.status)) {
    throw new GuildError('privacy_request_closed');
  }
  const refusal = extensionRefusal({ ...before, noticeAt: input.noticeAt });
  if (refusal !== null) {
    throw new GuildError('extension_not_allowed', undefined, { reason: refusal });
  }
  const extended = clockFor(before.regime, before.receivedAt).extendedDueAt;
  await tx.execute(
    sql`update privacy_requests set due_at = ${extended.toISOString()}, extended_at = now(),
          extension_notice_at = ${input.noticeAt.toISOString()},
          extension_reason = ${input.reason}, updated_at = now()
        where id = ${id}`,
  );
  return { before, after: await getRequest(tx, id) };
}

export interface StoredExport {
  id: string;
  requestId: string;
  userId: string;
  sha256: string;
  bytes: number;
  files: ExportFile[];
  createdAt: Date;
  expiresAt: Date;
  downloads: number;
}

interface ExportRow {
  id: string;
  request_id: string;
  user_id: string;
  sha256: string;
  bytes: number;
  files: ExportFile[] | string;
  created_at: string | Date;
  expires_at: string | Date;
  downloads: number;
}

const exportOf = (row: ExportRow): StoredExport => ({
  id: row.id,
  requestId: row.request_id,
  userId: row.user_id,
  sha256: row.sha256,
  bytes: Number(row.bytes),
  files: typeof row.files === 'string' ? (JSON.parse(row.files) as ExportFile[]) : row.files,
  createdAt: date(row.created_at),
  expiresAt: date(row.expires_at),
  downloads: Number(row.downloads),
});

/** Builds the member's archive for an access request and keeps it for `EXPORT_DAYS`. */
export async function prepareExport(
  tx: Orm,
  tenantId: string,
  request: PrivacyRequest,
): Promise<StoredExport> {
  if (!EXPORT_KINDS.includes(request.kind)) {
    throw fail.conflict('Only access and portability requests are answered with an export.');
  }
  if (!OPEN_STATUSES.includes(request.status)) {
    throw new GuildError('privacy_request_closed');
  }
  if (request.userId === null) {
    throw fail.conflict('The member of this request has no account any more.');
  }
  const generatedAt = new Date();
  const built = await buildExport(tx, request.userId, { requestId: request.id, generatedAt });
  const bytes = Buffer.from(built.archive);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const [row] = await sqlRows<ExportRow>(
    tx,
    sql`insert into privacy_exports (tenant_id, request_id, user_id, archive, sha256, bytes,
          files, created_at, expires_at)
        values (${tenantId}, ${request.id}, ${request.userId}, ${bytes}, ${sha256},
          ${bytes.length}, ${JSON.stringify(built.files)}::jsonb, ${generatedAt.toISOString()},
          ${generatedAt.toISOString()}::timestamptz + make_interval(days => ${EXPORT_DAYS}))
        returning id, request_id, user_id, sha256, bytes, files, created_at, expires_at,
          downloads`,
  );
  return exportOf(row!);
}

export async function getExport(tx: Orm, id: string): Promise<StoredExport> {
  const [row] = await sqlRows<ExportRow>(
    tx,
    sql`select id, request_id, user_id, sha256, bytes, files, created_at, expires_at, downloads
          from privacy_exports where id = ${id} and expires_at > now()`,
  );
  if (!row) {
    throw fail.notFound('No such export, or it has expired.');
  }
  return exportOf(row);
}

/** The archive's bytes, counting the download. */
export async function downloadExport(tx: Orm, id: string): Promise<Buffer> {
  const [row] = await sqlRows<{ archive: Uint8Array | string }>(
    tx,
    sql`update privacy_exports set downloads = downloads + 1
         where id = ${id} and expires_at > now() returning archive`,
  );
  if (!row) {
    throw fail.notFound('No such export, or it has expired.');
  }
  return typeof row.archive === 'string'
    ? Buffer.from(row.archive.replace(/^\\x/, ''), 'hex')
    : Buffer.from(row.archive);
}

/** A member's own "download my data" makes at most one archive in this many minutes. */
export const SELF_EXPORT_MINUTES = 5;

/** Refuses a new self-service archive while the member's last one is only minutes old. */
export async function checkSelfExportAllowed(tx: Orm, userId: string): Promise<void> {
  const [recent] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from privacy_exports where user_id = ${userId}
          and created_at > now() - make_interval(mins => ${SELF_EXPORT_MINUTES})
        limit 1`,
  );
  if (recent) {
    throw fail.conflict(
      `Your last archive was made less than ${SELF_EXPORT_MINUTES} minutes ago: download that one.`,
      { exportId: recent.id },
    );
  }
}

/** Deletes archives past their expiry; returns how many. */
export async function deleteExpiredExports(tx: Orm): Promise<number> {
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`delete from privacy_exports where expires_at <= now() returning id`,
  );
  return rows.length;
}
