/**
 * Delivers the e-mails waiting in a tenant's outbox. Mail is written to the outbox in the same
 * transaction as what caused it; this job sends it afterwards, so a failed send never undoes
 * the change and a crash never loses the mail (unsent rows are picked up by the next run).
 *
 * The transports: `log` writes each message to the log (development and the demo: the reset
 * link shows in the terminal), `off` keeps mail in the outbox. An SMTP transport is not built
 * yet; until then production deployments read `outbound_emails` themselves or keep `off`.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../core/db/database.js';
import { JobTask, type TenantJobData } from '../core/jobs/jobs.js';
import type { GuildLogger } from '../core/logging/logger.js';
import { outboundEmails } from './accounts.table.js';

export type MailTransportName = 'log' | 'off';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  kind: string;
}

/** Sends one message or throws. */
export type MailTransport = (email: OutgoingEmail) => Promise<void>;

/** The transport named by configuration. */
export function mailTransport(name: MailTransportName, logger: GuildLogger): MailTransport | null {
  switch (name) {
    case 'log':
      return (email) => {
        logger.info({ category: 'app', mail: email }, `e-mail to ${email.to}: ${email.subject}`);
        return Promise.resolve();
      };
    case 'off':
      return null;
  }
}

const BATCH = 50;

/** Sends up to 50 unsent messages of one tenant, oldest first; returns how many were sent. */
export async function deliverOutbox(
  db: Database,
  tenantId: string,
  transport: MailTransport,
): Promise<number> {
  return db.tenant(tenantId, async (tx) => {
    const pending = await tx
      .select()
      .from(outboundEmails)
      .where(isNull(outboundEmails.sentAt))
      .orderBy(asc(outboundEmails.createdAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    for (const row of pending) {
      await transport({
        to: row.toAddress,
        subject: row.subject,
        text: row.bodyText,
        kind: row.kind,
      });
      await tx
        .update(outboundEmails)
        .set({ sentAt: sql`now()` })
        .where(and(eq(outboundEmails.id, row.id), isNull(outboundEmails.sentAt)));
    }
    return pending.length;
  });
}

/** The job that drains a tenant's outbox after something wrote to it. */
export class DeliverEmailsTask extends JobTask<TenantJobData> {
  readonly name = 'deliver-emails';

  constructor(private readonly transport: MailTransport) {
    super();
  }

  async run(data: TenantJobData, context: { db: Database }): Promise<void> {
    await deliverOutbox(context.db, data.tenantId, this.transport);
  }
}
