import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { readMemo, TickMemoSchema } from '../../shared/memos.js';
import { loadConfig } from '../../config/load-config.js';
import { applySchedule } from '../../temporal/schedule.js';
import { UsageError } from '../../shared/errors.js';
import { openStack } from '../../workers/stack.js';
import { EXIT } from '../main.js';
import { helpExit, parseFlags } from '../parse-flags.js';
export const SCHEDULE_HELP = `Usage: agi-core schedule <apply|show|pause|unpause|trigger|delete> [options]

The Temporal Schedule that runs the SelfOptimizer every self_optimizer.interval.
  apply     create or update it from config (idempotent: a second apply changes nothing)
  show      its spec, state, next runs, and each recent tick's decision (and the live gate's verdict)
  pause     stop ticking (--note TEXT says why)      unpause   resume ticking
  trigger   one tick now, still subject to the overlap policy (skip: never two at once)
  delete    remove it

Options: --config PATH, --address HOST:PORT, --namespace NAME, --json, --note TEXT, -h/--help`;
const FLAGS = {
    config: { type: 'string' },
    address: { type: 'string' },
    namespace: { type: 'string' },
    json: { type: 'boolean' },
    note: { type: 'string' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};
export async function scheduleCommand(argv) {
    const { values, positionals } = parseFlags('agi-core schedule', argv, FLAGS, true);
    const sub = positionals[0];
    const helped = helpExit(values.help, sub, SCHEDULE_HELP);
    if (helped !== null || !sub)
        return helped ?? EXIT.usage;
    if (!['apply', 'show', 'pause', 'unpause', 'trigger', 'delete'].includes(sub)) {
        throw new UsageError(`unknown schedule command "${sub}": use apply, show, pause, unpause, trigger or delete`);
    }
    const config = loadConfig(values.config);
    const stack = await openStack(config, {
        address: values.address,
        namespace: values.namespace,
    });
    const print = (value, human) => process.stdout.write(values.json ? JSON.stringify(value, null, 2) + '\n' : human + '\n');
    try {
        const id = config.self_optimizer.schedule_id;
        if (sub === 'apply') {
            const r = await applySchedule(stack.client, config);
            print(r, `schedule ${r.scheduleId}: ${r.action} (every ${config.self_optimizer.interval}${config.self_optimizer.paused ? ', paused' : ''})`);
            return EXIT.ok;
        }
        const handle = stack.client.schedule.getHandle(id);
        try {
            if (sub === 'show') {
                const d = await handle.describe();
                const recent = [];
                for (const a of d.info.recentActions) {
                    const { workflowId, firstExecutionRunId } = a.action.workflow;
                    recent.push({
                        at: a.takenAt.toISOString(),
                        workflow_id: workflowId,
                        // Ticks within one second share a workflow id: the run id picks this tick's own memo.
                        ...(await tickDecision(stack.client, workflowId, firstExecutionRunId)),
                    });
                }
                const next = d.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString());
                print({
                    schedule_id: id,
                    paused: d.state.paused,
                    note: d.state.note ?? null,
                    interval: config.self_optimizer.interval,
                    recent_actions: recent,
                    next_action_times: next,
                    skipped_for_overlap: d.info.numActionsSkippedOverlap,
                }, [
                    `schedule ${id}  ${d.state.paused ? 'PAUSED' : 'active'}  every ${config.self_optimizer.interval}`,
                    `note: ${d.state.note ?? '-'}`,
                    `next: ${next.join(', ') || '-'}`,
                    ...recent.flatMap((r) => [
                        `ran ${r.at}  ${r.workflow_id}  ${r.reason ?? '(no decision yet)'}`,
                        ...(r.live ? [`    live gate (${r.live.mode}): ${r.live.reason}`] : []),
                    ]),
                ].join('\n'));
            }
            else if (sub === 'pause') {
                await handle.pause(values.note ?? 'paused with agi-core schedule pause');
                print({ schedule_id: id, paused: true }, `schedule ${id}: paused`);
            }
            else if (sub === 'unpause') {
                await handle.unpause(values.note ?? 'unpaused with agi-core schedule unpause');
                print({ schedule_id: id, paused: false }, `schedule ${id}: active`);
            }
            else if (sub === 'trigger') {
                // The SDK's default for a manual trigger is ALLOW_ALL; a manual tick must not bypass "one at a time".
                await handle.trigger(ScheduleOverlapPolicy.SKIP);
                // Temporal runs a manual trigger even on a paused schedule: say so, or the operator reads the tick that
                // follows as the schedule running again.
                const paused = (await handle.describe()).state.paused;
                print({ schedule_id: id, triggered: true, paused }, paused
                    ? `schedule ${id}: one tick requested (skipped if one is running); the schedule stays paused, no tick follows on its own (agi-core schedule unpause resumes it)`
                    : `schedule ${id}: one tick requested (skipped if one is running)`);
            }
            else {
                await handle.delete();
                print({ schedule_id: id, deleted: true }, `schedule ${id}: deleted`);
            }
            return EXIT.ok;
        }
        catch (err) {
            if (err instanceof ScheduleNotFoundError)
                throw new UsageError(`schedule ${id} does not exist: create it with agi-core schedule apply`);
            throw err;
        }
    }
    finally {
        await stack.close();
    }
}
/** A tick's decision from its memo (the Web UI shows the same): why it did or did not train, and the live gate. */
async function tickDecision(client, workflowId, runId) {
    try {
        const memo = (await client.workflow.getHandle(workflowId, runId).describe()).memo;
        const decision = readMemo(TickMemoSchema, memo).decision;
        const live = decision?.live;
        return {
            reason: decision?.reason ?? null,
            live: live ? { mode: live.mode, action: live.action, reason: live.reason } : null,
        };
    }
    catch {
        return { reason: null, live: null }; // a tick whose history has been deleted: nothing to show
    }
}
//# sourceMappingURL=schedule-command.js.map