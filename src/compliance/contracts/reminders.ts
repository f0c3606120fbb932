/**
 * The contracts' background work, safe to run in several processes at once:
 *
 * - offers and signed contracts past their end become `expired`;
 * - a signed contract ending within 30 and again within 7 days is reminded of once each, by
 *   e-mail to the ambassador and to the tenant's managers (a service message: sent whatever the
 *   member's marketing consent), unless a later contract of the program is signed already.
 *
 * Each reminder is recorded under (contract, days before) before its e-mails are written, in
 * the same transaction, so a sweep run again, or two at once, sends nothing twice. A sweep that
 * finds several rounds due at once (after downtime) records them all and sends only the last.
 */
import { sql } from 'drizzle-orm';
import type { MailWritten } from '../../accounts/accounts.routes.js';
import { queueEmailTo } from '../../accounts/email-delivery.js';
import { sqlRows, type Database, type Orm } from '../../core/db/database.js';

/** Days before a contract's end at which it is reminded of, by default. */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [30, 7];

const DAY_MS = 86_400_000;

export interface ContractSweepCounts {
  expired: number;
  reminders: number;
  emails: number;
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

async function expireContracts(tx: Orm, at: Date): Promise<number> {
  const rows = await sqlRows<{ id: string }>(
    tx,
    sql`update ambassador_contracts set status = 'expired'
         where status in ('offered', 'signed') and ends_at <= ${at.toISOString()}::timestamptz
        returning id`,
  );
  return rows.length;
}

async function remindEnding(
  tx: Orm,
  tenantId: string,
  at: Date,
  days: readonly number[],
): Promise<{ reminders: number; emails: number }> {
  const rounds = [...new Set(days)].sort((a, b) => b - a);
  if (rounds.length === 0) {
    return { reminders: 0, emails: 0 };
  }
  const due = await sqlRows<{
    id: string;
    user_id: string;
    display_name: string;
    program_name: string;
    ends_at: string | Date;
  }>(
    tx,
    sql`select c.id, c.user_id, u.display_name, p.name as program_name, c.ends_at
          from ambassador_contracts c
          join users u on u.id = c.user_id
          join ambassador_programs p on p.id = c.program_id
         where c.status = 'signed' and c.ends_at > ${at.toISOString()}::timestamptz
           and c.ends_at <= ${new Date(at.getTime() + rounds[0]! * DAY_MS).toISOString()}::timestamptz
           -- renewed already: a later contract of the program is signed
           and not exists (select 1 from ambassador_contracts n
                             where n.user_id = c.user_id and n.program_id = c.program_id
                               and n.status = 'signed' and n.ends_at > c.ends_at)
         order by c.ends_at limit 500
         for update of c skip locked`,
  );
  if (due.length === 0) {
    return { reminders: 0, emails: 0 };
  }
  const managers = await sqlRows<{ id: string }>(
    tx,
    sql`select id from users where role in ('manager', 'admin') and status = 'active'`,
  );
  let reminders = 0;
  let emails = 0;
  for (const contract of due) {
    const endsAt = new Date(contract.ends_at);
    const left = endsAt.getTime() - at.getTime();
    const dueRounds = rounds.filter((d) => left <= d * DAY_MS);
    const last = dueRounds[dueRounds.length - 1]!;
    let send = false;
    for (const daysBefore of dueRounds) {
      const inserted = await sqlRows<{ days_before: number }>(
        tx,
        sql`insert into contract_reminders (tenant_id, contract_id, days_before, emailed)
            values (${tenantId}, ${contract.id}, ${daysBefore}, ${daysBefore === last})
            on conflict do nothing returning days_before`,
      );
      send = inserted.length > 0 && daysBefore === last;
    }
    if (!send) {
      continue;
    }
    reminders += 1;
    const ends = dayOf(endsAt);
    const toAmbassador = await queueEmailTo(tx, tenantId, {
      userId: contract.user_id,
      kind: 'contract_expiring',
      subject: `Your ${contract.program_name} contract ends on ${ends}`,
      text:
        `Your ambassador contract for ${contract.program_name} ends on ${ends}.\n\n` +
        `After that day you cannot take missions or be paid for them until a new contract ` +
        `is signed. If you would like to go on, tell the program's team; you will find a new ` +
        `contract to read and sign under your ambassador contracts when it is offered.`,
    });
    emails += toAmbassador ? 1 : 0;
    for (const manager of managers) {
      const queued = await queueEmailTo(tx, tenantId, {
        userId: manager.id,
        kind: 'contract_expiring',
        subject: `${contract.display_name}'s ${contract.program_name} contract ends on ${ends}`,
        text:
          `The ambassador contract of ${contract.display_name} (${contract.program_name}) ends ` +
          `on ${ends}. Offer a renewal under the program's contracts if they should go on; ` +
          `without a signed contract they cannot take missions or be paid for them.`,
      });
      emails += queued ? 1 : 0;
    }
  }
  return { reminders, emails };
}

/** Expires ended contracts and sends the reminders due, in every tenant (or one). */
export async function sweepContracts(
  db: Database,
  mail: MailWritten,
  options: { tenantId?: string; at?: Date; days?: readonly number[] } = {},
): Promise<ContractSweepCounts> {
  const at = options.at ?? new Date();
  const tenants = options.tenantId
    ? [{ id: options.tenantId }]
    : await db.query<{ id: string }>(
        `SELECT DISTINCT tenant_id AS id FROM ambassador_contracts
          WHERE status IN ('offered', 'signed')`,
      );
  const counts: ContractSweepCounts = { expired: 0, reminders: 0, emails: 0 };
  for (const { id: tenantId } of tenants) {
    const done = await db.tenant(tenantId, async (tx) => ({
      expired: await expireContracts(tx, at),
      ...(await remindEnding(tx, tenantId, at, options.days ?? DEFAULT_REMINDER_DAYS)),
    }));
    counts.expired += done.expired;
    counts.reminders += done.reminders;
    counts.emails += done.emails;
    if (done.emails > 0) {
      mail.written(tenantId);
    }
  }
  return counts;
}
