/**
 * Whether an ambassador holds a valid contract: signed, started, not ended, not terminated, on
 * a template version whose markets include the member's market (their region's code). A member
 * without a region is covered only by a version marked for all markets. Missions, their
 * incentives and payouts require one (see src/ambassadors/missions/assignments.service.ts).
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';

export interface ValidityOptions {
  /** Only a contract of this program counts (any program's when left out). */
  programId?: string;
  /** The moment to judge at (now when left out). */
  at?: Date;
}

/** The id of a contract that makes `userId` valid at the moment, or null. */
export async function validContractOf(
  tx: Orm,
  userId: string,
  options: ValidityOptions = {},
): Promise<string | null> {
  const at = (options.at ?? new Date()).toISOString();
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`select c.id from ambassador_contracts c
          join contract_template_versions v on v.id = c.version_id
          join users u on u.id = c.user_id
          left join regions r on r.id = u.region_id
         where c.user_id = ${userId} and c.status = 'signed'
           and c.starts_at <= ${at}::timestamptz and c.ends_at > ${at}::timestamptz
           and (v.all_markets or r.code = any(v.markets))
           ${options.programId ? sql`and c.program_id = ${options.programId}` : sql``}
         order by c.ends_at desc limit 1`,
  );
  return row?.id ?? null;
}

/** True when `userId` holds a valid contract at `at` (now by default). */
export async function hasValidContract(
  tx: Orm,
  userId: string,
  at?: Date,
  programId?: string,
): Promise<boolean> {
  return (await validContractOf(tx, userId, { at, programId })) !== null;
}

/** Throws `contract_required` unless `userId` holds a valid contract now. */
export async function requireValidContract(
  tx: Orm,
  userId: string,
  options: ValidityOptions & { message?: string } = {},
): Promise<void> {
  if ((await validContractOf(tx, userId, options)) !== null) {
    return;
  }
  const [me] = await sqlRows<{ region_code: string | null }>(
    tx,
    sql`select r.code as region_code from users u left join regions r on r.id = u.region_id
         where u.id = ${userId}`,
  );
  throw new GuildError('contract_required', options.message, {
    userId,
    programId: options.programId ?? null,
    region: me?.region_code ?? null,
  });
}
