/**
 * Fault: the disk holding the embedded database fills up. Guild runs on PGlite with its data
 * directory on a small tmpfs of its own; a filler file takes the rest of the space. Writes that
 * need room are refused with 503 `service_unavailable` in the catalogue's shape (no crash, no
 * half-written post), reads keep working, and once space is freed writes succeed again and
 * everything committed before is still there after a restart. PGlite pass only.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGuild, type Guild } from '../../src/app.js';
import { loadConfig } from '../../src/core/config/config.js';
import { openDatabase, sqlRows } from '../../src/core/db/database.js';
import { createLogger } from '../../src/core/logging/logger.js';
import { addMember, addTenant, TestClient } from '../support/harness.js';
import { serverUrl } from '../support/test-database.js';

const MOUNT_MB = 96;

/** Mounts a tmpfs of its own for the data directory; the reason when that is not possible. */
function mountScratch(): { dir: string } | { reason: string } {
  if (serverUrl() !== null) {
    return { reason: 'runs in the PGlite pass only (GUILD_TEST_DATABASE_URL is set)' };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'guild-h-faults-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${MOUNT_MB}m`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
    return { dir };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return { reason: 'needs permission to mount a tmpfs (run as root)' };
  }
}

const scratch = mountScratch();
const mounted = 'dir' in scratch ? scratch.dir : null;
if (mounted === null && 'reason' in scratch) {
  console.warn(`pglite disk full: skipped, ${scratch.reason}`);
}

interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}
interface Post {
  id: string;
  title: string;
}

let guild: (Guild & { url: string }) | null = null;
let tenantId: string;
let member: TestClient;
const filler = () => path.join(mounted!, 'filler');
const dataDir = () => path.join(mounted!, 'pgdata');
const accepted: string[] = [];

function startOn(dir: string) {
  const config = loadConfig({
    NODE_ENV: 'test',
    GUILD_PORT: '0',
    GUILD_DEFAULT_TENANT: 'alpha',
    GUILD_WRITES_PER_MINUTE: '100000',
    GUILD_WEB_DIR: './web/dist',
    GUILD_MAIL: 'off',
    GUILD_PGLITE_DIR: dir,
  });
  const db = openDatabase({ url: null, pgliteDir: dir, poolSize: 1 });
  return startGuild(config, { db, logger: createLogger('silent') });
}

/** Writes a file until the file system refuses; returns the bytes written. */
function fillDisk(file: string): number {
  const fd = openSync(file, 'w');
  let written = 0;
  try {
    for (const size of [1 << 20, 1 << 12, 1 << 9]) {
      const chunk = Buffer.alloc(size, 7);
      try {
        for (;;) {
          written += writeSync(fd, chunk);
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') {
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

/** A long body, different every time, so each post needs new pages. */
function longBody(n: number): string {
  const words = ['linen', 'oak', 'basket', 'lantern', 'copper', 'meadow', 'pebble', 'thistle'];
  return Array.from({ length: 1500 }, (_, i) => `${words[(i * 7 + n) % words.length]}${i}`).join(
    ' ',
  );
}

async function addPost(title: string, body: string) {
  return member.post<Post & ErrorBody>('/api/v1/spaces/garden/posts', { title, body });
}

beforeAll(async () => {
  if (mounted === null) {
    return;
  }
  guild = await startOn(dataDir());
  tenantId = await addTenant(guild, 'alpha');
  const admin = new TestClient(guild.url);
  await admin.signIn(await addMember(guild, tenantId, 'admin'));
  await admin.post('/api/v1/spaces', {
    slug: 'garden',
    name: 'Garden',
    visibility: 'public',
    kind: 'topic',
  });
  member = new TestClient(guild.url);
  const account = await addMember(guild, tenantId, 'member');
  await member.signIn(account);
  // past its first day, so first-day posting limits play no part here
  await guild.db.tenant(tenantId, (tx) =>
    tx.execute(
      sql`UPDATE users SET created_at = now() - interval '2 days'
           WHERE username = ${account.username}`,
    ),
  );
}, 180_000);

afterAll(async () => {
  if (mounted === null) {
    return;
  }
  try {
    await guild?.stop();
  } finally {
    rmSync(filler(), { force: true });
    execFileSync('umount', [mounted], { stdio: 'ignore' });
    rmSync(mounted, { recursive: true, force: true });
  }
}, 60_000);

describe.skipIf(mounted === null)('pglite disk full', () => {
  it('pglite disk full: refuses writes with 503, keeps reads, and writes again once space is freed', async () => {
    for (let n = 0; n < 3; n += 1) {
      const made = await addPost(`Before ${n}`, `Which seeds should I sow in month ${n}?`);
      expect(made.status).toBe(201);
      accepted.push(made.body.id);
    }

    expect(fillDisk(filler())).toBeGreaterThan(0);

    // Keep writing until the disk refuses; every answer is 201 or the documented 503.
    let refused: { status: number; headers: Headers; body: Post & ErrorBody } | null = null;
    for (let n = 0; n < 200 && refused === null; n += 1) {
      const attempt = await addPost(`Full ${n}`, longBody(n));
      if (attempt.status === 201) {
        accepted.push(attempt.body.id);
      } else {
        refused = attempt;
      }
    }
    expect(refused, 'no write was refused on a full disk').not.toBeNull();
    expect(refused!.status).toBe(503);
    expect(refused!.body.error).toMatchObject({
      code: 'service_unavailable',
      message: 'Guild is not ready to serve requests.',
    });
    expect(refused!.body.error.requestId).toEqual(expect.any(String));
    expect(refused!.headers.get('retry-after')).not.toBeNull();
    // No SQL, file name or errno leaks to the client.
    expect(JSON.stringify(refused!.body)).not.toMatch(/space left|extend file|base\//);

    // A second refusal looks the same: the process neither crashed nor changed its answer.
    const again = await addPost('Still full', longBody(999));
    expect([201, 503]).toContain(again.status);
    if (again.status === 201) {
      accepted.push(again.body.id);
    }

    // Reads keep working.
    expect((await fetch(`${guild!.url}/healthz`)).status).toBe(200);
    const read = await member.get<Post>(`/api/v1/posts/${accepted[0]}`);
    expect(read.status).toBe(200);
    expect(read.body.title).toBe('Before 0');

    // Space freed: writes succeed again.
    rmSync(filler());
    const after = await addPost('After', 'The disk has room again: which bulbs now?');
    expect(after.status).toBe(201);
    accepted.push(after.body.id);

    // Every post answered 201 is there, and nothing else (no half-written post).
    const count = async () => {
      const [row] = await guild!.db.tenant(tenantId, (tx) =>
        sqlRows<{ n: number }>(tx, sql`select count(*)::int as n from posts`),
      );
      return row!.n;
    };
    expect(await count()).toBe(accepted.length);

    // After a restart on the same directory, all committed posts are still there.
    await guild!.stop();
    guild = await startOn(dataDir());
    expect(await count()).toBe(accepted.length);
    const ids = await guild.db.tenant(tenantId, (tx) =>
      sqlRows<{ id: string }>(tx, sql`select id from posts`),
    );
    expect(ids.map((row) => row.id).sort()).toEqual([...accepted].sort());
  }, 240_000);
});
