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

/** What an OS error code means for the path it names, in words (the code itself is shown beside it). */
const OS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  // mkdir -p over a path whose parent is a file says EEXIST.
  EEXIST: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'a name in the path is too long',
  ENOENT: 'it does not exist',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'I/O error',
  EFBIG: 'file too large',
  EINVAL: 'invalid argument (a name this file system refuses?)',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

/** What an OS error means, in words; the error's own message for a code without a gloss (or no code). */
export function osReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  if (e?.code === 'EEXIST' && !isPathShapeError(e)) return 'it already exists';
  return (e?.code && OS_REASONS[e.code]) || errorMessage(err);
}

/** Whether an OS error is about the path's shape (a file where a folder should be, a name too long): no chmod fixes it. */
export function isPathShapeError(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException | undefined;
  // EEXIST means a file in the way only from mkdir -p; from link or an exclusive open it is a name already taken.
  if (e?.code === 'EEXIST') return e.syscall === undefined || e.syscall === 'mkdir';
  return e?.code === 'ENOTDIR' || e?.code === 'ENAMETOOLONG' || e?.code === 'EINVAL';
}
