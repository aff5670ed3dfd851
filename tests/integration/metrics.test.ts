import { describe, expect, it } from 'vitest';
import { serveMetrics } from '../../src/shared/metrics.js';
import { makeProject } from '../helpers/project.js';
import { runTraining, uniqueQueues } from '../helpers/run-workflow.js';
import { runWorkers, useTestServer } from '../helpers/temporal.js';

const server = useTestServer();

describe('worker metrics', () => {
  it('are scrapeable in Prometheus text format and count runs and dataset size', async () => {
    const served = await serveMetrics(0, '127.0.0.1');
    const project = await makeProject({ records: 12, set: uniqueQueues() });
    const workers = await runWorkers(project.config(), server().address);
    try {
      await runTraining(server().client, project.config(), { dryRun: true });
      const res = await fetch(`http://127.0.0.1:${served.port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/plain/);
      const text = await res.text();
      expect(text).toMatch(/^agi_training_runs_total\{outcome="dry_run",strategy="lora"\} [1-9]/m);
      expect(text).toMatch(/^agi_dataset_valid_samples 12$/m);
      expect(text).toContain('# TYPE agi_training_loss gauge');
      expect(text).toContain('process_cpu_seconds_total');
    } finally {
      await workers.stop();
      await served.close();
    }
  });
});
