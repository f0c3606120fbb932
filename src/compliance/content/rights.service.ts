/**
 * Usage rights of approved content: per submission, or per image of it, the channels the brand
 * may use it on, the window (start and end), whether paid use (ads, boosting) is allowed and a
 * note on the fee. A use the brand records must fall inside its rights, or it is refused with
 * `rights_use_refused`. Reminders and the `expired` state come from the sweeper (sla.ts).
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError, fail } from '../../core/errors/errors.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import { loadSubmission, versionsOf } from './submissions.service.js';

export const RIGHTS_CHANNELS = [
  'instagram',
  'tiktok',
  'youtube',
  'facebook',
  'x',
  'blog',
  'community',
  'website',
  'email',
  'print',
  'in_store',
] as const;
export type RightsChannel = (typeof RIGHTS_CHANNELS)[number];

export type RightsState = 'upcoming' | 'active' | 'expired';

export interface Rights {
  id: string;
  submissionId: string;
  uploadId: string | null;
  channels: RightsChannel[];
  startsAt: Date;
  endsAt: Date;
  paidUse: boolean;
  feeNote: string | null;
  state: RightsState;
  createdBy: string | null;
  createdAt: Date;
  uses: { channel: string; paid: boolean; usedOn: string }[];
}

interface RightsRow {
  id: string;
  submission_id: string;
  upload_id: string | null;
  channels: RightsChannel[];
  starts_at: Date | string;
  ends_at: Date | string;
  paid_use: boolean;
  fee_note: string | null;
  expired_at: Date | string | null;
  created_by: string | null;
  created_at: Date | string;
}

export function rightsState(
  window: { startsAt: Date; endsAt: Date; expired: boolean },
  at: Date = new Date(),
): RightsState {
  if (window.expired || window.endsAt.getTime() <= at.getTime()) {
    return 'expired';
  }
  return window.startsAt.getTime() > at.getTime() ? 'upcoming' : 'active';
}

async function usesOf(tx: Orm, rightsId: string) {
  const rows = await sqlRows<{ channel: string; paid: boolean; used_on: string | Date }>(
    tx,
    sql`select channel, paid, used_on::text as used_on from content_uses
         where rights_id = ${rightsId} order by used_on, created_at`,
  );
  return rows.map((row) => ({ channel: row.channel, paid: row.paid, usedOn: String(row.used_on) }));
}

async function rightsOf(tx: Orm, row: RightsRow): Promise<Rights> {
  const startsAt = new Date(row.starts_at);
  const endsAt = new Date(row.ends_at);
  return {
    id: row.id,
    submissionId: row.submission_id,
    uploadId: row.upload_id,
    channels: row.channels,
    startsAt,
    endsAt,
    paidUse: row.paid_use,
    feeNote: row.fee_note,
    state: rightsState({ startsAt, endsAt, expired: row.expired_at !== null }),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    uses: await usesOf(tx, row.id),
  };
}

/** The rights recorded for a submission, newest first. */
export async function rightsOfSubmission(tx: Orm, submissionId: string): Promise<Rights[]> {
  const rows = await sqlRows<RightsRow>(
    tx,
    sql`select * from content_rights where submission_id = ${submissionId}
         order by created_at desc, id desc`,
  );
  const rights: Rights[] = [];
  // One at a time: statements on one connection go one after another.
  for (const row of rows) {
    rights.push(await rightsOf(tx, row));
  }
  return rights;
}

export interface RightsInput {
  uploadId?: string | null;
  channels: readonly RightsChannel[];
  startsAt: Date;
  endsAt: Date;
  paidUse: boolean;
  feeNote?: string | null;
}

/** Records the usage rights of an approved submission (or one of its images). */
export async function grantRights(
  tx: Orm,
  tenantId: string,
  actorId: string,
  submissionId: string,
  input: RightsInput,
): Promise<Rights> {
  const submission = await loadSubmission(tx, submissionId);
  if (submission.status !== 'approved') {
    throw fail.conflict('Usage rights are recorded for approved content only.', {
      status: submission.status,
    });
  }
  if (input.endsAt.getTime() <= input.startsAt.getTime()) {
    throw fail.validation('The rights must end after they start.', { field: 'endsAt' });
  }
  if (input.uploadId) {
    const versions = await versionsOf(tx, submissionId);
    const current = versions.at(-1);
    if (!current?.media.some((m) => m.uploadId === input.uploadId)) {
      throw fail.validation('Name an image of the approved version.', { field: 'uploadId' });
    }
  }
  const [row] = await sqlRows<RightsRow>(
    tx,
    sql`insert into content_rights (tenant_id, submission_id, upload_id, channels, starts_at,
          ends_at, paid_use, fee_note, created_by)
        values (${tenantId}, ${submissionId}, ${input.uploadId ?? null},
          ${sql.param([...new Set(input.channels)])}::text[],
          ${input.startsAt.toISOString()}::timestamptz, ${input.endsAt.toISOString()}::timestamptz,
          ${input.paidUse}, ${plainTextLine(input.feeNote ?? '').slice(0, 500) || null}, ${actorId})
        returning *`,
  );
  return rightsOf(tx, row!);
}

export async function getRights(tx: Orm, id: string): Promise<Rights> {
  const [row] = await sqlRows<RightsRow>(tx, sql`select * from content_rights where id = ${id}`);
  if (!row) {
    throw fail.notFound('No such rights.');
  }
  return rightsOf(tx, row);
}

export interface UseInput {
  channel: string;
  paid: boolean;
  /** The day of the use, YYYY-MM-DD (UTC). */
  usedOn: string;
}

/** Why a use falls outside the rights, or null when it is inside. */
export function useProblem(rights: Rights, use: UseInput): string | null {
  const day = new Date(`${use.usedOn}T00:00:00.000Z`);
  const dayEnd = new Date(day.getTime() + 86_400_000);
  if (!(rights.channels as readonly string[]).includes(use.channel)) {
    return `The rights do not cover ${use.channel}.`;
  }
  if (use.paid && !rights.paidUse) {
    return 'The rights do not allow paid use.';
  }
  if (dayEnd.getTime() <= rights.startsAt.getTime() || day.getTime() >= rights.endsAt.getTime()) {
    return 'The day is outside the rights’ window.';
  }
  return null;
}

/** Records a use of the asset; refused with `rights_use_refused` when outside its rights. */
export async function recordUse(
  tx: Orm,
  tenantId: string,
  actorId: string,
  rightsId: string,
  use: UseInput,
): Promise<Rights> {
  const rights = await getRights(tx, rightsId);
  const problem = useProblem(rights, use);
  if (problem !== null) {
    throw new GuildError('rights_use_refused', problem, {
      channels: rights.channels,
      startsAt: rights.startsAt.toISOString(),
      endsAt: rights.endsAt.toISOString(),
      paidUse: rights.paidUse,
    });
  }
  await tx.execute(
    sql`insert into content_uses (tenant_id, rights_id, channel, paid, used_on, recorded_by)
        values (${tenantId}, ${rightsId}, ${use.channel}, ${use.paid}, ${use.usedOn}::date,
          ${actorId})`,
  );
  return getRights(tx, rightsId);
}
