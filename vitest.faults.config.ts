import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the fault-injection suite, run by .ci/run after the main suite. It restarts the
 * machine's PostgreSQL and Redis, so it never runs inside `npm test` (vitest.config.ts leaves test/faults
 * out), where it would break the suites running beside it.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 10 * 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // afterAll hooks run last-registered first: the suite restarts the services before its scratch
    // database is dropped.
    sequence: { hooks: 'stack' },
  },
});
