/**
 * Several Guild processes on one PostgreSQL server behave as one system: a session made on one
 * is honoured (and ended) on the other, write rate limits count across both, live dashboard
 * updates reach a client on either, and queued jobs run once. Run twice: with the state shared
 * through PostgreSQL alone, and with Redis carrying rate limits and fan-out.
 *
 * Needs a PostgreSQL server (PGlite is one process): it runs in the suite's PostgreSQL pass.
 * The Redis half uses GUILD_TEST_REDIS_URL (default this machine's redis://127.0.0.1:6379).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/core/db/database.js';
import { Redis } from 'ioredis';
import {
  call,
  killProcess,
  PASSWORD,
  seedCommunity,
  startGuildProcess,
  until,
  type Community,
  type GuildProcess,
} from '../support/guild-process.js';
import { TestClient } from '../support/harness.js';
import { freshServerDatabase, serverUrl } from '../support/test-database.js';

const server = serverUrl();
const redisUrl = process.env.GUILD_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
if (server === null) {
  console.warn(
    'cluster.test.ts skipped: several processes need a PostgreSQL server (PostgreSQL pass)',
  );
}

const WRITES_PER_MINUTE = 6;

describe.skipIf(server === null).each([
  { shared: 'PostgreSQL', redis: false },
  { shared: 'Redis', redis: true },
])('two processes sharing state through $shared', ({ redis }) => {
  let db: Database;
  let community: Community;
  let a: GuildProcess;
  let b: GuildProcess;
  const prefix = `guild-test-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    if (redis) {
      // A clear failure when the Redis the tests were promised is not there.
      const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
      await probe.connect().catch((error: unknown) => {
        throw new Error(`Redis at ${redisUrl} is needed for this test: ${String(error)}`);
      });
      await probe.quit();
    }
    const url = await freshServerDatabase(server!);
    db = openDatabase({ url, pgliteDir: '', poolSize: 2 });
    community = await seedCommunity(db, 'cluster', 2);
    const env = {
      DATABASE_URL: url,
      GUILD_DEFAULT_TENANT: 'cluster',
      GUILD_WRITES_PER_MINUTE: String(WRITES_PER_MINUTE),
      GUILD_LIVE_POLL_SECONDS: '1',
      GUILD_DELIVERY_ALLOWED_ADDRESSES: '127.0.0.1',
      GUILD_DELIVERY_RETRY_SECONDS: '1',
      ...(redis ? { REDIS_URL: redisUrl, GUILD_REDIS_PREFIX: prefix } : {}),
    };
    // Both at once, as a deployment starts them; if one fails, the other is stopped too.
    const started = await Promise.allSettled([startGuildProcess(env), startGuildProcess(env)]);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) {
      started.forEach((result) => result.status === 'fulfilled' && killProcess(result.value));
      throw failed.reason;
    }
    [a, b] = started.map((result) => (result as PromiseFulfilledResult<GuildProcess>).value) as [
      GuildProcess,
      GuildProcess,
    ];
  }, 180_000);

  afterAll(async () => {
    killProcess(a);
    killProcess(b);
    await db?.close();
    if (redis) {
      const cleanup = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      const keys = await cleanup.keys(`${prefix}*`);
      if (keys.length > 0) {
        await cleanup.del(...keys);
      }
      await cleanup.quit();
    }
  });

  it('honours a session made on one process on the other, and ends it on both', async () => {
    const onA = new TestClient(a.url);
    await onA.signIn({ email: 'member0@cluster.example.com', password: PASSWORD });
    const onB = twin(onA, b.url);
    const me = await onB.get<{ username: string }>('/api/v1/users/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('cluster_member_0');

    expect((await onB.post('/api/v1/auth/sign-out')).status).toBeLessThan(300);
    expect((await onA.get('/api/v1/users/me')).status).toBe(401);
  });

  it('counts write rate limits across both processes', async () => {
    const member = new TestClient(a.url);
    await member.signIn({ email: 'member1@cluster.example.com', password: PASSWORD });
    const onB = twin(member, b.url);
    const statuses: number[] = [];
    for (let i = 0; i < WRITES_PER_MINUTE + 2; i += 1) {
      const client = i % 2 === 0 ? member : onB;
      const reply = await client.patch('/api/v1/users/me', { locale: 'en-GB' });
      statuses.push(reply.status);
      if (reply.status === 429) {
        expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
      }
    }
    // The limit is per member whichever process answers: apart, each would allow all eight.
    expect(statuses.filter((status) => status === 200).length).toBe(WRITES_PER_MINUTE);
    expect(statuses.slice(-2)).toEqual([429, 429]);
  });

  it('brings a live dashboard update made on one process to a client on the other', async () => {
    const stream = await openLive(b.url, community.token);
    try {
      const first = await stream.next();
      const award = await call(
        a.url,
        community.token,
        'POST',
        '/api/v1/points/awards',
        { userId: community.members[0], points: 5, reason: 'cluster live update' },
        { 'idempotency-key': randomBytes(8).toString('hex') },
      );
      expect(award.status).toBeLessThan(300);
      let changed = await stream.next();
      while (changed === first) {
        changed = await stream.next();
      }
      expect(changed).not.toBe(first);
    } finally {
      stream.close();
    }
  });

  it('runs each queued delivery once though both processes work the queue', async () => {
    const received: string[] = [];
    const receiver = await listen((eventId) => received.push(eventId));
    try {
      const address = receiver.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const endpoint = await call(
        a.url,
        community.token,
        'POST',
        '/api/v1/integrations/webhook-endpoints',
        {
          url: `http://127.0.0.1:${port}/hook`,
          topics: ['*'],
        },
      );
      expect(endpoint.status).toBe(201);
      const id = (endpoint.body as { id: string }).id;
      // The manager's writes share the low rate limit of this file: an award, this endpoint,
      // four pings.
      const pings = 4;
      for (let i = 0; i < pings; i += 1) {
        const via = i % 2 === 0 ? a : b;
        const ping = await call(
          via.url,
          community.token,
          'POST',
          `/api/v1/integrations/webhook-endpoints/${id}/ping`,
        );
        expect(ping.status).toBeLessThan(300);
      }
      await until('every ping delivered', () =>
        Promise.resolve(received.length >= pings ? true : undefined),
      );
      // A little longer: a second run of any job would show up as a repeat.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(received.length).toBe(pings);
      expect(new Set(received).size).toBe(pings);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

/** A client on another process carrying the same cookies and CSRF token. */
function twin(client: TestClient, baseUrl: string): TestClient {
  const copy = new TestClient(baseUrl);
  for (const pair of client.cookieHeader().split('; ')) {
    const index = pair.indexOf('=');
    copy.setCookie(pair.slice(0, index), pair.slice(index + 1));
  }
  copy.csrfToken = client.csrfToken;
  return copy;
}

/** The dashboards' event stream: `next()` gives each `metrics` version as it arrives. */
async function openLive(base: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/analytics/live`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<string> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const match = /event: metrics\ndata: (\{[^\n]*\})\n\n/.exec(buffer);
      if (match) {
        buffer = buffer.slice(match.index + match[0].length);
        return (JSON.parse(match[1]!) as { version: string }).version;
      }
      if (Date.now() > deadline) {
        throw new Error('no metrics event within 30 s');
      }
      const chunk = await reader.read();
      if (chunk.done) {
        throw new Error('the live stream ended');
      }
      buffer += chunk.value;
    }
  };
  return { next, close: () => controller.abort() };
}

/** A partner's webhook receiver on loopback; reports each event id it is sent. */
function listen(onEvent: (eventId: string) => void): Promise<Server> {
  const receiver = createServer((request, response) => {
    const eventId = request.headers['guild-event-id'];
    request.resume();
    request.on('end', () => {
      if (typeof eventId === 'string') {
        onEvent(eventId);
      }
      response.writeHead(204).end();
    });
  });
  return new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(receiver)));
}
