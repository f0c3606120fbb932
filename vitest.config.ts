import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The suite runs twice in CI: on embedded PGlite, then on a PostgreSQL server. Unit tests that
 * never reach a database (no harness, no database handle) would only repeat themselves in the
 * second pass, so that pass leaves them out.
 */
function unitTestsWithoutDatabase(): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (/\.test\.tsx?$/.test(entry.name)) {
        const text = readFileSync(file, 'utf8');
        if (!/test\/support\/|core\/db\/database|startGuild|buildGuild/.test(text)) {
          found.push(file.split(path.sep).join('/'));
        }
      }
    }
  };
  walk('src');
  walk('web/src');
  return found;
}

const onServer = (process.env.GUILD_TEST_DATABASE_URL ?? '') !== '';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'test/api/**/*.test.ts',
      'test/security/**/*.test.ts',
      'test/faults/**/*.test.ts',
      'web/src/**/*.test.{ts,tsx}',
    ],
    exclude: ['**/node_modules/**', ...(onServer ? unitTestsWithoutDatabase() : [])],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/one-statement-at-a-time.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Both cores: each test file runs its own embedded database, so files run side by side.
    maxWorkers: 2,
  },
});
