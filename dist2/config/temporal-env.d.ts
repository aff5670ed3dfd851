import type { Layer } from './config-layers.js';
/**
 * The `temporal:` settings that the standard TEMPORAL_* variables and the Temporal CLI's TOML profiles give,
 * read by the SDK's own `@temporalio/envconfig` so agi-core connects wherever `temporal` connects.
 * A TOML profile is read only when TEMPORAL_PROFILE or TEMPORAL_CONFIG_FILE asks for one: an operator's
 * personal default profile must not silently move an embedded project onto another cluster.
 */
export declare function temporalEnvLayers(env: NodeJS.ProcessEnv, cwd?: string): Layer[];
