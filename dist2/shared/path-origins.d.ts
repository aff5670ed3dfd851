export declare function notePathOrigin(p: string, origin: string): void;
/** The setting or flag behind `p`: the noted path it lies in (the deepest), else the latest noted path below it. */
export declare function pathOrigin(p: string): string | undefined;
/**
 * An OS error from node:fs as one line naming the path, the setting or flag that chose it, what the code means
 * and the code. A path of the wrong shape (a file where a folder must be, a name too long) is a usage error
 * (exit 2, never retried: no retry fixes it); other codes stay plain errors. No `cause`: the failure chain's
 * innermost message is what the CLI prints, and that must be this line. Undefined for anything else.
 */
export declare function describeOsError(err: unknown, origin?: string): Error | undefined;
/**
 * Refuses a folder path that cannot become a folder: a name longer than NAME_MAX, or a file where the path
 * or one of the folders above it must be. `what` names the setting or flag, e.g. "output dir X (--output-dir)".
 */
export declare function checkFolderShape(dir: string, what: string): void;
