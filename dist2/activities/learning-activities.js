import { runStorage } from './run-storage.js';
import { createDatasetActivities } from './dataset-activities.js';
import { createEvalLearningActivities } from './eval-activities.js';
import { createOptimizerActivities } from './optimizer-activities.js';
import { createPublishActivities } from './publish-activities.js';
/** Everything the learning worker runs: dataset reads/conversion and publishing a run's results. */
export function createLearningActivities(config, storage = runStorage(config)) {
    return {
        ...createDatasetActivities(config, storage),
        ...createPublishActivities(config, storage),
        ...createOptimizerActivities(config),
        ...createEvalLearningActivities(config, storage),
    };
}
//# sourceMappingURL=learning-activities.js.map