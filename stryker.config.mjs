// Mutation testing (issue 13): `npm run mutation` mutates src/learning and runs the unit tests against each
// mutant. Slow on two cores, so outside CI; the score is recorded in BENCHMARKS.md.
//
// src/activities is not in scope: its tests run real Temporal workers, and the Temporal core (a native addon)
// crashes (SIGSEGV) in the worker threads Stryker's vitest runner uses; the command runner would take ~8 h here.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  // sample-records.ts generates the tests' own data (and the demo's): mutating it measures nothing.
  mutate: ['src/learning/**/*.ts', '!src/learning/dataset/sample-records.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // A mutant that loops forever costs this much: keep it short (the slowest unit test takes ~2 s).
  timeoutMS: 10_000,
  ignoreStatic: true,
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/learning.json' },
  cleanTempDir: 'always',
};
