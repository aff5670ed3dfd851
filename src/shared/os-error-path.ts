/**
 * An OS error from a write or sync on an open handle names no path ("ENOSPC: no space left on device, write"):
 * gives it the file it was for, so the message that reaches the user can name the file and its setting.
 */
export function withPath(err: unknown, file: string): unknown {
  const e = err as NodeJS.ErrnoException | null;
  if (e instanceof Error && typeof e.code === 'string' && e.path === undefined) e.path = file;
  return err;
}
