import { type ArtifactStore, type StoredObject } from './artifact-store.js';
/**
 * A store in a folder (`storage.url: file:///mnt/artifacts`): the same copies as S3, for a mounted network
 * volume or a bucket-less test. Objects are published by copy to a temp name and rename.
 */
export declare class DirStore implements ArtifactStore {
    private readonly root;
    readonly location: string;
    constructor(root: string);
    private pathOf;
    check(): Promise<void>;
    putFile(key: string, file: string): Promise<void>;
    getFile(key: string, file: string): Promise<boolean>;
    putText(key: string, text: string): Promise<void>;
    getText(key: string): Promise<string | null>;
    delete(keys: string[]): Promise<void>;
    list(prefix: string): Promise<StoredObject[]>;
}
