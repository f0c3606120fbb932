/**
 * Members flagged as risky: while a member has an active flag, every redemption of theirs
 * waits for a manager's approval. Managers set and clear flags through the API; other parts of
 * Guild (gaming signals, fraud checks) call `flagMember` with their own `source`.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';
import { plainTextLine } from '../../core/text/plain-text.js';
import { dateOrNull } from './rewards.types.js';

export interface RiskFlag {
  id: string;
  userId: string;
  username: string;
  reason: string;
  source: string;
  createdBy: string | null;
  createdAt: Date;
  clearedAt: Date | null;
  clearedBy: string | null;
}

interface FlagRow {
  id: string;
  user_id: string;
  username: string;
  reason: string;
  source: string;
  created_by: string | null;
  created_at: string | Date;
  cleared_at: string | Date | null;
  cleared_by: string | null;
}

function flagOf(row: FlagRow): RiskFlag {
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    reason: row.reason,
    source: row.source,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    clearedAt: dateOrNull(row.cleared_at),
    clearedBy: row.cleared_by,
  };
}

const FLAG_COLUMNS = sql`f.id, f.user_id, u.username, f.reason, f.source, f.created_by,
  f.created_at, f.cleared_at, f.cleared_by`;

async function flagById(tx: Orm, id: string): Promise<RiskFlag> {
  const [row] = await sqlRows<FlagRow>(
    tx,
    sql`select ${FLAG_COLUMNS} from member_risk_flags f join users u on u.id = f.user_id
         where f.id = ${id}`,
  );
  if (!row) {
    throw fail.notFound('No such risk flag.');
  }
  return flagOf(row);
}

/** Flags a member as risky; their redemptions wait for approval until the flag is cleared. */
export async function flagMember(
  tx: Orm,
  tenantId: string,
  input: { userId: string; reason: string; source: string; createdBy: string | null },
): Promise<RiskFlag> {
  const reason = plainTextLine(input.reason);
  if (reason === '') {
    throw fail.validation('A risk flag needs a reason.', { field: 'reason' });
  }
  const [member] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from users where id = ${input.userId}`,
  );
  if (!member) {
    throw fail.notFound('No such member.');
  }
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into member_risk_flags (tenant_id, user_id, reason, source, created_by)
        values (${tenantId}, ${input.userId}, ${reason}, ${input.source}, ${input.createdBy})
        returning id`,
  );
  return flagById(tx, row!.id);
}

/** Clears a flag (kept as history); clearing it again changes nothing. */
export async function clearFlag(tx: Orm, id: string, clearedBy: string): Promise<RiskFlag> {
  const flag = await flagById(tx, id);
  if (flag.clearedAt === null) {
    await tx.execute(sql`update member_risk_flags set cleared_at = now(), cleared_by = ${clearedBy}
                          where id = ${id} and cleared_at is null`);
  }
  return flagById(tx, id);
}

/** True when the member has a flag that is not cleared. */
export async function isFlagged(tx: Orm, userId: string): Promise<boolean> {
  const [row] = await sqlRows<{ flagged: boolean }>(
    tx,
    sql`select exists (select 1 from member_risk_flags
                        where user_id = ${userId} and cleared_at is null) as flagged`,
  );
  return row?.flagged ?? false;
}

/** Flags newest first: the active ones, or all; of one member when `userId` is given. */
export async function listFlags(
  tx: Orm,
  options: { userId?: string; activeOnly: boolean; limit: number; cursor?: string },
): Promise<{ items: RiskFlag[]; nextCursor: string | null }> {
  const after = decodeCursor(options.cursor);
  const rows = await sqlRows<FlagRow>(
    tx,
    sql`select ${FLAG_COLUMNS} from member_risk_flags f join users u on u.id = f.user_id
         where true
           ${options.userId ? sql`and f.user_id = ${options.userId}` : sql``}
           ${options.activeOnly ? sql`and f.cleared_at is null` : sql``}
           ${after ? sql`and (f.created_at, f.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
         order by f.created_at desc, f.id desc
         limit ${options.limit + 1}`,
  );
  const page = pageOf(rows, options.limit, (row) => ({ at: new Date(row.created_at), id: row.id }));
  return { items: page.items.map(flagOf), nextCursor: page.nextCursor };
}
