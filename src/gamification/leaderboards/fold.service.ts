/**
 * Folds the points ledger into the leaderboards' pre-aggregated scores.
 *
 * The ledger's own statements are left alone (no trigger, no extra index on ledger_entries):
 * a sweeper follows the ledger by id instead, in batches, as the database owner (ledger ids
 * are global, so one cursor serves every tenant).
 *
 * Following by id is not enough on its own: an identity value is taken when a transaction
 * inserts, but becomes visible when it commits, so id 11 can be visible while id 10 is still
 * in flight. Guild keeps a cursor and a list of holes:
 *
 * - Each pass reads the entries with id in (cursor, cursor + span] that are visible now, and
 *   moves the cursor to the highest of them.
 * - Every id at or below the new cursor that was not visible is written down as a hole, with
 *   the time it was first seen missing.
 * - Each pass also reads the entries whose ids are holes: those that have committed since are
 *   folded then, and their holes closed. A hole that stays empty for `graceSeconds` is
 *   dropped: its transaction rolled back, or its insert lost an idempotency conflict (both
 *   use up an id without leaving an entry). The grace must exceed the longest transaction
 *   that writes to the ledger; ledger writes are short, and the default is ten minutes.
 *
 * So every entry is folded exactly once: an id is either above the cursor, or a hole, or
 * folded, and a pass moves ids between these only inside one statement, under the state
 * row's lock. A pass that finds another pass running returns at once.
 */
import { sql, type SQL } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';

export const DEFAULT_HALF_LIFE_DAYS = 30;
export const DEFAULT_RISING_DAYS = 30;
/** Reputation units count from this instant until a tenant changes its half-life. */
export const DEFAULT_REPUTATION_EPOCH = '2026-01-01T00:00:00Z';

/**
 * Reputation scores are real numbers, so their per-score counts are kept by bucket instead:
 * 256 buckets per doubling (each about 0.3 % wide), positive scores only.
 */
export const REPUTATION_BUCKETS_PER_DOUBLING = 256;
/** The bucket of a positive reputation score `x` (an SQL expression). */
export function reputationBucket(x: SQL): SQL {
  return sql`floor(ln(${x}) / ln(2::float8) * ${sql.raw(String(REPUTATION_BUCKETS_PER_DOUBLING))})`;
}

export interface FoldOptions {
  /** The widest id range read in one pass. */
  span?: number;
  /** How long an id may stay invisible before it is taken for one that will never appear. */
  graceSeconds?: number;
}

export interface FoldResult {
  /** False when another pass held the cursor. */
  ran: boolean;
  /** Entries read (all kinds), and of those the earning ones that moved scores. */
  entries: number;
  earning: number;
  /** The cursor after the pass. */
  lastId: string;
  holesOpened: number;
  holesClosed: number;
}

/**
 * The weight of an entry on the reputation boards: its points times 2^(age / half-life),
 * counted from the tenant's reputation epoch. A reversal is weighted at the time of the entry
 * it reverses, so it takes back exactly what that entry added. Needs `f` (the entry), `o` (the
 * reversed entry, left-joined) and `ls` (the tenant's settings, left-joined).
 */
const REPUTATION_WEIGHT = sql.raw(`f.amount * power(2::float8,
  extract(epoch from coalesce(o.created_at, f.created_at)
    - coalesce(ls.reputation_epoch, '${DEFAULT_REPUTATION_EPOCH}'::timestamptz))
  / (coalesce(ls.half_life_days, ${DEFAULT_HALF_LIFE_DAYS}) * 86400.0))`);

/**
 * Week and month boards are kept for the current and the previous period: older entries
 * (history, or a hole filled very late) no longer reach them.
 */
const KEEP_WEEK = sql.raw(
  `date_trunc('week', e.local_at)::date >= date_trunc('week', z.local_now)::date - 7`,
);
const KEEP_MONTH = sql.raw(
  `date_trunc('month', e.local_at) >= date_trunc('month', z.local_now) - interval '1 month'`,
);

/**
 * The statement that adds `fresh` (entries: id, tenant_id, user_id, kind, amount, created_at,
 * space_id, region_id, reverses_entry_id) to the boards: day ranges, boards, scores and the
 * count of members per score.
 */
function foldInto(prefix: SQL, tail: SQL): SQL {
  return sql`with ${prefix},
    days as (
      insert into leaderboard_days as d (tenant_id, day, first_id, last_id)
      select f.tenant_id, (f.created_at at time zone t.timezone)::date, min(f.id), max(f.id)
        from fresh f join tenants t on t.id = f.tenant_id
       group by 1, 2
      on conflict (tenant_id, day) do update
        set first_id = least(d.first_id, excluded.first_id),
            last_id = greatest(d.last_id, excluded.last_id)
    ),
    zones as (
      select t.id as tenant_id, t.timezone, now() at time zone t.timezone as local_now
        from tenants t where t.id in (select distinct tenant_id from fresh)
    ),
    earning as (
      select f.tenant_id, f.user_id, f.amount::float8 as amount, f.space_id, f.region_id,
             f.created_at at time zone z.timezone as local_at,
             ${REPUTATION_WEIGHT} as reputation
        from fresh f
        join zones z on z.tenant_id = f.tenant_id
        left join leaderboard_settings ls on ls.tenant_id = f.tenant_id
        left join ledger_entries o on o.id = f.reverses_entry_id
       where f.kind in ('award', 'reversal', 'adjustment')
    ),
    periods as (
      select e.tenant_id, e.user_id, e.amount, e.reputation, e.space_id, e.region_id,
             case when ${KEEP_WEEK} then date_trunc('week', e.local_at)::date end as week,
             case when ${KEEP_MONTH} then date_trunc('month', e.local_at)::date end as month
        from earning e join zones z on z.tenant_id = e.tenant_id
    ),
    grouped as (
      select tenant_id, user_id, space_id, region_id, week, month,
             sum(amount) as amount, sum(reputation) as reputation
        from periods group by 1, 2, 3, 4, 5, 6
    ),
    keyed as (
      select e.tenant_id, p.period, p.period_start, sc.scope, sc.scope_id, e.user_id, p.score
        from grouped e
        cross join lateral (values
          ('all', date '1970-01-01', e.amount),
          ('reputation', date '1970-01-01', e.reputation),
          ('week', e.week, e.amount),
          ('month', e.month, e.amount)
        ) p(period, period_start, score)
        cross join lateral (values
          ('all', e.tenant_id), ('space', e.space_id), ('region', e.region_id)
        ) sc(scope, scope_id)
       where sc.scope_id is not null and p.period_start is not null
    ),
    summed as (
      select tenant_id, period, period_start, scope, scope_id, user_id, sum(score) as delta
        from keyed group by 1, 2, 3, 4, 5, 6
    ),
    boards as (
      insert into leaderboard_boards as b (tenant_id, period, period_start, scope, scope_id)
      select distinct tenant_id, period, period_start, scope, scope_id from summed
      on conflict (tenant_id, period, period_start, scope, scope_id)
        do update set period = excluded.period
      returning id, tenant_id, period, period_start, scope, scope_id
    ),
    deltas as (
      select b.id as board_id, b.period, s.tenant_id, s.user_id, s.delta
        from summed s join boards b using (tenant_id, period, period_start, scope, scope_id)
    ),
    prior as (
      select d.*, sc.score as old
        from deltas d
        left join leaderboard_scores sc on sc.board_id = d.board_id and sc.user_id = d.user_id
    ),
    scored as (
      insert into leaderboard_scores as sc (tenant_id, board_id, user_id, score)
      select tenant_id, board_id, user_id, delta from prior
      on conflict (board_id, user_id) do update set score = sc.score + excluded.score
    ),
    counted as (
      insert into leaderboard_score_counts as c (tenant_id, board_id, score, members)
      select tenant_id, board_id, value, sum(n) from (
        select tenant_id, board_id, coalesce(old, 0) + delta as value, 1 as n
          from prior where period <> 'reputation'
        union all
        select tenant_id, board_id, old, -1
          from prior where period <> 'reputation' and old is not null
        union all
        select tenant_id, board_id, ${reputationBucket(sql`coalesce(old, 0) + delta`)}, 1
          from prior where period = 'reputation' and coalesce(old, 0) + delta > 0
        union all
        select tenant_id, board_id, ${reputationBucket(sql`old`)}, -1
          from prior where period = 'reputation' and old > 0
      ) x
      group by 1, 2, 3
      having sum(n) <> 0
      on conflict (board_id, score) do update set members = c.members + excluded.members
    )
    ${tail}`;
}

const ENTRY_FIELDS = sql.raw(
  'e.id, e.tenant_id, e.user_id, e.kind, e.amount, e.created_at, e.space_id, e.region_id, ' +
    'e.reverses_entry_id',
);

interface PassRow {
  entries: string | number;
  earning: string | number;
  last_id: string | number;
  opened: string | number;
  closed: string | number;
}

/** The statement of one pass from cursor `from` (exported for EXPLAIN in tooling). */
export function passStatement(from: string, span: number, grace: number): SQL {
  const prefix = sql`ranged as (
      select ${ENTRY_FIELDS} from ledger_entries e
       where e.id > ${from}::bigint and e.id <= ${from}::bigint + ${span}::bigint
    ),
    healed as (
      select ${ENTRY_FIELDS}
        from leaderboard_fold_holes h join ledger_entries e on e.id = h.entry_id
    ),
    top as (select coalesce(max(id), ${from}::bigint) as last_id from ranged),
    opened as (
      insert into leaderboard_fold_holes (entry_id)
      select g from top, generate_series(${from}::bigint + 1, top.last_id) g
      except select id from ranged
      returning entry_id
    ),
    closed as (
      delete from leaderboard_fold_holes h
       where h.entry_id in (select id from healed)
          or h.seen_at < now() - make_interval(secs => ${grace})
      returning entry_id
    ),
    moved as (
      update leaderboard_fold_state set last_id = (select last_id from top), folded_at = now()
       where id = 1
    ),
    fresh as (select * from ranged union all select * from healed)`;
  const tail = sql`select (select count(*) from fresh) as entries,
      (select count(*) from earning) as earning,
      (select last_id from top) as last_id,
      (select count(*) from opened) as opened,
      (select count(*) from closed) as closed`;
  return foldInto(prefix, tail);
}

/**
 * One pass of the sweeper: folds up to `span` ids past the cursor and every hole that has
 * filled. `db` must be the owner's handle (`Database.system`): the pass spans all tenants.
 */
export async function foldLedger(db: Orm, options: FoldOptions = {}): Promise<FoldResult> {
  const span = options.span ?? 50_000;
  const grace = options.graceSeconds ?? 600;
  return db.transaction(async (tx) => {
    const [state] = await sqlRows<{ last_id: string | number }>(
      tx,
      sql`select last_id from leaderboard_fold_state where id = 1 for update skip locked`,
    );
    if (!state) {
      return { ran: false, entries: 0, earning: 0, lastId: '0', holesOpened: 0, holesClosed: 0 };
    }
    const from = String(state.last_id);
    const [row] = await sqlRows<PassRow>(tx, passStatement(from, span, grace));
    return {
      ran: true,
      entries: Number(row?.entries ?? 0),
      earning: Number(row?.earning ?? 0),
      lastId: String(row?.last_id ?? from),
      holesOpened: Number(row?.opened ?? 0),
      holesClosed: Number(row?.closed ?? 0),
    };
  });
}

/** Folds until the cursor reaches the ledger's newest visible entry; returns the passes' sum. */
export async function foldAll(db: Orm, options: FoldOptions = {}): Promise<FoldResult> {
  const total: FoldResult = {
    ran: false,
    entries: 0,
    earning: 0,
    lastId: '0',
    holesOpened: 0,
    holesClosed: 0,
  };
  for (;;) {
    const pass = await foldLedger(db, options);
    if (!pass.ran) {
      return total;
    }
    total.ran = true;
    total.entries += pass.entries;
    total.earning += pass.earning;
    total.lastId = pass.lastId;
    total.holesOpened += pass.holesOpened;
    total.holesClosed += pass.holesClosed;
    const [newest] = await sqlRows<{ id: string | number | null }>(
      db,
      sql`select max(id) as id from ledger_entries`,
    );
    if (
      newest?.id === null ||
      newest?.id === undefined ||
      BigInt(newest.id) <= BigInt(pass.lastId)
    ) {
      return total;
    }
  }
}

/** The rank index of leaderboard_scores, as the migration creates it. */
const RANK_INDEX = sql.raw(
  'CREATE INDEX IF NOT EXISTS leaderboard_scores_rank_idx ' +
    'ON leaderboard_scores (board_id, score DESC, user_id)',
);

/**
 * Folds a long stretch of ledger in one go: the first start on a community that already has
 * a large ledger, or after the boards were emptied. Keeping the rank index current row by
 * row costs a random index insert per score, so the index is dropped while the bulk goes in
 * and built afterwards in one sort. Reads are slow in between: run it before the boards are
 * opened (or let the sweeper catch up, more slowly, instead). `db` is the owner's handle.
 */
export async function backfill(
  db: Orm,
  options: FoldOptions & { onPass?: (pass: FoldResult) => void } = {},
): Promise<FoldResult> {
  const span = options.span ?? 500_000;
  const [newest] = await sqlRows<{ id: string | null }>(
    db,
    sql`select max(id)::text as id from ledger_entries`,
  );
  const target = BigInt(newest?.id ?? '0');
  await db.execute(sql`drop index if exists leaderboard_scores_rank_idx`);
  try {
    const total: FoldResult = {
      ran: true,
      entries: 0,
      earning: 0,
      lastId: '0',
      holesOpened: 0,
      holesClosed: 0,
    };
    for (;;) {
      const pass = await foldLedger(db, { ...options, span });
      options.onPass?.(pass);
      total.entries += pass.entries;
      total.earning += pass.earning;
      total.lastId = pass.lastId;
      total.holesOpened += pass.holesOpened;
      total.holesClosed += pass.holesClosed;
      if (!pass.ran || BigInt(pass.lastId) >= target) {
        return total;
      }
    }
  } finally {
    await db.execute(RANK_INDEX);
  }
}

/**
 * Drops week and month boards older than the previous period (in each tenant's time zone),
 * with their scores. The fold no longer writes to them.
 */
export async function pruneBoards(db: Orm): Promise<number> {
  const rows = await sqlRows<{ id: string }>(
    db,
    sql`with old as (
        select b.id from leaderboard_boards b join tenants t on t.id = b.tenant_id
         where (b.period = 'week'
                and b.period_start < date_trunc('week', now() at time zone t.timezone)::date - 7)
            or (b.period = 'month'
                and b.period_start < (date_trunc('month', now() at time zone t.timezone)
                  - interval '1 month')::date)
      ), scores as (
        delete from leaderboard_scores s using old where s.board_id = old.id
      )
      delete from leaderboard_boards b using old where b.id = old.id
      returning b.id`,
  );
  return rows.length;
}

/**
 * Rebuilds a tenant's reputation boards from the ledger (after its half-life changed): the
 * same weighting as the fold (REPUTATION_WEIGHT), over every entry the cursor has passed and that is not a hole.
 * The caller holds the fold state's lock (see `lockFold`), so no pass runs meanwhile.
 */
export async function rebuildReputation(tx: Orm, tenantId: string): Promise<void> {
  await tx.execute(sql`with old as (
      select id from leaderboard_boards where tenant_id = ${tenantId} and period = 'reputation'
    ), scores as (
      delete from leaderboard_scores s using old where s.board_id = old.id
    )
    delete from leaderboard_boards b using old where b.id = old.id`);
  const prefix = sql`fresh as (
      select ${ENTRY_FIELDS} from ledger_entries e, leaderboard_fold_state st
       where e.tenant_id = ${tenantId} and st.id = 1 and e.id <= st.last_id
         and e.kind in ('award', 'reversal', 'adjustment')
         and not exists (select 1 from leaderboard_fold_holes h where h.entry_id = e.id)
    )`;
  const onlyReputation = sql`with ${prefix},
    earning as (
      select f.tenant_id, f.user_id, f.space_id, f.region_id, ${REPUTATION_WEIGHT} as reputation
        from fresh f
        left join leaderboard_settings ls on ls.tenant_id = f.tenant_id
        left join ledger_entries o on o.id = f.reverses_entry_id
    ),
    summed as (
      select e.tenant_id, sc.scope, sc.scope_id, e.user_id, sum(e.reputation) as delta
        from earning e
        cross join lateral (values
          ('all', e.tenant_id), ('space', e.space_id), ('region', e.region_id)
        ) sc(scope, scope_id)
       where sc.scope_id is not null
       group by 1, 2, 3, 4
    ),
    boards as (
      insert into leaderboard_boards (tenant_id, period, period_start, scope, scope_id)
      select distinct tenant_id, 'reputation', date '1970-01-01', scope, scope_id from summed
      returning id, tenant_id, scope, scope_id
    ),
    scores as (
      insert into leaderboard_scores (tenant_id, board_id, user_id, score)
      select s.tenant_id, b.id, s.user_id, s.delta
        from summed s join boards b using (tenant_id, scope, scope_id)
      returning tenant_id, board_id, score
    )
    insert into leaderboard_score_counts (tenant_id, board_id, score, members)
    select tenant_id, board_id, ${reputationBucket(sql`score`)}, count(*)
      from scores where score > 0 group by 1, 2, 3`;
  await tx.execute(onlyReputation);
}

/** Takes the fold state's lock for the rest of the transaction (waits for a running pass). */
export async function lockFold(tx: Orm): Promise<void> {
  await tx.execute(sql`select 1 from leaderboard_fold_state where id = 1 for update`);
}
