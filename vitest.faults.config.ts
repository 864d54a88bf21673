import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the fault-injection suite, run by .ci/run after the main suite. It starts a
 * PostgreSQL and a Redis of its own (the globalSetup) and kills and restarts them; it stays out of
 * `npm test` (vitest.config.ts leaves test/faults out) for its length and its load on two cores.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/faults/private-services.global.ts'],
    testTimeout: 10 * 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // afterAll hooks run last-registered first: the suite restarts the services before its scratch
    // database is dropped.
    sequence: { hooks: 'stack' },
  },
});
