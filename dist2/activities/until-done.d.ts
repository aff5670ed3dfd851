/** A started trainer or rollout process (src/trainer/run-trainer.ts), as the activities wait on it. */
export type StoppableRun<T> = {
    result: Promise<T>;
    stop(graceMs: number): Promise<void>;
};
/**
 * Waits for a trainer process or for the activity's cancellation (workflow cancel, worker shutdown, heartbeat
 * timeout), whichever comes first. On cancellation the process group is stopped before the cancellation is
 * rethrown: the workflow, which waits for the activity, closes as cancelled only once nothing runs, and a shut-down
 * worker's attempt is retried elsewhere from the checkpoint the trainer kept. The trainer's own "interrupted" exit
 * may win the race against the cancellation; the cancellation is still what is reported.
 */
export declare function untilDoneOrCancelled<T>(cancelled: Promise<unknown>, run: StoppableRun<T>, graceMs: number): Promise<T>;
