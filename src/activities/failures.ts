import { ApplicationFailure } from '@temporalio/activity';
import { NON_RETRYABLE_ERROR_TYPES } from '../shared/errors.js';
import { describeOsError } from '../shared/path-origins.js';

/**
 * Runs `fn`, turning our permanent errors into non-retryable ApplicationFailures that keep the message, and OS
 * errors into one line naming their path and its setting.
 */
export async function toApplicationFailure<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (caught) {
    // An OS error names its path and the setting behind it; one of the wrong shape is never retried.
    const err = describeOsError(caught) ?? caught;
    if (err instanceof Error && NON_RETRYABLE_ERROR_TYPES.includes(err.name)) {
      throw ApplicationFailure.create({
        message: err.message,
        type: err.name,
        nonRetryable: true,
        cause: err,
      });
    }
    throw err;
  }
}
