/**
 * The benchmark's history, written set-based straight into the tables (the ledger service
 * would take hours for ten million entries): members, their ledger entries, and balances and
 * lots that agree with those entries exactly as the ledger keeps them, so that reconciliation
 * finds no drift. The leaderboards are not written here: the real fold builds them.
 *
 * Members are numbered 1..N and their ids follow that order; each member's entries are
 * consecutive, so a fold pass over an id range touches each member's scores once.
 */
import type { Database } from '../../src/core/db/database.js';

const BULK_TABLES = ['users', 'ledger_entries', 'point_balances', 'point_lots'];

/**
 * Runs a bulk load with the foreign-key triggers of the loaded tables off (the history is
 * generated consistent: every member, region and entry referred to exists), and on again
 * afterwards. Needs the bench database's owner to be a superuser, as `postgres` is.
 */
export async function withoutKeyChecks(db: Database, work: () => Promise<void>): Promise<void> {
  for (const table of BULK_TABLES) {
    await db.query(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
  }
  try {
    await work();
  } finally {
    for (const table of BULK_TABLES) {
      await db.query(`ALTER TABLE ${table} ENABLE TRIGGER ALL`);
    }
  }
}

export interface HistoryShape {
  members: number;
  entries: number;
  spaces: number;
  /** Members with a staff role, opted out, and in the 'gold' segment (fractions). */
  staffShare: number;
  optOutShare: number;
  goldShare: number;
  /** Entries are spread over this many days back from now. */
  days: number;
  /** Share of entries made in a space. */
  spaceShare: number;
}

/** The id of member number `n` (SQL expression over an integer expression). */
export const memberId = (n: string) =>
  `('00000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;

/** The region of member number `n`: one of `regionIds` ($param), round robin. */
const regionOf = (n: string, param: string) =>
  `(${param}::uuid[])[1 + ${n} % cardinality(${param}::uuid[])]`;

export async function writeMembers(
  db: Database,
  tenantId: string,
  shape: HistoryShape,
  regionIds: string[],
  progress: (text: string) => void,
): Promise<void> {
  const staffEvery = Math.round(1 / shape.staffShare);
  const optOutEvery = Math.round(1 / shape.optOutShare);
  const goldEvery = Math.round(1 / shape.goldShare);
  const chunk = 250_000;
  for (let first = 1; first <= shape.members; first += chunk) {
    const last = Math.min(shape.members, first + chunk - 1);
    await db.query(
      `insert into users (id, tenant_id, email, username, username_key, display_name, role,
          region_id, created_at)
       select ${memberId('g')}, $1, 'm' || g || '@bench.test', 'm' || g, 'm' || g,
              'Member ' || g,
              case when g % ${staffEvery} = 0 then 'moderator' else 'member' end,
              ${regionOf('g', '$4')},
              now() - (random() * interval '720 days')
         from generate_series($2::int, $3::int) g`,
      [tenantId, first, last, regionIds],
    );
    progress(`  members ${last.toLocaleString('en')} / ${shape.members.toLocaleString('en')}`);
  }
  await db.query(
    `insert into leaderboard_preferences (tenant_id, user_id, opted_out)
     select $1, ${memberId('g')}, true from generate_series(1, $2::int) g
      where g % ${optOutEvery} = 7`,
    [tenantId, shape.members],
  );
  await db.query(
    `insert into user_segments (tenant_id, user_id, segment_id)
     select $1, ${memberId('g')}, (select id from segments where tenant_id = $1 and key = 'gold')
       from generate_series(1, $2::int) g where g % ${goldEvery} = 3`,
    [tenantId, shape.members],
  );
}

/**
 * Ledger entries: mostly awards (1 to 50 points), some adjustments, a few small redemptions;
 * a share made in one of the spaces, all in the member's region.
 */
export async function writeEntries(
  db: Database,
  tenantId: string,
  shape: HistoryShape,
  spaceIds: string[],
  regionIds: string[],
  progress: (text: string) => void,
): Promise<void> {
  const perMember = shape.entries / shape.members;
  const chunk = 1_000_000;
  for (let first = 1; first <= shape.entries; first += chunk) {
    const last = Math.min(shape.entries, first + chunk - 1);
    const began = performance.now();
    await db.query(
      `insert into ledger_entries (tenant_id, user_id, kind, bucket, amount, reason, source,
          idempotency_key, space_id, region_id, created_at)
       select $1, ${memberId('x.n')}, x.kind, 'spendable',
              case x.kind when 'award' then 1 + (x.r * 4900)::int % 50
                          when 'adjustment' then 1 + (x.r * 7700)::int % 20
                          else -(1 + (x.r * 3100)::int % 5) end,
              'Bench history', 'community', 'bench:' || lpad(x.g::text, 10, '0'),
              case when random() < $4 then ($5::uuid[])[1 + (x.g % $6)] end,
              ${regionOf('x.n', '$7')},
              now() - random() * interval '${shape.days} days'
         from (select g, floor((g - 1) / ${perMember}::float8)::int + 1 as n, r,
                      case when r < 0.95 then 'award' when r < 0.98 then 'adjustment'
                           else 'redemption' end as kind
                 from (select g, random() as r from generate_series($2::int, $3::int) g) s) x`,
      [tenantId, first, last, shape.spaceShare, spaceIds, spaceIds.length, regionIds],
    );
    const seconds = (performance.now() - began) / 1000;
    progress(
      `  entries ${last.toLocaleString('en')} / ${shape.entries.toLocaleString('en')} ` +
        `(${seconds.toFixed(1)} s)`,
    );
  }
}

/**
 * Balances equal to the entries' sums, and one lot per member holding the spendable rest (on
 * the member's last award), from one pass over the entries.
 */
export async function writeBalances(db: Database): Promise<void> {
  await db.query(
    `with sums as (
       select tenant_id, user_id,
              coalesce(sum(amount) filter (where kind in ('award', 'reversal', 'adjustment')), 0)
                as lifetime,
              sum(amount) as spendable,
              max(id) filter (where kind = 'award') as last_award
         from ledger_entries group by tenant_id, user_id
     ), balances as (
       insert into point_balances (tenant_id, user_id, lifetime, spendable, pending,
           tier_qualifying)
       select tenant_id, user_id, lifetime, spendable, 0, 0 from sums
     )
     insert into point_lots (entry_id, tenant_id, user_id, remaining, expires_at)
     select last_award, tenant_id, user_id, spendable, null from sums
      where spendable > 0 and last_award is not null`,
  );
}
