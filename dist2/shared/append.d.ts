import { type FileHandle } from 'node:fs/promises';
/**
 * The two calls that put a batch on disk: one write(2), which may write fewer bytes than asked (a disk filling
 * up does that before it says ENOSPC), and fsync. A seam for tests, which make them fail the way a full disk does.
 */
export type AppendIo = {
    write: (handle: FileHandle, data: Buffer, offset: number, length: number) => Promise<{
        bytesWritten: number;
    }>;
    sync: (handle: FileHandle) => Promise<void>;
};
export declare const appendIo: AppendIo;
/** Why a batch did not reach the file (ENOSPC, EIO, EDQUOT …); the file is as it was before the batch when `restored`. */
export declare class DatasetWriteError extends Error {
    readonly file: string;
    /** The cause, as `ENOSPC (no space left on the device)`. */
    readonly why: string;
    /** The file was cut back to its size before the batch: none of the batch is in it, not even part of a line. */
    readonly restored: boolean;
    name: string;
    constructor(message: string, file: string, 
    /** The cause, as `ENOSPC (no space left on the device)`. */
    why: string, 
    /** The file was cut back to its size before the batch: none of the batch is in it, not even part of a line. */
    restored: boolean, options?: {
        cause?: unknown;
    });
}
/**
 * Appends complete JSONL lines under a cross-process lock, in one write, fsynced before it resolves.
 * If a writer died mid-line, the torn tail is closed with a newline first, so it stays one bad line
 * and never merges into the records appended now.
 * All or nothing: when the write or the fsync fails, the file is cut back to the size it had before this call,
 * so no line of the batch (and no part of one) stays, and a DatasetWriteError names the file, the setting and
 * the cause.
 */
export declare function appendLines(file: string, lines: readonly string[], setting?: string, io?: AppendIo): Promise<void>;
