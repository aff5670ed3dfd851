import './aws-sdk-env.js';
/**
 * The S3 server agi-core starts where one is needed (tests, `agi-core up --storage local`): versitygw, an
 * Apache-2.0 S3 gateway over a plain folder. MinIO's server would do the same, but it is AGPL-3.0, which this
 * project keeps out of what it builds and ships. Pinned: a tag whose go.mod has no `replace`.
 */
export declare const LOCAL_S3_VERSION = "v1.8.0";
export declare function cachedLocalS3Path(): string;
/** Finds the server: $AGI_CORE_S3_SERVER_PATH, our cache, PATH; else builds it with Go (once per machine). */
export declare function ensureLocalS3(log?: (line: string) => void): Promise<string>;
export type LocalS3 = {
    endpoint: string;
    bucket: string;
    accessKey: string;
    secretKey: string;
    /** The variables a worker needs to reach it (the standard AWS chain). */
    env: Record<string, string>;
    stop(): Promise<void>;
};
/** Starts the local S3 server on `dataDir` (each bucket a folder), creates `bucket`, resolves once it answers. */
export declare function startLocalS3(options: {
    dataDir: string;
    bucket: string;
    port?: number;
    accessKey?: string;
    secretKey?: string;
    logPath?: string;
}): Promise<LocalS3>;
