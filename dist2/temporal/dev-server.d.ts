export type DevServerOptions = {
    /** SQLite file; the CLI version is part of the default name because files don't open across versions. */
    dbPath: string;
    port?: number;
    uiPort?: number;
    namespace?: string;
    /** Server log file (the dev server is chatty); default: beside the db. */
    logPath?: string;
    ui?: boolean;
    /** Register agi-core's search attributes at start (default); false gives a plain `temporal server start-dev`. */
    searchAttributes?: boolean;
};
export type DevServer = {
    address: string;
    uiUrl: string | null;
    namespace: string;
    pid: number;
    stop(): Promise<void>;
};
export declare function defaultDbPath(dbDir: string): string;
/** Starts `temporal server start-dev` in its own process group and resolves once it answers. */
export declare function startDevServer(options: DevServerOptions): Promise<DevServer>;
export declare function portOpen(address: string): Promise<boolean>;
