import type { AdapterEvaluation, EpisodeResult, PairedComparison, TaskScore } from '../../shared/rollout-contract.js';
/** Successes of `tasks` with the 95% Wilson interval. */
export declare function taskScore(successes: number, tasks: number): TaskScore;
/**
 * One adapter's evaluation from its episodes. A task counted twice (a resumed rollout that wrote a line again)
 * counts once: its first line, which is what the uninterrupted run would have kept.
 */
export declare function evaluation(adapter: string, episodes: readonly EpisodeResult[]): AdapterEvaluation;
/**
 * Exact McNemar test of two adapters on the same tasks. Only the tasks where they disagree carry information;
 * under "equally good" each of those is a fair coin. Paired, because both saw the same tasks: far more
 * powerful than comparing two intervals (which needs 12–14 points at n = 200 before they stop overlapping).
 */
export declare function pairedComparison(a: AdapterEvaluation, b: AdapterEvaluation): PairedComparison;
/**
 * Promotion by task success: the candidate replaces the active adapter only when it is significantly better on
 * the same held-out tasks (one-sided exact McNemar below `alpha`). A tie or a gain within noise keeps the active
 * one: an adapter that is not shown better is not worth the risk of being worse.
 */
export declare function taskPromotion(comparison: PairedComparison, alpha: number): {
    promote: boolean;
    reason: string;
};
