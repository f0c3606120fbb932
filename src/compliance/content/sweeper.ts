/**
 * The content work a sweep does, safe to run again or in several processes at once:
 *
 * - **Warning.** A version waiting past its program's `escalateAtPercent` of the deadline is
 *   reported to the tenant's managers by e-mail, once per version (`escalated_version`).
 * - **Deadline.** A version still waiting at its deadline is, once per version
 *   (`breached_version`): approved automatically when the program says `approve_if_clean` and
 *   it has no finding of severity B or W (audited with the system as actor); otherwise moved
 *   to the senior queue (`senior`) or flagged at top severity (`flag`), and managers are told.
 * - **Rights.** Usage rights ending within each of the program's reminder days are reminded of
 *   once per (rights, days) — a sweep that finds several rounds due records them all and sends
 *   the last — and rights past their end are marked expired.
 */
import { sql } from 'drizzle-orm';
import type { MailWritten } from '../../accounts/accounts.routes.js';
import { queueEmailTo } from '../../accounts/email-delivery.js';
import { recordAuditAs } from '../../core/audit/audit.js';
import { sqlRows, type Database, type Orm } from '../../core/db/database.js';
import { decideContent } from './decisions.service.js';
import { presentAudit } from './present.js';
import type { Finding } from './precheck.js';

const DAY_MS = 86_400_000;

export interface ContentSweepCounts {
  warned: number;
  breached: number;
  autoApproved: number;
  reminders: number;
  expired: number;
}

async function managers(tx: Orm): Promise<string[]> {
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`select id from users where role in ('manager', 'admin') and status = 'active'`,
  );
  return rows.map((row) => row.id);
}

async function mailManagers(
  tx: Orm,
  tenantId: string,
  kind: string,
  subject: string,
  text: string,
): Promise<number> {
  let sent = 0;
  for (const userId of await managers(tx)) {
    sent += (await queueEmailTo(tx, tenantId, { userId, kind, subject, text })) ? 1 : 0;
  }
  return sent;
}

interface WaitingRow {
  id: string;
  program_name: string;
  current_version: number;
  due_at: Date | string;
  title: string | null;
}

/** The name of what a submission is for: its program, or its challenge. */
const SOURCE_NAME = sql`coalesce((select p.name from ambassador_programs p where p.id = s.program_id),
    (select ch.title from challenges ch where ch.id = s.challenge_id))`;

async function warn(
  tx: Orm,
  tenantId: string,
  at: Date,
): Promise<{ warned: number; emails: number }> {
  const rows = await sqlRows<WaitingRow>(
    tx,
    sql`update content_submissions s set escalated_version = s.current_version
          from content_versions v
         where v.submission_id = s.id and v.version = s.current_version
           and s.status = 'in_review' and s.escalated_version is distinct from s.current_version
           and s.due_at > ${at.toISOString()}::timestamptz
           and ${at.toISOString()}::timestamptz >= s.version_submitted_at
             + (s.due_at - s.version_submitted_at)
               * coalesce((select c.escalate_at_percent from content_program_settings c
                            where c.program_id = s.program_id), 75) / 100.0
        returning s.id, ${SOURCE_NAME} as program_name, s.current_version, s.due_at, v.title`,
  );
  let emails = 0;
  for (const row of rows) {
    const due = new Date(row.due_at).toISOString().slice(0, 16).replace('T', ' ');
    emails += await mailManagers(
      tx,
      tenantId,
      'content_sla_warning',
      `A ${row.program_name} submission is due for review by ${due} UTC`,
      `Version ${row.current_version} of the submission "${row.title ?? row.id}" ` +
        `(${row.program_name}) has waited for most of its review time. Decide it by ${due} UTC ` +
        `under Content review.`,
    );
  }
  return { warned: rows.length, emails };
}

interface DueRow extends WaitingRow {
  review_item_id: string | null;
  breach_action: 'senior' | 'flag' | null;
  auto_decision: 'off' | 'approve_if_clean' | null;
  findings: Finding[];
}

async function breach(
  tx: Orm,
  tenantId: string,
  at: Date,
): Promise<{ breached: number; autoApproved: number; emails: number }> {
  const due = await sqlRows<DueRow>(
    tx,
    sql`select s.id, ${SOURCE_NAME} as program_name, s.current_version, s.due_at,
          s.review_item_id, v.title, v.findings, c.breach_action, c.auto_decision
          from content_submissions s
          join content_versions v on v.submission_id = s.id and v.version = s.current_version
          left join content_program_settings c on c.program_id = s.program_id
         where s.status = 'in_review' and s.due_at <= ${at.toISOString()}::timestamptz
           and s.breached_version is distinct from s.current_version
         order by s.due_at limit 200
         for update of s skip locked`,
  );
  let autoApproved = 0;
  let emails = 0;
  for (const row of due) {
    await tx.execute(
      sql`update content_submissions set breached_version = current_version where id = ${row.id}`,
    );
    const clean = !row.findings.some((f) => f.severity === 'B' || f.severity === 'W');
    if (row.auto_decision === 'approve_if_clean' && clean) {
      const decided = await decideContent(tx, tenantId, { userId: null, at }, row.id, {
        decision: 'approve',
        reason: 'approve_if_clean',
      });
      await recordAuditAs(
        tx,
        { tenantId, actorId: null },
        {
          action: 'content.decide',
          targetType: 'content_submission',
          targetId: row.id,
          details: { actor: 'system', rule: 'approve_if_clean', decision: 'approve' },
          before: presentAudit(decided.before),
          after: presentAudit(decided.after),
        },
      );
      autoApproved += 1;
      continue;
    }
    if (row.review_item_id) {
      await tx.execute(
        (row.breach_action ?? 'senior') === 'senior'
          ? sql`update review_items set queue = 'senior', reason_code = 'content_sla_breached'
                 where id = ${row.review_item_id} and status = 'open'`
          : sql`update review_items set severity = 1, reason_code = 'content_sla_breached'
                 where id = ${row.review_item_id} and status = 'open'`,
      );
    }
    emails += await mailManagers(
      tx,
      tenantId,
      'content_sla_breached',
      `A ${row.program_name} submission missed its review deadline`,
      `Version ${row.current_version} of the submission "${row.title ?? row.id}" ` +
        `(${row.program_name}) was not decided in time. It is ` +
        `${(row.breach_action ?? 'senior') === 'senior' ? 'now in the senior queue' : 'flagged at the top of the queue'}.`,
    );
  }
  return { breached: due.length - autoApproved, autoApproved, emails };
}

async function remindRights(
  tx: Orm,
  tenantId: string,
  at: Date,
): Promise<{ reminders: number; emails: number }> {
  const rows = await sqlRows<{
    id: string;
    ends_at: Date | string;
    days: number[] | null;
    program_name: string;
    title: string | null;
    submission_id: string;
  }>(
    tx,
    sql`select r.id, r.ends_at, c.rights_reminder_days as days, ${SOURCE_NAME} as program_name,
          v.title, s.id as submission_id
          from content_rights r
          join content_submissions s on s.id = r.submission_id
          join content_versions v on v.submission_id = s.id and v.version = s.current_version
          left join content_program_settings c on c.program_id = s.program_id
         where r.expired_at is null and r.ends_at > ${at.toISOString()}::timestamptz
           and r.ends_at <= ${new Date(at.getTime() + 366 * DAY_MS).toISOString()}::timestamptz
         for update of r skip locked`,
  );
  let reminders = 0;
  let emails = 0;
  for (const row of rows) {
    const endsAt = new Date(row.ends_at);
    const left = endsAt.getTime() - at.getTime();
    const rounds = [...new Set(row.days ?? [14, 3])].sort((a, b) => b - a);
    const dueRounds = rounds.filter((d) => left <= d * DAY_MS);
    let send = false;
    for (const days of dueRounds) {
      const inserted = await sqlRows<{ days_before: number }>(
        tx,
        sql`insert into content_rights_reminders (tenant_id, rights_id, days_before)
            values (${tenantId}, ${row.id}, ${days}) on conflict do nothing
            returning days_before`,
      );
      send = inserted.length > 0 && days === dueRounds.at(-1);
    }
    if (!send) {
      continue;
    }
    reminders += 1;
    const ends = endsAt.toISOString().slice(0, 10);
    emails += await mailManagers(
      tx,
      tenantId,
      'content_rights_expiring',
      `Usage rights for "${row.title ?? row.submission_id}" end on ${ends}`,
      `The usage rights of an approved ${row.program_name} submission ("${row.title ?? row.submission_id}") ` +
        `end on ${ends}. Stop using it after that day, or agree new rights with the ambassador.`,
    );
  }
  return { reminders, emails };
}

async function expireRights(tx: Orm, at: Date): Promise<number> {
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`update content_rights set expired_at = ${at.toISOString()}::timestamptz
         where expired_at is null and ends_at <= ${at.toISOString()}::timestamptz
        returning id`,
  );
  return rows.length;
}

/** One sweep, in every tenant with content waiting or rights running (or one tenant). */
export async function sweepContent(
  db: Database,
  mail: MailWritten,
  options: { tenantId?: string; at?: Date } = {},
): Promise<ContentSweepCounts> {
  const at = options.at ?? new Date();
  const tenants = options.tenantId
    ? [{ id: options.tenantId }]
    : await db.query<{ id: string }>(
        `SELECT DISTINCT tenant_id AS id FROM content_submissions WHERE status = 'in_review'
         UNION SELECT DISTINCT tenant_id FROM content_rights WHERE expired_at IS NULL`,
      );
  const counts: ContentSweepCounts = {
    warned: 0,
    breached: 0,
    autoApproved: 0,
    reminders: 0,
    expired: 0,
  };
  for (const { id: tenantId } of tenants) {
    const done = await db.tenant(tenantId, async (tx) => {
      const warned = await warn(tx, tenantId, at);
      const breached = await breach(tx, tenantId, at);
      const reminded = await remindRights(tx, tenantId, at);
      const expired = await expireRights(tx, at);
      return { warned, breached, reminded, expired };
    });
    counts.warned += done.warned.warned;
    counts.breached += done.breached.breached;
    counts.autoApproved += done.breached.autoApproved;
    counts.reminders += done.reminded.reminders;
    counts.expired += done.expired;
    if (done.warned.emails + done.breached.emails + done.reminded.emails > 0) {
      mail.written(tenantId);
    }
  }
  return counts;
}
