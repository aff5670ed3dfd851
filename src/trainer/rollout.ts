import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { baseModelOnThisHost } from '../config/base-model.js';
import type { Config } from '../config/load-config.js';
import { EpisodeResultSchema, type EpisodeResult, type RolloutSpec } from '../shared/rollout-contract.js';

/** The rollout spec for `config`: the suite's tasks, the model and adapter, and learning.rollout's settings. */
export function buildRolloutSpec(
  config: Config,
  run: {
    suite: string;
    split: RolloutSpec['split'];
    seed: number;
    tasks: number;
    offset?: number;
    adapterPath: string | null;
    resultsPath: string;
    temperature?: number;
    /** Episodes per task (sampled: needs temperature > 0). */
    attempts?: number;
    /** As a run plan names it (see baseModelOnThisHost); absent: this host's learning.training_base_model. */
    baseModel?: string;
  },
): RolloutSpec {
  const r = config.learning.rollout;
  return {
    suite: run.suite,
    split: run.split,
    seed: run.seed,
    tasks: run.tasks,
    offset: run.offset ?? 0,
    base_model: run.baseModel
      ? baseModelOnThisHost(config.root, run.baseModel)
      : config.learning.training_base_model,
    adapter_path: run.adapterPath,
    device: config.trainer.device,
    temperature: run.temperature ?? 0,
    max_steps: r.max_steps,
    max_new_tokens: r.max_new_tokens,
    batch_size: r.batch_size,
    tool_timeout_seconds: r.tool_timeout_seconds,
    results_path: run.resultsPath,
    count_lucky_as_success: false,
    attempts: run.attempts ?? 1,
  };
}

/**
 * The episodes in a results file. The rollout appends whole lines and drops a torn last one when it resumes;
 * a line that still does not parse is skipped here rather than failing an evaluation that finished.
 */
export async function readEpisodes(file: string): Promise<EpisodeResult[]> {
  if (!existsSync(file)) return [];
  const episodes: EpisodeResult[] = [];
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = EpisodeResultSchema.safeParse(JSON.parse(line));
      if (parsed.success) episodes.push(parsed.data);
    } catch {
      // torn
    }
  }
  return episodes;
}
