import { createHash } from 'node:crypto';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, } from '@temporalio/client';
import { DurationSchema } from '../config/schema.js';
import { ensureSearchAttributes } from './search-attributes.js';
/** The Schedule's spec, action and policies as config says; the same config always gives the same options. */
export function scheduleOptions(config) {
    const so = config.self_optimizer;
    const isDuration = DurationSchema.safeParse(so.interval).success;
    const spec = isDuration
        ? { intervals: [{ every: so.interval }] }
        : { cronExpressions: [so.interval] };
    const action = {
        type: 'startWorkflow',
        workflowType: 'SelfOptimizer',
        workflowId: `${so.schedule_id}-tick`,
        taskQueue: config.temporal.task_queues.learning,
        args: [],
    };
    const policies = {
        overlap: ScheduleOverlapPolicy.SKIP,
        catchupWindow: so.catchup_window,
        pauseOnFailure: false,
    };
    // The note carries a fingerprint of what config asked for, so `apply` can tell "already so" without diffing
    // the server's normalised form (cron becomes calendars there).
    const fingerprint = createHash('sha256')
        .update(JSON.stringify({ spec, action, policies, paused: so.paused }))
        .digest('hex')
        .slice(0, 16);
    return {
        scheduleId: so.schedule_id,
        spec,
        action,
        policies,
        state: { paused: so.paused, note: `applied from config ${fingerprint}` },
        fingerprint,
    };
}
/**
 * Creates the SelfOptimizer Schedule, or updates it to match config. Idempotent: applying the same config
 * again changes nothing (`unchanged`).
 */
export async function applySchedule(client, config) {
    // The runs this schedule starts tag themselves: without the attributes they would hang, not fail.
    await ensureSearchAttributes(client.connection, client.options.namespace);
    const { fingerprint, ...options } = scheduleOptions(config);
    try {
        await client.schedule.create(options);
        return { action: 'created', scheduleId: options.scheduleId };
    }
    catch (err) {
        if (!(err instanceof ScheduleAlreadyRunning))
            throw err;
    }
    const handle = client.schedule.getHandle(options.scheduleId);
    const current = await handle.describe();
    if (current.state.note?.includes(fingerprint) && current.state.paused === options.state?.paused) {
        return { action: 'unchanged', scheduleId: options.scheduleId };
    }
    await handle.update((prev) => ({
        ...prev,
        spec: options.spec,
        action: options.action,
        policies: options.policies,
        state: { ...prev.state, ...options.state },
    }));
    return { action: 'updated', scheduleId: options.scheduleId };
}
//# sourceMappingURL=schedule.js.map