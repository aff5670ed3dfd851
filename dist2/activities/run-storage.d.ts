import type { Config } from '../config/load-config.js';
import type { ArtifactStore } from '../storage/artifact-store.js';
/**
 * How this worker moves a run's files: through an artifact store (storage.url s3:// or file://DIR), or null for
 * the single-host layout where every worker reads and writes the run folder itself. Decided once per worker,
 * when its activities are created, so every activity of a worker sees the same answer.
 */
export type RunStorage = ArtifactStore | null;
export declare function runStorage(config: Config): RunStorage;
/** storage.url as an operator wrote it, for messages: the store's location, or file:// for none. */
export declare function storageName(storage: RunStorage | string | null): string;
/**
 * Files another worker staged (`staged`: the store it used, null for the shared run folder) can be read here
 * only through the same store. A mismatch is a configuration error no retry fixes: the message says which
 * worker has what and the one fix. Null when they agree.
 */
export declare function storageMismatch(args: {
    what: string;
    staged: string | null;
    here: RunStorage;
    worker: 'GPU' | 'learning';
}): string | null;
