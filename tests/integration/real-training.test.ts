import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, tinyTraining } from '../helpers/project.js';
import { rootMessage, runTraining, startTraining } from '../helpers/run-workflow.js';
import { runWorkers, useTestServer } from '../helpers/temporal.js';

const server = useTestServer();

describe('TrainingWorkflow with the real trainer on the tiny model', () => {
  it('trains a LoRA adapter, records eval loss before and after, and activates it', async () => {
    const project = await makeProject({ records: 64, set: tinyTraining() });
    const config = project.config();
    const workers = await runWorkers(config, server().address);
    try {
      const outcome = await runTraining(server().client, config, { strategy: 'lora' });
      expect(outcome).toMatchObject({ triggered: true, dry_run: false, overrides_updated: true });
      const adapter = outcome.adapter_path!;
      expect(existsSync(path.join(adapter, 'adapter_config.json'))).toBe(true);
      expect(existsSync(path.join(adapter, 'adapter_model.safetensors'))).toBe(true);
      expect(existsSync(path.join(outcome.output_dir!, 'tokenizer', 'tokenizer.json'))).toBe(true);
      const metadata = JSON.parse(await readFile(outcome.metadata_path!, 'utf8')) as {
        steps: number;
        metrics: Record<string, number>;
        hyperparameters: Record<string, unknown>;
        environment: {
          device: string;
          precision: string;
          versions: Record<string, string>;
          tokens_per_second: number;
          peak_memory_bytes: number;
        };
      };
      expect(metadata.steps).toBe(12);
      // What ran: every trainer setting of the attempt, the device and the library versions.
      expect(metadata.hyperparameters).toMatchObject({ max_steps: 12, packing: false, quantization: 'none' });
      expect(metadata.hyperparameters).not.toHaveProperty('train_path');
      expect(metadata.environment).toMatchObject({
        device: 'cpu',
        precision: 'fp32',
        device_note: expect.stringMatching(/^training on the CPU: /),
        peak_memory_kind: 'process_rss',
      });
      expect(metadata.environment.tokens_per_second).toBeGreaterThan(0);
      expect(metadata.environment.peak_memory_bytes).toBeGreaterThan(0);
      expect(Object.keys(metadata.environment.versions)).toEqual(
        expect.arrayContaining(['torch', 'transformers', 'peft', 'trl']),
      );
      expect(metadata.metrics.eval_loss_after).toBeLessThan(metadata.metrics.eval_loss_before!);
      // trainer.report_to: tensorboard (the default) writes event files into the run's logs/.
      const events = await readdir(path.join(outcome.output_dir!, 'logs', 'tensorboard'));
      expect(events.some((name) => name.startsWith('events.out.tfevents.'))).toBe(true);
      expect(existsSync(path.join(outcome.output_dir!, 'loss.svg'))).toBe(true);
      const checkpoints = path.join(outcome.output_dir!, 'checkpoints');
      expect(existsSync(checkpoints)).toBe(true);
      expect(await readFile(config.learning.training_overrides_path, 'utf8')).toContain(
        path.relative(project.root, adapter),
      );
    } finally {
      await workers.stop();
    }
  });

  it('trains a DPO adapter from success/failure pairs', async () => {
    const project = await makeProject({ records: 64, set: tinyTraining({ 'learning.max_train_steps': 8 }) });
    const config = project.config();
    const workers = await runWorkers(config, server().address);
    try {
      const outcome = await runTraining(server().client, config, { strategy: 'dpo' });
      expect(outcome).toMatchObject({ triggered: true, strategy: 'dpo' });
      expect(existsSync(path.join(outcome.adapter_path!, 'adapter_model.safetensors'))).toBe(true);
      const metadata = JSON.parse(await readFile(outcome.metadata_path!, 'utf8')) as {
        metrics: Record<string, number>;
      };
      expect(metadata.metrics).toHaveProperty('train_loss');
    } finally {
      await workers.stop();
    }
  });

  it('trains a KTO adapter from unpaired labelled outcomes, with balanced weights in its metrics', async () => {
    const project = await makeProject({ records: 64, set: tinyTraining({ 'learning.max_train_steps': 8 }) });
    const config = project.config();
    const workers = await runWorkers(config, server().address);
    try {
      const outcome = await runTraining(server().client, config, { strategy: 'kto' });
      expect(outcome).toMatchObject({ triggered: true, strategy: 'kto' });
      expect(existsSync(path.join(outcome.adapter_path!, 'adapter_model.safetensors'))).toBe(true);
      const metadata = JSON.parse(await readFile(outcome.metadata_path!, 'utf8')) as {
        metrics: Record<string, number>;
        dataset_size: number;
        sample_count: number;
      };
      expect(metadata.dataset_size).toBe(metadata.sample_count);
      expect(metadata.metrics.eval_loss_after).toBeTypeOf('number');
      expect(Math.max(metadata.metrics.kto_desirable_weight!, metadata.metrics.kto_undesirable_weight!)).toBe(
        1,
      );
    } finally {
      await workers.stop();
    }
  });

  it('fails at once, without retries or published files, when the base model path does not exist', async () => {
    const project = await makeProject({
      records: 20,
      set: tinyTraining({ 'learning.training_base_model': '/nonexistent/model-dir' }),
    });
    const config = project.config();
    const workers = await runWorkers(config, server().address);
    try {
      const handle = await startTraining(server().client, config, {});
      const err = await handle.result().catch((e: unknown) => e);
      expect(rootMessage(err)).toMatch(/base model path \/nonexistent\/model-dir does not exist/);
      const history = await handle.fetchHistory();
      const trainAttempts = history
        .events!.filter((e) => e.activityTaskStartedEventAttributes)
        .map((e) => e.activityTaskStartedEventAttributes!.attempt);
      expect(Math.max(...trainAttempts.map(Number))).toBe(1);
      expect(existsSync(config.learning.training_metadata_path)).toBe(false);
      expect(existsSync(config.learning.training_overrides_path)).toBe(false);
    } finally {
      await workers.stop();
    }
  });

  it('refuses trainer.device cuda without a usable GPU at once, naming the setting and the reason', async () => {
    // CUDA_VISIBLE_DEVICES="" hides any GPU, so this holds on a GPU host as on CI's CPU.
    const project = await makeProject({
      records: 20,
      set: tinyTraining({ 'trainer.device': 'cuda', 'trainer.cuda_visible_devices': '' }),
    });
    const config = project.config();
    const workers = await runWorkers(config, server().address);
    try {
      const handle = await startTraining(server().client, config, {});
      const err = await handle.result().catch((e: unknown) => e);
      expect(rootMessage(err)).toMatch(
        /trainer\.device is cuda but this machine has no usable GPU: CUDA_VISIBLE_DEVICES='' hides every GPU/,
      );
      const attempts = (await handle.fetchHistory())
        .events!.filter((e) => e.activityTaskStartedEventAttributes)
        .map((e) => Number(e.activityTaskStartedEventAttributes!.attempt));
      expect(Math.max(...attempts)).toBe(1);
      expect(existsSync(config.learning.training_metadata_path)).toBe(false);
    } finally {
      await workers.stop();
    }
  });

  it('refuses a max sequence length too small to hold any assistant token', async () => {
    const project = await makeProject({ records: 20, set: tinyTraining({ 'trainer.max_seq_length': 20 }) });
    const config = project.config();
    const workers = await runWorkers(config, server().address);
    try {
      const err = await runTraining(server().client, config, {}).catch((e: unknown) => e);
      expect(rootMessage(err)).toMatch(/max_seq_length 20 is too small/);
    } finally {
      await workers.stop();
    }
  });
});
