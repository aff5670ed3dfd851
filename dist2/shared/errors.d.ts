/** A problem a person must fix (bad flag, config, path, dataset); never worth retrying. */
export declare class UsageError extends Error {
    name: string;
    constructor(message: string, options?: {
        cause?: unknown;
    });
}
/** The configuration file is wrong: names the file and the key. */
export declare class ConfigError extends UsageError {
    name: string;
}
/** The dataset cannot be used as asked (missing, empty, no DPO pairs …). */
export declare class InvalidDatasetError extends UsageError {
    name: string;
}
/** A path in a workflow input or flag points outside the folders the config allows. */
export declare class PathNotAllowedError extends UsageError {
    name: string;
}
/** Error names Temporal must not retry: listed in every retry policy's nonRetryableErrorTypes. */
export declare const NON_RETRYABLE_ERROR_TYPES: string[];
/** The innermost message of a failure chain (workflow → activity → application failure): what a person reads. */
export declare function rootMessage(err: unknown): string;
export declare function errorMessage(err: unknown): string;
/** What an OS error means, in words; the error's own message for a code without a gloss (or no code). */
export declare function osReason(err: unknown): string;
/** Whether an OS error is about the path's shape (a file where a folder should be, a name too long): no chmod fixes it. */
export declare function isPathShapeError(err: unknown): boolean;
