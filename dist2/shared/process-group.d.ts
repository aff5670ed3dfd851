/**
 * Signals a detached child's whole process group (its pid is the group id): helpers it started (the trainer's
 * data-loader workers, the dev server's UI) go with it. A group already gone is not an error.
 */
export declare function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void;
/**
 * Stops a process group: SIGTERM, SIGKILL after `graceMs` if the leader is still up, then SIGKILL once more so
 * that nothing the leader left behind outlives it.
 */
export declare function stopGroup(pid: number | undefined, exited: Promise<unknown>, graceMs: number): Promise<void>;
