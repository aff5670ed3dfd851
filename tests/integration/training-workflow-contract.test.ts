import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import type { createLearningActivities } from '../../src/activities/learning-activities.js';
import type { createGpuActivities } from '../../src/activities/training-activities.js';
import type { RunPlan, TrainingResult } from '../../src/shared/training-contract.js';
import { workflowBundle } from '../../src/workers/workflow-bundle.js';
import { installQuietRuntime } from '../../src/workers/create-workers.js';
import { useTestServer } from '../helpers/temporal.js';

// The TrainingWorkflow's contract with its activities, each stubbed: which runs, in which order, on which queue,
// with what, and what the workflow returns or fails with. The real activities are tested on their own
// (tests/unit, train-activity-resume.test.ts) and together in training-workflow.test.ts.

const server = useTestServer();

type Learning = ReturnType<typeof createLearningActivities>;
type Gpu = ReturnType<typeof createGpuActivities>;

function planFor(queues: { gpu: string }, over: Partial<RunPlan> = {}): RunPlan {
  return {
    ready: true,
    message: null,
    datasetPath: '/data/dataset.jsonl',
    offset: 100,
    sampleCount: 64,
    badLineCount: 0,
    threshold: 50,
    strategy: 'lora',
    dryRun: false,
    runDir: '/runs/run-1',
    runName: 'run-1',
    createdAt: '2026-12-06T00:00:00.000Z',
    trigger: 'test',
    gpuTaskQueue: queues.gpu,
    heartbeatTimeoutSeconds: 30,
    ...over,
  };
}

const conversion = {
  train_examples: 50,
  eval_examples: 10,
  bad_line_count: 2,
  train_path: '/t',
  eval_path: '/e',
};
const training: Partial<TrainingResult> = { adapter_path: '/runs/run-1/adapter', steps: 3, metrics: {} };

/** Runs one TrainingWorkflow against stub activities; `calls` records what each received, in order. */
async function withStubs(
  plan: (queues: { gpu: string }) => RunPlan,
  overrides: {
    learning?: Partial<Record<keyof Learning, unknown>>;
    gpu?: Partial<Record<keyof Gpu, unknown>>;
  } = {},
) {
  const id = randomUUID().slice(0, 8);
  const queues = { learning: `contract-learning-${id}`, gpu: `contract-gpu-${id}` };
  const calls: { name: string; queue: 'learning' | 'gpu'; args: unknown[] }[] = [];
  const stub =
    (queue: 'learning' | 'gpu', name: string, result: unknown) =>
    (...args: unknown[]) => {
      calls.push({ name, queue, args });
      return typeof result === 'function' ? (result as (...a: unknown[]) => unknown)(...args) : result;
    };
  const learningStubs = {
    checkReadiness: plan(queues),
    convertDataset: conversion,
    planTaskEvaluation: {
      reference: { label: 'base', dir: null, key: null },
      candidate: { label: 'run-1', dir: '/runs/run-1/adapter', key: null },
    },
    writeMetadata: {
      metadataPath: '/runs/run-1/metadata.json',
      promote: true,
      promotionReason: 'no adapter was active',
    },
    updateOverrides: { updated: true, reason: null, overridesPath: '/cfg/overrides.yaml' },
    publishLatest: { latestPath: '/runs/latest.json', latestUpdated: true },
    markPublishFailed: { marked: true, why: null },
    ...overrides.learning,
  };
  const gpuStubs = {
    trainAdapter: training,
    evaluateAdapter: (args: { adapter: { label: string } }) => ({
      summary: {
        adapter: args.adapter.label,
        tasks: 2,
        successes: 1,
        success_rate: 0.5,
        interval: [0.1, 0.9],
      },
      episodes: [],
    }),
    ...overrides.gpu,
  };
  installQuietRuntime();
  const connection = await NativeConnection.connect({ address: server().address });
  const bundle = await workflowBundle();
  const make = (queue: 'learning' | 'gpu', stubs: Record<string, unknown>) =>
    Worker.create({
      connection,
      namespace: server().namespace,
      taskQueue: queues[queue],
      ...(queue === 'learning' ? { workflowBundle: bundle } : {}),
      activities: Object.fromEntries(Object.entries(stubs).map(([n, r]) => [n, stub(queue, n, r)])),
    });
  const workers = [await make('learning', learningStubs), await make('gpu', gpuStubs)];
  const running = workers.map((w) => w.run());
  try {
    const handle = await server().client.workflow.start('TrainingWorkflow', {
      workflowId: `contract-${id}`,
      taskQueue: queues.learning,
      args: [{ strategy: 'lora' }],
    });
    const result = await handle.result().then(
      (r: unknown) => ({ ok: true as const, value: r }),
      (err: unknown) => ({ ok: false as const, error: err }),
    );
    const description = await handle.describe();
    return { result, calls, description, queues };
  } finally {
    for (const w of workers) w.shutdown();
    await Promise.allSettled(running);
    await connection.close();
  }
}

describe('TrainingWorkflow against stubbed activities', () => {
  it('readiness → conversion → training (GPU queue) → metadata → overrides → latest.json, and the outcome from their results', async () => {
    const { result, calls, description, queues } = await withStubs((q) => planFor(q));
    expect(calls.map((c) => `${c.queue}:${c.name}`)).toEqual([
      'learning:checkReadiness',
      'learning:convertDataset',
      'gpu:trainAdapter',
      'learning:writeMetadata',
      'learning:updateOverrides',
      'learning:publishLatest',
    ]);
    // latest.json only once overrides.yaml is done: writeMetadata leaves it alone.
    expect(calls[3]!.args[0]).toMatchObject({ mirrorLatest: false });
    expect(result).toEqual({
      ok: true,
      value: {
        triggered: true,
        dataset_size: 60,
        threshold: 50,
        strategy: 'lora',
        dry_run: false,
        output_dir: '/runs/run-1',
        metadata_path: '/runs/run-1/metadata.json',
        adapter_path: '/runs/run-1/adapter',
        overrides_updated: true,
        promotion: 'no adapter was active',
        bad_line_count: 2,
      },
    });
    // The GPU step gets the plan and the conversion; promotion's verdict reaches the overrides step.
    expect(calls[2]!.args[0]).toMatchObject({ plan: { runName: 'run-1', gpuTaskQueue: queues.gpu } });
    expect(calls[4]!.args[0]).toMatchObject({ adapterPath: '/runs/run-1/adapter', promote: true });
    expect(description.memo).toEqual({ run_dir: '/runs/run-1', gpu_task_queue: queues.gpu });
    expect(description.searchAttributes).toMatchObject({ AgiOutcome: ['succeeded'], AgiSampleCount: [64] });
  });

  it('a plan that is not ready stops after readiness, with no output_dir', async () => {
    const { result, calls } = await withStubs((q) =>
      planFor(q, { ready: false, message: '3 valid samples; 50 required' }),
    );
    expect(calls.map((c) => c.name)).toEqual(['checkReadiness']);
    expect(result).toMatchObject({
      ok: true,
      value: { triggered: false, output_dir: null, message: '3 valid samples; 50 required' },
    });
  });

  it('with learning.eval_suite: reference and candidate act on the same tasks before the metadata', async () => {
    const { result, calls } = await withStubs((q) =>
      planFor(q, { taskEval: { suite: 'reasoning-gym:chain_sum', tasks: 2, seed: 7 } }),
    );
    expect(result.ok).toBe(true);
    expect(calls.map((c) => `${c.queue}:${c.name}`)).toEqual([
      'learning:checkReadiness',
      'learning:convertDataset',
      'gpu:trainAdapter',
      'learning:planTaskEvaluation',
      'gpu:evaluateAdapter',
      'gpu:evaluateAdapter',
      'learning:writeMetadata',
      'learning:updateOverrides',
      'learning:publishLatest',
    ]);
    const evals = calls.filter((c) => c.name === 'evaluateAdapter').map((c) => c.args[0]);
    expect(evals).toMatchObject([
      { suite: 'reasoning-gym:chain_sum', seed: 7, tasks: 2, adapter: { label: 'base' } },
      { suite: 'reasoning-gym:chain_sum', seed: 7, tasks: 2, adapter: { label: 'run-1' } },
    ]);
    const metadata = calls.find((c) => c.name === 'writeMetadata')!.args[0] as { taskEval: unknown };
    expect(metadata.taskEval).toMatchObject({
      suite: 'reasoning-gym:chain_sum',
      reference: { summary: { adapter: 'base' } },
      candidate: { summary: { adapter: 'run-1' } },
    });
  });

  it('a failure while updating overrides.yaml marks the run and never publishes latest.json', async () => {
    const { result, calls } = await withStubs((q) => planFor(q), {
      learning: {
        updateOverrides: () => {
          throw ApplicationFailure.nonRetryable(
            'cannot write /cfg/overrides.yaml: EACCES',
            'PathNotAllowedError',
          );
        },
      },
    });
    expect(result.ok).toBe(false);
    expect(calls.map((c) => c.name)).toEqual([
      'checkReadiness',
      'convertDataset',
      'trainAdapter',
      'writeMetadata',
      'updateOverrides',
      'markPublishFailed',
    ]);
    expect(calls.at(-1)!.args[0]).toMatchObject({
      plan: { runName: 'run-1' },
      reason: 'cannot write /cfg/overrides.yaml: EACCES',
    });
    const err = (result as { error: WorkflowFailedError }).error;
    expect((err.cause as ApplicationFailure).message).toBe('cannot write /cfg/overrides.yaml: EACCES');
  });

  it("a non-retryable activity failure fails the run with the activity's own message and type, tagged failed", async () => {
    const { result, calls, description } = await withStubs((q) => planFor(q), {
      gpu: {
        trainAdapter: () => {
          throw ApplicationFailure.nonRetryable(
            'trainer refused run run-1: bad data',
            'TrainerBadInputError',
          );
        },
      },
    });
    expect(calls.map((c) => c.name)).toEqual(['checkReadiness', 'convertDataset', 'trainAdapter']);
    expect(result.ok).toBe(false);
    const err = (result as { error: WorkflowFailedError }).error;
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(err.cause).toBeInstanceOf(ApplicationFailure);
    expect((err.cause as ApplicationFailure).message).toBe('trainer refused run run-1: bad data');
    expect((err.cause as ApplicationFailure).type).toBe('TrainerBadInputError');
    expect(description.searchAttributes).toMatchObject({ AgiOutcome: ['failed'] });
  });
});
