import { defineConfig } from 'vitest/config';

// The unit tests only: what `npm run mutation` runs against each mutant of src/learning.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['tests/scratch-setup.ts'],
  },
});
