import type { Config } from '../config/load-config.js';
import type { RunSpec } from '../shared/trainer-protocol.js';
import type { RunPlan, TrainingResult } from '../shared/training-contract.js';
import { type RunStorage } from './run-storage.js';
import type { StagedConversion } from './staged-conversion.js';
/** The GPU worker's activity: runs the trainer (or the seed's dry run) for one run directory. */
export declare function createGpuActivities(config: Config, storage?: RunStorage): {
    trainAdapter(args: {
        plan: RunPlan;
        conversion: StagedConversion;
    }): Promise<TrainingResult>;
    evaluateAdapter(args: {
        suite: string;
        seed: number;
        tasks: number;
        adapter: import("../shared/eval-contract.js").EvalAdapter;
        resultsName: string;
    }): Promise<import("../shared/rollout-contract.js").AdapterEvaluation>;
};
/** The spec's trainer settings without the host-local paths: what metadata.json records as having run. */
export declare function settingsOf(spec: RunSpec): Partial<RunSpec>;
