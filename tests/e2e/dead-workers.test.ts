import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { makeProject, tinyTraining } from '../helpers/project.js';
import { startProcess } from '../helpers/processes.js';
import { useTestServer } from '../helpers/temporal.js';
import { waitFor } from '../helpers/wait.js';
import { livePollers } from '../../src/temporal/run-status.js';

const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const TRAIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core-train.js');

const server = useTestServer();

describe('workers killed with -9 linger in the server as pollers', () => {
  it('agi-core-train does not wait on them forever: it starts its own workers and trains', async () => {
    const port = Number(server().address.split(':').at(-1));
    // The embedded server's port, already answering: the CLI reuses it (embedded-reused), as beside `agi-core up`.
    const p = await makeProject({
      records: 64,
      set: tinyTraining({ 'temporal.embedded.port': port, 'learning.max_train_steps': 4 }),
    });
    const env = { TEMPORAL_ADDRESS: '', TEMPORAL_NAMESPACE: server().namespace };
    const learning = startProcess([AGI, 'worker', '--config', p.configPath], /polling/, { env });
    const gpu = startProcess([AGI, 'worker', '--gpu', '--config', p.configPath], /polling/, { env });
    await Promise.all([learning.seen, gpu.seen]);
    // "polling" is logged when the worker starts; its first poll reaches the server a moment later (seconds under
    // load). Kill only once the server lists the GPU poller, or there is no lingering poller to test against.
    const gpuQueue = p.config().temporal.task_queues.gpu_training;
    await waitFor('the server to list the GPU worker as a poller', async () =>
      (await livePollers(server().client, gpuQueue, 'activity')) > 0 ? true : undefined,
    );
    learning.child.kill('SIGKILL');
    gpu.child.kill('SIGKILL');
    await Promise.all([learning.child, gpu.child]);

    const train = startProcess([TRAIN, '--config', p.configPath], /started workflow/, { env, cwd: p.root });
    const r = await train.child;
    expect(r.exitCode, r.stderr).toBe(0);
    // It trusted the GPU poller the server still listed, then found nobody took the training. (The server may or
    // may not list the dead learning worker's workflow poller: the CLI starts that one at once when it does not.)
    expect(r.stderr).toMatch(/using the (learning and )?GPU worker\(s\) already polling/);
    expect(r.stderr).toMatch(
      /nothing took the run's training tasks for 10 s .*started a GPU worker in this process/,
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ triggered: true, dry_run: false });
  }, 600_000); // waits on the CLI's own progress (a 10-15 s grace, worker start, training): no fixed budget
});
