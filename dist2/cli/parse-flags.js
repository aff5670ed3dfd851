import { parseArgs } from 'node:util';
import { UsageError } from '../shared/errors.js';
/** node:util parseArgs in strict mode, with its errors turned into UsageErrors that point at --help. */
export function parseFlags(command, argv, options, allowPositionals = false) {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options, strict: true, allowPositionals });
    }
    catch (err) {
        throw new UsageError(`${err.message.replace(/\. To specify a positional.*$/s, '')}; see ${command} --help`);
    }
    // `--address=` is a typo or an unset shell variable, never "use the default": the default may start a server.
    for (const [name, value] of Object.entries(parsed.values)) {
        if (value === '')
            throw new UsageError(`--${name} is empty: give it a value or leave the flag out`);
    }
    return parsed;
}
/**
 * A subcommand's help: printed on --help (exit 0) or when no subcommand was given (exit 2).
 * Returns the exit code, or null when the command should go on.
 */
export function helpExit(help, sub, text) {
    if (!help && sub)
        return null;
    process.stdout.write(text + '\n');
    return help ? 0 : 2;
}
export function parseNonNegativeInt(flag, value) {
    if (value === undefined)
        return undefined;
    if (!/^\d+$/.test(value))
        throw new UsageError(`${flag} must be a non-negative integer, got "${value}"`);
    const n = Number(value);
    if (!Number.isSafeInteger(n))
        throw new UsageError(`${flag} is too large (at most ${Number.MAX_SAFE_INTEGER})`);
    return n;
}
/** Refuses arguments a command does not take, instead of silently ignoring them. */
export function noExtraArguments(command, extra) {
    if (extra.length) {
        throw new UsageError(`${command} takes no further arguments, got ${extra.map((a) => JSON.stringify(a)).join(' ')}; see ${command} --help`);
    }
}
//# sourceMappingURL=parse-flags.js.map