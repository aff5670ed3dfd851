import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Integration tests share one dev server per file; files run in parallel on 2 cores at most.
    maxWorkers: 2,
    globalSetup: ['tests/scratch-setup.ts', 'tests/global-setup.ts'],
  },
});
