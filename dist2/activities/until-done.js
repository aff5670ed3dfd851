/**
 * Waits for a trainer process or for the activity's cancellation (workflow cancel, worker shutdown, heartbeat
 * timeout), whichever comes first. On cancellation the process group is stopped before the cancellation is
 * rethrown: the workflow, which waits for the activity, closes as cancelled only once nothing runs, and a shut-down
 * worker's attempt is retried elsewhere from the checkpoint the trainer kept. The trainer's own "interrupted" exit
 * may win the race against the cancellation; the cancellation is still what is reported.
 */
export async function untilDoneOrCancelled(cancelled, run, graceMs) {
    let cancellation = null;
    const stopped = cancelled.then(() => new Promise(() => undefined), async (err) => {
        cancellation = { error: err };
        await run.stop(graceMs);
        throw err;
    });
    // A cancellation after the run finished (the activity is closing anyway) must not be an unhandled rejection.
    stopped.catch(() => undefined);
    const outcome = await Promise.race([run.result, stopped]);
    if (cancellation) {
        await stopped.catch(() => undefined);
        throw cancellation.error;
    }
    return outcome;
}
//# sourceMappingURL=until-done.js.map