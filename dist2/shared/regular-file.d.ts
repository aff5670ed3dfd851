import { type Stats } from 'node:fs';
import { type FileHandle } from 'node:fs/promises';
/**
 * Datasets, config and overrides files must be regular files. Opening a FIFO blocks until a writer comes
 * (forever, for a run), /dev/null reads as empty and swallows what is appended, a socket cannot be opened at
 * all: each is refused, before it is opened, with one line that says what the path is and which setting or
 * flag chose it.
 */
/** What `st` is in words when it is not a regular file ("a FIFO (named pipe)"), or null for a regular file. */
export declare function nonRegularKind(st: Stats): string | null;
/**
 * `label path (setting) is KIND, not a regular file: fix`, the one line every refusal uses.
 * `setting` is the config key or flag that chose the path; omitted when the caller cannot tell.
 */
export declare function nonRegularMessage(label: string, file: string, kind: string, fix: string, setting?: string): string;
/** What the path (symlinks followed) is when it exists and is not a regular file; null when regular or absent. */
export declare function nonRegularKindSync(file: string): string | null;
/** The same, asynchronously. */
export declare function nonRegularKindOf(file: string): Promise<string | null>;
/**
 * Opens a file for reading, refusing anything that is not a regular file (`refuse` builds the error from what
 * it is). O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer, and the check is
 * made on the opened descriptor, so a path swapped for a FIFO after a stat cannot block either. On a regular
 * file O_NONBLOCK changes nothing.
 */
export declare function openRegularFile(file: string, refuse: (kind: string) => Error): Promise<FileHandle>;
/** Reads a whole file as UTF-8, synchronously, with the same refusal as openRegularFile. */
export declare function readRegularFileSync(file: string, refuse: (kind: string) => Error): string;
