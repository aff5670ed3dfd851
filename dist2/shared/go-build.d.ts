/** Where agi-core keeps what it builds once per machine (the Temporal CLI, the local S3 server, the venv). */
export declare function cacheDir(): string;
export declare function onPath(command: string): string | undefined;
export type GoTool = {
    /** What it is, for messages: "the Temporal CLI". */
    label: string;
    /** module/cmd path and pinned version: the version's go.mod must have no `replace` for `go install` to take it. */
    pkg: string;
    version: string;
    /** The binary `go install` writes. */
    binary: string;
    /** Where the binary is cached. */
    target: string;
    /** What to do instead when the build is impossible or fails. */
    instead: string;
};
/** Builds a pinned Go tool into the cache (minutes, once per machine), streaming progress to `log`. */
export declare function buildGoTool(tool: GoTool, log: (line: string) => void): Promise<void>;
