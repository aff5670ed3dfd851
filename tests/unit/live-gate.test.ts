import { appendFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LiveGate } from '../../src/config/schema.js';
import { activateAdapter, readHistory, registryOf } from '../../src/learning/adapters/adapter-registry.js';
import { judgeLiveAdapter, pendingRollback } from '../../src/learning/live/live-gate.js';
import { readActiveAdapter } from '../../src/learning/adapters/overrides-file.js';
import { finishedRun, outcomes } from '../helpers/live-outcomes.js';
import { makeProject, type TestProject } from '../helpers/project.js';

const GATE: LiveGate = { mode: 'rollback', min_records: 30, min_goals: 3, alpha: 0.05 };
const GOALS = ['Check disk usage', 'Find the failing build', 'Rotate the staging password'];

/** The gate over a project's files, as the SelfOptimizer tick runs it (60 valid samples, a fixed clock). */
function judgeIn(p: TestProject, gate: Partial<LiveGate> = {}) {
  const config = p.config();
  return judgeLiveAdapter({
    gate: { ...GATE, ...gate },
    reg: registryOf(config),
    datasetPath: p.datasetPath,
    trainingOutputDir: config.learning.training_output_dir,
    sampleCount: () => Promise.resolve(60),
    now: new Date('2026-11-26T13:00:00Z'),
  });
}

/** r1 live at 70% on three goals (10 records each), then r2 active: returns the project and its registry. */
async function r1ThenR2() {
  const p = await makeProject();
  const config = p.config();
  const reg = registryOf(config);
  await activateAdapter(reg, await finishedRun(p.root, 'r1'), 'run', 'r1', '2026-11-26T10:00:00Z');
  await appendFile(
    p.datasetPath,
    GOALS.flatMap((g) => outcomes(g, 10, 7, { adapter: 'r1' })).join('\n') + '\n',
  );
  await activateAdapter(reg, await finishedRun(p.root, 'r2'), 'run', 'r2', '2026-11-26T12:00:00Z');
  const judge = (gate: Partial<LiveGate> = {}) => judgeIn(p, gate);
  const append = (lines: string[]) => appendFile(p.datasetPath, lines.join('\n') + '\n');
  return { p, reg, judge, append };
}

describe('the live gate', () => {
  it('waits for min_records, then rolls a significantly worse adapter back once, saying why', async () => {
    const { p, reg, judge, append } = await r1ThenR2();
    await append(GOALS.slice(0, 2).flatMap((g) => outcomes(g, 10, 4, { adapter: 'r2' })));
    expect(await judge()).toMatchObject({
      verdict: 'too_few_records',
      action: 'none',
      reason: 'r2 has 20 live record(s); the gate judges from learning.live_gate.min_records 30',
    });
    await append(outcomes(GOALS[2]!, 10, 4, { adapter: 'r2' }));
    const verdict = await judge();
    expect(verdict).toMatchObject({
      adapter: 'r2',
      verdict: 'worse',
      action: 'rolled_back',
      rolled_back_to: 'r1',
    });
    // statsmodels' CMH on three goals of 4/10 against 7/10: p = 0.011412213962780481.
    expect(verdict.score!.vs_predecessor!.p_worse).toBeCloseTo(0.011412213962780481, 10);
    expect(verdict.reason).toBe(
      'r2 40% vs r1 70% on 3 shared goal(s) (30 vs 30 records): significantly worse (p_worse 0.0114 < alpha 0.05); rolled back to r1',
    );
    expect(await readActiveAdapter(reg.overridesPath)).toBe('storage/learning/models/r1/adapter');
    const history = await readHistory(reg.historyPath);
    expect(history.at(-1)).toMatchObject({
      reason: 'rollback',
      adapter_path: 'storage/learning/models/r1/adapter',
      previous: 'storage/learning/models/r2/adapter',
      run_name: 'r1',
      live_gate: { adapter: 'r2', predecessor: 'r1', records: 30, goals: 3, sample_count: 60 },
    });
    expect(pendingRollback(history)?.live_gate?.sample_count).toBe(60);
    // The next tick judges r1 (against the base model, which never ran): no second rollback.
    expect(await judge()).toMatchObject({ adapter: 'r1', action: 'none' });
    expect((await readHistory(reg.historyPath)).filter((e) => e.live_gate)).toHaveLength(1);
    expect(p.root).toBeTruthy();
  });

  it('report mode names a worse adapter and leaves it active', async () => {
    const { reg, judge, append } = await r1ThenR2();
    await append(GOALS.flatMap((g) => outcomes(g, 10, 4, { adapter: 'r2' })));
    const verdict = await judge({ mode: 'report' });
    expect(verdict).toMatchObject({ verdict: 'worse', action: 'reported' });
    expect(verdict.reason).toMatch(/learning\.live_gate\.mode is report, so it stays active$/);
    expect(await readActiveAdapter(reg.overridesPath)).toBe('storage/learning/models/r2/adapter');
    expect(await judge({ mode: 'off' })).toMatchObject({ verdict: 'off', action: 'none' });
  });

  it('equal rates, and a task-mix shift with the same per-goal rates, are not rolled back', async () => {
    const equal = await r1ThenR2();
    await equal.append(GOALS.flatMap((g) => outcomes(g, 10, 7, { adapter: 'r2' })));
    expect(await equal.judge()).toMatchObject({ verdict: 'not_worse', action: 'none' });

    const p = await makeProject();
    const config = p.config();
    const reg = registryOf(config);
    await activateAdapter(reg, await finishedRun(p.root, 'r1'), 'run', 'r1', '2026-11-26T10:00:00Z');
    await activateAdapter(reg, await finishedRun(p.root, 'r2'), 'run', 'r2', '2026-11-26T12:00:00Z');
    // r1 met mostly the easy goal, r2 mostly the hard one: raw rates 70% against 37%, per goal nearly equal.
    const lines = [
      ...outcomes('easy', 20, 18, { adapter: 'r1' }),
      ...outcomes('hard', 10, 3, { adapter: 'r1' }),
      ...outcomes('easy', 5, 4, { adapter: 'r2' }),
      ...outcomes('hard', 25, 7, { adapter: 'r2' }),
    ];
    await appendFile(p.datasetPath, lines.join('\n') + '\n');
    const verdict = await judgeIn(p, { min_goals: 2 });
    expect(verdict).toMatchObject({ verdict: 'not_worse', action: 'none' });
    // statsmodels' CMH for these strata: p = 0.34838347498926536.
    expect(verdict.score!.vs_predecessor!.p_worse).toBeCloseTo(0.34838347498926536, 10);
    expect(verdict.score!.success_rate).toBeCloseTo(11 / 30, 12);
  });

  it('does not roll back when the predecessor adapter folder is gone, and says so', async () => {
    const { p, reg, judge, append } = await r1ThenR2();
    await append(GOALS.flatMap((g) => outcomes(g, 10, 4, { adapter: 'r2' })));
    await rm(path.join(p.root, 'storage/learning/models/r1'), { recursive: true });
    const verdict = await judge();
    expect(verdict).toMatchObject({ verdict: 'worse', action: 'not_rolled_back' });
    expect(verdict.reason).toMatch(
      /not rolled back: the predecessor's adapter folder .*models\/r1\/adapter is gone$/,
    );
    expect(await readActiveAdapter(reg.overridesPath)).toBe('storage/learning/models/r2/adapter');
  });

  it('too few shared goals is no verdict; malformed stamps are counted, not fatal', async () => {
    const { judge, append } = await r1ThenR2();
    await append([
      ...outcomes(GOALS[0]!, 15, 6, { adapter: 'r2' }),
      ...outcomes(GOALS[1]!, 15, 6, { adapter: 'r2' }),
      JSON.stringify({ goal: 'x', summary: 's', success: true, adapter: ['r2'] }),
    ]);
    expect(await judge()).toMatchObject({
      verdict: 'too_few_goals',
      unattributed: 1,
      reason: 'r2 and r1 share 2 goal(s); the gate judges from learning.live_gate.min_goals 3',
    });
  });

  it('two ticks racing the same rollback roll back exactly once', async () => {
    const { reg, judge, append } = await r1ThenR2();
    await append(GOALS.flatMap((g) => outcomes(g, 10, 4, { adapter: 'r2' })));
    const verdicts = await Promise.all(Array.from({ length: 6 }, () => judge()));
    expect(verdicts.filter((v) => v.action === 'rolled_back')).toHaveLength(1);
    const history = await readHistory(reg.historyPath);
    expect(history.filter((e) => e.reason === 'rollback')).toHaveLength(1);
    expect(await readActiveAdapter(reg.overridesPath)).toBe('storage/learning/models/r1/adapter');
    expect(await readFile(reg.overridesPath, 'utf8')).toContain('r1/adapter');
  });

  it('the first adapter, worse than the base model, is rolled back to the base model', async () => {
    const p = await makeProject();
    const config = p.config();
    const reg = registryOf(config);
    await appendFile(
      p.datasetPath,
      GOALS.flatMap((g) => outcomes(g, 10, 7, { adapter: 'base' })).join('\n') + '\n',
    );
    await activateAdapter(reg, await finishedRun(p.root, 'r1'), 'run', 'r1', '2026-11-26T10:00:00Z');
    await appendFile(
      p.datasetPath,
      GOALS.flatMap((g) => outcomes(g, 10, 4, { adapter: 'r1' })).join('\n') + '\n',
    );
    const verdict = await judgeIn(p);
    expect(verdict).toMatchObject({ action: 'rolled_back', rolled_back_to: 'base' });
    expect(await readActiveAdapter(reg.overridesPath)).toBeNull();
    expect((await readHistory(reg.historyPath)).at(-1)).toMatchObject({ adapter_path: null, run_name: null });
    expect(p.config().learning.active_adapter_path).toBeNull();
  });
});
