import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/learning/adapter-registry.js';
import {
  ActiveAdapterProbe,
  adapterName,
  attribute,
  stampedLine,
  timelineOf,
  timestampMs,
} from '../../src/learning/attribution.js';
import { LearningPipeline } from '../../src/learning/learning-pipeline.js';
import { liveScores, predecessorOf } from '../../src/learning/live-scores.js';
import { setActiveAdapter } from '../../src/learning/overrides-file.js';
import { makeProject } from '../helpers/project.js';

const activation = (
  at: string,
  run: string,
  previous: string | null,
  reason: HistoryEntry['reason'] = 'run',
) => ({
  at,
  adapter_path: `storage/learning/models/${run}/adapter`,
  previous: previous && `storage/learning/models/${previous}/adapter`,
  reason,
  run_name: run,
});

/** `n` outcomes of one goal, `ok` of them successes, stamped with `adapter` (or carrying `extra`). */
function outcomes(goal: string, n: number, ok: number, extra: Record<string, unknown>): string[] {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({ goal, summary: i < ok ? 'Done.' : 'Failed.', success: i < ok, ...extra }),
  );
}

describe('attribution: which adapter produced a record', () => {
  it('names an adapter by its run folder, and no adapter as base', () => {
    expect(adapterName('storage/learning/models/20261126T1/adapter')).toBe('20261126T1');
    expect(adapterName('/abs/runs/r7/adapter/')).toBe('r7');
    expect(adapterName('/elsewhere/my-adapter')).toBe('my-adapter');
    expect(adapterName(null)).toBe('base');
  });

  it('keeps a stamp the agent wrote, even a malformed one, and adds one otherwise', () => {
    expect(JSON.parse(stampedLine({ goal: 'g', summary: 's' }, 'r1'))).toEqual({
      goal: 'g',
      summary: 's',
      adapter: 'r1',
    });
    expect((JSON.parse(stampedLine({ goal: 'g', adapter: 42 }, 'r1')) as { adapter: unknown }).adapter).toBe(
      42,
    );
    expect(JSON.parse(stampedLine({ goal: 'g' }, null))).toEqual({ goal: 'g' });
  });

  it('reads seconds, milliseconds and ISO timestamps', () => {
    expect(timestampMs(1_764_000_000)).toBe(1_764_000_000_000);
    expect(timestampMs(1_764_000_000_123)).toBe(1_764_000_000_123);
    expect(timestampMs('2026-11-26T10:00:00Z')).toBe(Date.parse('2026-11-26T10:00:00Z'));
    expect(timestampMs('yesterday')).toBeNull();
    expect(timestampMs(-5)).toBeNull();
  });

  it('attributes an unstamped record by its timestamp against the activations', () => {
    const timeline = timelineOf([
      activation('2026-11-26T10:00:00Z', 'r1', null),
      activation('2026-11-26T12:00:00Z', 'r2', 'r1'),
    ]);
    expect(attribute({ timestamp: '2026-11-26T09:59:59Z' }, timeline)).toEqual({ adapter: 'base' });
    expect(attribute({ timestamp: '2026-11-26T10:00:00Z' }, timeline)).toEqual({ adapter: 'r1' });
    expect(attribute({ timestamp: Date.parse('2026-11-26T13:00:00Z') / 1000 }, timeline)).toEqual({
      adapter: 'r2',
    });
    expect(attribute({ adapter: 'r1', timestamp: '2026-11-26T13:00:00Z' }, timeline)).toEqual({
      adapter: 'r1',
    });
    expect(attribute({}, timeline)).toEqual({ adapter: null, reason: 'no adapter field and no timestamp' });
    expect(attribute({ adapter: { run: 'r1' } }, timeline)).toEqual({
      adapter: null,
      reason: 'adapter field is not a run name (got {"run":"r1"})',
    });
    expect(attribute({ adapter: '' }, timeline).adapter).toBeNull();
    expect(attribute({ adapter: 'a\nb' }, timeline).adapter).toBeNull();
  });

  it('the probe follows overrides.yaml as runs change it, and says nothing when it cannot parse it', async () => {
    const p = await makeProject();
    const overrides = path.join(p.root, 'config', 'overrides.yaml');
    const probe = new ActiveAdapterProbe(overrides, null);
    expect(await probe.current()).toBe('base');
    await setActiveAdapter(overrides, 'storage/learning/models/r1/adapter');
    expect(await probe.current()).toBe('r1');
    await writeFile(overrides, 'learning: [unclosed\n');
    expect(await probe.current()).toBeNull();
    expect(await new ActiveAdapterProbe(path.join(p.root, 'none.yaml'), '/x/r0/adapter').current()).toBe(
      'r0',
    );
    // A rollback to the base model writes null: that is base, not the config's older adapter.
    await writeFile(overrides, 'learning:\n  active_adapter_path: storage/learning/models/r2/adapter\n');
    await setActiveAdapter(overrides, null);
    expect(await readFile(overrides, 'utf8')).toContain('active_adapter_path: null');
    expect(await new ActiveAdapterProbe(overrides, '/x/r0/adapter').current()).toBe('base');
  });

  it('LearningPipeline stamps each record with the adapter active when it was added', async () => {
    const p = await makeProject();
    const pipeline = new LearningPipeline(p.datasetPath, 10);
    await pipeline.addExample({ goal: 'a', summary: 's' });
    await setActiveAdapter(
      path.join(p.root, 'config', 'overrides.yaml'),
      'storage/learning/models/r1/adapter',
    );
    await pipeline.addExample({ goal: 'b', summary: 's' });
    await pipeline.addExample({ goal: 'c', summary: 's', adapter: 'agent-said' });
    await pipeline.flush();
    const lines = (await readFile(p.datasetPath, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { adapter?: unknown }).adapter);
    expect(lines).toEqual(['base', 'r1', 'agent-said']);
    const unstamped = new LearningPipeline(p.datasetPath, 1, { overridesPath: null });
    await unstamped.addExample({ goal: 'd', summary: 's' });
    expect(JSON.parse((await readFile(p.datasetPath, 'utf8')).trim().split('\n').at(-1)!)).not.toHaveProperty(
      'adapter',
    );
  });
});

describe('live scores', () => {
  const history = [
    activation('2026-11-26T10:00:00Z', 'r1', null),
    activation('2026-11-26T12:00:00Z', 'r2', 'r1'),
  ];

  it('counts each adapter with a Wilson interval and compares it with its predecessor on shared goals', async () => {
    const p = await makeProject();
    const lines = [
      ...outcomes('easy goal', 10, 9, { adapter: 'r1' }),
      ...outcomes('hard goal', 10, 3, { adapter: 'r1' }),
      ...outcomes('easy goal', 10, 5, { adapter: 'r2' }),
      ...outcomes('hard goal', 10, 1, { adapter: 'r2' }),
      ...outcomes('new goal', 5, 5, { adapter: 'r2' }),
      '{"goal": "torn',
      JSON.stringify({ goal: 'x', summary: 's', success: true, adapter: 7 }),
      JSON.stringify({ goal: 'x', summary: 's', success: true, timestamp: '2026-11-26T11:00:00Z' }),
    ];
    await writeFile(p.datasetPath, lines.join('\n') + '\n');
    const scores = await liveScores(p.datasetPath, history, 'storage/learning/models/r2/adapter');
    expect(scores.bad_lines).toBe(1);
    expect(scores.unattributed).toBe(1);
    expect(scores.unattributed_examples).toEqual([
      { line: 47, reason: 'adapter field is not a run name (got 7)' },
    ]);
    expect(scores.adapters.map((a) => a.adapter)).toEqual(['base', 'r1', 'r2']);
    const [base, r1, r2] = scores.adapters;
    expect(base).toMatchObject({
      records: 0,
      success_rate: null,
      interval: null,
      vs_predecessor: null,
      note: null,
    });
    // 12 of 20 stamped plus the timestamped one at 11:00, while r1 was live.
    expect(r1).toMatchObject({
      records: 21,
      successes: 13,
      active: false,
      activated_at: '2026-11-26T10:00:00Z',
    });
    expect(r1!.vs_predecessor).toBeNull();
    expect(r1!.note).toBe('no goal seen under both r1 and its predecessor base yet');
    expect(r2).toMatchObject({ records: 25, successes: 11, active: true });
    expect(r2!.interval![0]).toBeCloseTo(0.266656, 5); // statsmodels proportion_confint(11, 25, method="wilson")
    expect(r2!.interval![1]).toBeCloseTo(0.629327, 5);
    const vs = r2!.vs_predecessor!;
    expect(vs).toMatchObject({ predecessor: 'r1', goals: 2, records: 20, predecessor_records: 20 });
    // Each shared goal weighs the same: (0.5 + 0.1) / 2 against (0.9 + 0.3) / 2; "new goal" is not compared.
    expect(vs.success_rate).toBeCloseTo(0.3, 12);
    expect(vs.predecessor_success_rate).toBeCloseTo(0.6, 12);
    // statsmodels StratifiedTable([[5,5],[9,1]], [[1,9],[3,7]]).test_null_odds(correction=False), signed.
    expect(vs.z!).toBeCloseTo(-2.1497957162534354, 10);
    expect(vs.p_worse!).toBeCloseTo(0.015785688596250347, 12);
  });

  it('a task-mix shift alone is not a drop: same per-goal rates, different goals mix', async () => {
    const p = await makeProject();
    const lines = [
      ...outcomes('easy goal', 30, 27, { adapter: 'r1' }),
      ...outcomes('hard goal', 10, 3, { adapter: 'r1' }),
      // r2 mostly meets the hard goal: its raw rate falls from 75 % to 39 %, its per-goal rates do not move.
      ...outcomes('easy goal', 10, 9, { adapter: 'r2' }),
      ...outcomes('hard goal', 30, 9, { adapter: 'r2' }),
    ];
    await writeFile(p.datasetPath, lines.join('\n') + '\n');
    const r2 = (await liveScores(p.datasetPath, history, 'storage/learning/models/r2/adapter')).adapters[2]!;
    expect(r2.success_rate).toBeCloseTo(0.45, 12);
    expect(r2.vs_predecessor!.difference).toBeCloseTo(0, 12);
    expect(r2.vs_predecessor!.p_worse).toBeCloseTo(0.5, 6);
  });

  it('a run published with --output-dir is known by its folder, as its stamps are, not by its run_name', async () => {
    const p = await makeProject();
    const custom = [
      activation('2026-11-26T10:00:00Z', 'r1', null),
      {
        at: '2026-11-26T12:00:00Z',
        adapter_path: 'storage/learning/models/manual run/adapter',
        previous: 'storage/learning/models/r1/adapter',
        reason: 'run' as const,
        run_name: '20261126T120000000Z-01a2',
      },
    ];
    await writeFile(
      p.datasetPath,
      [...outcomes('g', 4, 3, { adapter: 'r1' }), ...outcomes('g', 4, 1, { adapter: 'manual run' })].join(
        '\n',
      ) + '\n',
    );
    const scores = await liveScores(p.datasetPath, custom, 'storage/learning/models/manual run/adapter');
    expect(scores.unattributed).toBe(0);
    const manual = scores.adapters.find((a) => a.adapter === 'manual run')!;
    expect(manual).toMatchObject({ active: true, records: 4, activated_at: '2026-11-26T12:00:00Z' });
    expect(manual.vs_predecessor).toMatchObject({ predecessor: 'r1', goals: 1 });
    expect(attribute({ timestamp: '2026-11-26T13:00:00Z' }, timelineOf(custom))).toEqual({
      adapter: 'manual run',
    });
    expect(attribute({ adapter: 'x\u001b[2J' }, timelineOf(custom)).adapter).toBeNull();
  });

  it('predecessors follow activations, not rollbacks; a missing dataset scores nothing', async () => {
    const withRollback = [...history, activation('2026-11-26T14:00:00Z', 'r1', 'r2', 'rollback')];
    expect(predecessorOf('r2', withRollback)).toBe('r1');
    expect(predecessorOf('r1', withRollback)).toBe('base');
    expect(predecessorOf('base', withRollback)).toBeNull();
    expect(predecessorOf('stranger', withRollback)).toBeNull();
    const scores = await liveScores('/no/such/dataset.jsonl', withRollback, null);
    expect(scores.adapters.map((a) => [a.adapter, a.active, a.records])).toEqual([
      ['base', true, 0],
      ['r1', false, 0],
      ['r2', false, 0],
    ]);
  });
});
