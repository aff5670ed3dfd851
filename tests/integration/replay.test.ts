import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { installQuietRuntime } from '../../src/workers/create-workers.js';
import { workflowBundle } from '../../src/workers/workflow-bundle.js';

const DIR = path.join(PACKAGE_ROOT, 'tests', 'fixtures', 'histories');

describe('recorded histories replay against the current workflow code', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
    // Recorded by the workflow code before issue 9 (progress signals, no patch marker) and after it.
    expect(files).toEqual(
      expect.arrayContaining(['real-lora-v0.json', 'real-lora-v1.json', 'self-optimizer-tick-v0.json']),
    );
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    installQuietRuntime();
    const history: unknown = JSON.parse(readFileSync(path.join(DIR, file), 'utf8'));
    // Throws DeterminismViolationError if a change would break running workflows on redeploy: guard it with patched().
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
  });
});
