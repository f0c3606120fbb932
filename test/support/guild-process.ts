/**
 * Guild in child processes, for the tests of several processes and of faults: free ports,
 * `guild start` in a child process (stopped by its pid), bounded polling, and a tenant with a
 * manager's API token made straight in the database, so a test can talk to any process on that
 * database with one bearer token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createAccount } from '../../src/accounts/accounts.service.js';
import { createApiToken } from '../../src/accounts/api-tokens.js';
import type { Database } from '../../src/core/db/database.js';
import { createTenant } from '../../src/tenancy/tenancy.service.js';

export const PASSWORD = 'tidy-lantern-harbour';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value other than undefined; fails after `ms`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    }
    await sleep(everyMs);
  }
}

export interface GuildProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** What the process wrote to stderr (errors only), for failure messages. */
  stderr: () => string;
}

/** Starts `guild start --no-demo` with `env` on a free port; resolves once /healthz answers. */
export async function startGuildProcess(env: Record<string, string>): Promise<GuildProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'start', '--no-demo'],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        GUILD_PORT: String(port),
        GUILD_HOST: '127.0.0.1',
        GUILD_WRITES_PER_MINUTE: '100000',
        GUILD_MAIL: 'off',
        GUILD_LOG_LEVEL: 'error',
        // A start that fails prints its whole error, stack included, into the test's output.
        GUILD_DEBUG: 'true',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString('utf8')).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const process_: GuildProcess = { child, port, url, stderr: () => errors };
  try {
    await until(
      `Guild on port ${port} to answer`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`Guild exited (${child.exitCode ?? child.signalCode}): ${errors}`);
        }
        try {
          const answer = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
          return answer.ok ? true : undefined;
        } catch {
          return undefined;
        }
      },
      90_000,
    );
  } catch (error) {
    killProcess(process_);
    throw error;
  }
  return process_;
}

/** SIGKILLs the process if it still runs, by its pid. */
export function killProcess(guild: GuildProcess | null | undefined): void {
  const pid = guild?.child.pid;
  if (pid !== undefined && guild!.child.exitCode === null && guild!.child.signalCode === null) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/** Resolves once the process has exited (bounded). */
export async function exited(guild: GuildProcess, ms = 15_000): Promise<void> {
  if (guild.child.exitCode !== null || guild.child.signalCode !== null) {
    return;
  }
  await Promise.race([
    new Promise((resolve) => guild.child.once('exit', resolve)),
    sleep(ms).then(() => {
      throw new Error(`process ${guild.child.pid} did not exit within ${ms} ms`);
    }),
  ]);
}

export interface Community {
  tenantId: string;
  managerId: string;
  token: string;
  members: string[];
}

/** A tenant `slug` with a manager (and their admin token) and `memberCount` members. */
export async function seedCommunity(
  db: Database,
  slug: string,
  memberCount: number,
): Promise<Community> {
  const tenantId = await createTenant(db, {
    slug,
    name: `Faults ${slug}`,
    defaultLocale: 'en-GB',
    regions: [],
    segments: [],
  });
  const managerId = await db.tenant(tenantId, (tx) =>
    createAccount(tx, tenantId, {
      email: `manager@${slug}.example.com`,
      username: `${slug}_manager`,
      displayName: 'Manager',
      password: PASSWORD,
      role: 'admin',
    }),
  );
  const members: string[] = [];
  for (let i = 0; i < memberCount; i += 1) {
    members.push(
      await db.tenant(tenantId, (tx) =>
        createAccount(tx, tenantId, {
          email: `member${i}@${slug}.example.com`,
          username: `${slug}_member_${i}`,
          displayName: `Member ${i}`,
          password: PASSWORD,
          role: 'member',
        }),
      ),
    );
  }
  const created = await db.tenant(tenantId, (tx) =>
    createApiToken(tx, {
      tenantId,
      createdBy: managerId,
      name: 'faults',
      scopes: ['read', 'write', 'admin'],
    }),
  );
  return { tenantId, managerId, token: created.token, members };
}

export interface Answer {
  status: number;
  body: unknown;
}

/**
 * One JSON request with a bearer token; never throws: a refused or reset connection is
 * status 0, a request with no answer within `timeoutMs` is status -1 (a hang).
 */
export async function call(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<Answer> {
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : (JSON.parse(text) as unknown);
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed };
  } catch (error) {
    return { status: (error as Error).name === 'TimeoutError' ? -1 : 0, body: null };
  }
}
