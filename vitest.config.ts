import { defineConfig } from 'vitest/config';

/**
 * Two projects: the unit tests, and test/slow — everything that spawns the CLI or runs whole batches on
 * worker pools. No test has a tight time limit: the suite must pass on a machine four times slower than the
 * 2-core development machine (measured figures are printed, never asserted).
 */
export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/slow/**', 'test/corpus/**'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          // The real documents of ../shared (skipped where it is absent): `npm run test:corpus`, run by .ci/run.
          name: 'corpus',
          include: ['test/corpus/**/*.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: ['test/slow/**/*.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
