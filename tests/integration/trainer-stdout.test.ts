import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { makeProject } from '../helpers/project.js';
import { waitFor } from '../helpers/wait.js';
import { rootMessage, runTraining, startTraining, uniqueQueues } from '../helpers/run-workflow.js';
import { runWorkers, useTestServer } from '../helpers/temporal.js';

const server = useTestServer();

describe('trainAdapter and the trainer process', () => {
  it('survives garbage, torn lines and binary junk between protocol events', async () => {
    const project = await makeProject({
      records: 20,
      set: {
        ...uniqueQueues(),
        'trainer.python': path.join(PACKAGE_ROOT, 'tests', 'fixtures', 'fake-trainer.py'),
        'learning.promotion_policy': 'always',
      },
    });
    const config = project.config();
    const workers = await runWorkers(config, server().address);
    try {
      const outcome = await runTraining(server().client, config, {});
      expect(outcome).toMatchObject({ triggered: true, dry_run: false, overrides_updated: true });
      expect(outcome.adapter_path).toBe(path.join(outcome.output_dir!, 'adapter'));
    } finally {
      await workers.stop();
    }
  });

  it('fails on out-of-memory with advice, or retries with half the micro-batch when trainer.oom_retry is on', async () => {
    const oom = path.join(PACKAGE_ROOT, 'tests', 'fixtures', 'fake-trainer-oom.py');
    const strict = await makeProject({ records: 20, set: { ...uniqueQueues(), 'trainer.python': oom } });
    let workers = await runWorkers(strict.config(), server().address);
    try {
      const err = await runTraining(server().client, strict.config(), {}).catch((e: unknown) => e);
      expect(rootMessage(err)).toMatch(/ran out of memory .*Lower trainer.per_device_batch_size/);
    } finally {
      await workers.stop();
    }
    const retrying = await makeProject({
      records: 20,
      set: {
        ...uniqueQueues(),
        'trainer.python': oom,
        'trainer.oom_retry': true,
        'trainer.per_device_batch_size': 4,
      },
    });
    workers = await runWorkers(retrying.config(), server().address);
    try {
      const outcome = await runTraining(server().client, retrying.config(), {});
      const metadata = JSON.parse(await readFile(outcome.metadata_path!, 'utf8')) as {
        metrics: Record<string, number>;
        hyperparameters: Record<string, unknown>;
      };
      // 4 → 2 → 1 per device, accumulation 1 → 2 → 4: the effective batch stayed 4.
      expect(metadata.metrics.gradient_accumulation_steps).toBe(4);
      // Metadata records the attempt that produced the adapter, not the config's batch.
      expect(metadata.hyperparameters).toMatchObject({
        per_device_batch_size: 1,
        gradient_accumulation_steps: 4,
      });
    } finally {
      await workers.stop();
    }
  });

  it('cancelling a run kills the trainer’s whole process group: a helper that ignores SIGTERM is gone when the run closes', async () => {
    const forks = path.join(PACKAGE_ROOT, 'tests', 'fixtures', 'fake-trainer-forks.py');
    const project = await makeProject({
      records: 20,
      set: { ...uniqueQueues(), 'trainer.python': forks, 'trainer.kill_grace_seconds': 3 },
    });
    const config = project.config();
    const workers = await runWorkers(config, server().address);
    try {
      const handle = await startTraining(server().client, config, {});
      const helper = await waitFor('the trainer’s helper process', async () => {
        for (const run of await readdir(config.learning.training_output_dir).catch(() => [])) {
          const file = path.join(config.learning.training_output_dir, run, 'grandchild.pid');
          const pid = Number(await readFile(file, 'utf8').catch(() => ''));
          if (pid > 0) return pid;
        }
        return undefined;
      });
      expect(alive(helper)).toBe(true);
      await handle.cancel();
      await handle.result().catch(() => undefined);
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      // The trainer itself exited on SIGTERM; only a signal to its group reaches the helper.
      expect(alive(helper)).toBe(false);
    } finally {
      await workers.stop();
    }
  });
});

/** Whether a process runs (a zombie waiting for a reaper that may never come, as in a container, does not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
