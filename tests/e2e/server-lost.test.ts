import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { makeProject } from '../helpers/project.js';
import { startProcess } from '../helpers/processes.js';
import { startTestServer } from '../helpers/temporal.js';
import { uniqueQueues } from '../helpers/run-workflow.js';

const TRAIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core-train.js');

describe('the Temporal server goes away while agi-core-train waits on a run', () => {
  it('says the run is still open and how to follow it, exits 3, and stdout holds only JSON', async () => {
    const server = await startTestServer();
    const p = await makeProject({ records: 3, set: uniqueQueues() });
    // A cluster with no worker up: the run waits in its queue until the server dies under it.
    const cli = startProcess(
      [TRAIN, '--dry-run', '--address', server.address, '--namespace', server.namespace],
      /started workflow/,
      { cwd: p.root },
    );
    await cli.seen;
    await server.close();
    const r = await cli.child;
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      /lost the Temporal server \(.*\); run (\S+) is still open there and continues when the server and a worker are back: follow it with agi-core runs show \1/,
    );
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: 'unknown',
      workflow_id: expect.any(String) as unknown,
    });
  }, 600_000); // waits on the CLI's own progress (a 10-15 s grace, worker start, training): no fixed budget
});
