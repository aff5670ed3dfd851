import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowFailedError, CancelledFailure } from '@temporalio/client';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { readRunStatus } from '../../src/temporal/run-status.js';
import { makeProject, tinyTraining } from '../helpers/project.js';
import { waitFor } from '../helpers/wait.js';
import { startTraining } from '../helpers/run-workflow.js';
import { runWorkers, useTestServer } from '../helpers/temporal.js';

const server = useTestServer();

const AGI_CORE = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
/** Long enough to be interrupted mid-way; checkpoints often. */
const LONG_RUN = {
  'learning.max_train_steps': 200,
  'learning.training_epochs': 50,
  'trainer.save_steps': 4,
  'trainer.heartbeat_timeout_seconds': 5,
  'trainer.kill_grace_seconds': 8,
};

async function firstCheckpoint(runsDir: string): Promise<string | undefined> {
  const runs = await readdir(runsDir).catch(() => [] as string[]);
  for (const run of runs) {
    const dir = path.join(runsDir, run, 'checkpoints');
    const names = await readdir(dir).catch(() => [] as string[]);
    const done = names.find(
      (n) => /^checkpoint-\d+$/.test(n) && existsSync(path.join(dir, n, 'trainer_state.json')),
    );
    if (done) return path.join(dir, done);
  }
  return undefined;
}

async function trainerPids(pattern: string): Promise<number[]> {
  const r = await execa('pgrep', ['-f', `agi_trainer train --spec ${pattern}`], { reject: false });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

function gpuWorkerProcess(configPath: string) {
  return execa(
    process.execPath,
    [AGI_CORE, 'worker', '--gpu', '--config', configPath, '--address', server().address],
    { reject: false, stdio: 'ignore' },
  );
}

describe('training survives faults', () => {
  it('chaos: kill -9 of the GPU worker after a checkpoint; a new worker resumes from it and the run completes', async () => {
    const project = await makeProject({ records: 64, set: tinyTraining(LONG_RUN) });
    const config = project.config();
    const learning = await runWorkers(config, server().address, { gpu: false });
    const first = gpuWorkerProcess(project.configPath);
    let second: ReturnType<typeof gpuWorkerProcess> | undefined;
    try {
      const handle = await startTraining(server().client, config, {});
      const checkpoint = await waitFor('a checkpoint', () =>
        firstCheckpoint(config.learning.training_output_dir),
      );
      const runDir = path.dirname(path.dirname(checkpoint));
      first.kill('SIGKILL');
      await first;
      // The orphaned trainer notices (parent-death signal) and stops: nothing keeps training unsupervised.
      await waitFor(
        'the orphaned trainer to exit',
        async () => ((await trainerPids(runDir)).length === 0 ? true : undefined),
        60_000,
      );
      second = gpuWorkerProcess(project.configPath);
      const outcome = await handle.result();
      expect(outcome.triggered).toBe(true);
      const metadata = JSON.parse(await readFile(outcome.metadata_path!, 'utf8')) as {
        resumed_from_step: number | null;
        steps: number;
      };
      expect(metadata.resumed_from_step).toBeGreaterThan(0);
      expect(metadata.steps).toBe(200);
      expect(existsSync(path.join(outcome.adapter_path!, 'adapter_model.safetensors'))).toBe(true);
      const overrides = await readFile(config.learning.training_overrides_path, 'utf8');
      expect(overrides.match(/active_adapter_path/g)).toHaveLength(1);
      expect(overrides).toContain(path.relative(project.root, outcome.adapter_path!));
    } finally {
      first.kill('SIGKILL');
      second?.kill('SIGTERM');
      await second;
      await learning.stop();
    }
  }, 400_000);

  it('cancel mid-run: the workflow closes CANCELLED (outcome cancelled) only once the trainer group is gone; nothing is published', async () => {
    const project = await makeProject({ records: 64, set: tinyTraining(LONG_RUN) });
    const config = project.config();
    const workers = await runWorkers(config, server().address);
    try {
      const handle = await startTraining(server().client, config, {});
      const checkpoint = await waitFor('a checkpoint', () =>
        firstCheckpoint(config.learning.training_output_dir),
      );
      const runDir = path.dirname(path.dirname(checkpoint));
      expect((await trainerPids(runDir)).length).toBeGreaterThan(0);
      const cancelledAt = Date.now();
      await handle.cancel();
      const err = await handle.result().catch((e: unknown) => e);
      // WAIT_CANCELLATION_COMPLETED: by the time the run is closed, its trainer has checkpointed and exited.
      expect(await trainerPids(runDir)).toEqual([]);
      expect(Date.now() - cancelledAt).toBeLessThan(10_000);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      const described = await handle.describe();
      expect(described.status.name).toBe('CANCELLED');
      expect(described.searchAttributes.AgiOutcome).toEqual(['cancelled']);
      expect(existsSync(config.learning.training_overrides_path)).toBe(false);
      expect(existsSync(config.learning.training_metadata_path)).toBe(false);
    } finally {
      await workers.stop();
    }
  }, 300_000);

  it('SIGTERM to a GPU worker on production settings: checkpoint within kill_grace_seconds, exit inside 30 s, resumed by another worker', async () => {
    // Training that cannot end before the stop however fast the machine, and no periodic checkpoints: the only
    // checkpoint is the one the stop asks for. Worker timings are the defaults (kill_grace_seconds 20).
    const project = await makeProject({
      records: 64,
      set: tinyTraining({
        'learning.max_train_steps': 1_000_000,
        'learning.training_epochs': 100_000,
        'trainer.save_steps': 1_000_000,
      }),
    });
    const config = project.config();
    const learning = await runWorkers(config, server().address, { gpu: false });
    const gpuA = gpuWorkerProcess(project.configPath);
    let gpuB: ReturnType<typeof gpuWorkerProcess> | undefined;
    try {
      const handle = await startTraining(server().client, config, {});
      const seen = await waitFor('three training steps', async () => {
        const step = (await readRunStatus(server().client, handle.workflowId)).training?.heartbeat?.step ?? 0;
        return step >= 3 ? step : undefined;
      });
      const stoppedAt = Date.now();
      gpuA.kill('SIGTERM');
      await gpuA;
      const exitedAfterMs = Date.now() - stoppedAt;
      expect(exitedAfterMs).toBeLessThan(30_000);
      const checkpoint = await firstCheckpoint(config.learning.training_output_dir);
      expect(checkpoint, 'the stop left no complete checkpoint').toBeDefined();
      const step = Number(/checkpoint-(\d+)$/.exec(checkpoint!)![1]);
      expect(step).toBeGreaterThanOrEqual(seen);
      const savedAfterMs = (await stat(path.join(checkpoint!, 'trainer_state.json'))).mtimeMs - stoppedAt;
      expect(savedAfterMs).toBeLessThan(config.trainer.kill_grace_seconds * 1000);
      console.info(
        `GPU worker stop: checkpoint-${step} saved ${Math.round(savedAfterMs)} ms, exit ${exitedAfterMs} ms after SIGTERM`,
      );
      expect(await trainerPids(path.dirname(path.dirname(checkpoint!)))).toEqual([]);

      gpuB = gpuWorkerProcess(project.configPath);
      const resumed = await waitFor('the next attempt to start its trainer', async () => {
        const heartbeat = (await readRunStatus(server().client, handle.workflowId)).training?.heartbeat;
        return (heartbeat?.attempt ?? 1) >= 2 ? heartbeat?.resumed_from_step : undefined;
      });
      expect(resumed).toBe(step);
      await handle.cancel();
      await handle.result().catch(() => undefined);
    } finally {
      gpuA.kill('SIGKILL');
      gpuB?.kill('SIGTERM');
      await gpuB;
      await learning.stop();
    }
  }, 400_000);
});
