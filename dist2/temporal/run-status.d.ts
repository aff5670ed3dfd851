import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { type TrainHeartbeat, type TrainingProgress } from '../shared/training-contract.js';
/** What Temporal knows of a training run right now, without adding anything to its history. */
export type RunStatus = {
    status: string;
    outcome: string | null;
    /** The workflow's own answer to the `progress` query; null when no learning worker could answer. */
    progress: TrainingProgress | null;
    runDir: string | null;
    /** The training attempt: its live progress from the pending activity's heartbeat details. */
    training: {
        state: 'queued' | 'running' | 'cancelling';
        attempt: number;
        heartbeat: TrainHeartbeat | null;
        lastFailure: string | null;
    } | null;
    /** Why the run is not moving, when it waits for a worker that is not there; null otherwise. */
    waiting: string | null;
    /** Tasks scheduled and not yet taken: the learning side's (workflow task or activity) and the training. */
    queued: {
        learning: boolean;
        gpu: boolean;
    };
    description: WorkflowExecutionDescription;
};
/** Live pollers on a task queue. */
export declare function livePollers(client: Client, queue: string, kind: 'workflow' | 'activity'): Promise<number>;
/**
 * Reads a run's status from describe (progress of the trainer lives in the GPU activity's heartbeat details)
 * and, when `query` is set and the run is open, the workflow's progress query with a short deadline.
 */
export declare function readRunStatus(client: Client, workflowId: string, options?: {
    query?: boolean;
    gpuQueue?: string;
}): Promise<RunStatus>;
/** The progress to draw: the workflow's stage and counts, with the trainer's step, loss and ETA from describe. */
export declare function mergedProgress(status: RunStatus): TrainingProgress | null;
