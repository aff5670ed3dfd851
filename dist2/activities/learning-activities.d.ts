import type { Config } from '../config/load-config.js';
import { type RunStorage } from './run-storage.js';
/** Everything the learning worker runs: dataset reads/conversion and publishing a run's results. */
export declare function createLearningActivities(config: Config, storage?: RunStorage): {
    planEvaluation(args: {
        adapters: string[];
    }): Promise<import("../shared/eval-contract.js").EvalPlan>;
    planTaskEvaluation(args: {
        plan: import("../shared/training-contract.js").RunPlan;
        training: import("../shared/training-contract.js").TrainingResult;
    }): Promise<{
        reference: import("../shared/eval-contract.js").EvalAdapter;
        candidate: import("../shared/eval-contract.js").EvalAdapter;
    }>;
    compareEvaluations(args: {
        suite: string;
        seed: number;
        tasks: number;
        evaluations: import("../shared/rollout-contract.js").AdapterEvaluation[];
    }): Promise<import("../shared/eval-contract.js").EvalResult>;
    assessTraining(nowIso: string): Promise<import("../shared/optimizer-contract.js").OptimizerPlan>;
    writeMetadata(args: {
        plan: import("../shared/training-contract.js").RunPlan;
        conversion: import("../learning/examples/convert.js").ConversionResult;
        training: import("../shared/training-contract.js").TrainingResult;
        taskEval?: import("../shared/training-contract.js").TaskEvalResults;
    }): Promise<{
        metadataPath: string;
        latestPath: string;
        latestUpdated: boolean;
        promote: boolean;
        promotionReason: string;
    }>;
    updateOverrides(args: {
        plan: import("../shared/training-contract.js").RunPlan;
        adapterPath: string;
        promote?: boolean;
        promotionReason?: string;
    }): Promise<{
        updated: boolean;
        reason: string;
        overridesPath: string;
    } | {
        updated: boolean;
        reason: null;
        overridesPath: string;
    }>;
    publishLatest(args: {
        plan: import("../shared/training-contract.js").RunPlan;
    }): Promise<{
        latestPath: string;
        latestUpdated: boolean;
    }>;
    markPublishFailed(args: {
        plan: import("../shared/training-contract.js").RunPlan;
        reason: string;
    }): Promise<{
        marked: boolean;
        why: string;
    } | {
        marked: boolean;
        why: null;
    }>;
    checkReadiness(rawInput: import("../index.js").TrainingInput, run: import("./dataset-activities.js").RunIdentity): Promise<import("../shared/training-contract.js").RunPlan>;
    convertDataset(plan: import("../shared/training-contract.js").RunPlan): Promise<import("./staged-conversion.js").StagedConversion>;
};
