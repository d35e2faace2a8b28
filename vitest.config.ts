import { defineConfig } from 'vitest/config';

/**
 * Three projects: the unit tests (one module graph per worker: the sources are imported once, not once per
 * test file), test/corpus (the real documents), and test/slow — everything that spawns the CLI or runs whole
 * batches on worker pools, and the tests that need pdf.js or the library loaded fresh (isolated files). No test has a tight time limit: the suite must pass on a machine four times slower than the
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
          // One module graph per worker: the sources are imported once, not once per test file.
          isolate: false,
          include: ['test/**/*.test.ts'],
          // plain-worker loads pdf.js's own worker before anything else: it needs a fresh module graph.
          exclude: ['test/slow/**', 'test/corpus/**', 'test/pdf/plain-worker.test.ts', 'test/pdf/two-copies.test.ts'],
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
          include: ['test/slow/**/*.test.ts', 'test/pdf/plain-worker.test.ts', 'test/pdf/two-copies.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
