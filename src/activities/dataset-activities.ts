import path from 'node:path';
import { checkOutputDir, resolveAllowedPath } from '../config/allowed-paths.js';
import { configSourceSha256, loadConfig, type Config } from '../config/load-config.js';
import { convertSnapshot, type ConversionResult } from '../learning/examples/convert.js';
import { countRecords, snapshotTailHash } from '../learning/dataset/readiness.js';
import { datasetStats } from '../learning/examples/dataset-stats.js';
import { chooseStrategy } from '../learning/dataset/scheduling.js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ArtifactStore } from '../storage/artifact-store.js';
import { readMarker, uploadFolder } from '../storage/folders.js';
import type { RunStorage } from './run-storage.js';
import { runKeys } from '../storage/run-keys.js';
import { readActiveAdapter } from '../learning/adapters/overrides-file.js';
import { writeJsonAtomic } from '../shared/atomic-write.js';
import { UsageError, errorMessage } from '../shared/errors.js';
import { parseJsonWith } from '../shared/stored-json.js';
import {
  RunPlanSchema,
  TrainingInputSchema,
  type RunPlan,
  type TrainingInput,
  type RunSettings,
  type ValidTrainingInput,
} from '../shared/training-contract.js';
import type { Strategy, StrategyChoiceSchema } from '../shared/trainer-protocol.js';
import type { z } from 'zod';
import { metrics } from '../shared/metrics.js';
import { runNameFor } from './run-name.js';
import { claimRunDir } from './run-dir-claim.js';
import { Context } from '@temporalio/activity';
import { toApplicationFailure } from './failures.js';
import type { StagedConversion } from './staged-conversion.js';
import { baseModelProblem } from '../config/base-model.js';
import { runSettings, settingsDiffer } from './run-spec.js';
import { checkFolderShape, notePathOrigin } from '../shared/path-origins.js';

const PLAN_FILE = 'run-plan.json';

/** The splits and the active adapter, into the store; what is already there with the same tag is kept. */
async function uploadRunInputs(
  config: Config,
  store: ArtifactStore,
  plan: RunPlan,
  conversion: ConversionResult,
): Promise<NonNullable<StagedConversion['stored']>> {
  const keys = runKeys(plan.runName);
  if ((await readMarker(store, keys.data))?.tag !== conversion.sha256)
    await uploadFolder(store, path.dirname(conversion.train_path), keys.data, conversion.sha256);
  const active = await readActiveAdapter(config.learning.training_overrides_path).catch(() => null);
  const activeDir = active ? path.resolve(config.root, active) : null;
  let compare: string | null = null;
  if (activeDir && existsSync(path.join(activeDir, 'adapter_config.json'))) {
    if ((await readMarker(store, keys.compareAdapter))?.tag !== activeDir)
      await uploadFolder(store, activeDir, keys.compareAdapter, activeDir);
    compare = keys.compareAdapter;
  }
  return { location: store.location, data: keys.data, compare_adapter: compare };
}

/** A failed run's own plan: same snapshot, run folder and creation time, so nothing is converted or trained twice. */
async function resumePlan(config: Config, runDir: string, configSha256: string): Promise<RunPlan> {
  const file = path.join(runDir, PLAN_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot resume ${runDir}: no ${PLAN_FILE} there (${errorMessage(err)}); the run never got past readiness, start a new one`,
    );
  }
  const plan = parseJsonWith(RunPlanSchema, text);
  if (!plan) {
    throw new UsageError(
      `cannot resume ${runDir}: ${file} is not a run plan agi-core wrote (torn or edited); start a new run`,
    );
  }
  return {
    ...plan,
    trigger: 'resume',
    // The settings as the config is now: a resume follows a fix, often to the config itself (the snapshot, its
    // converted data and the checkpoint are the run's own).
    settings: runSettings(config),
    configSha256,
    ...gpuSettings(config),
  };
}

/** What the workflow needs from the workers' config to call the GPU activity. */
function gpuSettings(config: Config) {
  return {
    gpuTaskQueue: config.temporal.task_queues.gpu_training,
    heartbeatTimeoutSeconds: config.trainer.heartbeat_timeout_seconds,
    attemptTimeout: config.trainer.attempt_timeout,
    queueTimeout: config.trainer.queue_timeout,
  };
}

/** Whether a workflow is still running, asked through the worker's own client; unknown counts as closed. */
async function workflowIsOpen(workflowId: string): Promise<boolean> {
  try {
    const d = await Context.current().client.workflow.getHandle(workflowId).describe();
    return d.status.name === 'RUNNING';
  } catch {
    return false;
  }
}

export type RunIdentity = { workflowId: string; runId: string; startTime: string };

/** The workflow's input, checked against its schema: every problem at once, with the fields there are. */
export function parseTrainingInput(rawInput: TrainingInput | undefined): ValidTrainingInput {
  const parsed = TrainingInputSchema.safeParse(rawInput ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) =>
    i.code === 'unrecognized_keys'
      ? `unknown field(s) ${i.keys.join(', ')}`
      : `${i.path.join('.') || 'input'}: ${i.message}`,
  );
  throw new UsageError(
    `invalid TrainingWorkflow input: ${issues.join('; ')}. Fields: ${Object.keys(TrainingInputSchema.shape).join(', ')}`,
  );
}

/** The strategy asked for; `auto` decided on the snapshot itself, so the choice and the data trained on agree. */
async function strategyFor(
  config: Config,
  asked: z.infer<typeof StrategyChoiceSchema>,
  datasetPath: string,
  end: number,
): Promise<{ strategy: Strategy; strategyReason: string | null }> {
  if (asked !== 'auto') return { strategy: asked, strategyReason: null };
  const l = config.learning;
  const stats = await datasetStats(datasetPath, {
    maxPairsPerGoal: l.dpo_max_pairs_per_goal,
    maxBadLines: 0,
    end,
  });
  const chosen = chooseStrategy(
    { ...stats, dpo_pairs: stats.examples[l.example_format].dpo },
    config.self_optimizer.min_dpo_pairs,
  );
  return { strategy: chosen.strategy, strategyReason: `auto: ${chosen.why}` };
}

/**
 * The config a run is decided from: the workers' file and overrides.yaml as they are now, so that an edit takes
 * effect on the next run without restarting the workers (unchanged files: the worker's own config, as it was
 * given). How this worker reaches Temporal and the store stays as it started.
 */
function configForRun(config: Config): { config: Config; sha256: string } {
  let fresh: Config;
  try {
    const now = configSourceSha256(config.configPath, config.overridesPath);
    if (now === config.sourceSha256) return { config, sha256: now };
    fresh = loadConfig(config.configPath);
  } catch (err) {
    throw new UsageError(
      `the run did not start: the learning worker's config ${config.configPath} no longer loads (${errorMessage(err)}); fix it — the next run reads it again, no restart needed`,
    );
  }
  return {
    config: {
      ...config,
      learning: fresh.learning,
      trainer: fresh.trainer,
      self_optimizer: fresh.self_optimizer,
      overridesPath: fresh.overridesPath,
    },
    sha256: fresh.sourceSha256,
  };
}

/** The caller (agi-core-train) expects other settings than the worker's config decides: say which, and refuse. */
function refuseOtherSettings(config: Config, asked: RunSettings, decided: RunSettings): void {
  const differ = settingsDiffer(asked, decided);
  if (!differ.length) return;
  const each = differ.map(
    (d) => `${d.key}: ${JSON.stringify(d.a)} asked, ${JSON.stringify(d.b)} in the worker's`,
  );
  throw new UsageError(
    `the learning worker's config ${config.configPath} decides other run settings than the caller's (${each.join('; ')}): the learning worker trains with its own config, so give agi-core-train the same settings (or --config ${config.configPath}), or change the worker's config`,
  );
}

/**
 * Validates the input, counts valid records and takes the snapshot offset the whole run will use. A little over
 * 60 lines because it ends in the plan itself: every field the later steps read, written down in one place.
 */
async function checkReadiness(
  workerConfig: Config,
  rawInput: TrainingInput,
  run: RunIdentity,
): Promise<RunPlan> {
  const input = parseTrainingInput(rawInput);
  const { config, sha256 } = configForRun(workerConfig);
  const settings = runSettings(config);
  // A dry run trains nothing: whatever settings the caller's config decides, it runs the same.
  if (input.expectSettings && !input.dryRun) refuseOtherSettings(config, input.expectSettings, settings);
  const modelProblem = input.dryRun ? null : baseModelProblem(config.learning.training_base_model);
  if (modelProblem) throw new UsageError(modelProblem);
  if (input.resumeRunDir)
    return resumePlan(config, resolveAllowedPath(config, input.resumeRunDir, 'resumeRunDir'), sha256);
  const l = config.learning;
  const datasetPath = input.datasetPath
    ? resolveAllowedPath(config, input.datasetPath, 'dataset path')
    : l.dataset_path;
  const runName = runNameFor(run.startTime, run.runId);
  if (!input.outputDir)
    checkFolderShape(
      l.training_output_dir,
      `the runs folder ${l.training_output_dir} (learning.training_output_dir)`,
    );
  const runDir = input.outputDir
    ? checkOutputDir(config, resolveAllowedPath(config, input.outputDir, 'output dir'), input.overwrite)
    : path.join(l.training_output_dir, runName);
  if (input.outputDir) notePathOrigin(runDir, '--output-dir, workflow input outputDir');
  const threshold = input.minSamples ?? l.min_samples_for_training;
  const counts = await countRecords(datasetPath);
  metrics.datasetSamples.set(counts.valid);
  const plan: RunPlan = {
    ready: true,
    message: null,
    datasetPath,
    offset: counts.offset,
    snapshotTailSha256: await snapshotTailHash(datasetPath, counts.offset),
    sampleCount: counts.valid,
    badLineCount: counts.bad,
    threshold,
    ...(await strategyFor(config, input.strategy ?? l.training_strategy, datasetPath, counts.offset)),
    exampleFormat: l.example_format,
    dryRun: input.dryRun,
    settings,
    configSha256: sha256,
    conversionSettings: {
      evalFraction: l.eval_fraction,
      evalMinRecords: l.eval_min_records,
      maxPairsPerGoal: l.dpo_max_pairs_per_goal,
    },
    taskEval: l.eval_suite ? { suite: l.eval_suite, tasks: l.eval_tasks, seed: l.eval_seed } : null,
    runDir,
    runName,
    createdAt: run.startTime,
    trigger: input.trigger ?? 'api',
    ...gpuSettings(config),
  };
  if (input.requireThreshold && counts.valid < threshold) {
    return {
      ...plan,
      ready: false,
      message: `Dataset has ${counts.valid} valid samples; ${threshold} required. Skipping training.`,
    };
  }
  if (counts.valid === 0) {
    throw new UsageError(
      `dataset ${datasetPath} has no valid records (${counts.bad} bad line(s)): nothing to train on; append records first`,
    );
  }
  // Only a run that will write claims its folder: a skipped one writes nothing, as the seed's did.
  if (input.outputDir) await claimRunDir(runDir, run.workflowId, workflowIsOpen);
  return plan;
}

/**
 * Converts the snapshot into run/data/{train,eval}.jsonl; a retry reuses identical output. With an artifact
 * store, uploads the splits (tagged with the snapshot's sha256, so a retry reuses them) and the adapter the
 * promotion gate compares with, for a GPU worker on any host.
 */
async function convertDataset(config: Config, store: RunStorage, plan: RunPlan): Promise<StagedConversion> {
  // The plan is what `runs resume` needs to continue this run later with the same snapshot.
  await writeJsonAtomic(path.join(plan.runDir, PLAN_FILE), plan);
  const conversion = await convertSnapshot({
    datasetPath: plan.datasetPath,
    offset: plan.offset,
    strategy: plan.strategy,
    exampleFormat: plan.exampleFormat ?? 'summary',
    expected: { valid: plan.sampleCount, tailSha256: plan.snapshotTailSha256 },
    outDir: path.join(plan.runDir, 'data'),
    ...(plan.conversionSettings ?? {
      evalFraction: config.learning.eval_fraction,
      evalMinRecords: config.learning.eval_min_records,
      maxPairsPerGoal: config.learning.dpo_max_pairs_per_goal,
    }),
  });
  if (!store || plan.dryRun) return conversion;
  return { ...conversion, stored: await uploadRunInputs(config, store, plan, conversion) };
}

/** Activities that read the dataset and write a run's converted data. */
export function createDatasetActivities(config: Config, store: RunStorage) {
  return {
    async checkReadiness(rawInput: TrainingInput, run: RunIdentity): Promise<RunPlan> {
      return toApplicationFailure(() => checkReadiness(config, rawInput, run));
    },
    async convertDataset(plan: RunPlan): Promise<StagedConversion> {
      return toApplicationFailure(() => convertDataset(config, store, plan));
    },
  };
}
