import proto from '@temporalio/proto';
const STARTED = proto.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
/** How long a task may wait, untaken, before the workers the server lists are presumed dead. */
export const WORKER_GRACE_MS = 10_000;
/**
 * Watches a run's untaken tasks. The server lists a worker killed with -9 as a poller for a minute or more, so
 * "pollers present" said nothing about whether anyone would take the run: on an embedded server, a side whose task
 * waits longer than WORKER_GRACE_MS gets a worker in this process (a GPU one only when no other run is training,
 * since a busy GPU worker does not poll either). On a cluster the progress line says what is missing.
 */
export class MissingWorkers {
    stack;
    client;
    workflowId;
    log;
    since = { learning: null, gpu: null };
    constructor(stack, client, workflowId, log) {
        this.stack = stack;
        this.client = client;
        this.workflowId = workflowId;
        this.log = log;
    }
    async check(status, now = Date.now()) {
        if (this.stack.mode === 'cluster')
            return;
        for (const side of ['learning', 'gpu']) {
            this.since[side] = status.queued[side] ? (this.since[side] ?? now) : null;
            if (!overdue(this.since[side], now))
                continue;
            if (side === 'gpu' && (await this.anotherRunTraining())) {
                // A busy GPU worker does not poll: the wait counts only from when no other run trains.
                this.since.gpu = now;
                continue;
            }
            if (await this.stack.startMissing(side)) {
                this.log(`agi-core-train: nothing took the run's ${side === 'gpu' ? 'training' : 'learning'} tasks for ${WORKER_GRACE_MS / 1000} s (the workers the server lists may be gone): started a ${side === 'gpu' ? 'GPU' : 'learning'} worker in this process`);
            }
        }
    }
    async anotherRunTraining() {
        const open = this.client.workflow.list({
            query: `WorkflowType = 'TrainingWorkflow' AND ExecutionStatus = 'Running'`,
        });
        for await (const run of open) {
            if (run.workflowId === this.workflowId)
                continue;
            const d = await this.client.workflow.getHandle(run.workflowId).describe();
            const training = (d.raw.pendingActivities ?? []).find((a) => a.activityType?.name === 'trainAdapter');
            if (training?.state === STARTED)
                return true;
        }
        return false;
    }
}
/** Whether a task queued since `since` has waited past the grace period. */
export function overdue(since, now) {
    return since !== null && now - since >= WORKER_GRACE_MS;
}
//# sourceMappingURL=missing-workers.js.map