/**
 * Erasure of one member (GDPR art. 17, CCPA delete; PRV-06), in one transaction: it happens
 * whole or not at all.
 *
 * - The account stays as a pseudonymous row ("Former member"), so the points ledger keeps its
 *   totals and other members' reactions and votes still add up; it can no longer sign in and its
 *   username is free for anyone.
 * - The member's own posts and comments are erased (title, text, rendered HTML, search text and
 *   revisions), not merely unlinked; their moderation records lose the text they held.
 * - Other people's text is rewritten where it names or quotes the member (case priv-01):
 *   @mentions become plain "a former member" with no link, quotes are removed, names, e-mail
 *   addresses and handles are replaced. Posts are re-rendered, so search finds nothing.
 * - Sessions, tokens, notifications, follows, e-mails, stored answers and exports are deleted;
 *   social handles, CRM fields and free-text notes are blanked; consents are withdrawn and lose
 *   their IP address; records nobody may change (signatures, survey answers) are blanked by a
 *   database function written for this alone; audit entries about the member keep their place
 *   in the chain but lose their personal parts.
 * - Connected systems hear of it through the outbox (`member.erased`, with customer and
 *   loyalty ids only), and the erasure itself is recorded (`erasures`, the audit log).
 */
import { sql, type SQL } from 'drizzle-orm';
import { pseudonymiseAccount } from '../../accounts/accounts.service.js';
import { renderBody } from '../../community/mentions.js';
import { recordAuditAs, type AuditOrigin } from '../../core/audit/audit.js';
import { blankAuditPersonal } from '../../core/audit/chain.js';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { emitEvent } from '../../integrations/outbound/outbox.js';
import { Redactor } from './redact.js';

export interface ErasureResult {
  erasureId: string;
  userId: string;
  /** What each step changed: rows per table. */
  steps: Record<string, number>;
  /** The outbox event telling connected systems. */
  eventId: string;
}

/** Other people's text that may name or quote the member: table, key and columns. */
interface TextTable {
  table: string;
  key: string;
  text: string[];
  json: string[];
  /** Only rows with a blockquote can quote the member without naming them. */
  quotes?: boolean;
}

const OTHERS_TEXT: TextTable[] = [
  { table: 'posts', key: 'id', text: ['title', 'body_md'], json: [], quotes: true },
  { table: 'post_revisions', key: 'id', text: ['title', 'body_md'], json: [], quotes: true },
  { table: 'comments', key: 'id', text: ['body_md'], json: [], quotes: true },
  { table: 'comment_revisions', key: 'id', text: ['body_md'], json: [], quotes: true },
  { table: 'reviews', key: 'id', text: ['title', 'body'], json: [], quotes: true },
  { table: 'moderation_checks', key: 'id', text: ['author_message'], json: ['payload', 'spans'] },
  { table: 'review_items', key: 'id', text: ['summary', 'decision_note'], json: ['payload'] },
  { table: 'moderation_labels', key: 'id', text: ['text'], json: [] },
  { table: 'outbox_events', key: 'id', text: [], json: ['payload'] },
  { table: 'webhook_events', key: 'id', text: ['last_error'], json: ['payload'] },
  { table: 'mentions', key: 'id', text: ['body', 'author_handle'], json: [] },
  { table: 'activity_events', key: 'id', text: [], json: ['properties'] },
  { table: 'gaming_findings', key: 'id', text: ['summary', 'clear_note'], json: ['evidence'] },
  { table: 'member_risk_flags', key: 'id', text: ['reason'], json: [] },
  { table: 'ambassador_submissions', key: 'id', text: ['text'], json: ['media'] },
  { table: 'ambassador_score_reviews', key: 'id', text: ['message', 'response'], json: [] },
  {
    table: 'reward_redemptions',
    key: 'id',
    text: ['member_note', 'fulfilment_note', 'decision_note'],
    json: [],
  },
  { table: 'idempotent_requests', key: 'key', text: [], json: ['response_body'] },
  { table: 'outbound_emails', key: 'id', text: ['subject', 'body_text'], json: [] },
  { table: 'import_jobs', key: 'id', text: ['failure'], json: ['summary'] },
  { table: 'privacy_requests', key: 'id', text: ['note'], json: [] },
];

const BATCH = 500;

function likeAny(column: SQL, terms: string[]): SQL {
  const patterns = terms.map((term) => `%${term.replace(/[\\%_]/g, '\\$&')}%`);
  return sql`${column} ilike any(${sql.param(patterns)}::text[])`;
}

async function count(tx: Orm, statement: SQL): Promise<number> {
  const rows = await sqlRows<Record<string, unknown>>(tx, statement);
  return rows.length;
}

async function tableExists(tx: Orm, table: string): Promise<boolean> {
  const [row] = await sqlRows<{ found: boolean }>(
    tx,
    sql`select to_regclass(${`public.${table}`}) is not null as found`,
  );
  return row?.found ?? false;
}

/** Rewrites the rows of one table that name or quote the member; returns how many changed. */
async function rewriteOthers(tx: Orm, redactor: Redactor, terms: string[], spec: TextTable) {
  if (!(await tableExists(tx, spec.table))) {
    return 0;
  }
  const table = sql.identifier(spec.table);
  const key = sql.identifier(spec.key);
  const columns = [...spec.text, ...spec.json];
  const matches = columns.map((column) => {
    const cast = spec.json.includes(column)
      ? sql`${sql.identifier(column)}::text`
      : sql`${sql.identifier(column)}`;
    const named = likeAny(cast, terms);
    return spec.quotes ? sql`(${named} or ${cast} ~ '(^|\n)[ \t]*>')` : named;
  });
  let changed = 0;
  let after = '';
  for (;;) {
    const rows = await sqlRows<Record<string, unknown>>(
      tx,
      sql`select ${key}::text as row_key, ${sql.join(
        columns.map((column) => sql.identifier(column)),
        sql`, `,
      )}
          from ${table}
          where (${sql.join(matches, sql` or `)}) and ${key}::text > ${after}
          order by ${key}::text
          limit ${BATCH}`,
    );
    for (const row of rows) {
      const sets: SQL[] = [];
      for (const column of spec.text) {
        const value = row[column];
        if (typeof value === 'string' && redactor.touches(value)) {
          sets.push(sql`${sql.identifier(column)} = ${redactor.rewrite(value)}`);
        }
      }
      for (const column of spec.json) {
        const value = row[column];
        if (value !== null && value !== undefined) {
          const rewritten = redactor.rewriteJson(value);
          if (JSON.stringify(rewritten) !== JSON.stringify(value)) {
            sets.push(sql`${sql.identifier(column)} = ${JSON.stringify(rewritten)}::jsonb`);
          }
        }
      }
      if (sets.length > 0) {
        changed += 1;
        await tx.execute(
          sql`update ${table} set ${sql.join(sets, sql`, `)} where ${key}::text = ${row.row_key}`,
        );
        if (spec.table === 'posts' || spec.table === 'comments') {
          await rerender(tx, spec.table, String(row.row_key));
        }
      }
    }
    if (rows.length < BATCH) {
      return changed;
    }
    after = String(rows.at(-1)!.row_key);
  }
}

/** Renders a rewritten post or comment again, so its HTML, excerpt and search text follow. */
async function rerender(tx: Orm, table: 'posts' | 'comments', id: string): Promise<void> {
  const [row] = await sqlRows<{ body_md: string }>(
    tx,
    sql`select body_md from ${sql.identifier(table)} where id = ${id}`,
  );
  if (!row) {
    return;
  }
  const rendered = await renderBody(tx, row.body_md);
  if (table === 'posts') {
    await tx.execute(
      sql`update posts set body_html = ${rendered.html}, excerpt = ${rendered.excerpt},
            body_text = ${rendered.text} where id = ${id}`,
    );
  } else {
    await tx.execute(sql`update comments set body_html = ${rendered.html} where id = ${id}`);
  }
}

interface Identity {
  usernames: string[];
  terms: string[];
  texts: string[];
  customers: { id: string; externalId: string; loyaltyId: string | null }[];
}

/** Everything that names the member, read before anything is changed. */
async function identityOf(tx: Orm, userId: string): Promise<Identity | null> {
  const [user] = await sqlRows<{
    username: string;
    display_name: string;
    email: string;
    status: string;
  }>(tx, sql`select username, display_name, email, status from users where id = ${userId}`);
  if (!user) {
    return null;
  }
  const handles = await sqlRows<{ handle: string }>(
    tx,
    sql`select handle from social_profiles where user_id = ${userId}`,
  );
  const emails = await sqlRows<{ email: string }>(
    tx,
    sql`select distinct email from email_verifications where user_id = ${userId}`,
  );
  const customers = await sqlRows<{
    id: string;
    external_id: string;
    loyalty_id: string | null;
    email: string | null;
    first_name: string | null;
    last_name: string | null;
  }>(
    tx,
    sql`select c.id, c.external_id, c.loyalty_id, c.email, c.first_name, c.last_name
        from customers c join member_customer_links l on l.customer_id = c.id
        where l.user_id = ${userId}`,
  );
  const texts = await sqlRows<{ text: string }>(
    tx,
    sql`select title || E'\n' || body_md as text from posts where author_id = ${userId}
        union all select body_md from comments where author_id = ${userId}
        union all select title || E'\n' || body from reviews where author_id = ${userId}`,
  );
  // A display name is replaced in other people's text only when it is distinctive (two words,
  // or six letters or more): "Sam" alone would rewrite every Sam in the community.
  const displayName = user.display_name.trim();
  const distinctive = /\s/.test(displayName) || displayName.length >= 6;
  const terms = [
    user.email,
    ...emails.map((row) => row.email),
    ...handles.map((row) => row.handle.replace(/^@/, '')),
    ...(distinctive ? [displayName] : []),
    ...customers.flatMap((c) => [
      c.email ?? '',
      c.first_name && c.last_name ? `${c.first_name} ${c.last_name}` : '',
    ]),
  ].filter((term) => term.length >= 3);
  return {
    usernames: [user.username],
    terms,
    texts: texts.map((row) => row.text),
    customers: customers.map((c) => ({
      id: c.id,
      externalId: c.external_id,
      loyaltyId: c.loyalty_id,
    })),
  };
}

/** The erasure of a member done already, if any. */
export async function erasureOf(tx: Orm, userId: string): Promise<string | null> {
  const [row] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from erasures where user_id = ${userId}`,
  );
  return row?.id ?? null;
}

/** Erases `userId` for good. Refuses a member erased already (`erasure_in_progress`). */
export async function eraseMember(
  tx: Orm,
  userId: string,
  origin: AuditOrigin,
  requestId: string | null = null,
): Promise<ErasureResult> {
  const identity = await identityOf(tx, userId);
  if (!identity) {
    throw new GuildError('not_found', 'No such member.');
  }
  const [done] = await sqlRows<{ id: string }>(
    tx,
    sql`select id from erasures where user_id = ${userId}`,
  );
  if (done) {
    throw new GuildError('erasure_in_progress', 'This member was erased already.');
  }
  const [lastAdmin] = await sqlRows<{ last: boolean }>(
    tx,
    sql`select u.role = 'admin' and not exists (
              select 1 from users o where o.role = 'admin' and o.status = 'active' and o.id <> u.id)
            as last
          from users u where u.id = ${userId}`,
  );
  if (lastAdmin?.last) {
    throw new GuildError(
      'conflict',
      'This is the community’s only admin: make someone else an admin before erasing them.',
    );
  }
  const steps: Record<string, number> = {};
  const step = async (name: string, statement: SQL) => {
    steps[name] = await count(tx, statement);
  };
  const own = sql`author_id = ${userId}`;

  // The member's own words.
  await step(
    'post_revisions',
    sql`delete from post_revisions where post_id in (select id from posts where ${own}) returning id`,
  );
  await step(
    'comment_revisions',
    sql`delete from comment_revisions
        where comment_id in (select id from comments where ${own}) returning id`,
  );
  await step(
    'posts',
    sql`update posts set title = '[removed]', body_md = '', body_html = '', excerpt = '',
          body_text = '', tags = '{}', deleted_at = coalesce(deleted_at, now())
        where ${own} returning id`,
  );
  await step(
    'comments',
    sql`update comments set body_md = '', body_html = '', deleted_at = coalesce(deleted_at, now())
        where ${own} returning id`,
  );
  await step('reviews', sql`update reviews set title = '', body = '' where ${own} returning id`);
  await step(
    'moderation_checks',
    sql`update moderation_checks set payload = null, spans = '[]', author_message = null
        where ${own} returning id`,
  );
  await step(
    'review_items',
    sql`update review_items set summary = '', payload = '{}' where ${own} returning id`,
  );
  const ownTexts = identity.texts.filter((text) => text.trim() !== '');
  if (ownTexts.length > 0) {
    await step(
      'moderation_labels',
      sql`delete from moderation_labels where text = any(${sql.param(ownTexts)}::text[]) returning id`,
    );
  }

  // Other people's words that name or quote the member.
  const redactor = new Redactor({
    usernames: identity.usernames,
    terms: identity.terms,
    texts: identity.texts,
  });
  const terms = [...identity.usernames, ...identity.terms];
  for (const spec of OTHERS_TEXT) {
    steps[`rewritten:${spec.table}`] = await rewriteOthers(tx, redactor, terms, spec);
  }

  // Everything kept about the member as a person.
  const member = sql`user_id = ${userId}`;
  await step('sessions', sql`delete from sessions where ${member} returning id`);
  await step('password_resets', sql`delete from password_resets where ${member} returning id`);
  await step(
    'email_verifications',
    sql`delete from email_verifications where ${member} returning id`,
  );
  await step(
    'sign_in_failures',
    sql`delete from sign_in_failures where lower(email) = lower(${identity.terms[0] ?? ''})
        returning id`,
  );
  await step('notifications', sql`delete from notifications where ${member} returning id`);
  await step(
    'follows',
    sql`delete from follows where ${member} or (target_type = 'user' and target_id = ${userId})
        returning user_id`,
  );
  await step('outbound_emails', sql`delete from outbound_emails where ${member} returning id`);
  await step(
    'idempotent_requests',
    sql`delete from idempotent_requests where created_by = ${userId} returning key`,
  );
  if (await tableExists(tx, 'privacy_exports')) {
    await step('privacy_exports', sql`delete from privacy_exports where ${member} returning id`);
  }
  await step(
    'consents',
    sql`update consents set ip = null, user_agent = null,
          withdrawn_at = coalesce(withdrawn_at, now()),
          withdrawal_channel = coalesce(withdrawal_channel, 'system')
        where ${member} returning id`,
  );
  await step(
    'mentions',
    sql`update mentions set body = '', author_handle = null
        where profile_id in (select id from social_profiles where ${member}) returning id`,
  );
  await step(
    'social_profiles',
    sql`update social_profiles set handle = 'erased-' || left(id::text, 8),
          handle_key = 'erased-' || id::text, user_id = null, customer_id = null
        where ${member} returning id`,
  );
  const customerIds = identity.customers.map((customer) => customer.id);
  if (customerIds.length > 0) {
    await step(
      'customers',
      sql`update customers set email = null, email_key = null, first_name = null,
            last_name = null, updated_at = now()
          where id = any(${sql.param(customerIds)}::uuid[]) returning id`,
    );
  }
  await step(
    'member_customer_links',
    sql`update member_customer_links set unlinked_at = now(), unlinked_by = ${origin.actorId},
          unlink_reason = 'erasure'
        where ${member} and unlinked_at is null returning id`,
  );
  await step(
    'ambassador_scores',
    sql`delete from ambassador_scores where ${member} returning user_id`,
  );
  await step(
    'ambassadors',
    sql`update ambassadors set application_message = null where ${member} returning id`,
  );
  await step(
    'ambassador_submissions',
    sql`update ambassador_submissions s set text = '', links = '{}', media = '[]'
        from ambassador_assignments a
        where s.assignment_id = a.id and a.user_id = ${userId} returning s.id`,
  );
  await step(
    'ambassador_score_reviews',
    sql`update ambassador_score_reviews set message = '' where ${member} returning id`,
  );
  await step(
    'reward_redemptions',
    sql`update reward_redemptions set member_note = null, fulfilment_note = null
        where ${member} returning id`,
  );
  await step(
    'ambassador_contracts',
    sql`update ambassador_contracts set signed_ip = null, signed_user_agent = null,
          status = case status when 'offered' then 'withdrawn' when 'signed' then 'terminated'
                              else status end,
          end_reason = case when status in ('offered', 'signed') then 'member erased'
                            else end_reason end,
          ended_at = case when status in ('offered', 'signed') then now() else ended_at end,
          ended_by = case when status in ('offered', 'signed') then ${origin.actorId}::uuid
                          else ended_by end
        where ${member} returning id`,
  );
  // Nothing of theirs is left to decide: their open items leave the review queue, and the
  // rights to reuse their content end.
  await step(
    'review_queue',
    sql`update review_items set status = 'resolved', decision_reason = 'member_erased',
          resolved_by = ${origin.actorId}, resolved_at = now()
        where ${own} and status = 'open' returning id`,
  );
  await step(
    'content_rights',
    sql`update content_rights r set expired_at = coalesce(r.expired_at, now())
          from content_submissions s
         where r.submission_id = s.id and s.author_id = ${userId} and r.expired_at is null
        returning r.id`,
  );
  await step(
    'privacy_requests',
    sql`update privacy_requests set status = 'completed', closed_at = now(),
          closed_by = ${origin.actorId}, updated_at = now()
        where ${member} and status not in ('completed', 'refused')
          and (${requestId}::uuid is null or id <> ${requestId}::uuid)
        returning id`,
  );
  await tx.execute(sql`select guild_erase_member_records(${userId}::uuid)`);
  steps.audit_log = await blankAuditPersonal(
    tx,
    sql`actor_id = ${userId}::uuid or target_id = ${userId}`,
  );
  await pseudonymiseAccount(tx, userId);

  // Connected systems delete or anonymise their side; the erasure itself is kept as proof.
  const eventId = await emitEvent(tx, origin.tenantId, 'member.erased', {
    memberId: userId,
    customers: identity.customers.map((customer) => ({
      externalId: customer.externalId,
      loyaltyId: customer.loyaltyId,
    })),
  });
  const [erasure] = await sqlRows<{ id: string }>(
    tx,
    sql`insert into erasures (tenant_id, user_id, request_id, erased_by, steps)
        values (${origin.tenantId}, ${userId}, ${requestId}, ${origin.actorId},
                ${JSON.stringify(steps)}::jsonb)
        returning id`,
  );
  await recordAuditAs(tx, origin, {
    action: 'privacy.erase',
    targetType: 'user',
    targetId: userId,
    details: { erasureId: erasure!.id, requestId, steps },
  });
  return { erasureId: erasure!.id, userId, steps, eventId };
}
