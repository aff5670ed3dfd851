import type { RunSpec, TrainerEvent } from '../shared/trainer-protocol.js';
import { type TrainHeartbeat } from '../shared/training-contract.js';
import type { TrainerOutcome } from '../trainer/run-trainer.js';
/**
 * Where this attempt starts: the last heartbeat's step, checkpoint and (after an OOM) batch, as any host's
 * retry reads them from the server. Details that do not parse (an older worker's) start from scratch.
 */
export declare function resumeHeartbeat(details: unknown, attempt: number): TrainHeartbeat;
/**
 * The heartbeat after a trainer event: what operators see on the pending activity. A checkpoint moves the step
 * only; it becomes what a retry resumes from once it is safe (checkpointSaved), not when the trainer says so.
 */
export declare function heartbeatAfter(details: TrainHeartbeat, event: TrainerEvent): TrainHeartbeat;
/**
 * trainer.oom_retry: after an out-of-memory error, the same effective batch with half the activation memory,
 * while a micro-batch can still be halved; null when the OOM is final.
 */
export declare function oomRetryBatch(outcome: TrainerOutcome, oomRetry: boolean, spec: Pick<RunSpec, 'per_device_batch_size' | 'gradient_accumulation_steps'>): NonNullable<TrainHeartbeat['batch']> | null;
/** How a failed trainer attempt is reported: retried (crash, interruption, internal error) or final. */
export type TrainerFailure = {
    retryable: boolean;
    type: string;
    message: string;
    kind: string;
};
export declare function classifyTrainerFailure(outcome: Exclude<TrainerOutcome, {
    kind: 'done';
}>, runName: string): TrainerFailure;
