/**
 * Storage limitation (PRV-08): each category of personal data is kept for a period per tenant
 * (defaults below, changed by admins), and a daily job removes what is older. The report shows,
 * per category, its period, what is overdue now (0 right after a run) and the last run.
 *
 * Inactive accounts are not erased silently: the member is e-mailed first, and erased only if
 * they stay away for the notice period after that.
 */
import { rm } from 'node:fs/promises';
import { sql, type SQL } from 'drizzle-orm';
import { queueEmailTo } from '../../accounts/email-delivery.js';
import { blankAuditPersonal } from '../../core/audit/chain.js';
import { sqlRows, type Database, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';
import { eraseMember } from '../erasure/erasure.service.js';

const DAY = 86_400_000;
/** How long an inactive member has, once told, to come back before the account is erased. */
export const INACTIVE_NOTICE_DAYS = 30;
/** The job runs over a tenant at most once in this many hours. */
const RUN_EVERY_HOURS = 23;

export const RETENTION_CATEGORIES = {
  moderation_evidence: {
    days: 365,
    what: 'the text kept with moderation checks and decided review items',
  },
  ip_logs: {
    days: 90,
    what: 'IP addresses and user agents of sessions, failed sign-ins and audit entries',
  },
  raw_import_files: {
    days: 30,
    what: 'uploaded CRM and loyalty files and their row reports',
  },
  sent_emails: { days: 180, what: 'copies of e-mails Guild sent' },
  inactive_accounts: {
    days: 730,
    what: `accounts with no sign-in, post or comment: e-mailed, then erased ${INACTIVE_NOTICE_DAYS} days later`,
  },
} as const;

export type RetentionCategory = keyof typeof RETENTION_CATEGORIES;
export const RETENTION_CATEGORY_NAMES = Object.keys(RETENTION_CATEGORIES) as RetentionCategory[];

export interface RetentionPolicy {
  category: RetentionCategory;
  days: number;
  defaultDays: number;
  what: string;
  /** Rows (or accounts) past their period right now. */
  overdue: number;
}

export interface RetentionReport {
  policies: RetentionPolicy[];
  lastRun: { startedAt: string; finishedAt: string | null; removed: Record<string, number> } | null;
}

async function periods(tx: Orm): Promise<Record<RetentionCategory, number>> {
  const rows = await sqlRows<{ category: string; days: number }>(
    tx,
    sql`select category, days from retention_policies`,
  );
  const set = new Map(rows.map((row) => [row.category, row.days]));
  return Object.fromEntries(
    RETENTION_CATEGORY_NAMES.map((name) => [
      name,
      set.get(name) ?? RETENTION_CATEGORIES[name].days,
    ]),
  ) as Record<RetentionCategory, number>;
}

/** Members whose last sign-in, post or comment is before `cutoff`. */
function inactiveMembers(cutoff: Date): SQL {
  return sql`select u.id from users u
    where u.status = 'active' and u.role in ('member', 'ambassador') and u.created_at < ${cutoff}
      and not exists (select 1 from sessions s where s.user_id = u.id and s.last_seen_at >= ${cutoff})
      and not exists (select 1 from posts p where p.author_id = u.id and p.created_at >= ${cutoff})
      and not exists (select 1 from comments c
                      where c.author_id = u.id and c.created_at >= ${cutoff})`;
}

/** What each category finds past its period (the same predicates the purge uses). */
function overdueQueries(cutoffs: Record<RetentionCategory, Date>): Record<RetentionCategory, SQL> {
  const c = cutoffs;
  return {
    moderation_evidence: sql`select (select count(*) from moderation_checks
        where created_at < ${c.moderation_evidence} and payload is not null)
      + (select count(*) from review_items where status = 'resolved'
        and resolved_at < ${c.moderation_evidence} and payload <> '{}'::jsonb) as n`,
    ip_logs: sql`select (select count(*) from sessions where last_seen_at < ${c.ip_logs}
        and (ip is not null or user_agent is not null))
      + (select count(*) from sign_in_failures where created_at < ${c.ip_logs})
      + (select count(*) from audit_log where created_at < ${c.ip_logs}
        and pii_salt is not null) as n`,
    raw_import_files: sql`select count(*) as n from import_jobs
      where coalesce(finished_at, created_at) < ${c.raw_import_files}
        and (file_path is not null or error_report_path is not null)`,
    sent_emails: sql`select count(*) as n from outbound_emails
      where sent_at is not null and sent_at < ${c.sent_emails}`,
    // Accounts told already wait out their notice: only those not yet told are overdue.
    inactive_accounts: sql`select count(*) as n from (${inactiveMembers(c.inactive_accounts)}) m
      where not exists (select 1 from retention_notices n where n.user_id = m.id)`,
  };
}

function cutoffsAt(days: Record<RetentionCategory, number>, at: Date) {
  return Object.fromEntries(
    RETENTION_CATEGORY_NAMES.map((name) => [name, new Date(at.getTime() - days[name] * DAY)]),
  ) as Record<RetentionCategory, Date>;
}

export async function retentionReport(tx: Orm, at: Date = new Date()): Promise<RetentionReport> {
  const days = await periods(tx);
  const queries = overdueQueries(cutoffsAt(days, at));
  const policies: RetentionPolicy[] = [];
  for (const category of RETENTION_CATEGORY_NAMES) {
    const [row] = await sqlRows<{ n: string }>(tx, queries[category]);
    policies.push({
      category,
      days: days[category],
      defaultDays: RETENTION_CATEGORIES[category].days,
      what: RETENTION_CATEGORIES[category].what,
      overdue: Number(row?.n ?? 0),
    });
  }
  const [last] = await sqlRows<{
    started_at: Date;
    finished_at: Date | null;
    removed: Record<string, number>;
  }>(
    tx,
    sql`select started_at, finished_at, removed from retention_runs
        order by started_at desc limit 1`,
  );
  return {
    policies,
    lastRun: last
      ? {
          startedAt: new Date(last.started_at).toISOString(),
          finishedAt: last.finished_at ? new Date(last.finished_at).toISOString() : null,
          removed: last.removed,
        }
      : null,
  };
}

export async function setRetentionPeriod(
  tx: Orm,
  tenantId: string,
  category: RetentionCategory,
  days: number,
  by: string,
): Promise<void> {
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw fail.validation('A retention period is 1 to 3650 days.', { field: 'days' });
  }
  await tx.execute(
    sql`insert into retention_policies (tenant_id, category, days, updated_by)
        values (${tenantId}, ${category}, ${days}, ${by})
        on conflict (tenant_id, category) do update set days = excluded.days,
          updated_by = excluded.updated_by, updated_at = date_trunc('milliseconds', now())`,
  );
}

async function affected(tx: Orm, statement: SQL): Promise<number> {
  return (await sqlRows<Record<string, unknown>>(tx, statement)).length;
}

/**
 * One pass over a tenant: removes what is past its period and handles inactive accounts.
 * Returns what was removed per category, and whether it e-mailed anyone.
 */
export async function purgeTenant(
  tx: Orm,
  tenantId: string,
  at: Date = new Date(),
): Promise<{ removed: Record<string, number>; mailed: boolean }> {
  const days = await periods(tx);
  const c = cutoffsAt(days, at);
  const removed: Record<string, number> = {};

  removed.moderation_checks = await affected(
    tx,
    sql`update moderation_checks set payload = null, spans = '[]'
        where created_at < ${c.moderation_evidence} and payload is not null returning id`,
  );
  removed.review_items = await affected(
    tx,
    sql`update review_items set payload = '{}' where status = 'resolved'
        and resolved_at < ${c.moderation_evidence} and payload <> '{}'::jsonb returning id`,
  );

  removed.session_addresses = await affected(
    tx,
    sql`update sessions set ip = null, user_agent = null where last_seen_at < ${c.ip_logs}
        and (ip is not null or user_agent is not null) returning id`,
  );
  removed.sign_in_failures = await affected(
    tx,
    sql`delete from sign_in_failures where created_at < ${c.ip_logs} returning id`,
  );
  removed.audit_personal = await blankAuditPersonal(tx, sql`created_at < ${c.ip_logs}`);

  const files = await sqlRows<{
    id: string;
    file_path: string | null;
    error_report_path: string | null;
  }>(
    tx,
    sql`update import_jobs j set file_path = null, error_report_path = null
        from (select id, file_path, error_report_path from import_jobs
              where coalesce(finished_at, created_at) < ${c.raw_import_files}
                and (file_path is not null or error_report_path is not null)
              for update) old
        where j.id = old.id
        returning j.id, old.file_path, old.error_report_path`,
  );
  for (const file of files) {
    for (const path of [file.file_path, file.error_report_path]) {
      if (path) {
        await rm(path, { force: true });
      }
    }
  }
  removed.import_files = files.length;

  removed.sent_emails = await affected(
    tx,
    sql`delete from outbound_emails where sent_at is not null and sent_at < ${c.sent_emails}
        returning id`,
  );

  // Inactive accounts: back since the notice → the notice goes; still away after it → erased.
  await tx.execute(
    sql`delete from retention_notices n where n.user_id not in (${inactiveMembers(c.inactive_accounts)})`,
  );
  const due = await sqlRows<{ user_id: string }>(
    tx,
    sql`select user_id from retention_notices where erase_after <= ${at}`,
  );
  for (const { user_id: userId } of due) {
    await eraseMember(tx, userId, { tenantId, actorId: null });
    await tx.execute(sql`delete from retention_notices where user_id = ${userId}`);
  }
  removed.inactive_accounts_erased = due.length;
  const toTell = await sqlRows<{ id: string }>(
    tx,
    sql`${inactiveMembers(c.inactive_accounts)}
        and not exists (select 1 from retention_notices n where n.user_id = u.id)
        limit 500`,
  );
  const eraseAfter = new Date(at.getTime() + INACTIVE_NOTICE_DAYS * DAY);
  let mailed = false;
  for (const { id } of toTell) {
    await tx.execute(
      sql`insert into retention_notices (tenant_id, user_id, erase_after)
          values (${tenantId}, ${id}, ${eraseAfter})`,
    );
    mailed =
      (await queueEmailTo(tx, tenantId, {
        userId: id,
        kind: 'retention_notice',
        subject: 'Your community account will be closed',
        text:
          `You have not signed in or posted for ${days.inactive_accounts} days. Under our ` +
          `retention policy your account and what it holds will be erased on ` +
          `${eraseAfter.toISOString().slice(0, 10)}. Sign in before then to keep it.`,
      })) || mailed;
  }
  removed.inactive_accounts_notified = toTell.length;
  return { removed, mailed };
}

/** Keeps a pass's outcome for the report. */
export async function recordRun(
  tx: Orm,
  tenantId: string,
  at: Date,
  removed: Record<string, number>,
): Promise<void> {
  await tx.execute(
    sql`insert into retention_runs (tenant_id, started_at, finished_at, removed)
        values (${tenantId}, ${at}, clock_timestamp(), ${JSON.stringify(removed)}::jsonb)`,
  );
}

/**
 * The daily job: every tenant not purged in the last day gets a pass, one tenant per
 * transaction, recorded in retention_runs. Safe to run from several processes at once.
 */
export async function runRetention(
  db: Database,
  onMail: (tenantId: string) => void,
  at: Date = new Date(),
): Promise<number> {
  const tenants = await db.query<{ id: string }>('SELECT id FROM tenants ORDER BY id');
  let ran = 0;
  for (const { id: tenantId } of tenants) {
    const result = await db.tenant(tenantId, async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`retention:${tenantId}`}))`);
      const [recent] = await sqlRows<{ id: string }>(
        tx,
        sql`select id from retention_runs
            where started_at > ${new Date(at.getTime() - RUN_EVERY_HOURS * 3_600_000)} limit 1`,
      );
      if (recent) {
        return null;
      }
      const outcome = await purgeTenant(tx, tenantId, at);
      await recordRun(tx, tenantId, at, outcome.removed);
      return outcome;
    });
    if (result) {
      ran += 1;
      if (result.mailed) {
        onMail(tenantId);
      }
    }
  }
  return ran;
}
