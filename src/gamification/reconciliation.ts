/**
 * Reconciliation: proves that every member's recorded balances equal what their ledger
 * entries add up to (docs/GAMIFICATION.md gives the sums), and that what is left in their
 * lots equals their spendable points. Any difference is drift, reported member by member;
 * nothing is corrected automatically, because drift means a bug to find, not a number to fix.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../core/db/database.js';

export const BALANCE_FIELDS = [
  'lifetime',
  'spendable',
  'pending',
  'tierQualifying',
  'lots',
] as const;
export type BalanceField = (typeof BALANCE_FIELDS)[number];

export interface Drift {
  userId: string;
  field: BalanceField;
  /** What the balance row (or, for `lots`, the lots) says. */
  recorded: number;
  /** What the entries add up to (for `lots`: the spendable balance when not negative). */
  fromEntries: number;
}

export interface Reconciliation {
  membersChecked: number;
  entriesChecked: number;
  drift: Drift[];
  checkedAt: Date;
}

interface Row {
  user_id: string;
  entries: string | number;
  lifetime: string | number;
  spendable: string | number;
  pending: string | number;
  tier_qualifying: string | number;
  e_lifetime: string | number;
  e_spendable: string | number;
  e_pending: string | number;
  e_tier_qualifying: string | number;
  lots: string | number;
}

/** Checks every member of the transaction's tenant. */
export async function reconcile(tx: Orm): Promise<Reconciliation> {
  const rows = await sqlRows<Row>(
    tx,
    sql`with sums as (
        select user_id, count(*) as entries,
          coalesce(sum(amount) filter (where kind in ('award', 'reversal', 'adjustment')), 0)
            as e_lifetime,
          coalesce(sum(amount) filter (where bucket = 'spendable'), 0) as e_spendable,
          coalesce(sum(amount) filter (where bucket = 'pending'), 0) as e_pending,
          coalesce(sum(amount) filter (where tier_qualifying), 0) as e_tier_qualifying
        from ledger_entries group by user_id
      ), lots as (
        select user_id, sum(remaining) as lots from point_lots group by user_id
      )
      select coalesce(b.user_id, s.user_id) as user_id, coalesce(s.entries, 0) as entries,
             coalesce(b.lifetime, 0) as lifetime, coalesce(b.spendable, 0) as spendable,
             coalesce(b.pending, 0) as pending, coalesce(b.tier_qualifying, 0) as tier_qualifying,
             coalesce(s.e_lifetime, 0) as e_lifetime, coalesce(s.e_spendable, 0) as e_spendable,
             coalesce(s.e_pending, 0) as e_pending,
             coalesce(s.e_tier_qualifying, 0) as e_tier_qualifying,
             coalesce(l.lots, 0) as lots
        from point_balances b
        full join sums s on s.user_id = b.user_id
        left join lots l on l.user_id = coalesce(b.user_id, s.user_id)
       order by 1`,
  );
  const drift: Drift[] = [];
  let entriesChecked = 0;
  for (const row of rows) {
    entriesChecked += Number(row.entries);
    const pairs: [BalanceField, number, number][] = [
      ['lifetime', Number(row.lifetime), Number(row.e_lifetime)],
      ['spendable', Number(row.spendable), Number(row.e_spendable)],
      ['pending', Number(row.pending), Number(row.e_pending)],
      ['tierQualifying', Number(row.tier_qualifying), Number(row.e_tier_qualifying)],
      ['lots', Number(row.lots), Math.max(Number(row.e_spendable), 0)],
    ];
    for (const [field, recorded, fromEntries] of pairs) {
      if (recorded !== fromEntries) {
        drift.push({ userId: row.user_id, field, recorded, fromEntries });
      }
    }
  }
  return { membersChecked: rows.length, entriesChecked, drift, checkedAt: new Date() };
}
