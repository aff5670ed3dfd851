/**
 * Runs `fn`, turning our permanent errors into non-retryable ApplicationFailures that keep the message, and OS
 * errors into one line naming their path and its setting.
 */
export declare function toApplicationFailure<T>(fn: () => Promise<T>): Promise<T>;
