import { describe, expect, it } from 'vitest';
import { readRunStatus } from '../../src/temporal/run-status.js';
import { makeProject, tinyTraining } from '../helpers/project.js';
import { startTraining } from '../helpers/run-workflow.js';
import { runWorkers, useTestServer } from '../helpers/temporal.js';

const server = useTestServer();

/** Trains for real and watches describe while it runs; returns the history length and the live steps seen. */
async function trainAndWatch(steps: number) {
  const project = await makeProject({
    records: 64,
    set: tinyTraining({
      'learning.max_train_steps': steps,
      'learning.training_epochs': 100,
      'trainer.save_steps': 10,
      // Slow enough per step that the heartbeat (every 2 s, throttled to 3 s) is seen mid-training.
      'trainer.per_device_batch_size': 16,
      'trainer.max_seq_length': 512,
    }),
  });
  const config = project.config();
  const workers = await runWorkers(config, server().address);
  try {
    const handle = await startTraining(server().client, config, {});
    const seen: number[] = [];
    const result = handle.result();
    let done = false;
    void result.finally(() => (done = true)).catch(() => undefined);
    while (!done) {
      const status = await readRunStatus(server().client, handle.workflowId, { query: true });
      const step = status.training?.heartbeat?.step;
      if (status.training?.state === 'running' && step) seen.push(step);
      await new Promise((r) => setTimeout(r, 250));
    }
    const outcome = await result;
    const d = await handle.describe();
    return { outcome, historyLength: d.historyLength, seen, project };
  } finally {
    await workers.stop();
  }
}

describe('a run’s history does not grow with the length of its training', () => {
  it('two real trainings, one 3× as long: histories within a few events, live steps visible via describe', async () => {
    const short = await trainAndWatch(20);
    const long = await trainAndWatch(60);
    expect(short.outcome.triggered).toBe(true);
    expect(long.outcome.triggered).toBe(true);
    // Steps were visible while each ran, and the long run's later steps were too.
    expect(short.seen.length).toBeGreaterThan(0);
    expect(long.seen.length).toBeGreaterThan(0);
    expect(Math.max(...long.seen)).toBeGreaterThan(20);
    // A signal per 2 s used to add ~4 events each: 3× the steps was ~2× the events.
    expect(Math.abs(long.historyLength - short.historyLength)).toBeLessThanOrEqual(4);
    expect(long.historyLength).toBeLessThanOrEqual(50);
  }, 600_000);
});
