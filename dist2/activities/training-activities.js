import path from 'node:path';
import { ApplicationFailure, Context, activityInfo } from '@temporalio/activity';
import { startTrainer } from '../trainer/run-trainer.js';
import { ensureTrainerPython } from '../trainer/venv.js';
import { runStorage, storageMismatch } from './run-storage.js';
import { errorMessage } from '../shared/errors.js';
import { writeDryRunFolders } from './dry-run.js';
import { sharedWorkspace, storedWorkspace } from './gpu-workspace.js';
import { metrics } from '../shared/metrics.js';
import { toApplicationFailure } from './failures.js';
import { buildRunSpec } from './run-spec.js';
import { createEvalGpuActivities } from './eval-activities.js';
import { classifyTrainerFailure, heartbeatAfter, oomRetryBatch, resumeHeartbeat } from './train-decisions.js';
import { untilDoneOrCancelled } from './until-done.js';
// Frequent and cheap: cancellation reaches an activity only through a heartbeat's response, and the
// details are the live progress operators see (the server keeps them on the pending activity, no events).
const HEARTBEAT_EVERY_MS = 2_000;
/** The GPU worker's activity: runs the trainer (or the seed's dry run) for one run directory. */
export function createGpuActivities(config, storage = runStorage(config)) {
    return {
        ...createEvalGpuActivities(config, storage),
        async trainAdapter(args) {
            const { plan, conversion } = args;
            const adapterDir = path.join(plan.runDir, 'adapter');
            const tokenizerDir = path.join(plan.runDir, 'tokenizer');
            if (plan.dryRun) {
                // The seed's dry run: orchestration only, no Hugging Face imports, but the documented folders exist.
                // With a store, this host may not see the run folder: publishing writes them on the learning host.
                if (!storage)
                    await writeDryRunFolders(plan.runDir);
                return {
                    adapter_path: adapterDir,
                    tokenizer_path: tokenizerDir,
                    dry_run: true,
                    metrics: {},
                    resumed_from_step: null,
                    steps: 0,
                    run_spec: settingsOf(buildRunSpec(config, plan, {
                        trainPath: conversion.train_path,
                        evalPath: conversion.eval_path,
                        adapterDir,
                        tokenizerDir,
                        checkpointsDir: path.join(plan.runDir, 'checkpoints'),
                        resumeFrom: null,
                        compareAdapterDir: null,
                    })),
                    environment: null,
                };
            }
            return toApplicationFailure(() => trainForReal(config, storage, plan, conversion));
        },
    };
}
async function trainForReal(config, store, plan, conversion) {
    const ctx = Context.current();
    const info = activityInfo();
    const mismatch = storageMismatch({
        what: `run ${plan.runName}'s training data (converted by the learning worker)`,
        staged: conversion.stored?.location ?? null,
        here: store,
        worker: 'GPU',
    });
    if (mismatch)
        throw ApplicationFailure.nonRetryable(mismatch, 'StorageMismatch');
    const beat = { details: resumeHeartbeat(info.heartbeatDetails, info.attempt) };
    ctx.heartbeat(beat.details);
    // From the start: staging data and a checkpoint from the store can take longer than the heartbeat timeout.
    const heartbeatTimer = setInterval(() => ctx.heartbeat(beat.details), HEARTBEAT_EVERY_MS);
    try {
        const work = store
            ? await storedWorkspace(config, store, plan, conversion, (m) => {
                ctx.log.info(`run ${plan.runName}: ${m}`);
            })
            : sharedWorkspace(config, plan, conversion);
        const resume = await work.resumePoint(beat.details.checkpoint);
        beat.details = { ...beat.details, checkpoint: resume?.ref ?? null };
        ctx.heartbeat(beat.details);
        return await trainIn(config, plan, work, resume, beat);
    }
    finally {
        clearInterval(heartbeatTimer);
    }
}
/** Runs the trainer in a prepared workspace; `beat` holds the heartbeat details the timer sends. */
async function trainIn(config, plan, work, resume, beat) {
    const ctx = Context.current();
    const spec = buildRunSpec(config, plan, {
        trainPath: work.trainPath,
        evalPath: work.evalPath,
        adapterDir: path.join(work.dir, 'adapter'),
        tokenizerDir: path.join(work.dir, 'tokenizer'),
        checkpointsDir: path.join(work.dir, 'checkpoints'),
        resumeFrom: resume?.local ?? null,
        compareAdapterDir: await work.compareAdapterDir(),
    });
    if (beat.details.batch)
        Object.assign(spec, beat.details.batch);
    const events = trainerEvents(plan, work, beat);
    const run = await startTrainer({
        python: await ensureTrainerPython(config.trainer.python),
        spec,
        specPath: path.join(work.dir, 'logs', `spec-attempt-${activityInfo().attempt}.json`),
        logPath: path.join(work.dir, 'logs', 'trainer.log'),
        cudaVisibleDevices: config.trainer.cuda_visible_devices === null ? undefined : String(config.trainer.cuda_visible_devices),
        onEvent: events.onEvent,
    });
    const graceMs = config.trainer.kill_grace_seconds * 1000;
    try {
        const outcome = await untilDoneOrCancelled(ctx.cancelled, run, graceMs);
        if (outcome.kind === 'done')
            return await trained(outcome.event, plan, work, spec, events.resumedFrom());
        const smaller = oomRetryBatch(outcome, config.trainer.oom_retry, spec);
        if (smaller) {
            // The next attempt, on any host, reads the smaller batch from the heartbeat.
            beat.details = { ...beat.details, batch: smaller };
            ctx.heartbeat(beat.details);
            metrics.trainerFailures.inc({ kind: 'oom' });
            throw ApplicationFailure.retryable(`trainer ran out of memory in run ${plan.runName} at micro-batch ${spec.per_device_batch_size}; retrying with ${smaller.per_device_batch_size} × ${smaller.gradient_accumulation_steps} accumulation (trainer.oom_retry)`, 'TrainerOutOfMemoryRetry');
        }
        throw failureFor(outcome, plan);
    }
    finally {
        await run.stop(graceMs);
        // A failed attempt still finishes its checkpoint uploads: the retry, on any host, resumes from them.
        await work.settle();
    }
}
/** What each trainer event does to the heartbeat, the metrics and the workspace's checkpoints. */
function trainerEvents(plan, work, beat) {
    const ctx = Context.current();
    let resumedFrom = null;
    const onEvent = (event) => {
        beat.details = heartbeatAfter(beat.details, event);
        if (event.event === 'start') {
            resumedFrom = event.resumed_from_step > 0 ? event.resumed_from_step : null;
            ctx.heartbeat(beat.details);
            if (event.device_note)
                ctx.log.warn(`run ${plan.runName}: ${event.device_note}`);
        }
        if (event.event === 'progress') {
            metrics.step.set(event.step);
            if (event.loss !== null)
                metrics.loss.set(event.loss);
            if (event.tokens_per_second !== null)
                metrics.tokensPerSecond.set(event.tokens_per_second);
        }
        if (event.event === 'checkpoint') {
            work.checkpointSaved(event.path, event.step).then((ref) => {
                // Only once it is safe (uploaded, with a store): this is what a retry resumes from.
                beat.details = { ...beat.details, checkpoint: ref };
                ctx.heartbeat(beat.details);
            }, (err) => {
                ctx.log.warn(`run ${plan.runName}: checkpoint ${event.step} not uploaded (${errorMessage(err)}); a retry resumes from an earlier one`);
            });
        }
    };
    return { onEvent, resumedFrom: () => resumedFrom };
}
/** A finished training: its outputs published for the learning worker, and what metadata.json records. */
async function trained(done, plan, work, spec, resumedFrom) {
    const artifacts = await work.publish();
    return {
        // With a store, where the learning worker's publishing puts them; else where the trainer wrote them.
        adapter_path: artifacts ? path.join(plan.runDir, 'adapter') : done.adapter_path,
        tokenizer_path: artifacts ? path.join(plan.runDir, 'tokenizer') : done.tokenizer_path,
        artifacts,
        dry_run: false,
        metrics: done.metrics,
        resumed_from_step: resumedFrom,
        steps: done.steps,
        run_spec: settingsOf(spec),
        environment: done.environment ?? null,
    };
}
/** The spec's trainer settings without the host-local paths: what metadata.json records as having run. */
export function settingsOf(spec) {
    const local = new Set(HOST_PATHS);
    return Object.fromEntries(Object.entries(spec).filter(([key]) => !local.has(key)));
}
const HOST_PATHS = [
    'train_path',
    'eval_path',
    'adapter_dir',
    'tokenizer_dir',
    'checkpoints_dir',
    'resume_from_checkpoint',
    'compare_adapter_dir',
];
function failureFor(outcome, plan) {
    const failure = classifyTrainerFailure(outcome, plan.runName);
    metrics.trainerFailures.inc({ kind: failure.kind });
    return failure.retryable
        ? ApplicationFailure.retryable(failure.message, failure.type)
        : ApplicationFailure.nonRetryable(failure.message, failure.type);
}
//# sourceMappingURL=training-activities.js.map