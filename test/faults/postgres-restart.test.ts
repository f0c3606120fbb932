/**
 * Fault: the PostgreSQL server restarts under load. The test runs a private cluster of its own
 * (initdb into a temporary directory, 127.0.0.1 and a free port only, stopped and removed at
 * the end) and a Guild process on it, sends a stream of keyed point awards and posts, restarts
 * the cluster (`pg_ctl restart -m fast`), and then stops it for a while to ask during the
 * outage. Requests in the outage get 503 in the catalogue's shape (never a hang or a crash), the
 * process serves again on its own, every award is in the ledger exactly once with no drift, and
 * jobs run again. PostgreSQL pass only (it also needs the server's binaries and root).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, sqlRows, type Database } from '../../src/core/db/database.js';
import { migrate } from '../../src/core/db/migrate.js';
import { reconcileAll } from '../../src/gamification/ledger-sweeper.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import { createLogger } from '../../src/core/logging/logger.js';
import { PrivateCluster, privateClusterUnavailable } from '../support/private-cluster.js';
import { serverUrl } from '../support/test-database.js';
import {
  call,
  killProcess,
  seedCommunity,
  sleep,
  startGuildProcess,
  until,
  type Answer,
  type Community,
  type GuildProcess,
} from '../support/guild-process.js';

const AWARDS = 240;
const SENDERS = 6;

const skipReason =
  serverUrl() === null
    ? 'needs a PostgreSQL server; runs in the PostgreSQL pass'
    : privateClusterUnavailable();
if (skipReason !== null) {
  console.warn(`postgres restart: skipped, ${skipReason}`);
}

/** A webhook receiver on 127.0.0.1 that counts each event id it answered. */
async function startReceiver(): Promise<{ server: Server; url: string; got: Map<string, number> }> {
  const got = new Map<string, number>();
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const id = request.headers['guild-event-id'];
      if (typeof id === 'string') {
        got.set(id, (got.get(id) ?? 0) + 1);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

let cluster: PrivateCluster | null = null;
const DATABASE = 'guild_h_faults_restart';
let db: Database | null = null;
let guild: GuildProcess | null = null;
let community: Community;
let receiver: Awaited<ReturnType<typeof startReceiver>> | null = null;

beforeAll(async () => {
  if (skipReason !== null) {
    return;
  }
  cluster = await PrivateCluster.create();
  cluster.createDatabase(DATABASE);
  db = openDatabase({ url: cluster.url(DATABASE), pgliteDir: '', poolSize: 2 });
  await migrate(db);
  community = await seedCommunity(db, 'restart', 6);
  receiver = await startReceiver();
  guild = await startGuildProcess({
    DATABASE_URL: cluster.url(DATABASE),
    GUILD_DEFAULT_TENANT: 'restart',
    GUILD_DB_POOL_SIZE: '8',
    GUILD_DELIVERY_RETRY_SECONDS: '1',
    GUILD_DELIVERY_TIMEOUT_MS: '2000',
    GUILD_DELIVERY_ALLOWED_ADDRESSES: '127.0.0.1',
  });
  const space = await call(guild.url, community.token, 'POST', '/api/v1/spaces', {
    slug: 'news',
    name: 'News',
    visibility: 'public',
    kind: 'topic',
  });
  expect(space.status, JSON.stringify(space.body)).toBe(201);
}, 240_000);

afterAll(async () => {
  killProcess(guild);
  await db?.close().catch(() => undefined);
  if (receiver) {
    receiver.server.closeAllConnections();
    receiver.server.close();
  }
  cluster?.remove();
}, 60_000);

function award(n: number): Promise<Answer> {
  return call(
    guild!.url,
    community.token,
    'POST',
    '/api/v1/points/awards',
    {
      userId: community.members[n % community.members.length],
      points: 1 + (n % 5),
      reason: `Restart award ${n}`,
    },
    { 'idempotency-key': `restart-${n}` },
  );
}

function isErrorShape(body: unknown, code: string): boolean {
  const error = (body as { error?: { code?: unknown; message?: unknown; requestId?: unknown } })
    ?.error;
  return (
    error?.code === code && typeof error.message === 'string' && typeof error.requestId === 'string'
  );
}

describe.skipIf(skipReason !== null)('postgres restart', () => {
  it('postgres restart: a fast restart under load loses and doubles nothing; the process recovers', async () => {
    // Each sender sends its awards, and retries one with the same key until it is answered 201.
    const seen: Answer[] = [];
    let landed = 0;
    let next = 0;
    const senders = Array.from({ length: SENDERS }, async () => {
      while (next < AWARDS) {
        const n = next;
        next += 1;
        const deadline = Date.now() + 90_000;
        for (;;) {
          const answer = await award(n);
          seen.push(answer);
          if (answer.status === 201) {
            landed += 1;
            break;
          }
          if (Date.now() > deadline) {
            throw new Error(
              `award ${n} never landed; last ${JSON.stringify(answer)}; ${guild!.stderr()}`,
            );
          }
          await sleep(100);
        }
        if (n % 10 === 0) {
          const posted = await call(
            guild!.url,
            community.token,
            'POST',
            '/api/v1/spaces/news/posts',
            {
              title: `Store news ${n}`,
              body: `Opening hours for week ${n} are unchanged.`,
            },
          );
          seen.push(posted);
        }
      }
    });
    const startedAt = async () =>
      (await db!.query<{ at: string }>('select pg_postmaster_start_time()::text as at'))[0]!.at;
    const before = await startedAt();
    await until('some awards to land', () => (landed >= 30 ? true : undefined), 60_000, 20);
    cluster!.restart();
    await Promise.all(senders);
    // The server did restart under the load.
    expect(await startedAt()).not.toBe(before);

    // Every answer was a success or a clear 503: no 500, no hang (-1).
    const failures = seen.filter((answer) => answer.status !== 201);
    for (const failure of failures) {
      expect(failure.status, JSON.stringify(failure.body)).toBe(503);
      expect(isErrorShape(failure.body, 'service_unavailable')).toBe(true);
    }
    expect(guild!.child.exitCode, guild!.stderr()).toBeNull();
    expect(guild!.child.signalCode, guild!.stderr()).toBeNull();

    const [counts] = await db!.tenant(community.tenantId, (tx) =>
      sqlRows<{ entries: number; keys: number }>(
        tx,
        sql`select count(*)::int as entries, count(distinct idempotency_key)::int as keys
              from ledger_entries where kind = 'award'`,
      ),
    );
    expect(counts).toEqual({ entries: AWARDS, keys: AWARDS });
    const report = await db!.tenant(community.tenantId, (tx) => reconcile(tx));
    expect(report.drift).toEqual([]);
    expect(await reconcileAll(db!, createLogger('silent'))).toEqual([]);
  }, 240_000);

  it('postgres restart: while the server is down, requests get 503 quickly; then it serves and runs jobs again', async () => {
    cluster!.stop('fast');
    try {
      const during = await Promise.all([
        award(AWARDS + 1),
        call(guild!.url, community.token, 'GET', '/api/v1/spaces/news/posts'),
        call(guild!.url, community.token, 'POST', '/api/v1/spaces/news/posts', {
          title: 'During the outage',
          body: 'This should not be stored.',
        }),
      ]);
      for (const answer of during) {
        // -1 would be a hang: the answer has to come well within the client's timeout.
        expect(answer.status, JSON.stringify(answer.body)).toBe(503);
        expect(isErrorShape(answer.body, 'service_unavailable')).toBe(true);
      }
      const ready = await fetch(`${guild!.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(guild!.child.exitCode, guild!.stderr()).toBeNull();
    } finally {
      cluster!.start();
    }

    // Recovers on its own: the same key lands once.
    const again = await until('a write to succeed after the restart', async () => {
      const answer = await award(AWARDS + 1);
      return answer.status === 201 ? answer : undefined;
    });
    expect(again.status).toBe(201);
    expect((await fetch(`${guild!.url}/readyz`)).status).toBe(200);

    // Jobs run again: a webhook delivery goes through the queue to the receiver, once.
    const endpoint = await call(
      guild!.url,
      community.token,
      'POST',
      '/api/v1/integrations/webhook-endpoints',
      { url: `${receiver!.url}/hook`, topics: ['customer.linked'], description: 'after restart' },
    );
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
    const endpointId = (endpoint.body as { id: string }).id;
    const ping = await call(
      guild!.url,
      community.token,
      'POST',
      `/api/v1/integrations/webhook-endpoints/${endpointId}/ping`,
    );
    expect(ping.status).toBe(202);
    const { id, eventId } = ping.body as { id: string; eventId: string };
    await until('the delivery to succeed', async () => {
      const found = await call(
        guild!.url,
        community.token,
        'GET',
        `/api/v1/integrations/deliveries/${id}`,
      );
      return (found.body as { status?: string }).status === 'succeeded' ? true : undefined;
    });
    expect(receiver!.got.get(eventId)).toBe(1);

    const [counts] = await db!.tenant(community.tenantId, (tx) =>
      sqlRows<{ entries: number; keys: number; outage: number }>(
        tx,
        sql`select count(*)::int as entries, count(distinct idempotency_key)::int as keys,
                   (select count(*)::int from posts where title = 'During the outage') as outage
              from ledger_entries where kind = 'award'`,
      ),
    );
    expect(counts).toEqual({ entries: AWARDS + 1, keys: AWARDS + 1, outage: 0 });
    expect(await reconcileAll(db!, createLogger('silent'))).toEqual([]);
  }, 240_000);
});
