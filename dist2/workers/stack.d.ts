import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Config } from '../config/load-config.js';
export type Stack = {
    client: Client;
    address: string;
    namespace: string;
    mode: 'cluster' | 'embedded-started' | 'embedded-reused';
    uiUrl: string | null;
    workers: Worker[];
    /**
     * On an embedded server, starts in this process a worker that turned out to be missing (the pollers the server
     * reported were a dead process's, which it lists for a while); false on a cluster or when one already runs here.
     */
    startMissing(kind: 'learning' | 'gpu'): Promise<boolean>;
    close(): Promise<void>;
};
export type StackOptions = {
    address?: string;
    namespace?: string;
    /**
     * Workers in this process. `none` (the default; read-only commands): never. `if-missing` (agi-core-train,
     * runs resume): on an embedded server, only those no other process runs (beside `agi-core up`, its workers
     * do the work). `always` (agi-core up): a learning and a GPU worker. On a cluster only `always` starts any.
     */
    workers?: 'none' | 'if-missing' | 'always';
    /** Receives whole lines with their newline; default stderr. */
    log?: (text: string) => void;
};
/**
 * Connects to the configured cluster, or — with no address configured — to the embedded dev server,
 * starting it (SQLite under temporal.embedded.db_dir) when nothing answers on its port.
 */
export declare function openStack(config: Config, options?: StackOptions): Promise<Stack>;
