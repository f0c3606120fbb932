import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../core/db/database.js';
import { migrate } from '../core/db/migrate.js';
import { createTenant } from '../tenancy/tenancy.service.js';
import { createAccount } from '../accounts/accounts.service.js';
import { credit } from '../gamification/ledger.js';

const run = promisify(execFile);

describe('guild points reconcile', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'guild-points-'));
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
      (done) => ({ code: 0, stdout: done.stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
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

  it('says "no drift" for a sound ledger and exits 1 naming a balance changed behind its back', async () => {
    await withData(async (db) => {
      const tenantId = await createTenant(db, {
        slug: 'northwind',
        name: 'Northwind',
        defaultLocale: 'en-GB',
        regions: [],
        segments: [],
      });
      const userId = await db.tenant(tenantId, (tx) =>
        createAccount(tx, tenantId, {
          email: 'ada@example.com',
          username: 'ada',
          displayName: 'Ada',
          password: 'tidy-lantern-harbour',
          role: 'member',
        }),
      );
      await db.tenant(tenantId, (tx) =>
        credit(tx, tenantId, {
          userId,
          amount: 70,
          reason: 'r',
          source: 'api',
          idempotencyKey: 'a',
        }),
      );
    });
    const sound = await guild(['points', 'reconcile']);
    expect(sound).toMatchObject({ code: 0 });
    expect(sound.stdout).toMatch(/northwind: 1 members, 1 entries, no drift/);

    await withData((db) => db.exec('UPDATE point_balances SET lifetime = lifetime + 5'));
    const drifted = await guild(['points', 'reconcile', '--tenant', 'northwind']);
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(/lifetime: recorded 75, entries say 70/);
  }, 60_000);
});
