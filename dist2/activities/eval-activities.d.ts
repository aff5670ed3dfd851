import type { Config } from '../config/load-config.js';
import type { AdapterEvaluation } from '../shared/rollout-contract.js';
import type { EvalAdapter, EvalHeartbeat, EvalPlan, EvalResult } from '../shared/eval-contract.js';
import type { TrainerEvent } from '../shared/trainer-protocol.js';
import { type RunStorage } from './run-storage.js';
import type { RunPlan, TrainingResult } from '../shared/training-contract.js';
/**
 * `base`, `active` or a run name → the adapter folder the GPU host loads. Decided on the learning host, which owns
 * the runs and overrides.yaml; with a store the folder travels through it, as a run's data does.
 */
export declare function resolveEvalAdapter(config: Config, store: RunStorage, name: string): Promise<EvalAdapter>;
/** The learning worker's side of an evaluation. */
export declare function createEvalLearningActivities(config: Config, store: RunStorage): {
    /** Where and how the GPU side runs, and each adapter resolved: workflows read no files. */
    planEvaluation(args: {
        adapters: string[];
    }): Promise<EvalPlan>;
    /**
     * The two adapters a trained run's promotion compares: the run's own and the one it would replace (the active
     * adapter, or the base model when none is active or the active one is a placeholder or broken).
     */
    planTaskEvaluation(args: {
        plan: RunPlan;
        training: TrainingResult;
    }): Promise<{
        reference: EvalAdapter;
        candidate: EvalAdapter;
    }>;
    /** Each evaluation beside the first's, task by task (a decision, so not in workflow code). */
    compareEvaluations(args: {
        suite: string;
        seed: number;
        tasks: number;
        evaluations: AdapterEvaluation[];
    }): Promise<EvalResult>;
};
/** The GPU worker's side: one adapter acts on the suite's held-out tasks. */
export declare function createEvalGpuActivities(config: Config, store: RunStorage): {
    evaluateAdapter(args: {
        suite: string;
        seed: number;
        tasks: number;
        adapter: EvalAdapter;
        /** Unique per evaluation and adapter: the results file a retry on this host resumes from. */
        resultsName: string;
    }): Promise<AdapterEvaluation>;
};
/** The evaluation's heartbeat after a rollout event: episodes done (resumed ones included) and successes. */
export declare function heartbeatAfterRollout(details: EvalHeartbeat, event: TrainerEvent): EvalHeartbeat;
