import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // DuckDB and PostgreSQL tests are real-engine tests; two cores, so keep parallelism modest.
    maxWorkers: 2,
    minWorkers: 1,
    env: { TZ: 'UTC' },
  },
});
