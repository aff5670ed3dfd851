import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { assessTraining } from '../../src/activities/optimizer-activities.js';
import { makeProject } from '../helpers/project.js';

/** A client that has never seen an automatic run: the tick's only question to Temporal. */
const noRuns = {
  workflow: {
    getHandle: (id: string) => ({
      describe: () => Promise.reject(new WorkflowNotFoundError('not found', id, undefined)),
    }),
  },
} as unknown as Client;

describe('a SelfOptimizer tick with latest.json', () => {
  it('missing (no run yet): trains once the threshold is met', async () => {
    const p = await makeProject({ records: 60 });
    const { decision } = await assessTraining(p.config(), noRuns, new Date());
    expect(decision).toMatchObject({ triggered: true, sample_count: 60 });
  });

  it('torn or edited: holds and says why, never trains blindly', async () => {
    const p = await makeProject({ records: 60 });
    const latest = p.config().learning.training_metadata_path;
    await mkdir(path.dirname(latest), { recursive: true });
    await writeFile(latest, '{"created_at": "2026-');
    const { decision } = await assessTraining(p.config(), noRuns, new Date());
    expect(decision.triggered).toBe(false);
    expect(decision.reason).toMatch(
      /^holding: .*latest\.json \(learning\.training_metadata_path\) is not a run's metadata/,
    );
  });

  it('a folder where the file should be: holds and names the error', async () => {
    const p = await makeProject({ records: 60 });
    await mkdir(p.config().learning.training_metadata_path, { recursive: true });
    const { decision } = await assessTraining(p.config(), noRuns, new Date());
    expect(decision.triggered).toBe(false);
    expect(decision.reason).toMatch(/^holding: .*cannot be read: .*EISDIR/);
  });
});
