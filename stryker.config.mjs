// Mutation testing (issue 13): `npm run mutation` for src/learning against the unit tests,
// `npm run mutation:activities` for src/activities against the integration tests that drive them on a real
// Temporal dev server. Slow on two cores, so outside CI; scores are recorded in BENCHMARKS.md.
const activities = process.env.STRYKER_SCOPE === 'activities';

export default {
  testRunner: 'vitest',
  vitest: { configFile: activities ? 'vitest.mutation-activities.config.ts' : 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: activities ? ['src/activities/**/*.ts'] : ['src/learning/**/*.ts'],
  coverageAnalysis: 'perTest',
  concurrency: activities ? 1 : 2,
  timeoutMS: 60_000,
  ignoreStatic: true,
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${activities ? 'activities' : 'learning'}.json` },
  cleanTempDir: 'always',
};
