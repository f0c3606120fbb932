/**
 * The outbox over real SMTP: messages reach a local sink with the right envelope, subject and
 * text; a refused message stays unsent while the others go, and goes on a later run; a server
 * that never answers fails the run quickly instead of holding it.
 */
import net from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.js';
import { freshDatabase } from '../../test/support/test-database.js';
import type { Database } from '../core/db/database.js';
import { createLogger } from '../core/logging/logger.js';
import { createTenant } from '../tenancy/tenancy.service.js';
import { outboundEmails } from './accounts.table.js';
import {
  deliverOutbox,
  mailTransport,
  MailSendError,
  smtpTransport,
  type MailTransport,
} from './email-delivery.js';

const FROM = 'Guild Test <no-reply@guild.test>';

let db: Database;
let tenantId: string;
let sink: SmtpSink;
let transport: MailTransport;
let counter = 0;

beforeAll(async () => {
  db = await freshDatabase();
  tenantId = await createTenant(db, {
    slug: 'mail',
    name: 'Mail',
    defaultLocale: 'en-GB',
    regions: [],
    segments: [],
  });
  sink = await startSmtpSink();
  transport = smtpTransport(sink.url, FROM);
}, 60_000);

afterAll(async () => {
  transport.close?.();
  await sink.close();
  await db.close();
});

/** Each test starts with an empty outbox, so runs only see their own rows. */
beforeEach(async () => {
  await db.tenant(tenantId, (tx) => tx.delete(outboundEmails));
});

/** Writes one message to the outbox (each in its own transaction, so they are ordered). */
async function writeMail(subject: string, bodyText: string): Promise<string> {
  counter += 1;
  const [row] = await db.tenant(tenantId, (tx) =>
    tx
      .insert(outboundEmails)
      .values({
        tenantId,
        toAddress: `member${counter}@example.com`,
        kind: 'test',
        subject,
        bodyText,
      })
      .returning({ id: outboundEmails.id }),
  );
  return row!.id;
}

async function sentAt(id: string): Promise<Date | null> {
  const [row] = await db.tenant(tenantId, (tx) =>
    tx
      .select({ sentAt: outboundEmails.sentAt })
      .from(outboundEmails)
      .where(eq(outboundEmails.id, id)),
  );
  return row!.sentAt;
}

describe('the smtp transport', () => {
  it('delivers an outbox message to the server with its recipient, subject and text', async () => {
    const before = sink.messages.length;
    // Accents and a long line make nodemailer encode the body; the sink decodes it back.
    const text = `Bonjour Zoë,\n\nReset your password: https://guild.test/reset?token=${'x'.repeat(90)}\n`;
    const id = await writeMail('Réinitialisez votre mot de passe', text);

    await expect(deliverOutbox(db, tenantId, transport)).resolves.toBe(1);

    expect(sink.messages).toHaveLength(before + 1);
    const message = sink.messages.at(-1)!;
    expect(message.to).toEqual([`member${counter}@example.com`]);
    expect(message.from).toBe('no-reply@guild.test');
    expect(message.user).toBe('user');
    expect(message.subject).toBe('Réinitialisez votre mot de passe');
    expect(message.raw).toMatch(/content-transfer-encoding: (quoted-printable|base64)/i);
    // SMTP ends every message with a line break, so only the trailing one may differ.
    expect(message.text.replace(/\r\n/g, '\n').trimEnd()).toBe(text.trimEnd());
    expect(message.headers.from).toContain('no-reply@guild.test');
    expect(await sentAt(id)).toBeInstanceOf(Date);

    // Sent once: the next run finds nothing.
    await expect(deliverOutbox(db, tenantId, transport)).resolves.toBe(0);
    expect(sink.messages).toHaveLength(before + 1);
  });

  it('keeps a refused message unsent, sends the others, and sends it on the next run', async () => {
    const ids = [
      await writeMail('first of three', 'one'),
      await writeMail('second of three', 'two'),
      await writeMail('third of three', 'three'),
    ];
    sink.rejectNext(1, 550);
    const refusedBefore = sink.rejected;

    await expect(deliverOutbox(db, tenantId, transport)).rejects.toThrow(
      /1 e-mail\(s\) not sent \(2 sent\)/,
    );
    expect(sink.rejected).toBe(refusedBefore + 1);
    // The oldest went first and was the one refused.
    expect(await sentAt(ids[0]!)).toBeNull();
    expect(await sentAt(ids[1]!)).toBeInstanceOf(Date);
    expect(await sentAt(ids[2]!)).toBeInstanceOf(Date);
    expect(sink.messages.some((m) => m.subject === 'first of three')).toBe(false);

    await expect(deliverOutbox(db, tenantId, transport)).resolves.toBe(1);
    await sink.waitFor((m) => m.subject === 'first of three', 1000);
    expect(await sentAt(ids[0]!)).toBeInstanceOf(Date);
    expect(sink.messages.filter((m) => m.subject.endsWith('of three'))).toHaveLength(3);
  });

  it('treats a temporary refusal (4xx) as a refusal of that message only', async () => {
    const first = await writeMail('try again later', 'soon');
    const second = await writeMail('goes through', 'now');
    sink.rejectNext(1, 451);

    const failure = await deliverOutbox(db, tenantId, transport).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/451/);
    expect(await sentAt(first)).toBeNull();
    expect(await sentAt(second)).toBeInstanceOf(Date);
  });

  it('sends an HTML alternative and extra headers, and keeps the subject on one line', async () => {
    await transport({
      to: 'reader@example.com',
      subject: 'Weekly digest\r\nBcc: someone@example.com',
      text: 'Plain digest',
      html: '<p>Rich <b>digest</b></p>',
      headers: { 'List-Unsubscribe': '<https://guild.test/unsubscribe?t=abc>' },
      kind: 'digest',
    });
    const message = await sink.waitFor((m) => m.to.includes('reader@example.com'));
    expect(message.text.trim()).toBe('Plain digest');
    expect(message.html?.trim()).toBe('<p>Rich <b>digest</b></p>');
    expect(message.headers['list-unsubscribe']).toBe('<https://guild.test/unsubscribe?t=abc>');
    expect(message.headers.bcc).toBeUndefined();
    expect(message.subject).toBe('Weekly digest Bcc: someone@example.com');
  });

  it('fails the run quickly when the server never answers, leaving every message unsent', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const stalled = smtpTransport(`smtp://127.0.0.1:${port}`, FROM, {
      connectMs: 500,
      greetingMs: 500,
      socketMs: 500,
      sendMs: 2000,
    });
    try {
      const ids = [await writeMail('stuck one', 'a'), await writeMail('stuck two', 'b')];
      // The server never answers: the transport's own time limits must end the delivery.
      const failure = await deliverOutbox(db, tenantId, stalled).catch((error: unknown) => error);
      expect((failure as Error).message).toMatch(/1 e-mail\(s\) not sent \(0 sent\)/);
      expect(sockets.length).toBeGreaterThanOrEqual(1);
      expect(await sentAt(ids[0]!)).toBeNull();
      expect(await sentAt(ids[1]!)).toBeNull();
    } finally {
      stalled.close?.();
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('reports a refused connection as a connection failure, not a refusal of the message', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const nowhere = smtpTransport(`smtp://127.0.0.1:${port}`, FROM);
    try {
      const failure = await nowhere({ to: 'a@example.com', subject: 's', text: 't', kind: 'k' })
        .then(() => null)
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MailSendError);
      expect((failure as MailSendError).rejected).toBe(false);
    } finally {
      nowhere.close?.();
    }
  });
});

describe('mailTransport', () => {
  it('builds the transport configuration names, and needs a URL for smtp', () => {
    const logger = createLogger('silent');
    expect(mailTransport({ transport: 'off', from: FROM }, logger)).toBeNull();
    expect(typeof mailTransport({ transport: 'log', from: FROM }, logger)).toBe('function');
    const smtp = mailTransport({ transport: 'smtp', smtpUrl: sink.url, from: FROM }, logger);
    expect(typeof smtp).toBe('function');
    smtp?.close?.();
    expect(() => mailTransport({ transport: 'smtp', from: FROM }, logger)).toThrow(/SMTP URL/);
  });
});
