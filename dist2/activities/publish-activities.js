import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { baseModelOnThisHost } from '../config/base-model.js';
import { activateAdapter, registryOf } from '../learning/adapters/adapter-registry.js';
import { readActiveAdapter } from '../learning/adapters/overrides-file.js';
import { writeJsonAtomic } from '../shared/atomic-write.js';
import { decidePromotion } from '../learning/judging/promotion.js';
import { UsageError } from '../shared/errors.js';
import { downloadFolder } from '../storage/folders.js';
import { storageMismatch } from './run-storage.js';
import { runKeys } from '../storage/run-keys.js';
import { metrics } from '../shared/metrics.js';
import { MetadataHeadSchema, parseJsonWith } from '../shared/stored-json.js';
import { toApplicationFailure } from './failures.js';
import { writeDryRunFolders } from './dry-run.js';
// metadata.json field by field, in the seed's order: one literal is easier to hold against the seed's document
// (docs/fine_tuning.md) than pieces spread over helpers.
function buildMetadata(config, plan, conversion, training) {
    const l = config.learning;
    const ran = training.run_spec;
    // What the run was decided with at readiness (the config is re-read per run); older plans: this config.
    const s = plan.settings;
    return {
        run_name: plan.runName,
        created_at: plan.createdAt,
        trigger: plan.trigger,
        strategy: plan.strategy,
        strategy_reason: plan.strategyReason ?? null,
        example_format: conversion.example_format,
        // What the example format left out of the snapshot's records (dataset_size counts what was trained on).
        examples_dropped: {
            failures: conversion.dropped_failures,
            identical_plan_pairs: conversion.dropped_identical_plans,
        },
        dry_run: plan.dryRun,
        base_model: s ? baseModelOnThisHost(config.root, s.base_model) : l.training_base_model,
        dataset_path: plan.datasetPath,
        // As the original: the examples trained on (DPO pairs, deduplicated SFT records); valid records apart.
        dataset_size: conversion.train_examples + conversion.eval_examples,
        sample_count: plan.sampleCount,
        threshold: plan.threshold,
        snapshot: {
            offset: plan.offset,
            sha256: conversion.sha256,
            records: conversion.records,
            duplicates: conversion.duplicates,
        },
        bad_line_count: conversion.bad_line_count,
        bad_lines: conversion.bad_lines,
        train_examples: conversion.train_examples,
        eval_examples: conversion.eval_examples,
        eval_note: conversion.eval_note,
        output_dir: plan.runDir,
        data_dir: path.dirname(conversion.train_path),
        adapter_path: training.adapter_path,
        tokenizer_path: training.tokenizer_path,
        // What the attempt that produced the adapter ran with (after an OOM retry, its batch), not today's config.
        hyperparameters: ran ?? {
            epochs: s?.epochs ?? l.training_epochs,
            max_train_steps: s?.max_steps ?? l.max_train_steps,
            learning_rate: s?.learning_rate ?? l.learning_rate,
            lora_rank: s?.lora_rank ?? l.lora_rank,
            lora_alpha: s?.lora_alpha ?? config.trainer.lora_alpha,
            lora_dropout: s?.lora_dropout ?? config.trainer.lora_dropout,
            dpo_beta: s?.dpo_beta ?? l.dpo_beta,
            per_device_batch_size: s?.per_device_batch_size ?? config.trainer.per_device_batch_size,
            gradient_accumulation_steps: s?.gradient_accumulation_steps ?? config.trainer.gradient_accumulation_steps,
            max_seq_length: s?.max_seq_length ?? config.trainer.max_seq_length,
            seed: s?.seed ?? config.trainer.seed,
        },
        environment: training.environment ?? null,
        // Where the run's bytes are in the artifact store (storage.url s3://…), for `agi-core runs pull` and audits.
        artifacts: training.artifacts ?? null,
        steps: training.steps,
        resumed_from_step: training.resumed_from_step,
        metrics: training.metrics,
    };
}
/**
 * With an artifact store, the GPU worker uploaded the run's outputs: bring them into the local run folder, where
 * the agent loads the adapter from (as in the seed). A retry finds them already there and copies nothing.
 */
async function downloadOutputs(store, plan, artifacts) {
    const mismatch = storageMismatch({
        what: `run ${plan.runName}'s adapter (uploaded by the GPU worker)`,
        staged: artifacts.store,
        here: store,
        worker: 'learning',
    });
    if (mismatch || !store)
        throw new UsageError(mismatch ?? 'no artifact store configured');
    const folders = [
        [artifacts.adapter, 'adapter'],
        [artifacts.tokenizer, 'tokenizer'],
        [artifacts.logs, 'logs'],
    ];
    for (const [key, name] of folders) {
        const got = await downloadFolder(store, key, path.join(plan.runDir, name));
        if (!got && name === 'adapter')
            throw new Error(`run ${plan.runName}: no complete adapter at ${store.location}/${key} yet; retrying`);
    }
    const base = runKeys(plan.runName).base;
    for (const file of ['loss.json', 'loss.svg'])
        await store.getFile(`${base}/${file}`, path.join(plan.runDir, file));
}
/** When the run behind a metadata.json / latest.json was created; null when absent or unreadable. */
async function readCreatedAt(metadataFile) {
    const text = await readFile(metadataFile, 'utf8').catch(() => null);
    if (text === null)
        return null;
    return parseJsonWith(MetadataHeadSchema, text)?.created_at ?? null;
}
/** Gathers what the promotion gate needs (overrides.yaml, the active folder); the decision itself is pure. */
async function promotionOf(config, plan, training, taskEval) {
    const active = await readActiveAdapter(config.learning.training_overrides_path).catch(() => null);
    return decidePromotion({
        policy: config.learning.promotion_policy,
        alpha: config.learning.live_gate.alpha,
        runName: plan.runName,
        dryRun: plan.dryRun,
        active,
        activeIsTrained: active !== null && existsSync(path.join(path.resolve(config.root, active), 'adapter_config.json')),
        evalLoss: training.metrics.eval_loss_after ?? null,
        activeEvalLoss: training.metrics.eval_loss_active ?? null,
        taskEval,
    });
}
/**
 * Writes run/metadata.json. Workflows of this version mirror it to latest.json only once overrides.yaml is done
 * (publishLatest), so latest.json never presents a run that failed while publishing; runs started by older
 * workflows (no `mirrorLatest` in their input) mirror it here, as they always did.
 */
async function writeMetadata(config, store, args) {
    if (args.training.artifacts)
        await downloadOutputs(store, args.plan, args.training.artifacts);
    if (args.plan.dryRun && store)
        await writeDryRunFolders(args.plan.runDir);
    const promotion = await promotionOf(config, args.plan, args.training, args.taskEval);
    const metadata = { ...buildMetadata(config, args.plan, args.conversion, args.training), promotion };
    const metadataPath = path.join(args.plan.runDir, 'metadata.json');
    await writeJsonAtomic(metadataPath, metadata);
    const latest = args.mirrorLatest === false ? null : await publishLatest(config, { plan: args.plan });
    return {
        metadataPath,
        latestPath: config.learning.training_metadata_path,
        latestUpdated: latest?.latestUpdated ?? false,
        promote: promotion.activate,
        promotionReason: promotion.reason,
    };
}
/** Mirrors run/metadata.json to latest.json unless a newer run is already there: the run is published. */
async function publishLatest(config, args) {
    const metadataPath = path.join(args.plan.runDir, 'metadata.json');
    const text = await readFile(metadataPath, 'utf8');
    const metadata = parseJsonWith(MetadataHeadSchema, text);
    if (!metadata)
        throw new Error(`run ${args.plan.runName}: ${metadataPath} is not valid run metadata; retrying`);
    const latestPath = config.learning.training_metadata_path;
    const latestCreated = await readCreatedAt(latestPath);
    const isNewest = latestCreated === null || latestCreated <= metadata.created_at;
    if (isNewest)
        await writeJsonAtomic(latestPath, JSON.parse(text));
    metrics.runs.inc({ outcome: args.plan.dryRun ? 'dry_run' : 'succeeded', strategy: args.plan.strategy });
    return { latestPath, latestUpdated: isNewest };
}
/**
 * After a failure while publishing: records it in run/metadata.json, so `adapters list` shows it and `adapters
 * activate` refuses the run (adapterProblems). A run whose adapter went live anyway (overrides.yaml written,
 * then the history append failed) is left as it is: what is active stays loadable.
 */
async function markPublishFailed(config, args) {
    const metadataPath = path.join(args.plan.runDir, 'metadata.json');
    const text = await readFile(metadataPath, 'utf8').catch(() => null);
    const metadata = text === null ? undefined : parseJsonWith(z.record(z.string(), z.unknown()), text);
    if (!metadata)
        return { marked: false, why: `no metadata.json in ${args.plan.runDir}` };
    const active = await readActiveAdapter(config.learning.training_overrides_path).catch(() => null);
    if (active && path.resolve(config.root, active) === path.join(args.plan.runDir, 'adapter'))
        return { marked: false, why: 'its adapter is active' };
    await writeJsonAtomic(metadataPath, { ...metadata, publish_failed: args.reason });
    return { marked: true, why: null };
}
/** Points learning.active_adapter_path at this run's adapter, never at an older run than the active one. */
async function updateOverrides(config, args) {
    const file = config.learning.training_overrides_path;
    if (args.promote === false)
        return { updated: false, reason: args.promotionReason ?? 'not promoted', overridesPath: file };
    const active = await readActiveAdapter(file);
    if (active) {
        const activeCreated = await readCreatedAt(path.join(path.dirname(path.resolve(config.root, active)), 'metadata.json'));
        if (activeCreated !== null && activeCreated > args.plan.createdAt)
            return {
                updated: false,
                reason: `active adapter ${active} comes from a newer run`,
                overridesPath: file,
            };
    }
    await activateAdapter(registryOf(config), args.adapterPath, 'run', args.plan.runName, 
    // When it goes live, not when the run started: outcomes logged during a long training belong to the
    // adapter that was active then. A retry finds it done and records nothing new.
    new Date().toISOString());
    return { updated: true, reason: null, overridesPath: file };
}
/** Activities that publish a finished run: metadata.json, overrides.yaml, latest.json (in that order). */
export function createPublishActivities(config, store) {
    return {
        async writeMetadata(args) {
            return toApplicationFailure(() => writeMetadata(config, store, args));
        },
        async updateOverrides(args) {
            return toApplicationFailure(() => updateOverrides(config, args));
        },
        async publishLatest(args) {
            return toApplicationFailure(() => publishLatest(config, args));
        },
        async markPublishFailed(args) {
            return toApplicationFailure(() => markPublishFailed(config, args));
        },
    };
}
//# sourceMappingURL=publish-activities.js.map