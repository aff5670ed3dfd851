import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createGpuActivities } from '../../src/activities/training-activities.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import type { RunPlan, TrainHeartbeat } from '../../src/shared/training-contract.js';
import type { StagedConversion } from '../../src/activities/staged-conversion.js';
import { makeProject } from '../helpers/project.js';

// The trainer activity's resume, without a server: a retry (any host) reads the last attempt's heartbeat details
// from the server, which MockActivityEnvironment hands it as Temporal does.

async function runFolder(trainer: string) {
  const project = await makeProject({
    set: { 'trainer.python': path.join(PACKAGE_ROOT, 'tests', 'fixtures', trainer) },
  });
  const config = project.config();
  const runDir = path.join(config.learning.training_output_dir, 'run-1');
  await mkdir(path.join(runDir, 'data'), { recursive: true });
  const trainPath = path.join(runDir, 'data', 'train.jsonl');
  await writeFile(trainPath, '{"messages": []}\n');
  // A complete checkpoint (trainer_state.json) the previous attempt left.
  const checkpoint = path.join(runDir, 'checkpoints', 'checkpoint-4');
  await mkdir(checkpoint, { recursive: true });
  await writeFile(path.join(checkpoint, 'trainer_state.json'), '{}');
  const plan: RunPlan = {
    ready: true,
    message: null,
    datasetPath: config.learning.dataset_path,
    offset: 0,
    sampleCount: 60,
    badLineCount: 0,
    threshold: 50,
    strategy: 'lora',
    dryRun: false,
    runDir,
    runName: 'run-1',
    createdAt: new Date().toISOString(),
    trigger: 'test',
    gpuTaskQueue: 'gpu',
    heartbeatTimeoutSeconds: 60,
  };
  const conversion = { train_path: trainPath, eval_path: null, stored: null } as unknown as StagedConversion;
  return { config, plan, conversion, checkpoint, runDir };
}

/** The activity as the worker registers it. */
const train = (config: ReturnType<Awaited<ReturnType<typeof makeProject>>['config']>) => {
  const activities = createGpuActivities(config);
  return (args: Parameters<typeof activities.trainAdapter>[0]) => activities.trainAdapter(args);
};

describe('trainAdapter resumes from its heartbeat details', () => {
  it('attempt 2 resumes from the checkpoint and the halved batch attempt 1 heartbeated', async () => {
    const { config, plan, conversion, checkpoint, runDir } = await runFolder('fake-trainer-resume.py');
    const previous: TrainHeartbeat = {
      step: 4,
      checkpoint,
      batch: { per_device_batch_size: 2, gradient_accumulation_steps: 8 },
      attempt: 1,
    };
    const env = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: previous });
    const beats: TrainHeartbeat[] = [];
    env.on('heartbeat', (d: TrainHeartbeat) => beats.push(d));
    const result = await env.run(train(config), { plan, conversion });

    const spec = JSON.parse(await readFile(path.join(runDir, 'logs', 'spec-attempt-2.json'), 'utf8'));
    expect(spec).toMatchObject({
      resume_from_checkpoint: checkpoint,
      per_device_batch_size: 2,
      gradient_accumulation_steps: 8,
    });
    expect(result).toMatchObject({ resumed_from_step: 4, steps: 8, dry_run: false });
    // The first heartbeat already carries what a further retry needs; the trainer's start then reports progress.
    expect(beats[0]).toMatchObject({ step: 4, checkpoint, attempt: 2, batch: previous.batch });
    expect(beats.some((b) => b.resumed_from_step === 4 && b.device === 'cpu')).toBe(true);
  });

  it('details an older worker wrote (or none) start from scratch', async () => {
    const { config, plan, conversion, runDir } = await runFolder('fake-trainer-resume.py');
    const env = new MockActivityEnvironment({ attempt: 1, heartbeatDetails: { step: 'x' } });
    const beats: TrainHeartbeat[] = [];
    env.on('heartbeat', (d: TrainHeartbeat) => beats.push(d));
    await env.run(train(config), { plan, conversion });
    // The checkpoint on disk still counts: the shared workspace falls back to the newest complete one.
    const spec = JSON.parse(await readFile(path.join(runDir, 'logs', 'spec-attempt-1.json'), 'utf8')) as {
      resume_from_checkpoint: string;
    };
    expect(spec.resume_from_checkpoint).toBe(path.join(runDir, 'checkpoints', 'checkpoint-4'));
    expect(beats[0]).toMatchObject({ step: 0, attempt: 1 });
    expect(beats[0]?.batch).toBeUndefined();
  });

  it('a cancelled attempt stops the trainer and reports the cancellation', async () => {
    const { config, plan, conversion } = await runFolder('fake-trainer-slow.py');
    const env = new MockActivityEnvironment({ attempt: 1 });
    let started = false;
    env.on('heartbeat', (d: TrainHeartbeat) => {
      if (d.device === 'cpu' && !started) {
        started = true;
        env.cancel();
      }
    });
    await expect(env.run(train(config), { plan, conversion })).rejects.toBeInstanceOf(CancelledFailure);
    expect(started).toBe(true);
  });
});
