import type { BadLine } from './convert.js';
/** Examples each strategy would train on in one example format. */
export type StrategyCounts = {
    lora: number;
    dpo: number;
    kto: number;
};
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
    examples: {
        summary: StrategyCounts;
        trajectory: StrategyCounts;
    };
    /** What the trajectory form leaves out: failures for SFT, same-goal pairs whose plans are identical for DPO. */
    dropped: {
        trajectory: {
            failures: number;
            identical_plan_pairs: number;
        };
    };
    /**
     * A last line with no newline yet: a writer mid-append (or one that died mid-line). Not counted and not a bad
     * line: it counts once its newline is written; a run started now snapshots up to the line before it.
     */
    incomplete_last_line: {
        line: number;
        offset: number;
        bytes: number;
    } | null;
    /** End of the last complete line: what a run started now would snapshot. */
    snapshot_offset: number;
};
/** One streaming pass: counts, successes/failures, DPO pairs available, and the bad lines with their numbers. */
export declare function datasetStats(dataset: string, options: {
    maxPairsPerGoal: number;
    maxBadLines?: number;
    end?: number;
}): Promise<DatasetStats>;
