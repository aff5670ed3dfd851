import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApplicationFailure, Context, activityInfo } from '@temporalio/activity';
import { adapterProblems } from '../learning/adapters/adapter-registry.js';
import { readActiveAdapter } from '../learning/adapters/overrides-file.js';
import { evaluation, pairedComparison } from '../learning/judging/task-success.js';
import { EvalHeartbeatSchema } from '../shared/eval-contract.js';
import { UsageError, errorMessage } from '../shared/errors.js';
import { downloadFolder, readMarker, uploadFolder } from '../storage/folders.js';
import { storageMismatch } from './run-storage.js';
import { untilDoneOrCancelled } from './until-done.js';
import { buildRolloutSpec, readEpisodes } from '../trainer/rollout.js';
import { startRollout } from '../trainer/run-trainer.js';
import { ensureTrainerPython } from '../trainer/venv.js';
import { toApplicationFailure } from './failures.js';
import { checkScratch } from './gpu-workspace.js';
const HEARTBEAT_EVERY_MS = 2_000;
const BASE = { label: 'base', dir: null, key: null };
/**
 * `base`, `active` or a run name → the adapter folder the GPU host loads. Decided on the learning host, which owns
 * the runs and overrides.yaml; with a store the folder travels through it, as a run's data does.
 */
export async function resolveEvalAdapter(config, store, name) {
    let dir;
    if (name === 'base')
        dir = null;
    else if (name === 'active') {
        const active = await readActiveAdapter(config.learning.training_overrides_path);
        dir = active ? path.resolve(config.root, active) : null;
    }
    else {
        if (!/^[\w.-]+$/.test(name) || name === '.' || name === '..')
            throw new UsageError(`--adapter ${name} is not base, active or a run name: pick one from agi-core adapters list`);
        dir = path.join(config.learning.training_output_dir, name, 'adapter');
        if (!existsSync(dir))
            throw new UsageError(`--adapter ${name}: no run folder ${path.dirname(dir)}: pick one from agi-core adapters list`);
    }
    if (dir === null)
        return { label: 'base', dir: null, key: null };
    const label = name === 'active' ? path.basename(path.dirname(dir)) : name;
    const problems = existsSync(dir) ? adapterProblems(dir) : [`${dir} does not exist`];
    if (problems.length)
        throw new UsageError(`adapter ${label} (${dir}) cannot be evaluated: ${problems.join('; ')}. Pick a trained run from agi-core adapters list, or --adapter base`);
    if (!store)
        return { label, dir, key: null };
    const key = `evals/adapters/${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`;
    if ((await readMarker(store, key))?.tag !== dir)
        await uploadFolder(store, dir, key, dir);
    return { label, dir, key };
}
/** The learning worker's side of an evaluation. */
export function createEvalLearningActivities(config, store) {
    return {
        /** Where and how the GPU side runs, and each adapter resolved: workflows read no files. */
        async planEvaluation(args) {
            return toApplicationFailure(async () => {
                const adapters = [];
                for (const name of args.adapters)
                    adapters.push(await resolveEvalAdapter(config, store, name));
                return {
                    gpuTaskQueue: config.temporal.task_queues.gpu_training,
                    heartbeatTimeoutSeconds: config.trainer.heartbeat_timeout_seconds,
                    adapters,
                };
            });
        },
        /**
         * The two adapters a trained run's promotion compares: the run's own and the one it would replace (the active
         * adapter, or the base model when none is active or the active one is a placeholder or broken).
         */
        async planTaskEvaluation(args) {
            return toApplicationFailure(async () => {
                const { plan, training } = args;
                // Both act with the base model this run trained on, as the plan names it.
                const base = plan.settings ? { base_model: plan.settings.base_model } : {};
                const reference = await resolveEvalAdapter(config, store, 'active').catch(() => BASE);
                const candidate = {
                    label: plan.runName,
                    dir: training.adapter_path,
                    // With a store the GPU worker uploaded the adapter when it finished training.
                    key: training.artifacts ? training.artifacts.adapter : null,
                };
                return { reference: { ...reference, ...base }, candidate: { ...candidate, ...base } };
            });
        },
        /** Each evaluation beside the first's, task by task (a decision, so not in workflow code). */
        compareEvaluations(args) {
            const [reference, ...others] = args.evaluations;
            return Promise.resolve({
                suite: args.suite,
                seed: args.seed,
                tasks: args.tasks,
                evaluations: args.evaluations.map((e) => e.summary),
                comparisons: reference ? others.map((o) => pairedComparison(reference, o)) : [],
            });
        },
    };
}
/** The GPU worker's side: one adapter acts on the suite's held-out tasks. */
export function createEvalGpuActivities(config, store) {
    return {
        async evaluateAdapter(args) {
            return toApplicationFailure(() => evaluateOnThisHost(config, store, args));
        },
    };
}
async function evaluateOnThisHost(config, store, args) {
    const ctx = Context.current();
    const info = activityInfo();
    const scratch = await checkScratch(config);
    const dir = path.join(scratch, 'evals', args.resultsName.replace(/[^\w.-]/g, '_'));
    const resultsPath = path.join(dir, 'results.jsonl');
    const previous = EvalHeartbeatSchema.safeParse(info.heartbeatDetails);
    let details = {
        adapter: args.adapter.label,
        done: previous.success ? previous.data.done : 0,
        tasks: args.tasks,
        successes: previous.success ? previous.data.successes : 0,
        eta_seconds: null,
    };
    ctx.heartbeat(details);
    const timer = setInterval(() => ctx.heartbeat(details), HEARTBEAT_EVERY_MS);
    try {
        const spec = buildRolloutSpec(config, {
            suite: args.suite,
            split: 'heldout',
            seed: args.seed,
            tasks: args.tasks,
            adapterPath: await adapterOnThisHost(config, store, args.adapter, dir),
            resultsPath,
            baseModel: args.adapter.base_model,
        });
        const run = await startRollout({
            python: await ensureTrainerPython(config.trainer.python),
            spec,
            specPath: path.join(dir, `spec-attempt-${info.attempt}.json`),
            logPath: path.join(dir, 'rollout.log'),
            cudaVisibleDevices: config.trainer.cuda_visible_devices === null
                ? undefined
                : String(config.trainer.cuda_visible_devices),
            onEvent: (event) => (details = heartbeatAfterRollout(details, event)),
        });
        const graceMs = config.trainer.kill_grace_seconds * 1000;
        try {
            const outcome = await untilDoneOrCancelled(ctx.cancelled, run, graceMs);
            if (outcome.kind === 'done')
                return evaluation(args.adapter.label, await readEpisodes(resultsPath));
            throw rolloutFailure(outcome, args);
        }
        finally {
            await run.stop(graceMs);
        }
    }
    catch (err) {
        if (err instanceof ApplicationFailure || err instanceof UsageError)
            throw err;
        ctx.log.warn(`evaluation of ${args.adapter.label}: ${errorMessage(err)}`);
        throw err;
    }
    finally {
        clearInterval(timer);
    }
}
/** The adapter folder on this host: from the store when the learning worker staged it there. */
async function adapterOnThisHost(config, store, adapter, dir) {
    if (!adapter.key)
        return adapter.dir ? path.resolve(config.root, adapter.dir) : null;
    if (!store)
        throw ApplicationFailure.nonRetryable(storageMismatch({
            what: `adapter ${adapter.label} (staged by the learning worker)`,
            staged: 'an artifact store',
            here: store,
            worker: 'GPU',
        }), 'StorageMismatch');
    const local = path.join(dir, 'adapter');
    if (!(await downloadFolder(store, adapter.key, local)))
        throw ApplicationFailure.nonRetryable(`adapter ${adapter.label} is not in ${store.location}/${adapter.key}: check both workers use the same storage.url`, 'StagedDataMissing');
    return local;
}
/** The evaluation's heartbeat after a rollout event: episodes done (resumed ones included) and successes. */
export function heartbeatAfterRollout(details, event) {
    if (event.event === 'rollout_start')
        return { ...details, done: event.resumed };
    if (event.event === 'rollout_progress')
        return { ...details, done: event.done, successes: event.successes, eta_seconds: event.eta_seconds };
    return details;
}
/** A rollout that did not finish: refused input is final; anything else is retried, resuming the results file. */
function rolloutFailure(outcome, args) {
    if (outcome.kind === 'error' && outcome.event.kind === 'bad_input')
        return ApplicationFailure.nonRetryable(`evaluation of ${args.adapter.label} on ${args.suite} refused: ${outcome.event.message}`, 'RolloutBadInputError');
    const why = outcome.kind === 'error'
        ? `${outcome.event.kind}: ${outcome.event.message}`
        : `exited (code ${outcome.exitCode ?? '-'}, signal ${outcome.signal ?? '-'}): ${outcome.stderrTail.slice(-1500)}`;
    // Retryable: finished episodes stay in the results file and a retry on this host skips them.
    return ApplicationFailure.retryable(`evaluation of ${args.adapter.label} on ${args.suite} ${why}`, 'RolloutFailed');
}
//# sourceMappingURL=eval-activities.js.map