import { UsageError } from '../shared/errors.js';
export type StoredObject = {
    key: string;
    size: number;
};
/**
 * The bytes that travel between hosts: a run's data, checkpoints and adapter. Keys are relative to the
 * store's own prefix and always use `/`. Activities call this, never the S3 SDK or another host's paths.
 */
export interface ArtifactStore {
    /** Where the store is, for messages and metadata (no credentials): s3://bucket/prefix or file:///dir. */
    readonly location: string;
    /** Reachable, bucket present, credentials accepted; throws StorageUnavailableError saying what to fix. */
    check(): Promise<void>;
    /** Uploads a local file; the object appears whole or not at all. */
    putFile(key: string, file: string): Promise<void>;
    /** Downloads an object into `file` (temp + rename); false when there is no such object. */
    getFile(key: string, file: string): Promise<boolean>;
    putText(key: string, text: string): Promise<void>;
    getText(key: string): Promise<string | null>;
    /** Every object under `prefix`, with sizes, sorted by key. */
    list(prefix: string): Promise<StoredObject[]>;
    /** Deletes these objects (absent ones are no error). */
    delete(keys: string[]): Promise<void>;
}
/** The store cannot be used as configured: the message names storage.url / storage.endpoint / credentials. */
export declare class StorageUnavailableError extends UsageError {
    name: string;
}
