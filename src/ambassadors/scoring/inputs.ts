/**
 * Reads the raw inputs of a program's candidates as of a moment: only rows dated before it,
 * only for members whose ambassador-scoring consent is in force, and only from the categories
 * of data whose purposes include ambassador scoring (PRV-07). Social mentions also need the
 * member's social-import consent. A category that may not be read is not queried at all.
 *
 * The loyalty tier has no history (a loyalty account holds only its tier now), so it is read
 * only when scoring as of the present (within a day); scoring as of a past date leaves it out.
 */
import { sql, type SQL } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { consentInForce } from '../../privacy/consents.service.js';
import type { DataCategory } from '../../privacy/data-purposes.js';
import { FEATURES, type Feature, type Inputs } from './features.js';
import type { Candidate } from './score.js';

/** Who may be scored by a program. */
export interface Scope {
  regionId: string | null;
  segmentId: string | null;
}

interface Row {
  user_id: string;
  region: string | null;
  region_name: string | null;
  last_at: string | Date | null;
  first_at: string | Date | null;
  purchase_days: number | null;
  decayed_days: number | null;
  sales: string | number | null;
  returned: string | number | null;
  products: number | null;
  active_months: number | null;
  tier_rank: number | null;
  tier_name: string | null;
  accepted_answers: number | null;
  reactions_received: number | null;
  contributions: number | null;
  reviews: number | null;
  followers: string | number | null;
  mentions_total: number | null;
  mentions_positive: number | null;
}

const DAY_MS = 86_400_000;
/** Purchase days count half as much after this many days (purchase_frequency). */
export const FREQUENCY_HALF_LIFE_DAYS = 180;

/** The members a program may score: active, consenting, in its region and segment. */
export function candidateFilter(scope: Scope): SQL {
  return sql`u.status = 'active'
    and ${consentInForce(sql`u.id`, 'ambassador_scoring')}
    ${scope.regionId ? sql`and u.region_id = ${scope.regionId}::uuid` : sql``}
    ${
      scope.segmentId
        ? sql`and exists (select 1 from user_segments us
                           where us.user_id = u.id and us.segment_id = ${scope.segmentId}::uuid)`
        : sql``
    }`;
}

/** How many members the program may score (for progress). */
export async function countCandidates(tx: Orm, scope: Scope): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from users u where ${candidateFilter(scope)}`,
  );
  return row?.n ?? 0;
}

/** Members of the tenant who would be in scope but gave no scoring consent. */
export async function countWithoutConsent(tx: Orm, scope: Scope): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from users u
         where u.status = 'active' and not ${consentInForce(sql`u.id`, 'ambassador_scoring')}
           ${scope.regionId ? sql`and u.region_id = ${scope.regionId}::uuid` : sql``}`,
  );
  return row?.n ?? 0;
}

const num = (value: string | number | null): number | null =>
  value === null ? null : Number(value);

/**
 * The inputs of every candidate as of `asOf`. `categories` are the categories that may be
 * read; the features of the others are null for everyone.
 */
export async function readInputs(
  tx: Orm,
  scope: Scope,
  asOf: Date,
  categories: ReadonlySet<DataCategory>,
): Promise<Candidate[]> {
  const at = asOf.toISOString();
  const year = new Date(asOf.getTime() - 365 * DAY_MS).toISOString().slice(0, 10);
  const halfYear = new Date(asOf.getTime() - 183 * DAY_MS).toISOString().slice(0, 10);
  const current = Date.now() - asOf.getTime() < DAY_MS;
  const purchases = categories.has('crm_purchases');
  const loyalty = categories.has('loyalty') && current;
  const community = categories.has('community_activity');
  const reviews = categories.has('reviews');
  const social = categories.has('social_mentions');

  // One simple grouped query per category, merged here by member: each is a scan and an
  // aggregate whatever the planner knows of the tables (fresh imports have no statistics).
  const members = sql`select u.id from users u where ${candidateFilter(scope)}`;
  const base = await sqlRows<{
    user_id: string;
    region: string | null;
    region_name: string | null;
  }>(
    tx,
    sql`select u.id as user_id, r.code as region, r.name as region_name
          from users u left join regions r on r.id = u.region_id
         where ${candidateFilter(scope)}
         order by u.id`,
  );
  const rows = new Map<string, Row>(
    base.map((b) => [
      b.user_id,
      {
        ...b,
        last_at: null,
        first_at: null,
        purchase_days: null,
        decayed_days: null,
        sales: null,
        returned: null,
        products: null,
        active_months: null,
        tier_rank: null,
        tier_name: null,
        accepted_answers: null,
        reactions_received: null,
        contributions: null,
        reviews: null,
        followers: null,
        mentions_total: null,
        mentions_positive: null,
      },
    ]),
  );
  const merge = <T extends { user_id: string }>(found: T[]) => {
    for (const row of found) {
      const into = rows.get(row.user_id);
      if (into) {
        Object.assign(into, row);
      }
    }
  };

  if (purchases) {
    // orders of the member's customer records before the moment, with their net value: the
    // order's own total when the source gives one, else its lines (product lines of a sale,
    // every line of a return)
    const orders = sql`select k.user_id, o.id, o.kind, o.placed_at,
          (o.placed_at at time zone 'UTC')::date as day,
          coalesce(o.total_minor - coalesce(o.shipping_minor, 0) - coalesce(o.taxes_minor, 0),
            sum(l.quantity * l.unit_price_minor - coalesce(l.discount_minor, 0))
              filter (where l.line_kind = 'product' or o.kind = 'return')) as net
        from member_customer_links k
        join orders o on o.customer_id = k.customer_id
        left join order_lines l on l.order_id = o.id and l.duplicate_of is null
       where k.unlinked_at is null and k.user_id in (${members})
         and o.placed_at < ${at}::timestamptz and o.kind in ('sale', 'return')
         and (o.cancelled_at is null or o.cancelled_at >= ${at}::timestamptz)
       group by k.user_id, o.id`;
    merge(
      await sqlRows<Row>(
        tx,
        sql`select user_id,
              max(last_at) as last_at, min(first_at) as first_at,
              (count(*) filter (where sold and day >= ${year}::date))::int as purchase_days,
              sum(power(0.5, greatest(1, ${at.slice(0, 10)}::date - day)
                             / ${FREQUENCY_HALF_LIFE_DAYS}::float8)) filter (where sold)
                as decayed_days,
              sum(sales) filter (where day >= ${year}::date) as sales,
              sum(returned) filter (where day >= ${year}::date) as returned,
              (count(distinct date_trunc('month', day)) filter (where sold and day >= ${halfYear}::date))::int
                as active_months
            from (
              select user_id, day,
                     bool_or(kind = 'sale') as sold,
                     max(placed_at) filter (where kind = 'sale') as last_at,
                     min(placed_at) filter (where kind = 'sale') as first_at,
                     sum(net) filter (where kind = 'sale') as sales,
                     -sum(net) filter (where kind = 'return') as returned
                from (${orders}) ord
               group by user_id, day
            ) days
           group by user_id`,
      ),
    );
    merge(
      await sqlRows<Row>(
        tx,
        sql`select k.user_id, count(distinct l.sku)::int as products
              from member_customer_links k
              join orders o on o.customer_id = k.customer_id
              join order_lines l on l.order_id = o.id
             where k.unlinked_at is null and k.user_id in (${members})
               and o.kind = 'sale' and o.placed_at < ${at}::timestamptz
               and o.placed_at >= ${year}::timestamptz
               and (o.cancelled_at is null or o.cancelled_at >= ${at}::timestamptz)
               and l.line_kind = 'product' and l.quantity > 0 and l.duplicate_of is null
             group by k.user_id`,
      ),
    );
  }
  if (loyalty) {
    merge(
      await sqlRows<Row>(
        tx,
        sql`select distinct on (k.user_id) k.user_id, t.rank as tier_rank, t.name as tier_name
              from member_customer_links k
              join loyalty_accounts a on a.customer_id = k.customer_id
              join loyalty_tiers t on t.code = a.tier_code
             where k.unlinked_at is null and k.user_id in (${members})
             order by k.user_id, t.rank desc`,
      ),
    );
  }
  if (community || reviews) {
    merge(
      await sqlRows<Row>(
        tx,
        sql`select a.user_id,
              count(*) filter (where a.kind = 'answer_accepted')::int as accepted_answers,
              count(*) filter (where a.kind = 'reaction_received')::int as reactions_received,
              count(*) filter (where a.kind in ('post_published', 'comment_published')
                                 and a.occurred_at >= ${year}::timestamptz)::int as contributions,
              count(*) filter (where a.kind = 'review')::int as reviews
            from member_activity a
           where a.user_id in (${members})
             and a.occurred_at < ${at}::timestamptz
             and (a.withdrawn_at is null or a.withdrawn_at >= ${at}::timestamptz)
             and a.kind in ('answer_accepted', 'reaction_received', 'post_published',
                            'comment_published', 'review')
           group by a.user_id`,
      ),
    );
  }
  if (social) {
    const consenting = sql`select u.id from users u
      where ${candidateFilter(scope)} and ${consentInForce(sql`u.id`, 'social_import')}`;
    merge(
      await sqlRows<Row>(
        tx,
        sql`select p.user_id, sum(p.followers) as followers,
              coalesce(sum(m.total), 0)::int as mentions_total,
              coalesce(sum(m.positive), 0)::int as mentions_positive
            from social_profiles p
            left join (
              select profile_id, count(*) as total,
                     count(*) filter (where sentiment = 'positive') as positive
                from mentions
               where posted_at < ${at}::timestamptz and posted_at >= ${year}::timestamptz
               group by profile_id
            ) m on m.profile_id = p.id
           where p.user_id in (${consenting})
           group by p.user_id`,
      ),
    );
  }

  return [...rows.values()].map((row) => {
    const inputs = Object.fromEntries(FEATURES.map((f) => [f, null])) as Inputs;
    const set = (feature: Feature, value: number | null) => {
      inputs[feature] = value;
    };
    if (purchases && row.last_at !== null) {
      const last = new Date(row.last_at).getTime();
      const first = new Date(row.first_at!).getTime();
      const sales = num(row.sales) ?? 0;
      const returned = Math.max(0, num(row.returned) ?? 0);
      set('recency_days', Math.max(0, (asOf.getTime() - last) / DAY_MS));
      set('tenure_days', Math.max(0, (asOf.getTime() - first) / DAY_MS));
      set('purchase_frequency', num(row.decayed_days));
      set('spend', Math.max(0, sales - returned));
      set('product_breadth', row.products ?? 0);
      set('active_months', row.active_months ?? 0);
      set('return_share', sales > 0 ? Math.min(1, returned / sales) : null);
    }
    if (loyalty) {
      set('loyalty_tier', row.tier_rank === null ? null : Number(row.tier_rank));
    }
    if (community) {
      set('accepted_answers', row.accepted_answers ?? 0);
      set('reactions_received', row.reactions_received ?? 0);
      set('contributions', row.contributions ?? 0);
    }
    if (reviews) {
      set('reviews', row.reviews ?? 0);
    }
    if (social && row.mentions_total !== null) {
      set('social_reach', num(row.followers));
      set(
        'mention_sentiment',
        row.mentions_total > 0 ? (row.mentions_positive ?? 0) / row.mentions_total : null,
      );
    }
    return {
      userId: row.user_id,
      region: row.region,
      regionName: row.region_name,
      inputs,
      details: {
        loyaltyTierName: row.tier_name,
        mentionsPositive: row.mentions_positive ?? 0,
        mentionsTotal: row.mentions_total ?? 0,
        purchaseDays: row.purchase_days ?? 0,
      },
    };
  });
}
