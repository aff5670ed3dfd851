import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import type { TrainingOutcome } from '../../src/shared/training-contract.js';
import { makeProject, tinyTraining } from '../helpers/project.js';
import { rootMessage, startTraining } from '../helpers/run-workflow.js';
import { runWorkers, useTestServer } from '../helpers/temporal.js';

const BIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const server = useTestServer();

function agiCore(configPath: string, args: string[]) {
  return execa(process.execPath, [BIN, ...args, '--config', configPath, '--address', server().address], {
    reject: false,
  });
}

describe('agi-core runs', () => {
  it('resumes a failed run with its snapshot and converted data once the cause is fixed', async () => {
    const settings = tinyTraining();
    const p = await makeProject({
      records: 64,
      set: { ...settings, 'learning.training_base_model': '/nonexistent/model' },
    });
    let workers = await runWorkers(p.config(), server().address);
    const handle = await startTraining(server().client, p.config(), {});
    const err = await handle.result().catch((e: unknown) => e);
    expect(rootMessage(err)).toMatch(/does not exist/);
    await workers.stop();

    // The operator fixes the config (a model that exists) and resumes the same run.
    const text = await readFile(p.configPath, 'utf8');
    await writeFile(
      p.configPath,
      text.replace('/nonexistent/model', String(settings['learning.training_base_model'])),
    );
    workers = await runWorkers(p.config(), server().address);
    try {
      const shown = await agiCore(p.configPath, ['runs', 'show', handle.workflowId, '--json']);
      const before = JSON.parse(shown.stdout) as { status: string; outcome: string; run_dir: string };
      // From describe alone (memo and search attributes): a closed run needs no worker to be shown.
      expect(before).toMatchObject({ status: 'FAILED', outcome: 'failed', run_dir: expect.any(String) });
      const r = await agiCore(p.configPath, ['runs', 'resume', handle.workflowId]);
      expect(r.exitCode, r.stderr).toBe(0);
      const outcome = JSON.parse(r.stdout) as TrainingOutcome & { resumes: string; workflow_id: string };
      expect(outcome).toMatchObject({ triggered: true, resumes: handle.workflowId, dataset_size: 64 });
      expect(outcome.output_dir).toBe(before.run_dir);

      // The finished run's loss curve: a sparkline on the terminal and the SVG beside the adapter.
      const finished = await agiCore(p.configPath, ['runs', 'show', outcome.workflow_id]);
      expect(finished.stdout).toMatch(
        /^loss +[▁▂▃▄▅▆▇█]{12} \d+\.\d{4} → \d+\.\d{4} over 12 steps \(.*loss\.svg\)$/m,
      );
      expect((await readFile(path.join(outcome.output_dir!, 'loss.svg'), 'utf8')).startsWith('<svg')).toBe(
        true,
      );

      const listed = await agiCore(p.configPath, ['runs', 'list', '--json']);
      const ids = (JSON.parse(listed.stdout) as { workflow_id: string }[]).map((x) => x.workflow_id);
      expect(ids).toEqual(expect.arrayContaining([handle.workflowId, outcome.workflow_id]));

      const wrongNamespace = await execa(
        process.execPath,
        [
          BIN,
          'runs',
          'list',
          '--config',
          p.configPath,
          '--address',
          server().address,
          '--namespace',
          'no-such-ns',
        ],
        { reject: false },
      );
      expect(wrongNamespace.exitCode).toBe(2);
      expect(wrongNamespace.stderr).toMatch(
        /has no namespace "no-such-ns" \(temporal.namespace \/ TEMPORAL_NAMESPACE \/ --namespace\)/,
      );

      const unknown = await agiCore(p.configPath, ['runs', 'resume', `${handle.workflowId}-nope`]);
      expect(unknown.exitCode).toBe(2);
      expect(unknown.stderr).toMatch(/no training run with workflow id/);
      const succeeded = await agiCore(p.configPath, ['runs', 'resume', outcome.workflow_id]);
      expect(succeeded.exitCode).toBe(2);
      expect(succeeded.stderr).toMatch(/succeeded: nothing to resume/);
    } finally {
      await workers.stop();
    }
  }, 240_000);
});
