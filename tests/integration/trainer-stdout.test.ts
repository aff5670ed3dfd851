import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { makeProject } from '../helpers/project.js';
import { runTraining, uniqueQueues } from '../helpers/run-workflow.js';
import { runWorkers, startTestServer, type TestServer } from '../helpers/temporal.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('trainAdapter reading the trainer stdout', () => {
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
    const workers = await runWorkers(config, server.address);
    try {
      const outcome = await runTraining(server.client, config, {});
      expect(outcome).toMatchObject({ triggered: true, dry_run: false, overrides_updated: true });
      expect(outcome.adapter_path).toBe(path.join(outcome.output_dir, 'adapter'));
    } finally {
      await workers.stop();
    }
  });
});
