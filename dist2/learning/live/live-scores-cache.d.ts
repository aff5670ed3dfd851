import { type Timeline } from '../adapters/attribution.js';
/**
 * What live scores remember between passes, so that a SelfOptimizer tick or `adapters list` reads only the records
 * appended since the last one (issue 23): the per-adapter, per-goal outcome counts that liveScores turns into rates,
 * intervals and matched comparisons, plus where the pass stopped. Kept beside the dataset, like readiness's index,
 * and validated the same way on every use; anything that does not check out is recounted from the start.
 */
export type GoalTally = {
    n: number;
    s: number;
};
/** `goals` keeps first-seen order: matched comparisons sum rates in that order, so a recount must see it too. */
export type Tally = {
    records: number;
    successes: number;
    goals: Map<string, GoalTally>;
};
export declare const emptyTally: () => Tally;
export type LiveTallies = {
    tallies: Map<string, Tally>;
    attributed: number;
    unattributed: number;
    unattributed_examples: {
        line: number;
        reason: string;
    }[];
    bad_lines: number;
    /** `full`: read from the first byte; `incremental`: the cache let it skip what it had counted. */
    scan: 'full' | 'incremental';
};
export declare function liveCachePathFor(dataset: string): string;
/**
 * Outcome counts per adapter and goal over every complete line of `datasetPath`, attributed against `timeline`:
 * exactly what a full pass would count, reading only the lines appended since the cache was written.
 */
export declare function liveTallies(datasetPath: string, timeline: Timeline, options?: {
    useCache?: boolean;
}): Promise<LiveTallies>;
