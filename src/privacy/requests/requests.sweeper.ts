/**
 * The data-subject requests' background work, safe to run in several processes at once:
 *
 * - an open request whose acknowledgement (CCPA) falls due within `ACK_WARNING_DAYS`, whose
 *   answer falls due within `DUE_WARNING_DAYS`, or that is overdue, is flagged to the
 *   community's admins by e-mail, once per request, kind of warning and due date (so an
 *   extension, which moves the due date, warns again);
 * - exports past their expiry are deleted.
 *
 * Each warning is recorded before its e-mail is written, in the same transaction; a second
 * sweeper finds the record and writes nothing.
 */
import { sql } from 'drizzle-orm';
import type { MailWritten } from '../../accounts/accounts.routes.js';
import { queueEmailTo } from '../../accounts/email-delivery.js';
import { tenantBaseUrl } from '../../accounts/links.js';
import type { GuildConfig } from '../../core/config/config.js';
import { sqlRows, type Database, type Orm } from '../../core/db/database.js';
import { deleteExpiredExports } from './requests.service.js';

/** Days before an answer's due date when admins are warned. */
export const DUE_WARNING_DAYS = 7;
/** Days before a CCPA acknowledgement's due date when admins are warned. */
export const ACK_WARNING_DAYS = 2;

export interface RequestSweepCounts {
  warnings: number;
  emails: number;
  expiredExports: number;
}

interface Warning {
  id: string;
  kind: 'ack_due' | 'due_soon' | 'overdue';
  request_kind: string;
  regime: string;
  due_at: string | Date;
  username: string | null;
}

const WARNING_TEXT: Record<Warning['kind'], string> = {
  ack_due: 'receipt must be confirmed by',
  due_soon: 'answer due by',
  overdue: 'OVERDUE since',
};

/** Records the warnings now due in one tenant; returns the ones that are new. */
async function newWarnings(tx: Orm, tenantId: string): Promise<Warning[]> {
  return sqlRows<Warning>(
    tx,
    sql`with due as (
          select r.id, 'ack_due' as kind, r.ack_due_at as due_at from privacy_requests r
           where r.status = 'received' and r.ack_due_at is not null
             and r.ack_due_at <= now() + make_interval(days => ${ACK_WARNING_DAYS})
          union all
          select r.id, case when r.due_at < now() then 'overdue' else 'due_soon' end, r.due_at
            from privacy_requests r
           where r.status in ('received', 'acknowledged', 'in_progress')
             and r.due_at <= now() + make_interval(days => ${DUE_WARNING_DAYS})
        ), inserted as (
          insert into privacy_request_reminders (tenant_id, request_id, kind, due_at)
          select ${tenantId}, id, kind, due_at from due
          on conflict do nothing
          returning request_id, kind, due_at
        )
        select i.request_id as id, i.kind, r.kind as request_kind, r.regime, i.due_at, u.username
          from inserted i join privacy_requests r on r.id = i.request_id
          left join users u on u.id = r.user_id
         order by i.due_at`,
  );
}

function warningText(warnings: Warning[], boardUrl: string): string {
  const lines = warnings.map((w) => {
    const member = w.username === null ? 'a former member' : `@${w.username}`;
    const at = new Date(w.due_at).toISOString().slice(0, 16).replace('T', ' ');
    return (
      `- ${w.regime.toUpperCase()} ${w.request_kind} request of ${member}: ` +
      `${WARNING_TEXT[w.kind]} ${at} UTC (request ${w.id})`
    );
  });
  return [
    'These data-subject requests need attention:',
    '',
    ...lines,
    '',
    `The board of requests (API): ${boardUrl}`,
  ].join('\n');
}

/** Writes one e-mail to each active admin; returns how many. */
async function emailAdmins(
  tx: Orm,
  tenantId: string,
  warnings: Warning[],
  boardUrl: string,
): Promise<number> {
  const admins = await sqlRows<{ id: string }>(
    tx,
    sql`select id from users where role = 'admin' and status = 'active' order by created_at`,
  );
  const text = warningText(warnings, boardUrl);
  let written = 0;
  for (const admin of admins) {
    const queued = await queueEmailTo(tx, tenantId, {
      userId: admin.id,
      kind: 'privacy_request_warning',
      subject: `${warnings.length} privacy request(s) need attention`,
      text,
    });
    written += queued ? 1 : 0;
  }
  return written;
}

/** One pass over every tenant (or one): warnings to admins, expired exports deleted. */
export async function sweepPrivacyRequests(
  db: Database,
  config: Pick<GuildConfig, 'http' | 'tenancy'>,
  mail: MailWritten,
  tenantId?: string,
): Promise<RequestSweepCounts> {
  const tenants = tenantId
    ? await db.query<{ id: string; slug: string }>('SELECT id, slug FROM tenants WHERE id = $1', [
        tenantId,
      ])
    : await db.query<{ id: string; slug: string }>('SELECT id, slug FROM tenants');
  const counts: RequestSweepCounts = { warnings: 0, emails: 0, expiredExports: 0 };
  for (const t of tenants) {
    // the web app has no page for the board yet, so the e-mail names its API
    const boardUrl = `${tenantBaseUrl(config, t.slug)}/api/v1/privacy/requests`;
    const done = await db.tenant(t.id, async (tx) => {
      const warnings = await newWarnings(tx, t.id);
      const emails = warnings.length > 0 ? await emailAdmins(tx, t.id, warnings, boardUrl) : 0;
      const expired = await deleteExpiredExports(tx);
      return { warnings: warnings.length, emails, expired };
    });
    counts.warnings += done.warnings;
    counts.emails += done.emails;
    counts.expiredExports += done.expired;
    if (done.emails > 0) {
      mail.written(t.id);
    }
  }
  return counts;
}
