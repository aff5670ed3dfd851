import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { makeProject } from '../helpers/project.js';

describe('loadConfig', () => {
  it('loads the shipped defaults with the seed keys and resolves paths against the project root', async () => {
    const p = await makeProject();
    const cwd = process.cwd();
    // Away from the project, so relative paths cannot resolve by luck. Stryker runs tests in worker threads,
    // where chdir is refused: there the seed-contract e2e (run from another folder) keeps this covered.
    const moved = chdirIfAllowed('/');
    try {
      const config = loadConfig(p.configPath);
      expect(config.root).toBe(p.root);
      expect(config.learning.min_samples_for_training).toBe(50);
      expect(config.learning.training_strategy).toBe('lora');
      expect(config.learning.dataset_path).toBe(path.join(p.root, 'storage/learning/dataset.jsonl'));
      expect(config.learning.training_overrides_path).toBe(path.join(p.root, 'config/overrides.yaml'));
      expect(config.temporal.task_queues).toEqual({ learning: 'learning', gpu_training: 'gpu-training' });
    } finally {
      if (moved) process.chdir(cwd);
    }
  });

  it('accepts and keeps the agent keys, boolean feature flags and other top-level sections', async () => {
    const p = await makeProject({
      set: {
        'learning.feedback_path': 'storage/feedback.jsonl',
        'learning.enable_reflection': true,
        'memory.backend': 'sqlite',
        'security.sandbox': true,
      },
    });
    const config: Record<string, unknown> & ReturnType<typeof loadConfig> = loadConfig(p.configPath);
    expect((config.learning as Record<string, unknown>).feedback_path).toBe('storage/feedback.jsonl');
    expect(config.memory).toEqual({ backend: 'sqlite' });
  });

  it('rejects a misspelt learning key, naming it and suggesting the right one', async () => {
    const p = await makeProject({ set: { 'learning.min_samples_for_trainig': 10 } });
    expect(() => loadConfig(p.configPath)).toThrow(
      /learning\.min_samples_for_trainig.*did you mean learning\.min_samples_for_training/,
    );
  });

  it('rejects a near-miss even when it looks like a boolean flag', async () => {
    const p = await makeProject({ set: { 'learning.dry_runn': true, 'learning.lora_rnak': true } });
    expect(() => loadConfig(p.configPath)).toThrow(/learning\.lora_rnak.*did you mean learning\.lora_rank/);
  });

  it('rejects unknown keys in the sections it owns, with their path', async () => {
    const p = await makeProject({ set: { 'temporal.adress': 'x:1' } });
    expect(() => loadConfig(p.configPath)).toThrow(/unknown key temporal\.adress/);
  });

  it('names the key and the expected type on a wrong type', async () => {
    const p = await makeProject({ set: { 'learning.lora_rank': 'eight' } });
    expect(() => loadConfig(p.configPath)).toThrow(/learning\.lora_rank: .*number/);
  });

  it('learning.live_gate is a mapping of mode, min_records, min_goals and alpha, and says so', async () => {
    const ok = await makeProject({ set: { 'learning.live_gate.mode': 'rollback' } });
    expect(loadConfig(ok.configPath).learning.live_gate).toEqual({
      mode: 'rollback',
      min_records: 30,
      min_goals: 3,
      alpha: 0.05,
    });
    const shorthand = await makeProject({ set: { 'learning.live_gate': 'rollback' } });
    expect(() => loadConfig(shorthand.configPath)).toThrow(
      /learning\.live_gate: expected a mapping with mode \(off \| report \| rollback\), min_records, min_goals and alpha/,
    );
    const alpha = await makeProject({ set: { 'learning.live_gate.alpha': 0.7 } });
    expect(() => loadConfig(alpha.configPath)).toThrow(/learning\.live_gate\.alpha: /);
    const mode = await makeProject({ set: { 'learning.live_gate.mode': 'revert' } });
    expect(() => loadConfig(mode.configPath)).toThrow(/learning\.live_gate\.mode: .*off.*report.*rollback/);
  });

  it('trainer.num_processes is auto or a whole number from 1, and says so', async () => {
    for (const good of ['auto', 1, 8]) {
      const p = await makeProject({ set: { 'trainer.num_processes': good } });
      expect(loadConfig(p.configPath).trainer.num_processes).toBe(good);
    }
    for (const bad of ['two', 1.5, 'all']) {
      const p = await makeProject({ set: { 'trainer.num_processes': bad } });
      expect(() => loadConfig(p.configPath)).toThrow(
        /trainer\.num_processes: use auto .*or a whole number of processes from 1/,
      );
    }
    const zero = await makeProject({ set: { 'trainer.num_processes': 0 } });
    expect(() => loadConfig(zero.configPath)).toThrow(/trainer\.num_processes: Too small/);
  });

  it('trainer.fsdp is none, full_shard or shard_grad_op, and says so', async () => {
    expect(loadConfig((await makeProject()).configPath).trainer.fsdp).toBe('none');
    const sharded = await makeProject({ set: { 'trainer.fsdp': 'shard_grad_op' } });
    expect(loadConfig(sharded.configPath).trainer.fsdp).toBe('shard_grad_op');
    for (const bad of [true, 'off', 'FULL_SHARD']) {
      const p = await makeProject({ set: { 'trainer.fsdp': bad } });
      expect(() => loadConfig(p.configPath)).toThrow(
        /trainer\.fsdp: use none \(each process holds the whole model\), full_shard or shard_grad_op/,
      );
    }
  });

  it('merges overrides.yaml over the base file', async () => {
    const p = await makeProject();
    await writeFile(
      path.join(p.root, 'config', 'overrides.yaml'),
      'learning:\n  active_adapter_path: storage/learning/models/r1/adapter\n',
    );
    expect(loadConfig(p.configPath).learning.active_adapter_path).toBe(
      path.join(p.root, 'storage/learning/models/r1/adapter'),
    );
  });

  it('reports a broken overrides file by name', async () => {
    const p = await makeProject();
    await writeFile(path.join(p.root, 'config', 'overrides.yaml'), 'learning: [unclosed\n');
    expect(() => loadConfig(p.configPath)).toThrow(/overrides file .*overrides\.yaml is not valid YAML/);
  });

  it('says so when the config file is missing or a directory', async () => {
    const p = await makeProject();
    expect(() => loadConfig(path.join(p.root, 'config', 'nope.yaml'))).toThrow(/does not exist/);
    await mkdir(path.join(p.root, 'config', 'dir.yaml'));
    expect(() => loadConfig(path.join(p.root, 'config', 'dir.yaml'))).toThrow(/is a directory/);
  });

  it('takes TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE from the environment', async () => {
    const p = await makeProject();
    const config = loadConfig(p.configPath, {
      TEMPORAL_ADDRESS: 'temporal.example:7233',
      TEMPORAL_NAMESPACE: 'agents',
    });
    expect(config.temporal.address).toBe('temporal.example:7233');
    expect(config.temporal.namespace).toBe('agents');
  });
});

function chdirIfAllowed(dir: string): boolean {
  try {
    process.chdir(dir);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_WORKER_UNSUPPORTED_OPERATION') return false;
    throw err;
  }
}
