import { defineConfig } from 'vitest/config';

// Unit tests and the integration tests that drive the activities through real workflows without long trainings.
export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/integration/training-workflow.test.ts',
      'tests/integration/self-optimizer.test.ts',
      'tests/integration/trainer-stdout.test.ts',
    ],
    testTimeout: 120_000,
    pool: 'forks',
    hookTimeout: 600_000,
    globalSetup: ['tests/global-setup.ts'],
  },
});
