/**
 * Findings of farming patterns: stored once per pattern, each member flagged through the
 * rewards' risk flags (so their redemptions wait for a manager), listed for managers and
 * cleared by them. `pointsWithheld` tells the rules engine whether a member's points of one
 * activity kind are held back because of an open finding.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import type { ActivityKind } from '../activity.types.js';
import { clearFlag, flagMember } from '../rewards/risk-flags.service.js';
import {
  detectPatterns,
  type DetectionSettings,
  type FindingKind,
  type Pattern,
} from './detection.service.js';

/** The source named on the risk flags raised here. */
export const SIGNALS_SOURCE = 'gaming_signals';

export const FINDING_STATUSES = ['open', 'cleared'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Which findings hold back the points of which activity kinds. */
const WITHHELD_BY: Partial<Record<ActivityKind, FindingKind[]>> = {
  post_published: ['post_delete_loop'],
  comment_published: ['post_delete_loop'],
  reaction_received: ['reaction_ring', 'reaction_toggling'],
};

export interface FindingMember {
  userId: string;
  username: string;
  role: 'member' | 'beneficiary';
  riskFlagId: string | null;
  /** The member's risk flag for this finding is still active. */
  flagged: boolean;
  clearedAt: Date | null;
}

export interface Finding {
  id: string;
  kind: FindingKind;
  status: FindingStatus;
  members: FindingMember[];
  evidence: Record<string, number>;
  summary: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  detectedAt: Date;
  updatedAt: Date;
  clearedAt: Date | null;
  clearedBy: string | null;
  clearNote: string | null;
}

interface FindingRow {
  id: string;
  kind: FindingKind;
  status: FindingStatus;
  evidence: Record<string, number> | string;
  summary: string;
  first_seen_at: string | Date;
  last_seen_at: string | Date;
  detected_at: string | Date;
  updated_at: string | Date;
  cleared_at: string | Date | null;
  cleared_by: string | null;
  clear_note: string | null;
}

interface MemberRow {
  finding_id: string;
  user_id: string;
  username: string;
  role: 'member' | 'beneficiary';
  risk_flag_id: string | null;
  flagged: boolean;
  cleared_at: string | Date | null;
}

const when = (value: string | Date | null) => (value === null ? null : new Date(value));

async function withMembers(tx: Orm, rows: FindingRow[]): Promise<Finding[]> {
  if (rows.length === 0) {
    return [];
  }
  const members = await sqlRows<MemberRow>(
    tx,
    sql`select m.finding_id, m.user_id, u.username, m.role, m.risk_flag_id, m.cleared_at,
        (f.id is not null and f.cleared_at is null) as flagged
      from gaming_finding_members m
      join users u on u.id = m.user_id
      left join member_risk_flags f on f.id = m.risk_flag_id
      where m.finding_id = any(${sql.param(rows.map((row) => row.id))}::uuid[])
      order by m.role, u.username`,
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    members: members
      .filter((m) => m.finding_id === row.id)
      .map((m) => ({
        userId: m.user_id,
        username: m.username,
        role: m.role,
        riskFlagId: m.risk_flag_id,
        flagged: m.flagged,
        clearedAt: when(m.cleared_at),
      })),
    evidence:
      typeof row.evidence === 'string'
        ? (JSON.parse(row.evidence) as Record<string, number>)
        : row.evidence,
    summary: row.summary,
    firstSeenAt: new Date(row.first_seen_at),
    lastSeenAt: new Date(row.last_seen_at),
    detectedAt: new Date(row.detected_at),
    updatedAt: new Date(row.updated_at),
    clearedAt: when(row.cleared_at),
    clearedBy: row.cleared_by,
    clearNote: row.clear_note,
  }));
}

const FINDING_COLUMNS = sql.raw(`id, kind, status, evidence, summary, first_seen_at,
  last_seen_at, detected_at, updated_at, cleared_at, cleared_by, clear_note`);

export async function getFinding(tx: Orm, id: string): Promise<Finding> {
  const rows = await sqlRows<FindingRow>(
    tx,
    sql`select ${FINDING_COLUMNS} from gaming_findings where id = ${id}`,
  );
  const [finding] = await withMembers(tx, rows);
  if (!finding) {
    throw fail.notFound('No such finding.');
  }
  return finding;
}

/** Findings newest first, by status, kind or member. */
export async function listFindings(
  tx: Orm,
  options: {
    status?: FindingStatus;
    kind?: FindingKind;
    userId?: string;
    limit: number;
    cursor?: string;
  },
): Promise<{ items: Finding[]; nextCursor: string | null }> {
  const after = decodeCursor(options.cursor);
  const rows = await sqlRows<FindingRow>(
    tx,
    sql`select ${FINDING_COLUMNS} from gaming_findings f
      where true
        ${options.status ? sql`and f.status = ${options.status}` : sql``}
        ${options.kind ? sql`and f.kind = ${options.kind}` : sql``}
        ${
          options.userId
            ? sql`and exists (select 1 from gaming_finding_members m
                where m.finding_id = f.id and m.user_id = ${options.userId})`
            : sql``
        }
        ${after ? sql`and (f.detected_at, f.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
      order by f.detected_at desc, f.id desc limit ${options.limit + 1}`,
  );
  const page = pageOf(rows, options.limit, (row) => ({
    at: new Date(row.detected_at),
    id: row.id,
  }));
  return { items: await withMembers(tx, page.items), nextCursor: page.nextCursor };
}

export interface DetectionResult {
  /** Findings raised by this run. */
  raised: Finding[];
  /** Open findings whose evidence this run brought up to date. */
  updated: number;
  /** Patterns found again that a manager cleared, with no activity since. */
  skipped: number;
  /** Risk flags raised. */
  flagged: number;
}

async function openFindingId(tx: Orm, pattern: Pattern): Promise<string | null> {
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from gaming_findings where kind = ${pattern.kind}
        and fingerprint = ${pattern.fingerprint} and status = 'open' for update`,
  );
  return row?.id ?? null;
}

async function clearedSince(tx: Orm, pattern: Pattern): Promise<boolean> {
  const [row] = await sqlRows<{ cleared: boolean }>(
    tx,
    sql`select exists (select 1 from gaming_findings where kind = ${pattern.kind}
        and fingerprint = ${pattern.fingerprint} and status = 'cleared'
        and cleared_at >= ${pattern.lastSeenAt.toISOString()}::timestamptz) as cleared`,
  );
  return row?.cleared ?? false;
}

async function raise(
  tx: Orm,
  tenantId: string,
  pattern: Pattern,
  requestedBy: string | null,
): Promise<{ id: string; flagged: number }> {
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into gaming_findings (tenant_id, kind, fingerprint, evidence, summary,
        first_seen_at, last_seen_at)
      values (${tenantId}, ${pattern.kind}, ${pattern.fingerprint},
        ${JSON.stringify(pattern.evidence)}::jsonb, ${pattern.summary},
        ${pattern.firstSeenAt.toISOString()}::timestamptz,
        ${pattern.lastSeenAt.toISOString()}::timestamptz)
      returning id`,
  );
  const id = row!.id;
  let flagged = 0;
  for (const userId of pattern.members) {
    const flag = await flagMember(tx, tenantId, {
      userId,
      reason: `Gaming signals: ${pattern.summary}`,
      source: SIGNALS_SOURCE,
      createdBy: requestedBy,
    });
    flagged += 1;
    await tx.execute(sql`insert into gaming_finding_members (tenant_id, finding_id, user_id, role,
        risk_flag_id) values (${tenantId}, ${id}, ${userId}, 'member', ${flag.id})`);
  }
  for (const userId of pattern.beneficiaries.filter((b) => !pattern.members.includes(b))) {
    await tx.execute(sql`insert into gaming_finding_members (tenant_id, finding_id, user_id, role)
        values (${tenantId}, ${id}, ${userId}, 'beneficiary')`);
  }
  return { id, flagged };
}

/**
 * Looks for farming patterns and stores them: a new pattern becomes an open finding with a
 * risk flag for each member; one already open gets its evidence brought up to date; one a
 * manager cleared is raised again only when its activity goes on after the clearing.
 */
export async function runDetection(
  tx: Orm,
  tenantId: string,
  settings: DetectionSettings,
  requestedBy: string | null,
): Promise<DetectionResult> {
  // One run per tenant at a time, so two runs never raise the same finding twice.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`gaming_signals:${tenantId}`}))`);
  const patterns = await detectPatterns(tx, settings);
  const raisedIds: string[] = [];
  let updated = 0;
  let skipped = 0;
  let flagged = 0;
  for (const pattern of patterns) {
    const open = await openFindingId(tx, pattern);
    if (open !== null) {
      await tx.execute(sql`update gaming_findings set evidence = ${JSON.stringify(pattern.evidence)}::jsonb,
          summary = ${pattern.summary},
          first_seen_at = least(first_seen_at, ${pattern.firstSeenAt.toISOString()}::timestamptz),
          last_seen_at = greatest(last_seen_at, ${pattern.lastSeenAt.toISOString()}::timestamptz),
          updated_at = now()
        where id = ${open}`);
      updated += 1;
      continue;
    }
    if (await clearedSince(tx, pattern)) {
      skipped += 1;
      continue;
    }
    const result = await raise(tx, tenantId, pattern, requestedBy);
    raisedIds.push(result.id);
    flagged += result.flagged;
  }
  const raised: Finding[] = [];
  for (const id of raisedIds) {
    raised.push(await getFinding(tx, id));
  }
  return { raised, updated, skipped, flagged };
}

/**
 * Clears a finding for all its members, or for one (`userId`): their risk flags from it are
 * cleared and its points flow again. The finding is cleared once no flagged member is left.
 * Clearing what is cleared already changes nothing.
 */
export async function clearFinding(
  tx: Orm,
  id: string,
  input: { clearedBy: string; note?: string; userId?: string },
): Promise<Finding> {
  const finding = await getFinding(tx, id);
  const note = input.note === undefined ? null : plainTextLine(input.note) || null;
  const targets = finding.members.filter(
    (m) =>
      m.role === 'member' &&
      m.clearedAt === null &&
      (input.userId === undefined || m.userId === input.userId),
  );
  if (input.userId !== undefined && !finding.members.some((m) => m.userId === input.userId)) {
    throw fail.validation('This member is not part of the finding.', { field: 'userId' });
  }
  for (const member of targets) {
    if (member.riskFlagId !== null) {
      await clearFlag(tx, member.riskFlagId, input.clearedBy);
    }
    await tx.execute(sql`update gaming_finding_members set cleared_at = now(),
        cleared_by = ${input.clearedBy}
      where finding_id = ${id} and user_id = ${member.userId} and cleared_at is null`);
  }
  const left = finding.members.filter(
    (m) => m.role === 'member' && m.clearedAt === null && !targets.includes(m),
  );
  if (finding.status === 'open' && left.length === 0) {
    await tx.execute(sql`update gaming_findings set status = 'cleared', cleared_at = now(),
        cleared_by = ${input.clearedBy}, clear_note = ${note}, updated_at = now()
      where id = ${id} and status = 'open'`);
  }
  return getFinding(tx, id);
}

/**
 * True when `userId` has an open finding that covers activity of `kind` (post-delete loops:
 * posts and comments; rings and toggling: reactions received) and the risk flag it raised is
 * still active. The rules engine asks this before it pays points for such an event.
 */
export async function pointsWithheld(
  tx: Orm,
  tenantId: string,
  userId: string,
  kind: ActivityKind,
): Promise<boolean> {
  const findings = WITHHELD_BY[kind];
  if (!findings) {
    return false;
  }
  const [row] = await sqlRows<{ withheld: boolean }>(
    tx,
    sql`select exists (
        select 1 from gaming_finding_members m
          join gaming_findings f on f.id = m.finding_id
          join member_risk_flags r on r.id = m.risk_flag_id
         where m.tenant_id = ${tenantId} and m.user_id = ${userId} and m.role = 'member'
           and m.cleared_at is null and r.cleared_at is null and f.status = 'open'
           and f.kind = any(${sql.param(findings)}::text[])
      ) as withheld`,
  );
  return row?.withheld ?? false;
}
