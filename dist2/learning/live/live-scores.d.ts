import type { LiveNumbers, MatchedComparison } from '../../shared/optimizer-contract.js';
import type { HistoryEntry } from '../adapters/adapter-registry.js';
export type { LiveNumbers, MatchedComparison } from '../../shared/optimizer-contract.js';
export type AdapterScore = {
    adapter: string;
    active: boolean;
    /** When it last became active (the history's newest activation of it), if it ever was. */
    activated_at: string | null;
    records: number;
    successes: number;
    success_rate: number | null;
    /** 95% Wilson score interval of the success rate. */
    interval: [number, number] | null;
    vs_predecessor: MatchedComparison | null;
    /** Why there is no comparison, when there is none. */
    note: string | null;
};
export declare function liveNumbers(score: AdapterScore): LiveNumbers;
export type LiveScores = {
    adapters: AdapterScore[];
    attributed: number;
    /** Records no adapter can be assigned to (a malformed `adapter`, no timestamp): counted and shown, never fatal. */
    unattributed: number;
    unattributed_examples: {
        line: number;
        reason: string;
    }[];
    bad_lines: number;
};
/**
 * Scores every adapter by the outcomes the agent logged while it was live: records stamped with it, or else
 * whose timestamp falls in its time as the active adapter. Constant memory per goal; the counts are cached beside
 * the dataset (live-scores-cache.ts), so a call reads only the records appended since the last one. `useCache:
 * false` reads the whole dataset and leaves the cache alone: the same result, slower.
 */
export declare function liveScores(datasetPath: string, history: readonly HistoryEntry[], activePath: string | null, options?: {
    useCache?: boolean;
}): Promise<LiveScores>;
/** The adapter live before `name` first replaced it: the `previous` of its newest activation that was not a rollback. */
export declare function predecessorOf(name: string, history: readonly HistoryEntry[]): string | null;
