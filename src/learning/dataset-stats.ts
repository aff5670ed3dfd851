import type { BadLine } from './convert.js';
import { readRecords } from './jsonl-reader.js';
import { KeySet } from './key-set.js';
import { isSuccess, normalizeGoal, recordKey } from './record.js';

export type DatasetStats = {
  dataset: string;
  valid: number;
  unique: number;
  duplicates: number;
  successes: number;
  failures: number;
  goals: number;
  /** Pairs a DPO conversion would produce with this per-goal cap. */
  dpo_pairs: number;
  bad_line_count: number;
  bad_lines: BadLine[];
  /** End of the last complete line: what a run started now would snapshot. */
  snapshot_offset: number;
};

/** One streaming pass: counts, successes/failures, DPO pairs available, and the bad lines with their numbers. */
export async function datasetStats(
  dataset: string,
  options: { maxPairsPerGoal: number; maxBadLines?: number; end?: number },
): Promise<DatasetStats> {
  const seen = new KeySet();
  const goals = new Map<string, { wins: number; losses: number }>();
  const stats: DatasetStats = {
    dataset,
    valid: 0,
    unique: 0,
    duplicates: 0,
    successes: 0,
    failures: 0,
    goals: 0,
    dpo_pairs: 0,
    bad_line_count: 0,
    bad_lines: [],
    snapshot_offset: 0,
  };
  const maxBad = options.maxBadLines ?? 1000;
  const progress = { offset: 0, nextLine: 1 };
  for await (const item of readRecords(dataset, { progress, end: options.end })) {
    if (item.kind === 'bad') {
      stats.bad_line_count++;
      if (stats.bad_lines.length < maxBad)
        stats.bad_lines.push({ line: item.line, offset: item.offset, reason: item.reason });
      continue;
    }
    stats.valid++;
    const key = recordKey(item.record);
    if (!seen.add(key)) {
      stats.duplicates++;
      continue;
    }
    stats.unique++;
    const win = isSuccess(item.record);
    if (win) stats.successes++;
    else stats.failures++;
    const goal = normalizeGoal(item.record.goal);
    const g = goals.get(goal) ?? { wins: 0, losses: 0 };
    if (win) g.wins++;
    else g.losses++;
    goals.set(goal, g);
  }
  stats.snapshot_offset = progress.offset;
  stats.goals = goals.size;
  for (const g of goals.values()) stats.dpo_pairs += Math.min(g.wins * g.losses, options.maxPairsPerGoal);
  return stats;
}
