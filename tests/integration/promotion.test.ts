import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readHistory, registryOf } from '../../src/learning/adapters/adapter-registry.js';
import { makeProject, tinyTraining } from '../helpers/project.js';
import { runTraining } from '../helpers/run-workflow.js';
import { runWorkers, useTestServer } from '../helpers/temporal.js';

const server = useTestServer();

async function activeAdapter(overridesPath: string): Promise<string> {
  return (parse(await readFile(overridesPath, 'utf8')) as { learning: { active_adapter_path: string } })
    .learning.active_adapter_path;
}

describe('promotion gate (if_improved) with real training', () => {
  it('activates a better adapter and keeps the active one when the new one is worse', async () => {
    const p = await makeProject({
      records: 64,
      set: tinyTraining({
        'learning.max_train_steps': 6,
        'learning.eval_min_records': 10,
        'learning.eval_fraction': 0.2,
      }),
    });
    const run = async (over: Record<string, unknown>, dryRun = false) => {
      const config = loadConfig(p.configPath);
      Object.assign(config.learning, over);
      const workers = await runWorkers(config, server().address);
      try {
        return await runTraining(server().client, config, { dryRun });
      } finally {
        await workers.stop();
      }
    };
    const config = p.config();
    const dry = await run({}, true);
    expect(dry).toMatchObject({ overrides_updated: true, promotion: 'dry run: activated as the seed did' });
    // The dry run's placeholder has nothing to beat: the first trained adapter replaces it.
    const first = await run({});
    expect(first.overrides_updated).toBe(true);
    expect(first.promotion).toMatch(/holds no trained adapter/);

    const better = await run({ max_train_steps: 30, learning_rate: 0.01 });
    expect(better.overrides_updated).toBe(true);
    expect(better.promotion).toMatch(/beats the active adapter's/);
    expect(await activeAdapter(config.learning.training_overrides_path)).toBe(
      path.relative(p.root, better.adapter_path!),
    );

    const worse = await run({ max_train_steps: 1, learning_rate: 1e-7 });
    expect(worse.overrides_updated).toBe(false);
    expect(worse.promotion).toMatch(/does not beat the active adapter's/);
    expect(await activeAdapter(config.learning.training_overrides_path)).toBe(
      path.relative(p.root, better.adapter_path!),
    );
    const metadata = JSON.parse(await readFile(worse.metadata_path!, 'utf8')) as {
      promotion: { activate: boolean; active_eval_loss: number };
    };
    expect(metadata.promotion).toMatchObject({ activate: false });
    expect(metadata.promotion.active_eval_loss).toBeGreaterThan(0);

    // The README's dry-run examples on a live project: the trained adapter stays active.
    const dryOver = await run({}, true);
    expect(dryOver.overrides_updated).toBe(false);
    expect(dryOver.promotion).toMatch(
      /dry run: the active .* is a trained adapter, which a dry run's placeholder never replaces/,
    );
    expect(await activeAdapter(config.learning.training_overrides_path)).toBe(
      path.relative(p.root, better.adapter_path!),
    );

    expect((await readHistory(registryOf(config).historyPath)).map((h) => h.reason)).toEqual([
      'run',
      'run',
      'run',
    ]);
  }, 300_000);
});
