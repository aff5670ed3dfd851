import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { writeJsonAtomic } from '../../src/shared/atomic-write.js';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { loadConfig, PACKAGE_ROOT, type Config } from '../../src/config/load-config.js';
import { autoTrainingWorkflowId } from '../../src/activities/optimizer-activities.js';
import { sampleRecords, toJsonl } from '../../src/learning/dataset/sample-records.js';
import type { OptimizerDecision } from '../../src/shared/optimizer-contract.js';
import { applySchedule } from '../../src/temporal/schedule.js';
import { makeProject } from '../helpers/project.js';
import { uniqueQueues } from '../helpers/run-workflow.js';
import { runWorkers, useTestServer } from '../helpers/temporal.js';

const AGI = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');

const server = useTestServer();

async function optimizerProject(records: number | string, set: Record<string, unknown> = {}) {
  return makeProject({
    records,
    set: {
      ...uniqueQueues(),
      'self_optimizer.schedule_id': `so-${randomUUID().slice(0, 8)}`,
      'self_optimizer.interval': '1h',
      'self_optimizer.min_new_samples': 5,
      'self_optimizer.cooldown': '0s',
      'self_optimizer.strategy': 'lora',
      'self_optimizer.dry_run': true,
      ...set,
    },
  });
}

function tick(config: Config): Promise<OptimizerDecision> {
  return server().client.workflow.execute('SelfOptimizer', {
    workflowId: `tick-${randomUUID()}`,
    taskQueue: config.temporal.task_queues.learning,
  });
}

async function trainingRuns(config: Config): Promise<number> {
  const runs = server().client.workflow.list({
    query: `WorkflowType = 'TrainingWorkflow' AND WorkflowId = '${autoTrainingWorkflowId(config)}'`,
  });
  const ids: string[] = [];
  for await (const run of runs) ids.push(run.runId);
  return ids.length;
}

async function settle(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('SelfOptimizer on a Temporal Schedule', () => {
  it('applies the schedule idempotently: created, then unchanged', async () => {
    const p = await optimizerProject(5);
    const config = p.config();
    expect(await applySchedule(server().client, config)).toMatchObject({ action: 'created' });
    expect(await applySchedule(server().client, config)).toMatchObject({ action: 'unchanged' });
    const d = await server().client.schedule.getHandle(config.self_optimizer.schedule_id).describe();
    expect(d.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(d.action).toMatchObject({
      workflowType: 'SelfOptimizer',
      taskQueue: config.temporal.task_queues.learning,
    });
    const paused = loadConfig(p.configPath);
    paused.self_optimizer.paused = true;
    expect(await applySchedule(server().client, paused)).toMatchObject({ action: 'updated' });
    expect(
      (await server().client.schedule.getHandle(config.self_optimizer.schedule_id).describe()).state.paused,
    ).toBe(true);
    // Temporal runs a manual trigger on a paused schedule: the CLI says it stays paused.
    const triggered = await execa(
      process.execPath,
      [AGI, 'schedule', 'trigger', '--config', p.configPath, '--address', server().address],
      { reject: false },
    );
    expect(triggered.exitCode, triggered.stderr).toBe(0);
    expect(triggered.stdout).toContain('the schedule stays paused, no tick follows on its own');
    const json = await execa(
      process.execPath,
      [AGI, 'schedule', 'trigger', '--json', '--config', p.configPath, '--address', server().address],
      { reject: false },
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ triggered: true, paused: true });
  });

  it('ten triggers and ten ticks at once start exactly one TrainingWorkflow; every other tick says it is open', async () => {
    // No GPU worker: the winner stays open on the GPU queue for the whole race, so only the one-open-run rule
    // can hold the others back (the cooldown and new-sample gates are tested on their own below).
    const p = await optimizerProject(64);
    const config = p.config();
    const workers = await runWorkers(config, server().address, { gpu: false });
    try {
      await applySchedule(server().client, config);
      const handle = server().client.schedule.getHandle(config.self_optimizer.schedule_id);
      await Promise.all(Array.from({ length: 10 }, () => handle.trigger(ScheduleOverlapPolicy.SKIP)));
      const decisions = await Promise.all(Array.from({ length: 10 }, () => tick(config)));
      await settle(async () => (await handle.describe()).info.runningActions.length === 0);
      expect(await trainingRuns(config)).toBe(1);
      const run = await server().client.workflow.getHandle(autoTrainingWorkflowId(config)).describe();
      expect(run.status.name).toBe('RUNNING');
      expect(decisions.filter((d) => d.triggered).length).toBeLessThanOrEqual(1);
      for (const d of decisions.filter((d) => !d.triggered))
        expect(d.reason).toMatch(/training run .* is (still|already) open/);
      await server().client.workflow.getHandle(autoTrainingWorkflowId(config)).terminate('test done');
    } finally {
      await workers.stop();
    }
  });

  it('holds back during the cooldown even with enough new samples, then starts once it has passed', async () => {
    const p = await optimizerProject(64, { 'self_optimizer.cooldown': '1h' });
    const config = p.config();
    // The last run published a minute ago from a much smaller dataset: 54 new samples, only the cooldown stops it.
    await writeJsonAtomic(config.learning.training_metadata_path, {
      created_at: new Date(Date.now() - 60_000).toISOString(),
      dataset_size: 10,
      sample_count: 10,
    });
    const workers = await runWorkers(config, server().address, { gpu: false });
    try {
      expect(await tick(config)).toMatchObject({
        triggered: false,
        new_samples: 54,
        reason: expect.stringMatching(/^cooldown 1h since the last run: 3[45]\d\d s left$/),
      });
      expect(await trainingRuns(config)).toBe(0);
      await writeJsonAtomic(config.learning.training_metadata_path, {
        created_at: new Date(Date.now() - 3_601_000).toISOString(),
        dataset_size: 10,
        sample_count: 10,
      });
      expect(await tick(config)).toMatchObject({ triggered: true, new_samples: 54 });
      expect(await trainingRuns(config)).toBe(1);
      await server().client.workflow.getHandle(autoTrainingWorkflowId(config)).terminate('test done');
    } finally {
      await workers.stop();
    }
  });

  it('does not start a run while one is open, and says why', async () => {
    const p = await optimizerProject(64);
    const config = p.config();
    // Only the learning worker: the automatic run waits on the GPU queue, open.
    const workers = await runWorkers(config, server().address, { gpu: false });
    try {
      const first = await tick(config);
      expect(first).toMatchObject({
        triggered: true,
        strategy: 'lora',
        sample_count: 64,
        threshold: 50,
        workflow_id: autoTrainingWorkflowId(config),
      });
      expect(first.command).toBe(
        'agi-core-train --strategy=lora --dataset=storage/learning/dataset.jsonl --require-threshold',
      );
      const second = await tick(config);
      expect(second).toMatchObject({
        triggered: false,
        reason: expect.stringMatching(/still open|already open/),
      });
      await server().client.workflow.getHandle(autoTrainingWorkflowId(config)).terminate('test done');
    } finally {
      await workers.stop();
    }
  });

  it('starts nothing without new samples since the last successful run', async () => {
    const p = await optimizerProject(64);
    const config = p.config();
    await writeJsonAtomic(config.learning.training_metadata_path, {
      created_at: '2026-01-01T00:00:00.000Z',
      dataset_size: 62,
    });
    const workers = await runWorkers(config, server().address);
    try {
      expect(await tick(config)).toMatchObject({
        triggered: false,
        new_samples: 2,
        reason: expect.stringMatching(/2 new samples since the last successful run; 5 required/),
      });
      expect(await trainingRuns(config)).toBe(0);
    } finally {
      await workers.stop();
    }
  });

  it('completes the tick with a decision when the dataset is missing', async () => {
    const p = await optimizerProject(5);
    const config = p.config();
    await rm(config.learning.dataset_path);
    const workers = await runWorkers(config, server().address);
    try {
      expect(await tick(config)).toMatchObject({
        triggered: false,
        reason: expect.stringMatching(/dataset unavailable: .*does not exist/),
      });
    } finally {
      await workers.stop();
    }
  });

  it('backs off after a failed automatic run instead of starting a fresh one blindly', async () => {
    const wins = toJsonl(sampleRecords(60).map((r) => ({ ...r, success: true })));
    const p = await optimizerProject(wins, { 'self_optimizer.strategy': 'dpo' });
    const config = p.config();
    const workers = await runWorkers(config, server().address);
    try {
      expect(await tick(config)).toMatchObject({ triggered: true, strategy: 'dpo' });
      const failed = await server()
        .client.workflow.getHandle(autoTrainingWorkflowId(config))
        .result()
        .catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(Error);
      expect(await tick(config)).toMatchObject({
        triggered: false,
        reason: expect.stringMatching(/last automatic run failed; backing off 2h/),
      });
    } finally {
      await workers.stop();
    }
  });

  it('runs a tick fired while no worker was up once a worker returns', async () => {
    const p = await optimizerProject(64);
    const config = p.config();
    await applySchedule(server().client, config);
    const handle = server().client.schedule.getHandle(config.self_optimizer.schedule_id);
    await handle.trigger(ScheduleOverlapPolicy.SKIP);
    let tickId = '';
    await settle(async () => {
      tickId = (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId ?? '';
      return tickId !== '';
    });
    const workers = await runWorkers(config, server().address);
    try {
      const decision: OptimizerDecision = await server().client.workflow.getHandle(tickId).result();
      expect(decision.triggered).toBe(true);
      // What an operator sees of both: the tick is named as a tick, the (dry) run it started as a dry run.
      const cli = (args: string[]) =>
        execa(process.execPath, [AGI, ...args, '--config', p.configPath, '--address', server().address], {
          cwd: p.root,
          reject: false,
        });
      const asRun = await cli(['runs', 'show', tickId]);
      expect(asRun.exitCode).toBe(2);
      expect(asRun.stderr).toMatch(/is a SelfOptimizer tick, not a training run/);
      const child = server().client.workflow.getHandle(autoTrainingWorkflowId(config));
      await child.result();
      const shown = await cli(['runs', 'show', child.workflowId, '--json']);
      expect(shown.exitCode, shown.stderr).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'COMPLETED', dry_run: true, failure: null });
      const text = await cli(['runs', 'show', child.workflowId]);
      expect(text.stdout).toMatch(/dry run \(placeholder adapter, no training\)/);
      expect(text.stdout).toMatch(/promoted yes: dry run: activated as the seed did/);
    } finally {
      await workers.stop();
    }
  });
});
