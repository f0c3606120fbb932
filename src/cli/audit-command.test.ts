import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { recordAuditAs } from '../core/audit/audit.js';
import { openDatabase } from '../core/db/database.js';
import { migrate } from '../core/db/migrate.js';
import { createTenant } from '../tenancy/tenancy.service.js';

const run = promisify(execFile);

describe('guild audit verify', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'guild-audit-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const guild = (args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: {
        ...process.env,
        GUILD_PGLITE_DIR: dataDir,
        DATABASE_URL: '',
        GUILD_LOG_LEVEL: 'silent',
      },
    }).then(
      (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );

  /** Works on the data directory while no command has it open. */
  async function withData(work: (db: ReturnType<typeof openDatabase>) => Promise<void>) {
    const db = openDatabase({ url: null, pgliteDir: dataDir, poolSize: 1 });
    try {
      await migrate(db);
      await work(db);
    } finally {
      await db.close();
    }
  }

  it('says the chain is intact, then exits 1 naming the entry edited behind its back', async () => {
    await withData(async (db) => {
      const tenantId = await createTenant(db, {
        slug: 'northwind',
        name: 'Northwind',
        defaultLocale: 'en-GB',
        regions: [],
        segments: [],
      });
      await db.tenant(tenantId, async (tx) => {
        for (const action of ['spaces.create', 'users.change', 'rewards.create']) {
          await recordAuditAs(tx, { tenantId, actorId: null, ip: '192.0.2.7' }, { action });
        }
      });
    });
    const sound = await guild(['audit', 'verify']);
    expect(sound.code).toBe(0);
    const match = /northwind: 3 entries, chain intact; head (3):([0-9a-f]{64})/.exec(sound.stdout);
    expect(match, sound.stdout).not.toBeNull();
    const anchor = `${match![1]}:${match![2]}`;
    expect(
      (await guild(['audit', 'verify', '--tenant', 'northwind', '--anchor', anchor])).code,
    ).toBe(0);

    await withData((db) => db.exec("UPDATE audit_log SET action = 'spaces.delete' WHERE seq = 2"));
    const edited = await guild(['audit', 'verify', '--tenant', 'northwind']);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toMatch(/CHAIN BROKEN/);
    expect(edited.stdout).toMatch(/entry 2 hash_mismatch/);

    const malformed = await guild(['audit', 'verify', '--tenant', 'northwind', '--anchor', 'x']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/--anchor takes <seq>:<hash>/);
  }, 60_000);
});
