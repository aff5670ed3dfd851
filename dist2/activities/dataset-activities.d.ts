import { type Config } from '../config/load-config.js';
import type { RunStorage } from './run-storage.js';
import { type RunPlan, type TrainingInput, type ValidTrainingInput } from '../shared/training-contract.js';
import type { StagedConversion } from './staged-conversion.js';
export type RunIdentity = {
    workflowId: string;
    runId: string;
    startTime: string;
};
/** The workflow's input, checked against its schema: every problem at once, with the fields there are. */
export declare function parseTrainingInput(rawInput: TrainingInput | undefined): ValidTrainingInput;
/** Activities that read the dataset and write a run's converted data. */
export declare function createDatasetActivities(config: Config, store: RunStorage): {
    checkReadiness(rawInput: TrainingInput, run: RunIdentity): Promise<RunPlan>;
    convertDataset(plan: RunPlan): Promise<StagedConversion>;
};
