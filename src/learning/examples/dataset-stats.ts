import { stat } from 'node:fs/promises';
import type { BadLine } from './convert.js';
import { readRecords } from '../dataset/jsonl-reader.js';
import { KeySet } from '../dataset/key-set.js';
import { isSuccess, normalizeGoal, recordKey } from '../dataset/record.js';
import { attemptSignatures, pairKey } from './trajectory.js';

/** Examples each strategy would train on in one example format. */
export type StrategyCounts = { lora: number; dpo: number; kto: number };

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
  /** Per learning.example_format, what each strategy would train on (before the eval split). */
  examples: { summary: StrategyCounts; trajectory: StrategyCounts };
  /** What the trajectory form leaves out: failures for SFT, same-goal pairs whose plans are identical for DPO. */
  dropped: { trajectory: { failures: number; identical_plan_pairs: number } };
  /**
   * A last line with no newline yet: a writer mid-append (or one that died mid-line). Not counted and not a bad
   * line: it counts once its newline is written; a run started now snapshots up to the line before it.
   */
  incomplete_last_line: { line: number; offset: number; bytes: number } | null;
  /** End of the last complete line: what a run started now would snapshot. */
  snapshot_offset: number;
};

/** One streaming pass: counts, successes/failures, DPO pairs available, and the bad lines with their numbers. */
export async function datasetStats(
  dataset: string,
  options: { maxPairsPerGoal: number; maxBadLines?: number; end?: number },
): Promise<DatasetStats> {
  const seen = new KeySet();
  const goals = new Map<string, Goal>();
  const cap = options.maxPairsPerGoal;
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
    examples: { summary: { lora: 0, dpo: 0, kto: 0 }, trajectory: { lora: 0, dpo: 0, kto: 0 } },
    dropped: { trajectory: { failures: 0, identical_plan_pairs: 0 } },
    incomplete_last_line: null,
    snapshot_offset: 0,
  };
  const maxBad = options.maxBadLines ?? 1000;
  const progress = { offset: 0, nextLine: 1 };
  // One size for the read and the incomplete-line check: lines appended meanwhile are not "incomplete".
  const end = options.end ?? (await stat(dataset)).size;
  for await (const item of readRecords(dataset, { progress, end })) {
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
    const attempt = attemptSignatures(item.record);
    const goal = normalizeGoal(item.record.goal);
    const g = goals.get(goal) ?? { wins: 0, losses: 0, winPlans: [], lossPlans: [] };
    if (win) g.wins++;
    else g.losses++;
    const plans = win ? g.winPlans : g.lossPlans;
    // The trajectory pairs, as convertDpo enumerates them: distinct attempts in order, cap + 1 a side.
    if (plans.length <= cap) {
      const key = attempt.join(',');
      if (!plans.some((p) => p.join(',') === key)) plans.push(attempt);
    }
    goals.set(goal, g);
  }
  stats.snapshot_offset = progress.offset;
  if (end > progress.offset)
    stats.incomplete_last_line = {
      line: progress.nextLine,
      offset: progress.offset,
      bytes: end - progress.offset,
    };
  stats.goals = goals.size;
  const trajectory = { pairs: 0, identical: 0 };
  for (const g of goals.values()) {
    stats.dpo_pairs += Math.min(g.wins * g.losses, cap);
    const t = trajectoryPairs(g, cap);
    trajectory.pairs += t.pairs;
    trajectory.identical += t.identical;
  }
  stats.examples = {
    summary: { lora: stats.unique, dpo: stats.dpo_pairs, kto: stats.unique },
    trajectory: { lora: stats.successes, dpo: trajectory.pairs, kto: stats.unique },
  };
  stats.dropped = { trajectory: { failures: stats.failures, identical_plan_pairs: trajectory.identical } };
  return stats;
}

/** Per goal: outcomes, and the distinct attempts (turn signatures) trajectory DPO pairs, cap + 1 a side. */
type Goal = { wins: number; losses: number; winPlans: string[][]; lossPlans: string[][] };

/**
 * The pairs convertDpo writes in trajectory form for one goal (rows repeating one already written count once),
 * and those it drops because the two attempts never part at a turn of the policy.
 */
function trajectoryPairs(g: Goal, cap: number): { pairs: number; identical: number } {
  const rows = new Set<string>();
  let identical = 0;
  for (const w of g.winPlans) {
    for (const l of g.lossPlans) {
      if (rows.size >= cap) return { pairs: rows.size, identical };
      const key = pairKey(w, l);
      if (key === undefined) identical++;
      else rows.add(key);
    }
  }
  return { pairs: rows.size, identical };
}
