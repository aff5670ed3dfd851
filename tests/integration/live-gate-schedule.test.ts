import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/load-config.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { readHistory } from '../../src/learning/adapters/adapter-registry.js';
import type { OptimizerDecision } from '../../src/shared/optimizer-contract.js';
import { applySchedule } from '../../src/temporal/schedule.js';
import { finishedRun, outcomes } from '../helpers/live-outcomes.js';
import { makeProject, type TestProject } from '../helpers/project.js';
import { uniqueQueues } from '../helpers/run-workflow.js';
import { runWorkers, useTestServer, type RunningWorkers } from '../helpers/temporal.js';

// The closed loop as it runs: a simulated agent reports outcomes through `agi-core dataset append` (which stamps
// them with the adapter active at that moment), and the real SelfOptimizer Schedule judges the live adapter.
const BIN = path.join(PACKAGE_ROOT, 'dist', 'cli', 'agi-core.js');
const GOALS = [
  'Check disk usage on the hosts',
  'Find why the nightly build failed',
  'Rotate the staging password',
];

const server = useTestServer();

type Loop = {
  p: TestProject;
  config: Config;
  workers: RunningWorkers;
  agent(lines: string[]): Promise<void>;
  cli(args: string[]): Promise<string>;
  tick(): Promise<OptimizerDecision>;
};

async function closedLoop(): Promise<Loop> {
  const p = await makeProject({
    set: {
      ...uniqueQueues(),
      'self_optimizer.schedule_id': `live-${randomUUID().slice(0, 8)}`,
      'self_optimizer.interval': '1h',
      'self_optimizer.dry_run': true,
      // The gate alone is under test: no training starts, whatever the counts.
      'learning.min_samples_for_training': 100000,
      'learning.live_gate': { mode: 'rollback', min_records: 30, min_goals: 3, alpha: 0.05 },
    },
  });
  const config = p.config();
  const workers = await runWorkers(config, server().address, { gpu: false });
  await applySchedule(server().client, config);
  const schedule = server().client.schedule.getHandle(config.self_optimizer.schedule_id);
  const cli = async (args: string[], input?: string) => {
    const r = await execa(process.execPath, [BIN, ...args], { cwd: p.root, input, reject: false });
    if (r.exitCode !== 0) throw new Error(`agi-core ${args.join(' ')}: exit ${r.exitCode}: ${r.stderr}`);
    return r.stdout;
  };
  return {
    p,
    config,
    workers,
    cli: (args) => cli(args),
    agent: async (lines) => {
      await cli(['dataset', 'append'], lines.join('\n') + '\n');
    },
    async tick() {
      const last = async () => (await schedule.describe()).info.recentActions.at(-1)?.action.workflow;
      const before = (await last())?.firstExecutionRunId;
      await schedule.trigger();
      let started = await last();
      const deadline = Date.now() + 30_000;
      // recentActions keeps only the newest few: a new tick is a new last run id, not a longer list.
      while (!started || started.firstExecutionRunId === before) {
        if (Date.now() > deadline) throw new Error('the schedule did not start a tick');
        await new Promise((r) => setTimeout(r, 200));
        started = await last();
      }
      // Ticks within one second share a workflow id: wait on this tick's own run.
      const handle = server().client.workflow.getHandle(started.workflowId, started.firstExecutionRunId);
      return (await handle.result()) as OptimizerDecision;
    },
  };
}

/** r1 is live while the agent succeeds 7 times in 10 on each goal; then r2 is trained and becomes active. */
async function r1ThenR2(loop: Loop): Promise<void> {
  await finishedRun(loop.p.root, 'r1');
  await finishedRun(loop.p.root, 'r2');
  await loop.cli(['adapters', 'activate', 'r1']);
  await loop.agent(GOALS.flatMap((g) => outcomes(g, 10, 7)));
  await loop.cli(['adapters', 'activate', 'r2']);
}

const activeAdapter = async (loop: Loop) =>
  (await readFile(path.join(loop.p.root, 'config', 'overrides.yaml'), 'utf8')).match(
    /models\/(\w+)\/adapter/,
  )?.[1];

describe('the live gate on the real SelfOptimizer schedule', () => {
  it('rolls back an adapter that succeeds 40% of the time against 70% on the same goals, once min_records is met', async () => {
    const loop = await closedLoop();
    try {
      await r1ThenR2(loop);
      await loop.agent(GOALS.slice(0, 2).flatMap((g) => outcomes(g, 10, 4)));
      const early = await loop.tick();
      expect(early.live).toMatchObject({ adapter: 'r2', verdict: 'too_few_records', action: 'none' });
      expect(await activeAdapter(loop)).toBe('r2');

      await loop.agent(outcomes(GOALS[2]!, 10, 4));
      const judged = await loop.tick();
      expect(judged.live).toMatchObject({
        adapter: 'r2',
        verdict: 'worse',
        action: 'rolled_back',
        rolled_back_to: 'r1',
      });
      expect(judged.live!.reason).toMatch(/^r2 40% vs r1 70% on 3 shared goal\(s\) .* rolled back to r1$/);
      expect(judged.triggered).toBe(false);
      // The memo carries every adapter's live numbers, as adapters list shows them.
      expect(judged.live!.adapters.map((a) => [a.adapter, a.records, a.success_rate])).toEqual([
        ['base', 0, null],
        ['r1', 30, 0.7],
        ['r2', 30, 0.4],
      ]);
      expect(await activeAdapter(loop)).toBe('r1');
      const history = await readHistory(loop.config.learning.adapter_history_path);
      expect(history.filter((e) => e.live_gate)).toHaveLength(1);
      expect(history.at(-1)!.live_gate).toMatchObject({ adapter: 'r2', predecessor: 'r1', sample_count: 60 });

      // Later ticks leave it there: the rolled-back adapter stays off, and no second rollback happens.
      const later = await loop.tick();
      expect(later.live).toMatchObject({ adapter: 'r1', action: 'none' });
      expect(await activeAdapter(loop)).toBe('r1');
      // Operators read the same verdicts from the schedule's recent ticks.
      const shown = await loop.cli(['schedule', 'show', '--address', server().address]);
      expect(shown).toMatch(
        /^ {4}live gate \(rollback\): r2 40% vs r1 70% on 3 shared goal\(s\).* rolled back to r1$/m,
      );
      expect(shown).toMatch(
        /^ran .* live-.* {2}the live gate rolled back r2 at 60 valid samples; no automatic run/m,
      );
      const listed = await loop.cli(['adapters', 'history']);
      expect(listed).toMatch(/rollback .*models\/r1\/adapter .*— live gate: r2 40% vs r1 70%/);
    } finally {
      await loop.workers.stop();
    }
  });

  it('an overrides file it cannot read: the tick completes and its memo says why the gate could not judge', async () => {
    const loop = await closedLoop();
    try {
      await loop.agent(outcomes(GOALS[0]!, 3, 2));
      await writeFile(path.join(loop.p.root, 'config', 'overrides.yaml'), 'learning: [unclosed\n');
      const decision = await loop.tick();
      expect(decision.live).toMatchObject({ verdict: 'error', action: 'none' });
      expect(decision.live!.reason).toMatch(
        /^the live gate could not judge: overrides file .* is not valid YAML/,
      );
      expect(decision.reason).toBe('3 valid samples; 100000 required');
    } finally {
      await loop.workers.stop();
    }
  });

  it('equal rates: no rollback', async () => {
    const loop = await closedLoop();
    try {
      await r1ThenR2(loop);
      await loop.agent(GOALS.flatMap((g) => outcomes(g, 10, 7)));
      const decision = await loop.tick();
      expect(decision.live).toMatchObject({ adapter: 'r2', verdict: 'not_worse', action: 'none' });
      expect(await activeAdapter(loop)).toBe('r2');
    } finally {
      await loop.workers.stop();
    }
  });

  it('a task-mix shift: r2 meets mostly the hard goals, same per-goal rates: no false rollback', async () => {
    const loop = await closedLoop();
    try {
      await finishedRun(loop.p.root, 'r1');
      await finishedRun(loop.p.root, 'r2');
      await loop.cli(['adapters', 'activate', 'r1']);
      await loop.agent([
        ...outcomes(GOALS[0]!, 16, 14),
        ...outcomes(GOALS[1]!, 16, 14),
        ...outcomes(GOALS[2]!, 8, 2),
      ]);
      await loop.cli(['adapters', 'activate', 'r2']);
      // Raw: r2 13/40 (33%) against r1 30/40 (75%), which a plain two-proportion test calls worse (p 7e-5); per goal
      // (3/4, 3/4, 7/32 against 14/16, 14/16, 2/8) the matched test finds p 0.24.
      await loop.agent([
        ...outcomes(GOALS[0]!, 4, 3),
        ...outcomes(GOALS[1]!, 4, 3),
        ...outcomes(GOALS[2]!, 32, 7),
      ]);
      const decision = await loop.tick();
      expect(decision.live!.score!.success_rate).toBeCloseTo(13 / 40, 12);
      expect(decision.live).toMatchObject({ adapter: 'r2', verdict: 'not_worse', action: 'none' });
      expect(await activeAdapter(loop)).toBe('r2');
    } finally {
      await loop.workers.stop();
    }
  });
});
