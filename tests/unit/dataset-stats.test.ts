import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { datasetStats } from '../../src/learning/examples/dataset-stats.js';
import { makeProject } from '../helpers/project.js';

describe('dataset stats', () => {
  it('counts valid, unique, outcomes, goals, capped pairs, bad lines and the snapshot end', async () => {
    const lines = [
      { task_id: 1, goal: 'A', summary: 's', success: true },
      { task_id: 2, goal: 'a ', summary: 's', success: true },
      { task_id: 3, goal: 'A', summary: 's', success: false },
      { task_id: 4, goal: 'A', summary: 's', success: false },
      { task_id: 4, goal: 'A', summary: 's', success: false },
      { task_id: 5, goal: 'B', summary: 's', success: true },
    ].map((r) => JSON.stringify(r));
    const p = await makeProject({
      records: [...lines.slice(0, 3), '{bad', ...lines.slice(3), 'x', '{"torn"'].join('\n'),
    });
    const stats = await datasetStats(p.datasetPath, { maxPairsPerGoal: 3, maxBadLines: 1 });
    expect(stats).toMatchObject({
      valid: 6,
      unique: 5,
      duplicates: 1,
      successes: 3,
      failures: 2,
      goals: 2,
      dpo_pairs: 3, // A: 2 wins × 2 losses = 4, capped at 3; B: none
      bad_line_count: 2,
    });
    expect(stats.bad_lines).toEqual([{ line: 4, offset: expect.any(Number), reason: expect.any(String) }]);
    const text = await readFile(p.datasetPath, 'utf8');
    expect(stats.snapshot_offset).toBe(text.lastIndexOf('\n') + 1);
    expect((await datasetStats(p.datasetPath, { maxPairsPerGoal: 16 })).dpo_pairs).toBe(4);
  });
});
