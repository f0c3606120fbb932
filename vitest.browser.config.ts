import { defineConfig } from 'vitest/config';

// The browser tests always run on embedded PGlite in memory (what startTestGuild does when
// GUILD_TEST_DATABASE_URL is unset or empty), even in a shell or CI step that points the API
// tests at a PostgreSQL server. Cleared here for this process and set empty for the workers.
delete process.env.GUILD_TEST_DATABASE_URL;

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    env: { GUILD_TEST_DATABASE_URL: '' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
