import './aws-sdk-env.js';
import { type ArtifactStore, type StoredObject } from './artifact-store.js';
export type S3Settings = {
    bucket: string;
    prefix: string;
    endpoint: string | null;
    region: string;
    forcePathStyle: boolean;
};
/** Any S3 API (AWS, MinIO, versitygw, R2, GCS interoperability) through the official client. */
export declare class S3Store implements ArtifactStore {
    private readonly s;
    readonly location: string;
    private readonly client;
    /** For the start-up check: a worker that cannot reach the store should say so at once, not in a minute. */
    private readonly quick;
    constructor(s: S3Settings);
    private keyOf;
    check(): Promise<void>;
    /** One line an operator can act on: which setting or variable to fix. */
    explain(err: unknown): string;
    putFile(key: string, file: string): Promise<void>;
    getFile(key: string, file: string): Promise<boolean>;
    putText(key: string, text: string): Promise<void>;
    getText(key: string): Promise<string | null>;
    delete(keys: string[]): Promise<void>;
    list(prefix: string): Promise<StoredObject[]>;
    destroy(): void;
}
