/**
 * Delivers the e-mails waiting in a tenant's outbox. Mail is written to the outbox in the same
 * transaction as what caused it; this job sends it afterwards, so a failed send never undoes
 * the change and a crash never loses the mail (unsent rows are picked up by the next run).
 *
 * The transports: `log` writes each message to the log (development and the demo: the reset
 * link shows in the terminal), `smtp` hands each message to one SMTP server over a small pool
 * of connections, `off` keeps mail in the outbox. A message the SMTP server refuses stays
 * unsent and the run goes on with the rest; a server that cannot be reached ends the run. Either
 * way the job fails afterwards, so the queue tries again later.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Database, Orm } from '../core/db/database.js';
import { JobTask, type TenantJobData } from '../core/jobs/jobs.js';
import type { GuildLogger } from '../core/logging/logger.js';
import { outboundEmails, users } from './accounts.table.js';

export type MailTransportName = 'log' | 'off' | 'smtp';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  kind: string;
  /** An HTML alternative to `text`. */
  html?: string;
  /** Extra header lines, e.g. List-Unsubscribe. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * Sends one message or throws (a `MailSendError` says whether only this message was refused).
 * `close`, where present, lets go of connections held open between sends.
 */
export type MailTransport = ((email: OutgoingEmail) => Promise<void>) & { close?: () => void };

export interface MailSettings {
  transport: MailTransportName;
  /** smtp:// or smtps:// with the credentials in it; needed by `smtp`. */
  smtpUrl?: string;
  from: string;
}

/**
 * Why one send failed. `rejected` means the server refused this message (a 4xx or 5xx reply to
 * it) and the next one may still go; otherwise the connection itself failed. The message is
 * the server's reply or the socket's error, never the server URL or its credentials.
 */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly rejected: boolean,
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}

/** Limits that keep a dead or stalling SMTP server from holding a delivery run. */
export interface SmtpTimeouts {
  /** To open the TCP (or TLS) connection. */
  connectMs: number;
  /** From connecting to the server's greeting. */
  greetingMs: number;
  /** Of silence on an open connection. */
  socketMs: number;
  /** For one whole message, however the server trickles its replies. */
  sendMs: number;
}

const SMTP_TIMEOUTS: SmtpTimeouts = {
  connectMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
  sendMs: 60_000,
};

/** The transport named by configuration. */
export function mailTransport(settings: MailSettings, logger: GuildLogger): MailTransport | null {
  switch (settings.transport) {
    case 'log':
      return (email) => {
        logger.info({ category: 'app', mail: email }, `e-mail to ${email.to}: ${email.subject}`);
        return Promise.resolve();
      };
    case 'smtp':
      if (!settings.smtpUrl) {
        throw new Error('The smtp mail transport needs an SMTP URL');
      }
      return smtpTransport(settings.smtpUrl, settings.from);
    case 'off':
      return null;
  }
}

/** One line: a header value can never start another header. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/**
 * Sends through one pooled nodemailer transporter to the server in `url`
 * (smtp://user:pass@host:port, or smtps:// for TLS from the first byte).
 */
export function smtpTransport(
  url: string,
  from: string,
  timeouts: SmtpTimeouts = SMTP_TIMEOUTS,
): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 2,
    maxMessages: 100,
    // Runs come in bursts after writes; an idle connection is not kept for long.
    idleTimeout: 30_000,
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    // nodemailer logs nothing unless given a logger; keep it so (its lines carry addresses).
    logger: false,
  });
  const send = async (email: OutgoingEmail): Promise<void> => {
    const headers = Object.fromEntries(
      Object.entries(email.headers ?? {}).map(([name, value]) => [oneLine(name), oneLine(value)]),
    );
    try {
      await transporter.sendMail({
        from,
        to: email.to,
        subject: oneLine(email.subject),
        text: email.text,
        ...(email.html === undefined ? {} : { html: email.html }),
        headers,
        signal: AbortSignal.timeout(timeouts.sendMs),
      });
    } catch (error) {
      throw sendError(error);
    }
  };
  return Object.assign(send, { close: () => transporter.close() });
}

/** Copies what is safe to log from a nodemailer error into a `MailSendError`. */
function sendError(error: unknown): MailSendError {
  const detail = error as { message?: unknown; code?: unknown; responseCode?: unknown };
  const message = typeof detail.message === 'string' ? detail.message : 'the send failed';
  const code = typeof detail.code === 'string' ? detail.code : '';
  const responseCode = typeof detail.responseCode === 'number' ? detail.responseCode : undefined;
  // 421 closes the session and a failed login fails every message: both end the run.
  const rejected =
    responseCode !== undefined &&
    responseCode >= 400 &&
    responseCode !== 421 &&
    code !== 'EAUTH' &&
    code !== 'ECONNECTION';
  return new MailSendError(code ? `${code}: ${message}` : message, rejected, responseCode);
}

/**
 * Writes one e-mail to the tenant's outbox in the caller's transaction; it is sent after the
 * transaction commits (tell the mail queue with `written(tenantId)`). For other domains'
 * messages (invitations, reminders, surveys); the address is read from the member's account.
 * Returns false when the member has no address to write to (deleted).
 */
export async function queueEmailTo(
  db: Orm,
  tenantId: string,
  message: { userId: string; kind: string; subject: string; text: string },
): Promise<boolean> {
  const [user] = await db
    .select({ email: users.email, status: users.status })
    .from(users)
    .where(eq(users.id, message.userId));
  if (!user || user.status === 'deleted') {
    return false;
  }
  await db.insert(outboundEmails).values({
    tenantId,
    userId: message.userId,
    toAddress: user.email,
    kind: message.kind,
    subject: message.subject.replace(/[\r\n]+/g, ' ').slice(0, 200),
    bodyText: message.text,
  });
  return true;
}

const BATCH = 50;

/**
 * Sends up to 50 unsent messages of one tenant, oldest first; returns how many were sent.
 * Each sent message is marked at once. A message the server refuses stays unsent while the
 * others go; any other failure stops the run. If anything failed, this throws afterwards (the
 * marks of the messages that did go are kept), so the job is retried.
 */
export async function deliverOutbox(
  db: Database,
  tenantId: string,
  transport: MailTransport,
): Promise<number> {
  const failures: string[] = [];
  const sent = await db.tenant(tenantId, async (tx) => {
    const pending = await tx
      .select()
      .from(outboundEmails)
      .where(isNull(outboundEmails.sentAt))
      .orderBy(asc(outboundEmails.createdAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    let count = 0;
    for (const row of pending) {
      try {
        await transport({
          to: row.toAddress,
          subject: row.subject,
          text: row.bodyText,
          kind: row.kind,
        });
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
        if (error instanceof MailSendError && error.rejected) {
          continue;
        }
        break;
      }
      await tx
        .update(outboundEmails)
        .set({ sentAt: sql`now()` })
        .where(and(eq(outboundEmails.id, row.id), isNull(outboundEmails.sentAt)));
      count += 1;
    }
    return count;
  });
  if (failures.length > 0) {
    throw new Error(
      `${failures.length} e-mail(s) not sent (${sent} sent); first failure: ${failures[0]}`,
    );
  }
  return sent;
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
