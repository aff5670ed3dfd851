/**
 * These locks hold between processes of one host: they are refused on a network filesystem, where a writer on
 * another host would take a lock whose owner it cannot see (its pid is another machine's) and interleave with it.
 */
export declare function refuseNetworkFilesystem(dir: string, setting: string, stat?: (dir: string) => Promise<{
    type: number | bigint;
}>): Promise<void>;
/**
 * Runs `fn` holding an exclusive lock across processes on one machine. The lock is a folder that appears
 * with its owner's pid already inside (built aside, then renamed into place: atomic), so a holder killed at
 * any instant leaves a lock whose owner can be checked; a lock whose owner is dead is taken over.
 */
export declare function withDirLock<T>(lockDir: string, fn: () => Promise<T>, options?: {
    timeoutMs?: number;
    retryMs?: number;
}): Promise<T>;
