import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { MissingWorkers, WORKER_GRACE_MS } from '../../src/cli/missing-workers.js';
import type { RunStatus } from '../../src/temporal/run-status.js';

const status = (learning: boolean, gpu: boolean) => ({ queued: { learning, gpu } }) as RunStatus;
/** No other run is open: the GPU side may start a worker. */
const idle = { workflow: { list: async function* () {} } } as unknown as Client;

function watcher(mode: 'cluster' | 'embedded-reused') {
  const started: string[] = [];
  const lines: string[] = [];
  const stack = {
    mode,
    startMissing: (kind: 'learning' | 'gpu') => {
      if (started.includes(kind)) return Promise.resolve(false);
      started.push(kind);
      return Promise.resolve(true);
    },
  };
  return { w: new MissingWorkers(stack, idle, 'wf', (l) => lines.push(l)), started, lines };
}

describe('MissingWorkers', () => {
  it('starts a worker for a side whose task waited past the grace period, once, and says so', async () => {
    const { w, started, lines } = watcher('embedded-reused');
    await w.check(status(true, false), 0);
    await w.check(status(true, false), WORKER_GRACE_MS - 1);
    expect(started).toEqual([]);
    await w.check(status(true, true), WORKER_GRACE_MS);
    await w.check(status(true, true), WORKER_GRACE_MS * 3);
    expect(started).toEqual(['learning', 'gpu']);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/nothing took the run's learning tasks for 10 s/);
  });

  it('restarts the clock when the task is taken, and never starts workers on a cluster', async () => {
    const { w, started } = watcher('embedded-reused');
    await w.check(status(true, false), 0);
    await w.check(status(false, false), WORKER_GRACE_MS - 1);
    await w.check(status(true, false), WORKER_GRACE_MS);
    expect(started).toEqual([]);
    const cluster = watcher('cluster');
    await cluster.w.check(status(true, true), 0);
    await cluster.w.check(status(true, true), WORKER_GRACE_MS * 10);
    expect(cluster.started).toEqual([]);
  });
});
