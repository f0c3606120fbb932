import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'test/api/**/*.test.ts',
      'test/security/**/*.test.ts',
      'test/faults/**/*.test.ts',
      'web/src/**/*.test.{ts,tsx}',
    ],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Both cores: each test file runs its own embedded database, so files run side by side.
    maxWorkers: 2,
  },
});
