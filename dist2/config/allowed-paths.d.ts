import type { Config } from './load-config.js';
/** Folders a workflow input may point into: the project root and the folders the config names. */
export declare function allowedRoots(config: Config): string[];
/**
 * Resolves a path from a flag or workflow input against the project root and refuses anything
 * outside the allowed roots — `..` escapes and symlinks that lead out included.
 */
export declare function resolveAllowedPath(config: Config, value: string, what: string): string;
/**
 * An explicit output folder must not be the config folder, and must not hold an earlier run (or anything else)
 * unless the caller said overwrite: a run writes metadata.json, run-plan.json, data/ and adapter/ there.
 */
export declare function checkOutputDir(config: Config, dir: string, overwrite: boolean): string;
