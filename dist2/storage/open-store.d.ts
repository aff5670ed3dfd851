import type { Config } from '../config/load-config.js';
import type { ArtifactStore } from './artifact-store.js';
/**
 * The configured artifact store, or null for the default `file://`: today's single-host layout, where every
 * worker reads and writes the run folder itself and nothing is copied.
 */
export declare function openStore(config: Config): ArtifactStore | null;
