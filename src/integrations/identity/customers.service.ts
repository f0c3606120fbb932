/**
 * The admin's view of customer records: a search over them, and one customer joined with the
 * member(s) it belongs to, its orders, its loyalty accounts and the mentions of its social
 * profiles.
 */
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { decodeCursor, pageOf } from '../../core/http/pagination.js';

export interface CustomerListItem {
  id: string;
  externalId: string;
  email: string | null;
  name: string | null;
  country: string | null;
  orderCount: number;
  linkedMember: { id: string; username: string; displayName: string } | null;
}

interface ListRow extends Omit<CustomerListItem, 'linkedMember'> {
  createdAt: Date;
  memberId: string | null;
  username: string | null;
  displayName: string | null;
}

/** Customers matching `q` (e-mail prefix, exact external id, or part of the name), newest first. */
export async function listCustomers(
  tx: Orm,
  page: { q?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: CustomerListItem[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const q = page.q?.trim() ?? '';
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await sqlRows<ListRow>(
    tx,
    sql`select c.id, c.external_id as "externalId", c.email,
          nullif(trim(concat_ws(' ', c.first_name, c.last_name)), '') as name, c.country,
          c.created_at as "createdAt",
          (select count(*)::int from orders o where o.customer_id = c.id) as "orderCount",
          u.id as "memberId", u.username, u.display_name as "displayName"
        from customers c
        left join member_customer_links l on l.customer_id = c.id and l.unlinked_at is null
        left join users u on u.id = l.user_id
       where true
         ${
           q === ''
             ? sql``
             : sql`and (c.external_id = ${q} or c.email_key like ${`${escaped.toLowerCase()}%`}
                 or concat_ws(' ', c.first_name, c.last_name) ilike ${`%${escaped}%`})`
         }
         ${
           after === null
             ? sql``
             : sql`and (c.created_at, c.id) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
         }
       order by c.created_at desc, c.id desc
       limit ${page.limit + 1}`,
  );
  const paged = pageOf(rows, page.limit, (row) => ({ at: new Date(row.createdAt), id: row.id }));
  return {
    nextCursor: paged.nextCursor,
    items: paged.items.map((row) => ({
      id: row.id,
      externalId: row.externalId,
      email: row.email,
      name: row.name,
      country: row.country,
      orderCount: row.orderCount,
      linkedMember:
        row.memberId === null
          ? null
          : { id: row.memberId, username: row.username ?? '', displayName: row.displayName ?? '' },
    })),
  };
}

/** One customer with everything Guild knows of them. */
export async function customerDetail(tx: Orm, customerId: string) {
  const [customer] = await sqlRows<{
    id: string;
    externalId: string;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    country: string | null;
    regionCode: string | null;
    consentEmail: boolean | null;
    consentSms: boolean | null;
    loyaltyId: string | null;
    source: string;
    createdAt: Date;
  }>(
    tx,
    sql`select id, external_id as "externalId", email, first_name as "firstName",
          last_name as "lastName", country, region_code as "regionCode",
          consent_email as "consentEmail", consent_sms as "consentSms",
          loyalty_id as "loyaltyId", source, created_at as "createdAt"
        from customers where id = ${customerId}`,
  );
  if (customer === undefined) {
    throw new GuildError('not_found', 'No such customer.');
  }
  const links = await sqlRows<{
    id: string;
    rule: 'verified_email' | 'loyalty_id' | 'explicit';
    linkedAt: Date;
    memberId: string;
    username: string;
    displayName: string;
  }>(
    tx,
    sql`select l.id, l.rule, l.linked_at as "linkedAt", u.id as "memberId", u.username,
          u.display_name as "displayName"
        from member_customer_links l join users u on u.id = l.user_id
       where l.customer_id = ${customerId} and l.unlinked_at is null
       order by l.linked_at`,
  );
  const [totals] = await sqlRows<{
    count: number;
    net: string | null;
    currency: string | null;
    lastOrderAt: Date | null;
  }>(
    tx,
    sql`select count(*)::int as count,
          (select sum(l.quantity * l.unit_price)::numeric(20, 2)::text
             from order_lines l join orders o2 on o2.id = l.order_id
            where o2.customer_id = ${customerId}) as net,
          mode() within group (order by o.currency) as currency,
          max(o.placed_at) as "lastOrderAt"
        from orders o where o.customer_id = ${customerId}`,
  );
  const recentOrders = await sqlRows<{
    id: string;
    externalId: string;
    kind: 'sale' | 'return' | 'adjustment';
    placedAt: Date;
    lineCount: number;
    net: string;
  }>(
    tx,
    sql`select o.id, o.external_id as "externalId", o.kind, o.placed_at as "placedAt",
          count(l.line_key)::int as "lineCount",
          coalesce(sum(l.quantity * l.unit_price), 0)::numeric(20, 2)::text as net
        from orders o left join order_lines l on l.order_id = o.id
       where o.customer_id = ${customerId}
       group by o.id order by o.placed_at desc limit 10`,
  );
  const loyalty = await sqlRows<{
    id: string;
    externalId: string;
    tierCode: string | null;
    pointsBalance: number;
  }>(
    tx,
    sql`select id, external_id as "externalId", tier_code as "tierCode",
          points_balance::float8 as "pointsBalance"
        from loyalty_accounts
       where customer_id = ${customerId}
          or (${customer.loyaltyId}::text is not null and external_id = ${customer.loyaltyId})`,
  );
  const loyaltyEvents = await sqlRows<{
    accountId: string;
    kind: string;
    points: number;
    occurredAt: Date;
    reason: string | null;
  }>(
    tx,
    sql`select account_id as "accountId", kind, points::float8 as points,
          occurred_at as "occurredAt", reason
        from (select e.*, row_number() over (partition by account_id order by occurred_at desc) n
                from loyalty_events e
               where account_id in (select unnest(${sql.param(loyalty.map((a) => a.id))}::uuid[]))) t
       where n <= 10 order by occurred_at desc`,
  );
  const [mentionCount] = await sqlRows<{ count: number }>(
    tx,
    sql`select count(*)::int as count from mentions m
          join social_profiles p on p.id = m.profile_id where p.customer_id = ${customerId}`,
  );
  const recentMentions = await sqlRows<{
    platform: string;
    authorHandle: string | null;
    body: string;
    postedAt: Date;
    sentiment: string | null;
    reach: number | null;
  }>(
    tx,
    sql`select m.platform, m.author_handle as "authorHandle", m.body, m.posted_at as "postedAt",
          m.sentiment, m.reach
        from mentions m join social_profiles p on p.id = m.profile_id
       where p.customer_id = ${customerId} order by m.posted_at desc limit 10`,
  );
  const iso = (value: Date | string) => new Date(value).toISOString();
  return {
    id: customer.id,
    externalId: customer.externalId,
    email: customer.email,
    firstName: customer.firstName,
    lastName: customer.lastName,
    country: customer.country,
    regionCode: customer.regionCode,
    consent: { email: customer.consentEmail, sms: customer.consentSms },
    loyaltyId: customer.loyaltyId,
    source: customer.source,
    createdAt: iso(customer.createdAt),
    links: links.map((link) => ({
      id: link.id,
      rule: link.rule,
      linkedAt: iso(link.linkedAt),
      member: { id: link.memberId, username: link.username, displayName: link.displayName },
    })),
    orders: {
      count: totals?.count ?? 0,
      netRevenue: totals?.net ?? '0.00',
      currency: totals?.currency ?? null,
      lastOrderAt: totals?.lastOrderAt ? iso(totals.lastOrderAt) : null,
      recent: recentOrders.map((order) => ({ ...order, placedAt: iso(order.placedAt) })),
    },
    loyalty: loyalty.map((account) => ({
      externalId: account.externalId,
      tierCode: account.tierCode,
      pointsBalance: account.pointsBalance,
      recentEvents: loyaltyEvents
        .filter((event) => event.accountId === account.id)
        .map((event) => ({
          kind: event.kind,
          points: event.points,
          occurredAt: iso(event.occurredAt),
          reason: event.reason,
        })),
    })),
    mentions: {
      count: mentionCount?.count ?? 0,
      recent: recentMentions.map((mention) => ({ ...mention, postedAt: iso(mention.postedAt) })),
    },
  };
}

export type CustomerDetail = Awaited<ReturnType<typeof customerDetail>>;
