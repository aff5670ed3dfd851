import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createGpuActivities } from '../activities/training-activities.js';
import type { createLearningActivities } from '../activities/learning-activities.js';
import type {
  RunPlan,
  TaskEvalResults,
  TrainingInput,
  TrainingOutcome,
} from '../shared/training-contract.js';
import { NON_RETRYABLE_ERROR_TYPES } from '../shared/errors.js';
import { initialProgress, progressQuery, trainerProgressSignal } from './definitions.js';

export { progressQuery, trainerProgressSignal };

/**
 * Issue 9's workflow changes, guarded so runs started by older workers replay unchanged: progress lives in the
 * GPU activity's heartbeats (no signals), the training timeouts come from config, cancellation waits for the
 * trainer's checkpoint, a cancelled run is tagged `cancelled`, a skipped run has no output_dir, and
 * dataset_size counts the examples trained on.
 */
const PROGRESS_IN_HEARTBEATS = 'agi-core-9-progress-in-heartbeats';

/**
 * latest.json is written after overrides.yaml (publishLatest), and a failure while updating overrides.yaml marks
 * the run's metadata.json (markPublishFailed): latest.json and `adapters list` never present a run that failed
 * while publishing. Runs started by older workers replay in the old order.
 */
const LATEST_AFTER_OVERRIDES = 'agi-core-23-latest-after-overrides';

/** What a failed activity said, for the run's own record. */
function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}

const learning = proxyActivities<ReturnType<typeof createLearningActivities>>({
  startToCloseTimeout: '10 minutes',
  retry: {
    initialInterval: '1s',
    maximumInterval: '30s',
    maximumAttempts: 5,
    nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
  },
});

/** One training run: readiness → conversion → training (GPU queue) → metadata → overrides → latest.json. */
export async function TrainingWorkflow(input: TrainingInput = {}): Promise<TrainingOutcome> {
  const progress = initialProgress();
  setHandler(progressQuery, () => progress);
  // Runs started before progress moved to heartbeats may still receive these from an older GPU worker.
  setHandler(trainerProgressSignal, (p) => {
    Object.assign(progress, p);
  });

  const info = workflowInfo();
  const current = patched(PROGRESS_IN_HEARTBEATS);
  let latestLast = false;
  let publishing: RunPlan | null = null;
  try {
    progress.stage = 'readiness';
    const plan = await learning.checkReadiness(input, {
      workflowId: info.workflowId,
      runId: info.runId,
      startTime: info.startTime.toISOString(),
    });
    const retry = {
      initialInterval: '5s',
      maximumInterval: '2 minutes',
      maximumAttempts: 5,
      nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
    };
    const gpu = current
      ? proxyActivities<ReturnType<typeof createGpuActivities>>({
          // The queue name and timeouts come from the workers' config, through the plan: workflows read no files.
          taskQueue: plan.gpuTaskQueue,
          // Each attempt's cap once a GPU worker took it; a dead worker is caught by the heartbeat timeout.
          startToCloseTimeout: plan.attemptTimeout ?? '7 days',
          heartbeatTimeout: `${plan.heartbeatTimeoutSeconds}s`,
          // Time queued for a GPU worker counts apart from training time; unset, it waits as long as it takes.
          ...(plan.queueTimeout ? { scheduleToStartTimeout: plan.queueTimeout } : {}),
          // The workflow closes only once the trainer wrote its checkpoint and its process group is gone.
          cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
          retry,
        })
      : proxyActivities<ReturnType<typeof createGpuActivities>>({
          taskQueue: plan.gpuTaskQueue,
          startToCloseTimeout: '24 hours',
          heartbeatTimeout: `${plan.heartbeatTimeoutSeconds}s`,
          retry,
        });
    progress.gpu_task_queue = plan.gpuTaskQueue;
    // Describe shows the memo without a worker: `runs show` and `runs resume` find the folder even when no
    // learning worker is up to answer the progress query.
    if (current) upsertMemo({ run_dir: plan.runDir, gpu_task_queue: plan.gpuTaskQueue });
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
      // The original CLI printed no output_dir for a skipped run: nothing was written there.
      const outputDir = current ? null : base.output_dir;
      return { triggered: false, ...base, output_dir: outputDir, message: plan.message ?? 'not ready' };
    }

    progress.stage = 'conversion';
    const conversion = await learning.convertDataset(plan);
    progress.train_examples = conversion.train_examples;
    progress.eval_examples = conversion.eval_examples;
    // The original counted the examples trained on: preference pairs for DPO, deduplicated records for SFT.
    if (current) base.dataset_size = conversion.train_examples + conversion.eval_examples;

    progress.stage = 'training';
    const training = await gpu.trainAdapter({ plan, conversion });

    // Judged by what the agent does: the candidate and the adapter it would replace act on the same held-out
    // tasks. Only plans that ask for it (learning.eval_suite) schedule these, so older histories replay unchanged.
    let taskEval: TaskEvalResults | undefined;
    if (plan.taskEval && !plan.dryRun) {
      progress.stage = 'evaluation';
      const { suite, tasks, seed } = plan.taskEval;
      const pair = await learning.planTaskEvaluation({ plan, training });
      const reference = await gpu.evaluateAdapter({
        suite,
        seed,
        tasks,
        adapter: pair.reference,
        resultsName: `${info.workflowId}-reference-${pair.reference.label}`,
      });
      const candidate = await gpu.evaluateAdapter({
        suite,
        seed,
        tasks,
        adapter: pair.candidate,
        resultsName: `${info.workflowId}-candidate-${pair.candidate.label}`,
      });
      taskEval = { ...plan.taskEval, reference, candidate };
    }

    progress.stage = 'metadata';
    latestLast = patched(LATEST_AFTER_OVERRIDES);
    const published = await learning.writeMetadata({
      plan,
      conversion,
      training,
      taskEval,
      ...(latestLast ? { mirrorLatest: false } : {}),
    });
    publishing = plan;

    progress.stage = 'overrides';
    const overrides = await learning.updateOverrides({
      plan,
      adapterPath: training.adapter_path,
      promote: published.promote,
      promotionReason: published.promotionReason,
    });
    // overrides.yaml is done: a failure from here on is not one of publishing the adapter.
    publishing = null;
    if (latestLast) await learning.publishLatest({ plan });

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
    const cancelled = current && isCancellation(err);
    if (latestLast && publishing) {
      // Best effort: the run's own failure is what the caller must see, whether or not the mark lands.
      await learning
        .markPublishFailed({ plan: publishing, reason: failureMessage(err) })
        .catch(() => undefined);
    }
    progress.stage = cancelled ? 'cancelled' : 'failed';
    upsertSearchAttributes({ AgiOutcome: [cancelled ? 'cancelled' : 'failed'] });
    if (cancelled) throw err;
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
