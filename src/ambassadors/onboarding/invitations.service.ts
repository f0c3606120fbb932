/**
 * Invitations to a program, and the e-mails of onboarding. An invitation goes only to a member
 * whose `marketing_email` consent is in force (COMPLIANCE.md PRV-01): without it they get
 * neither e-mail nor in-app message. A program sends at most `inviteDailyLimit` invitations per
 * UTC day; the program's row is locked while counting, so two managers inviting at once cannot
 * go over it. Each invitation moves identified → invited with its expiry, writes the e-mail to
 * the outbox and an `ambassador_invitation` notification, all in one transaction.
 */
import { sql } from 'drizzle-orm';
import { notify } from '../../community/notifications.service.js';
import { queueEmailTo } from '../../accounts/email-delivery.js';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { GuildError } from '../../core/errors/errors.js';
import { hasConsent } from '../../privacy/consents.service.js';
import { move, type Ambassador } from '../pipeline.service.js';
import { getProgram, type Program } from '../programs.service.js';
import type { State } from '../workflow.js';
import {
  chooseLocale,
  effectiveTemplate,
  renderTemplate,
  type TemplateKind,
  type TemplateLocale,
} from './templates.js';

const DAY_MS = 86_400_000;

/** Paths of the web app the e-mails link to, under the tenant's base URL. */
export const WEB_PATHS = { ambassador: '/ambassador', privacy: '/settings/privacy' } as const;

export interface Recipient {
  userId: string;
  displayName: string;
  locale: TemplateLocale;
}

export interface MailContext {
  tenantId: string;
  communityName: string;
  /** The tenant's base URL, no trailing slash (see accounts/links.ts). */
  baseUrl: string;
}

/** Who the member is for an e-mail: their name and the locale to write in. */
export async function recipientOf(tx: Orm, userId: string): Promise<Recipient> {
  const [row] = await sqlRows<{ display_name: string; locale: string; default_locale: string }>(
    tx,
    sql`select u.display_name, u.locale, t.default_locale
          from users u join tenants t on t.id = u.tenant_id where u.id = ${userId}`,
  );
  return {
    userId,
    displayName: row?.display_name ?? '',
    locale: chooseLocale(row?.locale, row?.default_locale),
  };
}

/** A date as the member's locale writes it (the day in UTC). */
export function dateIn(locale: TemplateLocale, at: Date): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(at);
}

/** Renders one e-mail of `kind` for the member and writes it to the outbox. */
export async function writeProgramEmail(
  tx: Orm,
  context: MailContext,
  input: {
    program: Pick<Program, 'id' | 'name'>;
    recipient: Recipient;
    kind: TemplateKind;
    values: Record<string, string>;
  },
): Promise<boolean> {
  const template = await effectiveTemplate(
    tx,
    input.program.id,
    input.kind,
    input.recipient.locale,
  );
  const values = {
    displayName: input.recipient.displayName,
    programName: input.program.name,
    communityName: context.communityName,
    privacyUrl: `${context.baseUrl}${WEB_PATHS.privacy}`,
    ...input.values,
  };
  return queueEmailTo(tx, context.tenantId, {
    userId: input.recipient.userId,
    kind: `ambassador_${input.kind}`,
    subject: renderTemplate(template.subject, values),
    text: renderTemplate(template.body, values),
  });
}

/** The address at which the member answers their invitation. */
export const acceptUrl = (baseUrl: string, ambassadorId: string) =>
  `${baseUrl}${WEB_PATHS.ambassador}?place=${encodeURIComponent(ambassadorId)}`;

export interface InviteResult {
  invited: Ambassador[];
  skipped: { ambassadorId: string; reason: string }[];
}

export const DAILY_LIMIT_REASON = 'daily limit reached';
export const NO_CONSENT_REASON = 'no marketing e-mail consent (PRV-01): not invited';

/** Invitations the program sent since the start of the current UTC day. */
export async function sentToday(tx: Orm, programId: string): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from ambassador_transitions t
          join ambassadors a on a.id = t.ambassador_id
         where a.program_id = ${programId} and t.to_state = 'invited'
           and t.at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Invites identified members of a program. Throws `invitation_limit_reached` when the daily
 * limit kept every one of them from being invited.
 */
export async function invite(
  tx: Orm,
  context: MailContext,
  input: { programId: string; ambassadorIds: readonly string[]; managerId: string },
): Promise<InviteResult> {
  // one inviter per program at a time, so the day's count holds
  await tx.execute(
    sql`select id from ambassador_programs where id = ${input.programId} for update`,
  );
  const program = await getProgram(tx, input.programId);
  if (program.status !== 'active') {
    throw new GuildError('conflict', 'An archived program sends no invitations.');
  }
  const ids = [...new Set(input.ambassadorIds)];
  const places = new Map(
    (
      await sqlRows<{ id: string; user_id: string; state: State }>(
        tx,
        sql`select id, user_id, state from ambassadors
             where program_id = ${program.id} and id = any(${sql.param(ids)}::uuid[])`,
      )
    ).map((r) => [r.id, r]),
  );
  let left = Math.max(0, program.inviteDailyLimit - (await sentToday(tx, program.id)));
  const result: InviteResult = { invited: [], skipped: [] };
  let limited = 0;
  const expiresAt = new Date(Date.now() + program.invitationValidDays * DAY_MS);
  for (const ambassadorId of ids) {
    const place = places.get(ambassadorId);
    if (!place) {
      result.skipped.push({ ambassadorId, reason: 'not in this program' });
      continue;
    }
    if (place.state !== 'identified') {
      result.skipped.push({ ambassadorId, reason: `is ${place.state}, not identified` });
      continue;
    }
    if (!(await hasConsent(tx, place.user_id, 'marketing_email'))) {
      result.skipped.push({ ambassadorId, reason: NO_CONSENT_REASON });
      continue;
    }
    if (left <= 0) {
      result.skipped.push({ ambassadorId, reason: DAILY_LIMIT_REASON });
      limited += 1;
      continue;
    }
    const invited = await move(tx, context.tenantId, {
      ambassadorId,
      to: 'invited',
      mover: { kind: 'manager', userId: input.managerId },
      invitation: { expiresAt },
    });
    const recipient = await recipientOf(tx, place.user_id);
    await writeProgramEmail(tx, context, {
      program,
      recipient,
      kind: 'invitation',
      values: {
        acceptUrl: acceptUrl(context.baseUrl, ambassadorId),
        expiresOn: dateIn(recipient.locale, expiresAt),
      },
    });
    await notify(tx, [place.user_id], {
      tenantId: context.tenantId,
      kind: 'ambassador_invitation',
      actorId: input.managerId === place.user_id ? null : input.managerId,
    });
    result.invited.push(invited);
    left -= 1;
  }
  if (result.invited.length === 0 && limited > 0) {
    throw new GuildError(
      'invitation_limit_reached',
      `This program may send ${program.inviteDailyLimit} invitations a day (UTC) and has sent them all today.`,
      { inviteDailyLimit: program.inviteDailyLimit },
    );
  }
  return result;
}

/** Moves the tenant's invited members whose invitation expired to declined; returns how many. */
export async function expireInvitations(tx: Orm, tenantId: string): Promise<number> {
  const due = await sqlRows<{ id: string }>(
    tx,
    sql`select id from ambassadors where state = 'invited' and invitation_expires_at <= now()
         order by invitation_expires_at limit 500 for update skip locked`,
  );
  let moved = 0;
  for (const { id } of due) {
    await move(tx, tenantId, {
      ambassadorId: id,
      to: 'declined',
      mover: { kind: 'system', userId: null },
      reason: 'invitation expired',
    });
    moved += 1;
  }
  return moved;
}
