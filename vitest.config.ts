import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'e2e/**/*.spec.ts'],
    // One PostgreSQL server for the run, with the demo's week as a template database (test-support/global-setup.ts).
    globalSetup: ['electron/test-support/global-setup.ts'],
    // Generous: a test that needs 10 s on a quiet machine may need ten times that at load 20.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // Each file starts its own servers; two cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
