// Mutation testing (issue 13): `npm run mutation` for src/learning against the unit tests,
// `npm run mutation:activities` for src/activities against the integration tests that drive them on a real
// Temporal dev server. Slow on two cores, so outside CI; scores are recorded in BENCHMARKS.md.
const activities = process.env.STRYKER_SCOPE === 'activities';

export default {
  testRunner: 'vitest',
  vitest: { configFile: activities ? 'vitest.mutation-activities.config.ts' : 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  // sample-records.ts generates the tests' own data (and the demo's): mutating it measures nothing.
  mutate: activities
    ? ['src/activities/**/*.ts']
    : ['src/learning/**/*.ts', '!src/learning/sample-records.ts'],
  coverageAnalysis: 'perTest',
  concurrency: activities ? 1 : 2,
  // A mutant that loops forever costs this much: keep it short (the slowest unit test takes ~2 s).
  timeoutMS: 10_000,
  ignoreStatic: true,
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${activities ? 'activities' : 'learning'}.json` },
  cleanTempDir: 'always',
};
