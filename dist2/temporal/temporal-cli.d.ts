/** Pinned: the newest tag whose go.mod has no `replace`, so `go install pkg@version` builds it. */
export declare const TEMPORAL_CLI_VERSION = "v1.5.1";
export declare function cachedCliPath(): string;
export type CliLocation = {
    path: string;
    source: 'env' | 'cache' | 'path' | 'built';
};
/**
 * Finds the `temporal` CLI: $TEMPORAL_CLI_PATH, our cache, PATH; else builds the pinned version with Go
 * into the cache (minutes, once per machine), streaming Go's progress to stderr.
 */
export declare function ensureTemporalCli(log?: (line: string) => void): Promise<CliLocation>;
