import { z } from 'zod';
import { type Sources } from './config-layers.js';
import { type FileConfig } from './schema.js';
/** A validated config with every path made absolute against the project root. */
export type Config = FileConfig & {
    /** The folder holding `config/`; relative paths in the file resolve against it. */
    root: string;
    configPath: string;
    /** The overrides file that was merged, when it existed. */
    overridesPath: string;
    /**
     * How overrides.yaml refers to adapters: absolute when learning.training_output_dir is configured absolute
     * (as the original CLI wrote it, so an agent in any working directory finds it), else relative to the root.
     */
    adapterPaths: 'absolute' | 'relative';
    /** sha256 of the config file and overrides.yaml as read (configSourceSha256): which files this config is. */
    sourceSha256: string;
};
/**
 * sha256 of a config's files as they are on disk now: the config file and overrides.yaml (absent: nothing). A
 * worker compares it with its config's `sourceSha256` to see whether the files changed since it read them.
 */
export declare function configSourceSha256(configPath: string, overridesPath: string): string;
export declare const PACKAGE_ROOT: string;
/** Where the config comes from when no --config is given: $AGI_CORE_CONFIG, ./config/default.yaml upwards, the package's. */
export declare function defaultConfigPath(cwd?: string): string;
export declare function projectRootOf(configPath: string): string;
/** The package's defaults: every key this product reads, documented. */
export declare const DEFAULTS_PATH: string;
/** Loads the layers, validates and resolves a config. Throws ConfigError naming key and file. */
export declare function loadConfig(configPath?: string, env?: NodeJS.ProcessEnv): Config;
/**
 * The package's defaults ← the user's file ← overrides.yaml ← the environment, validated, with the layer
 * each value came from (for `agi-core config show` and for errors that name the file to fix).
 */
export declare function loadConfigWithSources(configPath?: string, env?: NodeJS.ProcessEnv, 
/** `adapters activate|rollback` repair a broken overrides file: they load the config without it. */
options?: {
    ignoreBrokenOverrides?: boolean;
}): {
    config: Config;
    sources: Sources;
};
export declare function formatIssues(error: z.ZodError, where: (key: string) => string): string;
export declare function looksLikePath(model: string): boolean;
