import { ApplicationFailure } from '@temporalio/activity';
import { NON_RETRYABLE_ERROR_TYPES } from '../shared/errors.js';

/** Runs `fn`, turning our permanent errors into non-retryable ApplicationFailures that keep the message. */
export async function toApplicationFailure<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
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
