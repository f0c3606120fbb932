/**
 * Points as members and managers see them: balances with what expires next and what is still
 * inside a return window, the history of entries, and managers' awards and adjustments.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';
import { GuildError, fail } from '../core/errors/errors.js';
import { plainTextLine } from '../core/text/plain-text.js';
import {
  balancesFor,
  credit,
  debit,
  entryOf,
  holdBalance,
  expireDueLots,
  type Balances,
  type LedgerEntry,
} from './ledger.js';

export interface PointsSummary {
  userId: string;
  balances: Balances;
  /** The next lots to expire: points left and when. */
  expiring: { points: number; expiresAt: Date }[];
  /** Pending points and when each becomes spendable. */
  releases: { points: number; availableAt: Date }[];
  timezone: string;
}

/** Fails with 404 unless `userId` is a member of the transaction's tenant. */
export async function assertMember(tx: Orm, userId: string): Promise<void> {
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from users where id = ${userId} and status <> 'deleted'`,
  );
  if (!row) {
    throw fail.notFound('No member with this id.');
  }
}

/** A member's balances, expiring points first applied, with the next expiries and releases. */
export async function pointsSummary(
  tx: Orm,
  tenantId: string,
  userId: string,
): Promise<PointsSummary> {
  await holdBalance(tx, tenantId, userId);
  await expireDueLots(tx, tenantId, userId);
  const balances = await balancesFor(tx, userId);
  const expiring = await sqlRows<{ points: string; expires_at: string | Date }>(
    tx,
    sql`select sum(remaining)::text as points, expires_at from point_lots
         where user_id = ${userId} and remaining > 0 and expires_at is not null
         group by expires_at order by expires_at limit 5`,
  );
  const releases = await sqlRows<{ points: string; available_at: string | Date }>(
    tx,
    sql`select sum(e.amount + coalesce((select sum(r.amount) from ledger_entries r
                                          where r.reverses_entry_id = e.id), 0))::text as points,
               e.available_at
          from ledger_entries e
         where e.user_id = ${userId} and e.kind = 'award' and e.bucket = 'pending'
           and e.amount + coalesce((select sum(r.amount) from ledger_entries r
                                      where r.reverses_entry_id = e.id), 0) > 0
           and not exists (select 1 from ledger_entries r where r.tenant_id = e.tenant_id
                             and r.idempotency_key = 'release:' || e.id)
         group by e.available_at order by e.available_at limit 5`,
  );
  const [zone] = await sqlRows<{ timezone: string }>(
    tx,
    sql`select guild_member_timezone(${userId}) as timezone`,
  );
  return {
    userId,
    balances,
    expiring: expiring.map((row) => ({
      points: Number(row.points),
      expiresAt: new Date(row.expires_at),
    })),
    releases: releases.map((row) => ({
      points: Number(row.points),
      availableAt: new Date(row.available_at),
    })),
    timezone: zone?.timezone ?? 'UTC',
  };
}

/** A page of a member's entries, newest first; the cursor is the last entry's id. */
export async function listEntries(
  tx: Orm,
  userId: string,
  page: { limit: number; before: string | null },
): Promise<{ items: LedgerEntry[]; nextCursor: string | null }> {
  const rows = await sqlRows<Parameters<typeof entryOf>[0]>(
    tx,
    sql`select id, user_id, kind, bucket, amount, tier_qualifying, reason, source, source_ref,
               rule_id, rule_version, idempotency_key, reverses_entry_id, available_at,
               expires_at, created_by, created_at
          from ledger_entries
         where user_id = ${userId}
           and (${page.before}::bigint is null or id < ${page.before}::bigint)
         order by id desc limit ${page.limit + 1}`,
  );
  const items = rows.slice(0, page.limit).map(entryOf);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeEntryCursor(last.id) : null,
  };
}

export function encodeEntryCursor(id: string): string {
  return Buffer.from(`e:${id}`).toString('base64url');
}

/** The entry id a cursor names; anything Guild did not make is refused. */
export function decodeEntryCursor(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') {
    return null;
  }
  const match = /^e:([1-9][0-9]{0,17})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!match) {
    throw new GuildError('bad_cursor');
  }
  return match[1]!;
}

export interface ManualChange {
  userId: string;
  /** Positive for an award; for an adjustment, signed and not zero. */
  points: number;
  reason: string;
  expiresInDays: number | null;
  /** An adjustment may take a balance below zero only when asked to. */
  allowNegative: boolean;
}

/** A manager's award (kind `award`) or correction (kind `adjustment`), keyed by the request. */
export async function manualChange(
  tx: Orm,
  tenantId: string,
  kind: 'award' | 'adjustment',
  change: ManualChange,
  by: string,
  idempotencyKey: string,
): Promise<{ entry: LedgerEntry; balances: Balances }> {
  await assertMember(tx, change.userId);
  if (change.userId === by) {
    throw new GuildError(
      'forbidden',
      'You cannot award or adjust your own points; ask another manager.',
    );
  }
  const reason = plainTextLine(change.reason);
  if (reason === '') {
    throw new GuildError('validation_failed', 'Say why, in a few words.', { field: 'reason' });
  }
  const base = {
    userId: change.userId,
    reason,
    source: 'api' as const,
    idempotencyKey: `manual:${by}:${idempotencyKey}`,
    createdBy: by,
  };
  const posted =
    change.points > 0
      ? await credit(tx, tenantId, {
          ...base,
          kind,
          amount: change.points,
          expiresInDays: change.expiresInDays,
        })
      : await debit(tx, tenantId, {
          ...base,
          kind: 'adjustment',
          amount: -change.points,
          requireFunds: !change.allowNegative,
        });
  return { entry: posted.entry, balances: await balancesFor(tx, change.userId) };
}
