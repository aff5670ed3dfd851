import { appendFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/learning/adapters/adapter-registry.js';
import {
  ActiveAdapterProbe,
  adapterName,
  attribute,
  stampedLine,
  timelineOf,
  timestampMs,
} from '../../src/learning/adapters/attribution.js';
import { LearningPipeline } from '../../src/learning/dataset/learning-pipeline.js';
import { liveCachePathFor, liveTallies } from '../../src/learning/live/live-scores-cache.js';
import { liveScores, predecessorOf } from '../../src/learning/live/live-scores.js';
import { setActiveAdapter } from '../../src/learning/adapters/overrides-file.js';
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

describe('live scores: the incremental cache (issue 23)', () => {
  const history = [
    activation('2026-11-26T10:00:00Z', 'r1', null),
    activation('2026-11-26T12:00:00Z', 'r2', 'r1'),
    activation('2026-11-26T14:00:00Z', 'r3', 'r2'),
  ];
  const active = 'storage/learning/models/r3/adapter';
  const GOALS = ['Easy goal', '  easy   GOAL ', 'hard goal', 'rare goal', '__proto__', 'Ｗｉｄｅ goal'];

  /** Seeded lines of every kind: stamped, timestamped (seconds, ms, ISO), unattributable, bad, blank. */
  function mixed(seed: number, n: number, hours: [number, number] = [9, 15]): string[] {
    let state = seed >>> 0;
    const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 0x1_0000_0000;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    return Array.from({ length: n }, () => {
      const kind = rand();
      const ms = Date.UTC(2026, 10, 26, hours[0]) + rand() * (hours[1] - hours[0]) * 3_600_000;
      const base = { goal: pick(GOALS), summary: 's', success: rand() < 0.55 };
      if (kind < 0.35) return JSON.stringify({ ...base, adapter: pick(['r1', 'r2', 'r3', 'stray']) });
      if (kind < 0.5) return JSON.stringify({ ...base, timestamp: new Date(ms).toISOString() });
      if (kind < 0.6) return JSON.stringify({ ...base, timestamp: ms / 1000 });
      if (kind < 0.7) return JSON.stringify({ ...base, timestamp: Math.round(ms) });
      if (kind < 0.78) return JSON.stringify(base);
      if (kind < 0.84) return JSON.stringify({ ...base, adapter: 7 });
      if (kind < 0.9) return JSON.stringify({ ...base, timestamp: 'yesterday-ish' });
      if (kind < 0.95) return '{"goal": "torn';
      return '';
    });
  }

  async function dataset(): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'agi-live-cache-'));
    return path.join(dir, 'dataset.jsonl');
  }

  /** Scores with the cache, checked deep-equal (floats bit for bit) to a full recount; returns the scan. */
  async function checked(file: string, hist: HistoryEntry[] = history): Promise<'full' | 'incremental'> {
    const { scan } = await liveTallies(file, timelineOf(hist), { useCache: true });
    // liveTallies just brought the cache up to date; the second cached call must read nothing new and agree.
    const cached = await liveScores(file, hist, active);
    const full = await liveScores(file, hist, active, { useCache: false });
    expect(cached).toStrictEqual(full);
    return scan;
  }

  it('appending only adds to the cached counts: every round deep-equals a full recount', async () => {
    const file = await dataset();
    await writeFile(file, mixed(1, 300).join('\n') + '\n');
    expect(await checked(file)).toBe('full');
    for (let round = 2; round <= 7; round++) {
      // A writer mid-append leaves a torn last line: not counted, and read whole once it is finished.
      await appendFile(file, mixed(round, 40 * round).join('\n') + '\n{"goal": "Easy goal", "summ');
      expect(await checked(file)).toBe('incremental');
      await appendFile(file, 'ary": "s", "success": true, "adapter": "r2"}\n');
      expect(await checked(file)).toBe('incremental');
    }
    const scores = await liveScores(file, history, active);
    expect(scores.attributed).toBeGreaterThan(800);
    expect(scores.unattributed).toBeGreaterThan(100);
    expect(scores.bad_lines).toBeGreaterThan(50);
    expect(scores.unattributed_examples).toHaveLength(5);
    expect(scores.adapters.map((a) => a.adapter)).toEqual(['base', 'r1', 'r2', 'r3', 'stray']);
    expect(scores.adapters[3]!.vs_predecessor!.goals).toBe(5);
    // `useCache: false` neither reads nor writes the cache.
    const cache = await readFile(liveCachePathFor(file), 'utf8');
    await appendFile(file, mixed(99, 50).join('\n') + '\n');
    await liveScores(file, history, active, { useCache: false });
    expect(await readFile(liveCachePathFor(file), 'utf8')).toBe(cache);
  });

  it('a truncated, rewritten or replaced dataset is recounted from the start', async () => {
    const file = await dataset();
    const lines = mixed(11, 400);
    await writeFile(file, lines.join('\n') + '\n');
    expect(await checked(file)).toBe('full');
    // Truncated below the cached offset.
    await writeFile(file, lines.slice(0, 200).join('\n') + '\n');
    expect(await checked(file)).toBe('full');
    // Rewritten in place, same size, the tail changed: one success became a failure.
    const text = await readFile(file, 'utf8');
    const at = text.lastIndexOf('"success":true');
    expect(at).toBeGreaterThan(0);
    await writeFile(file, text.slice(0, at) + '"success":fals' + text.slice(at + 14));
    expect((await stat(file)).size).toBe(Buffer.byteLength(text));
    expect(await checked(file)).toBe('full');
    // Replaced by another file (a new inode) with the very same bytes plus more.
    const other = file + '.new';
    await writeFile(other, (await readFile(file, 'utf8')) + mixed(12, 30).join('\n') + '\n');
    await rename(other, file);
    expect(await checked(file)).toBe('full');
    expect(await checked(file)).toBe('incremental');
  });

  it('a changed activation timeline recounts; one only extended past every timestamp counted does not', async () => {
    const file = await dataset();
    await writeFile(file, mixed(21, 300).join('\n') + '\n');
    expect(await checked(file)).toBe('full');
    // An activation recorded later, dated after every record's timestamp: no counted record moves.
    const later = [...history, activation('2026-11-27T08:00:00Z', 'r4', 'r3')];
    expect(await checked(file, later)).toBe('incremental');
    await appendFile(file, mixed(22, 100, [15, 30]).join('\n') + '\n');
    expect(await checked(file, later)).toBe('incremental');
    // An activation dated among counted timestamps (a clock set back, an agent logging late) moves records.
    const among = [...later, activation('2026-11-27T01:00:00Z', 'r5', 'r3')];
    const before = await liveScores(file, later, active);
    expect(await checked(file, among)).toBe('full');
    const after = await liveScores(file, among, active);
    expect(after.adapters.find((a) => a.adapter === 'r5')!.records).toBeGreaterThan(0);
    expect(after.adapters.find((a) => a.adapter === 'r3')!.records).toBeLessThan(
      before.adapters.find((a) => a.adapter === 'r3')!.records,
    );
    // Any other change: an activation removed, one inserted at the start, the first one's predecessor.
    expect(await checked(file, history)).toBe('full');
    expect(await checked(file, [activation('2026-11-25T00:00:00Z', 'r0', null), ...history])).toBe('full');
    const [first, ...rest] = history;
    expect(
      await checked(file, [{ ...first!, previous: 'storage/learning/models/r0/adapter' }, ...rest]),
    ).toBe('full');
    // History fields attribution does not read (run names, reasons) keep the cache.
    expect(await checked(file, history)).toBe('full');
    expect(
      await checked(
        file,
        history.map((e) => ({ ...e, run_name: `renamed-${e.run_name}` })),
      ),
    ).toBe('incremental');
  });

  it('a corrupt, inconsistent or foreign cache is ignored and replaced', async () => {
    const file = await dataset();
    await writeFile(file, mixed(31, 200).join('\n') + '\n');
    const cacheFile = liveCachePathFor(file);
    expect(await checked(file)).toBe('full');
    const good = JSON.parse(await readFile(cacheFile, 'utf8')) as {
      tallies: { records: number; goal_n: number[] }[];
      version: number;
      dataset: string;
    };
    const damaged: unknown[] = [
      '{"version": 1, "dataset": ',
      'null',
      { ...good, version: 0 },
      { ...good, dataset: path.join(path.dirname(file), 'other.jsonl') },
      // Valid JSON, numbers that do not add up.
      { ...good, tallies: good.tallies.map((t, i) => (i ? t : { ...t, records: t.records + 1 })) },
      { ...good, tallies: good.tallies.map((t, i) => (i ? t : { ...t, goal_n: t.goal_n.slice(1) })) },
      { ...good, tallies: [...good.tallies, good.tallies[0]] },
    ];
    for (const bad of damaged) {
      await writeFile(cacheFile, typeof bad === 'string' ? bad : JSON.stringify(bad));
      expect(await checked(file)).toBe('full');
      expect(await checked(file)).toBe('incremental');
    }
    // Not a file at all: counted without a cache, and the folder left alone.
    await rm(cacheFile);
    await mkdir(cacheFile);
    expect(await checked(file)).toBe('full');
    expect(await checked(file)).toBe('full');
    expect((await stat(cacheFile)).isDirectory()).toBe(true);
  });

  it('a missing dataset scores nothing and leaves no cache', async () => {
    const file = await dataset();
    expect((await liveScores(file, history, active)).attributed).toBe(0);
    await expect(stat(liveCachePathFor(file))).rejects.toThrow();
  });
});
