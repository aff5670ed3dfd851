import type { Config } from '../config/load-config.js';
import { type EpisodeResult, type RolloutSpec } from '../shared/rollout-contract.js';
/** The rollout spec for `config`: the suite's tasks, the model and adapter, and learning.rollout's settings. */
export declare function buildRolloutSpec(config: Config, run: {
    suite: string;
    split: RolloutSpec['split'];
    seed: number;
    tasks: number;
    offset?: number;
    adapterPath: string | null;
    resultsPath: string;
    temperature?: number;
    /** As a run plan names it (see baseModelOnThisHost); absent: this host's learning.training_base_model. */
    baseModel?: string;
}): RolloutSpec;
/**
 * The episodes in a results file. The rollout appends whole lines and drops a torn last one when it resumes;
 * a line that still does not parse is skipped here rather than failing an evaluation that finished.
 */
export declare function readEpisodes(file: string): Promise<EpisodeResult[]>;
