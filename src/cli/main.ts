import { UsageError, errorMessage } from '../shared/errors.js';
import { printable } from '../shared/printable.js';
import { describeOsError } from '../shared/path-origins.js';

/** Exit codes every command shares: 0 ok, 1 the run failed, 2 usage/config/input error, 3 server lost. */
/** 3: the server went away while a run was open; the run is not lost (it resumes when the server is back). */
export const EXIT = { ok: 0, failed: 1, usage: 2, disconnected: 3 } as const;

/** Runs a command's main; usage errors print one line (no stack unless --verbose) and exit 2. */
export function runMain(name: string, main: (argv: string[]) => Promise<number>): void {
  const argv = process.argv.slice(2);
  const verbose = argv.includes('--verbose');
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (caught: unknown) => {
      // An OS error that escaped its command: one line naming the path and the setting or flag behind it.
      const err = describeOsError(caught) ?? caught;
      if (err instanceof UsageError) {
        process.stderr.write(`${name}: ${printable(err.message, { keepLines: true })}\n`);
        if (verbose) process.stderr.write(((caught as Error).stack ?? err.stack ?? '') + '\n');
        process.exitCode = EXIT.usage;
        return;
      }
      const text = verbose && err instanceof Error ? (err.stack ?? err.message) : errorMessage(err);
      process.stderr.write(`${name}: ${printable(text, { keepLines: true })}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
