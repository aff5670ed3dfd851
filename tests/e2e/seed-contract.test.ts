import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { sampleRecords, toJsonl } from '../../src/learning/dataset/sample-records.js';

const BIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core-train.js');
const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const made: string[] = [];

afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

function record(success: boolean) {
  return {
    task_id: `t-${success ? 'ok' : 'ko'}`,
    goal: 'Summarise the build log',
    context_summary: 'CI failed overnight',
    plan: [{ name: 'fetch', tool: 'ci', description: 'fetch the log', args: [], kwargs: {} }],
    execution: [
      success
        ? { success: true, output: 'log ok', error: null }
        : { success: false, output: null, error: 'timeout' },
    ],
    summary: success ? 'Summarised the failing step' : 'Could not fetch the log',
    success,
    timestamp: '2026-11-01T00:00:00Z',
  };
}

/**
 * The original CLI's dry-run test, as its operators have it: a config of the seed's keys only (no temporal:,
 * trainer: or self_optimizer: sections), every path absolute under a temp folder, two records of one goal.
 */
async function seedProject(options: { records?: string; extra?: string[]; baseModel?: string } = {}) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'agi-core-seed-'));
  made.push(tmp);
  await mkdir(path.join(tmp, 'config'));
  await mkdir(path.join(tmp, 'data'));
  const dataset = path.join(tmp, 'data', 'dataset.jsonl');
  await writeFile(
    dataset,
    options.records ?? [record(true), record(false)].map((r) => JSON.stringify(r)).join('\n') + '\n',
  );
  const configPath = path.join(tmp, 'config', 'default.yaml');
  await writeFile(
    configPath,
    [
      'learning:',
      `  dataset_path: ${dataset}`,
      '  dataset_flush_batch: 10',
      '  min_samples_for_training: 2',
      '  training_strategy: lora',
      `  training_base_model: ${options.baseModel ?? 'gpt2'}`,
      `  training_output_dir: ${path.join(tmp, 'models')}`,
      `  training_metadata_path: ${path.join(tmp, 'models', 'latest.json')}`,
      `  training_overrides_path: ${path.join(tmp, 'config', 'overrides.yaml')}`,
      '  training_epochs: 1',
      '  max_train_steps: 10',
      '  learning_rate: 0.0002',
      '  lora_rank: 8',
      '  dpo_beta: 0.1',
      '  active_adapter_path: null',
      ...(options.extra ?? []),
      '  feedback_path: data/feedback.jsonl',
      '  success_rate_floor: 0.4',
      'memory:',
      '  backend: sqlite',
      '',
    ].join('\n'),
  );
  // The agent runs somewhere else: nothing may depend on the shell's working directory.
  const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'agi-core-cwd-'));
  made.push(elsewhere);
  return { tmp, dataset, configPath, elsewhere };
}

function train(cwd: string, args: string[]) {
  return execa(process.execPath, [BIN, ...args], { cwd, reject: false, env: { TEMPORAL_ADDRESS: '' } });
}

describe("the original CLI's dry-run scenarios, with a config of the seed's keys only", () => {
  it('threshold met: metadata, latest.json dataset_size 2, overrides pointing at the adapter from any cwd', async () => {
    const p = await seedProject();
    const r = await train(p.elsewhere, ['--config', p.configPath, '--dry-run', '--require-threshold']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      triggered: true,
      dataset_size: 2,
      threshold: 2,
      strategy: 'lora',
      dry_run: true,
    });
    const runDir = out.output_dir as string;
    expect(path.dirname(runDir)).toBe(path.join(p.tmp, 'models'));
    expect(existsSync(path.join(runDir, 'metadata.json'))).toBe(true);
    const latest = JSON.parse(await readFile(path.join(p.tmp, 'models', 'latest.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(latest).toMatchObject({ dataset_size: 2, strategy: 'lora', base_model: 'gpt2' });
    const overrides = parseYaml(await readFile(path.join(p.tmp, 'config', 'overrides.yaml'), 'utf8')) as {
      learning: { active_adapter_path: string };
    };
    // Written as configured (absolute), so it resolves to the run's adapter/ whatever the agent's cwd is.
    const written = overrides.learning.active_adapter_path;
    expect(path.isAbsolute(written)).toBe(true);
    expect(path.resolve(p.elsewhere, written)).toBe(path.join(runDir, 'adapter'));
    expect(existsSync(written)).toBe(true);
  });

  it('threshold 5: triggered false, output_dir null and the message, nothing written', async () => {
    const p = await seedProject();
    const r = await train(p.elsewhere, [
      '--config',
      p.configPath,
      '--dry-run',
      '--require-threshold',
      '--min-samples',
      '5',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ triggered: false, dataset_size: 2, threshold: 5, output_dir: null });
    expect(out.message).toMatch(/2 valid samples; 5 required/);
    expect(existsSync(path.join(p.tmp, 'models'))).toBe(false);
    expect(existsSync(path.join(p.tmp, 'config', 'overrides.yaml'))).toBe(false);
  });

  it('DPO dry run: dataset_size counts the one preference pair', async () => {
    const p = await seedProject();
    const r = await train(p.elsewhere, ['--config', p.configPath, '--dry-run', '--strategy', 'dpo']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ triggered: true, strategy: 'dpo', dataset_size: 1 });
    const metadata = JSON.parse(
      await readFile(path.join(out.output_dir as string, 'metadata.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(metadata).toMatchObject({ dataset_size: 1, sample_count: 2, train_examples: 1 });
    // Through the whole pipeline, the success is the chosen side of the pair the trainer would read.
    const pair = JSON.parse(
      await readFile(path.join(out.output_dir as string, 'data', 'train.jsonl'), 'utf8'),
    ) as Record<'prompt' | 'chosen' | 'rejected', { content: string }[]>;
    expect(pair.chosen[0]!.content).toMatch(/Summary: Summarised the failing step$/);
    expect(pair.rejected[0]!.content).toMatch(/Summary: Could not fetch the log$/);
  });

  it('config show names the layer each value came from, and a misspelt owned key is still refused', async () => {
    const p = await seedProject();
    const shown = await execa(process.execPath, [AGI, 'config', 'show', '--json', '--config', p.configPath], {
      cwd: p.elsewhere,
      reject: false,
      env: { TEMPORAL_NAMESPACE: 'agents', AGI_CORE_STORAGE_ENDPOINT: 'http://127.0.0.1:9000' },
    });
    expect(shown.exitCode, shown.stderr).toBe(0);
    const rows = (JSON.parse(shown.stdout) as { values: { key: string; value: unknown; source: string }[] })
      .values;
    const row = (key: string) => rows.find((r) => r.key === key);
    expect(row('learning.training_base_model')).toMatchObject({ value: 'gpt2', source: p.configPath });
    expect(row('trainer.lora_alpha')?.source).toBe(path.join(PACKAGE_ROOT, 'config', 'defaults.yaml'));
    expect(row('temporal.namespace')).toMatchObject({ value: 'agents', source: 'env TEMPORAL_NAMESPACE' });
    expect(row('storage.url')).toMatchObject({
      value: 'file://',
      source: path.join(PACKAGE_ROOT, 'config', 'defaults.yaml'),
    });
    expect(row('storage.endpoint')).toMatchObject({
      value: 'http://127.0.0.1:9000',
      source: 'env AGI_CORE_STORAGE_ENDPOINT',
    });

    await writeFile(p.configPath, (await readFile(p.configPath, 'utf8')) + 'trainer:\n  lora_alfa: 32\n');
    const refused = await train(p.elsewhere, ['--config', p.configPath, '--dry-run']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('unknown key trainer.lora_alfa: did you mean lora_alpha?');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  });
});

type Message = { role: string; content: string; tool_calls?: { function: { name: string } }[] };

describe('example_format: trajectory, the seed-keys config plus that one key, trained for real', () => {
  it.each(['lora', 'dpo', 'kto'] as const)(
    '--strategy %s trains the tiny model on the trajectory rows the workflow converted',
    async (strategy) => {
      const p = await seedProject({
        records: toJsonl(sampleRecords(64)),
        baseModel: inject('tinyModel'),
        extra: ['  example_format: trajectory'],
      });
      const r = await train(p.elsewhere, ['--config', p.configPath, '--strategy', strategy]);
      expect(r.exitCode, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(out).toMatchObject({ triggered: true, strategy, dry_run: false });
      const runDir = out.output_dir as string;
      const metadata = JSON.parse(await readFile(path.join(runDir, 'metadata.json'), 'utf8')) as {
        example_format: string;
        examples_dropped: { failures: number; identical_plan_pairs: number };
        dataset_size: number;
        steps: number;
        train_examples: number;
        eval_examples: number;
      };
      expect(metadata.example_format).toBe('trajectory');
      expect(metadata.steps).toBeGreaterThan(0);
      expect(metadata.dataset_size).toBe(metadata.train_examples + metadata.eval_examples);
      expect(existsSync(path.join(runDir, 'adapter', 'adapter_config.json'))).toBe(true);
      const rows = (await readFile(path.join(runDir, 'data', 'train.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const row of rows) expect(Array.isArray(row.tools)).toBe(true);
      if (strategy === 'lora') {
        // Successes only; the plan as tool calls, outputs in tool turns, the summary last.
        expect(metadata.examples_dropped.failures).toBeGreaterThan(0);
        const messages = rows[0]!.messages as Message[];
        expect(messages[0]!.role).toBe('user');
        expect(messages[1]!.role).toBe('assistant');
        expect(messages[1]!.tool_calls!.length).toBeGreaterThan(0);
        expect(messages.filter((m) => m.role === 'tool')).toHaveLength(messages[1]!.tool_calls!.length);
        expect(messages.at(-1)!.role).toBe('assistant');
      } else if (strategy === 'dpo') {
        const pair = rows[0] as Record<'prompt' | 'chosen' | 'rejected', Message[]>;
        expect(pair.chosen).toHaveLength(1);
        expect(pair.chosen[0]!.tool_calls).toBeDefined();
        expect(JSON.stringify(pair.chosen)).not.toBe(JSON.stringify(pair.rejected));
        expect(metadata.examples_dropped.identical_plan_pairs).toBeGreaterThanOrEqual(0);
      } else {
        expect(rows.some((row) => row.label === true) && rows.some((row) => row.label === false)).toBe(true);
        expect((rows[0]!.completion as Message[])[0]!.role).toBe('assistant');
      }
    },
  );
});

describe("the original's own layout: config, overrides, dataset and runs side by side in one folder", () => {
  it('trains into --output-dir beside the config from a relative model folder (`tiny`), from any cwd', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'agi-core-flat-'));
    made.push(tmp);
    await cp(inject('tinyModel'), path.join(tmp, 'tiny'), { recursive: true });
    await writeFile(path.join(tmp, 'dataset.jsonl'), toJsonl(sampleRecords(8)));
    const configPath = path.join(tmp, 'config.yaml');
    await writeFile(
      configPath,
      [
        'learning:',
        '  dataset_path: dataset.jsonl',
        '  dataset_flush_batch: 10',
        '  min_samples_for_training: 2',
        '  training_strategy: lora',
        '  training_base_model: tiny',
        '  training_output_dir: models',
        '  training_metadata_path: models/latest.json',
        '  training_overrides_path: overrides.yaml',
        '  training_epochs: 1',
        '  max_train_steps: 4',
        '  learning_rate: 0.0002',
        '  lora_rank: 8',
        '  dpo_beta: 0.1',
        '  active_adapter_path: null',
        '',
      ].join('\n'),
    );
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'agi-core-cwd-'));
    made.push(elsewhere);
    const r = await train(elsewhere, [
      '--config',
      configPath,
      '--output-dir',
      path.join(tmp, 'models', 'manual-run'),
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      triggered: true,
      dry_run: false,
      output_dir: path.join(tmp, 'models', 'manual-run'),
    });
    const metadata = JSON.parse(
      await readFile(path.join(tmp, 'models', 'manual-run', 'metadata.json'), 'utf8'),
    ) as Record<string, unknown>;
    // The project's own folder, not a hub id the offline host would ask for.
    expect(metadata.base_model).toBe(path.join(tmp, 'tiny'));
    // The noise an operator saw on every run: the GPU worker's "no workflows" warning, the CPU note twice.
    expect(r.stderr).not.toMatch(/No workflows registered/);
    expect((r.stderr.match(/training on the CPU/g) ?? []).length).toBeLessThanOrEqual(1);
    expect(existsSync(path.join(tmp, 'models', 'manual-run', 'adapter', 'adapter_config.json'))).toBe(true);
    // What still needs protecting in this layout: the folder itself, which holds the config and overrides files.
    const refused = await train(elsewhere, ['--config', configPath, '--output-dir', tmp, '--dry-run']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/output dir .* is the config folder/);
  });
});
