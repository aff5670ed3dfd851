import { parseArgs, type ParseArgsConfig } from 'node:util';
type ParsedFlags<T extends NonNullable<ParseArgsConfig['options']>> = ReturnType<typeof parseArgs<{
    args: string[];
    options: T;
    strict: true;
    allowPositionals: boolean;
}>>;
/** node:util parseArgs in strict mode, with its errors turned into UsageErrors that point at --help. */
export declare function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T, allowPositionals?: boolean): ParsedFlags<T>;
/**
 * A subcommand's help: printed on --help (exit 0) or when no subcommand was given (exit 2).
 * Returns the exit code, or null when the command should go on.
 */
export declare function helpExit(help: boolean | undefined, sub: string | undefined, text: string): number | null;
export declare function parseNonNegativeInt(flag: string, value: string | undefined): number | undefined;
/** Refuses arguments a command does not take, instead of silently ignoring them. */
export declare function noExtraArguments(command: string, extra: string[]): void;
export {};
