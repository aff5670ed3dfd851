import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { hostProject } from '../helpers/project.js';
import { startProcess } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/temporal.js';

const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const SUITE = 'reasoning-gym:chain_sum(min_terms=2,max_terms=2,min_digits=1,max_digits=2)';

let server: TestServer;
const made: string[] = [];
beforeAll(async () => {
  server = await startTestServer(undefined, { searchAttributes: false });
});
afterAll(async () => {
  await server?.close();
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

/** A host's own folder: the seed's keys plus the rollout and trainer settings this test is about. */
async function host(name: string) {
  const project = await hostProject(name, {
    config: {
      learning: {
        training_base_model: inject('tinyModel'),
        rollout: { max_steps: 2, max_new_tokens: 16, batch_size: 4, tool_timeout_seconds: 5 },
      },
      trainer: { python: inject('trainerPython') },
    },
  });
  made.push(project.root);
  return project;
}

async function stop(child: ResultPromise) {
  child.kill('SIGTERM');
  return child;
}

describe('agi-core eval against a cluster: workers in their own processes and folders', () => {
  it('runs each adapter on the same held-out tasks on the GPU queue, with intervals and a paired p; bad suites exit 2', async () => {
    const env = { TEMPORAL_ADDRESS: server.address };
    const learningHost = await host('eval-learning');
    const gpuHost = await host('eval-gpu');
    const operator = await host('eval-operator');
    const learning = startProcess([AGI, 'worker', '--config', learningHost.configPath], /polling/, { env });
    const gpu = startProcess([AGI, 'worker', '--gpu', '--config', gpuHost.configPath], /polling/, { env });
    try {
      await Promise.all([learning.seen, gpu.seen]);
      const r = await execa(
        process.execPath,
        [
          AGI,
          'eval',
          '--config',
          operator.configPath,
          '--suite',
          SUITE,
          '--adapter',
          'base',
          '--adapter',
          'active',
          '--tasks',
          '6',
          '--seed',
          '3',
          '--json',
        ],
        { env, reject: false },
      );
      expect(r.exitCode, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as {
        suite: string;
        tasks: number;
        evaluations: {
          adapter: string;
          tasks: number;
          successes: number;
          success_rate: number;
          interval: [number, number];
          by_dataset: Record<string, { tasks: number }>;
        }[];
        comparisons: { a: string; b: string; tasks: number; p_value: number; p_b_better: number }[];
      };
      expect(out).toMatchObject({ suite: SUITE, tasks: 6 });
      // Nothing is active: `active` is the base model, on the same six tasks.
      expect(out.evaluations.map((e) => [e.adapter, e.tasks])).toEqual([
        ['base', 6],
        ['base', 6],
      ]);
      for (const e of out.evaluations) {
        expect(e.by_dataset.chain_sum!.tasks).toBe(6);
        expect(e.interval[0]).toBeLessThanOrEqual(e.success_rate);
        expect(e.interval[1]).toBeGreaterThanOrEqual(e.success_rate);
      }
      // Greedy: the same model on the same tasks does the same, so nothing tells them apart.
      expect(out.evaluations[0]!.successes).toBe(out.evaluations[1]!.successes);
      expect(out.comparisons).toMatchObject([{ a: 'base', b: 'base', tasks: 6, p_value: 1, p_b_better: 1 }]);

      // The table a person reads.
      const table = await execa(
        process.execPath,
        [AGI, 'eval', '--config', operator.configPath, '--suite', SUITE, '--adapter', 'base', '--tasks', '2'],
        { env, reject: false },
      );
      expect(table.exitCode, table.stderr).toBe(0);
      expect(table.stdout).toMatch(/suite .*chain_sum.*, seed 0, 2 held-out tasks per adapter/);
      expect(table.stdout).toMatch(/^base\s+\d+\.\d%\s+\d+\/2/m);

      // An unknown dataset: refused by the GPU host's suite loader, one line naming the flag, exit 2.
      const bad = await execa(
        process.execPath,
        [
          AGI,
          'eval',
          '--config',
          operator.configPath,
          '--suite',
          'reasoning-gym:no_such_dataset',
          '--adapter',
          'base',
          '--tasks',
          '2',
        ],
        { env, reject: false },
      );
      expect(bad.exitCode, bad.stderr).toBe(2);
      expect(bad.stderr).toMatch(
        /^agi-core: --suite reasoning-gym:no_such_dataset: .*has no dataset .no_such_dataset./m,
      );
      // Not a suite at all: refused before anything starts.
      const notSuite = await execa(
        process.execPath,
        [AGI, 'eval', '--config', operator.configPath, '--suite', 'gsm8k', '--tasks', '2'],
        { env, reject: false },
      );
      expect(notSuite.exitCode).toBe(2);
      expect(notSuite.stderr.trim().split('\n')).toHaveLength(1);
      expect(notSuite.stderr).toMatch(/--suite: use reasoning-gym:NAME/);
      // A run that does not exist.
      const noRun = await execa(
        process.execPath,
        [
          AGI,
          'eval',
          '--config',
          operator.configPath,
          '--suite',
          SUITE,
          '--adapter',
          'nope-run',
          '--tasks',
          '2',
        ],
        { env, reject: false },
      );
      expect(noRun.exitCode).toBe(2);
      expect(noRun.stderr).toMatch(/--adapter nope-run: no run folder .*agi-core adapters list/);
    } finally {
      const stopped = await Promise.all([stop(gpu.child), stop(learning.child)]);
      for (const s of stopped) expect(s.exitCode, String(s.stderr)).toBe(0);
    }
  }, 1_800_000);
});

describe('agi-core agent run', () => {
  it('acts with the base model when the active adapter is broken, says so, and stamps each record with why', async () => {
    const p = await host('agent-fallback');
    await writeFile(
      path.join(p.root, 'config', 'overrides.yaml'),
      'learning:\n  active_adapter_path: storage/learning/models/gone/adapter\n',
    );
    const r = await execa(
      process.execPath,
      [AGI, 'agent', 'run', '--config', p.configPath, '--suite', SUITE, '--episodes', '3', '--seed', '5'],
      { reject: false },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /active adapter gone not loaded \(.*does not exist\): acting with the base model/,
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ episodes: 3, seed: 5 });
    const records = readFileSync(path.join(p.root, 'storage', 'learning', 'dataset.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(3);
    for (const rec of records) {
      expect(rec).toMatchObject({ adapter: 'base', adapter_fallback: expect.stringContaining('gone') });
      expect(String(rec.task_id)).toMatch(/^rg:chain_sum\(.*\):train:5:\d+$/);
      expect(typeof rec.goal).toBe('string');
      expect(Array.isArray(rec.messages)).toBe(true);
    }
    // Usage errors: one line, exit 2.
    const noEpisodes = await execa(
      process.execPath,
      [AGI, 'agent', 'run', '--config', p.configPath, '--suite', SUITE],
      {
        reject: false,
      },
    );
    expect(noEpisodes.exitCode).toBe(2);
    expect(noEpisodes.stderr).toMatch(/--episodes N is required/);
    const badSuite = await execa(
      process.execPath,
      [
        AGI,
        'agent',
        'run',
        '--config',
        p.configPath,
        '--suite',
        'reasoning-gym:no_such_dataset',
        '--episodes',
        '1',
      ],
      { reject: false },
    );
    expect(badSuite.exitCode, badSuite.stderr).toBe(2);
    expect(badSuite.stderr).toMatch(/--suite \/ learning\.eval_suite: .*no_such_dataset/);
  }, 1_800_000);

  it('--attempts K acts on each task K times, sampled, and refuses what would repeat one greedy episode', async () => {
    const p = await host('agent-attempts');
    const agent = (...args: string[]) =>
      execa(process.execPath, [AGI, 'agent', 'run', '--config', p.configPath, '--suite', SUITE, ...args], {
        reject: false,
      });
    const greedy = await agent('--episodes', '4', '--attempts', '2');
    expect(greedy.exitCode).toBe(2);
    expect(greedy.stderr).toMatch(
      /--attempts 2 at temperature 0 would repeat one greedy episode: add --temperature/,
    );
    const uneven = await agent('--episodes', '5', '--attempts', '2', '--temperature', '1');
    expect(uneven.exitCode).toBe(2);
    expect(uneven.stderr).toMatch(/--episodes 5 is not a multiple of --attempts 2: .*try --episodes 6/);
    const datasetPath = path.join(p.root, 'storage', 'learning', 'dataset.jsonl');
    expect(existsSync(datasetPath)).toBe(false); // refused before acting: nothing written

    const r = await agent('--episodes', '4', '--attempts', '2', '--temperature', '1', '--seed', '3');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ episodes: 4, attempts: 2, seed: 3 });
    const records = readFileSync(datasetPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { task_id: string; attempt: number; adapter: string });
    // Two training tasks, each attempted twice side by side.
    expect(records.map((r) => r.attempt)).toEqual([0, 1, 0, 1]);
    expect(records[0]!.task_id).toBe(records[1]!.task_id);
    expect(records[2]!.task_id).toBe(records[3]!.task_id);
    expect(records[0]!.task_id).not.toBe(records[2]!.task_id);
    for (const rec of records) expect(rec.task_id).toMatch(/^rg:chain_sum\(.*\):train:3:\d+$/);
    // Each attempt is a record of its own, not a duplicate of its task's first: all four count for training.
    const stats = await execa(process.execPath, [
      AGI,
      'dataset',
      'stats',
      '--json',
      '--config',
      p.configPath,
    ]);
    expect(JSON.parse(stats.stdout)).toMatchObject({ valid: 4, unique: 4, duplicates: 0 });
  }, 1_800_000);
});
