/**
 * Helpers for the moderation provider tests: a small HTTP server on 127.0.0.1 that stands in for
 * a provider (it records what it received and answers as each test tells it), and a way to
 * catch the failure a check rejects with.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake provider received. */
export interface Received {
  method: string;
  /** Path and query, e.g. `/v1/moderations`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the fake provider answers: a status with a JSON value or raw text, or never. */
export type Reply = { status?: number; json?: unknown; text?: string } | 'hang';

export interface FakeProvider {
  /** `http://127.0.0.1:<port>`, with no trailing slash. */
  url: string;
  /** Every request received so far, oldest first. */
  received: Received[];
  /** How to answer the next requests; replace it in each test. */
  reply: (request: Received) => Reply;
  /** The last request received, parsed as JSON. */
  lastJson(): unknown;
  /** Stops the server, dropping any request left hanging. */
  close(): Promise<void>;
}

/** Starts a fake provider on 127.0.0.1 at a free port. Close it when done. */
export async function startFakeProvider(): Promise<FakeProvider> {
  const fake: FakeProvider = {
    url: '',
    received: [],
    reply: () => ({ status: 500, text: 'no reply set' }),
    lastJson() {
      const last = fake.received.at(-1);
      if (!last) {
        throw new Error('the fake provider received nothing');
      }
      return JSON.parse(last.body) as unknown;
    },
    close: () => Promise.resolve(),
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      fake.received.push(received);
      const reply = fake.reply(received);
      if (reply === 'hang') {
        return;
      }
      const isJson = reply.json !== undefined;
      res.writeHead(reply.status ?? 200, {
        'content-type': isJson ? 'application/json' : 'text/plain',
      });
      res.end(isJson ? JSON.stringify(reply.json) : (reply.text ?? ''));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return fake;
}

/** An address on 127.0.0.1 where nothing listens (a port that was free a moment ago). */
export async function closedAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** What `promise` rejects with; throws if it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the check resolved, but it should have failed');
}

/** The scores of a text with nothing wrong in it, for every category Guild asks about. */
export const CLEAN_SCORES = {
  profanity: 0,
  insult: 0,
  harassment: 0,
  hate: 0,
  threat: 0,
  sexual: 0,
  self_harm: 0,
  spam: 0,
  scam: 0,
  personal_data: 0,
};

/** An OpenAI-style chat answer whose message is the verdict Guild asks for, with `scores`. */
export function chatAnswer(scores: Record<string, number>): Reply {
  return {
    json: {
      id: 'chat-1',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: JSON.stringify({ scores, explanation: 'Judged by the stand-in.' }),
          },
        },
      ],
    },
  };
}
