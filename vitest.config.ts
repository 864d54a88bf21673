import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fault-injection suite restarts the shared PostgreSQL and Redis: `npm run test:faults`, alone.
    exclude: [...configDefaults.exclude, 'test/faults/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration suites share one PostgreSQL and one Redis; each uses its own schema or key prefix.
    pool: 'forks',
    // Gathers every log line of the run and fails it if a token or secret is in one (issue 8).
    globalSetup: ['test/support/log-scan.global.ts'],
  },
});
