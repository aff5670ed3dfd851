import { z } from 'zod';
import { parseJsonWith } from '../shared/stored-json.js';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { tickGate } from './tick-decision.js';
import { readHistory, registryOf } from '../learning/adapters/adapter-registry.js';
import { datasetStats } from '../learning/examples/dataset-stats.js';
import { judgeLiveAdapter, pendingRollback } from '../learning/live/live-gate.js';
import { countRecords } from '../learning/dataset/readiness.js';
import { chooseStrategy, suggestedCommand } from '../learning/dataset/scheduling.js';
import { errorMessage } from '../shared/errors.js';
/** The one workflow id automatic runs use: a second concurrent start is refused by Temporal itself. */
export function autoTrainingWorkflowId(config) {
    return `${config.self_optimizer.schedule_id}-training`;
}
async function lastAutoRun(client, workflowId) {
    try {
        const d = await client.workflow.getHandle(workflowId).describe();
        return { status: d.status.name, startTime: d.startTime, closeTime: d.closeTime ?? null };
    }
    catch (err) {
        if (err instanceof WorkflowNotFoundError)
            return null;
        throw err;
    }
}
/**
 * The newest published run: when, and how many valid records its snapshot held; null before the first run. A
 * latest.json that exists but cannot be read is an Error to report: taking it for "no run yet" would retrain blindly.
 */
async function lastSuccess(config) {
    const file = config.learning.training_metadata_path;
    let text;
    try {
        text = await readFile(file, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return null;
        return new Error(`${file} (learning.training_metadata_path) cannot be read: ${errorMessage(err)}`);
    }
    const latest = parseJsonWith(LatestSchema, text);
    if (!latest)
        return new Error(`${file} (learning.training_metadata_path) is not a run's metadata (torn or edited): restore it from the newest run folder's metadata.json, or delete it to count every record as new`);
    // Runs published before sample_count existed recorded the valid records as dataset_size.
    return { created_at: latest.created_at, sample_count: latest.sample_count ?? latest.dataset_size };
}
const LatestSchema = z.looseObject({
    created_at: z.string(),
    dataset_size: z.number().int().nonnegative(),
    sample_count: z.number().int().nonnegative().optional(),
});
/** Decides one tick from durable state only: the dataset, latest.json and Temporal's record of the last automatic run. */
export async function assessTraining(config, client, now) {
    const so = config.self_optimizer;
    const l = config.learning;
    const childWorkflowId = autoTrainingWorkflowId(config);
    const datasetDisplay = path.relative(config.root, l.dataset_path) || l.dataset_path;
    const fixed = so.strategy === 'auto' ? 'lora' : so.strategy;
    const base = {
        triggered: false,
        reason: '',
        sample_count: null,
        new_samples: null,
        threshold: l.min_samples_for_training,
        strategy: fixed,
        workflow_id: null,
        command: suggestedCommand(fixed, datasetDisplay),
        dpo_pairs: null,
        live: await judgeLive(config, now),
    };
    const plan = (decision) => ({
        decision: { ...base, ...decision },
        childWorkflowId,
        taskQueue: config.temporal.task_queues.learning,
        dryRun: so.dry_run,
    });
    const gate = tickGate(await tickFacts(config, client, childWorkflowId, now), {
        ...so,
        min_samples_for_training: l.min_samples_for_training,
    });
    if (!gate.train)
        return plan(gate.decision);
    const counted = { sample_count: gate.sampleCount, new_samples: gate.newSamples };
    const { strategy, pairs, why } = so.strategy === 'auto' ? await autoStrategy(config) : { strategy: fixed, pairs: null, why: '' };
    return plan({
        ...counted,
        triggered: true,
        strategy,
        dpo_pairs: pairs,
        workflow_id: childWorkflowId,
        command: suggestedCommand(strategy, datasetDisplay),
        reason: `${gate.sampleCount} valid samples (${gate.newSamples} new) ≥ ${l.min_samples_for_training}; starting ${strategy}${why}`,
    });
}
/** What the tick's gate reads: Temporal's last automatic run, the dataset's count, a pending rollback, latest.json. */
async function tickFacts(config, client, childWorkflowId, now) {
    const l = config.learning;
    const last = await lastAutoRun(client, childWorkflowId);
    // An open run holds the tick whatever the dataset says: no need to read it.
    const valid = last?.status === 'RUNNING'
        ? 0
        : await countRecords(l.dataset_path).then((c) => c.valid, (err) => new Error(errorMessage(err)));
    const pending = pendingRollback(await readHistory(l.adapter_history_path));
    const rolledBackAt = pending?.live_gate?.sample_count;
    return {
        now,
        childWorkflowId,
        last,
        valid,
        rollback: pending?.live_gate && typeof rolledBackAt === 'number'
            ? { adapter: pending.live_gate.adapter, sampleCount: rolledBackAt }
            : null,
        // latest.json only matters once the dataset could be counted.
        success: valid instanceof Error ? null : await lastSuccess(config),
    };
}
/** self_optimizer.strategy auto: DPO with enough pairs, else KTO with both outcomes, else SFT. */
async function autoStrategy(config) {
    const l = config.learning;
    const stats = await datasetStats(l.dataset_path, {
        maxPairsPerGoal: l.dpo_max_pairs_per_goal,
        maxBadLines: 0,
    });
    const pairs = stats.examples[l.example_format].dpo;
    const chosen = chooseStrategy({ ...stats, dpo_pairs: pairs }, config.self_optimizer.min_dpo_pairs);
    return { strategy: chosen.strategy, pairs, why: ` (auto: ${chosen.why})` };
}
/** The live gate's verdict on the active adapter; a failure to judge is reported, never fatal to the tick. */
async function judgeLive(config, now) {
    const l = config.learning;
    try {
        return await judgeLiveAdapter({
            gate: l.live_gate,
            reg: registryOf(config),
            datasetPath: l.dataset_path,
            trainingOutputDir: l.training_output_dir,
            sampleCount: async () => (await countRecords(l.dataset_path).catch(() => null))?.valid ?? null,
            now,
        });
    }
    catch (err) {
        return {
            mode: l.live_gate.mode,
            adapter: '?',
            verdict: 'error',
            action: 'none',
            reason: `the live gate could not judge: ${errorMessage(err)}`,
            score: null,
            unattributed: 0,
            adapters: [],
            rolled_back_to: null,
        };
    }
}
export function createOptimizerActivities(config) {
    return {
        async assessTraining(nowIso) {
            return assessTraining(config, Context.current().client, new Date(nowIso));
        },
    };
}
//# sourceMappingURL=optimizer-activities.js.map