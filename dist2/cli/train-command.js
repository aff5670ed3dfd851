import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { checkOutputDir, resolveAllowedPath } from '../config/allowed-paths.js';
import { loadConfig } from '../config/load-config.js';
import { StrategyChoiceSchema } from '../config/schema.js';
import { runSettings } from '../activities/run-spec.js';
import { UsageError, rootMessage } from '../shared/errors.js';
import { nonRegularKind, nonRegularMessage } from '../shared/regular-file.js';
import { baseModelProblem } from '../config/base-model.js';
import { mergedProgress, readRunStatus } from '../temporal/run-status.js';
import { openStack } from '../workers/stack.js';
import { MissingWorkers } from './missing-workers.js';
import { EXIT } from './main.js';
import { parseFlags, parseNonNegativeInt } from './parse-flags.js';
import { ProgressDisplay } from './progress-display.js';
export const TRAIN_HELP = `Usage: agi-core-train [options]

Runs one durable TrainingWorkflow (readiness → conversion → LoRA/DPO training → metadata → overrides)
and prints its JSON result on stdout. Progress and logs go to stderr.

Options:
  --config PATH          config file (default: config/default.yaml of this project)
  --strategy S           lora | dpo | kto | auto (dpo with enough pairs, else kto, else lora; default:
                         learning.training_strategy)
  --dataset PATH         dataset JSONL (default: learning.dataset_path)
  --output-dir PATH      run directory (default: a UTC-timestamped folder under learning.training_output_dir)
  --dry-run              skip Hugging Face training; exercise orchestration and write the documented files
  --require-threshold    exit early (triggered: false) when the dataset has fewer valid samples than the threshold
  --min-samples N        threshold for --require-threshold (default: learning.min_samples_for_training)
  --address HOST:PORT    Temporal frontend (default: temporal.address / TEMPORAL_ADDRESS; none: embedded dev server)
  --namespace NAME       Temporal namespace (default: temporal.namespace / TEMPORAL_NAMESPACE)
  --overwrite            train into an --output-dir that already holds files (refused by default)
  --no-wait              start the workflow, print its id as JSON and exit
  --verbose              stack traces on errors
  -h, --help             this help

Exit codes: 0 ran or skipped by threshold, 1 run failed, 2 usage/config error, 3 lost the Temporal server while
waiting (the run is still open there: agi-core runs show ID).`;
const FLAGS = {
    config: { type: 'string' },
    strategy: { type: 'string' },
    dataset: { type: 'string' },
    'output-dir': { type: 'string' },
    'dry-run': { type: 'boolean' },
    'require-threshold': { type: 'boolean' },
    'min-samples': { type: 'string' },
    address: { type: 'string' },
    namespace: { type: 'string' },
    'no-wait': { type: 'boolean' },
    overwrite: { type: 'boolean' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};
/** `agi-core-train`: validates flags, submits a TrainingWorkflow and prints the seed's JSON payload. */
export async function trainCommand(argv, io = defaultIo) {
    const { values } = parseFlags('agi-core-train', argv, FLAGS);
    if (values.help) {
        io.stdout(TRAIN_HELP + '\n');
        return EXIT.ok;
    }
    const config = loadConfig(values.config);
    const strategy = values.strategy === undefined ? undefined : parseStrategy(values.strategy);
    const minSamples = parseNonNegativeInt('--min-samples', values['min-samples']);
    if (minSamples !== undefined && !values['require-threshold']) {
        io.stderr('agi-core-train: note: --min-samples only matters with --require-threshold\n');
    }
    // On a cluster the learning worker, not this machine, owns the dataset and the run folders: paths go as
    // given and the worker resolves them against its project root. Embedded, they resolve against the cwd.
    const cluster = Boolean(values.address ?? config.temporal.address);
    const local = (flag, value) => {
        if (value === undefined || cluster)
            return value;
        return flag === '--dataset'
            ? checkDataset(config, path.resolve(value))
            : checkOutputDir(config, resolveAllowedPath(config, path.resolve(value), flag), values.overwrite ?? false);
    };
    const input = {
        strategy,
        datasetPath: local('--dataset', values.dataset),
        outputDir: local('--output-dir', values['output-dir']),
        dryRun: values['dry-run'] ?? false,
        overwrite: values.overwrite ?? false,
        requireThreshold: values['require-threshold'] ?? false,
        minSamples,
        trigger: 'cli',
        // The learning worker decides from its own config; it refuses the run if that decides other settings.
        expectSettings: runSettings(config),
    };
    if (input.datasetPath === undefined && !cluster)
        checkDataset(config, config.learning.dataset_path);
    const modelProblem = input.dryRun || cluster ? null : baseModelProblem(config.learning.training_base_model);
    if (modelProblem)
        throw new UsageError(modelProblem);
    const stack = await openStack(config, {
        address: values.address,
        namespace: values.namespace,
        workers: 'if-missing',
        log: io.stderr,
    });
    const stop = () => {
        io.stderr('\nagi-core-train: interrupted; stopping workers (the run stays in Temporal and resumes when a worker returns)\n');
        void stack.close().then(() => process.exit(130));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
        const code = await submit(stack, config, input, values['no-wait'] ?? false, io, stack.workers.length === 0);
        // The SDK keeps retrying the lost server on timers that throw once the connection is closed: with the
        // answer printed there is nothing left to clean up, so leave now rather than crash later with exit 1.
        if (code === EXIT.disconnected)
            process.exit(code);
        return code;
    }
    finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await stack.close();
    }
}
const defaultIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
};
function parseStrategy(value) {
    const parsed = StrategyChoiceSchema.safeParse(value);
    if (!parsed.success)
        throw new UsageError(`--strategy must be ${StrategyChoiceSchema.options.join(', ')}, got "${value}"`);
    return parsed.data;
}
function checkDataset(config, datasetPath) {
    const resolved = resolveAllowedPath(config, datasetPath, '--dataset');
    if (!existsSync(resolved)) {
        throw new UsageError(`dataset ${resolved} does not exist: append records first (agi-core dataset append) or pass --dataset PATH`);
    }
    const kind = nonRegularKind(statSync(resolved));
    if (kind === 'a directory')
        throw new UsageError(`dataset ${resolved} is a directory: pass the .jsonl file`);
    // A FIFO would block readiness forever, a device reads as nothing: refused before anything opens it.
    // The configured path, unless --dataset named another (the caller resolves the flag; the key is the default).
    const setting = datasetPath === config.learning.dataset_path ? 'learning.dataset_path' : '--dataset';
    if (kind)
        throw new UsageError(nonRegularMessage('dataset', resolved, kind, 'pass the .jsonl file', setting));
    return resolved;
}
function serverLost(io, workflowId, reason) {
    io.stderr(`agi-core-train: lost the Temporal server (${reason}); run ${workflowId} is still open there and continues when the server and a worker are back: follow it with agi-core runs show ${workflowId}\n`);
    io.stdout(JSON.stringify({ triggered: null, outcome: 'unknown', workflow_id: workflowId }, null, 2) + '\n');
    return EXIT.disconnected;
}
/** How long the server may be unreachable before the CLI stops waiting on a run and says how to follow it. */
const SERVER_LOST_AFTER_MS = 15_000;
function newWorkflowId() {
    return `training-manual-${new Date().toISOString().replace(/[-:.]/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
}
async function submit(stack, config, input, noWait, io, showDeviceNote) {
    const client = stack.client;
    const handle = await client.workflow.start('TrainingWorkflow', {
        workflowId: newWorkflowId(),
        taskQueue: config.temporal.task_queues.learning,
        args: [input],
    });
    io.stderr(`agi-core-train: started workflow ${handle.workflowId}\n`);
    if (noWait) {
        io.stdout(JSON.stringify({ workflow_id: handle.workflowId, run_id: handle.firstExecutionRunId }) + '\n');
        return EXIT.ok;
    }
    const display = new ProgressDisplay(process.stderr, showDeviceNote);
    let missingFailed = false;
    const missing = new MissingWorkers(stack, client, handle.workflowId, (line) => io.stderr(line + '\n'));
    // The result's long poll retries a dead server for a long time; the status poll notices within seconds.
    let unreachableSince = null;
    let reportLost = () => undefined;
    const lost = new Promise((resolve) => (reportLost = resolve));
    // The stage comes from the progress query, the trainer's step/loss/ETA from the GPU activity's heartbeat
    // details (describe): reading them adds nothing to the run's history. A run nobody picks up says why.
    let polling = false;
    let inflight = Promise.resolve();
    let serverGone = false;
    const poll = setInterval(() => {
        if (polling)
            return;
        polling = true;
        inflight = readRunStatus(client, handle.workflowId, {
            query: true,
            gpuQueue: config.temporal.task_queues.gpu_training,
        })
            .then(async (status) => {
            unreachableSince = null;
            // Its own failure (a worker that cannot start) is said once, never taken for a lost server.
            await missing.check(status).catch((err) => {
                if (!missingFailed)
                    io.stderr(`agi-core-train: could not start a missing worker: ${rootMessage(err)}\n`);
                missingFailed = true;
            });
            const progress = mergedProgress(status);
            if (progress || status.waiting)
                display.update(progress, status.waiting);
        })
            .catch((err) => {
            unreachableSince ??= Date.now();
            if (Date.now() - unreachableSince >= SERVER_LOST_AFTER_MS) {
                serverGone = true;
                reportLost(rootMessage(err));
            }
        })
            .finally(() => (polling = false));
    }, 1000);
    try {
        const result = handle.result();
        // When the server is lost first, this poll rejects later, after the answer is printed: not an error then.
        result.catch(() => undefined);
        const outcome = await Promise.race([result, lost.then((reason) => ({ lost: reason }))]);
        display.end();
        if ('lost' in outcome)
            return serverLost(io, handle.workflowId, outcome.lost);
        io.stdout(JSON.stringify({ ...outcome, workflow_id: handle.workflowId }, null, 2) + '\n');
        return EXIT.ok;
    }
    catch (err) {
        display.end();
        if (!(err instanceof WorkflowFailedError)) {
            // The result's long poll gave up on the server: say so only if the server is really gone.
            const reachable = await client.connection
                .withDeadline(Date.now() + 3_000, () => handle.describe())
                .then(() => true)
                .catch(() => false);
            if (!reachable) {
                serverGone = true;
                return serverLost(io, handle.workflowId, rootMessage(err));
            }
            throw err;
        }
        const message = rootMessage(err);
        io.stderr(`agi-core-train: run ${handle.workflowId} failed: ${message}\n`);
        // A run that got past readiness has its folder in the memo: it was triggered, and failed afterwards.
        const runDir = await readRunStatus(client, handle.workflowId)
            .then((s) => s.runDir)
            .catch(() => null);
        io.stdout(JSON.stringify({
            triggered: runDir !== null,
            outcome: 'failed',
            error: message,
            workflow_id: handle.workflowId,
            output_dir: runDir,
        }, null, 2) + '\n');
        // Refused at readiness for what the caller chose (a path, the model, the settings): a usage error.
        return runDir === null && isUsageFailure(err) ? EXIT.usage : EXIT.failed;
    }
    finally {
        clearInterval(poll);
        // A poll still in flight when the connection closes ends in an SDK retry timer that throws "Channel has
        // been shut down" (exit 1 after a successful run): let it finish while the server and workers are up.
        if (!serverGone)
            await inflight;
    }
}
const USAGE_FAILURE_TYPES = ['UsageError', 'ConfigError', 'PathNotAllowedError', 'InvalidDatasetError'];
/** Whether the failure chain ends in one of our usage errors (its type survives the trip through Temporal). */
function isUsageFailure(err) {
    for (let e = err; e instanceof Error; e = e.cause) {
        if (e instanceof ApplicationFailure && e.type && USAGE_FAILURE_TYPES.includes(e.type))
            return true;
    }
    return false;
}
//# sourceMappingURL=train-command.js.map