/**
 * Identity resolution: which customer records are which member. A member is joined to a
 * customer record only by
 *
 * - `verified_email`: the member's e-mail address is verified and equals the customer's
 *   (compared without case). An unverified address never joins anything;
 * - `loyalty_id`: the customer carries the loyalty id of a loyalty account that belongs to a
 *   customer record already joined to the member (the same person in the CRM and the shop);
 * - `explicit`: an admin joined them.
 *
 * Several customer records on one member is a merge; closing one link is an unmerge, and the
 * automatic rules never join that pair again. Every join and unjoin is in the audit log, names
 * its rule, and is announced to partners (`customer.linked`, `customer.unlinked`).
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { auditLog } from '../../core/audit/audit.table.js';
import { users } from '../../accounts/accounts.table.js';
import { canonicalUsername } from '../../accounts/username.js';
import { customers, memberCustomerLinks, type LinkRule } from '../integrations.table.js';
import { emitEvent } from '../outbound/outbox.js';
import { sqlRows } from '../../core/db/database.js';

/** One join made. */
export interface MadeLink {
  linkId: string;
  userId: string;
  customerId: string;
  rule: LinkRule;
}

/** Who asked for a change, for the audit log. */
export interface Actor {
  userId: string | null;
  requestId?: string | null;
  ip?: string | null;
}

const SYSTEM: Actor = { userId: null };

/**
 * Applies the automatic rules to the whole tenant (or to one member) and records each join.
 * Safe to run at any time and as often as wanted: it only adds what is missing. Returns the
 * joins made and the ids of the outbox events to queue after commit.
 */
export async function matchMembersToCustomers(
  tx: Orm,
  tenantId: string,
  options: { userId?: string; customerIds?: readonly string[] } = {},
): Promise<{ links: MadeLink[]; eventIds: string[] }> {
  const made: MadeLink[] = [];
  const eventIds: string[] = [];
  // Loyalty links can chain (CRM → loyalty account → shop record); a few rounds settle them.
  for (let round = 0; round < 4; round += 1) {
    const byEmail = round === 0 ? await linkByVerifiedEmail(tx, tenantId, options) : [];
    // A chain may reach records beyond the ones named, so later rounds look at all of them.
    const byLoyalty = await linkByLoyaltyId(
      tx,
      tenantId,
      round === 0 ? options : { userId: options.userId },
    );
    const fresh = [...byEmail, ...byLoyalty];
    if (fresh.length === 0) {
      break;
    }
    for (const link of fresh) {
      eventIds.push(await announce(tx, tenantId, link, SYSTEM, 'customers.link'));
    }
    made.push(...fresh);
  }
  return { links: made, eventIds };
}

/** Narrows matching to one member or to some customer records (those just written). */
interface MatchScope {
  userId?: string | undefined;
  customerIds?: readonly string[] | undefined;
}

function customerScope(column: SQL, scope: MatchScope): SQL {
  return scope.customerIds === undefined
    ? sql``
    : sql`and ${column} = any(${sql.param([...scope.customerIds])}::uuid[])`;
}

async function linkByVerifiedEmail(
  tx: Orm,
  tenantId: string,
  scope: MatchScope,
): Promise<MadeLink[]> {
  const { userId } = scope;
  return sqlRows<MadeLink>(
    tx,
    sql`insert into member_customer_links (tenant_id, user_id, customer_id, rule)
      select ${tenantId}, u.id, c.id, 'verified_email'
        from users u
        join customers c on c.email_key = lower(u.email)
       where u.email_verified_at is not null and u.status <> 'deleted'
         ${userId === undefined ? sql`` : sql`and u.id = ${userId}`}
         ${customerScope(sql`c.id`, scope)}
         and not exists (select 1 from member_customer_links l
                          where l.customer_id = c.id
                            and (l.unlinked_at is null or l.user_id = u.id))
      on conflict do nothing
      returning id as "linkId", user_id as "userId", customer_id as "customerId", rule`,
  );
}

async function linkByLoyaltyId(tx: Orm, tenantId: string, scope: MatchScope): Promise<MadeLink[]> {
  const { userId } = scope;
  return sqlRows<MadeLink>(
    tx,
    sql`insert into member_customer_links (tenant_id, user_id, customer_id, rule)
      select distinct on (c.id) ${tenantId}, l.user_id, c.id, 'loyalty_id'
        from member_customer_links l
        join loyalty_accounts a on a.customer_id = l.customer_id
        join customers c on c.loyalty_id = a.external_id and c.id <> l.customer_id
       where l.unlinked_at is null
         ${userId === undefined ? sql`` : sql`and l.user_id = ${userId}`}
         ${customerScope(sql`c.id`, scope)}
         and not exists (select 1 from member_customer_links x
                          where x.customer_id = c.id
                            and (x.unlinked_at is null or x.user_id = l.user_id))
       order by c.id, l.linked_at
      on conflict do nothing
      returning id as "linkId", user_id as "userId", customer_id as "customerId", rule`,
  );
}

/** An admin joins a customer record to a member (a merge when the member has others). */
export async function linkExplicitly(
  tx: Orm,
  tenantId: string,
  customerId: string,
  username: string,
  actor: Actor,
): Promise<{ link: MadeLink; eventId: string }> {
  const [member] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.usernameKey, canonicalUsername(username)), sql`status <> 'deleted'`));
  if (member === undefined) {
    throw new GuildError('not_found', `No member is called "${username}".`);
  }
  const [customer] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (customer === undefined) {
    throw new GuildError('not_found', 'No such customer.');
  }
  const [current] = await tx
    .select({ userId: memberCustomerLinks.userId })
    .from(memberCustomerLinks)
    .where(
      and(eq(memberCustomerLinks.customerId, customerId), isNull(memberCustomerLinks.unlinkedAt)),
    );
  if (current !== undefined) {
    throw new GuildError(
      'customer_already_linked',
      current.userId === member.id
        ? 'This customer is already joined to that member.'
        : 'This customer is joined to another member; unlink it first.',
    );
  }
  const [row] = await tx
    .insert(memberCustomerLinks)
    .values({ tenantId, userId: member.id, customerId, rule: 'explicit', linkedBy: actor.userId })
    .returning({ linkId: memberCustomerLinks.id });
  if (row === undefined) {
    throw new Error('the link was not written');
  }
  const link: MadeLink = { linkId: row.linkId, userId: member.id, customerId, rule: 'explicit' };
  return { link, eventId: await announce(tx, tenantId, link, actor, 'customers.link') };
}

/** Closes a link (an unmerge); the automatic rules will not join that pair again. */
export async function unlink(
  tx: Orm,
  tenantId: string,
  linkId: string,
  reason: string,
  actor: Actor,
): Promise<{ eventId: string }> {
  const [closed] = await tx
    .update(memberCustomerLinks)
    .set({ unlinkedAt: sql`now()`, unlinkedBy: actor.userId, unlinkReason: reason })
    .where(and(eq(memberCustomerLinks.id, linkId), isNull(memberCustomerLinks.unlinkedAt)))
    .returning();
  if (closed === undefined) {
    throw new GuildError('not_found', 'No such open link.');
  }
  const link: MadeLink = {
    linkId: closed.id,
    userId: closed.userId,
    customerId: closed.customerId,
    rule: closed.rule,
  };
  return { eventId: await announce(tx, tenantId, link, actor, 'customers.unlink', reason) };
}

async function announce(
  tx: Orm,
  tenantId: string,
  link: MadeLink,
  actor: Actor,
  action: 'customers.link' | 'customers.unlink',
  reason?: string,
): Promise<string> {
  const [customer] = await tx
    .select({ externalId: customers.externalId })
    .from(customers)
    .where(eq(customers.id, link.customerId));
  await tx.insert(auditLog).values({
    tenantId,
    actorId: actor.userId,
    action,
    targetType: 'customer',
    targetId: link.customerId,
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
    details: {
      memberId: link.userId,
      rule: link.rule,
      automatic: actor.userId === null,
      ...(reason === undefined ? {} : { reason }),
    },
  });
  return emitEvent(
    tx,
    tenantId,
    action === 'customers.link' ? 'customer.linked' : 'customer.unlinked',
    {
      memberId: link.userId,
      customerExternalId: customer?.externalId ?? null,
      rule: link.rule,
      ...(reason === undefined ? {} : { reason }),
    },
  );
}
