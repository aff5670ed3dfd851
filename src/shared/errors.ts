/** A problem a person must fix (bad flag, config, path, dataset); never worth retrying. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The configuration file is wrong: names the file and the key. */
export class ConfigError extends UsageError {
  override name = 'ConfigError';
}

/** The dataset cannot be used as asked (missing, empty, no DPO pairs …). */
export class InvalidDatasetError extends UsageError {
  override name = 'InvalidDatasetError';
}

/** A path in a workflow input or flag points outside the folders the config allows. */
export class PathNotAllowedError extends UsageError {
  override name = 'PathNotAllowedError';
}

/** Error names Temporal must not retry: listed in every retry policy's nonRetryableErrorTypes. */
export const NON_RETRYABLE_ERROR_TYPES = [
  'UsageError',
  'ConfigError',
  'InvalidDatasetError',
  'PathNotAllowedError',
  'TrainerBadInputError',
  'TrainerOutOfMemoryError',
];

/** The innermost message of a failure chain (workflow → activity → application failure): what a person reads. */
export function rootMessage(err: unknown): string {
  let current = err;
  let message = errorMessage(err);
  while (current instanceof Error) {
    if (current.message) message = current.message;
    current = current.cause;
  }
  return message;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
