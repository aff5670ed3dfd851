/**
 * Publishes `data` at `file` all at once: temp file in the same folder, fsync, rename, fsync of the folder.
 * Readers see the old content or the new one, never a torn file, even after a crash.
 */
export declare function writeFileAtomic(file: string, data: string | Uint8Array, options?: {
    durable?: boolean;
}): Promise<void>;
/** Makes a rename durable: the folder entry itself must reach the disk. */
export declare function fsyncDir(dir: string): Promise<void>;
/** `durable: false` skips the fsyncs: for caches, where losing the newest version after an OS crash is fine. */
export declare function writeJsonAtomic(file: string, value: unknown, options?: {
    durable?: boolean;
}): Promise<void>;
