import { Runtime, Worker, DefaultLogger } from '@temporalio/worker';
import { createGpuActivities } from '../activities/training-activities.js';
import { createLearningActivities } from '../activities/learning-activities.js';
import { workflowBundle } from './workflow-bundle.js';
let runtimeInstalled = false;
/**
 * Workers log warnings and errors to stderr only; stdout belongs to the CLI's JSON. With a metrics port,
 * the SDK's own Prometheus metrics (task latencies, slots, polls) are served on that port + 1.
 */
export function installQuietRuntime(metricsPort = null) {
    if (runtimeInstalled)
        return;
    runtimeInstalled = true;
    try {
        Runtime.install({
            telemetryOptions: metricsPort === null
                ? undefined
                : { metrics: { prometheus: { bindAddress: `0.0.0.0:${metricsPort + 1}` } } },
            logger: new DefaultLogger('WARN', (entry) => {
                if (!isExpectedNotice(entry.message))
                    process.stderr.write(`[worker ${entry.level}] ${describeLogEntry(entry.message, entry.meta)}\n`);
            }),
        });
    }
    catch {
        // already installed by the host process
    }
}
/**
 * The SDK's warning that a worker has no workflows: true of every GPU worker by design (it runs only
 * trainAdapter), so on every start it said nothing an operator could act on.
 */
export function isExpectedNotice(message) {
    return message.startsWith('No workflows registered, not polling for workflow tasks');
}
/**
 * The SDK's message with what it is about: "Activity failed" and "Workflow failed" alone named neither the run nor
 * the reason, which the SDK passes in the entry's metadata.
 */
export function describeLogEntry(message, meta) {
    if (!meta)
        return message;
    const about = [
        typeof meta.activityType === 'string' ? `activity ${meta.activityType}` : null,
        typeof meta.workflowType === 'string' ? `workflow ${meta.workflowType}` : null,
        typeof meta.workflowId === 'string' ? `id ${meta.workflowId}` : null,
        typeof meta.attempt === 'number' && meta.attempt > 1 ? `attempt ${meta.attempt}` : null,
    ].filter(Boolean);
    const error = meta.error ?? meta.failure;
    const reason = error instanceof Error ? error.message : typeof error === 'string' ? error : null;
    return `${message}${about.length ? ` (${about.join(', ')})` : ''}${reason ? `: ${reason}` : ''}`;
}
/** The learning worker: both workflows and the CPU activities (readiness, conversion, publishing). */
export async function createLearningWorker(config, connection) {
    installQuietRuntime();
    return Worker.create({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.task_queues.learning,
        workflowBundle: await workflowBundle(),
        activities: createLearningActivities(config),
    });
}
/** The GPU worker: only trainAdapter, one at a time — one training per GPU. */
export async function createGpuWorker(config, connection, options = {}) {
    installQuietRuntime();
    return Worker.create({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.task_queues.gpu_training,
        activities: createGpuActivities(config),
        maxConcurrentActivityTaskExecutions: 1,
        // Heartbeats carry cancellation back: don't let the SDK hold them for up to 60 s.
        maxHeartbeatThrottleInterval: '3s',
        defaultHeartbeatThrottleInterval: '3s',
        // The SDK lets in-flight activities run for shutdownGraceTime and only then cancels them. A GPU host under
        // a preemption notice (30 s on GCP spot, Kubernetes' default) has no time to spare: cancel at once, so the
        // trainer gets SIGTERM now and checkpoints within kill_grace_seconds; give up only after that.
        shutdownGraceTime: options.shutdownGraceTime ?? 0,
        shutdownForceTime: `${config.trainer.kill_grace_seconds + 5}s`,
    });
}
//# sourceMappingURL=create-workers.js.map