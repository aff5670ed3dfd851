export type DatasetCounts = {
    dataset: string;
    /** Snapshot end: the byte after the last complete line. A run trains on [0, offset). */
    offset: number;
    valid: number;
    bad: number;
    successes: number;
    failures: number;
    /** `full` when the whole file was read, `incremental` when the index let it skip known bytes. */
    scan: 'full' | 'incremental';
};
export declare function indexPathFor(dataset: string): string;
/** Counts valid records (not lines), reading only what was appended since the last check. */
export declare function countRecords(dataset: string, options?: {
    useIndex?: boolean;
}): Promise<DatasetCounts>;
/**
 * sha256 of the up to 4 KiB before `end`: recorded with a run's snapshot so conversion can tell a file that was
 * rewritten or replaced since readiness (same size or longer) from one that only grew.
 */
export declare const snapshotTailHash: (file: string, end: number) => Promise<string>;
