/**
 * A local SMTP server for tests: it listens on 127.0.0.1 on a free port, accepts any login,
 * keeps every message it receives, and can be told to refuse the next few. Messages are read
 * just enough for assertions: the top-level headers, the subject, and the plain-text and HTML
 * bodies (quoted-printable and base64 decoded, the text/plain part of a multipart message).
 */
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  /** The envelope sender (MAIL FROM). */
  from: string;
  /** The envelope recipients (RCPT TO). */
  to: string[];
  /** The user the client logged in as, if it did. */
  user: string | null;
  /** The message exactly as received. */
  raw: string;
  /** Top-level headers, names in lower case (the last one wins when repeated). */
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string | null;
}

export interface SmtpSink {
  /** smtp://user:secret@127.0.0.1:<port>; the sink accepts any credentials. */
  url: string;
  /** Every accepted message, in order of arrival. */
  messages: SinkMessage[];
  /** Resolves with the first message (received or still to come) that matches. */
  waitFor(predicate: (message: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  /** Refuses the next `count` messages at the end of DATA with `code` (e.g. 451 or 550). */
  rejectNext(count: number, code?: number): void;
  /** How many messages were refused so far. */
  rejected: number;
  close(): Promise<void>;
}

/** Starts a sink; close it in `afterAll`. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const waiters = new Set<() => void>();
  let toReject = 0;
  let rejectCode = 550;

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A test that stops mid-send should not keep the sink's close waiting.
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (toReject > 0) {
          toReject -= 1;
          sink.rejected += 1;
          const refusal = Object.assign(new Error('the sink refuses this message'), {
            responseCode: rejectCode,
          });
          callback(refusal);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          from: mailFrom === false ? '' : mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: typeof session.user === 'string' ? session.user : null,
          raw,
          ...readMessage(raw),
        });
        waiters.forEach((wake) => wake());
        callback(null);
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the SMTP sink has no port');
  }

  const sink: SmtpSink = {
    url: `smtp://user:secret@127.0.0.1:${address.port}`,
    messages,
    rejected: 0,
    rejectNext(count, code = 550) {
      toReject = count;
      rejectCode = code;
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (found) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message within ${timeoutMs} ms (${messages.length} in)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return sink;
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

/** Splits headers from body at the first blank line and unfolds the headers. */
function splitPart(source: string): Part {
  const end = /\r?\n\r?\n/.exec(source);
  const head = end ? source.slice(0, end.index) : source;
  const body = end ? source.slice(end.index + end[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return { headers, body };
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i += 1) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(part: Part): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const body = part.body.replace(/\r?\n$/, '');
  if (encoding === 'base64') {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  if (encoding === 'quoted-printable') {
    return decodeQuotedPrintable(body);
  }
  return body;
}

/** Decodes =?utf-8?Q?...?= and =?utf-8?B?...?= words in a header. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_word, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

/** The first part of `type` in a (possibly multipart) message. */
function findPart(part: Part, type: string): string | null {
  const contentType = part.headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (contentType.toLowerCase().startsWith('multipart/') && boundary) {
    const pieces = part.body.split(`--${boundary}`).slice(1);
    for (const piece of pieces) {
      if (piece.startsWith('--')) {
        break;
      }
      const found = findPart(splitPart(piece.replace(/^\r?\n/, '')), type);
      if (found !== null) {
        return found;
      }
    }
    return null;
  }
  return contentType.toLowerCase().startsWith(type) ? decodeBody(part) : null;
}

function readMessage(raw: string): Pick<SinkMessage, 'headers' | 'subject' | 'text' | 'html'> {
  const message = splitPart(raw);
  return {
    headers: message.headers,
    subject: decodeWords(message.headers.subject ?? ''),
    text: findPart(message, 'text/plain') ?? '',
    html: findPart(message, 'text/html'),
  };
}
