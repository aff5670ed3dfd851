/**
 * An OS error from a write or sync on an open handle names no path ("ENOSPC: no space left on device, write"):
 * gives it the file it was for, so the message that reaches the user can name the file and its setting.
 */
export declare function withPath(err: unknown, file: string): unknown;
