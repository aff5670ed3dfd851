import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { hostProject } from '../helpers/project.js';
import { startProcess } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/temporal.js';

const TRAIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core-train.js');
const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');

let server: TestServer;
const made: string[] = [];
beforeAll(async () => {
  // What an operator runs: `temporal server start-dev`, nothing registered.
  server = await startTestServer(undefined, { searchAttributes: false });
});
afterAll(async () => {
  await server?.close();
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

/** A host's own project folder with a config of the seed's keys only. */
async function host(name: string, records?: number) {
  const project = await hostProject(name, {
    records,
    config: {
      learning: {
        min_samples_for_training: 50,
        training_strategy: 'lora',
        training_base_model: inject('tinyModel'),
        max_train_steps: 6,
        learning_rate: 0.003,
      },
    },
  });
  made.push(project.root);
  return project;
}

async function stop(child: ResultPromise) {
  child.kill('SIGTERM');
  return child;
}

describe('cluster mode: a Temporal server agi-core did not start, workers in their own processes and folders', () => {
  it('registers its search attributes, says when no GPU worker polls, and completes a real training', async () => {
    const env = { TEMPORAL_ADDRESS: server.address };
    const learningHost = await host('learning-host', 64);
    const gpuHost = await host('gpu-host');
    const operator = await host('operator');

    const learning = startProcess([AGI, 'worker', '--config', learningHost.configPath], /polling/, { env });
    await learning.seen;
    expect(learning.stderr()).toMatch(/registered search attributes AgiStrategy, AgiSampleCount, AgiOutcome/);

    // The operator's machine has no dataset: the learning worker's is the one that counts.
    const train = startProcess(
      [TRAIN, '--config', operator.configPath, '--address', server.address],
      /waiting for a GPU worker: none is polling task queue gpu-training/,
      {},
    );
    await train.seen;
    const gpu = startProcess([AGI, 'worker', '--gpu', '--config', gpuHost.configPath], /polling/, { env });
    try {
      await gpu.seen;
      const result = await train.child;
      expect(result.exitCode, String(result.stderr)).toBe(0);
      const out = JSON.parse(String(result.stdout)) as Record<string, unknown>;
      expect(out).toMatchObject({ triggered: true, dry_run: false, strategy: 'lora' });
      expect(String(out.output_dir).startsWith(path.join(learningHost.root, 'storage/learning/models'))).toBe(
        true,
      );
      expect(existsSync(path.join(String(out.adapter_path), 'adapter_model.safetensors'))).toBe(true);

      const listed = await execa(
        process.execPath,
        [AGI, 'runs', 'list', '--json', '--config', operator.configPath],
        { env, reject: false },
      );
      expect(listed.exitCode, listed.stderr).toBe(0);
      const rows = JSON.parse(listed.stdout) as Record<string, unknown>[];
      expect(rows.find((r) => r.workflow_id === out.workflow_id)).toMatchObject({
        status: 'COMPLETED',
        strategy: 'lora',
        outcome: 'succeeded',
      });
      const shown = await execa(
        process.execPath,
        [AGI, 'runs', 'show', String(out.workflow_id), '--json', '--config', operator.configPath],
        { env, reject: false },
      );
      expect(shown.exitCode, shown.stderr).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'COMPLETED', run_dir: out.output_dir });

      // An operator whose config asks for other settings than the learning worker's: refused, naming them.
      const other = await hostProject('other-operator', {
        config: { learning: { training_base_model: inject('tinyModel'), lora_rank: 16 } },
      });
      made.push(other.root);
      const refused = await execa(
        process.execPath,
        [TRAIN, '--config', other.configPath, '--address', server.address],
        {
          reject: false,
        },
      );
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toContain("decides other run settings than the caller's");
      expect(refused.stderr).toContain("lora_rank: 16 asked, 8 in the worker's");
    } finally {
      const stopped = await Promise.all([stop(gpu.child), stop(learning.child)]);
      for (const r of stopped) expect(r.exitCode, String(r.stderr)).toBe(0);
    }
    const connection = await Connection.connect({ address: server.address });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: 'default',
      });
      expect(Object.keys(customAttributes ?? {})).toEqual(
        expect.arrayContaining(['AgiStrategy', 'AgiSampleCount', 'AgiOutcome']),
      );
    } finally {
      await connection.close();
    }
  }, 300_000);
});
