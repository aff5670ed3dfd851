import type { Config } from '../../config/load-config.js';
import type { StoredObject } from '../../storage/artifact-store.js';
/**
 * The name a run's artifacts are stored under: its plan's (a resumed run keeps the name of the run it
 * continues), else the one its workflow derives from its start time and run id.
 */
export declare function storedRunName(runDir: string | null, started: {
    startTime: Date;
    runId: string;
}): Promise<string>;
/** The run's objects in the artifact store, with sizes; null without a store (storage.url file://). */
export declare function runObjects(config: Config, runName: string): Promise<StoredObject[] | null>;
/** Downloads a run's adapter into `dir`, which must not hold anything yet: nothing on disk is overwritten. */
export declare function pullAdapter(config: Config, runName: string, runDir: string | null, dir: string): Promise<{
    from: string;
    files: number;
    bytes: number;
}>;
