import { describe, expect, it } from 'vitest';
import {
  classifyTrainerFailure,
  heartbeatAfter,
  oomRetryBatch,
  resumeHeartbeat,
} from '../../src/activities/train-decisions.js';
import { storageMismatch } from '../../src/activities/run-storage.js';
import { untilDoneOrCancelled } from '../../src/activities/until-done.js';
import type { TrainerOutcome } from '../../src/trainer/run-trainer.js';
import type { ArtifactStore } from '../../src/storage/artifact-store.js';

const error = (kind: 'oom' | 'bad_input' | 'interrupted' | 'internal', message = 'm'): TrainerOutcome => ({
  kind: 'error',
  event: { event: 'error', kind, message },
  events: [],
});
const crashed: TrainerOutcome = {
  kind: 'crashed',
  exitCode: 137,
  signal: undefined,
  stderrTail: 'Killed',
  events: [],
};

describe('resumeHeartbeat and heartbeatAfter: what a retry resumes from and what operators see', () => {
  it('keeps the step, checkpoint and batch of the last attempt; unknown details start from scratch', () => {
    const batch = { per_device_batch_size: 2, gradient_accumulation_steps: 4 };
    expect(resumeHeartbeat({ step: 7, checkpoint: 'runs/x/checkpoint-5', batch, loss: 1 }, 3)).toEqual({
      step: 7,
      checkpoint: 'runs/x/checkpoint-5',
      batch,
      attempt: 3,
    });
    expect(resumeHeartbeat(undefined, 1)).toEqual({
      step: 0,
      checkpoint: null,
      batch: undefined,
      attempt: 1,
    });
    expect(resumeHeartbeat({ step: -1 }, 2).step).toBe(0);
  });

  it('start, progress and checkpoint events move the details; a checkpoint is not yet what a retry resumes from', () => {
    let d = resumeHeartbeat(null, 1);
    d = heartbeatAfter(d, {
      event: 'start',
      total_steps: 10,
      resumed_from_step: 0,
      device: 'cpu',
      device_note: 'no CUDA GPU',
      strategy: 'lora',
      trainable_params: 1,
      total_params: 2,
    });
    expect(d).toMatchObject({ step: 0, total_steps: 10, device: 'cpu', device_note: 'no CUDA GPU' });
    d = heartbeatAfter(d, {
      event: 'progress',
      step: 5,
      total_steps: 10,
      loss: 1.5,
      learning_rate: 0.1,
      tokens_per_second: 100,
      eta_seconds: 3,
    });
    expect(d).toMatchObject({ step: 5, loss: 1.5, eta_seconds: 3, tokens_per_second: 100 });
    d = heartbeatAfter(d, { event: 'checkpoint', step: 6, path: '/tmp/c-6' });
    expect(d).toMatchObject({ step: 6, checkpoint: null });
    expect(heartbeatAfter(d, { event: 'error', kind: 'oom', message: 'x' })).toBe(d);
  });
});

describe('oomRetryBatch: trainer.oom_retry halves the micro-batch, keeping the effective batch', () => {
  const spec = { per_device_batch_size: 8, gradient_accumulation_steps: 2 };
  it('halves while it can, and only for an OOM with the setting on', () => {
    expect(oomRetryBatch(error('oom'), true, spec)).toEqual({
      per_device_batch_size: 4,
      gradient_accumulation_steps: 4,
    });
    expect(
      oomRetryBatch(error('oom'), true, { per_device_batch_size: 3, gradient_accumulation_steps: 1 }),
    ).toEqual({ per_device_batch_size: 1, gradient_accumulation_steps: 2 });
    expect(oomRetryBatch(error('oom'), true, { ...spec, per_device_batch_size: 1 })).toBeNull();
    expect(oomRetryBatch(error('oom'), false, spec)).toBeNull();
    expect(oomRetryBatch(error('internal'), true, spec)).toBeNull();
    expect(oomRetryBatch(crashed, true, spec)).toBeNull();
  });
});

describe('classifyTrainerFailure: retried or final, with a message that says what to do', () => {
  it('retries crashes, interruptions and internal errors; bad input and a final OOM are not retried', () => {
    expect(
      classifyTrainerFailure(crashed as Exclude<TrainerOutcome, { kind: 'done' }>, 'run-1'),
    ).toMatchObject({
      retryable: true,
      type: 'TrainerCrashed',
      message: expect.stringContaining('code 137'),
    });
    const fail = (kind: Parameters<typeof error>[0]) =>
      classifyTrainerFailure(error(kind, 'boom') as Exclude<TrainerOutcome, { kind: 'done' }>, 'run-1');
    expect(fail('bad_input')).toMatchObject({ retryable: false, type: 'TrainerBadInputError' });
    expect(fail('oom')).toMatchObject({
      retryable: false,
      message: expect.stringContaining('Lower trainer.per_device_batch_size'),
    });
    expect(fail('interrupted')).toMatchObject({ retryable: true, type: 'TrainerInterrupted' });
    expect(fail('internal')).toMatchObject({ retryable: true, type: 'TrainerInternalError' });
  });
});

describe('storageMismatch: files staged through one store are read through the same one', () => {
  const store = (location: string) => ({ location }) as ArtifactStore;
  it('agrees on the same store or on none, and names both sides and the fix otherwise', () => {
    expect(storageMismatch({ what: 'data', staged: null, here: null, worker: 'GPU' })).toBeNull();
    expect(
      storageMismatch({ what: 'data', staged: 's3://b/p', here: store('s3://b/p'), worker: 'GPU' }),
    ).toBeNull();
    expect(
      storageMismatch({ what: "run-1's data", staged: null, here: store('s3://b'), worker: 'GPU' }),
    ).toBe(
      "run-1's data is in file:// (the run folder, no store), but this GPU worker has storage.url s3://b: give every worker the same storage.url (and resume the run)",
    );
    expect(
      storageMismatch({ what: 'x', staged: 's3://a', here: store('s3://b'), worker: 'learning' }),
    ).toContain('this learning worker has storage.url s3://b');
  });
});

describe('untilDoneOrCancelled: the trainer process and the activity cancellation race', () => {
  const cancellable = () => {
    let cancel!: (e: Error) => void;
    const cancelled = new Promise<never>((_, reject) => (cancel = reject));
    return { cancelled, cancel };
  };
  it('returns the outcome when the process finishes first', async () => {
    const { cancelled } = cancellable();
    let stops = 0;
    const run = { result: Promise.resolve('done'), stop: () => Promise.resolve(void stops++) };
    await expect(untilDoneOrCancelled(cancelled, run, 10)).resolves.toBe('done');
    expect(stops).toBe(0);
  });

  it('on cancellation stops the group first, then reports the cancellation even if the process said interrupted', async () => {
    const { cancelled, cancel } = cancellable();
    const order: string[] = [];
    let exit!: (v: string) => void;
    const result = new Promise<string>((resolve) => (exit = resolve));
    const run = {
      result,
      stop: async () => {
        order.push('stop');
        exit('interrupted');
        await Promise.resolve();
        order.push('stopped');
      },
    };
    const waiting = untilDoneOrCancelled(cancelled, run, 10);
    cancel(new Error('cancelled by the workflow'));
    await expect(waiting).rejects.toThrow('cancelled by the workflow');
    expect(order).toEqual(['stop', 'stopped']);
  });
});

describe('buildRunSpec: the plan decides, the GPU host only adds its device, processes and paths', () => {
  it("trains the plan's settings, with this host's device and process count, and resolves ./ models here", async () => {
    const { makeProject } = await import('../helpers/project.js');
    const { buildRunSpec, runSettings } = await import('../../src/activities/run-spec.js');
    const learning = await makeProject({ set: { 'learning.lora_rank': 4, 'trainer.lora_alpha': 8 } });
    const gpu = await makeProject({
      set: { 'learning.lora_rank': 32, 'trainer.device': 'cpu', 'trainer.num_processes': 2 },
    });
    const settings = { ...runSettings(learning.config()), base_model: './storage/models/base' };
    const dirs = {
      trainPath: '/r/data/train.jsonl',
      evalPath: null,
      adapterDir: '/r/a',
      tokenizerDir: '/r/t',
      checkpointsDir: '/r/c',
      resumeFrom: null,
      compareAdapterDir: null,
    };
    const plan = { strategy: 'lora', runDir: '/r', settings } as Parameters<typeof buildRunSpec>[1];
    const spec = buildRunSpec(gpu.config(), plan, dirs);
    expect(spec).toMatchObject({ lora_rank: 4, lora_alpha: 8, device: 'cpu', num_processes: 2 });
    expect(spec.base_model).toBe(`${gpu.root}/storage/models/base`);
    // A bare name is this host's folder of that name when it has one, else a hub id.
    const { mkdir } = await import('node:fs/promises');
    await mkdir(`${gpu.root}/tiny`);
    expect(
      buildRunSpec(gpu.config(), { ...plan, settings: { ...settings, base_model: 'tiny' } }, dirs).base_model,
    ).toBe(`${gpu.root}/tiny`);
    expect(
      buildRunSpec(gpu.config(), { ...plan, settings: { ...settings, base_model: 'org/model' } }, dirs)
        .base_model,
    ).toBe('org/model');
    // A plan written before settings existed: this host's config, as before.
    const old = buildRunSpec(gpu.config(), { ...plan, settings: undefined }, dirs);
    expect(old.lora_rank).toBe(32);
  });

  it('runSettings keeps a model folder inside the project relative, and a hub id as it is', async () => {
    const { makeProject } = await import('../helpers/project.js');
    const { runSettings, settingsDiffer } = await import('../../src/activities/run-spec.js');
    const p = await makeProject({ set: { 'learning.training_base_model': './models/base' } });
    expect(runSettings(p.config()).base_model).toBe('./models/base');
    const hub = await makeProject({ set: { 'learning.training_base_model': 'Qwen/Qwen2.5-0.5B-Instruct' } });
    expect(runSettings(hub.config()).base_model).toBe('Qwen/Qwen2.5-0.5B-Instruct');
    // Two projects with the same keys in different folders decide the same settings.
    expect(settingsDiffer(runSettings(p.config()), runSettings(p.config()))).toEqual([]);
    expect(settingsDiffer(runSettings(p.config()), runSettings(hub.config())).map((d) => d.key)).toEqual([
      'base_model',
    ]);
  });
});
