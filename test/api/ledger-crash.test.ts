/**
 * SECURITY.md S22 and issue 5's crash test: a Guild process killed with SIGKILL in the middle
 * of a stream of awards. After a restart, the client sends every award again with its key:
 * each key has exactly one entry, and reconciliation finds no drift. Runs on the PostgreSQL
 * server only: it needs a database that a second process can open after the first has died.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/accounts/accounts.service.js';
import { createApiToken } from '../../src/accounts/api-tokens.js';
import { openDatabase, sqlRows, type Database } from '../../src/core/db/database.js';
import { reconcile } from '../../src/gamification/reconciliation.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';
import { freshServerDatabase, serverUrl } from '../support/test-database.js';

const server = serverUrl();
const AWARDS = 400;
const SENDERS = 8;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts `guild start` in its own process and waits until it answers. */
async function startGuildProcess(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'start', '--no-demo'],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl,
        GUILD_PORT: String(port),
        GUILD_HOST: '127.0.0.1',
        GUILD_DEFAULT_TENANT: 'crash',
        GUILD_WRITES_PER_MINUTE: '100000',
        GUILD_MAIL: 'off',
        GUILD_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Guild exited with ${child.exitCode} before answering`);
    }
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (answer.ok) {
        return child;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('Guild did not answer within 60 s');
}

describe.skipIf(server === null)('a process killed in the middle of awards (S22)', () => {
  let db: Database;
  let url: string;
  let tenantId: string;
  let token: string;
  const members: string[] = [];
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    url = await freshServerDatabase(server!);
    db = openDatabase({ url, pgliteDir: '', poolSize: 2 });
    tenantId = await createTenant(db, {
      slug: 'crash',
      name: 'Crash',
      defaultLocale: 'en-GB',
      regions: [],
      segments: [],
    });
    const managerId = await db.tenant(tenantId, (tx) =>
      createAccount(tx, tenantId, {
        email: 'manager@example.com',
        username: 'crash_manager',
        displayName: 'Manager',
        password: 'tidy-lantern-harbour',
        role: 'manager',
      }),
    );
    for (let i = 0; i < 5; i += 1) {
      members.push(
        await db.tenant(tenantId, (tx) =>
          createAccount(tx, tenantId, {
            email: `member${i}@example.com`,
            username: `crash_member_${i}`,
            displayName: `Member ${i}`,
            password: 'tidy-lantern-harbour',
            role: 'member',
          }),
        ),
      );
    }
    const created = await db.tenant(tenantId, (tx) =>
      createApiToken(tx, {
        tenantId,
        createdBy: managerId,
        name: 'awards',
        scopes: ['read', 'write', 'admin'],
      }),
    );
    token = created.token;
  }, 60_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await db?.close();
  });

  it('leaves no drift and no doubled entry after SIGKILL and a full resend', async () => {
    const award = (port: number, n: number) =>
      fetch(`http://127.0.0.1:${port}/api/v1/points/awards`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': `stream-${n}`,
        },
        body: JSON.stringify({
          userId: members[n % members.length],
          points: 1 + (n % 7),
          reason: `Award ${n}`,
          expiresInDays: n % 2 === 0 ? 30 : null,
        }),
      }).then(
        async (response) => {
          if (response.status !== 201 && process.env.DEBUG_CRASH) {
            console.error(response.status, await response.text());
          }
          return response.status;
        },
        (error: unknown) => {
          if (process.env.DEBUG_CRASH) {
            console.error('fetch failed', error);
          }
          return 0;
        },
      );

    // First process: awards stream from 8 senders; it is killed once some have landed.
    const firstPort = await freePort();
    child = await startGuildProcess(url, firstPort);
    let next = 0;
    let landed = 0;
    const senders = Array.from({ length: SENDERS }, async () => {
      while (next < AWARDS) {
        const n = next;
        next += 1;
        if ((await award(firstPort, n)) === 201) {
          landed += 1;
        }
      }
    });
    while (landed < 40 && next < AWARDS) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill('SIGKILL');
    await Promise.all(senders);
    expect(landed).toBeGreaterThan(0);
    expect(landed).toBeLessThan(AWARDS);

    // Second process on the same database: the client resends everything with its keys.
    const secondPort = await freePort();
    child = await startGuildProcess(url, secondPort);
    const statuses: number[] = [];
    for (let n = 0; n < AWARDS; n += SENDERS) {
      statuses.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(SENDERS, AWARDS - n) }, (_, i) => award(secondPort, n + i)),
        )),
      );
    }
    expect(statuses.every((status) => status === 201)).toBe(true);

    const [counts] = await db.tenant(tenantId, (tx) =>
      sqlRows<{ entries: number; keys: number; total: string }>(
        tx,
        sql`select count(*)::int as entries, count(distinct idempotency_key)::int as keys,
                   sum(amount)::text as total
              from ledger_entries where kind = 'award'`,
      ),
    );
    const expectedTotal = Array.from({ length: AWARDS }, (_, n) => 1 + (n % 7)).reduce(
      (sum, value) => sum + value,
      0,
    );
    expect(counts).toEqual({ entries: AWARDS, keys: AWARDS, total: String(expectedTotal) });
    const report = await db.tenant(tenantId, (tx) => reconcile(tx));
    expect(report.drift).toEqual([]);
    expect(report.entriesChecked).toBe(AWARDS);
  }, 180_000);
});
