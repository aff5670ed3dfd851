import { describe, expect, it } from 'vitest';
import { mergeImproveResults, type ImproveResults } from '../../src/bench/improve-results.js';

const evalOf = (successes: number, tasks = 500) => ({
  adapter: 'x',
  successes,
  tasks,
  success_rate: successes / tasks,
  interval: [0, 1] as [number, number],
  lucky: 0,
  by_dataset: {},
});
const gen = (generation: number, successes: number) => ({
  generation,
  eval: evalOf(successes),
  acting_seconds: 1,
  training_seconds: 1,
  evaluating_seconds: 1,
});
const run = (rows: Record<string, number[]>, over: Partial<ImproveResults> = {}): ImproveResults => ({
  started: '2026-12-06T10:00:00.000Z',
  machine: '2 × cpu, 24 GiB',
  suite: 'reasoning-gym:chain_sum',
  generations: 3,
  episodes: 128,
  eval_tasks: 500,
  rows: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.map((s, g) => gen(g, s))])),
  ...over,
});

describe('bench:improve results of separate runs', () => {
  it('join as one table, a row measured twice keeping the later run', () => {
    const merged = mergeImproveResults([
      { name: 'a.json', results: run({ 'trajectory-sft': [87, 300], 'trajectory-dpo': [87, 100] }) },
      {
        name: 'b.json',
        results: run(
          { 'trajectory-dpo': [87, 269] },
          {
            started: '2026-12-06T09:00:00.000Z',
            acting: { 'trajectory-dpo': { attempts: 4, temperature: 0.3 } },
          },
        ),
      },
    ]);
    expect(Object.keys(merged.rows)).toEqual(['trajectory-sft', 'trajectory-dpo']);
    expect(merged.rows['trajectory-dpo']![1]!.eval.successes).toBe(269);
    expect(merged.acting).toEqual({ 'trajectory-dpo': { attempts: 4, temperature: 0.3 } });
    expect(merged.started).toBe('2026-12-06T09:00:00.000Z');
  });

  it('refuse rows that do not compare, saying what differs', () => {
    const a = { name: 'a.json', results: run({ 'trajectory-sft': [87, 300] }) };
    expect(() =>
      mergeImproveResults([a, { name: 'b.json', results: run({ x: [87] }, { suite: 'other' }) }]),
    ).toThrow(/b\.json: suite "other" differs from a\.json's "reasoning-gym:chain_sum"/);
    expect(() => mergeImproveResults([a, { name: 'c.json', results: run({ x: [90] }) }])).toThrow(
      /c\.json: its base model scored 90\/500, a\.json's 87\/500: not the same held-out tasks/,
    );
    expect(() => mergeImproveResults([a, { name: 'd.json', results: run({}) }])).toThrow(
      /d\.json: no row with a generation 0/,
    );
    expect(() => mergeImproveResults([])).toThrow(/at least one results file/);
  });
});
