import { z } from 'zod';
import type { EvalSummary, PairedComparison } from './rollout-contract.js';
/**
 * An adapter as the GPU host finds it: a folder it can read, or a key in the store; `dir` null is the base model.
 * `base_model`: the one to load it onto, as a run plan names it (a run's held-out evaluation acts with the base
 * model the run trained); absent, the GPU host's learning.training_base_model.
 */
export type EvalAdapter = {
    label: string;
    dir: string | null;
    key: string | null;
    base_model?: string;
};
export type EvalPlan = {
    gpuTaskQueue: string;
    heartbeatTimeoutSeconds: number;
    adapters: EvalAdapter[];
};
/** What `agi-core eval` asks for. */
export declare const EvalInputSchema: z.ZodObject<{
    suite: z.ZodString;
    tasks: z.ZodNumber;
    seed: z.ZodNumber;
    adapters: z.ZodArray<z.ZodString>;
}, z.core.$strict>;
export type EvalInput = z.infer<typeof EvalInputSchema>;
export type EvalResult = {
    suite: string;
    seed: number;
    tasks: number;
    evaluations: EvalSummary[];
    comparisons: PairedComparison[];
};
/** The GPU activity's heartbeat: how far the evaluation got (a retry resumes from the results file). */
export declare const EvalHeartbeatSchema: z.ZodObject<{
    adapter: z.ZodString;
    done: z.ZodNumber;
    tasks: z.ZodNumber;
    successes: z.ZodNumber;
    eta_seconds: z.ZodNullable<z.ZodNumber>;
}, z.core.$strip>;
export type EvalHeartbeat = z.infer<typeof EvalHeartbeatSchema>;
