export declare const TRAINER_DIR: string;
/** The managed venv lives in the machine cache, keyed by the lock file, so every clone shares one install. */
export declare function managedVenvDir(): string;
export declare function venvPython(dir: string): string;
/** Returns the trainer's Python: the configured one, or the managed venv (created on first use, with progress). */
export declare function ensureTrainerPython(configured: string | null, log?: (l: string) => boolean): Promise<string>;
/** How a child process ended, in words: its exit code, the signal that killed it, or why it never started. */
export declare function exitDescription(r: {
    exitCode?: number;
    signal?: string;
    code?: string;
    originalMessage?: string;
}): string;
