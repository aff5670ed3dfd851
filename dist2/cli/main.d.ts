/** Exit codes every command shares: 0 ok, 1 the run failed, 2 usage/config/input error, 3 server lost. */
/** 3: the server went away while a run was open; the run is not lost (it resumes when the server is back). */
export declare const EXIT: {
    readonly ok: 0;
    readonly failed: 1;
    readonly usage: 2;
    readonly disconnected: 3;
};
/** Runs a command's main; usage errors print one line (no stack unless --verbose) and exit 2. */
export declare function runMain(name: string, main: (argv: string[]) => Promise<number>): void;
