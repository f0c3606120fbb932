/**
 * Reads the subjects of a retention-lift estimate (lift.ts) from one tenant's tables, inside
 * that tenant's transaction. docs/LIFT.md gives the design; in short:
 *
 * - One reference date R = cohortFrom for everyone. Members are customers linked (link still in
 *   force) to a member who joined in [cohortFrom, cohortTo), in the segment when one is asked
 *   for. Controls are customers never linked to any member, now or before.
 * - Only customers with at least one sale before R are subjects, so buying in the window means
 *   buying again. Sales are orders of kind 'sale' that were never cancelled; guest orders
 *   (no customer) are not anyone's.
 * - Recency, frequency and spend come from sales before R; `repeat` is a sale in
 *   [R, R + windowDays).
 * - The region is the customer's region code, else the member's region code, else 'unknown'.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import type { LiftSubject } from './lift.js';

export interface LiftCohort {
  /** Start of the joining cohort, and the reference date R. */
  cohortFrom: Date;
  /** End of the joining cohort (exclusive). */
  cohortTo: Date;
  /** Days after R in which a sale counts as buying again. */
  windowDays: number;
  /** Only subjects of this region code. */
  region?: string;
  /** Only members in this segment (controls are not in segments: they are not members). */
  segmentId?: string;
}

/** The region of a subject with neither a customer nor a member region. */
export const UNKNOWN_REGION = 'unknown';

const DAY_MS = 86_400_000;

interface Row {
  id: string;
  member: boolean;
  region: string;
  recency_days: string | number;
  frequency: number;
  monetary: string | number | null;
  repeat: boolean;
}

/** The members and candidate controls of one cohort, for estimateLift. */
export async function readLiftSubjects(tx: Orm, cohort: LiftCohort): Promise<LiftSubject[]> {
  checkCohort(cohort);
  const from = cohort.cohortFrom.toISOString();
  const to = cohort.cohortTo.toISOString();
  const windowEnd = new Date(
    cohort.cohortFrom.getTime() + cohort.windowDays * DAY_MS,
  ).toISOString();

  // a sale's value: its own total when the source gave one, else its product lines
  const sales = sql`select o.id, o.customer_id, o.placed_at,
        coalesce(o.total_minor,
          (select sum(l.quantity * l.unit_price_minor - coalesce(l.discount_minor, 0))
             from order_lines l
            where l.order_id = o.id and l.duplicate_of is null and l.line_kind = 'product'),
          0) as value_minor
      from orders o
     where o.kind = 'sale' and o.cancelled_at is null and o.customer_id is not null`;

  const rows = await sqlRows<Row>(
    tx,
    sql`with before as (
          select customer_id, max(placed_at) as last_at, count(*)::int as frequency,
                 sum(value_minor) as monetary
            from (${sales}) s
           where placed_at < ${from}::timestamptz
           group by customer_id
        ),
        after as (
          select distinct customer_id
            from orders o
           where o.kind = 'sale' and o.cancelled_at is null and o.customer_id is not null
             and o.placed_at >= ${from}::timestamptz and o.placed_at < ${windowEnd}::timestamptz
        ),
        cohort as (
          select k.customer_id, r.code as region_code
            from member_customer_links k
            join users u on u.id = k.user_id
            left join regions r on r.id = u.region_id
           where k.unlinked_at is null
             and u.created_at >= ${from}::timestamptz and u.created_at < ${to}::timestamptz
             ${
               cohort.segmentId
                 ? sql`and exists (select 1 from user_segments us
                                    where us.user_id = u.id
                                      and us.segment_id = ${cohort.segmentId}::uuid)`
                 : sql``
             }
        ),
        subjects as (
          select c.id, (m.customer_id is not null) as member,
                 coalesce(c.region_code, m.region_code, ${UNKNOWN_REGION}) as region,
                 extract(epoch from (${from}::timestamptz - b.last_at)) / 86400 as recency_days,
                 b.frequency, b.monetary,
                 (a.customer_id is not null) as repeat
            from customers c
            join before b on b.customer_id = c.id
            left join cohort m on m.customer_id = c.id
            left join after a on a.customer_id = c.id
           where m.customer_id is not null
              or not exists (select 1 from member_customer_links k where k.customer_id = c.id)
        )
        select id, member, region, recency_days, frequency, monetary, repeat
          from subjects
         ${cohort.region !== undefined ? sql`where region = ${cohort.region}` : sql``}
         order by id`,
  );

  return rows.map((row) => ({
    id: row.id,
    member: row.member,
    region: row.region,
    recencyDays: Number(row.recency_days),
    frequency: row.frequency,
    monetary: Number(row.monetary ?? 0),
    repeat: row.repeat,
  }));
}

function checkCohort(cohort: LiftCohort): void {
  const from = cohort.cohortFrom.getTime();
  const to = cohort.cohortTo.getTime();
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    throw new GuildError('validation_failed', 'The cohort must end after it starts.');
  }
  if (!Number.isFinite(cohort.windowDays) || cohort.windowDays <= 0) {
    throw new GuildError('validation_failed', 'The window must be a positive number of days.');
  }
}
