import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { sparkline } from '../sparkline.js';
import { WorkflowNotFoundError } from '@temporalio/client';
import { loadConfig } from '../../config/load-config.js';
import { UsageError, rootMessage } from '../../shared/errors.js';
import { MetadataHeadSchema, parseJsonWith } from '../../shared/stored-json.js';
import { readMemo, TrainingMemoSchema } from '../../shared/memos.js';
import { mergedProgress, readRunStatus } from '../../temporal/run-status.js';
import { openStack } from '../../workers/stack.js';
import { progressQuery } from '../../workflows/definitions.js';
import { openStore } from '../../storage/open-store.js';
import { EXIT } from '../main.js';
import { pullAdapter, runObjects, storedRunName } from './run-artifacts.js';
import { helpExit, noExtraArguments, parseFlags } from '../parse-flags.js';
export const RUNS_HELP = `Usage: agi-core runs <list|show ID|pull ID [DIR]|resume ID|cancel ID> [options]

  list         recent TrainingWorkflows: id, status, strategy, samples, outcome, start time
  show ID      one run: status, progress (stage, step/total, loss), its metadata.json when published, and its
               objects in the artifact store with sizes (storage.url s3://…)
  pull ID [DIR]  download the run's adapter into DIR (default ./<run name>-adapter), a new or empty folder
  resume ID    continue a failed, cancelled or timed-out run: same snapshot, converted data and last checkpoint
  cancel ID    cancel a running run (the trainer checkpoints and stops; nothing is published)

Options: --config PATH, --address HOST:PORT, --namespace NAME, --json, --limit N (list), --no-wait (resume)`;
const FLAGS = {
    config: { type: 'string' },
    address: { type: 'string' },
    namespace: { type: 'string' },
    json: { type: 'boolean' },
    limit: { type: 'string' },
    'no-wait': { type: 'boolean' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};
export async function runsCommand(argv) {
    const { values, positionals } = parseFlags('agi-core runs', argv, FLAGS, true);
    const [sub, id, ...extra] = positionals;
    const helped = helpExit(values.help, sub, RUNS_HELP);
    if (helped !== null || !sub)
        return helped ?? EXIT.usage;
    if (!['list', 'show', 'pull', 'resume', 'cancel'].includes(sub)) {
        throw new UsageError(`unknown runs command "${sub}": use list, show, pull, resume or cancel`);
    }
    if (sub !== 'list' && !id)
        throw new UsageError(`runs ${sub} needs a workflow id (see agi-core runs list)`);
    noExtraArguments(`agi-core runs ${sub}`, sub === 'list' && id !== undefined ? [id, ...extra] : sub === 'pull' ? extra.slice(1) : extra);
    const limit = parseLimit(values.limit);
    const config = loadConfig(values.config);
    // Only resume needs workers (and shares those already polling); reading and cancelling never start any.
    const stack = await openStack(config, {
        address: values.address,
        namespace: values.namespace,
        workers: sub === 'resume' ? 'if-missing' : 'none',
    });
    const json = values.json ?? false;
    try {
        if (sub === 'list')
            return await list(stack.client, limit, json);
        if (sub === 'show')
            return await show(stack.client, config, id, json);
        if (sub === 'cancel')
            return await cancel(stack.client, id);
        if (sub === 'pull')
            return await pull(stack.client, config, id, extra[0], json);
        return await resume(stack.client, config, id, values['no-wait'] ?? false);
    }
    finally {
        await stack.close();
    }
}
/** One message for every wrong --limit (0, -1, ten), not two that contradict each other. */
function parseLimit(value) {
    if (value === undefined)
        return 20;
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < 1)
        throw new UsageError(`--limit must be a whole number of runs, at least 1, got "${value}"`);
    return n;
}
async function describe(client, id) {
    try {
        return await client.workflow.getHandle(id).describe();
    }
    catch (err) {
        if (err instanceof WorkflowNotFoundError)
            throw new UsageError(`no training run with workflow id ${id} (see agi-core runs list)`);
        throw err;
    }
}
async function list(client, limit, json) {
    const rows = [];
    for await (const run of client.workflow.list({ query: `WorkflowType = 'TrainingWorkflow'` })) {
        const sa = run.searchAttributes;
        const runDir = readMemo(TrainingMemoSchema, run.memo).run_dir;
        rows.push({
            workflow_id: run.workflowId,
            status: run.status.name,
            strategy: sa.AgiStrategy?.[0] ?? null,
            samples: sa.AgiSampleCount?.[0] ?? null,
            outcome: sa.AgiOutcome?.[0] ?? null,
            // From the run's metadata.json where this host has the folder; null when unknown (not published, elsewhere).
            dry_run: typeof runDir === 'string' ? ((await readMetadata(runDir))?.dry_run ?? null) : null,
            started: run.startTime.toISOString(),
        });
        if (rows.length >= limit)
            break;
    }
    if (json)
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else {
        const shown = rows.map((r) => ({
            ...r,
            dry_run: r.dry_run === null ? null : r.dry_run ? 'dry run' : 'trained',
        }));
        process.stdout.write(table(shown, ['workflow_id', 'status', 'strategy', 'samples', 'outcome', 'dry_run', 'started']));
    }
    return EXIT.ok;
}
/** The parts of a run's metadata.json that `runs` shows; null when the run has not published one (here). */
const ShownMetadataSchema = MetadataHeadSchema.extend({
    promotion: z
        .looseObject({
        policy: z.string(),
        activate: z.boolean(),
        reason: z.string(),
        eval_loss: z.number().nullable(),
        active_eval_loss: z.number().nullable(),
        active_adapter: z.string().nullable(),
    })
        .optional(),
});
async function readMetadata(runDir) {
    const text = await readFile(path.join(runDir, 'metadata.json'), 'utf8').catch(() => null);
    return text === null ? null : (parseJsonWith(ShownMetadataSchema, text) ?? null);
}
/** Why a closed run failed, from its result (a closed workflow answers at once); null for any other status. */
async function failureOf(client, id, status) {
    if (status !== 'FAILED' && status !== 'TIMED_OUT' && status !== 'TERMINATED')
        return null;
    return client.workflow
        .getHandle(id)
        .result()
        .then(() => null, (err) => rootMessage(err));
}
function cell(value) {
    if (value === null || value === undefined)
        return '-';
    if (typeof value === 'string')
        return value;
    return JSON.stringify(value);
}
function table(rows, columns) {
    const cells = [columns, ...rows.map((r) => columns.map((c) => cell(r[c])))];
    const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
    return (cells
        .map((row) => row
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd())
        .join('\n') + '\n');
}
async function show(client, config, id, json) {
    const described = await describe(client, id);
    if (described.type !== 'TrainingWorkflow') {
        throw new UsageError(described.type === 'SelfOptimizer'
            ? `${id} is a SelfOptimizer tick, not a training run: its decision is in its memo (agi-core schedule show lists recent ticks); the runs it started are in agi-core runs list`
            : `${id} is a ${described.type} workflow, not a training run (see agi-core runs list)`);
    }
    const status = await readRunStatus(client, id, {
        query: true,
        gpuQueue: config.temporal.task_queues.gpu_training,
    });
    const progress = mergedProgress(status);
    const d = status.description;
    const metadataFile = status.runDir ? path.join(status.runDir, 'metadata.json') : null;
    const metadata = status.runDir ? await readMetadata(status.runDir) : null;
    const failure = await failureOf(client, id, status.status);
    const curve = status.runDir ? await readLossCurve(status.runDir) : null;
    const objects = await runObjects(config, await storedRunName(status.runDir, d));
    const out = {
        workflow_id: id,
        status: status.status,
        outcome: status.outcome,
        /** Why it failed, for a run that did. */
        failure,
        dry_run: metadata?.dry_run ?? null,
        /** The promotion gate's decision with both losses, once published. */
        promotion: metadata?.promotion ?? null,
        started: d.startTime.toISOString(),
        closed: d.closeTime?.toISOString() ?? null,
        run_dir: status.runDir,
        progress,
        training: status.training,
        waiting: status.waiting,
        history_length: d.historyLength,
        metadata,
        loss_curve: curve,
        /** null: storage.url is file://, the run folder holds everything. */
        objects,
    };
    if (json)
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    else {
        const p = progress;
        const t = status.training;
        process.stdout.write([
            `run      ${id}`,
            `status   ${out.status}${out.outcome ? ` (${out.outcome})` : ''}${out.dry_run ? ' — dry run (placeholder adapter, no training)' : ''} (started ${out.started}${out.closed ? `, closed ${out.closed}` : ''})`,
            failure ? `failure  ${failure}` : '',
            p
                ? `stage    ${p.stage}${p.total_steps ? `  step ${p.step ?? 0}/${p.total_steps}` : ''}${p.loss !== null && p.loss !== undefined ? `  loss ${p.loss.toFixed(4)}` : ''}${p.eta_seconds ? `  eta ${Math.round(p.eta_seconds)}s` : ''}`
                : '',
            t
                ? `training ${t.state}, attempt ${t.attempt}${t.lastFailure ? ` (last failure: ${t.lastFailure})` : ''}`
                : '',
            status.waiting ? `waiting  ${status.waiting}` : '',
            status.runDir ? `folder   ${status.runDir}` : '',
            metadata ? `metadata ${metadataFile}` : '',
            metadata?.promotion ? `promoted ${promotionText(metadata.promotion)}` : '',
            curve && curve.losses.length
                ? `loss     ${sparkline(curve.losses)} ${curve.losses[0].toFixed(4)} → ${curve.losses.at(-1).toFixed(4)} over ${curve.steps} steps (${curve.image})`
                : '',
            objects
                ? `objects  ${objects.length} in ${openStore(config).location}\n${objects.map((o) => `  ${String(o.size).padStart(12)}  ${o.key}`).join('\n')}`
                : '',
        ]
            .filter(Boolean)
            .join('\n') + '\n');
    }
    return EXIT.ok;
}
/** A closed run's folder: from its memo (no worker needed), else from the progress query of older runs. */
async function runDirOf(client, id) {
    const status = await readRunStatus(client, id);
    if (status.runDir)
        return status.runDir;
    const handle = client.workflow.getHandle(id);
    const progress = await client.connection
        .withDeadline(Date.now() + 10_000, () => handle.query(progressQuery))
        .catch(() => null);
    return progress?.run_dir ?? null;
}
async function pull(client, config, id, dirArg, json) {
    const d = await describe(client, id);
    const runDir = await runDirOf(client, id);
    const runName = await storedRunName(runDir, d);
    const dir = path.resolve(dirArg ?? `${runName}-adapter`);
    const pulled = await pullAdapter(config, runName, runDir, dir);
    const out = { workflow_id: id, run_name: runName, adapter_dir: dir, ...pulled };
    if (json)
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    else
        process.stdout.write(`${dir}  (${pulled.files} files, ${pulled.bytes} bytes from ${pulled.from})\n`);
    return EXIT.ok;
}
async function cancel(client, id) {
    const d = await describe(client, id);
    if (d.status.name !== 'RUNNING')
        throw new UsageError(`run ${id} is ${d.status.name.toLowerCase()}, not running: nothing to cancel`);
    await client.workflow.getHandle(id).cancel();
    process.stderr.write(`agi-core runs: cancellation of ${id} requested\n`);
    return EXIT.ok;
}
async function resume(client, config, id, noWait) {
    const d = await describe(client, id);
    const status = d.status.name;
    if (status === 'COMPLETED')
        throw new UsageError(`run ${id} succeeded: nothing to resume (start a new one with agi-core-train)`);
    if (status === 'RUNNING')
        throw new UsageError(`run ${id} is still running: nothing to resume`);
    const runDir = await runDirOf(client, id);
    if (!runDir) {
        throw new UsageError(`run ${id} stopped before it had a run folder (or no worker could answer): start a new run with agi-core-train`);
    }
    const handle = await client.workflow.start('TrainingWorkflow', {
        workflowId: `${id}-resume-${Date.now().toString(36)}`,
        taskQueue: config.temporal.task_queues.learning,
        args: [{ resumeRunDir: runDir, trigger: 'resume' }],
    });
    process.stderr.write(`agi-core runs: resuming ${id} (${runDir}) as ${handle.workflowId}\n`);
    if (noWait) {
        process.stdout.write(JSON.stringify({ workflow_id: handle.workflowId, resumes: id, run_dir: runDir }) + '\n');
        return EXIT.ok;
    }
    try {
        const outcome = await handle.result();
        process.stdout.write(JSON.stringify({ ...outcome, workflow_id: handle.workflowId, resumes: id }, null, 2) + '\n');
        return EXIT.ok;
    }
    catch (err) {
        process.stderr.write(`agi-core runs: resumed run ${handle.workflowId} failed: ${rootMessage(err)}\n`);
        return EXIT.failed;
    }
}
const LossCurveSchema = z.object({
    train: z.array(z.object({ step: z.number(), loss: z.number() })),
});
/** The trainer's loss.json beside the adapter (refreshed at every checkpoint), and the SVG drawn from it. */
async function readLossCurve(runDir) {
    const text = await readFile(path.join(runDir, 'loss.json'), 'utf8').catch(() => null);
    const parsed = text === null ? undefined : parseJsonWith(LossCurveSchema, text);
    if (!parsed)
        return null;
    return {
        image: path.join(runDir, 'loss.svg'),
        steps: parsed.train.at(-1)?.step ?? 0,
        losses: parsed.train.map((p) => p.loss),
    };
}
function promotionText(p) {
    const loss = (x) => (x === null ? '-' : x.toFixed(4));
    // Decided by held-out task success: the reason already holds both rates and the p-value.
    if (p.task_eval)
        return `${p.activate ? 'yes' : 'no'}: ${p.reason}`;
    return `${p.activate ? 'yes' : 'no'}: ${p.reason} (eval loss ${loss(p.eval_loss)}, active adapter's ${loss(p.active_eval_loss)})`;
}
//# sourceMappingURL=runs-command.js.map