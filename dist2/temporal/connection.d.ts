import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config/load-config.js';
export type ConnectionSettings = {
    tls?: TLSConfig | boolean;
    apiKey?: string;
};
/** TLS and API key from config and the standard TEMPORAL_* variables; a missing file is named with its setting. */
export declare function connectionSettings(config: Config | undefined): ConnectionSettings;
/**
 * Why a connection failed, in words: the Rust core reports transport errors as Rust debug text
 * (`tonic::transport::Error(Transport, ConnectError(… Os { … message: "Connection refused" }))`), which tells an
 * operator nothing; the innermost OS or resolver message does.
 */
export declare function connectFailure(err: unknown): string;
/** Connects a client, turning "nothing there" into one line that names the setting. */
export declare function connectClient(address: string, namespace: string, config?: Config, setting?: string): Promise<{
    client: Client;
    connection: Connection;
}>;
export declare function connectWorker(address: string, config?: Config): Promise<NativeConnection>;
