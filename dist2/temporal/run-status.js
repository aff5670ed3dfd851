import { defaultPayloadConverter } from '@temporalio/common';
import proto from '@temporalio/proto';
const { temporal } = proto;
import { TrainHeartbeatSchema, } from '../shared/training-contract.js';
import { initialProgress, progressQuery } from '../workflows/definitions.js';
import { readMemo, TrainingMemoSchema } from '../shared/memos.js';
const { PendingActivityState, TaskQueueType, PendingWorkflowTaskState } = temporal.api.enums.v1;
/** A poller seen this recently is a live worker (a long poll lasts up to about a minute). */
const POLLER_FRESH_MS = 90_000;
/** Live pollers on a task queue. */
export async function livePollers(client, queue, kind) {
    const response = await client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: queue },
        taskQueueType: kind === 'workflow' ? TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW : TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    });
    const now = Date.now();
    return (response.pollers ?? []).filter((p) => {
        const seconds = Number(p.lastAccessTime?.seconds ?? 0);
        return now - seconds * 1000 < POLLER_FRESH_MS;
    }).length;
}
function decodeHeartbeat(payloads) {
    const first = payloads?.[0];
    if (!first)
        return null;
    try {
        const parsed = TrainHeartbeatSchema.safeParse(defaultPayloadConverter.fromPayload(first));
        return parsed.success ? parsed.data : null;
    }
    catch {
        return null;
    }
}
/**
 * Reads a run's status from describe (progress of the trainer lives in the GPU activity's heartbeat details)
 * and, when `query` is set and the run is open, the workflow's progress query with a short deadline.
 */
export async function readRunStatus(client, workflowId, options = {}) {
    const handle = client.workflow.getHandle(workflowId);
    const d = await handle.describe();
    const open = d.status.name === 'RUNNING';
    const progress = options.query && open
        ? await client.connection
            .withDeadline(Date.now() + 3_000, () => handle.query(progressQuery))
            .catch(() => null)
        : null;
    const memo = readMemo(TrainingMemoSchema, d.memo);
    const sa = d.searchAttributes;
    const pending = d.raw.pendingActivities ?? [];
    const train = pending.find((a) => a.activityType?.name === 'trainAdapter');
    const gpuQueue = memo.gpu_task_queue ?? progress?.gpu_task_queue ?? options.gpuQueue ?? null;
    const training = train
        ? {
            state: train.state === PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED
                ? 'queued'
                : train.state === PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED
                    ? 'cancelling'
                    : 'running',
            attempt: train.attempt ?? 1,
            heartbeat: decodeHeartbeat(train.heartbeatDetails?.payloads),
            lastFailure: train.lastFailure?.message ?? null,
        }
        : null;
    let waiting = null;
    if (open)
        waiting = await whyWaiting(client, d, training?.state === 'queued' ? gpuQueue : null);
    const queued = {
        learning: open && pendingLearningTasks(d).due,
        gpu: open && train !== undefined && dueForAWorker(train),
    };
    return {
        status: d.status.name,
        outcome: sa.AgiOutcome?.[0] ?? null,
        progress,
        runDir: memo.run_dir ?? progress?.run_dir ?? null,
        training,
        waiting,
        queued,
        description: d,
    };
}
/** The learning worker's tasks that wait to be taken: the workflow task, or a CPU activity. */
function pendingLearningTasks(d) {
    const workflowTaskQueued = d.raw.pendingWorkflowTask?.state === PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED;
    const activityQueued = (d.raw.pendingActivities ?? []).some((a) => a.activityType?.name !== 'trainAdapter' &&
        a.state === PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED);
    const dueActivity = (d.raw.pendingActivities ?? []).some((a) => a.activityType?.name !== 'trainAdapter' && dueForAWorker(a));
    return { workflowTaskQueued, activityQueued, due: workflowTaskQueued || dueActivity };
}
/**
 * Scheduled and due: a retry waiting out its backoff is also SCHEDULED, but no worker could take it yet, so its
 * wait says nothing about whether any worker is alive.
 */
function dueForAWorker(a) {
    if (a.state !== PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED)
        return false;
    const next = Number(a.nextAttemptScheduleTime?.seconds ?? 0) * 1000;
    return next <= Date.now();
}
async function whyWaiting(client, d, queuedGpuQueue) {
    const learningQueue = d.taskQueue;
    const { workflowTaskQueued, activityQueued: learningQueued } = pendingLearningTasks(d);
    const noLearningWorker = (workflowTaskQueued && (await livePollers(client, learningQueue, 'workflow')) === 0) ||
        (learningQueued && (await livePollers(client, learningQueue, 'activity')) === 0);
    if (noLearningWorker) {
        return `waiting for a learning worker: none is polling task queue ${learningQueue} (start one: agi-core worker)`;
    }
    if (queuedGpuQueue) {
        const pollers = await livePollers(client, queuedGpuQueue, 'activity');
        return pollers === 0
            ? `waiting for a GPU worker: none is polling task queue ${queuedGpuQueue} (start one: agi-core worker --gpu)`
            : `queued on ${queuedGpuQueue} (${pollers} GPU worker(s) polling; each trains one run at a time)`;
    }
    return null;
}
/** The progress to draw: the workflow's stage and counts, with the trainer's step, loss and ETA from describe. */
export function mergedProgress(status) {
    const base = status.progress;
    const hb = status.training?.heartbeat;
    if (!base && !hb)
        return null;
    const merged = base
        ? { ...base }
        : { ...initialProgress('training'), run_dir: status.runDir };
    if (hb && merged.stage === 'training') {
        merged.step = hb.step;
        merged.total_steps = hb.total_steps ?? merged.total_steps;
        merged.loss = hb.loss ?? merged.loss;
        merged.eta_seconds = hb.eta_seconds ?? merged.eta_seconds;
        if (hb.device_note)
            merged.device_note = hb.device_note;
    }
    return merged;
}
//# sourceMappingURL=run-status.js.map