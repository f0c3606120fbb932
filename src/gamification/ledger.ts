/**
 * The points ledger. Every change to a member's points is one appended entry, written in the
 * same statement or transaction as the balances it moves, so the two can never disagree.
 *
 * - Each entry has an idempotency key unique per tenant: writing the same key again returns
 *   the first entry and moves nothing (a repeated webhook, a retried request, a replayed job).
 * - Credits need no look at the member's state and go in one statement. Debits lock the
 *   member's balance row first, so two debits of one member never both see the same balance.
 * - Spendable credits are lots; debits take from the lots that expire soonest, and a lot's
 *   unspent rest expires at the end of its day in the member's time zone.
 * - Points inside a return window are `pending` and become spendable when it closes.
 */
import { sql } from 'drizzle-orm';
import { locksHeld, sqlRows, type Orm } from '../core/db/database.js';
import { GuildError } from '../core/errors/errors.js';

export const ENTRY_KINDS = [
  'award',
  'reversal',
  'adjustment',
  'redemption',
  'refund',
  'expiry',
  'release',
  'conversion',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Entries that count towards lifetime points: what was earned, net of what was taken back. */
export const EARNING_KINDS: readonly EntryKind[] = ['award', 'reversal', 'adjustment'];

export const ENTRY_SOURCES = [
  'community',
  'integration',
  'program',
  'api',
  'reward',
  'loyalty',
  'system',
] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];

/** Largest amount one entry may carry; far above any real award, far below bigint limits. */
export const MAX_ENTRY_POINTS = 100_000_000;

export interface LedgerEntry {
  id: string;
  userId: string;
  kind: EntryKind;
  bucket: 'spendable' | 'pending';
  amount: number;
  tierQualifying: boolean;
  reason: string;
  source: EntrySource;
  sourceRef: string | null;
  ruleId: string | null;
  ruleVersion: number | null;
  idempotencyKey: string;
  reversesEntryId: string | null;
  availableAt: Date | null;
  expiresAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
}

export interface Balances {
  lifetime: number;
  spendable: number;
  pending: number;
  tierQualifying: number;
}

/** What a new entry says, apart from what the ledger fills in. */
export interface EntryInput {
  userId: string;
  reason: string;
  source: EntrySource;
  idempotencyKey: string;
  sourceRef?: string | null;
  ruleId?: string | null;
  ruleVersion?: number | null;
  spaceId?: string | null;
  regionId?: string | null;
  createdBy?: string | null;
}

export interface CreditInput extends EntryInput {
  /** A positive whole number. */
  amount: number;
  kind?: 'award' | 'adjustment' | 'refund' | 'conversion';
  tierQualifying?: boolean;
  /** Pending until this time (a return window); spendable at once when left out. */
  pendingUntil?: Date | null;
  /** The points expire at the end of the day this many days on, in the member's time zone. */
  expiresInDays?: number | null;
}

export interface DebitInput extends EntryInput {
  /** A positive whole number: how much to take. */
  amount: number;
  kind: 'adjustment' | 'redemption' | 'conversion';
  /** Refuse (insufficient_points) rather than take the balance below zero. */
  requireFunds: boolean;
  /** Also lower the tier-qualifying balance (a correction of qualifying points). */
  tierQualifying?: boolean;
}

/** The outcome of a write: the entry, and whether it was there already under its key. */
export interface Posted {
  entry: LedgerEntry;
  replayed: boolean;
}

interface EntryRow {
  id: string | number;
  user_id: string;
  kind: EntryKind;
  bucket: 'spendable' | 'pending';
  amount: string | number;
  tier_qualifying: boolean;
  reason: string;
  source: EntrySource;
  source_ref: string | null;
  rule_id: string | null;
  rule_version: number | null;
  idempotency_key: string;
  reverses_entry_id: string | number | null;
  available_at: string | Date | null;
  expires_at: string | Date | null;
  created_by: string | null;
  created_at: string | Date;
}

const COLUMN_NAMES = [
  'id',
  'user_id',
  'kind',
  'bucket',
  'amount',
  'tier_qualifying',
  'reason',
  'source',
  'source_ref',
  'rule_id',
  'rule_version',
  'idempotency_key',
  'reverses_entry_id',
  'available_at',
  'expires_at',
  'created_by',
  'created_at',
];
const ENTRY_COLUMNS = sql.raw(COLUMN_NAMES.join(', '));
/** The same columns of a table aliased `e`. */
const E_COLUMNS = sql.raw(COLUMN_NAMES.map((name) => `e.${name}`).join(', '));

function dateOf(value: string | Date | null): Date | null {
  return value === null ? null : new Date(value);
}

export function entryOf(row: EntryRow): LedgerEntry {
  return {
    id: String(row.id),
    userId: row.user_id,
    kind: row.kind,
    bucket: row.bucket,
    amount: Number(row.amount),
    tierQualifying: row.tier_qualifying,
    reason: row.reason,
    source: row.source,
    sourceRef: row.source_ref,
    ruleId: row.rule_id,
    ruleVersion: row.rule_version,
    idempotencyKey: row.idempotency_key,
    reversesEntryId: row.reverses_entry_id === null ? null : String(row.reverses_entry_id),
    availableAt: dateOf(row.available_at),
    expiresAt: dateOf(row.expires_at),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}

function checkAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_ENTRY_POINTS) {
    throw new GuildError(
      'validation_failed',
      `Points must be a whole number from 1 to ${MAX_ENTRY_POINTS}.`,
    );
  }
}

async function entryByKey(tx: Orm, key: string): Promise<LedgerEntry> {
  const [row] = await sqlRows<EntryRow>(
    tx,
    sql`select ${ENTRY_COLUMNS} from ledger_entries where idempotency_key = ${key}`,
  );
  if (!row) {
    // Unique per tenant and never deleted: a conflict means the row is there.
    throw new Error(`ledger entry ${key} vanished`);
  }
  return entryOf(row);
}

/**
 * The entry already written under `key`, which must say the same as the new one; otherwise the
 * key is being reused for something else (409).
 */
async function replay(
  tx: Orm,
  input: EntryInput & { amount: number },
  sign: 1 | -1,
): Promise<Posted> {
  const entry = await entryByKey(tx, input.idempotencyKey);
  if (entry.userId !== input.userId || entry.amount !== sign * input.amount) {
    throw new GuildError(
      'idempotency_key_reused',
      'This idempotency key was used for a different change of points.',
      { idempotencyKey: input.idempotencyKey, entryId: entry.id },
    );
  }
  return { entry, replayed: true };
}

/**
 * Adds points. One call of `guild_credit` (migration 0008) writes the entry, the balances and
 * the lot, or (key seen before) nothing at all. Pending points wait for `pendingUntil`; they
 * form a lot when released.
 */
export async function credit(tx: Orm, tenantId: string, input: CreditInput): Promise<Posted> {
  checkAmount(input.amount);
  const kind = input.kind ?? 'award';
  const rows = await sqlRows<EntryRow>(
    tx,
    sql`select ${ENTRY_COLUMNS} from guild_credit(${tenantId}, ${input.userId}, ${kind},
      ${input.amount}, ${input.tierQualifying ?? false}, ${input.reason}, ${input.source},
      ${input.sourceRef ?? null}, ${input.ruleId ?? null}, ${input.ruleVersion ?? null},
      ${input.idempotencyKey}, ${input.pendingUntil?.toISOString() ?? null},
      ${input.expiresInDays ?? null}, ${input.spaceId ?? null}, ${input.regionId ?? null},
      ${input.createdBy ?? null})`,
  );
  const [row] = rows;
  return row ? { entry: entryOf(row), replayed: false } : replay(tx, input, 1);
}

/**
 * Locks the member's balance row for the rest of the transaction (making it when missing) and
 * returns it. Every debit starts here; reversals, releases and expiries, which need only the
 * lock, take it with `holdBalance`.
 */
export async function lockBalances(tx: Orm, tenantId: string, userId: string): Promise<Balances> {
  if (!locksHeld(tx).has(balanceLock(userId))) {
    await tx.execute(sql`insert into point_balances (tenant_id, user_id)
      values (${tenantId}, ${userId}) on conflict (user_id) do nothing`);
  }
  const [row] = await sqlRows<BalanceRow>(
    tx,
    sql`select lifetime, spendable, pending, tier_qualifying from point_balances
         where user_id = ${userId} for update`,
  );
  locksHeld(tx).add(balanceLock(userId));
  return balancesOf(row);
}

const balanceLock = (userId: string) => `point_balances:${userId}`;

/**
 * Takes the lock of `lockBalances` without reading the balances: one statement, and none when
 * this transaction holds it already. The upsert's update never happens (`where false`), but
 * PostgreSQL locks the row it found all the same.
 */
export async function holdBalance(tx: Orm, tenantId: string, userId: string): Promise<void> {
  const held = locksHeld(tx);
  if (held.has(balanceLock(userId))) {
    return;
  }
  await tx.execute(sql`insert into point_balances as b (tenant_id, user_id)
    values (${tenantId}, ${userId})
    on conflict (user_id) do update set user_id = excluded.user_id where false`);
  held.add(balanceLock(userId));
}

interface BalanceRow {
  lifetime: string | number;
  spendable: string | number;
  pending: string | number;
  tier_qualifying: string | number;
}

function balancesOf(row: BalanceRow | undefined): Balances {
  return {
    lifetime: Number(row?.lifetime ?? 0),
    spendable: Number(row?.spendable ?? 0),
    pending: Number(row?.pending ?? 0),
    tierQualifying: Number(row?.tier_qualifying ?? 0),
  };
}

/** A member's balances (zeros for a member who never had points). */
export async function balancesFor(tx: Orm, userId: string): Promise<Balances> {
  const [row] = await sqlRows<BalanceRow>(
    tx,
    sql`select lifetime, spendable, pending, tier_qualifying from point_balances
         where user_id = ${userId}`,
  );
  return balancesOf(row);
}

/**
 * Takes `amount` from the member's lots, those that expire soonest first (never-expiring ones
 * last); `first`, when given, is taken from before the others (a reversal takes back its own
 * award's lot). The caller holds the balance lock.
 */
async function consumeLots(
  tx: Orm,
  userId: string,
  amount: number,
  first: string | null = null,
): Promise<void> {
  await tx.execute(sql`with ordered as (
      select entry_id, remaining,
             sum(remaining) over (order by (entry_id = ${first}::bigint) desc nulls last,
               expires_at asc nulls last, entry_id) as running
        from point_lots
       where user_id = ${userId} and remaining > 0
    )
    update point_lots p
       set remaining = p.remaining - least(o.remaining, greatest(0, ${amount}::bigint - (o.running - o.remaining)))
      from ordered o
     where p.entry_id = o.entry_id and o.running - o.remaining < ${amount}::bigint`);
}

/** Inserts a negative entry and moves the balances; the caller holds the balance lock. */
async function insertDebit(
  tx: Orm,
  tenantId: string,
  input: EntryInput & {
    amount: number;
    kind: EntryKind;
    bucket: 'spendable' | 'pending';
    tierQualifying: boolean;
    reversesEntryId?: string | null;
  },
): Promise<LedgerEntry | null> {
  const earning = EARNING_KINDS.includes(input.kind);
  const [row] = await sqlRows<EntryRow>(
    tx,
    sql`with e as (
      insert into ledger_entries (tenant_id, user_id, kind, bucket, amount, tier_qualifying,
          reason, source, source_ref, rule_id, rule_version, idempotency_key, reverses_entry_id,
          space_id, region_id, created_by)
        values (${tenantId}, ${input.userId}, ${input.kind}, ${input.bucket}, ${-input.amount},
          ${input.tierQualifying}, ${input.reason}, ${input.source}, ${input.sourceRef ?? null},
          ${input.ruleId ?? null}, ${input.ruleVersion ?? null}, ${input.idempotencyKey},
          ${input.reversesEntryId ?? null}::bigint, ${input.spaceId ?? null},
          ${input.regionId ?? null}, ${input.createdBy ?? null})
      on conflict (tenant_id, idempotency_key) do nothing
      returning *
    ), b as (
      update point_balances pb set
        lifetime = pb.lifetime + case when ${earning} then e.amount else 0 end,
        spendable = pb.spendable + case when e.bucket = 'spendable' then e.amount else 0 end,
        pending = pb.pending + case when e.bucket = 'pending' then e.amount else 0 end,
        tier_qualifying = pb.tier_qualifying + case when e.tier_qualifying then e.amount else 0 end,
        updated_at = now()
        from e where pb.user_id = e.user_id
    )
    select ${ENTRY_COLUMNS} from e`,
  );
  if (row && input.bucket === 'spendable') {
    await consumeLots(tx, input.userId, input.amount, input.reversesEntryId ?? null);
  }
  return row ? entryOf(row) : null;
}

/**
 * Takes points. With `requireFunds`, a balance that cannot cover the amount (after expiring
 * what is due) is refused with `insufficient_points` and nothing is written.
 */
export async function debit(tx: Orm, tenantId: string, input: DebitInput): Promise<Posted> {
  checkAmount(input.amount);
  const balances = await lockBalances(tx, tenantId, input.userId);
  const seen = await sqlRows<EntryRow>(
    tx,
    sql`select ${ENTRY_COLUMNS} from ledger_entries where idempotency_key = ${input.idempotencyKey}`,
  );
  if (seen.length > 0) {
    return replay(tx, input, -1);
  }
  if (input.requireFunds) {
    const expired = await expireDueLots(tx, tenantId, input.userId);
    const spendable = balances.spendable - expired;
    if (spendable < input.amount) {
      throw new GuildError('insufficient_points', undefined, {
        spendable,
        needed: input.amount,
      });
    }
  }
  const entry = await insertDebit(tx, tenantId, {
    ...input,
    bucket: 'spendable',
    tierQualifying: input.tierQualifying ?? false,
  });
  return entry ? { entry, replayed: false } : replay(tx, input, -1);
}

/** What is left of an entry after the reversals written against it, and whether it was released. */
async function entryState(tx: Orm, entryId: string): Promise<{ left: number; released: boolean }> {
  const [row] = await sqlRows<{ left: string | number; released: boolean }>(
    tx,
    sql`select e.amount + coalesce((select sum(r.amount) from ledger_entries r
                                      where r.reverses_entry_id = e.id), 0) as left,
               exists (select 1 from ledger_entries r where r.tenant_id = e.tenant_id
                         and r.idempotency_key = 'release:' || e.id) as released
          from ledger_entries e where e.id = ${entryId}::bigint`,
  );
  return { left: Number(row?.left ?? 0), released: row?.released ?? false };
}

/**
 * Takes back part of one entry (a partial refund of a purchase): at most what is left of it,
 * from the bucket its points are in now (pending until released), with its tier-qualifying
 * mark, once per key. A later full reversal or release then moves only the rest.
 * @returns the reversal written, or null when nothing was left or the key was used before
 */
export async function reduceEntry(
  tx: Orm,
  tenantId: string,
  input: {
    entryId: string;
    amount: number;
    reason: string;
    idempotencyKey: string;
    createdBy?: string | null;
  },
): Promise<LedgerEntry | null> {
  checkAmount(input.amount);
  const [row] = await sqlRows<EntryRow>(
    tx,
    sql`select ${ENTRY_COLUMNS} from ledger_entries where id = ${input.entryId}::bigint`,
  );
  if (!row) {
    throw new GuildError('not_found', 'No ledger entry with this id.');
  }
  const original = entryOf(row);
  await holdBalance(tx, tenantId, original.userId);
  const state = await entryState(tx, original.id);
  const amount = Math.min(input.amount, state.left);
  if (amount <= 0) {
    return null;
  }
  return insertDebit(tx, tenantId, {
    userId: original.userId,
    amount,
    kind: original.kind === 'award' ? 'reversal' : original.kind,
    bucket: original.bucket === 'pending' && !state.released ? 'pending' : 'spendable',
    tierQualifying: original.tierQualifying,
    reason: input.reason,
    source: original.source,
    sourceRef: original.sourceRef,
    ruleId: original.ruleId,
    ruleVersion: original.ruleVersion,
    idempotencyKey: input.idempotencyKey,
    reversesEntryId: original.id,
    createdBy: input.createdBy ?? null,
  });
}

/**
 * Takes back every entry made for `sourceRef` (a post removed, an order refunded, a reaction
 * withdrawn) that is not taken back already: one reversal per entry, keyed by it, so however
 * often the cause goes away each entry is reversed once. Pending points are taken from the
 * pending balance; spendable ones from the entry's own lot first. A reversal may take a
 * balance below zero when the points were spent already; later credits pay that back first.
 * @returns the reversals written now
 */
export async function reverseSource(
  tx: Orm,
  tenantId: string,
  sourceRef: string,
  reason: string,
  options: { userId?: string; createdBy?: string | null } = {},
): Promise<LedgerEntry[]> {
  const targets = await sqlRows<EntryRow>(
    tx,
    sql`select ${E_COLUMNS}
       from ledger_entries e
      where e.source_ref = ${sourceRef} and e.amount > 0
        and e.kind in ('award', 'adjustment', 'conversion')
        and (${options.userId ?? null}::uuid is null or e.user_id = ${options.userId ?? null}::uuid)
        and e.amount + coalesce((select sum(r.amount) from ledger_entries r
                                   where r.reverses_entry_id = e.id), 0) > 0
      order by e.id`,
  );
  const written: LedgerEntry[] = [];
  for (const target of targets) {
    const original = entryOf(target);
    await holdBalance(tx, tenantId, original.userId);
    // What is left of it, and whether it was released: the lock makes the answers final.
    const state = await entryState(tx, original.id);
    if (state.left <= 0) {
      continue;
    }
    const bucket = original.bucket === 'pending' && !state.released ? 'pending' : 'spendable';
    const entry = await insertDebit(tx, tenantId, {
      userId: original.userId,
      amount: state.left,
      kind: original.kind === 'award' ? 'reversal' : original.kind,
      bucket,
      tierQualifying: original.tierQualifying,
      reason,
      source: original.source,
      sourceRef,
      ruleId: original.ruleId,
      ruleVersion: original.ruleVersion,
      idempotencyKey: `reverse:${original.id}`,
      reversesEntryId: original.id,
      createdBy: options.createdBy ?? null,
    });
    if (entry) {
      written.push(entry);
    }
  }
  return written;
}

/**
 * Makes spendable the pending points whose return window has closed (for one member, or up to
 * `limit` entries of the tenant): per entry a pair of `release` entries, out of pending and
 * into spendable, keyed by the entry, so a release happens once.
 * @returns how many entries were released
 */
export async function releaseDuePending(
  tx: Orm,
  tenantId: string,
  options: { userId?: string; limit?: number; now?: Date } = {},
): Promise<number> {
  const due = await sqlRows<EntryRow>(
    tx,
    sql`select ${E_COLUMNS} from ledger_entries e
         where e.kind = 'award' and e.bucket = 'pending'
           and e.available_at <= coalesce(${options.now?.toISOString() ?? null}::timestamptz, now())
           and (${options.userId ?? null}::uuid is null or e.user_id = ${options.userId ?? null}::uuid)
           and e.amount + coalesce((select sum(r.amount) from ledger_entries r
                                      where r.reverses_entry_id = e.id), 0) > 0
           and not exists (select 1 from ledger_entries r where r.tenant_id = e.tenant_id
                             and r.idempotency_key = 'release:' || e.id)
         order by e.available_at, e.id
         limit ${options.limit ?? 500}`,
  );
  let released = 0;
  for (const row of due) {
    const original = entryOf(row);
    await holdBalance(tx, tenantId, original.userId);
    const state = await entryState(tx, original.id);
    if (state.released || state.left <= 0) {
      continue; // released by another process a moment ago, or taken back meanwhile
    }
    const amount = state.left;
    const base = {
      userId: original.userId,
      reason: `Return window closed: ${original.reason}`,
      source: original.source,
      sourceRef: original.sourceRef,
      ruleId: original.ruleId,
      ruleVersion: original.ruleVersion,
    };
    const out = await insertDebit(tx, tenantId, {
      ...base,
      amount,
      kind: 'release',
      bucket: 'pending',
      tierQualifying: false,
      idempotencyKey: `release-out:${original.id}`,
      reversesEntryId: null,
    });
    if (!out) {
      continue; // released by another process a moment ago
    }
    await tx.execute(sql`with e as (
        insert into ledger_entries (tenant_id, user_id, kind, bucket, amount, tier_qualifying,
            reason, source, source_ref, rule_id, rule_version, idempotency_key, expires_at)
          values (${tenantId}, ${original.userId}, 'release', 'spendable', ${amount},
            false, ${base.reason}, ${base.source}, ${base.sourceRef}, ${base.ruleId},
            ${base.ruleVersion}, ${`release:${original.id}`},
            ${original.expiresAt?.toISOString() ?? null}::timestamptz)
        returning *
      ), b as (
        update point_balances pb set spendable = pb.spendable + e.amount, updated_at = now()
          from e where pb.user_id = e.user_id
        returning pb.spendable
      )
      insert into point_lots (entry_id, tenant_id, user_id, remaining, expires_at)
        select e.id, e.tenant_id, e.user_id, least(e.amount, greatest(b.spendable, 0)), e.expires_at
          from e, b where least(e.amount, greatest(b.spendable, 0)) > 0`);
    released += 1;
  }
  return released;
}

/**
 * Expires the member's lots whose time has come: one `expiry` entry per lot for what is left
 * of it, keyed by the lot. The caller holds the member's balance lock.
 * @returns the points expired
 */
export async function expireDueLots(
  tx: Orm,
  tenantId: string,
  userId: string,
  now: Date | null = null,
): Promise<number> {
  const [row] = await sqlRows<{ expired: string | number | null }>(
    tx,
    sql`with due as (
        select entry_id, user_id, remaining from point_lots
         where user_id = ${userId} and remaining > 0
           and expires_at <= coalesce(${now?.toISOString() ?? null}::timestamptz, now())
      ), e as (
        insert into ledger_entries (tenant_id, user_id, kind, bucket, amount, reason, source,
            source_ref, idempotency_key)
          select ${tenantId}, user_id, 'expiry', 'spendable', -remaining, 'Points expired',
                 'system', 'lot:' || entry_id, 'expire:' || entry_id
            from due
        on conflict (tenant_id, idempotency_key) do nothing
        returning amount, source_ref
      ), l as (
        update point_lots p set remaining = 0
          from e where p.entry_id = substr(e.source_ref, 5)::bigint
      ), b as (
        update point_balances pb set spendable = pb.spendable + t.amount, updated_at = now()
          from (select sum(amount) as amount from e) t
         where pb.user_id = ${userId} and t.amount is not null
      )
      select -sum(amount) as expired from e`,
  );
  return Number(row?.expired ?? 0);
}

/**
 * Expires due lots across the tenant, a member at a time (each under their balance lock).
 * @returns how many members had points expire
 */
export async function expireDueForTenant(
  tx: Orm,
  tenantId: string,
  options: { limit?: number; now?: Date } = {},
): Promise<number> {
  const members = await sqlRows<{ user_id: string }>(
    tx,
    sql`select distinct user_id from point_lots
         where remaining > 0
           and expires_at <= coalesce(${options.now?.toISOString() ?? null}::timestamptz, now())
         limit ${options.limit ?? 500}`,
  );
  let count = 0;
  for (const { user_id: userId } of members) {
    await holdBalance(tx, tenantId, userId);
    if ((await expireDueLots(tx, tenantId, userId, options.now ?? null)) > 0) {
      count += 1;
    }
  }
  return count;
}
