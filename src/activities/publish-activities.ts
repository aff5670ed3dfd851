import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/load-config.js';
import type { ConversionResult } from '../learning/examples/convert.js';
import { activateAdapter, registryOf } from '../learning/adapters/adapter-registry.js';
import { readActiveAdapter } from '../learning/adapters/overrides-file.js';
import { writeJsonAtomic } from '../shared/atomic-write.js';
import type {
  RunPlan,
  TaskEvalResults,
  TrainingArtifacts,
  TrainingResult,
} from '../shared/training-contract.js';
import type { EvalSummary, PairedComparison } from '../shared/rollout-contract.js';
import { pairedComparison, taskPromotion } from '../learning/judging/task-success.js';
import { UsageError } from '../shared/errors.js';
import { downloadFolder } from '../storage/folders.js';
import { openStore } from '../storage/open-store.js';
import { runKeys } from '../storage/run-keys.js';
import { metrics } from '../shared/metrics.js';
import { MetadataHeadSchema, parseJsonWith } from '../shared/stored-json.js';
import { toApplicationFailure } from './failures.js';
import { writeDryRunFolders } from './dry-run.js';

export type RunMetadata = ReturnType<typeof buildMetadata>;

function buildMetadata(
  config: Config,
  plan: RunPlan,
  conversion: ConversionResult,
  training: TrainingResult,
) {
  const l = config.learning;
  const ran = training.run_spec;
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
    base_model: l.training_base_model,
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
      epochs: l.training_epochs,
      max_train_steps: l.max_train_steps,
      learning_rate: l.learning_rate,
      lora_rank: l.lora_rank,
      lora_alpha: config.trainer.lora_alpha,
      lora_dropout: config.trainer.lora_dropout,
      dpo_beta: l.dpo_beta,
      per_device_batch_size: config.trainer.per_device_batch_size,
      gradient_accumulation_steps: config.trainer.gradient_accumulation_steps,
      max_seq_length: config.trainer.max_seq_length,
      seed: config.trainer.seed,
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
async function downloadOutputs(config: Config, plan: RunPlan, artifacts: TrainingArtifacts): Promise<void> {
  const store = openStore(config);
  if (!store || store.location !== artifacts.store) {
    throw new UsageError(
      `run ${plan.runName}'s adapter was uploaded to ${artifacts.store}, but this learning worker's storage.url is ${store?.location ?? 'file://'}: give every worker the same storage.url, then resume the run`,
    );
  }
  const folders: [string, string][] = [
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
async function readCreatedAt(metadataFile: string): Promise<string | null> {
  const text = await readFile(metadataFile, 'utf8').catch(() => null);
  if (text === null) return null;
  return parseJsonWith(MetadataHeadSchema, text)?.created_at ?? null;
}

export type Promotion = {
  policy: 'always' | 'if_improved';
  activate: boolean;
  reason: string;
  eval_loss: number | null;
  active_eval_loss: number | null;
  active_adapter: string | null;
  /** With learning.eval_suite: both adapters' held-out task success and the paired test that decided. */
  task_eval?: TaskEvalRecord;
};

export type TaskEvalRecord = {
  suite: string;
  tasks: number;
  seed: number;
  alpha: number;
  candidate: EvalSummary;
  reference: EvalSummary;
  comparison: PairedComparison;
};

/** Promotion by held-out task success: a candidate significantly better than what it would replace. */
export function decideTaskPromotion(
  config: Config,
  plan: RunPlan,
  taskEval: TaskEvalResults,
  active: string | null,
): Omit<Promotion, 'eval_loss' | 'active_eval_loss'> {
  const policy = config.learning.promotion_policy;
  const alpha = config.learning.live_gate.alpha;
  const comparison = pairedComparison(taskEval.reference, taskEval.candidate);
  const record: TaskEvalRecord = {
    suite: taskEval.suite,
    tasks: taskEval.tasks,
    seed: taskEval.seed,
    alpha,
    candidate: taskEval.candidate.summary,
    reference: taskEval.reference.summary,
    comparison,
  };
  const rates = `${pctOf(taskEval.candidate.summary)} vs ${taskEval.reference.summary.adapter}'s ${pctOf(taskEval.reference.summary)}`;
  const base = { policy, active_adapter: active, task_eval: record };
  if (policy === 'always')
    return { ...base, activate: true, reason: `promotion_policy always (held-out success ${rates})` };
  const decision = taskPromotion(comparison, alpha);
  return {
    ...base,
    activate: decision.promote,
    reason: decision.promote
      ? `held-out success ${rates}: ${decision.reason}`
      : `held-out success ${rates}: ${decision.reason}; kept ${taskEval.reference.summary.adapter} (activate this one with agi-core adapters activate ${plan.runName})`,
  };
}

function pctOf(s: EvalSummary): string {
  return s.success_rate === null ? '-' : `${(s.success_rate * 100).toFixed(1)}%`;
}

/** The promotion gate: a trained adapter replaces the active one only when it evaluates better on the same split. */
async function decidePromotion(
  config: Config,
  plan: RunPlan,
  training: TrainingResult,
  taskEval?: TaskEvalResults,
): Promise<Promotion> {
  const policy = config.learning.promotion_policy;
  const active = await readActiveAdapter(config.learning.training_overrides_path).catch(() => null);
  const evalLoss = training.metrics.eval_loss_after ?? null;
  const activeLoss = training.metrics.eval_loss_active ?? null;
  const base = { policy, eval_loss: evalLoss, active_eval_loss: activeLoss, active_adapter: active };
  if (taskEval && !plan.dryRun)
    return {
      eval_loss: evalLoss,
      active_eval_loss: activeLoss,
      ...decideTaskPromotion(config, plan, taskEval, active),
    };
  const trainedActive =
    active !== null && existsSync(path.join(path.resolve(config.root, active), 'adapter_config.json'));
  if (plan.dryRun) {
    // The seed's dry run activates its placeholder on a fresh project; over a trained adapter it would silently
    // switch the agent to the base model.
    return trainedActive
      ? {
          ...base,
          activate: false,
          reason: `dry run: the active ${active} is a trained adapter, which a dry run's placeholder never replaces`,
        }
      : { ...base, activate: true, reason: 'dry run: activated as the seed did' };
  }
  if (policy === 'always') return { ...base, activate: true, reason: 'promotion_policy always' };
  if (!active) return { ...base, activate: true, reason: 'no adapter was active' };
  // A dry run's placeholder (or a folder that is no adapter) has nothing to beat.
  if (!trainedActive) {
    return { ...base, activate: true, reason: `the active ${active} holds no trained adapter` };
  }
  if (evalLoss === null || activeLoss === null) {
    return {
      ...base,
      activate: false,
      reason: `cannot compare with the active adapter ${active} (no eval split or it could not be evaluated): kept it; activate this one with agi-core adapters activate ${plan.runName}`,
    };
  }
  return evalLoss < activeLoss
    ? {
        ...base,
        activate: true,
        reason: `eval loss ${evalLoss.toFixed(4)} beats the active adapter's ${activeLoss.toFixed(4)}`,
      }
    : {
        ...base,
        activate: false,
        reason: `eval loss ${evalLoss.toFixed(4)} does not beat the active adapter's ${activeLoss.toFixed(4)}: kept ${active}`,
      };
}

/** Activities that publish a finished run: metadata.json, latest.json, overrides.yaml. */
export function createPublishActivities(config: Config) {
  return {
    /** Writes run/metadata.json and mirrors it to latest.json unless a newer run is already there. */
    async writeMetadata(args: {
      plan: RunPlan;
      conversion: ConversionResult;
      training: TrainingResult;
      taskEval?: TaskEvalResults;
    }) {
      return toApplicationFailure(async () => {
        if (args.training.artifacts) await downloadOutputs(config, args.plan, args.training.artifacts);
        if (args.plan.dryRun && openStore(config)) await writeDryRunFolders(args.plan.runDir);
        const promotion = await decidePromotion(config, args.plan, args.training, args.taskEval);
        const metadata = { ...buildMetadata(config, args.plan, args.conversion, args.training), promotion };
        const metadataPath = path.join(args.plan.runDir, 'metadata.json');
        await writeJsonAtomic(metadataPath, metadata);
        const latestPath = config.learning.training_metadata_path;
        const latestCreated = await readCreatedAt(latestPath);
        const isNewest = latestCreated === null || latestCreated <= metadata.created_at;
        if (isNewest) await writeJsonAtomic(latestPath, metadata);
        metrics.runs.inc({
          outcome: args.plan.dryRun ? 'dry_run' : 'succeeded',
          strategy: args.plan.strategy,
        });
        return {
          metadataPath,
          latestPath,
          latestUpdated: isNewest,
          promote: promotion.activate,
          promotionReason: promotion.reason,
        };
      });
    },

    /** Points learning.active_adapter_path at this run's adapter, never at an older run than the active one. */
    async updateOverrides(args: {
      plan: RunPlan;
      adapterPath: string;
      promote?: boolean;
      promotionReason?: string;
    }) {
      return toApplicationFailure(async () => {
        const file = config.learning.training_overrides_path;
        if (args.promote === false)
          return { updated: false, reason: args.promotionReason ?? 'not promoted', overridesPath: file };
        const active = await readActiveAdapter(file);
        if (active) {
          const activeCreated = await readCreatedAt(
            path.join(path.dirname(path.resolve(config.root, active)), 'metadata.json'),
          );
          if (activeCreated !== null && activeCreated > args.plan.createdAt) {
            return {
              updated: false,
              reason: `active adapter ${active} comes from a newer run`,
              overridesPath: file,
            };
          }
        }
        await activateAdapter(
          registryOf(config),
          args.adapterPath,
          'run',
          args.plan.runName,
          // When it goes live, not when the run started: outcomes logged during a long training belong to the
          // adapter that was active then. A retry finds it done and records nothing new.
          new Date().toISOString(),
        );
        return { updated: true, reason: null, overridesPath: file };
      });
    },
  };
}
