/**
 * The onboarding part's background work, run by every process that does background work (each
 * sweep is safe to run in several processes at once):
 *
 * - invitations past their expiry move invited → declined (actor: system);
 * - a member in onboarding whose checklist is complete is activated; one with items missing is
 *   reminded after 3 and after 7 days (a service message: sent whatever their marketing
 *   consent);
 * - a member whose invitation ends within 3 days is reminded once, only with marketing consent.
 *
 * Each reminder is recorded under (place, kind, stint, round) before its e-mail is written, in
 * the same transaction: a second sweeper, or the same one run again, finds the record and sends
 * nothing. Rows being handled by one sweeper are skipped by another (`skip locked`).
 */
import { sql } from 'drizzle-orm';
import type { MailWritten } from '../../accounts/accounts.routes.js';
import { tenantBaseUrl } from '../../accounts/links.js';
import type { GuildConfig } from '../../core/config/config.js';
import { sqlRows, type Database, type Orm } from '../../core/db/database.js';
import { consentInForce } from '../../privacy/consents.service.js';
import { getProgram } from '../programs.service.js';
import { finishIfComplete } from './checklist.service.js';
import {
  WEB_PATHS,
  acceptUrl,
  dateIn,
  expireInvitations,
  recipientOf,
  writeProgramEmail,
  type MailContext,
} from './invitations.service.js';
import { ITEM_LABELS } from './templates.js';

/** Days in onboarding after which each reminder round is due. */
export const ONBOARDING_REMINDER_DAYS = [3, 7] as const;
/** An invitation is reminded of this many days before it ends. */
export const INVITATION_REMINDER_DAYS = 3;

export interface SweepCounts {
  expired: number;
  activated: number;
  onboardingReminders: number;
  invitationReminders: number;
}

interface TenantRow extends Record<string, unknown> {
  id: string;
  slug: string;
  name: string;
}

async function tenants(db: Database, only?: string): Promise<TenantRow[]> {
  return only
    ? db.query<TenantRow>('SELECT id, slug, name FROM tenants WHERE id = $1', [only])
    : db.query<TenantRow>('SELECT id, slug, name FROM tenants ORDER BY created_at');
}

const contextOf = (config: Pick<GuildConfig, 'http' | 'tenancy'>, t: TenantRow): MailContext => ({
  tenantId: t.id,
  communityName: t.name,
  baseUrl: tenantBaseUrl(config, t.slug),
});

async function remindOnboarding(
  tx: Orm,
  context: MailContext,
): Promise<{ activated: number; reminded: number }> {
  const first = ONBOARDING_REMINDER_DAYS[0];
  const due = await sqlRows<{ id: string; user_id: string; program_id: string; days: number }>(
    tx,
    sql`select a.id, a.user_id, a.program_id,
               floor(extract(epoch from now() - a.state_changed_at) / 86400)::int as days
          from ambassadors a
         where a.state = 'onboarding'
           and a.state_changed_at <= now() - make_interval(days => ${first})
         order by a.state_changed_at limit 500
         for update of a skip locked`,
  );
  let activated = 0;
  let reminded = 0;
  for (const place of due) {
    const checklist = await finishIfComplete(tx, context.tenantId, place.id);
    if (checklist.ambassador.state !== 'onboarding') {
      activated += 1;
      continue;
    }
    const [stint] = await sqlRows<{ id: string | number }>(
      tx,
      sql`select max(id) as id from ambassador_transitions
           where ambassador_id = ${place.id} and to_state = 'onboarding'`,
    );
    const rounds = ONBOARDING_REMINDER_DAYS.map((days, i) => ({ days, round: i + 1 })).filter(
      (r) => place.days >= r.days,
    );
    const last = rounds[rounds.length - 1]!.round;
    let send = false;
    for (const { round } of rounds) {
      // a sweep that finds several rounds due (the process was down) sends only the latest
      const inserted = await sqlRows<{ round: number }>(
        tx,
        sql`insert into ambassador_reminders (tenant_id, ambassador_id, kind, stint, round, emailed)
            values (${context.tenantId}, ${place.id}, 'onboarding', ${stint?.id ?? 0}, ${round},
                    ${round === last})
            on conflict do nothing returning round`,
      );
      send = inserted.length > 0 && round === last;
    }
    if (!send) {
      continue;
    }
    const recipient = await recipientOf(tx, place.user_id);
    const labels = ITEM_LABELS[recipient.locale];
    const missing = checklist.items
      .filter((i) => !i.done)
      .map((i) => `- ${labels[i.key]}`)
      .join('\n');
    await writeProgramEmail(tx, context, {
      program: await getProgram(tx, place.program_id),
      recipient,
      kind: 'onboarding_reminder',
      values: {
        missingItems: missing,
        onboardingUrl: `${context.baseUrl}${WEB_PATHS.ambassador}?place=${encodeURIComponent(place.id)}`,
      },
    });
    reminded += 1;
  }
  return { activated, reminded };
}

async function remindInvitations(tx: Orm, context: MailContext): Promise<number> {
  const due = await sqlRows<{
    id: string;
    user_id: string;
    program_id: string;
    invitation_expires_at: string | Date;
  }>(
    tx,
    sql`select a.id, a.user_id, a.program_id, a.invitation_expires_at
          from ambassadors a
         where a.state = 'invited' and a.invitation_expires_at > now()
           and a.invitation_expires_at <= now() + make_interval(days => ${INVITATION_REMINDER_DAYS})
           and ${consentInForce(sql`a.user_id`, 'marketing_email')}
         order by a.invitation_expires_at limit 500
         for update of a skip locked`,
  );
  let reminded = 0;
  for (const place of due) {
    const [stint] = await sqlRows<{ id: string | number }>(
      tx,
      sql`select max(id) as id from ambassador_transitions
           where ambassador_id = ${place.id} and to_state = 'invited'`,
    );
    const inserted = await sqlRows<{ round: number }>(
      tx,
      sql`insert into ambassador_reminders (tenant_id, ambassador_id, kind, stint, round, emailed)
          values (${context.tenantId}, ${place.id}, 'invitation', ${stint?.id ?? 0}, 1, true)
          on conflict do nothing returning round`,
    );
    if (inserted.length === 0) {
      continue;
    }
    const recipient = await recipientOf(tx, place.user_id);
    await writeProgramEmail(tx, context, {
      program: await getProgram(tx, place.program_id),
      recipient,
      kind: 'invitation_reminder',
      values: {
        acceptUrl: acceptUrl(context.baseUrl, place.id),
        expiresOn: dateIn(recipient.locale, new Date(place.invitation_expires_at)),
      },
    });
    reminded += 1;
  }
  return reminded;
}

/** Expires invitations past their time, in every tenant (or one); returns how many. */
export async function sweepExpiredInvitations(db: Database, tenantId?: string): Promise<number> {
  let expired = 0;
  for (const t of await tenants(db, tenantId)) {
    expired += await db.tenant(t.id, (tx) => expireInvitations(tx, t.id));
  }
  return expired;
}

/** Activates complete checklists and sends the reminders due, in every tenant (or one). */
export async function sweepReminders(
  db: Database,
  config: Pick<GuildConfig, 'http' | 'tenancy'>,
  mail: MailWritten,
  tenantId?: string,
): Promise<Omit<SweepCounts, 'expired'>> {
  const counts = { activated: 0, onboardingReminders: 0, invitationReminders: 0 };
  for (const t of await tenants(db, tenantId)) {
    const context = contextOf(config, t);
    const done = await db.tenant(t.id, async (tx) => {
      const onboarding = await remindOnboarding(tx, context);
      const invitations = await remindInvitations(tx, context);
      return { ...onboarding, invitations };
    });
    counts.activated += done.activated;
    counts.onboardingReminders += done.reminded;
    counts.invitationReminders += done.invitations;
    if (done.reminded + done.invitations > 0) {
      mail.written(t.id);
    }
  }
  return counts;
}

/** One pass of all the onboarding part's background work. */
export async function sweepOnboarding(
  db: Database,
  config: Pick<GuildConfig, 'http' | 'tenancy'>,
  mail: MailWritten,
  tenantId?: string,
): Promise<SweepCounts> {
  const expired = await sweepExpiredInvitations(db, tenantId);
  return { expired, ...(await sweepReminders(db, config, mail, tenantId)) };
}
