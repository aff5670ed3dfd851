import type { Config } from '../config/load-config.js';
import type { OptimizerDecision } from '../shared/optimizer-contract.js';
/** Temporal's record of the last automatic TrainingWorkflow. */
export type LastRun = {
    status: string;
    startTime: Date;
    closeTime: Date | null;
};
/** What one SelfOptimizer tick knows, read from durable state by the activity (optimizer-activities.ts). */
export type TickFacts = {
    now: Date;
    childWorkflowId: string;
    last: LastRun | null;
    /** Valid records in the dataset, or why it could not be counted. */
    valid: number | Error;
    /** The live gate's pending rollback: which adapter, at how many valid samples; null when none holds. */
    rollback: {
        adapter: string;
        sampleCount: number;
    } | null;
    /** The newest published run (latest.json), null before the first, an Error when latest.json is unreadable. */
    success: {
        created_at: string;
        sample_count: number;
    } | null | Error;
};
/** The tick's verdict before a strategy is chosen: hold (with the decision's fields) or train. */
export type TickGate = {
    train: false;
    decision: Partial<OptimizerDecision>;
} | {
    train: true;
    sampleCount: number;
    newSamples: number;
};
/**
 * Whether this tick starts a run: an open run, an unreadable dataset or latest.json, a pending rollback, too few
 * (new) samples, the cooldown and the failure backoff each hold it, in that order, with the reason shown in the
 * tick's memo.
 */
export declare function tickGate(facts: TickFacts, settings: Pick<Config['self_optimizer'], 'min_new_samples' | 'cooldown' | 'failure_backoff'> & {
    min_samples_for_training: number;
}): TickGate;
