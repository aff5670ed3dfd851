import { TrainHeartbeatSchema } from '../shared/training-contract.js';
// The trainer activity's decisions, pure so each is tested without a server or a trainer; the activity
// (training-activities.ts) only sends what they return.
/**
 * Where this attempt starts: the last heartbeat's step, checkpoint and (after an OOM) batch, as any host's
 * retry reads them from the server. Details that do not parse (an older worker's) start from scratch.
 */
export function resumeHeartbeat(details, attempt) {
    const parsed = TrainHeartbeatSchema.safeParse(details);
    const previous = parsed.success ? parsed.data : null;
    return {
        step: previous?.step ?? 0,
        checkpoint: previous?.checkpoint ?? null,
        batch: previous?.batch,
        attempt,
    };
}
/**
 * The heartbeat after a trainer event: what operators see on the pending activity. A checkpoint moves the step
 * only; it becomes what a retry resumes from once it is safe (checkpointSaved), not when the trainer says so.
 */
export function heartbeatAfter(details, event) {
    switch (event.event) {
        case 'start':
            return {
                ...details,
                step: event.resumed_from_step,
                total_steps: event.total_steps,
                resumed_from_step: event.resumed_from_step,
                device: event.device,
                device_note: event.device_note ?? null,
            };
        case 'progress':
            return {
                ...details,
                step: event.step,
                total_steps: event.total_steps,
                loss: event.loss,
                eta_seconds: event.eta_seconds,
                tokens_per_second: event.tokens_per_second,
            };
        case 'checkpoint':
            return { ...details, step: event.step };
        default:
            return details;
    }
}
/**
 * trainer.oom_retry: after an out-of-memory error, the same effective batch with half the activation memory,
 * while a micro-batch can still be halved; null when the OOM is final.
 */
export function oomRetryBatch(outcome, oomRetry, spec) {
    if (outcome.kind !== 'error' || outcome.event.kind !== 'oom')
        return null;
    if (!oomRetry || spec.per_device_batch_size <= 1)
        return null;
    return {
        per_device_batch_size: Math.floor(spec.per_device_batch_size / 2),
        gradient_accumulation_steps: spec.gradient_accumulation_steps * 2,
    };
}
export function classifyTrainerFailure(outcome, runName) {
    if (outcome.kind === 'crashed')
        return {
            retryable: true,
            type: 'TrainerCrashed',
            kind: 'crashed',
            message: `trainer exited (code ${outcome.exitCode ?? '-'}, signal ${outcome.signal ?? '-'}) without finishing run ${runName}; retrying from the last checkpoint. Last stderr:\n${outcome.stderrTail.slice(-1500)}`,
        };
    const { kind, message } = outcome.event;
    if (kind === 'bad_input')
        return {
            retryable: false,
            type: 'TrainerBadInputError',
            kind,
            message: `trainer refused run ${runName}: ${message}`,
        };
    if (kind === 'oom')
        return {
            retryable: false,
            type: 'TrainerOutOfMemoryError',
            kind,
            message: `trainer ran out of memory in run ${runName}: ${message}. Lower trainer.per_device_batch_size (raise gradient_accumulation_steps to keep the effective batch), lower trainer.max_seq_length, or set trainer.quantization: 4bit on CUDA`,
        };
    return {
        retryable: true,
        type: kind === 'interrupted' ? 'TrainerInterrupted' : 'TrainerInternalError',
        kind,
        message: `trainer ${kind} in run ${runName}: ${message}`,
    };
}
//# sourceMappingURL=train-decisions.js.map