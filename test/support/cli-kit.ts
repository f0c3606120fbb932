/**
 * Runs the `guild` command as an operator would, in a child process, on its own embedded
 * database directory, and lets a test prepare that database while no command has it open.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase, type Database } from '../../src/core/db/database.js';
import { migrate } from '../../src/core/db/migrate.js';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cliKit(prefix: string) {
  const dataDir = mkdtempSync(path.join(tmpdir(), `guild-${prefix}-`));
  return {
    dataDir,
    /** `guild <args>`; resolves with the exit code and output, whatever the code. */
    guild: (args: string[]): Promise<CliResult> =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
        env: {
          ...process.env,
          GUILD_PGLITE_DIR: dataDir,
          DATABASE_URL: '',
          GUILD_LOG_LEVEL: 'silent',
        },
      }).then(
        (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
        (error: CliResult) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      ),
    /** Works on the (migrated) database while no command has it open. */
    withData: async (work: (db: Database) => Promise<void>): Promise<void> => {
      const db = openDatabase({ url: null, pgliteDir: dataDir, poolSize: 1 });
      try {
        await migrate(db);
        await work(db);
      } finally {
        await db.close();
      }
    },
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
