import { statSync } from 'node:fs';
import path from 'node:path';
import { errorMessage, isPathShapeError, osReason, PathNotAllowedError } from './errors.js';

/**
 * Which setting or flag chose each path this process uses, so an OS error from deep inside a command can name it
 * ("cannot mkdir /x/y (learning.training_output_dir): …") without every caller wrapping every call.
 */
const origins = new Map<string, string>();

export function notePathOrigin(p: string, origin: string): void {
  const abs = path.resolve(p);
  // Re-noting moves it last: the most recent claim wins an ambiguous match (a flag over the config it overrides).
  origins.delete(abs);
  origins.set(abs, origin);
}

/** The setting or flag behind `p`: the noted path it lies in (the deepest), else the latest noted path below it. */
export function pathOrigin(p: string): string | undefined {
  const abs = path.resolve(p);
  let inside: [string, string] | undefined;
  let above: string | undefined;
  for (const [known, origin] of origins) {
    if (abs === known || abs.startsWith(known + path.sep)) {
      if (!inside || known.length > inside[0].length) inside = [known, origin];
    } else if (known.startsWith(abs + path.sep)) above = origin;
  }
  return inside?.[1] ?? above;
}

type FsError = NodeJS.ErrnoException & { path: string; code: string };

function isFsError(err: unknown): err is FsError {
  if (!(err instanceof Error)) return false;
  const e = err as Partial<FsError>;
  return typeof e.code === 'string' && typeof e.path === 'string';
}

/**
 * An OS error from node:fs as one line naming the path, the setting or flag that chose it, what the code means
 * and the code. A path of the wrong shape (a file where a folder must be, a name too long) is a usage error
 * (exit 2, never retried: no retry fixes it); other codes stay plain errors. No `cause`: the failure chain's
 * innermost message is what the CLI prints, and that must be this line. Undefined for anything else.
 */
export function describeOsError(err: unknown, origin?: string): Error | undefined {
  if (!isFsError(err)) return undefined;
  const from = origin ?? pathOrigin(err.path);
  const verb = err.syscall ? `cannot ${err.syscall}` : 'cannot use';
  const line = `${verb} ${err.path}${from ? ` (${from})` : ''}: ${osReason(err)} (${err.code})`;
  const out = isPathShapeError(err) ? new PathNotAllowedError(line) : new Error(line);
  return out;
}

/** Longest name most Linux and macOS file systems accept (NAME_MAX), in bytes. */
const NAME_MAX = 255;

/**
 * Refuses a folder path that cannot become a folder: a name longer than NAME_MAX, or a file where the path
 * or one of the folders above it must be. `what` names the setting or flag, e.g. "output dir X (--output-dir)".
 */
export function checkFolderShape(dir: string, what: string, fix = 'pick a folder'): void {
  const long = dir.split(path.sep).find((name) => Buffer.byteLength(name) > NAME_MAX);
  if (long)
    throw new PathNotAllowedError(
      `${what}: the name ${long.slice(0, 24)}… is ${Buffer.byteLength(long)} bytes, more than file systems accept (${NAME_MAX}); pick a shorter name`,
    );
  for (let at = dir; ; at = path.dirname(at)) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        if (at === path.dirname(at)) return;
        continue;
      }
      throw new Error(`${what}: cannot look at ${at}: ${errorMessage(err)}`, { cause: err });
    }
    if (isDir) return;
    throw new PathNotAllowedError(
      at === dir
        ? `${what} is a file, not a folder: ${fix}`
        : `${what}: ${at} is a file, not a folder, so no folder can be made under it; pick another path`,
    );
  }
}
