import type { Config } from '../config/load-config.js';
import { runStorage, type RunStorage } from './run-storage.js';
import { createDatasetActivities } from './dataset-activities.js';
import { createEvalLearningActivities } from './eval-activities.js';
import { createOptimizerActivities } from './optimizer-activities.js';
import { createPublishActivities } from './publish-activities.js';

/** Everything the learning worker runs: dataset reads/conversion and publishing a run's results. */
export function createLearningActivities(config: Config, storage: RunStorage = runStorage(config)) {
  return {
    ...createDatasetActivities(config, storage),
    ...createPublishActivities(config, storage),
    ...createOptimizerActivities(config),
    ...createEvalLearningActivities(config, storage),
  };
}
