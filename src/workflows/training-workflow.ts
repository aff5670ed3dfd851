import {
  ActivityFailure,
  ApplicationFailure,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createGpuActivities } from '../activities/training-activities.js';
import type { createLearningActivities } from '../activities/learning-activities.js';
import type {
  TrainerProgressSignal,
  TrainingInput,
  TrainingOutcome,
  TrainingProgress,
} from '../shared/training-contract.js';
import { NON_RETRYABLE_ERROR_TYPES } from '../shared/errors.js';

export const progressQuery = defineQuery<TrainingProgress>('progress');
export const trainerProgressSignal = defineSignal<[TrainerProgressSignal]>('trainerProgress');

const learning = proxyActivities<ReturnType<typeof createLearningActivities>>({
  startToCloseTimeout: '10 minutes',
  retry: {
    initialInterval: '1s',
    maximumInterval: '30s',
    maximumAttempts: 5,
    nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
  },
});

/** One training run: readiness → conversion → training (GPU queue) → metadata → overrides. */
export async function TrainingWorkflow(input: TrainingInput = {}): Promise<TrainingOutcome> {
  const progress: TrainingProgress = {
    stage: 'starting',
    sample_count: null,
    train_examples: null,
    eval_examples: null,
    step: null,
    total_steps: null,
    loss: null,
    eta_seconds: null,
    run_dir: null,
  };
  setHandler(progressQuery, () => progress);
  setHandler(trainerProgressSignal, (p) => {
    Object.assign(progress, p);
  });

  const info = workflowInfo();
  try {
    progress.stage = 'readiness';
    const plan = await learning.checkReadiness(input, {
      workflowId: info.workflowId,
      runId: info.runId,
      startTime: info.startTime.toISOString(),
    });
    const gpu = proxyActivities<ReturnType<typeof createGpuActivities>>({
      // The queue name comes from the workers' config, through the plan: workflows cannot read files.
      taskQueue: plan.gpuTaskQueue,
      // Training may wait behind another run on a single GPU; the heartbeat timeout catches a dead worker.
      startToCloseTimeout: '24 hours',
      heartbeatTimeout: `${plan.heartbeatTimeoutSeconds}s`,
      retry: {
        initialInterval: '5s',
        maximumInterval: '2 minutes',
        maximumAttempts: 5,
        nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
      },
    });
    progress.sample_count = plan.sampleCount;
    progress.run_dir = plan.runDir;
    upsertSearchAttributes({ AgiStrategy: [plan.strategy], AgiSampleCount: [plan.sampleCount] });
    const base = {
      dataset_size: plan.sampleCount,
      threshold: plan.threshold,
      strategy: plan.strategy,
      dry_run: plan.dryRun,
      output_dir: plan.runDir,
    };
    if (!plan.ready) {
      progress.stage = 'skipped';
      upsertSearchAttributes({ AgiOutcome: ['skipped'] });
      return { triggered: false, ...base, message: plan.message ?? 'not ready' };
    }

    progress.stage = 'conversion';
    const conversion = await learning.convertDataset(plan);
    progress.train_examples = conversion.train_examples;
    progress.eval_examples = conversion.eval_examples;

    progress.stage = 'training';
    const training = await gpu.trainAdapter({ plan, conversion });

    progress.stage = 'metadata';
    const published = await learning.writeMetadata({ plan, conversion, training });

    progress.stage = 'overrides';
    const overrides = await learning.updateOverrides({
      plan,
      adapterPath: training.adapter_path,
      promote: published.promote,
      promotionReason: published.promotionReason,
    });

    progress.stage = 'done';
    upsertSearchAttributes({ AgiOutcome: ['succeeded'] });
    return {
      triggered: true,
      ...base,
      metadata_path: published.metadataPath,
      adapter_path: training.adapter_path,
      overrides_updated: overrides.updated,
      promotion: published.promotionReason,
      bad_line_count: conversion.bad_line_count,
    };
  } catch (err) {
    progress.stage = 'failed';
    upsertSearchAttributes({ AgiOutcome: ['failed'] });
    // Surface the activity's own message (what to fix) as the workflow's failure, for the CLI and the Web UI.
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
      throw ApplicationFailure.create({
        message: err.cause.message,
        type: err.cause.type ?? undefined,
        nonRetryable: true,
        cause: err,
      });
    }
    throw err;
  }
}
