import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { runSettings } from '../../src/activities/run-spec.js';
import type { RunPlan } from '../../src/shared/training-contract.js';
import { makeProject } from '../helpers/project.js';
import { rootMessage, runTraining, uniqueQueues } from '../helpers/run-workflow.js';
import { runWorkers, useTestServer } from '../helpers/temporal.js';

// Issue 23 item 9: a run's settings are decided once, on the learning host, from its config as it is when the run
// starts; the workers are not restarted between the runs below.

const server = useTestServer();

async function edit(configPath: string, key: string[], value: unknown) {
  const doc = parseDocument(await readFile(configPath, 'utf8'));
  doc.setIn(key, value);
  await writeFile(configPath, doc.toString());
}

const planOf = async (runDir: string) =>
  JSON.parse(await readFile(path.join(runDir, 'run-plan.json'), 'utf8')) as RunPlan;

describe('run settings: decided per run on the learning host, recorded in the plan', () => {
  it('an edit to the config takes effect on the next run without restarting the workers', async () => {
    const project = await makeProject({ records: 64, set: uniqueQueues() });
    const config = project.config();
    const workers = await runWorkers(config, server().address);
    try {
      const first = await runTraining(server().client, config, { dryRun: true });
      const before = await planOf(first.output_dir!);
      expect(before.settings).toMatchObject({ max_steps: config.learning.max_train_steps, lora_rank: 8 });
      expect(before.configSha256).toMatch(/^[0-9a-f]{64}$/);

      await edit(project.configPath, ['learning', 'lora_rank'], 4);
      await edit(project.configPath, ['trainer', 'lora_alpha'], 8);
      const second = await runTraining(server().client, config, { dryRun: true });
      const after = await planOf(second.output_dir!);
      expect(after.settings).toMatchObject({ lora_rank: 4, lora_alpha: 8 });
      expect(after.configSha256).not.toBe(before.configSha256);
      // The GPU host's own settings are never part of what the run decides.
      expect(after.settings).not.toHaveProperty('device');
      expect(after.settings).not.toHaveProperty('num_processes');
      expect(after.conversionSettings).toEqual({
        evalFraction: config.learning.eval_fraction,
        evalMinRecords: config.learning.eval_min_records,
        maxPairsPerGoal: config.learning.dpo_max_pairs_per_goal,
      });
    } finally {
      await workers.stop();
    }
  });

  it('an edit that breaks the config refuses the next run by name, once, and loses nothing', async () => {
    const project = await makeProject({ records: 64, set: uniqueQueues() });
    const config = project.config();
    const workers = await runWorkers(config, server().address);
    try {
      await edit(project.configPath, ['learning', 'lora_rank'], 'eight');
      const err = await runTraining(server().client, config, { dryRun: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect(rootMessage(err)).toContain(
        `the learning worker's config ${project.configPath} no longer loads`,
      );
      expect(rootMessage(err)).toContain('learning.lora_rank');
      // Fixed: the next run goes ahead with the same workers.
      await edit(project.configPath, ['learning', 'lora_rank'], 8);
      const outcome = await runTraining(server().client, config, { dryRun: true });
      expect(outcome.triggered).toBe(true);
    } finally {
      await workers.stop();
    }
  });

  it("a caller whose config decides other settings than the worker's is refused, naming each one", async () => {
    const project = await makeProject({ records: 64, set: uniqueQueues() });
    const config = project.config();
    const workers = await runWorkers(config, server().address);
    try {
      const mine = { ...runSettings(config), lora_rank: 16, learning_rate: 0.5 };
      // Refused at readiness, before anything converts or trains.
      const err = await runTraining(server().client, config, { expectSettings: mine }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const message = rootMessage(err);
      expect(message).toContain("decides other run settings than the caller's");
      expect(message).toContain('learning_rate: 0.5 asked');
      expect(message).toContain("lora_rank: 16 asked, 8 in the worker's");
      // The same settings pass; a dry run trains nothing, so any settings pass.
      const ok = await runTraining(server().client, config, {
        dryRun: true,
        expectSettings: runSettings(config),
      });
      expect(ok.triggered).toBe(true);
      const dry = await runTraining(server().client, config, { dryRun: true, expectSettings: mine });
      expect(dry.triggered).toBe(true);
    } finally {
      await workers.stop();
    }
  });
});
