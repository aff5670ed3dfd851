// The results file bench:improve writes, and how rows measured in separate runs join one table and one plot.
import type { EvalSummary } from '../shared/rollout-contract.js';

export type Generation = {
  generation: number;
  eval: EvalSummary;
  acting_seconds: number;
  training_seconds: number;
  evaluating_seconds: number;
  episodes_successes?: number;
  trained?: boolean;
  note?: string;
};

export type ImproveResults = {
  started: string;
  machine: string;
  suite: string;
  generations: number;
  episodes: number;
  eval_tasks: number;
  acting?: Record<string, { attempts: number; temperature: number }>;
  rows: Record<string, Generation[]>;
};

/**
 * Rows of several runs as one: they compare only when measured on the same suite, held-out tasks and machine from
 * the same base model's result (generation 0), so anything else is refused with what differs. A row measured twice
 * keeps the later file's.
 */
export function mergeImproveResults(files: { name: string; results: ImproveResults }[]): ImproveResults {
  const [first, ...rest] = files;
  if (!first) throw new Error('give at least one results file');
  const base = (r: ImproveResults) => Object.values(r.rows)[0]?.[0]?.eval;
  const baseOf = (f: { name: string; results: ImproveResults }) => {
    const b = base(f.results);
    if (!b) throw new Error(`${f.name}: no row with a generation 0; it is not a bench:improve results file`);
    return b;
  };
  const reference = baseOf(first);
  for (const f of rest) {
    const same = (key: 'suite' | 'eval_tasks' | 'machine') => f.results[key] === first.results[key];
    for (const key of ['suite', 'eval_tasks', 'machine'] as const)
      if (!same(key))
        throw new Error(
          `${f.name}: ${key} ${JSON.stringify(f.results[key])} differs from ${first.name}'s ${JSON.stringify(first.results[key])}; rows compare only on the same one`,
        );
    const b = baseOf(f);
    if (b.successes !== reference.successes || b.tasks !== reference.tasks)
      throw new Error(
        `${f.name}: its base model scored ${b.successes}/${b.tasks}, ${first.name}'s ${reference.successes}/${reference.tasks}: not the same held-out tasks`,
      );
  }
  const merged: ImproveResults = { ...first.results, rows: {}, acting: {} };
  for (const f of files) {
    Object.assign(merged.rows, f.results.rows);
    Object.assign(merged.acting!, f.results.acting ?? {});
    merged.generations = Math.max(merged.generations, f.results.generations);
    if (f.results.started < merged.started) merged.started = f.results.started;
  }
  return merged;
}
